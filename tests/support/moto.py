"""One in-process moto server for the test session, and clients bound to it.

The server (``ThreadedMotoServer`` on a free port) starts on first use and stops at exit.
Every test makes its own uniquely named buckets, tables and queues on it.

Time travel: moto's SQS reads the wall clock for visibility timeouts, receive counts and
retention. Because the server runs in this process, :func:`follow_clock` can point that
clock (``moto.sqs.models.unix_time[_millis]``) at a test's :class:`ManualClock`, so the
queue contract's "advance past the visibility timeout" tests run on SQS too;
:func:`real_time` undoes it. What stays real time: S3 presigned URL and POST expiry (boto3
signs with the wall clock, and moto checks neither), DynamoDB (moto never expires TTL
items; the job store hides them by the injected clock, which is what the contract tests).
Against real AWS none of this time travel is possible: those tests need real waiting.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import moto.sqs.models as moto_sqs
from moto.core.utils import unix_time as _real_unix_time
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from petavatar.adapters.aws.session import AwsClients
from petavatar.clock import Clock

REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"


class SerialMotoServer(ThreadedMotoServer):
    """A ThreadedMotoServer that handles one request at a time.

    moto's DynamoDB checks a ConditionExpression and writes the item without a lock, so two
    concurrent conditional writes can both succeed on a threaded server; DynamoDB makes
    them atomic. Serialising requests gives the tests DynamoDB's guarantee back. (SQS long
    polls would hold the lock: tests receive with ``WaitTimeSeconds=0``.)
    """

    def _server_entry(self) -> None:
        backend = DomainDispatcherApplication(create_backend_app)
        serial = threading.Lock()

        def app(environ: Any, start_response: Any) -> Any:
            with serial:
                return list(backend(environ, start_response))

        self._server = make_server(
            self._ip_address, self._port, app, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()


_lock = threading.Lock()
_server: ThreadedMotoServer | None = None
_url: str | None = None


def endpoint_url() -> str:
    """The URL of the session's moto server (started on first call)."""
    global _server, _url
    with _lock:
        if _url is None:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request
            server = SerialMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            host, port = server.get_host_and_port()
            _server, _url = server, f"http://{host}:{port}"
            atexit.register(server.stop)
        return _url


def moto_env() -> dict[str, str]:
    """Environment variables that point boto3 (in a subprocess) at the moto server."""
    return {
        "AWS_ENDPOINT_URL": endpoint_url(),
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def clients() -> AwsClients:
    """boto3 clients on the moto server with the test credentials (no environment needed)."""
    session = boto3.session.Session(
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )
    return AwsClients(endpoint_url=endpoint_url(), session=session)


def unique(prefix: str) -> str:
    """A fresh resource name (lowercase, S3-safe)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def follow_clock(clock: Clock) -> None:
    """Make moto's SQS read ``clock`` instead of the wall clock.

    Each read adds one microsecond, as a real clock moves on between two requests: moto
    treats a message as visible only once ``now > visible_at``, so a clock frozen at
    exactly ``visible_at`` would keep it hidden forever.
    """
    ticks = itertools.count(1)

    def unix_time(dt: Any = None) -> float:
        return clock.now() + next(ticks) * 1e-6 if dt is None else _real_unix_time(dt)

    def unix_time_millis(dt: Any = None) -> float:
        return unix_time(dt) * 1000.0

    _set_time(unix_time, unix_time_millis)


def real_time() -> None:
    """Undo :func:`follow_clock`."""
    _set_time(_real_unix_time, lambda dt=None: _real_unix_time(dt) * 1000.0)


def _set_time(unix_time: Callable[..., float], unix_time_millis: Callable[..., float]) -> None:
    moto_sqs.unix_time = unix_time  # type: ignore[assignment]
    moto_sqs.unix_time_millis = unix_time_millis  # type: ignore[assignment]
