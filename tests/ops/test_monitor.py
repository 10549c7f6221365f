"""ops status against the template deployed to moto: alarms, queues and last hour's jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from petavatar.errors import NotFoundError
from petavatar.ops.monitor import rate, render_status, stage_status
from petavatar.ops.resources import ALARM_SUFFIXES, stage_resources
from tests.support.deployed import MOTO_STACK_MARKS, DeployedStage

pytestmark = MOTO_STACK_MARKS


def test_template_alarms_are_the_ones_ops_knows(deployed: DeployedStage) -> None:
    declared = {
        r["Properties"]["AlarmName"]["Fn::Sub"].removeprefix("petavatar-${Stage}-")
        for r in deployed.template["Resources"].values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
    }
    assert declared == set(ALARM_SUFFIXES)


def test_rate_is_a_percentage_or_none() -> None:
    assert rate(1, 20) == 5.0
    assert rate(0, 0) is None


def test_status_reads_alarms_queues_and_the_last_hour(deployed: DeployedStage) -> None:
    clients, now = deployed.clients, datetime.now(UTC)
    res = stage_resources("test", deployed.account)
    cloudwatch, sqs = clients.client("cloudwatch"), clients.client("sqs")
    when = now - timedelta(minutes=10)
    service = [{"Name": "service", "Value": "petavatar"}]
    api = [{"Name": "FunctionName", "Value": res.functions["api"]}]
    cloudwatch.put_metric_data(
        Namespace=res.metrics_namespace,
        MetricData=[
            {"MetricName": "JobsCompleted", "Dimensions": service, "Value": 19, "Timestamp": when},
            {"MetricName": "JobsFailed", "Dimensions": service, "Value": 1, "Timestamp": when},
        ],
    )
    cloudwatch.put_metric_data(
        Namespace="AWS/Lambda",
        MetricData=[
            {"MetricName": "Errors", "Dimensions": api, "Value": 3, "Timestamp": when},
            {"MetricName": "Invocations", "Dimensions": api, "Value": 100, "Timestamp": when},
        ],
    )
    dlq = sqs.get_queue_url(QueueName=res.names.dlq)["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody='{"job_id": "x"}')
    cloudwatch.set_alarm_state(
        AlarmName=f"{res.prefix}dlq-depth", StateValue="ALARM", StateReason="1 message in DLQ"
    )

    status = stage_status(cloudwatch, sqs, res, now)

    assert status.alarms_in_alarm == [(f"{res.prefix}dlq-depth", "1 message in DLQ")]
    assert status.alarms_total == len(ALARM_SUFFIXES)
    depths = {q.name: q.visible for q in status.queues}
    assert depths == {
        res.names.queue: 0,
        res.names.dlq: 1,
        res.names.events_queue: 0,
        res.names.events_dlq: 0,
    }
    assert (status.jobs_completed, status.jobs_failed) == (19, 1)
    assert status.job_failure_rate == pytest.approx(5.0)
    assert (status.api_invocations, status.api_error_rate) == (100, pytest.approx(3.0))
    assert status.job_duration_p95 is None  # moto computes no percentiles
    assert not status.healthy
    text = "\n".join(render_status(status))
    assert "NEEDS ATTENTION" in text and "failure rate 5.0 %" in text


def test_an_unknown_stage_is_not_found(deployed: DeployedStage) -> None:
    clients = deployed.clients
    res = stage_resources("prod", deployed.account)
    with pytest.raises(NotFoundError, match="stage 'prod' not found"):
        stage_status(clients.client("cloudwatch"), clients.client("sqs"), res, datetime.now(UTC))
