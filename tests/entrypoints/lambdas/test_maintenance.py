"""The scheduled maintenance handler with an EventBridge schedule event."""

from __future__ import annotations

import json
import uuid

import pytest
from tests.entrypoints.lambdas.conftest import LambdaEnv


def test_schedule_sweeps_expired_jobs_and_their_files(
    lambda_env: LambdaEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    old = str(uuid.uuid4())
    key = lambda_env.upload(old)
    lambda_env.on_event(lambda_env.s3_event(key))
    lambda_env.clock.advance(lambda_env.runtime.settings.job_ttl_seconds + 60)
    fresh = str(uuid.uuid4())
    lambda_env.on_event(lambda_env.s3_event(lambda_env.upload(fresh)))
    capsys.readouterr()

    report = lambda_env.maintain()

    assert report["expired_removed"] == 1
    assert lambda_env.stack.jobs.find(old) is None
    assert lambda_env.stack.blobs.list_keys(f"uploads/{old}/") == []
    assert lambda_env.stack.jobs.find(fresh) is not None
    out = capsys.readouterr().out
    metrics = [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]
    assert [m["JobsExpired"] for m in metrics] == [[1.0]]


def test_schedule_fails_a_dead_lettered_job_with_a_reason(lambda_env: LambdaEnv) -> None:
    job_id = str(uuid.uuid4())
    lambda_env.on_event(lambda_env.s3_event(lambda_env.upload(job_id)))
    queue = lambda_env.stack.queue
    for _ in range(queue.max_receives):  # delivered and never settled, as after crashes
        [received] = queue.receive()
        queue.change_visibility(received.receipt_handle, 0)
    lambda_env.stack.jobs.claim(job_id, "crashed-worker")
    moved_to_dlq = queue.receive()  # the next receive dead-letters it (redrive policy)
    assert moved_to_dlq == [] and queue.dead_letter_depth() == 1

    report = lambda_env.maintain()

    assert report["dead_lettered_failed"] == 1
    status = lambda_env.api("status", job_id=job_id).body
    assert status["status"] == "failed"
    assert "dead-letter" in status["error"]
