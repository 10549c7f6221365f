"""Property-based API testing from the OpenAPI schema (schemathesis, in-process ASGI).

Every operation is called with generated data and a valid API key; the response
must never be a 5xx, must use a documented status code and content type, and
must match its documented schema. The negative/positive data-acceptance checks
are left out: they flag FastAPI's documented leniencies (a repeated query
parameter keeps its last value) and the S3-style endpoints whose multipart body
and signatures cannot be described in the schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import Env, make_env


def _completed_env() -> Env:
    env = make_env(Path(tempfile.mkdtemp(prefix="petavatar-schemathesis-")))
    ticket = env.presign()  # one completed job, so /results has something real behind it
    env.upload(ticket, tiny_jpeg())
    env.worker.run_once()
    return env


ENV = _completed_env()
schema = schemathesis.openapi.from_asgi("/openapi.json", ENV.client.app)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_and_never_5xx(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    case.call_and_validate(headers={"x-api-key": ENV.api_key}, checks=CHECKS)
