"""Benchmark what PetAvatar adds around a cloud model call.

Runs the whole pipeline with the OpenAI-compatible provider against the
test suite's fake server on loopback (so the "model" answers instantly) in
each output mode, and prints per-job p50/p95 wall time and the job's cost.
What is left is PetAvatar's own work per job: prompts and schemas, photo
re-encoding, HTTP through the real ``openai`` client, validation, the avatar
check and the report card. Also prints the time to validate one answer of
each step.

    .venv/bin/python bench/provider_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.fake_openai import FakeOpenAI, FakeOpenAIServer
from tests.support.model_answers import (
    analysis_answer,
    career_answer,
    identity_answer,
)

from petavatar.jobs.pipeline import Pipeline
from petavatar.observability.logs import configure_logging
from petavatar.providers.openai_compat.provider import (
    OpenAICompatProvider,
    OpenAIConfig,
)
from petavatar.providers.pricing import PriceTable
from petavatar.providers.structured import (
    AnalysisAnswer,
    CareerAnswer,
    IdentityAnswer,
)


def _photo() -> bytes:
    from skimage import data

    out = io.BytesIO()
    Image.fromarray(data.chelsea()).save(out, format="JPEG", quality=92)
    return out.getvalue()


def _mode_run(mode: str, refuse: set[str], runs: int, photo: bytes) -> None:
    with FakeOpenAIServer(FakeOpenAI(refuse=refuse)) as server:
        provider = OpenAICompatProvider(
            OpenAIConfig(base_url=server.base_url, api_key=SecretStr("bench"))
        )
        pipeline = Pipeline(provider, prices=PriceTable.load())
        seconds, cost = [], ""
        for _ in range(runs + 1):
            start = time.perf_counter()
            result = pipeline.run(photo)
            seconds.append(time.perf_counter() - start)
            cost = result.cost.summary if result.cost else "n/a"
        pipeline.close()
    timed = sorted(seconds[1:])
    p95 = timed[min(len(timed) - 1, round(0.95 * (len(timed) - 1)))]
    print(
        f"{mode:12s} p50 {statistics.median(timed) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
        f"  cost {cost}"
    )


def _validation() -> None:
    for name, model, answer in (
        ("analysis", AnalysisAnswer, analysis_answer()),
        ("career", CareerAnswer, career_answer()),
        ("identity", IdentityAnswer, identity_answer()),
    ):
        count = 2000
        start = time.perf_counter()
        for _ in range(count):
            model.model_validate(answer)
        per = (time.perf_counter() - start) / count * 1e6
        print(f"validate {name:9s} {per:7.1f} µs per answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    configure_logging("CRITICAL")
    photo = _photo()
    print(f"pipeline over the fake OpenAI-compatible server, {args.runs} runs per mode")
    _mode_run("json_schema", set(), args.runs, photo)
    _mode_run("tools", {"json_schema"}, args.runs, photo)
    _mode_run("plain json", {"json_schema", "tools"}, args.runs, photo)
    _validation()


if __name__ == "__main__":
    main()
