"""The job worker: receive a message, claim the job, run the pipeline, store results.

One message at a time, every state change a conditional write:

1. ``queue.receive`` hides the message for the visibility timeout.
2. ``jobs.claim(job_id, token)`` with a fresh token moves the job to
   ``processing`` (or takes it over after a crashed worker's message came back).
3. The pipeline runs; each progress callback raises ``progress`` and extends the
   message's visibility (a heartbeat, as with SQS), so a long job is not
   redelivered while it is alive.
4. ``generated/{job_id}/avatar.png``, ``report-card.png`` and ``report-card-og.png``
   are written with atomic puts *before* ``jobs.complete`` flips the status, so no client ever
   sees a completed job with half-written files. ``complete`` is conditional
   on the claim token: if the job was taken over, this worker's result is
   dropped and the job still completes exactly once.
5. The message is deleted; the webhook (if any) is notified.

Failure policy:

* permanent errors (a :class:`PetAvatarError` that is not transient, such as
  NoPetFoundError or UnsupportedImageError) → the job fails at once with the
  error's code and message; the message is deleted.
* transient errors (TransientProviderError, ProviderUnavailableError,
  StorageError, StepTimeoutError) and unexpected exceptions (logged with
  traceback) → the job is released to ``queued`` and the message becomes
  visible again after a short backoff. On the ``max_receives``-th delivery the
  job fails instead and the message is left for the queue to dead-letter on its
  next receive.

The loop never dies from a job's exception. ``run_forever(stop)`` finishes the
current job and then stops; :class:`WorkerPool` runs N workers in threads for
``petavatar serve``.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from petavatar.clock import Clock
from petavatar.config import Settings
from petavatar.errors import (
    InvalidInputError,
    PetAvatarError,
)
from petavatar.jobs.keys import avatar_key, report_card_key, report_card_og_key
from petavatar.jobs.pipeline import PersonaPipeline, PersonaResult
from petavatar.jobs.service import load_hints
from petavatar.jobs.webhook import WebhookSender
from petavatar.observability.logs import bind_job, get_logger, log_error
from petavatar.observability.metrics import Metrics
from petavatar.ports.blobstore import BlobStore
from petavatar.ports.jobqueue import JobQueue, ReceivedMessage
from petavatar.ports.jobstore import JobRecord, JobStore

_log = get_logger("worker")


def should_redeliver(error: BaseException) -> bool:
    """True for errors worth running the job again later (and for anything unexpected)."""
    if isinstance(error, PetAvatarError):
        return error.redeliver
    return True


@dataclass(frozen=True)
class Outcome:
    """What happened to one received message (for tests and logs)."""

    job_id: str
    result: str
    """completed | failed | retried | skipped | lost"""
    error_code: str | None = None


class Worker:
    """Processes job messages from the queue with the pipeline."""

    def __init__(
        self,
        blobs: BlobStore,
        jobs: JobStore,
        queue: JobQueue,
        pipeline: PersonaPipeline,
        *,
        settings: Settings,
        clock: Clock,
        metrics: Metrics | None = None,
        webhooks: WebhookSender | None = None,
        retry_delay: float = 5.0,
        poll_interval: float = 0.5,
        name: str | None = None,
        wake: threading.Event | None = None,
    ) -> None:
        self.blobs = blobs
        self.jobs = jobs
        self.queue = queue
        self.pipeline = pipeline
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        self.webhooks = webhooks
        self.retry_delay = retry_delay
        self.poll_interval = poll_interval
        self.name = name or f"worker-{uuid.uuid4().hex[:6]}"
        self.wake = wake
        """Set when a message is sent in this process, so an idle worker need not
        wait out ``poll_interval`` (messages from other processes still wait for it)."""
        self.last_outcome: Outcome | None = None

    # -- loop ------------------------------------------------------------------

    def run_once(self) -> bool:
        """Receive and handle at most one message; True if one was handled."""
        try:
            received = self.queue.receive(max_messages=1)
        except Exception as exc:
            log_error(_log, "receive", exc, worker=self.name)
            return False
        if not received:
            return False
        try:
            self.last_outcome = self.handle(received[0])
        except Exception as exc:  # the loop must survive anything
            log_error(
                _log,
                "handle",
                exc,
                worker=self.name,
                job_id=received[0].message.job_id,
                traceback=traceback.format_exc(),
            )
        return True

    def run_forever(self, stop: threading.Event) -> None:
        """Handle messages until ``stop`` is set; the job in hand is always finished first."""
        _log.info("worker started", operation="run_forever", worker=self.name)
        while not stop.is_set():
            if self.wake is None:
                if not self.run_once():
                    stop.wait(self.poll_interval)
                continue
            # Clear before receiving: a send after this point sets it again, so no
            # wake-up is lost between an empty receive and the wait.
            self.wake.clear()
            if not self.run_once():
                self.wake.wait(self.poll_interval)
        _log.info("worker stopped", operation="run_forever", worker=self.name)

    # -- one message -------------------------------------------------------------

    def handle(self, received: ReceivedMessage) -> Outcome:
        """Claim, process and settle one received message."""
        job_id = received.message.job_id
        with bind_job(job_id, worker=self.name, receive_count=received.receive_count):
            token = uuid.uuid4().hex
            try:
                record = self.jobs.claim(job_id, token)
            except InvalidInputError as exc:  # a message no job can match: drop it
                log_error(_log, "claim", exc)
                self.queue.delete(received.receipt_handle)
                return Outcome(job_id, "skipped", exc.code)
            except Exception as exc:  # store unavailable: let the message come back
                log_error(_log, "claim", exc)
                return Outcome(job_id, "retried", "storage_error")
            if record is None:
                return self._not_claimed(job_id, received)
            _log.info("job claimed", operation="claim", attempt=record.attempts)
            try:
                result = self._run_pipeline(record, token, received)
                self._store_results(record, token, result)
            except Exception as exc:
                return self._on_failure(record, token, received, exc)
            self._delete(received)
            if self.metrics is not None:
                self.metrics.jobs_processed.labels(outcome="completed").inc()
                self.metrics.record_cost(result.cost)
                self.metrics.job_completion.observe(max(0.0, self.clock.now() - record.created_at))
                for step, seconds in result.step_seconds.items():
                    self.metrics.step_duration.labels(step=step).observe(seconds)
            _log.info("job completed", operation="complete")
            self._notify(record, "completed", None)
            return Outcome(job_id, "completed")

    def _not_claimed(self, job_id: str, received: ReceivedMessage) -> Outcome:
        current = self.jobs.find(job_id)
        if current is None or current.is_terminal:
            # Done already (a duplicate delivery) or gone: nothing left to do.
            self._delete(received)
            state = "missing" if current is None else current.status
            _log.info("message for settled job dropped", operation="claim", job_status=state)
            return Outcome(job_id, "skipped")
        _log.info("job held by another worker", operation="claim", job_status=current.status)
        return Outcome(job_id, "lost")

    def _run_pipeline(
        self, record: JobRecord, token: str, received: ReceivedMessage
    ) -> PersonaResult:
        key = record.s3_upload_key or received.message.s3_upload_key
        image = self.blobs.get_bytes(key)
        hints = load_hints(self.blobs, record.job_id)
        heartbeat_every = max(1.0, self.queue.visibility_timeout / 3)
        last_beat = [self.clock.monotonic()]

        def on_progress(percent: int, step: str) -> None:
            try:
                value = max(0, min(99, int(percent)))
                self.jobs.update_progress(record.job_id, token, value)
                now = self.clock.monotonic()
                if now - last_beat[0] >= heartbeat_every:
                    self.queue.change_visibility(
                        received.receipt_handle, self.queue.visibility_timeout
                    )
                    last_beat[0] = now
                _log.debug("progress", operation="progress", percent=value, step=step)
            except Exception as exc:  # progress is advisory; never break the pipeline
                log_error(_log, "progress", exc, step=step)

        return self.pipeline.run(image, hints=hints, job_id=record.job_id, progress=on_progress)

    def _store_results(self, record: JobRecord, token: str, result: PersonaResult) -> None:
        job_id = record.job_id
        a_key, r_key = avatar_key(job_id), report_card_key(job_id)
        self.blobs.put_bytes(a_key, result.avatar.png, "image/png")
        self.blobs.put_bytes(r_key, result.report_card_png, "image/png")
        self.blobs.put_bytes(report_card_og_key(job_id), result.report_card_og_png, "image/png")
        ok = self.jobs.complete(
            job_id,
            token,
            s3_avatar_key=a_key,
            s3_report_card_key=r_key,
            identity_package=result.identity.model_dump(mode="json"),
            pet_analysis=result.analysis.model_dump(mode="json"),
            career_profile=result.career.model_dump(mode="json"),
            usage=result.usage_document(),
        )
        if not ok:
            raise _LostClaimError(f"job {job_id} was taken over by another worker")

    def _on_failure(
        self, record: JobRecord, token: str, received: ReceivedMessage, exc: BaseException
    ) -> Outcome:
        job_id = record.job_id
        if isinstance(exc, _LostClaimError):
            _log.warning("result dropped: claim lost", operation="complete")
            self._delete(received)
            return Outcome(job_id, "lost")
        transient = should_redeliver(exc)
        code = exc.code if isinstance(exc, PetAvatarError) else "internal_error"
        message = _describe(exc)
        extra = {} if isinstance(exc, PetAvatarError) else {"traceback": traceback.format_exc()}
        log_error(_log, "process", exc, transient=transient, **extra)
        out_of_attempts = received.receive_count >= self.queue.max_receives
        if transient and not out_of_attempts:
            self.jobs.release(job_id, token)
            delay = min(
                self.queue.visibility_timeout,
                self.retry_delay * 2 ** max(0, received.receive_count - 1),
            )
            self.queue.change_visibility(received.receipt_handle, delay)
            self._count("retried")
            return Outcome(job_id, "retried", code)
        if transient:
            message = (
                f"{message} (gave up after {received.receive_count} attempts; "
                "submit the photo again later)"
            )
        failed = self.jobs.fail(job_id, token, error_code=code, error_message=message)
        if transient:
            # Leave it for the queue: the next receive moves it to the dead-letter queue.
            self.queue.change_visibility(received.receipt_handle, 0)
        else:
            self._delete(received)
        if failed:
            self._count("failed")
            self._notify(record, "failed", {"error": code, "message": message})
        return Outcome(job_id, "failed", code)

    # -- helpers ---------------------------------------------------------------

    def _delete(self, received: ReceivedMessage) -> None:
        try:
            self.queue.delete(received.receipt_handle)
        except Exception as exc:
            log_error(_log, "delete_message", exc)

    def _count(self, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.jobs_processed.labels(outcome=outcome).inc()

    def _notify(self, record: JobRecord, status: str, error: dict[str, str] | None) -> None:
        url = record.webhook_url
        if not url:
            try:
                url = self.jobs.get(record.job_id).webhook_url
            except PetAvatarError:
                url = None
        if url and self.webhooks is not None:
            self.webhooks.notify(url, job_id=record.job_id, status=status, error=error)


class _LostClaimError(Exception):
    """Our claim token no longer holds the job (another worker took it over)."""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, PetAvatarError):
        return exc.public_message
    return f"unexpected error while processing ({type(exc).__name__}); please retry"


class Loop(Protocol):
    """Anything a :class:`WorkerPool` runs: a worker, or an event consumer."""

    name: str
    wake: threading.Event | None

    def run_forever(self, stop: threading.Event) -> None: ...


class WorkerPool:
    """N workers (or other loops) in daemon threads sharing one stop event."""

    def __init__(self, workers: Sequence[Loop]) -> None:
        self.workers = list(workers)
        self.stop_event = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start one thread per worker."""
        for worker in self.workers:
            thread = threading.Thread(
                target=worker.run_forever, args=(self.stop_event,), name=worker.name, daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float | None = 30.0) -> bool:
        """Ask every worker to stop after its current job; True if all stopped in time."""
        self.stop_event.set()
        for worker in self.workers:
            if worker.wake is not None:
                worker.wake.set()
        for thread in self._threads:
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads)
