"""The JobStore contract: every adapter must pass this suite unchanged."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from petavatar.errors import ConflictError, InvalidInputError, NotFoundError
from petavatar.ports.jobstore import (
    ALLOWED_TRANSITIONS,
    DEAD_LETTERED,
    JOB_STATUSES,
    JOB_TTL_SECONDS,
    TERMINAL_STATUSES,
    JobRecord,
    JobStore,
)
from tests.ports.conftest import JobStoreFactory
from tests.support.clock import ManualClock

RESULTS: dict[str, Any] = {
    "s3_avatar_key": "generated/job-1/avatar.png",
    "s3_report_card_key": "generated/job-1/report.png",
    "identity_package": {"human_name": "Barkley Whitmore", "skills": ["a", "b"]},
    "pet_analysis": {"species": "dog", "breed": "beagle"},
    "career_profile": {"job_title": "CFO"},
    "usage": {"images": 1},
}


def _complete(store: JobStore, job_id: str, token: str) -> bool:
    return store.complete(job_id, token, **RESULTS)


# ---------------------------------------------------------------- create / get


def test_create_is_idempotent(jobstore: JobStore, clock: ManualClock) -> None:
    record, created = jobstore.create("job-1", s3_upload_key="uploads/job-1/original.jpg")
    assert created
    assert record.status == "queued"
    assert record.progress == 0
    assert record.attempts == 0
    assert record.created_at == record.updated_at == clock.now()
    assert record.ttl == int(clock.now()) + JOB_TTL_SECONDS
    clock.advance(5)
    again, created_again = jobstore.create("job-1", s3_upload_key="uploads/job-1/other.png")
    assert not created_again
    assert again == record
    assert jobstore.get("job-1") == record


def test_record_round_trips_every_field(jobstore: JobStore) -> None:
    jobstore.create("job-1", s3_upload_key="uploads/job-1/a.jpg", webhook_url="https://x/hook")
    claimed = jobstore.claim("job-1", "tok")
    assert claimed is not None
    assert _complete(jobstore, "job-1", "tok")
    stored = jobstore.get("job-1")
    assert stored.status == "completed"
    assert stored.progress == 100
    assert stored.webhook_url == "https://x/hook"
    for name, value in RESULTS.items():
        assert getattr(stored, name) == value
    assert JobRecord.model_validate(stored.model_dump()) == stored


def test_get_unknown_raises_not_found(jobstore: JobStore) -> None:
    assert jobstore.find("nope") is None
    with pytest.raises(NotFoundError):
        jobstore.get("nope")


@pytest.mark.parametrize("bad", ["", "../x", "a/b", "a b", "x" * 200, "\x00"])
def test_invalid_job_ids_are_refused(jobstore: JobStore, bad: str) -> None:
    with pytest.raises(InvalidInputError):
        jobstore.create(bad)
    with pytest.raises(InvalidInputError):
        jobstore.find(bad)


def test_record_forbids_extra_fields() -> None:
    with pytest.raises(ValueError):
        JobRecord.model_validate(
            {"job_id": "j", "status": "queued", "created_at": 0, "updated_at": 0, "ttl": 1, "x": 1}
        )


# ---------------------------------------------------------------- TTL


def test_expired_records_are_hidden(jobstore: JobStore, clock: ManualClock) -> None:
    record, _ = jobstore.create("job-1")
    clock.advance(JOB_TTL_SECONDS - 1)
    assert jobstore.find("job-1") is not None
    assert jobstore.expired_ids() == []
    clock.advance(1)
    assert jobstore.find("job-1") is None
    with pytest.raises(NotFoundError):
        jobstore.get("job-1")
    assert jobstore.claim("job-1", "tok") is None
    assert jobstore.expired_ids() == ["job-1"]
    # An expired id can be created afresh.
    fresh, created = jobstore.create("job-1")
    assert created
    assert fresh.created_at > record.created_at
    assert jobstore.expired_ids() == []


def test_expired_ids_limit_and_delete(jobstore: JobStore, clock: ManualClock) -> None:
    for i in range(5):
        jobstore.create(f"job-{i}")
    clock.advance(JOB_TTL_SECONDS + 1)
    assert len(jobstore.expired_ids(limit=3)) == 3
    assert sorted(jobstore.expired_ids()) == [f"job-{i}" for i in range(5)]
    for job_id in jobstore.expired_ids():
        jobstore.delete(job_id)
    assert jobstore.expired_ids() == []
    jobstore.delete("job-0")  # deleting a missing record is fine


def test_custom_ttl(jobstore_factory: JobStoreFactory, tmp_path: Path, clock: ManualClock) -> None:
    store = jobstore_factory(tmp_path, clock)
    store.ttl_seconds = 60
    record, _ = store.create("job-1")
    assert record.ttl == int(clock.now()) + 60


# ---------------------------------------------------------------- upload attach


def test_attach_upload_while_queued(jobstore: JobStore, clock: ManualClock) -> None:
    jobstore.create("job-1")
    clock.advance(1)
    record = jobstore.attach_upload("job-1", "uploads/job-1/original.png", "https://h")
    assert record.s3_upload_key == "uploads/job-1/original.png"
    assert record.webhook_url == "https://h"
    assert record.updated_at == clock.now()
    assert jobstore.get("job-1") == record
    # Same key again is a no-op even after the job moved on.
    assert jobstore.claim("job-1", "tok") is not None
    assert jobstore.attach_upload("job-1", "uploads/job-1/original.png").status == "processing"
    with pytest.raises(ConflictError):
        jobstore.attach_upload("job-1", "uploads/job-1/other.png")
    with pytest.raises(NotFoundError):
        jobstore.attach_upload("missing", "uploads/missing/x.png")


# ---------------------------------------------------------------- transitions


def test_happy_path(jobstore: JobStore, clock: ManualClock) -> None:
    jobstore.create("job-1")
    clock.advance(1)
    claimed = jobstore.claim("job-1", "tok")
    assert claimed is not None
    assert claimed.status == "processing"
    assert claimed.claim_token == "tok"
    assert claimed.attempts == 1
    assert claimed.updated_at == clock.now()
    assert jobstore.get("job-1") == claimed
    clock.advance(1)
    assert jobstore.update_progress("job-1", "tok", 40)
    assert jobstore.get("job-1").progress == 40
    assert jobstore.get("job-1").updated_at == clock.now()
    clock.advance(1)
    assert _complete(jobstore, "job-1", "tok")
    done = jobstore.get("job-1")
    assert done.status == "completed"
    assert done.progress == 100
    assert done.updated_at == clock.now()


def test_claim_is_idempotent_for_the_same_token(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    first = jobstore.claim("job-1", "tok")
    second = jobstore.claim("job-1", "tok")
    assert first is not None and second is not None
    assert second.attempts == 1


def test_claim_requires_a_token(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    with pytest.raises(InvalidInputError):
        jobstore.claim("job-1", "")


def test_claim_missing_job_returns_none(jobstore: JobStore) -> None:
    assert jobstore.claim("missing", "tok") is None


def test_progress_never_decreases_and_needs_the_claim(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    assert not jobstore.update_progress("job-1", "tok", 10)  # not processing yet
    jobstore.claim("job-1", "tok")
    assert jobstore.update_progress("job-1", "tok", 50)
    assert jobstore.update_progress("job-1", "tok", 20)  # ignored, still holder
    assert jobstore.get("job-1").progress == 50
    assert not jobstore.update_progress("job-1", "other", 90)
    assert jobstore.get("job-1").progress == 50
    for bad in (-1, 101):
        with pytest.raises(InvalidInputError):
            jobstore.update_progress("job-1", "tok", bad)


def test_fail_from_processing_and_from_queued(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    jobstore.create("job-2")
    jobstore.claim("job-1", "tok")
    assert not jobstore.fail("job-1", None, error_code="x", error_message="m")  # needs token
    assert not jobstore.fail("job-1", "wrong", error_code="x", error_message="m")
    assert jobstore.fail("job-1", "tok", error_code="provider_error", error_message="boom")
    failed = jobstore.get("job-1")
    assert (failed.status, failed.error_code, failed.error_message) == (
        "failed",
        "provider_error",
        "boom",
    )
    assert not jobstore.fail("job-2", "tok", error_code="x", error_message="m")  # not claimed
    assert jobstore.fail("job-2", None, error_code="unsupported_image", error_message="gif")
    assert jobstore.get("job-2").status == "failed"


def test_release_returns_job_to_queue(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    jobstore.claim("job-1", "tok")
    jobstore.update_progress("job-1", "tok", 30)
    assert not jobstore.release("job-1", "other")
    assert jobstore.release("job-1", "tok")
    record = jobstore.get("job-1")
    assert record.status == "queued"
    assert record.claim_token is None
    assert record.progress == 30
    assert not jobstore.release("job-1", "tok")
    again = jobstore.claim("job-1", "tok2")
    assert again is not None
    assert again.attempts == 2


@pytest.mark.parametrize("terminal", sorted(TERMINAL_STATUSES))
def test_terminal_states_never_change(jobstore: JobStore, terminal: str) -> None:
    jobstore.create("job-1")
    jobstore.claim("job-1", "tok")
    if terminal == "completed":
        assert _complete(jobstore, "job-1", "tok")
    else:
        assert jobstore.fail("job-1", "tok", error_code="e", error_message="m")
    before = jobstore.get("job-1")
    assert jobstore.claim("job-1", "new") is None
    assert not _complete(jobstore, "job-1", "tok")
    assert not jobstore.fail("job-1", "tok", error_code="e2", error_message="m2")
    assert not jobstore.fail("job-1", None, error_code="e2", error_message="m2")
    assert not jobstore.release("job-1", "tok")
    assert not jobstore.update_progress("job-1", "tok", 100)
    with pytest.raises(ConflictError):
        jobstore.attach_upload("job-1", "uploads/job-1/new.jpg")
    assert jobstore.get("job-1") == before


def test_complete_requires_processing(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    assert not _complete(jobstore, "job-1", "tok")
    assert not _complete(jobstore, "missing", "tok")
    assert jobstore.get("job-1").status == "queued"


def test_transition_table_is_what_we_document() -> None:
    assert set(JOB_STATUSES) == {"queued", "processing", "completed", "failed"}
    for old, new in ALLOWED_TRANSITIONS:
        # completed is final; failed only goes back to queued by an operator's redrive
        assert old != "completed"
        assert old not in TERMINAL_STATUSES or (old, new) == ("failed", "queued")


# ---------------------------------------------------------------- concurrency / takeover


def test_two_claimers_only_one_completes(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    a = jobstore.claim("job-1", "worker-a")
    assert a is not None
    # The message was redelivered (A looked dead): B takes over.
    b = jobstore.claim("job-1", "worker-b")
    assert b is not None
    assert b.attempts == 2
    assert not jobstore.update_progress("job-1", "worker-a", 90)
    assert not _complete(jobstore, "job-1", "worker-a")
    assert not jobstore.fail("job-1", "worker-a", error_code="e", error_message="m")
    assert not jobstore.release("job-1", "worker-a")
    assert _complete(jobstore, "job-1", "worker-b")
    assert not _complete(jobstore, "job-1", "worker-b")
    assert jobstore.get("job-1").claim_token == "worker-b"


def test_takeover_after_crash(jobstore: JobStore, clock: ManualClock) -> None:
    jobstore.create("job-1")
    jobstore.claim("job-1", "dead-worker")
    jobstore.update_progress("job-1", "dead-worker", 60)
    clock.advance(901)  # the queue's visibility timeout ran out; message redelivered
    taken = jobstore.claim("job-1", "new-worker")
    assert taken is not None
    assert taken.status == "processing"
    assert taken.claim_token == "new-worker"
    assert taken.progress == 60  # progress never goes backwards, even on takeover
    assert jobstore.update_progress("job-1", "new-worker", 10)
    assert jobstore.get("job-1").progress == 60
    assert _complete(jobstore, "job-1", "new-worker")


def test_concurrent_completions_from_threads(jobstore: JobStore) -> None:
    """Many threads race to complete one claim; the conditional write lets exactly one win."""
    jobstore.create("job-1")
    jobstore.claim("job-1", "tok")
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        ok = _complete(jobstore, "job-1", "tok")
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False] * 7 + [True]


def test_concurrent_creates_from_threads(jobstore: JobStore) -> None:
    created: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        _, was_created = jobstore.create("job-1")
        with lock:
            created.append(was_created)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(created) == [False] * 7 + [True]


def test_ping(jobstore: JobStore) -> None:
    jobstore.ping()


# ---------------------------------------------------------------- reconciliation and operators


def test_owner_is_stored(jobstore: JobStore) -> None:
    record, _ = jobstore.create("job-1", owner="key-a")
    assert record.owner == "key-a"
    assert jobstore.get("job-1").owner == "key-a"


def test_abandon_fails_a_stuck_job_whoever_holds_it(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    held = jobstore.claim("job-1", "dead-worker")
    assert held is not None
    assert jobstore.abandon(held, error_code=DEAD_LETTERED, error_message="gave up")
    failed = jobstore.get("job-1")
    assert (failed.status, failed.error_code, failed.claim_token) == (
        "failed",
        DEAD_LETTERED,
        None,
    )
    assert not jobstore.abandon(failed, error_code="x", error_message="again")
    # the dead worker's late completion is refused
    assert not _complete(jobstore, "job-1", "dead-worker")


def test_abandon_leaves_a_job_that_moved_on(jobstore: JobStore, clock: ManualClock) -> None:
    jobstore.create("job-1")
    stale = jobstore.claim("job-1", "tok")
    assert stale is not None
    clock.advance(1)
    assert jobstore.update_progress("job-1", "tok", 40)
    assert not jobstore.abandon(stale, error_code=DEAD_LETTERED, error_message="gave up")
    assert jobstore.get("job-1").status == "processing"


def test_requeued_counts_once_per_read(jobstore: JobStore, clock: ManualClock) -> None:
    record, _ = jobstore.create("job-1")
    clock.advance(1)
    assert jobstore.requeued(record)
    assert not jobstore.requeued(record)  # stale read: someone already counted it
    again = jobstore.get("job-1")
    assert again.requeues == 1
    assert again.updated_at > record.updated_at
    assert again.status == "queued"


def test_reopen_only_failed_jobs(jobstore: JobStore) -> None:
    jobstore.create("job-1")
    jobstore.create("job-2")
    jobstore.create("job-3")
    assert jobstore.abandon(jobstore.get("job-1"), error_code=DEAD_LETTERED, error_message="x")
    assert jobstore.claim("job-3", "tok") is not None
    assert _complete(jobstore, "job-3", "tok")
    assert jobstore.reopen("job-1")
    reopened = jobstore.get("job-1")
    assert (reopened.status, reopened.error_code, reopened.error_message) == (
        "queued",
        None,
        None,
    )
    assert not jobstore.reopen("job-1")  # already queued
    assert not jobstore.reopen("job-2")  # queued, never failed
    assert not jobstore.reopen("job-3")  # completed is final
    assert jobstore.get("job-3").status == "completed"
    assert not jobstore.reopen("missing")


def test_list_jobs_by_status_and_staleness(jobstore: JobStore, clock: ManualClock) -> None:
    jobstore.create("job-old")
    clock.advance(100)
    jobstore.create("job-new")
    jobstore.create("job-done")
    assert jobstore.claim("job-done", "tok") is not None
    assert _complete(jobstore, "job-done", "tok")
    assert [r.job_id for r in jobstore.list_jobs(frozenset({"queued"}))] == ["job-new", "job-old"]
    stale = jobstore.list_jobs(frozenset({"queued", "processing"}), updated_before=clock.now())
    assert [r.job_id for r in stale] == ["job-old"]
    assert {r.job_id for r in jobstore.list_jobs()} == {"job-old", "job-new", "job-done"}
    assert len(jobstore.list_jobs(limit=1)) == 1
    assert jobstore.list_jobs(limit=0) == []
    clock.advance(JOB_TTL_SECONDS + 1)
    assert jobstore.list_jobs() == []  # expired records are not listed


def test_find_summary_has_the_status_fields(jobstore: JobStore) -> None:
    jobstore.create("job-1", owner="key-a")
    assert jobstore.claim("job-1", "tok") is not None
    assert _complete(jobstore, "job-1", "tok")
    summary = jobstore.find_summary("job-1")
    assert summary is not None
    assert (summary.status, summary.progress, summary.owner) == ("completed", 100, "key-a")
    assert jobstore.find_summary("missing") is None
