"""The API handler with HTTP API (payload 2.0) events: routes, auth, errors, views."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from tests.entrypoints.lambdas.conftest import LambdaEnv
from tests.support.fake_pipeline import FakePipeline
from tests.support.lambda_events import FakeLambdaContext, api_event
from tests.support.stack import make_env

from petavatar.entrypoints.lambdas import api
from petavatar.jobs.keys import ticket_key


def test_presigned_url_returns_an_upload_ticket(lambda_env: LambdaEnv) -> None:
    response = lambda_env.api("presigned_url", query={"species": "cat", "pet_name": "Mochi"})
    assert response.status == 200
    ticket = response.body
    job_id = ticket["job_id"]
    assert ticket["expires_in"] == 900
    assert ticket["key_prefix"] == f"uploads/{job_id}/"
    assert ticket["upload_fields"]["key"].startswith(f"uploads/{job_id}/")
    assert set(ticket["content_types"]) == {"image/jpeg", "image/png", "image/heic"}
    stored = json.loads(lambda_env.stack.blobs.get_bytes(ticket_key(job_id)))
    assert stored["hints"]["pet_name"] == "Mochi"
    assert stored["owner"] == lambda_env.stack.keys.verify(lambda_env.api_key)


@pytest.mark.parametrize("key", [None, "pa_nope_wrong"])
@pytest.mark.parametrize("route", ["presigned_url", "status", "results", "process"])
def test_every_route_needs_a_valid_key(lambda_env: LambdaEnv, route: str, key: str | None) -> None:
    response = lambda_env.api(route, key=key, job_id=str(uuid.uuid4()), body={"s3_uri": "x"})
    assert response.status == 401
    assert response.body["error"] == "unauthorized"
    assert response.body["message"]
    assert response.headers["WWW-Authenticate"] == "ApiKey"


def test_status_and_results_of_unknown_and_malformed_jobs(lambda_env: LambdaEnv) -> None:
    unknown = str(uuid.uuid4())
    for route in ("status", "results"):
        missing = lambda_env.api(route, job_id=unknown)
        assert (missing.status, missing.body["error"]) == (404, "not_found")
        malformed = lambda_env.api(route, job_id="NOT-A-UUID")
        assert (malformed.status, malformed.body["error"]) == (400, "bad_request")


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (None, 400, "bad_request"),
        ("{not json", 400, "bad_request"),
        ({"s3_uri": "http://elsewhere/x.jpg"}, 400, "bad_request"),
        ({"s3_uri": "s3://x/y", "extra": 1}, 400, "bad_request"),
        ({"s3_uri": "s3://BUCKET/uploads/not-a-job/image.jpg"}, 400, "bad_request"),
        ({"s3_uri": "s3://BUCKET/uploads/JOB/image.jpg"}, 404, "not_found"),
    ],
)
def test_process_rejects_what_the_local_app_rejects(
    lambda_env: LambdaEnv, body: object, status: int, error: str
) -> None:
    if isinstance(body, dict):
        bucket = lambda_env.stack.blobs.bucket
        body = {
            k: str(v).replace("BUCKET", bucket).replace("JOB", str(uuid.uuid4()))
            if k == "s3_uri"
            else v
            for k, v in body.items()
        }
    response = lambda_env.api("process", body=body)
    assert (response.status, response.body["error"]) == (status, error), response.body
    assert response.body["message"]


def test_process_queues_once_and_status_follows(lambda_env: LambdaEnv) -> None:
    job_id = str(uuid.uuid4())
    key = lambda_env.upload(job_id)
    uri = f"s3://{lambda_env.stack.blobs.bucket}/{key}"
    first = lambda_env.api("process", body={"s3_uri": uri})
    assert first.status == 202
    assert first.body == {"job_id": job_id, "status": "queued", "message": first.body["message"]}
    again = lambda_env.api("process", body={"s3_uri": uri})
    assert (again.status, again.body["status"]) == (202, "queued")
    assert lambda_env.stack.queue.depth() == 1
    status = lambda_env.api("status", job_id=job_id)
    assert status.status == 200
    assert (status.body["status"], status.body["progress"]) == ("queued", 0)
    early = lambda_env.api("results", job_id=job_id)
    assert (early.status, early.body["error"]) == (409, "conflict")


def test_unknown_routes_and_unexpected_errors(
    lambda_env: LambdaEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = api_event("status", lambda_env.api_key, job_id=str(uuid.uuid4()))
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/nowhere"
    raw = api.handler(event, FakeLambdaContext())
    assert raw["statusCode"] == 404
    assert json.loads(raw["body"])["error"] == "not_found"

    def explode(job_id: str) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(lambda_env.stack.service, "get_status", explode)
    broken = lambda_env.api("status", job_id=str(uuid.uuid4()))
    assert broken.status == 500
    assert broken.body == {
        "error": "internal_error",
        "message": "internal server error; please retry",
    }


def test_same_answers_as_the_local_fastapi_app(tmp_path: Path) -> None:
    """Parity: one request set, answered by the FastAPI app and by the Lambda handler.

    Messages may differ in wording where FastAPI validates a path parameter itself.
    """
    from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, configure

    env = make_env(tmp_path, pipeline=FakePipeline())
    runtime: LambdaRuntime = configure(env.stack.settings, clock=env.clock)
    runtime.stack = env.stack
    unknown, bucket = str(uuid.uuid4()), env.stack.settings.bucket
    cases = [
        ("status", {"job_id": unknown}, None),
        ("status", {"job_id": "nope"}, None),
        ("results", {"job_id": unknown}, None),
        ("process", {"body": {"s3_uri": f"s3://{bucket}/uploads/{unknown}/a.jpg"}}, None),
        ("process", {"body": {"s3_uri": "s3://other/uploads/x/a.jpg"}}, None),
        ("status", {"job_id": unknown}, "pa_wrong"),
    ]
    for route, kwargs, key in cases:
        event = api_event(route, key or env.api_key, **kwargs)
        raw = api.handler(event, FakeLambdaContext())
        method = event["requestContext"]["http"]["method"]
        headers = {"x-api-key": key or env.api_key, "content-type": "application/json"}
        local = env.client.request(
            method, event["rawPath"], headers=headers, content=event.get("body")
        )
        assert raw["statusCode"] == local.status_code, (route, kwargs, local.text)
        body = json.loads(raw["body"])
        assert set(body) == set(local.json()) == {"error", "message"}
        assert body["error"] == local.json()["error"], (route, kwargs)


def test_the_handler_module_imports_no_heavy_dependency() -> None:
    probe = (
        "import sys, petavatar.entrypoints.lambdas.api\n"
        "heavy = ('fastapi', 'starlette', 'numpy', 'PIL', 'onnxruntime', 'onnx', 'httpx')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_base64_bodies_stage_prefixes_and_wrong_methods(lambda_env: LambdaEnv) -> None:
    import base64

    event = api_event("process", lambda_env.api_key, body={"s3_uri": "nope"})
    event["body"] = base64.b64encode(event["body"].encode()).decode()
    event["isBase64Encoded"] = True
    event["requestContext"]["stage"] = "v1"
    event["rawPath"] = "/v1/process"
    raw = api.handler(event, FakeLambdaContext())
    assert raw["statusCode"] == 400
    assert "malformed s3_uri 'nope'" in json.loads(raw["body"])["message"]
    event = api_event("status", lambda_env.api_key, job_id=str(uuid.uuid4()))
    event["requestContext"]["http"]["method"] = "DELETE"
    raw = api.handler(event, FakeLambdaContext())
    assert (raw["statusCode"], raw["headers"]["Allow"]) == (405, "GET")
    assert json.loads(raw["body"])["error"] == "method_not_allowed"
