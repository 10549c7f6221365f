"""``petavatar ops status``: a stage's health from CloudWatch and SQS, right now.

What is in alarm, how deep the job queue and the dead-letter queues are, and the last
hour's jobs (completed, failed), failure rate, API error rate and job duration p95, from
the stage's EMF metrics (``PetAvatar/<stage>``) and AWS/Lambda. Rates are computed here
from the sums (errors ÷ invocations), as the template's metric-math alarms do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from petavatar.errors import NotFoundError
from petavatar.ops.resources import StageResources

WINDOW = timedelta(hours=1)
SERVICE_DIMENSION = [{"Name": "service", "Value": "petavatar"}]


class QueueDepth(BaseModel):
    name: str
    visible: int
    in_flight: int


class StageStatus(BaseModel):
    """The figures ``ops status`` prints."""

    stage: str
    alarms_in_alarm: list[tuple[str, str]]
    alarms_total: int
    queues: list[QueueDepth]
    jobs_completed: int
    jobs_failed: int
    job_failure_rate: float | None
    api_invocations: int
    api_error_rate: float | None
    job_duration_p95: float | None

    @property
    def healthy(self) -> bool:
        return not self.alarms_in_alarm and all(
            q.visible == 0 for q in self.queues if q.name.endswith("-dlq")
        )


def rate(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when nothing happened."""
    return 100.0 * part / whole if whole > 0 else None


def queue_depths(sqs: Any, res: StageResources) -> list[QueueDepth]:
    """Visible and in-flight messages of the job queue, the upload queue and their DLQs."""
    names = res.names
    depths = []
    for name in (names.queue, names.dlq, names.events_queue, names.events_dlq):
        try:
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except sqs.exceptions.QueueDoesNotExist:
            raise NotFoundError(
                f"stage {res.stage!r} not found: no queue {name} (deploy the stage first)"
            ) from None
        attributes = sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        depths.append(
            QueueDepth(
                name=name,
                visible=int(attributes["ApproximateNumberOfMessages"]),
                in_flight=int(attributes["ApproximateNumberOfMessagesNotVisible"]),
            )
        )
    return depths


def alarms_in_alarm(cloudwatch: Any, res: StageResources) -> tuple[list[tuple[str, str]], int]:
    """(name, reason) of the stage's alarms in ALARM, and how many alarms it has."""
    firing, total = [], 0
    paginator = cloudwatch.get_paginator("describe_alarms")
    for page in paginator.paginate(AlarmNamePrefix=res.prefix):
        for alarm in page.get("MetricAlarms", []) + page.get("CompositeAlarms", []):
            total += 1
            if alarm["StateValue"] == "ALARM":
                firing.append((alarm["AlarmName"], alarm.get("StateReason", "")))
    return firing, total


def _query(query_id: str, namespace: str, metric: str, dims: list[Any], stat: str) -> Any:
    return {
        "Id": query_id,
        "MetricStat": {
            "Metric": {"Namespace": namespace, "MetricName": metric, "Dimensions": dims},
            "Period": int(WINDOW.total_seconds()),
            "Stat": stat,
        },
        "ReturnData": True,
    }


def last_hour(cloudwatch: Any, res: StageResources, now: datetime) -> dict[str, float | None]:
    """Sums (and the p95) of the stage's job and API metrics over the last hour."""
    ns, api = res.metrics_namespace, [{"Name": "FunctionName", "Value": res.functions["api"]}]
    queries = [
        _query("completed", ns, "JobsCompleted", SERVICE_DIMENSION, "Sum"),
        _query("failed", ns, "JobsFailed", SERVICE_DIMENSION, "Sum"),
        _query("p95", ns, "JobDuration", SERVICE_DIMENSION, "p95"),
        _query("api_errors", "AWS/Lambda", "Errors", api, "Sum"),
        _query("api_invocations", "AWS/Lambda", "Invocations", api, "Sum"),
    ]
    answer = cloudwatch.get_metric_data(
        MetricDataQueries=queries, StartTime=now - WINDOW, EndTime=now
    )
    values: dict[str, float | None] = {q["Id"]: None for q in queries}
    for result in answer["MetricDataResults"]:
        numbers = [v for v in result.get("Values", []) if v is not None]
        if numbers:
            values[result["Id"]] = max(numbers) if result["Id"] == "p95" else sum(numbers)
    return values


def stage_status(cloudwatch: Any, sqs: Any, res: StageResources, now: datetime) -> StageStatus:
    """The stage's alarms, queues and last hour of jobs."""
    queues = queue_depths(sqs, res)
    firing, total = alarms_in_alarm(cloudwatch, res)
    hour = last_hour(cloudwatch, res, now)
    completed, failed = int(hour["completed"] or 0), int(hour["failed"] or 0)
    invocations = int(hour["api_invocations"] or 0)
    return StageStatus(
        stage=res.stage,
        alarms_in_alarm=firing,
        alarms_total=total,
        queues=queues,
        jobs_completed=completed,
        jobs_failed=failed,
        job_failure_rate=rate(failed, completed + failed),
        api_invocations=invocations,
        api_error_rate=rate(hour["api_errors"] or 0, invocations),
        job_duration_p95=hour["p95"],
    )


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def render_status(status: StageStatus) -> list[str]:
    """The terminal lines of ``ops status``."""
    p95 = "n/a" if status.job_duration_p95 is None else f"{status.job_duration_p95:.1f} s"
    lines = [
        f"stage {status.stage}: {'healthy' if status.healthy else 'NEEDS ATTENTION'}",
        f"alarms in alarm: {len(status.alarms_in_alarm)} of {status.alarms_total}",
    ]
    lines += [f"  ALARM {name}: {reason}" for name, reason in status.alarms_in_alarm]
    lines.append(f"{'queue':<40} {'visible':>8} {'in flight':>10}")
    lines += [f"{q.name:<40} {q.visible:>8} {q.in_flight:>10}" for q in status.queues]
    lines += [
        f"last hour: {status.jobs_completed} completed, {status.jobs_failed} failed "
        f"(failure rate {_percent(status.job_failure_rate)})",
        f"api: {status.api_invocations} invocations, error rate {_percent(status.api_error_rate)}",
        f"job duration p95: {p95}",
    ]
    return lines
