"""Kill a real `petavatar worker` process mid-job (SIGKILL); the job completes exactly once.

A short visibility timeout (2 s) keeps the unavoidable real wait bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from petavatar.bootstrap import build_stack
from petavatar.config import Settings
from tests.support.fake_pipeline import tiny_jpeg

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.integration
@pytest.mark.timeout(90)
def test_sigkill_mid_job_then_restart_completes_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    started, release = tmp_path / "started", tmp_path / "release"
    env = {
        **os.environ,
        "PETAVATAR_DATA_DIR": str(data_dir),
        "PETAVATAR_VISIBILITY_TIMEOUT": "2",
        "PETAVATAR_TEST_STARTED": str(started),
        "PETAVATAR_TEST_RELEASE": str(release),
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    settings = Settings(data_dir=data_dir, visibility_timeout=2)
    stack = build_stack(settings)
    job_id = stack.service.create_upload().job_id
    key = f"uploads/{job_id}/image.jpg"
    stack.blobs.put_bytes(key, tiny_jpeg(), "image/jpeg")
    stack.service.object_created(key, 10)

    command = [
        sys.executable,
        "-m",
        "petavatar.entrypoints.cli.service",
        "worker",
        "--pipeline",
        "tests.support.fake_pipeline:blocking_from_env",
    ]
    first = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL)
    try:
        _wait_for(started.exists, 30, "the first worker to start the job")
        assert stack.jobs.get(job_id).status == "processing"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert stack.jobs.get(job_id).status == "processing"  # orphaned mid-job
    assert not stack.blobs.list_keys(f"generated/{job_id}/")  # nothing half-written visible

    started.unlink()
    release.touch()
    second = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: stack.jobs.get(job_id).status == "completed", 40, "the job to complete")
        time.sleep(2.5)  # one more visibility window: nothing is redelivered
        second.send_signal(signal.SIGTERM)
        assert second.wait(15) == 0  # graceful shutdown
    finally:
        if second.poll() is None:
            second.kill()

    record = stack.jobs.get(job_id)
    assert record.status == "completed"
    assert record.attempts == 2  # the killed attempt and the one that finished
    assert stack.queue.depth() == 0
    assert stack.queue.dead_letter_depth() == 0
    assert sorted(stack.blobs.list_keys(f"generated/{job_id}/")) == [
        f"generated/{job_id}/avatar.png",
        f"generated/{job_id}/report-card-og.png",
        f"generated/{job_id}/report-card.png",
    ]
    assert stack.service.get_results(job_id).identity.human_name
