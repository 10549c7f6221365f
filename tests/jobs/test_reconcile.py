"""The reconciler: dead-lettered and lost jobs end failed with a reason, or run again."""

from __future__ import annotations

from pathlib import Path

from petavatar.jobs.reconcile import JOB_LOST
from petavatar.ports.jobstore import DEAD_LETTERED
from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import Env, make_env


def _queued_job(env: Env) -> str:
    ticket = env.presign()
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    job_id: str = ticket["job_id"]
    assert env.stack.jobs.get(job_id).status == "queued"
    return job_id


def _crash_every_delivery(env: Env, job_id: str) -> None:
    """A worker claims the job on each delivery and dies before settling it."""
    queue, jobs = env.stack.queue, env.stack.jobs
    for attempt in range(queue.max_receives):
        received = queue.receive()
        assert [r.message.job_id for r in received] == [job_id]
        assert jobs.claim(job_id, f"dead-worker-{attempt}") is not None
        env.clock.advance(queue.visibility_timeout + 1)
    assert queue.receive() == []  # the next delivery dead-letters it instead
    assert queue.dead_letter_depth() == 1


def test_dead_lettered_job_is_failed_with_a_reason_and_can_be_redriven(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _queued_job(env)
    _crash_every_delivery(env, job_id)
    assert env.stack.jobs.get(job_id).status == "processing"  # the stuck state of the bug

    report = env.stack.reconciler.run()
    assert report.dead_lettered_failed == [job_id]
    status = env.client.get(f"/status/{job_id}", headers=env.headers).json()
    assert status["status"] == "failed"
    assert status["error_code"] == DEAD_LETTERED
    assert "3 times" in status["error"] and "petavatar jobs redrive" in status["error"]
    assert env.stack.reconciler.run().dead_lettered_failed == []  # idempotent

    redrive = env.stack.reconciler.redrive()
    assert (redrive.messages, redrive.reopened) == (1, [job_id])
    assert env.stack.jobs.get(job_id).status == "queued"
    assert env.stack.queue.dead_letter_depth() == 0
    assert env.worker.run_once()
    assert env.stack.jobs.get(job_id).status == "completed"
    assert env.client.get(f"/results/{job_id}", headers=env.headers).status_code == 200


def test_lost_message_is_sent_again_and_the_job_completes(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _queued_job(env)
    received = env.stack.queue.receive()
    assert env.stack.queue.delete(received[0].receipt_handle)  # the message is gone
    env.clock.advance(env.stack.reconciler.stale_after - 1)
    assert env.stack.reconciler.run().requeued == []  # not stale yet
    env.clock.advance(2)
    assert env.stack.reconciler.run().requeued == [job_id]
    assert env.stack.jobs.get(job_id).requeues == 1
    assert env.worker.run_once()
    assert env.stack.jobs.get(job_id).status == "completed"


def test_a_job_still_lost_after_its_requeue_is_failed(tmp_path: Path) -> None:
    env = make_env(tmp_path, max_requeues=1)
    job_id = _queued_job(env)
    for _ in range(2):
        for message in env.stack.queue.receive(max_messages=10):
            env.stack.queue.delete(message.receipt_handle)
        env.clock.advance(env.stack.reconciler.stale_after + 1)
        report = env.stack.reconciler.run()
    assert report.lost_failed == [job_id]
    record = env.stack.jobs.get(job_id)
    assert (record.status, record.error_code) == ("failed", JOB_LOST)
    assert "submit the photo again" in (record.error_message or "")


def test_a_job_making_progress_is_left_alone(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    job_id = _queued_job(env)
    received = env.stack.queue.receive()
    assert env.stack.jobs.claim(job_id, "busy") is not None
    env.clock.advance(env.stack.reconciler.stale_after - 5)
    assert env.stack.jobs.update_progress(job_id, "busy", 50)
    env.clock.advance(10)
    report = env.stack.reconciler.run()
    assert report.model_dump() == {"dead_lettered_failed": [], "requeued": [], "lost_failed": []}
    assert env.stack.jobs.get(job_id).status == "processing"
    assert received
