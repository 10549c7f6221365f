"""The scheduled maintenance handler with an EventBridge schedule event."""

from __future__ import annotations

import json
import uuid

import pytest
from tests.entrypoints.lambdas.conftest import LambdaEnv

from petavatar.entrypoints.lambdas.maintenance import Reconciler


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
    assert [m["MaintenanceExpiredRemoved"] for m in metrics] == [[1.0]]
    service = lambda_env.stack.service
    assert report["reconciled"] is isinstance(service, Reconciler)
