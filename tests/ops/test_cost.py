"""cost report: Cost Explorer (seeded through moto's API) next to the jobs' metered cost."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from petavatar.adapters.aws.dynamodb import DynamoJobStore
from petavatar.ops.cost import cost_report, period, render_csv, render_table, stage_filter
from petavatar.ops.resources import stage_resources
from tests.support import moto
from tests.support.clock import ManualClock
from tests.support.deployed import MOTO_STACK_MARKS, DeployedStage

pytestmark = MOTO_STACK_MARKS

TODAY = date(2026, 11, 30)


def _group(service: str, amount: str) -> dict[str, Any]:
    return {"Keys": [service], "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}}


def seed_cost_explorer(account: str, results: list[dict[str, Any]]) -> None:
    """Queue one GetCostAndUsage answer on moto (its documented seeding endpoint)."""
    response = httpx.post(
        f"{moto.endpoint_url()}/moto-api/static/ce/cost-and-usage-results",
        json={"account_id": account, "results": [{"ResultsByTime": results}]},
    )
    assert response.status_code == 201


def _finish(store: DynamoJobStore, clock: ManualClock, when: date, cost: float) -> None:
    clock.advance(
        datetime(when.year, when.month, when.day, 12, tzinfo=UTC).timestamp() - clock.now()
    )
    job_id = uuid.uuid4().hex
    store.create(job_id)
    claimed = store.claim(job_id, "token")
    assert claimed is not None
    usage = {"cost": {"currency": "USD", "total": cost, "priced_total": cost, "lines": []}}
    assert store.complete(
        job_id,
        "token",
        s3_avatar_key=None,
        s3_report_card_key=None,
        identity_package=None,
        pet_analysis=None,
        career_profile=None,
        usage=usage,
    )


def test_report_per_day_and_service_with_metered_cost(deployed: DeployedStage) -> None:
    res = stage_resources("test", deployed.account)
    yesterday = TODAY - timedelta(days=1)
    seed_cost_explorer(
        deployed.account,
        [
            {
                "TimePeriod": {"Start": yesterday.isoformat(), "End": TODAY.isoformat()},
                "Groups": [_group("AWS Lambda", "0.40"), _group("Amazon Bedrock", "1.10")],
                "Estimated": False,
            },
            {
                "TimePeriod": {"Start": TODAY.isoformat(), "End": "2026-12-01"},
                "Groups": [_group("AWS Lambda", "0.50")],
                "Estimated": True,
            },
        ],
    )
    clock = ManualClock()
    store = DynamoJobStore(deployed.clients.client("dynamodb"), res.names.table, clock)
    for when, cost in (
        (yesterday, 0.01),
        (yesterday, 0.02),
        (TODAY, 0.03),
        (TODAY - timedelta(days=9), 5.0),
    ):
        _finish(store, clock, when, cost)
    clock.advance(datetime(2026, 11, 30, 18, tzinfo=UTC).timestamp() - clock.now())

    report = cost_report(deployed.clients.client("ce"), store, "test", TODAY, 2)

    assert [d.day for d in report.days] == [yesterday, TODAY]
    assert report.days[0].services == {"AWS Lambda": 0.40, "Amazon Bedrock": 1.10}
    assert report.days[1].cloud == pytest.approx(0.50)
    assert [d.jobs for d in report.days] == [2, 1]
    assert report.metered_total == pytest.approx(0.06)
    assert report.cloud_total == pytest.approx(2.0)
    assert report.per_thousand_jobs(report.cloud_total) == pytest.approx(2000.0 / 3)
    table = "\n".join(render_table(report))
    assert "Amazon Bedrock 1.1000" in table and "per 1,000 jobs" in table
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert {(r["day"], r["service"]) for r in rows if r["source"] == "cost-explorer"} == {
        ("2026-11-29", "AWS Lambda"),
        ("2026-11-29", "Amazon Bedrock"),
        ("2026-11-30", "AWS Lambda"),
    }
    document = report.document()
    assert document["totals"]["jobs"] == 3


def test_an_unseeded_cost_explorer_answers_nothing(deployed: DeployedStage) -> None:
    res = stage_resources("test", deployed.account)
    store = DynamoJobStore(deployed.clients.client("dynamodb"), res.names.table, ManualClock())
    report = cost_report(deployed.clients.client("ce"), store, "test", date(2025, 1, 10), 3)
    assert report.cloud_total == 0 and report.per_thousand_jobs(0.0) is None


def test_period_and_filter() -> None:
    assert period(TODAY, 3) == [date(2026, 11, 28), date(2026, 11, 29), TODAY]
    tags = [t["Tags"] for t in stage_filter("prod")["And"]]
    assert [(t["Key"], t["Values"]) for t in tags] == [
        ("project", ["petavatar"]),
        ("stage", ["prod"]),
    ]
