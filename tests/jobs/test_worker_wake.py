"""Embedded workers wake as soon as the service queues a job (no poll-interval wait)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from petavatar.jobs.worker import WorkerPool
from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import make_env


def test_queueing_a_job_sets_the_stack_wake_event(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    env.stack.wake.clear()
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    assert env.stack.wake.is_set()
    assert env.stack.worker().wake is env.stack.wake


def test_idle_worker_is_woken_by_a_new_job(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    worker = env.stack.worker(name="woken")
    worker.poll_interval = 30.0  # far longer than the test may take
    pool = WorkerPool([worker])
    pool.start()
    try:
        time.sleep(0.05)  # let it find the queue empty and start waiting
        ticket = env.presign()
        assert env.upload(ticket, tiny_jpeg()).status_code == 204
        job_id = ticket["job_id"]
        done = threading.Event()
        for _ in range(500):
            body = env.client.get(f"/status/{job_id}", headers=env.headers).json()
            if body["status"] == "completed":
                done.set()
                break
            done.wait(0.01)
        assert done.is_set()
    finally:
        started = time.monotonic()
        assert pool.stop(timeout=5)
        assert time.monotonic() - started < 5  # stop wakes it too
