"""What every Lambda handler shares: one stack per execution environment, logs and EMF metrics.

The stack is built on the first invocation (``configure`` lets tests and the bench build
it over their own settings, clock and pipeline) and reused while the environment is warm.
Powertools' Logger writes JSON lines whose ``correlation_id`` is the job id being worked
on; Powertools' Metrics writes CloudWatch Embedded Metric Format, flushed at the end of
every invocation. Powertools' own ``POWERTOOLS_*`` variables are honoured by Powertools.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics as EmfMetrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from petavatar.bootstrap import Stack, build_stack
from petavatar.clock import Clock
from petavatar.config import Settings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from petavatar.adapters.aws.session import AwsClients
    from petavatar.jobs.pipeline import Pipeline

SERVICE_NAME = "petavatar"


@dataclass(eq=False)
class LambdaRuntime:
    """The stack plus the Powertools logger and metrics of one execution environment."""

    settings: Settings
    stack: Stack
    logger: Logger
    metrics: EmfMetrics
    cold_start: bool = True

    @contextmanager
    def invocation(self, context: Any, handler: str) -> Iterator[None]:
        """One invocation: request id and cold start on every log line, metrics flushed after."""
        self.logger.append_keys(
            handler=handler,
            cold_start=self.cold_start,
            function_request_id=getattr(context, "aws_request_id", None),
        )
        self.cold_start = False
        try:
            yield
        finally:
            self.logger.set_correlation_id(None)
            if self.metrics.metric_set:
                self.metrics.flush_metrics()

    def correlate(self, job_id: str | None) -> None:
        """Make ``job_id`` the correlation id of the following log lines."""
        self.logger.set_correlation_id(job_id)

    def count(self, name: str, value: float = 1) -> None:
        """Add ``value`` to the EMF count ``name`` of this invocation."""
        self.metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)

    def seconds(self, name: str, value: float, **dimensions: str) -> None:
        """One EMF duration in seconds; with dimensions it is written as its own document."""
        if not dimensions:
            self.metrics.add_metric(name=name, unit=MetricUnit.Seconds, value=value)
            return
        with single_metric(
            name=name,
            unit=MetricUnit.Seconds,
            value=value,
            namespace=self.settings.metrics_namespace,
            default_dimensions={"service": SERVICE_NAME, **dimensions},
        ):
            pass

    def counts(self, values: Mapping[str, float]) -> None:
        """Several EMF counts at once."""
        for name, value in values.items():
            self.count(name, value)


def process_sqs_batch(
    event: dict[str, Any], context: Any, record_handler: Callable[[SQSRecord], object]
) -> dict[str, Any]:
    """Run ``record_handler`` on each record of an SQS event; the partial-failure response.

    A record whose handler raises is listed in ``batchItemFailures`` (the event source
    mapping has ``ReportBatchItemFailures``), even when every record of the batch failed:
    that is a normal retry, not an error of the function.
    """
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return dict(response)


_current: list[LambdaRuntime] = []


def configure(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    pipeline: Pipeline | None = None,
    clients: AwsClients | None = None,
) -> LambdaRuntime:
    """Build (or rebuild) the runtime every handler of this process uses.

    In Lambda everything comes from the environment; tests and the bench pass their own
    settings, clock, pipeline and boto3 clients.
    """
    settings = settings or Settings()
    stack = build_stack(settings, clock, pipeline, clients=clients)
    logger = Logger(service=SERVICE_NAME, level=settings.log_level.upper())
    metrics = EmfMetrics(namespace=settings.metrics_namespace, service=SERVICE_NAME)
    runtime = LambdaRuntime(settings=settings, stack=stack, logger=logger, metrics=metrics)
    _current[:] = [runtime]
    return runtime


def current() -> LambdaRuntime:
    """The runtime of this execution environment, built from the environment on first use."""
    return _current[0] if _current else configure()
