"""boto3 clients for the AWS adapters, configured in one place.

The endpoint and region come from boto3's own configuration chain, so the standard
variables work as their users expect: ``AWS_ENDPOINT_URL`` (or
``AWS_ENDPOINT_URL_<SERVICE>``) points every client at a moto server or LocalStack,
``AWS_DEFAULT_REGION`` picks the region, and credentials come from the usual chain.
An explicit ``endpoint_url`` (tests) overrides them.
"""

from __future__ import annotations

from typing import Any, Final

import boto3
from botocore.config import Config

DEFAULT_REGION: Final = "us-east-1"
_TIMEOUTS: Final = {"connect_timeout": 5, "read_timeout": 30}


def client_config(service: str) -> Config:
    """Standard retries and timeouts; S3 signs with SigV4 (required for presigned POST)."""
    options: dict[str, Any] = {"retries": {"mode": "standard", "max_attempts": 3}, **_TIMEOUTS}
    if service == "s3":
        options["signature_version"] = "s3v4"
    return Config(**options)


class AwsClients:
    """Creates (and keeps) one boto3 client per service from one session.

    boto3 clients are thread-safe; a session is not, so clients are created up front by
    the composition root or under the caller's control, never lazily from worker threads.
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        session: boto3.session.Session | None = None,
    ) -> None:
        self.session = session or boto3.session.Session(region_name=region)
        self.endpoint_url = endpoint_url
        self._clients: dict[str, Any] = {}

    @property
    def region(self) -> str:
        """The region in use (boto3's chain, falling back to us-east-1)."""
        return str(self.session.region_name or DEFAULT_REGION)

    def client(self, service: str) -> Any:
        """The client for ``service`` (``s3``, ``dynamodb``, ``sqs``, ``secretsmanager``…)."""
        if service not in self._clients:
            kwargs: dict[str, Any] = {"config": client_config(service), "region_name": self.region}
            if self.endpoint_url:
                kwargs["endpoint_url"] = self.endpoint_url
            session: Any = self.session  # any service name, not only the stubs' literals
            self._clients[service] = session.client(service, **kwargs)
        return self._clients[service]
