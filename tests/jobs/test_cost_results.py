"""A job's cost and provenance travel from the pipeline to the job record, /results and /metrics."""

from __future__ import annotations

from pathlib import Path

from petavatar.domain.models import PartProvenance, Usage
from petavatar.jobs.pipeline import Pipeline
from petavatar.ports.provider import Provider, ProviderConfig, StepResult
from petavatar.providers.local.avatar import render_avatar
from petavatar.providers.pricing import PriceTable
from tests.support.builders import make_analysis, make_career, make_identity
from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import make_env


class CloudLikeProvider(Provider):
    """Instant valid answers metered like a cloud model (one part unpriced on request)."""

    def __init__(self, write_model: str = "us.anthropic.claude-sonnet-5-5") -> None:
        super().__init__(ProviderConfig(name="bedrock"))
        self.write_model = write_model

    def _made(self, value, model: str, **usage: int):  # type: ignore[no-untyped-def]
        return StepResult(
            value,
            Usage(model_calls=1, **usage),
            PartProvenance(provider="bedrock", model=model, region="us-east-1"),
        )

    def analyze(self, photo, hints):  # type: ignore[no-untyped-def]
        return self._made(
            make_analysis(),
            "us.anthropic.claude-sonnet-5-5",
            input_tokens=1_000_000,
            output_tokens=100_000,
        )

    def map_career(self, analysis):  # type: ignore[no-untyped-def]
        return self._made(make_career(), "us.anthropic.claude-sonnet-5-5", input_tokens=500_000)

    def render_avatar(self, analysis, career):  # type: ignore[no-untyped-def]
        return self._made(
            render_avatar(analysis, career), "stability.sd3-5-large-v1:0", images_generated=1
        )

    def write_identity(self, analysis, career):  # type: ignore[no-untyped-def]
        return self._made(make_identity(), self.write_model, output_tokens=1_000_000)


def _run_job(tmp_path: Path, provider: Provider) -> tuple[dict, bytes]:  # type: ignore[type-arg]
    pipeline = Pipeline(provider, prices=PriceTable.load())
    env = make_env(tmp_path, pipeline=pipeline)
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg(size=256)).status_code == 204
    assert env.worker.run_once()
    results = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers)
    assert results.status_code == 200, results.text
    return results.json(), env.client.get("/metrics").content


def test_results_show_cost_and_provenance_and_metrics_count_it(tmp_path: Path) -> None:
    body, metrics = _run_job(tmp_path, CloudLikeProvider())
    cost = body["cost"]
    # 1.5M input at $2 + 1.1M output at $10 per MTok, one $0.08 image.
    assert cost["currency"] == "USD"
    assert cost["total"] == 3.0 + 11.0 + 0.08
    assert {line["part"] for line in cost["lines"]} == {"analyze", "map", "render", "write"}
    assert body["provenance"]["render"]["model"] == "stability.sd3-5-large-v1:0"
    assert body["usage"]["model_calls"] == 4 and body["usage"]["by_step"]["map"]["input_tokens"]
    assert "cost" not in body["usage"]
    assert (
        b'petavatar_job_cost_usd_total{model="stability.sd3-5-large-v1:0",provider="bedrock"} 0.08'
        in metrics
    )


def test_unknown_price_is_reported_not_zeroed(tmp_path: Path) -> None:
    body, metrics = _run_job(tmp_path, CloudLikeProvider(write_model="acme.mystery-v1"))
    assert body["cost"]["total"] is None
    assert body["cost"]["unknown"] == ["bedrock/acme.mystery-v1"]
    assert body["cost"]["priced_total"] == 3.0 + 1.0 + 0.08
    assert b'petavatar_unpriced_steps_total{model="acme.mystery-v1",provider="bedrock"} 1.0' in (
        metrics
    )
