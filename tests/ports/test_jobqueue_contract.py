"""The JobQueue contract (SQS semantics): every adapter must pass this suite unchanged.

Also a multi-process test for the SQLite queue: two spawned worker processes receive from the
same database file and every message is delivered to exactly one of them.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from petavatar.adapters.local.sqlite_queue import SQLiteJobQueue
from petavatar.errors import InvalidInputError
from petavatar.ports.jobqueue import JobQueue, QueueMessage
from tests.support.clock import ManualClock


def _msg(job_id: str = "job-1", ts: float = 1.0) -> QueueMessage:
    return QueueMessage(job_id=job_id, s3_upload_key=f"uploads/{job_id}/original.jpg", timestamp=ts)


# ---------------------------------------------------------------- message format


def test_message_json_round_trip() -> None:
    message = _msg()
    raw = message.to_json()
    assert json.loads(raw) == {
        "version": 1,
        "job_id": "job-1",
        "s3_upload_key": "uploads/job-1/original.jpg",
        "timestamp": 1.0,
    }
    assert QueueMessage.from_json(raw) == message
    assert QueueMessage.from_json(raw.encode()) == message


def test_message_without_version_is_version_1() -> None:
    raw = '{"job_id": "j", "s3_upload_key": "uploads/j/a.jpg", "timestamp": 3}'
    assert QueueMessage.from_json(raw).version == 1


@pytest.mark.parametrize("version", [2, 0, "1", None, True])
def test_unknown_versions_are_refused(version: object) -> None:
    raw = json.dumps({"version": version, "job_id": "j", "s3_upload_key": "k", "timestamp": 1})
    with pytest.raises(InvalidInputError, match="version"):
        QueueMessage.from_json(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        '{"version": 1}',
        '{"job_id": "j", "s3_upload_key": "k", "timestamp": 1, "x": 2}',
    ],
)
def test_malformed_messages_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInputError):
        QueueMessage.from_json(raw)


# ---------------------------------------------------------------- delivery


def test_send_receive_delete(jobqueue: JobQueue) -> None:
    message_id = jobqueue.send(_msg())
    assert message_id
    assert jobqueue.depth() == 1
    received = jobqueue.receive()
    assert len(received) == 1
    got = received[0]
    assert got.message == _msg()
    assert got.message_id == message_id
    assert got.receive_count == 1
    assert got.receipt_handle
    assert jobqueue.in_flight() == 1
    assert jobqueue.depth() == 1
    assert jobqueue.receive() == []  # invisible while in flight
    assert jobqueue.delete(got.receipt_handle)
    assert jobqueue.depth() == 0
    assert jobqueue.in_flight() == 0
    assert jobqueue.receive() == []


def test_receive_batch_and_limits(jobqueue: JobQueue) -> None:
    for i in range(5):
        jobqueue.send(_msg(f"job-{i}"))
    first = jobqueue.receive(max_messages=3)
    second = jobqueue.receive(max_messages=10)
    assert len(first) == 3
    assert len(second) == 2
    ids = {r.message.job_id for r in first + second}
    assert ids == {f"job-{i}" for i in range(5)}
    assert len({r.receipt_handle for r in first + second}) == 5
    for bad in (0, 11):
        with pytest.raises(InvalidInputError):
            jobqueue.receive(max_messages=bad)


def test_visibility_expiry_redelivers_with_new_handle(
    jobqueue: JobQueue, clock: ManualClock
) -> None:
    jobqueue.send(_msg())
    first = jobqueue.receive()[0]
    clock.advance(jobqueue.visibility_timeout - 1)
    assert jobqueue.receive() == []
    clock.advance(1)
    assert jobqueue.in_flight() == 0
    assert jobqueue.depth() == 1
    second = jobqueue.receive()[0]
    assert second.message_id == first.message_id
    assert second.receive_count == 2
    assert second.receipt_handle != first.receipt_handle
    # The first handle is stale: it must not delete the message.
    stale = jobqueue.delete(first.receipt_handle)
    if jobqueue.detects_stale_receipts:
        assert stale is False
    assert jobqueue.depth() == 1
    assert not jobqueue.change_visibility(first.receipt_handle, 0)
    assert jobqueue.delete(second.receipt_handle)
    assert jobqueue.depth() == 0


def test_latest_handle_deletes_after_visibility_ran_out(
    jobqueue: JobQueue, clock: ManualClock
) -> None:
    """As in SQS, a slow worker can still delete if nobody received the message since."""
    jobqueue.send(_msg())
    got = jobqueue.receive()[0]
    clock.advance(jobqueue.visibility_timeout + 10)
    assert jobqueue.delete(got.receipt_handle)
    assert jobqueue.depth() == 0


def test_delete_twice_and_unknown_handles(jobqueue: JobQueue) -> None:
    jobqueue.send(_msg())
    got = jobqueue.receive()[0]
    assert jobqueue.delete(got.receipt_handle)
    second = jobqueue.delete(got.receipt_handle)
    if jobqueue.detects_stale_receipts:
        assert second is False
        assert jobqueue.delete("no-such-handle") is False
    assert jobqueue.delete("") is False


def test_custom_visibility_timeout_per_receive(jobqueue: JobQueue, clock: ManualClock) -> None:
    jobqueue.send(_msg())
    jobqueue.receive(visibility_timeout=30)
    clock.advance(30)
    again = jobqueue.receive(visibility_timeout=30)
    assert len(again) == 1
    assert again[0].receive_count == 2
    with pytest.raises(InvalidInputError):
        jobqueue.receive(visibility_timeout=-1)


def test_change_visibility_zero_releases_now(jobqueue: JobQueue) -> None:
    jobqueue.send(_msg())
    got = jobqueue.receive()[0]
    assert jobqueue.change_visibility(got.receipt_handle, 0)
    assert jobqueue.in_flight() == 0
    again = jobqueue.receive()
    assert len(again) == 1
    assert again[0].receive_count == 2


def test_change_visibility_extends(jobqueue: JobQueue, clock: ManualClock) -> None:
    jobqueue.send(_msg())
    got = jobqueue.receive()[0]
    clock.advance(800)
    assert jobqueue.change_visibility(got.receipt_handle, 900)  # heartbeat
    clock.advance(800)
    assert jobqueue.receive() == []
    clock.advance(100)
    assert len(jobqueue.receive()) == 1


def test_change_visibility_after_expiry_fails(jobqueue: JobQueue, clock: ManualClock) -> None:
    jobqueue.send(_msg())
    got = jobqueue.receive()[0]
    clock.advance(jobqueue.visibility_timeout)
    assert not jobqueue.change_visibility(got.receipt_handle, 100)
    assert jobqueue.in_flight() == 0


def test_dead_letter_after_max_receives(jobqueue: JobQueue, clock: ManualClock) -> None:
    assert jobqueue.max_receives == 3
    jobqueue.send(_msg("poison"))
    jobqueue.send(_msg("fine"))
    for expected_count in (1, 2, 3):
        got = [r for r in jobqueue.receive(max_messages=10) if r.message.job_id == "poison"]
        assert [r.receive_count for r in got] == [expected_count]
        clock.advance(jobqueue.visibility_timeout)
    # "fine" was also received 3 times along the way; both are now due for the DLQ.
    assert jobqueue.receive(max_messages=10) == []
    assert jobqueue.depth() == 0
    assert jobqueue.dead_letter_depth() == 2
    assert {m.job_id for m in jobqueue.dead_letters()} == {"poison", "fine"}
    assert jobqueue.receive(max_messages=10) == []


def test_redrive_moves_dead_letters_back_with_a_fresh_count(
    jobqueue: JobQueue, clock: ManualClock
) -> None:
    jobqueue.send(_msg("poison"))
    for _ in range(3):
        assert jobqueue.receive()
        clock.advance(jobqueue.visibility_timeout)
    assert jobqueue.receive() == []
    assert jobqueue.dead_letter_depth() == 1
    moved = jobqueue.redrive()
    assert [m.job_id for m in moved] == ["poison"]
    assert jobqueue.dead_letter_depth() == 0
    again = jobqueue.receive()
    assert [(r.message.job_id, r.receive_count) for r in again] == [("poison", 1)]
    assert jobqueue.redrive() == []
    assert jobqueue.redrive(limit=0) == []


def test_deleted_before_dlq_never_dead_letters(jobqueue: JobQueue, clock: ManualClock) -> None:
    jobqueue.send(_msg())
    for _ in range(2):
        jobqueue.receive()
        clock.advance(jobqueue.visibility_timeout)
    third = jobqueue.receive()[0]
    assert third.receive_count == 3
    assert jobqueue.delete(third.receipt_handle)
    clock.advance(jobqueue.visibility_timeout)
    assert jobqueue.receive() == []
    assert jobqueue.dead_letter_depth() == 0


def test_depth_counts(jobqueue: JobQueue) -> None:
    for i in range(4):
        jobqueue.send(_msg(f"job-{i}"))
    assert (jobqueue.depth(), jobqueue.in_flight(), jobqueue.dead_letter_depth()) == (4, 0, 0)
    jobqueue.receive(max_messages=3)
    assert (jobqueue.depth(), jobqueue.in_flight()) == (4, 3)


def test_ping(jobqueue: JobQueue) -> None:
    jobqueue.ping()


def test_durable_across_instances(tmp_path: Path, clock: ManualClock) -> None:
    """SQLite-specific: a second queue object on the same file sees the same messages."""
    a = SQLiteJobQueue(tmp_path / "q.sqlite3", clock=clock)
    a.send(_msg())
    got = a.receive()[0]
    a.close()
    b = SQLiteJobQueue(tmp_path / "q.sqlite3", clock=clock)
    assert b.in_flight() == 1
    assert b.delete(got.receipt_handle)
    other = SQLiteJobQueue(tmp_path / "q.sqlite3", clock=clock, name="other")
    assert other.depth() == 0
    b.close()
    other.close()


# ---------------------------------------------------------------- multiple processes

_MP_MESSAGES = 500


def _mp_consumer(db_path: str, out_path: str, start: Barrier) -> None:
    """Receive and delete until the queue stays empty; write the job ids seen to a file."""
    queue = SQLiteJobQueue(db_path, visibility_timeout=300)
    start.wait(60)  # both consumers begin together
    seen: list[str] = []
    failed_deletes = 0
    empty_polls = 0
    deadline = time.monotonic() + 60
    while empty_polls < 20 and time.monotonic() < deadline:
        batch = queue.receive(max_messages=5)
        if not batch:
            empty_polls += 1
            continue
        empty_polls = 0
        for item in batch:
            seen.append(item.message.job_id)
            if not queue.delete(item.receipt_handle):
                failed_deletes += 1
    queue.close()
    Path(out_path).write_text(json.dumps({"seen": seen, "failed_deletes": failed_deletes}))


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_two_processes_each_message_delivered_once(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite3"
    producer = SQLiteJobQueue(db_path, visibility_timeout=300)
    expected = {f"job-{i}" for i in range(_MP_MESSAGES)}
    for job_id in sorted(expected):
        producer.send(_msg(job_id, ts=time.time()))
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    outputs = [tmp_path / f"out-{i}.json" for i in range(2)]
    procs = [
        ctx.Process(target=_mp_consumer, args=(str(db_path), str(out), start)) for out in outputs
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=90)
    for proc in procs:
        if proc.is_alive():
            proc.kill()
            pytest.fail("consumer process did not finish in time")
        assert proc.exitcode == 0
    results = [json.loads(out.read_text()) for out in outputs]
    seen = [job for r in results for job in r["seen"]]
    assert sorted(seen) == sorted(expected)  # each exactly once, none lost
    assert all(r["failed_deletes"] == 0 for r in results)
    assert all(r["seen"] for r in results), "both consumers should have received work"
    assert producer.depth() == 0
    producer.close()
