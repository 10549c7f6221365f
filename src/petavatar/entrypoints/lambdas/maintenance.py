"""The scheduled maintenance run (an EventBridge schedule): reconcile, then retention.

* ``Reconciler.run`` (``jobs/reconcile.py``, the same pass ``petavatar serve`` runs and
  ``petavatar jobs reconcile`` offers): a job whose message was dead-lettered is failed
  with a message that says so and how to redrive it; a job whose message was lost is
  queued again once, then failed if it still makes no progress.
* ``JobService.sweep_expired`` deletes jobs past their 7-day TTL and their blobs
  (DynamoDB's TTL deletion and the buckets' lifecycle rules lag by up to days; this
  keeps the promise exact).

Returns, and counts in EMF, what was done: ``dead_lettered_failed``, ``requeued``,
``lost_failed`` and ``expired_removed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current

METRICS = {
    "dead_lettered_failed": "JobsDeadLettered",
    "requeued": "JobsRequeued",
    "lost_failed": "JobsLost",
    "expired_removed": "JobsExpired",
}


def run_maintenance(runtime: LambdaRuntime, event: Mapping[str, Any]) -> dict[str, int]:
    """Reconcile and sweep up to ``settings.maintenance_batch`` jobs each."""
    limit = runtime.settings.maintenance_batch
    runtime.logger.info(
        "maintenance started", source=event.get("source"), schedule=event.get("resources")
    )
    reconciled = runtime.stack.reconciler.run(limit)
    report = {
        "dead_lettered_failed": len(reconciled.dead_lettered_failed),
        "requeued": len(reconciled.requeued),
        "lost_failed": len(reconciled.lost_failed),
        "expired_removed": runtime.stack.service.sweep_expired(limit),
    }
    for key, value in report.items():
        runtime.count(METRICS[key], value)
    runtime.logger.info(
        "maintenance finished", extra={"report": report, "jobs": reconciled.model_dump()}
    )
    return report


def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.maintenance.handler``)."""
    runtime = current()
    with runtime.invocation(context, "maintenance"):
        return run_maintenance(runtime, event)
