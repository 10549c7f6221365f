"""The S3 events handler: notifications straight from S3 and through the upload-events queue."""

from __future__ import annotations

import json
import uuid

import pytest
from tests.entrypoints.lambdas.conftest import LambdaEnv
from tests.support.lambda_events import load_event, sqs_event

from petavatar.jobs.keys import original_key


def _emf(capsys: pytest.CaptureFixture[str], name: str) -> list[float]:
    values: list[float] = []
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            document = json.loads(line)
            values.extend(document.get(name, []))
    return values


def test_url_encoded_upload_key_starts_its_job(
    lambda_env: LambdaEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = str(uuid.uuid4())
    key = lambda_env.upload(job_id, "my cat é.jpg")
    event = lambda_env.s3_event(key)
    assert "my+cat+%C3%A9.jpg" in event["Records"][0]["s3"]["object"]["key"]
    assert lambda_env.on_event(event) == {"handled": 1}
    assert lambda_env.stack.jobs.get(job_id).s3_upload_key == original_key(job_id, "image/jpeg")
    assert lambda_env.stack.queue.depth() == 1
    assert _emf(capsys, "Uploads") == [1.0]
    again = lambda_env.on_event(event)  # S3 delivers at least once
    assert again == {"handled": 1}
    assert lambda_env.stack.queue.depth() == 1


def test_test_event_other_buckets_and_other_keys_are_ignored(lambda_env: LambdaEnv) -> None:
    bucket = lambda_env.stack.blobs.bucket
    assert lambda_env.on_event(load_event("s3_test_event", bucket=bucket)) == {"handled": 0}
    job_id = str(uuid.uuid4())
    key = lambda_env.upload(job_id)
    assert lambda_env.on_event(lambda_env.s3_event(key, bucket="someone-else")) == {"handled": 0}
    lambda_env.stack.blobs.put_bytes("notes/readme.txt", b"hi", "text/plain")
    assert lambda_env.on_event(lambda_env.s3_event("notes/readme.txt")) == {"handled": 1}
    assert lambda_env.stack.jobs.find(job_id) is None
    assert lambda_env.stack.queue.depth() == 0


def test_a_bad_upload_becomes_a_failed_job_that_says_why(lambda_env: LambdaEnv) -> None:
    job_id = str(uuid.uuid4())
    key = lambda_env.upload(job_id, data=b"definitely not an image")
    lambda_env.on_event(lambda_env.s3_event(key))
    status = lambda_env.api("status", job_id=job_id)
    assert status.body["status"] == "failed"
    assert status.body["error_code"] == "unsupported_image"


def test_queue_batch_reports_only_the_failed_records(lambda_env: LambdaEnv) -> None:
    good = lambda_env.upload(str(uuid.uuid4()))
    missing = f"uploads/{uuid.uuid4()}/image.jpg"  # notified, but not in the bucket
    event = sqs_event(
        {
            "body": json.dumps(lambda_env.s3_event(good)),
            "receipt_handle": "r-good",
            "receive_count": "1",
        },
        {
            "body": json.dumps(lambda_env.s3_event(missing)),
            "receipt_handle": "r-missing",
            "receive_count": "1",
        },
        {"body": "not json at all", "receipt_handle": "r-garbage", "receive_count": "1"},
        {
            "body": json.dumps(load_event("s3_test_event", bucket="b")),
            "receipt_handle": "r-test",
            "receive_count": "1",
        },
    )
    ids = [r["messageId"] for r in event["Records"]]
    response = lambda_env.on_event(event)
    failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
    assert failed == {ids[1], ids[2]}
    assert lambda_env.stack.queue.depth() == 1
