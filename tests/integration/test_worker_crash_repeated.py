"""A real `petavatar worker` SIGKILLed again and again mid-job, with the default max_receives=3.

Five jobs are planned to be killed 3, 1, 2, 0 and 3 times (the test reads which job
a worker is in the middle of and kills the process there, restarting it each time).
Then ``petavatar jobs reconcile`` runs. Every job must be ``completed`` exactly once
(attempts ≤ max_receives, results readable) or — the ones killed on every one of
their 3 deliveries — ``failed`` with a message that says what happened and how to
redrive it; none is left ``queued`` or ``processing``. ``petavatar jobs redrive``
then brings those back and a worker completes them.

A 1 s visibility timeout bounds the real waiting (well under 60 s in all).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from petavatar.bootstrap import Stack, build_stack
from petavatar.config import Settings
from petavatar.jobs.reconcile import DEAD_LETTERED
from tests.support.fake_pipeline import tiny_jpeg

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLANNED_KILLS = (3, 1, 2, 0, 3)
"""Per job, in creation order: how many of its deliveries are killed mid-job."""
VISIBILITY_TIMEOUT = 1
JOB_SECONDS = 0.5
TIME_BUDGET = 55.0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "petavatar.entrypoints.cli.main", *args]


def _wait_for(predicate: Callable[[], bool], deadline: float, what: str) -> None:
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Harness:
    """Starts, watches and kills `petavatar worker` processes over one data dir."""

    def __init__(self, tmp_path: Path) -> None:
        self.data_dir = tmp_path / "data"
        self.started_log = tmp_path / "started.log"
        self.started_log.touch()
        self.env = {
            **os.environ,
            "PETAVATAR_DATA_DIR": str(self.data_dir),
            "PETAVATAR_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "PETAVATAR_TEST_STARTED": str(self.started_log),
            "PETAVATAR_TEST_JOB_SECONDS": str(JOB_SECONDS),
            "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        self.stack: Stack = build_stack(
            Settings(data_dir=self.data_dir, visibility_timeout=VISIBILITY_TIMEOUT)
        )
        self.seen = 0
        self.deadline = time.monotonic() + TIME_BUDGET

    def submit(self) -> str:
        job_id = self.stack.service.create_upload().job_id
        key = f"uploads/{job_id}/image.jpg"
        self.stack.blobs.put_bytes(key, tiny_jpeg(), "image/jpeg")
        self.stack.service.object_created(key, 10)
        return job_id

    def start_worker(self) -> subprocess.Popen[bytes]:
        command = _cli("worker", "--pipeline", "tests.support.fake_pipeline:slow_from_env")
        return subprocess.Popen(
            command,
            env=self.env,
            cwd=PROJECT_ROOT,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )

    def next_start(self) -> str | None:
        """The job id of the next start the log shows, if any."""
        lines = self.started_log.read_text(encoding="utf-8").splitlines()
        if len(lines) > self.seen:
            self.seen += 1
            return lines[self.seen - 1]
        return None

    def settled(self, dead: int) -> bool:
        queue = self.stack.queue
        return queue.depth() == 0 and queue.in_flight() == 0 and queue.dead_letter_depth() == dead

    def run_cli(self, *args: str) -> str:
        done = subprocess.run(
            _cli(*args, "--data-dir", str(self.data_dir)),
            env=self.env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _crash_phase(harness: Harness, plan: dict[str, int]) -> Counter[str]:
    """Run workers, killing each planned delivery mid-job, until the queue has settled."""
    kills: Counter[str] = Counter()
    rng = random.Random(7)
    dead = sum(1 for count in plan.values() if count >= 3)
    worker = harness.start_worker()
    try:
        while not harness.settled(dead):
            assert time.monotonic() < harness.deadline, f"crash phase over budget: {kills}"
            job_id = harness.next_start()
            if job_id is None:
                time.sleep(0.02)
                continue
            if kills[job_id] < plan[job_id]:
                time.sleep(rng.uniform(0.05, JOB_SECONDS * 0.6))  # mid-job
                _kill(worker)
                kills[job_id] += 1
                worker = harness.start_worker()
    finally:
        _stop(worker)
    return kills


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_repeated_sigkill_leaves_every_job_completed_once_or_failed_with_a_reason(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path)
    jobs = [harness.submit() for _ in PLANNED_KILLS]
    plan = dict(zip(jobs, PLANNED_KILLS, strict=True))
    kills = _crash_phase(harness, plan)
    assert kills == Counter({job: count for job, count in plan.items() if count})

    out = harness.run_cli("jobs", "reconcile")
    doomed = {job for job, count in plan.items() if count >= 3}
    store, service = harness.stack.jobs, harness.stack.service
    for job_id, count in plan.items():
        record = store.get(job_id)
        if job_id in doomed:
            assert record.status == "failed", record
            assert record.error_code == DEAD_LETTERED
            assert "petavatar jobs redrive" in (record.error_message or "")
            assert job_id in out
            status = service.get_status(job_id)
            assert status.status == "failed" and "dead-letter" in (status.error or "")
        else:
            assert record.status == "completed", record
            assert record.attempts == count + 1 <= harness.stack.settings.max_receives
            assert service.get_results(job_id).identity.human_name
    non_terminal = store.list_jobs(frozenset({"queued", "processing"}), limit=100)
    assert non_terminal == []
    completed_at = {job: store.get(job).updated_at for job in jobs if job not in doomed}

    out = harness.run_cli("jobs", "redrive")
    assert f"redrove {len(doomed)} message(s)" in out
    assert {store.get(job).status for job in doomed} == {"queued"}
    worker = harness.start_worker()
    try:
        _wait_for(
            lambda: all(store.get(job).status == "completed" for job in doomed),
            harness.deadline + 30,
            "the redriven jobs to complete",
        )
    finally:
        _stop(worker)
    for job_id in jobs:
        assert service.get_results(job_id).identity.human_name
    # Each job completed exactly once: the earlier completions were never redone.
    assert {job: store.get(job).updated_at for job in completed_at} == completed_at
    assert harness.stack.queue.depth() == 0
    assert harness.stack.queue.dead_letter_depth() == 0
