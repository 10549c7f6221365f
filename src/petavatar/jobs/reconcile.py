"""Reconciliation: no job stays ``queued`` or ``processing`` for ever.

Two things can leave a job without a live queue message:

* its message was **dead-lettered** (received ``max_receives`` times without being
  settled, e.g. the worker was killed mid-job each time): the job is failed with a
  message that says so and how to redrive it;
* its message was **lost** (the process died between creating the job and sending
  the message): a job not updated for ``stale_after_seconds`` gets its message sent
  again, once; if it is still stale a period later, it is failed.

Duplicate messages are harmless (a claim is idempotent and a settled job's message
is dropped), so re-sending is always safe. :meth:`Reconciler.redrive` is the
operator's way back: dead letters return to the queue and their jobs to ``queued``.
The reconciler runs inside ``petavatar serve``, as ``petavatar jobs reconcile`` and
as a scheduled Lambda.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from petavatar.clock import Clock
from petavatar.config import Settings
from petavatar.observability.logs import bind_job, get_logger, log_error
from petavatar.ports.jobqueue import JobQueue, QueueMessage
from petavatar.ports.jobstore import DEAD_LETTERED, JobRecord, JobStore

JOB_LOST = "job_lost"
"""``error_code`` of a job whose message was lost and re-sent without effect."""

_log = get_logger("reconciler")


class ReconcileReport(BaseModel):
    """What one reconciliation pass changed."""

    dead_lettered_failed: list[str] = []
    requeued: list[str] = []
    lost_failed: list[str] = []


class RedriveReport(BaseModel):
    """What one redrive moved back."""

    messages: int = 0
    reopened: list[str] = []


def dead_letter_message(attempts: int) -> str:
    return (
        f"processing was attempted {attempts} times without finishing (the worker stopped "
        "or crashed each time), so the job was set aside in the dead-letter queue; an "
        "operator can retry it with `petavatar jobs redrive`, or submit the photo again"
    )


def lost_message(minutes: int) -> str:
    return (
        f"the job made no progress for {minutes} minutes even after it was queued again; "
        "submit the photo again (operators: check that workers are running)"
    )


class Reconciler:
    """Finds jobs whose queue message is dead or lost and settles them."""

    def __init__(
        self,
        jobs: JobStore,
        queue: JobQueue,
        *,
        settings: Settings,
        clock: Clock,
        on_enqueue: Callable[[], None] | None = None,
    ) -> None:
        self.jobs = jobs
        self.queue = queue
        self.settings = settings
        self.clock = clock
        self.on_enqueue = on_enqueue

    def run(self, limit: int = 100) -> ReconcileReport:
        """One pass: fail dead-lettered jobs, re-send or fail stale ones."""
        report = ReconcileReport()
        self._settle_dead_letters(limit, report)
        self._settle_stale(limit, report)
        changed = report.dead_lettered_failed or report.requeued or report.lost_failed
        if changed:
            _log.warning("jobs reconciled", operation="reconcile", **report.model_dump())
        return report

    def redrive(self, limit: int = 100) -> RedriveReport:
        """Dead letters back to the queue and their jobs back to ``queued``.

        Jobs are reopened before their messages move (so a worker never meets a moved
        message whose job is still failed) and again after (for letters that arrived
        in between).
        """
        report = RedriveReport()
        reopened: set[str] = set()
        for message in self.queue.dead_letters(limit):
            self._reopen(message.job_id, reopened)
        moved = self.queue.redrive(limit)
        for message in moved:
            self._reopen(message.job_id, reopened)
        report.messages = len(moved)
        report.reopened = sorted(reopened)
        if moved and self.on_enqueue is not None:
            self.on_enqueue()
        _log.warning("dead letters redriven", operation="redrive", **report.model_dump())
        return report

    @property
    def stale_after(self) -> float:
        """Seconds without an update after which a non-terminal job's message is presumed gone."""
        configured = self.settings.stale_after_seconds
        if configured is not None:
            return float(configured)
        return float(self.settings.visibility_timeout * (self.settings.max_receives + 1))

    def _reopen(self, job_id: str, reopened: set[str]) -> None:
        with bind_job(job_id):
            if self.jobs.reopen(job_id):
                reopened.add(job_id)

    def _settle_dead_letters(self, limit: int, report: ReconcileReport) -> None:
        for message in self.queue.dead_letters(limit):
            with bind_job(message.job_id):
                record = self.jobs.find(message.job_id)
                if record is None or record.is_terminal:
                    continue
                text = dead_letter_message(max(record.attempts, self.settings.max_receives))
                if self.jobs.abandon(record, error_code=DEAD_LETTERED, error_message=text):
                    report.dead_lettered_failed.append(record.job_id)

    def _settle_stale(self, limit: int, report: ReconcileReport) -> None:
        cutoff = self.clock.now() - self.stale_after
        stale = self.jobs.list_jobs(
            frozenset({"queued", "processing"}), updated_before=cutoff, limit=limit
        )
        for record in stale:
            with bind_job(record.job_id):
                try:
                    self._settle_one(record, report)
                except Exception as exc:  # one bad record must not stop the pass
                    log_error(_log, "reconcile", exc)

    def _settle_one(self, record: JobRecord, report: ReconcileReport) -> None:
        if record.requeues < self.settings.max_requeues:
            if not self.jobs.requeued(record):
                return  # it moved on since we read it
            key = record.s3_upload_key or ""
            self.queue.send(
                QueueMessage(job_id=record.job_id, s3_upload_key=key, timestamp=self.clock.now())
            )
            report.requeued.append(record.job_id)
            if self.on_enqueue is not None:
                self.on_enqueue()
            return
        text = lost_message(max(1, int(self.stale_after // 60)))
        if self.jobs.abandon(record, error_code=JOB_LOST, error_message=text):
            report.lost_failed.append(record.job_id)
