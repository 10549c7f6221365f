"""A Hypothesis state machine over JobStore + JobQueue together, driven like the worker.

Workers follow the protocol the service layer uses: receive a message, ``claim`` the job with
the receipt handle as claim token, then ``complete`` / ``fail`` and delete the message, or
``release`` it (visibility 0), or crash (drop the handle). The clock moves only when a rule
says so, so visibility timeouts expire, messages are redelivered, stale workers wake up late
and poison messages reach the dead-letter queue.

Invariants: no job completes twice; no job is lost (each submitted job is terminal, or its
message is still in the queue or in the dead-letter queue); statuses move only along the
allowed transitions and terminal records never change; progress never decreases.
"""

from __future__ import annotations

import shutil
import tempfile
import unittest
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from petavatar.ports.jobqueue import QueueMessage
from petavatar.ports.jobstore import ALLOWED_TRANSITIONS, JobRecord
from tests.ports.conftest import (
    JOBQUEUE_BACKENDS,
    JOBSTORE_BACKENDS,
    JobQueueFactory,
    JobStoreFactory,
)
from tests.support import moto
from tests.support.clock import ManualClock

VISIBILITY = 900


class JobLifecycle(RuleBasedStateMachine):
    """Over one job store and one queue backend (subclasses below pick them)."""

    make_store: JobStoreFactory
    make_queue: JobQueueFactory

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="petavatar-sm-"))
        self.clock = ManualClock()
        self.store = type(self).make_store(self.tmp, self.clock)
        self.queue = type(self).make_queue(self.tmp, self.clock)
        assert self.queue.visibility_timeout == VISIBILITY
        self.submitted: list[str] = []
        self.held: dict[str, str] = {}  # receipt handle -> job id (live or zombie workers)
        self.completions: Counter[str] = Counter()
        self.undeleted: Counter[str] = Counter()  # messages sent and not yet deleted, per job
        self.snapshot: dict[str, JobRecord] = {}

    @initialize()
    def start(self) -> None:
        self.submit()

    def teardown(self) -> None:
        for part in (self.store, self.queue):
            close = getattr(part, "close", None)
            if callable(close):
                close()
        moto.real_time()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------------ helpers

    def _pick(self, index: int) -> tuple[str, str]:
        handle = list(self.held)[index % len(self.held)]  # insertion order: deterministic
        return handle, self.held[handle]

    def _delete_message(self, handle: str, job_id: str) -> None:
        if self.queue.delete(handle):
            self.undeleted[job_id] -= 1

    # ------------------------------------------------------------------ rules

    @rule()
    def submit(self) -> None:
        job_id = f"job-{len(self.submitted)}"
        key = f"uploads/{job_id}/original.jpg"
        self.store.create(job_id, s3_upload_key=key)
        self.queue.send(QueueMessage(job_id=job_id, s3_upload_key=key, timestamp=self.clock.now()))
        self.submitted.append(job_id)
        self.undeleted[job_id] += 1

    @rule(batch=st.integers(1, 3))
    def receive_and_claim(self, batch: int) -> None:
        for item in self.queue.receive(max_messages=batch):
            job_id = item.message.job_id
            record = self.store.claim(job_id, item.receipt_handle)
            if record is None:
                # Terminal job (or lost race): nothing to do, drop the message.
                assert self.store.get(job_id).is_terminal
                self._delete_message(item.receipt_handle, job_id)
            else:
                assert record.claim_token == item.receipt_handle
                self.held[item.receipt_handle] = job_id

    @precondition(lambda self: self.held)
    @rule(index=st.integers(0, 50), progress=st.integers(0, 100))
    def report_progress(self, index: int, progress: int) -> None:
        handle, job_id = self._pick(index)
        self.store.update_progress(job_id, handle, progress)

    @precondition(lambda self: self.held)
    @rule(index=st.integers(0, 50))
    def complete(self, index: int) -> None:
        handle, job_id = self._pick(index)
        del self.held[handle]
        ok = self.store.complete(
            job_id,
            handle,
            s3_avatar_key=f"generated/{job_id}/avatar.png",
            s3_report_card_key=None,
            identity_package={"human_name": "X"},
            pet_analysis={"species": "cat"},
            career_profile=None,
            usage=None,
        )
        if ok:
            self.completions[job_id] += 1
            self._delete_message(handle, job_id)

    @precondition(lambda self: self.held)
    @rule(index=st.integers(0, 50))
    def fail(self, index: int) -> None:
        handle, job_id = self._pick(index)
        del self.held[handle]
        if self.store.fail(job_id, handle, error_code="provider_error", error_message="boom"):
            self._delete_message(handle, job_id)

    @rule(index=st.integers(0, 50))
    def fail_before_claim(self, index: int) -> None:
        """A bad upload detected by the API: queued -> failed without a token."""
        job_id = self.submitted[index % len(self.submitted)]
        self.store.fail(job_id, None, error_code="unsupported_image", error_message="gif")

    @precondition(lambda self: self.held)
    @rule(index=st.integers(0, 50))
    def crash(self, index: int) -> None:
        handle, _ = self._pick(index)
        del self.held[handle]  # the worker dies: no delete, no release

    @precondition(lambda self: self.held)
    @rule(index=st.integers(0, 50))
    def release(self, index: int) -> None:
        handle, job_id = self._pick(index)
        del self.held[handle]
        if self.store.release(job_id, handle):
            self.queue.change_visibility(handle, 0)

    @rule(seconds=st.sampled_from([1, 60, VISIBILITY - 1, VISIBILITY, VISIBILITY + 1, 2000]))
    def advance_clock(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @rule()
    def redeliver(self) -> None:
        """Visibility runs out for everything in flight, then a worker receives again."""
        self.clock.advance(VISIBILITY)
        self.receive_and_claim(3)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def no_job_completes_twice(self) -> None:
        assert all(count <= 1 for count in self.completions.values())
        for job_id, count in self.completions.items():
            if count:
                assert self.store.get(job_id).status == "completed"

    @invariant()
    def transitions_and_progress(self) -> None:
        for job_id in self.submitted:
            record = self.store.get(job_id)
            before = self.snapshot.get(job_id)
            if before is not None:
                if before.is_terminal:
                    assert record == before, f"terminal job {job_id} changed"
                elif record.status != before.status or record.claim_token != before.claim_token:
                    assert (before.status, record.status) in ALLOWED_TRANSITIONS
                assert record.progress >= before.progress
                assert record.attempts >= before.attempts
            if record.status == "completed":
                assert record.progress == 100
            self.snapshot[job_id] = record

    @invariant()
    def no_job_is_lost(self) -> None:
        assert all(v >= 0 for v in self.undeleted.values())
        messages = sum(self.undeleted.values())
        assert self.queue.depth() + self.queue.dead_letter_depth() == messages
        dead_jobs = {m.job_id for m in self.queue.dead_letters(limit=10_000)}
        assert dead_jobs <= set(self.submitted)
        for job_id in self.submitted:
            record = self.store.get(job_id)
            if not record.is_terminal:
                assert self.undeleted[job_id] > 0 or job_id in dead_jobs, f"{job_id} was lost"


def _machine(store: str, queue: str, examples: int, steps: int) -> type[unittest.TestCase]:
    """The state machine over the named job store and queue backends."""
    machine = type(
        f"JobLifecycle_{store}_{queue}",
        (JobLifecycle,),
        {
            "make_store": staticmethod(dict(JOBSTORE_BACKENDS)[store]),
            "make_queue": staticmethod(dict(JOBQUEUE_BACKENDS)[queue]),
        },
    )
    case: type[unittest.TestCase] = machine.TestCase
    case.settings = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    return case


TestJobLifecycle = _machine("sqlite", "sqlite", examples=60, steps=40)
# Each AWS step is several HTTP round trips to moto: fewer, shorter runs.
TestJobLifecycleAws = _machine("dynamodb", "sqs", examples=8, steps=20)
