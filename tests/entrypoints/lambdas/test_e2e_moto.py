"""End to end through the Lambda handlers on a moto-provisioned stage, with the real pipeline.

presign (API handler) → a real multipart POST of a photo to the moto S3 endpoint → the S3
notification moto delivers to the upload-events queue, received and handed to the events
handler as Lambda's SQS event source would → the job message, received from the job queue
and handed to the worker handler → status and results through the API handler → the
signed avatar URL downloads a PNG. No ``POST /process``: the upload alone starts the job.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import httpx
import pytest
from PIL import Image
from tests.support import moto
from tests.support.lambda_events import FakeLambdaContext, api_event, sqs_event_from_queue

from petavatar.adapters.aws.naming import stage_names
from petavatar.bootstrap import build_pipeline
from petavatar.config import Settings
from petavatar.entrypoints.lambdas import api, events, worker
from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, configure

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]


@pytest.fixture
def runtime(tmp_path: Path, model_cache_dir: Path) -> Iterator[LambdaRuntime]:
    with moto.provisioned_stage("lam-e2e") as stage:
        settings = Settings(
            backend="aws",
            stage=stage,
            data_dir=tmp_path,
            cache_dir=model_cache_dir,
            aws_receive_wait_seconds=0,
        )
        yield configure(settings, pipeline=build_pipeline(settings), clients=moto.clients())


def call_api(route: str, key: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    raw = api.handler(api_event(route, key, **kwargs), FakeLambdaContext())
    return int(raw["statusCode"]), json.loads(raw["body"])


def test_upload_to_avatar_through_the_handlers(runtime: LambdaRuntime) -> None:
    stack = runtime.stack
    sqs = moto.clients().client("sqs")
    names = stage_names(runtime.settings.stage)
    _, key = stack.keys.create("e2e")

    status, ticket = call_api("presigned_url", key)
    assert status == 200
    job_id = ticket["job_id"]
    assert ticket["upload_url"].startswith(moto.endpoint_url())
    upload = httpx.post(
        ticket["upload_url"],
        data={**ticket["upload_fields"], "Content-Type": "image/jpeg"},
        files={"file": ("my cat.jpg", moto.chelsea_jpeg(), "image/jpeg")},
        timeout=30,
    )
    assert upload.status_code == 204, upload.text
    assert call_api("status", key, job_id=job_id)[0] == 404  # no event handled yet

    notifications = sqs_event_from_queue(
        sqs, sqs.get_queue_url(QueueName=names.events_queue)["QueueUrl"]
    )
    bodies = [json.loads(r["body"]) for r in notifications["Records"]]
    created = [b for b in bodies if "Records" in b]
    assert len(created) == 1, bodies  # and S3's s3:TestEvent, when moto sent one
    encoded = created[0]["Records"][0]["s3"]["object"]["key"]
    assert "+" in encoded  # URL-encoded, as S3 sends keys
    assert unquote_plus(encoded) == f"uploads/{job_id}/my cat.jpg"
    handled = events.handler(notifications, FakeLambdaContext(function_name="events"))
    assert handled == {"batchItemFailures": []}
    assert call_api("status", key, job_id=job_id)[1]["status"] == "queued"

    jobs = sqs_event_from_queue(sqs, stack.queue.queue_url)
    assert [json.loads(r["body"])["job_id"] for r in jobs["Records"]] == [job_id]
    assert worker.handler(jobs, FakeLambdaContext(function_name="worker")) == {
        "batchItemFailures": []
    }

    status, view = call_api("status", key, job_id=job_id)
    assert (status, view["status"], view["progress"]) == (200, "completed", 100)
    status, results = call_api("results", key, job_id=job_id)
    assert status == 200
    assert results["pet_analysis"]["species"] == "cat"
    assert len(results["identity"]["skills"]) >= 5
    avatar = httpx.get(results["avatar_url"], timeout=30)
    assert avatar.status_code == 200
    assert avatar.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(avatar.content)).size[0] >= 1024
