"""The scheduled maintenance run (an EventBridge schedule): retention sweep, then reconcile.

* ``JobService.sweep_expired`` deletes jobs past their 7-day TTL and their blobs (DynamoDB's
  own TTL deletion and the buckets' lifecycle rules lag by up to days; this keeps the
  promise exact).
* ``reconcile(limit=…)`` finds jobs whose queue message was lost or dead-lettered and
  requeues or fails them. It is the reliability issue's use case on ``JobService``; this
  handler calls it through :class:`Reconciler` and says in its log and result when the
  service at hand does not offer it yet.

The result (and an EMF count per entry) is a mapping of what was done, e.g.
``{"expired_removed": 3, "requeued": 1, "failed": 2}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from petavatar.entrypoints.lambdas.runtime import LambdaRuntime, current


@runtime_checkable
class Reconciler(Protocol):
    """The reconcile use case: counts of what it did (``requeued``, ``failed``, …)."""

    def reconcile(self, *, limit: int) -> Mapping[str, int]: ...


def _metric_name(key: str) -> str:
    return "Maintenance" + "".join(part.capitalize() for part in key.split("_"))


def run_maintenance(runtime: LambdaRuntime, event: Mapping[str, Any]) -> dict[str, int | bool]:
    """Sweep and reconcile up to ``settings.maintenance_batch`` jobs each."""
    limit = runtime.settings.maintenance_batch
    service = runtime.stack.service
    runtime.logger.info(
        "maintenance started", source=event.get("source"), schedule=event.get("resources")
    )
    report: dict[str, int | bool] = {"expired_removed": service.sweep_expired(limit)}
    if isinstance(service, Reconciler):
        report.update(service.reconcile(limit=limit))
        report["reconciled"] = True
    else:
        runtime.logger.warning("this build's JobService has no reconcile use case; swept only")
        report["reconciled"] = False
    for key, value in report.items():
        if not isinstance(value, bool):
            runtime.count(_metric_name(key), value)
    runtime.logger.info("maintenance finished", extra={"report": report})
    return report


def handler(event: dict[str, Any], context: Any) -> dict[str, int | bool]:
    """Lambda entry point (``petavatar.entrypoints.lambdas.maintenance.handler``)."""
    runtime = current()
    with runtime.invocation(context, "maintenance"):
        return run_maintenance(runtime, event)
