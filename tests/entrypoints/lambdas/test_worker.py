"""The SQS worker handler: jobs run in the handler, partial batch failures, heartbeat, EMF."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from tests.entrypoints.lambdas.conftest import LambdaEnv
from tests.support.fake_pipeline import (
    CallbackPipeline,
    NoPetPipeline,
    TransientPipeline,
)
from tests.support.lambda_events import sqs_event

from petavatar.jobs.pipeline import Pipeline


def _queue_job(env: LambdaEnv) -> str:
    job_id = str(uuid.uuid4())
    key = env.upload(job_id)
    env.api("process", body={"s3_uri": f"s3://{env.stack.blobs.bucket}/{key}"})
    return job_id


def _emf_documents(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]


def test_a_batch_completes_and_writes_emf(
    lambda_env: LambdaEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = [_queue_job(lambda_env) for _ in range(2)]
    capsys.readouterr()
    response = lambda_env.work(lambda_env.queued_event())
    assert response == {"batchItemFailures": []}
    for job_id in jobs:
        results = lambda_env.api("results", job_id=job_id)
        assert results.status == 200
        assert results.body["identity"]["human_name"]
    assert lambda_env.stack.queue.depth() == 0
    documents = _emf_documents(capsys.readouterr().out)
    completed = [v for d in documents for v in d.get("JobsCompleted", [])]
    assert sum(completed) == 2
    steps = {d["step"] for d in documents if "StepDuration" in d}
    assert steps == {"analyze", "map", "render", "write"}
    assert any("JobDuration" in d for d in documents)
    assert all(d["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "PetAvatar" for d in documents)


@pytest.mark.parametrize("pipeline", [TransientPipeline()], ids=["transient"])
def test_a_transient_failure_keeps_the_message(lambda_env: LambdaEnv, pipeline: Pipeline) -> None:
    job_id = _queue_job(lambda_env)
    event = lambda_env.queued_event()
    response = lambda_env.work(event)
    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert lambda_env.stack.jobs.get(job_id).status == "queued"
    assert lambda_env.stack.queue.depth() == 1


@pytest.mark.parametrize("pipeline", [NoPetPipeline()], ids=["no-pet"])
def test_a_permanent_failure_settles_the_message(lambda_env: LambdaEnv, pipeline: Pipeline) -> None:
    job_id = _queue_job(lambda_env)
    assert lambda_env.work(lambda_env.queued_event()) == {"batchItemFailures": []}
    status = lambda_env.api("status", job_id=job_id).body
    assert (status["status"], status["error_code"]) == ("failed", "no_pet_found")
    assert lambda_env.stack.queue.depth() == 0


@pytest.mark.parametrize("pipeline", [TransientPipeline()], ids=["transient"])
def test_the_last_attempt_fails_the_job_and_leaves_the_message_for_the_dlq(
    lambda_env: LambdaEnv, pipeline: Pipeline
) -> None:
    job_id = _queue_job(lambda_env)
    received = lambda_env.stack.queue.receive()[0]
    event = sqs_event(
        {
            "body": received.message.to_json(),
            "receipt_handle": received.receipt_handle,
            "receive_count": "3",
        }
    )
    response = lambda_env.work(event)
    assert len(response["batchItemFailures"]) == 1
    status = lambda_env.api("status", job_id=job_id).body
    assert status["status"] == "failed"
    assert "gave up after 3 attempts" in status["error"]


def test_unreadable_messages_fail_alone(lambda_env: LambdaEnv) -> None:
    job_id = _queue_job(lambda_env)
    event = lambda_env.queued_event()
    garbage = sqs_event({"body": '{"job_id": 1}', "receipt_handle": "stale", "receive_count": "1"})
    event["Records"].append(garbage["Records"][0])
    response = lambda_env.work(event)
    assert response["batchItemFailures"] == [{"itemIdentifier": garbage["Records"][0]["messageId"]}]
    assert lambda_env.stack.jobs.get(job_id).status == "completed"


def test_heartbeat_extends_visibility_while_a_long_job_runs(
    lambda_env: LambdaEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that runs past a third of the visibility timeout extends its message."""
    lambda_env.stack.pipeline = CallbackPipeline(lambda _job: lambda_env.clock.advance(400))
    job_id = _queue_job(lambda_env)
    queue = lambda_env.stack.queue
    extended: list[float] = []
    original = queue.change_visibility

    def spy(receipt_handle: str, timeout: float) -> bool:
        extended.append(timeout)
        return bool(original(receipt_handle, timeout))

    monkeypatch.setattr(queue, "change_visibility", spy)
    assert lambda_env.work(lambda_env.queued_event()) == {"batchItemFailures": []}
    assert extended and extended[0] == queue.visibility_timeout
    assert lambda_env.stack.jobs.get(job_id).status == "completed"


def test_priced_model_calls_become_a_job_cost_metric(
    lambda_env: LambdaEnv, capsys: pytest.CaptureFixture[str]
) -> None:
    from petavatar.domain.models import Usage
    from petavatar.entrypoints.lambdas.worker import publish_job_metrics
    from petavatar.observability.metrics import Metrics
    from petavatar.providers.pricing import CostLine, JobCost

    metrics = Metrics()
    line = CostLine(part="write", provider="openai", model="m", usage=Usage(), amount=0.0125)
    metrics.record_cost(JobCost(total=0.0125, priced_total=0.0125, lines=[line]))
    capsys.readouterr()
    publish_job_metrics(lambda_env.runtime, metrics)
    lambda_env.runtime.metrics.flush_metrics()
    documents = _emf_documents(capsys.readouterr().out)
    assert [d["JobCostUSD"] for d in documents if "JobCostUSD" in d] == [[0.0125]]
