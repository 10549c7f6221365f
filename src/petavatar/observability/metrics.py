"""Prometheus metrics for the job service, on a per-app registry.

Each :class:`Metrics` owns its own :class:`CollectorRegistry` (not the process
global), so two apps in one test process never share counts. Queue depth and
dead-letter depth are gauges read from the queue at scrape time, so they are
always current and cost nothing between scrapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from petavatar.observability.logs import get_logger, log_error

if TYPE_CHECKING:
    from petavatar.providers.pricing import JobCost

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_log = get_logger("metrics")

STEP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
JOB_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)


class _QueueCollector(Collector):
    """Reads queue depth and dead-letter depth when Prometheus scrapes."""

    def __init__(
        self,
        depth: Callable[[], int],
        dead_letters: Callable[[], int],
        in_flight: Callable[[], int],
    ) -> None:
        self._depth = depth
        self._dead_letters = dead_letters
        self._in_flight = in_flight

    def collect(self) -> Iterable[Metric]:
        for name, doc, read in (
            ("petavatar_queue_depth", "Messages waiting in the job queue.", self._depth),
            ("petavatar_queue_in_flight", "Messages received but not deleted.", self._in_flight),
            (
                "petavatar_dead_letter_depth",
                "Messages moved to the dead-letter queue.",
                self._dead_letters,
            ),
        ):
            try:
                value = float(read())
            except Exception as exc:  # a scrape must not fail because the queue is down
                log_error(_log, "collect", exc, metric=name)
                continue
            yield GaugeMetricFamily(name, doc, value=value)


class Metrics:
    """The service's counters, histograms and scrape-time gauges."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.uploads = Counter(
            "petavatar_uploads",
            "Uploads accepted by the S3-style POST endpoint.",
            registry=self.registry,
        )
        self.jobs_processed = Counter(
            "petavatar_jobs_processed",
            "Jobs the worker finished, by outcome (completed, failed, retried).",
            ["outcome"],
            registry=self.registry,
        )
        self.step_duration = Histogram(
            "petavatar_step_duration_seconds",
            "Duration of each pipeline step.",
            ["step"],
            buckets=STEP_BUCKETS,
            registry=self.registry,
        )
        self.job_completion = Histogram(
            "petavatar_job_completion_seconds",
            "Time from job creation to completion.",
            buckets=JOB_BUCKETS,
            registry=self.registry,
        )
        self.job_cost = Counter(
            "petavatar_job_cost_usd",
            "Money spent on model calls by completed jobs (USD), by provider and model.",
            ["provider", "model"],
            registry=self.registry,
        )
        self.unpriced_steps = Counter(
            "petavatar_unpriced_steps",
            "Steps of completed jobs whose model has no price (their cost is unknown).",
            ["provider", "model"],
            registry=self.registry,
        )
        self._queue_collector: _QueueCollector | None = None

    def record_cost(self, cost: JobCost | None) -> None:
        """Add one job's cost, per provider/model; unpriced parts are counted, not zeroed."""
        for line in cost.lines if cost is not None else []:
            labels = {"provider": line.provider, "model": line.model}
            if line.amount is None:
                self.unpriced_steps.labels(**labels).inc()
            else:
                self.job_cost.labels(**labels).inc(line.amount)

    def watch_queue(
        self,
        depth: Callable[[], int],
        dead_letters: Callable[[], int],
        in_flight: Callable[[], int] = lambda: 0,
    ) -> None:
        """Register the scrape-time queue gauges (once per registry)."""
        if self._queue_collector is not None:
            self.registry.unregister(self._queue_collector)
        self._queue_collector = _QueueCollector(depth, dead_letters, in_flight)
        self.registry.register(self._queue_collector)

    def render(self) -> bytes:
        """The Prometheus text exposition of everything in this registry."""
        return generate_latest(self.registry)
