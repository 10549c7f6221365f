"""``petavatar loadtest`` against a real local ``petavatar serve``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from petavatar.errors import InvalidInputError
from petavatar.ops.loadtest import LoadTestPlan, run_load_test
from tests.conftest import PROJECT_ROOT, SHARED_PETS
from tests.support.serve import serve


def _a_cat() -> bytes:
    with (SHARED_PETS / "manifest.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            if row["species"] == "cat":
                return (SHARED_PETS / row["file"]).read_bytes()
    raise AssertionError("the fixture manifest lists no cat")


@pytest.mark.integration
@pytest.mark.timeout(180)
def test_jobs_and_status_scenarios_against_a_real_serve(
    tmp_path: Path, model_cache_dir: Path
) -> None:
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(_a_cat())
    with serve(tmp_path / "data", model_cache_dir, workers=2) as served:
        jobs = run_load_test(
            LoadTestPlan(url=served.base, api_key=served.key, rps=2, duration=2.5, photo=_a_cat())
        )
        assert jobs.jobs_started == 5
        assert (jobs.jobs_completed, jobs.jobs_failed, jobs.jobs_unfinished) == (5, 0, 0)
        assert jobs.errors_by_status == {}
        assert set(jobs.routes) == {
            "GET /presigned-url",
            "POST upload",
            "GET /status",
            "GET /results",
        }
        assert jobs.routes["GET /results"].requests == 5
        assert jobs.job_p50_s is not None and jobs.job_p50_s > 0
        assert 0 < jobs.p50_ms <= jobs.p95_ms <= jobs.p99_ms

        command = [
            sys.executable,
            "-m",
            "petavatar.entrypoints.cli.main",
            "loadtest",
            served.base,
            "--scenario",
            "status",
            "--rps",
            "50",
            "--duration",
            "1",
            "--api-key",
            served.key,
            "--photo",
            str(photo),
            "--json",
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        status = json.loads(done.stdout)
        assert status["routes"]["GET /status"]["requests"] == 50
        assert status["errors_by_status"] == {}

        bad_key = run_load_test(
            LoadTestPlan(url=served.base, api_key="pa_wrong", rps=5, duration=0.4, photo=_a_cat())
        )
        assert bad_key.errors_by_status == {"401": 2}
        assert bad_key.jobs_failed == 2


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"rps": 0}, "--rps"),
        ({"rps": 10_000}, "--rps"),
        ({"duration": 3600}, "--duration"),
        ({"connections": 0}, "--connections"),
        ({"photo": b""}, "--photo"),
        ({"photo": b"", "scenario": "status"}, "--photo"),
    ],
)
def test_plans_outside_the_bounds_are_refused(changes: dict[str, object], words: str) -> None:
    plan = LoadTestPlan.model_validate(
        {"url": "http://127.0.0.1:9", "api_key": "k", "rps": 1, "duration": 1, "photo": b"x"}
        | changes
    )
    with pytest.raises(InvalidInputError, match=words):
        plan.check()
