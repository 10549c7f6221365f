"""The job queue (SQS event source) → the same :class:`~petavatar.jobs.worker.Worker` as locally.

Each SQS record becomes a :class:`ReceivedMessage` (body, receipt handle, message id and
``ApproximateReceiveCount``) handed to ``Worker.handle``, which claims the job, runs the
pipeline in this Lambda, stores the results and settles the message. The worker's progress
callback is the visibility heartbeat: it extends the message with ``ChangeMessageVisibility``
every third of the visibility timeout while a job runs.

Partial batch failures (Powertools ``BatchProcessor``, ``ReportBatchItemFailures`` on the
event source mapping): a record counts as processed only when the worker deleted its
message (completed, failed for good, or nothing left to do). Every other record is reported
in ``batchItemFailures`` so SQS keeps it: a transient failure comes back after the backoff
the worker set, and a message the worker gave up on is dead-lettered by the queue's redrive
policy on its next receive. An unreadable body fails too and is dead-lettered the same way.

EMF per job: ``JobsCompleted``/``JobsFailed``/``JobsRetried``, ``JobDuration``,
``StepDuration`` by ``step`` and ``JobCostUSD`` (priced model calls), read from the
worker's own per-job Prometheus metrics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current, process_sqs_batch
from petavatar.errors import InvalidInputError
from petavatar.observability.metrics import Metrics
from petavatar.ports.jobqueue import (
    JobQueue,
    QueueCounts,
    QueueMessage,
    RawMessage,
    ReceivedMessage,
)

if TYPE_CHECKING:
    from petavatar.jobs.pipeline import PersonaPipeline
    from petavatar.jobs.worker import Outcome

OUTCOME_METRICS = {"completed": "JobsCompleted", "failed": "JobsFailed", "retried": "JobsRetried"}


class MessageNotSettledError(Exception):
    """The worker left the message in the queue: report it as a batch item failure."""


class SettlementQueue(JobQueue):
    """The stack's queue for one batch, remembering which receipt handles were deleted."""

    def __init__(self, inner: JobQueue) -> None:
        super().__init__(inner.clock, inner.visibility_timeout, inner.max_receives)
        self.inner = inner
        self.deleted: set[str] = set()

    def delete(self, receipt_handle: str) -> bool:
        deleted = self.inner.delete(receipt_handle)
        self.deleted.add(receipt_handle)
        return deleted

    def send(self, message: QueueMessage) -> str:
        return self.inner.send(message)

    def change_visibility(self, receipt_handle: str, timeout: float) -> bool:
        return self.inner.change_visibility(receipt_handle, timeout)

    def _append(self, body: str, now: float) -> str:
        return self.inner._append(body, now)

    def _claim_visible(
        self, now: float, limit: int, visibility_timeout: float, max_receives: int
    ) -> tuple[list[RawMessage], int]:
        return self.inner._claim_visible(now, limit, visibility_timeout, max_receives)

    def _delete(self, receipt_handle: str) -> bool:
        return self.inner._delete(receipt_handle)

    def _set_visibility(self, receipt_handle: str, now: float, timeout: float) -> bool:
        return self.inner._set_visibility(receipt_handle, now, timeout)

    def _counts(self, now: float) -> QueueCounts:
        return self.inner._counts(now)

    def _dead_letters(self, limit: int) -> list[str]:
        return self.inner._dead_letters(limit)

    def _redrive(self, now: float, limit: int) -> list[str]:
        return self.inner._redrive(now, limit)

    def _ping(self) -> None:
        self.inner._ping()


def received_message(record: SQSRecord) -> ReceivedMessage:
    """The port's view of one SQS record (InvalidInputError for an unreadable body)."""
    return ReceivedMessage(
        message=QueueMessage.from_json(record.body),
        receipt_handle=record.receipt_handle,
        receive_count=int(record.attributes.approximate_receive_count or 1),
        message_id=record.message_id,
    )


def _pipeline(runtime: LambdaRuntime) -> PersonaPipeline:
    """The stack's job pipeline, built on first use (the offline model loads once per
    environment; with ``orchestrator=agent`` the agent runtime runs the steps instead)."""
    if runtime.stack.pipeline is None:
        from petavatar.bootstrap import build_job_pipeline

        runtime.stack.pipeline = build_job_pipeline(runtime.settings, runtime.stack.clock)
    return runtime.stack.pipeline


def publish_job_metrics(runtime: LambdaRuntime, metrics: Metrics) -> None:
    """Copy one job's Prometheus samples into EMF (each histogram holds one observation)."""
    registry = metrics.registry
    for outcome, name in OUTCOME_METRICS.items():
        count = registry.get_sample_value("petavatar_jobs_processed_total", {"outcome": outcome})
        if count:
            runtime.count(name, count)
    if registry.get_sample_value("petavatar_job_completion_seconds_count"):
        duration = registry.get_sample_value("petavatar_job_completion_seconds_sum") or 0.0
        runtime.seconds("JobDuration", duration)
    cost: float | None = None
    for family in registry.collect():
        for sample in family.samples:
            if sample.name == "petavatar_step_duration_seconds_sum":
                runtime.seconds("StepDuration", sample.value, step=sample.labels["step"])
            elif sample.name == "petavatar_job_cost_usd_total":
                cost = (cost or 0.0) + sample.value
    if cost is not None:
        runtime.metrics.add_metric(name="JobCostUSD", unit=MetricUnit.NoUnit, value=cost)


def handle_record(runtime: LambdaRuntime, queue: SettlementQueue, record: SQSRecord) -> str:
    """Process one record; raises when its message must stay in the queue."""
    try:
        received = received_message(record)
    except InvalidInputError as exc:
        runtime.logger.error("unreadable job message", message_id=record.message_id, error=str(exc))
        raise
    runtime.correlate(received.message.job_id)
    metrics = Metrics()
    worker = runtime.stack.worker(_pipeline(runtime))
    worker.queue, worker.metrics = queue, metrics
    outcome: Outcome = worker.handle(received)
    publish_job_metrics(runtime, metrics)
    runtime.logger.info(
        "job message handled",
        result=outcome.result,
        error_code=outcome.error_code,
        receive_count=received.receive_count,
    )
    if received.receipt_handle not in queue.deleted:
        raise MessageNotSettledError(f"job {outcome.job_id}: {outcome.result}; message kept")
    return outcome.result


def handle_batch(runtime: LambdaRuntime, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Every record of an SQS event; the ``batchItemFailures`` response."""
    queue = SettlementQueue(runtime.stack.queue)

    def record_handler(record: SQSRecord) -> str:
        return handle_record(runtime, queue, record)

    return process_sqs_batch(event, context, record_handler)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.worker.handler``)."""
    runtime = current()
    with runtime.invocation(context, "worker"):
        return handle_batch(runtime, event, context)
