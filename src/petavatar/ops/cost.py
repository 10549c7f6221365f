"""``petavatar cost report``: what a stage cost per day and per service, next to its jobs.

The cloud bill comes from Cost Explorer (``GetCostAndUsage``, daily, grouped by service,
filtered on the stage's ``project`` and ``stage`` cost-allocation tags); the jobs' own
metered model cost comes from the ``usage.cost`` of the stage's job records (completed
and failed jobs, by the UTC day they finished). Job records live 7 days, so metered cost
and job counts cover at most the last 7 days; Cost Explorer goes back 12 months.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from petavatar.adapters.aws.naming import PROJECT, PROJECT_TAG, STAGE_TAG
from petavatar.ports.jobstore import JobRecord, JobStore

COST_METRIC = "UnblendedCost"


class DayCost(BaseModel):
    """One UTC day of a stage."""

    day: date
    services: dict[str, float] = Field(default_factory=dict)
    jobs: int = 0
    metered: float = 0.0

    @property
    def cloud(self) -> float:
        return sum(self.services.values())


class CostReport(BaseModel):
    stage: str
    currency: str = "USD"
    days: list[DayCost]

    @property
    def cloud_total(self) -> float:
        return sum(d.cloud for d in self.days)

    @property
    def metered_total(self) -> float:
        return sum(d.metered for d in self.days)

    @property
    def jobs_total(self) -> int:
        return sum(d.jobs for d in self.days)

    def per_thousand_jobs(self, amount: float) -> float | None:
        return 1000.0 * amount / self.jobs_total if self.jobs_total else None

    def document(self) -> dict[str, Any]:
        """The ``--json`` body."""
        return {
            "stage": self.stage,
            "currency": self.currency,
            "days": [
                {
                    "day": d.day.isoformat(),
                    "services": d.services,
                    "cloud": d.cloud,
                    "jobs": d.jobs,
                    "metered": d.metered,
                }
                for d in self.days
            ],
            "totals": {
                "cloud": self.cloud_total,
                "metered": self.metered_total,
                "jobs": self.jobs_total,
                "cloud_per_1000_jobs": self.per_thousand_jobs(self.cloud_total),
                "metered_per_1000_jobs": self.per_thousand_jobs(self.metered_total),
            },
        }


def period(today: date, days: int) -> list[date]:
    """The ``days`` UTC days up to and including ``today``, oldest first."""
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def stage_filter(stage: str) -> dict[str, Any]:
    """Cost Explorer filter: resources tagged project=petavatar and stage=<stage>."""
    return {
        "And": [
            {"Tags": {"Key": PROJECT_TAG, "Values": [PROJECT], "MatchOptions": ["EQUALS"]}},
            {"Tags": {"Key": STAGE_TAG, "Values": [stage], "MatchOptions": ["EQUALS"]}},
        ]
    }


def cloud_costs(ce: Any, stage: str, days: list[date]) -> dict[date, dict[str, float]]:
    """Cost per day and service from Cost Explorer (End is exclusive, hence the +1 day)."""
    params: dict[str, Any] = {
        "TimePeriod": {
            "Start": days[0].isoformat(),
            "End": (days[-1] + timedelta(days=1)).isoformat(),
        },
        "Granularity": "DAILY",
        "Metrics": [COST_METRIC],
        "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}],
        "Filter": stage_filter(stage),
    }
    costs: dict[date, dict[str, float]] = defaultdict(dict)
    while True:
        answer = ce.get_cost_and_usage(**params)
        for result in answer.get("ResultsByTime", []):
            day = date.fromisoformat(result["TimePeriod"]["Start"])
            for group in result.get("Groups", []):
                amount = float(group["Metrics"][COST_METRIC]["Amount"])
                costs[day][group["Keys"][0]] = costs[day].get(group["Keys"][0], 0.0) + amount
        token = answer.get("NextPageToken")
        if not token:
            return costs
        params["NextPageToken"] = token


def job_cost(record: JobRecord) -> float:
    """A job's metered model cost (the priced part; 0 when it has none)."""
    cost = (record.usage or {}).get("cost") or {}
    return float(cost.get("priced_total") or 0.0)


def metered_costs(jobs: JobStore, days: list[date]) -> dict[date, tuple[int, float]]:
    """(finished jobs, metered cost) per UTC day, from the stage's job records."""
    wanted = set(days)
    totals: dict[date, tuple[int, float]] = {}
    for record in jobs.list_jobs(frozenset({"completed", "failed"}), limit=1_000_000):
        day = datetime.fromtimestamp(record.updated_at, tz=UTC).date()
        if day in wanted:
            count, amount = totals.get(day, (0, 0.0))
            totals[day] = (count + 1, amount + job_cost(record))
    return totals


def cost_report(ce: Any, jobs: JobStore, stage: str, today: date, days: int) -> CostReport:
    """The stage's report for the ``days`` days up to ``today``."""
    span = period(today, days)
    cloud, metered = cloud_costs(ce, stage, span), metered_costs(jobs, span)
    rows = [
        DayCost(
            day=day,
            services=dict(sorted(cloud.get(day, {}).items())),
            jobs=metered.get(day, (0, 0.0))[0],
            metered=metered.get(day, (0, 0.0))[1],
        )
        for day in span
    ]
    return CostReport(stage=stage, days=rows)


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def render_table(report: CostReport) -> list[str]:
    """The terminal table: one row per day, the top services, then totals."""
    lines = [f"{'day':<12}{'cloud':>12}{'metered':>12}{'jobs':>8}  top services"]
    for d in report.days:
        top = sorted(d.services.items(), key=lambda kv: -kv[1])[:3]
        services = ", ".join(f"{name} {amount:.4f}" for name, amount in top)
        lines.append(
            f"{d.day.isoformat():<12}{d.cloud:>12.4f}{d.metered:>12.4f}{d.jobs:>8}  {services}"
        )
    cloud_k = report.per_thousand_jobs(report.cloud_total)
    metered_k = report.per_thousand_jobs(report.metered_total)
    lines += [
        f"{'total':<12}{report.cloud_total:>12.4f}{report.metered_total:>12.4f}"
        f"{report.jobs_total:>8}",
        f"per 1,000 jobs ({report.currency}): cloud {_money(cloud_k)}, "
        f"metered models {_money(metered_k)}",
    ]
    return lines


def render_csv(report: CostReport) -> str:
    """``--csv``: one row per day and service, plus a metered row per day."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["day", "source", "service", "amount", "jobs"])
    for d in report.days:
        for service, amount in d.services.items():
            writer.writerow([d.day.isoformat(), "cost-explorer", service, f"{amount:.6f}", ""])
        writer.writerow([d.day.isoformat(), "metered", "models", f"{d.metered:.6f}", d.jobs])
    return buffer.getvalue()
