"""Signed webhook notifications when a job completes or fails.

The body is compact JSON ``{job_id, status, error?}``; the header
``X-PetAvatar-Signature: sha256=<hex>`` carries HMAC-SHA256 of the exact body bytes under the
deployment's webhook secret (a file in the data directory locally, a Secrets Manager
secret on AWS; ``petavatar keys webhook-secret`` prints it), so a receiver can check
that the call came from this service. Delivery is best effort: a failed attempt is
retried with exponential backoff (1 s, 2 s, 4 s by default, slept on the injected clock)
and a final failure is logged, never propagated: a webhook must never fail the job it
reports on. The destination is checked by :class:`WebhookTargets` before every attempt;
redirects are never followed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from petavatar.clock import Clock
from petavatar.errors import InvalidInputError
from petavatar.observability.logs import get_logger, log_error
from petavatar.security.webhook_targets import WebhookTargets

if TYPE_CHECKING:
    import httpx

SIGNATURE_HEADER = "X-PetAvatar-Signature"

_log = get_logger("webhook")


def sign_body(secret: bytes, body: bytes) -> str:
    """The signature header value for ``body``: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_signature(secret: bytes, body: bytes, header_value: str) -> bool:
    """Constant-time check of a received signature header (for receivers and tests)."""
    return hmac.compare_digest(sign_body(secret, body), header_value)


def validate_webhook_url(url: str, targets: WebhookTargets) -> str:
    """An absolute http(s) URL to an allowed address; InvalidInputError (400) otherwise."""
    if len(url) > 2048:
        raise InvalidInputError("webhook_url is too long (at most 2048 characters)")
    targets.check(url)
    return url


class WebhookSender:
    """POSTs signed job notifications with retries; never raises.

    The HTTP client is created, and a ``secret`` given as a loader is loaded, on the first
    notification, so building a sender (as every stack does) costs no httpx import and no
    secret lookup in processes that never send.
    """

    def __init__(
        self,
        secret: bytes | Callable[[], bytes],
        clock: Clock,
        *,
        targets: WebhookTargets,
        client: httpx.Client | None = None,
        retries: int = 3,
        base_delay: float = 1.0,
        timeout: float = 10.0,
    ) -> None:
        self._targets = targets
        self._secret_source = secret
        self._secret: bytes | None = secret if isinstance(secret, bytes) else None
        self._clock = clock
        self._client = client
        self._timeout = timeout
        self._retries = retries
        self._base_delay = base_delay

    def notify(
        self, url: str, *, job_id: str, status: str, error: dict[str, str] | None = None
    ) -> bool:
        """Deliver ``{job_id, status, error?}`` to ``url``; True when a 2xx came back."""
        payload: dict[str, Any] = {"job_id": job_id, "status": status}
        if error is not None:
            payload["error"] = error
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
        try:
            signature = sign_body(self._signing_secret(), body)
        except Exception as exc:  # no secret, no signed call; the job is not failed for it
            log_error(_log, "webhook", exc, job_id=job_id, stage="load_secret", url=url)
            return False
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature,
            "User-Agent": "petavatar-webhook/1",
        }
        attempts = self._retries + 1
        client = self._http()
        for attempt in range(1, attempts + 1):
            retryable = True
            try:
                self._targets.check(url)  # again now: the name may resolve elsewhere today
                response = client.post(url, content=body, headers=headers)
                if 200 <= response.status_code < 300:
                    _log.info(
                        "webhook delivered",
                        operation="webhook",
                        job_id=job_id,
                        attempt=attempt,
                        status_code=response.status_code,
                    )
                    return True
                retryable = response.status_code >= 500 or response.status_code in (408, 429)
                failure: BaseException = RuntimeError(f"HTTP {response.status_code}")
            except InvalidInputError as exc:
                failure, retryable = exc, False
            except Exception as exc:  # transport errors, and never let a webhook break the worker
                failure = exc
            log_error(_log, "webhook", failure, job_id=job_id, attempt=attempt, url=url)
            if not retryable or attempt == attempts:
                break
            self._clock.sleep(self._base_delay * 2 ** (attempt - 1))
        _log.warning("webhook gave up", operation="webhook", job_id=job_id, url=url)
        return False

    def _signing_secret(self) -> bytes:
        if self._secret is None:
            source = self._secret_source
            self._secret = source if isinstance(source, bytes) else source()
        return self._secret

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self._timeout, follow_redirects=False)
        return self._client

    def close(self) -> None:
        """Close the underlying HTTP client (if one was created)."""
        if self._client is not None:
            self._client.close()
