"""The job store port: one record per job, moved through its lifecycle by compare-and-set.

The base class :class:`JobStore` holds every rule (which transitions are allowed, who may
write while a job is processing, TTL hiding, timestamps). An adapter implements five storage
methods whose contracts are written on the abstract methods below, in the manner of the AWS
Powertools idempotency persistence layers: the adapter only has to offer an atomic
"insert if absent" and an atomic "update if these fields still hold these values".

Lifecycle::

    queued ──claim──▶ processing ──complete──▶ completed
      │  ▲               │  │ ▲
      │  └──release──────┘  │ └─claim (takeover after a crash, conditional on the old token)
      └──fail (token None)──┴──fail──▶ failed ──reopen (operator redrive)──▶ queued
      └──── abandon (reconciler: dead-lettered or lost message) ────▶ failed

``completed`` is terminal; ``failed`` changes only when an operator redrives a job whose
message was dead-lettered (:meth:`JobStore.reopen`).
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from petavatar.clock import Clock, SystemClock
from petavatar.errors import ConflictError, InvalidInputError, NotFoundError, StorageError

logger = logging.getLogger(__name__)

JobStatus = Literal["queued", "processing", "completed", "failed"]
JOB_STATUSES: Final[tuple[JobStatus, ...]] = get_args(JobStatus)
TERMINAL_STATUSES: Final[frozenset[JobStatus]] = frozenset({"completed", "failed"})
JOB_TTL_SECONDS: Final[int] = 7 * 24 * 3600

#: Every status change the store may make, as (from, to). ``processing -> processing`` is a
#: takeover by a new claim token after the previous worker died.
ALLOWED_TRANSITIONS: Final[frozenset[tuple[JobStatus, JobStatus]]] = frozenset(
    {
        ("queued", "processing"),
        ("queued", "failed"),
        ("processing", "completed"),
        ("processing", "failed"),
        ("processing", "queued"),
        ("processing", "processing"),
        ("failed", "queued"),
    }
)

DEAD_LETTERED: Final = "dead_lettered"
"""``error_code`` of a job failed because its queue message was dead-lettered (redrivable)."""

_JOB_ID_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_MAX_CAS_RETRIES: Final = 8


def check_storage_id(job_id: str) -> str:
    """Return ``job_id`` if it is safe as a storage id, else raise :class:`InvalidInputError`.

    The API accepts only UUIDs (:func:`petavatar.jobs.keys.validate_job_id`); a store
    accepts any id that is safe in object keys, URLs and SQL parameters: 1–128 characters
    of ``[A-Za-z0-9_.-]`` starting with a letter or digit.
    """
    if not isinstance(job_id, str) or not _JOB_ID_RE.fullmatch(job_id):
        raise InvalidInputError(
            f"Invalid job id {job_id!r}: use 1-128 letters, digits, '-', '_' or '.'",
            job_id=str(job_id)[:200],
        )
    return job_id


class JobRecord(BaseModel):
    """One job as stored. Times are epoch seconds; ``ttl`` is when the record expires."""

    model_config = ConfigDict(extra="forbid")

    job_id: str
    status: JobStatus
    created_at: float
    updated_at: float
    s3_upload_key: str | None = None
    s3_avatar_key: str | None = None
    s3_report_card_key: str | None = None
    progress: int = Field(default=0, ge=0, le=100)
    error_message: str | None = None
    error_code: str | None = None
    identity_package: dict[str, Any] | None = None
    pet_analysis: dict[str, Any] | None = None
    career_profile: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    webhook_url: str | None = None
    owner: str | None = None
    """Id of the API key that presigned the upload; only that key sees the job."""
    claim_token: str | None = None
    attempts: int = Field(default=0, ge=0)
    requeues: int = Field(default=0, ge=0)
    """How many times the reconciler re-sent the job's message (a lost-message guard)."""
    ttl: int

    @property
    def is_terminal(self) -> bool:
        """True once the job is ``completed`` or ``failed`` (it will never change again)."""
        return self.status in TERMINAL_STATUSES


#: Fields an adapter may see in ``expected`` of :meth:`JobStore._compare_and_set`: scalars only.
CAS_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "status",
        "claim_token",
        "progress",
        "s3_upload_key",
        "webhook_url",
        "attempts",
        "requeues",
        "error_code",
        "updated_at",
        "ttl",
    }
)
#: JSON-valued fields (stored as documents / JSON text by adapters).
JSON_FIELDS: Final[frozenset[str]] = frozenset(
    {"identity_package", "pet_analysis", "career_profile", "usage"}
)


class JobStore(ABC):
    """Port for job records. Public methods hold the logic; adapters implement ``_`` methods.

    Every write stamps ``updated_at`` from the injected clock and is a single conditional
    write, so two workers racing on one job cannot both win.
    """

    def __init__(self, clock: Clock | None = None, ttl_seconds: int = JOB_TTL_SECONDS) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        self.clock: Clock = clock or SystemClock()
        self.ttl_seconds = ttl_seconds

    # ------------------------------------------------------------------ public API

    def create(
        self,
        job_id: str,
        *,
        s3_upload_key: str | None = None,
        webhook_url: str | None = None,
        owner: str | None = None,
    ) -> tuple[JobRecord, bool]:
        """Create the job as ``queued`` unless it exists; return ``(record, created)``.

        Idempotent: calling it twice (say, from ``POST /process`` and the object-created
        event) creates one record; the second call returns the stored record and ``False``
        without changing it. An expired record is replaced by a fresh one.
        """
        check_storage_id(job_id)
        for _ in range(_MAX_CAS_RETRIES):
            now = self.clock.now()
            record = JobRecord(
                job_id=job_id,
                status="queued",
                created_at=now,
                updated_at=now,
                s3_upload_key=s3_upload_key,
                webhook_url=webhook_url,
                owner=owner,
                progress=0,
                attempts=0,
                ttl=int(now + self.ttl_seconds),
            )
            if self._insert_if_absent(record):
                return record, True
            existing = self._get(job_id)
            if existing is None:
                continue  # deleted between the insert and the read: try again
            if existing.ttl <= now:
                # Replace the expired record in one conditional write (a delete-then-insert
                # could delete a fresh record another caller just created).
                logger.info("replacing expired job record %s", job_id)
                fresh = record.model_dump(exclude={"job_id"})
                if self._cas(job_id, {"ttl": existing.ttl, "status": existing.status}, fresh):
                    return record, True
                continue
            return existing, False
        raise StorageError(
            f"Could not create job {job_id}: the record kept changing", job_id=job_id
        )

    def find(self, job_id: str) -> JobRecord | None:
        """The live record, or ``None`` if it is missing or expired (``ttl <= now``)."""
        check_storage_id(job_id)
        record = self._get(job_id)
        if record is None or record.ttl <= self.clock.now():
            return None
        return record

    def get(self, job_id: str) -> JobRecord:
        """The live record; :class:`NotFoundError` if it is missing or expired."""
        record = self.find(job_id)
        if record is None:
            raise NotFoundError(
                f"Job {job_id} not found: it does not exist or has expired "
                f"(jobs are kept {self.ttl_seconds // 86400} days)",
                job_id=job_id,
            )
        return record

    def attach_upload(
        self, job_id: str, s3_upload_key: str, webhook_url: str | None = None
    ) -> JobRecord:
        """Set the upload key (and the webhook, when given) on a ``queued`` job.

        Raises :class:`NotFoundError` for an unknown job and :class:`ConflictError` once the
        job has left ``queued`` with a different upload key (re-attaching the same key is a
        no-op, so a retried request succeeds).
        """
        for _ in range(_MAX_CAS_RETRIES):
            record = self.get(job_id)
            new_webhook = webhook_url if webhook_url is not None else record.webhook_url
            if record.s3_upload_key == s3_upload_key and record.webhook_url == new_webhook:
                return record
            if record.status != "queued":
                raise ConflictError(
                    f"Job {job_id} is already {record.status}; its upload can no longer change",
                    job_id=job_id,
                    status=record.status,
                )
            changes: dict[str, Any] = {
                "s3_upload_key": s3_upload_key,
                "webhook_url": new_webhook,
                "updated_at": self.clock.now(),
            }
            expected = {
                "status": "queued",
                "s3_upload_key": record.s3_upload_key,
                "webhook_url": record.webhook_url,
            }
            if self._cas(job_id, expected, changes):
                return record.model_copy(update=changes)
        raise StorageError(
            f"Could not update job {job_id}: the record kept changing", job_id=job_id
        )

    def claim(self, job_id: str, claim_token: str) -> JobRecord | None:
        """Take the job for processing under ``claim_token``; ``None`` if it cannot be taken.

        * ``queued`` → ``processing`` with the new token, ``attempts + 1``.
        * ``processing`` under another token → taken over (crash recovery), conditional on
          the token read just before. Safe because the queue's visibility timeout lets only
          one consumer hold a message at a time: a redelivered message means the previous
          holder lost it. The old holder's later ``complete``/``fail`` then returns False.
        * ``processing`` under the same token → returned unchanged (idempotent retry).
        * terminal, missing or expired → ``None`` (the caller should delete its message).
        * lost a race with a concurrent claimer → ``None`` (someone else holds it now).
        """
        if not claim_token:
            raise InvalidInputError("claim_token must be a non-empty string", job_id=job_id)
        record = self.find(job_id)
        if record is None or record.is_terminal:
            return None
        if record.status == "processing" and record.claim_token == claim_token:
            return record
        self._check_transition(record.status, "processing")
        if record.status == "processing":
            logger.warning(
                "job %s: taking over from a previous claim after redelivery (attempt %d)",
                job_id,
                record.attempts + 1,
            )
        changes: dict[str, Any] = {
            "status": "processing",
            "claim_token": claim_token,
            "attempts": record.attempts + 1,
            "updated_at": self.clock.now(),
        }
        expected = {"status": record.status, "claim_token": record.claim_token}
        if self._cas(job_id, expected, changes):
            return record.model_copy(update=changes)
        return None

    def update_progress(self, job_id: str, claim_token: str, progress: int) -> bool:
        """Raise progress (0–100) while ``processing`` under ``claim_token``.

        Returns False if the caller no longer holds the job. Progress never decreases: a
        lower value than the stored one is ignored (and still returns True).
        """
        if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
            raise InvalidInputError(f"progress must be an integer 0-100, got {progress!r}")
        for _ in range(_MAX_CAS_RETRIES):
            record = self.find(job_id)
            if record is None or record.status != "processing":
                return False
            if record.claim_token != claim_token:
                return False
            if progress <= record.progress:
                return True
            expected = {
                "status": "processing",
                "claim_token": claim_token,
                "progress": record.progress,
            }
            if self._cas(job_id, expected, {"progress": progress, "updated_at": self.clock.now()}):
                return True
        return False

    def complete(
        self,
        job_id: str,
        claim_token: str,
        *,
        s3_avatar_key: str | None,
        s3_report_card_key: str | None,
        identity_package: Mapping[str, Any] | None,
        pet_analysis: Mapping[str, Any] | None,
        career_profile: Mapping[str, Any] | None,
        usage: Mapping[str, Any] | None,
    ) -> bool:
        """``processing`` (under ``claim_token``) → ``completed`` with the results, progress 100.

        False if another worker holds or held the job, or it is no longer processing.
        """
        self._check_transition("processing", "completed")
        changes: dict[str, Any] = {
            "status": "completed",
            "progress": 100,
            "s3_avatar_key": s3_avatar_key,
            "s3_report_card_key": s3_report_card_key,
            "identity_package": _plain(identity_package),
            "pet_analysis": _plain(pet_analysis),
            "career_profile": _plain(career_profile),
            "usage": _plain(usage),
            "error_code": None,
            "error_message": None,
            "updated_at": self.clock.now(),
        }
        return self._cas(job_id, {"status": "processing", "claim_token": claim_token}, changes)

    def fail(
        self, job_id: str, claim_token: str | None, *, error_code: str, error_message: str
    ) -> bool:
        """Mark the job ``failed``.

        With a token: ``processing`` under that token → ``failed``. With ``None``: ``queued`` →
        ``failed`` (for problems found before any worker claimed it, such as a bad upload).
        Returns False when the condition does not hold.
        """
        changes: dict[str, Any] = {
            "status": "failed",
            "error_code": error_code,
            "error_message": error_message,
            "updated_at": self.clock.now(),
        }
        expected: dict[str, Any]
        if claim_token is None:
            self._check_transition("queued", "failed")
            expected = {"status": "queued"}
        else:
            self._check_transition("processing", "failed")
            expected = {"status": "processing", "claim_token": claim_token}
        return self._cas(job_id, expected, changes)

    def release(self, job_id: str, claim_token: str) -> bool:
        """``processing`` (under ``claim_token``) → ``queued``, e.g. on graceful shutdown.

        Progress and attempts are kept. The caller should also make its queue message visible
        again (``JobQueue.change_visibility(handle, 0)``).
        """
        self._check_transition("processing", "queued")
        changes = {"status": "queued", "claim_token": None, "updated_at": self.clock.now()}
        return self._cas(job_id, {"status": "processing", "claim_token": claim_token}, changes)

    def abandon(self, record: JobRecord, *, error_code: str, error_message: str) -> bool:
        """``queued``/``processing`` → ``failed`` whoever holds it (the reconciler's verdict).

        Conditional on ``record``'s status, claim token and ``updated_at`` still holding, so
        a job that moved on since it was read (a worker made progress) is left alone.
        """
        if record.is_terminal:
            return False
        self._check_transition(record.status, "failed")
        changes: dict[str, Any] = {
            "status": "failed",
            "claim_token": None,
            "error_code": error_code,
            "error_message": error_message,
            "updated_at": self.clock.now(),
        }
        return self._cas(record.job_id, _unchanged(record), changes)

    def requeued(self, record: JobRecord) -> bool:
        """Count one more re-sent message on a non-terminal job unchanged since it was read."""
        if record.is_terminal:
            return False
        changes = {"requeues": record.requeues + 1, "updated_at": self.clock.now()}
        return self._cas(record.job_id, _unchanged(record), changes)

    def reopen(self, job_id: str) -> bool:
        """``failed`` → ``queued`` for an operator's redrive; False for any other status.

        Progress and error are cleared, attempts kept. The caller decides which failed jobs
        may run again: a redrive reopens exactly the jobs whose dead letters it moves back.
        """
        self._check_transition("failed", "queued")
        changes: dict[str, Any] = {
            "status": "queued",
            "claim_token": None,
            "progress": 0,
            "error_code": None,
            "error_message": None,
            "requeues": 0,
            "updated_at": self.clock.now(),
        }
        return self._cas(job_id, {"status": "failed"}, changes)

    def list_jobs(
        self,
        statuses: frozenset[JobStatus] | None = None,
        *,
        updated_before: float | None = None,
        limit: int = 100,
    ) -> list[JobRecord]:
        """Up to ``limit`` live records, newest first, optionally by status and staleness."""
        if limit <= 0:
            return []
        wanted = statuses if statuses is not None else frozenset(JOB_STATUSES)
        now = self.clock.now()
        records = self._scan(wanted, updated_before, limit)
        return sorted((r for r in records if r.ttl > now), key=lambda r: r.created_at, reverse=True)

    def find_summary(self, job_id: str) -> JobRecord | None:
        """Like :meth:`find`, but the JSON result fields may be left out (a cheap read)."""
        check_storage_id(job_id)
        record = self._get_summary(job_id)
        if record is None or record.ttl <= self.clock.now():
            return None
        return record

    def delete(self, job_id: str) -> None:
        """Remove the record (missing is fine)."""
        check_storage_id(job_id)
        self._delete(job_id)

    def expired_ids(self, limit: int = 100) -> list[str]:
        """Up to ``limit`` ids whose ``ttl <= now`` (for retention sweeps)."""
        if limit <= 0:
            return []
        return self._expired_ids(self.clock.now(), limit)

    def ping(self) -> None:
        """Raise :class:`StorageError` if the backend is unreachable."""
        self._ping()

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _check_transition(old: JobStatus, new: JobStatus) -> None:
        if (old, new) not in ALLOWED_TRANSITIONS:  # pragma: no cover - guards our own code
            raise AssertionError(f"illegal job transition {old} -> {new}")

    def _cas(self, job_id: str, expected: dict[str, Any], changes: dict[str, Any]) -> bool:
        check_storage_id(job_id)
        unknown = set(expected) - CAS_FIELDS
        if unknown:  # pragma: no cover - guards our own code
            raise AssertionError(f"not comparable fields: {sorted(unknown)}")
        bad = set(changes) - set(JobRecord.model_fields) - {"job_id"}
        if bad or "job_id" in changes:  # pragma: no cover - guards our own code
            raise AssertionError(f"unknown fields: {sorted(bad)}")
        return self._compare_and_set(job_id, expected, changes)

    # ------------------------------------------------------------------ storage contract

    @abstractmethod
    def _insert_if_absent(self, record: JobRecord) -> bool:
        """Store ``record`` only if no record with its ``job_id`` exists; atomic.

        Returns True if this call stored it, False if a record (expired or not) already
        existed, in which case nothing is written. Must be a single conditional write
        (``INSERT … ON CONFLICT DO NOTHING``, DynamoDB ``attribute_not_exists(job_id)``).
        Vendor errors become :class:`StorageError`.
        """

    @abstractmethod
    def _get(self, job_id: str) -> JobRecord | None:
        """The stored record exactly as written (even if expired), or ``None``.

        Reads must be strongly consistent with earlier writes from any process (DynamoDB:
        ``ConsistentRead=True``). Vendor errors become :class:`StorageError`.
        """

    @abstractmethod
    def _compare_and_set(
        self, job_id: str, expected: dict[str, Any], changes: dict[str, Any]
    ) -> bool:
        """Atomically apply ``changes`` iff the record exists and every ``expected`` field equals.

        * ``expected`` maps field names from :data:`CAS_FIELDS` (scalars) to values; ``None``
          means "the field is null/absent" and must match only null/absent.
        * ``changes`` maps :class:`JobRecord` field names to new values; ``None`` clears the
          field; values of :data:`JSON_FIELDS` are JSON-serialisable dicts.
        * Returns True iff the record was updated; False if it is missing or any expectation
          failed (DynamoDB: ``ConditionalCheckFailedException`` → False). One atomic write:
          no read-modify-write in the adapter.
        * Vendor errors become :class:`StorageError`.
        """

    @abstractmethod
    def _delete(self, job_id: str) -> None:
        """Remove the record if present; missing is not an error."""

    @abstractmethod
    def _expired_ids(self, now: float, limit: int) -> list[str]:
        """Up to ``limit`` job ids with ``ttl <= now``, any order."""

    @abstractmethod
    def _ping(self) -> None:
        """Cheap round trip to the backend; raise :class:`StorageError` if unreachable."""

    @abstractmethod
    def _scan(
        self, statuses: frozenset[JobStatus], updated_before: float | None, limit: int
    ) -> list[JobRecord]:
        """Up to ``limit`` stored records (expired ones included) whose status is in
        ``statuses`` and, when given, whose ``updated_at < updated_before``; any order.

        For operators and the reconciler, not for the request path: a full scan is
        acceptable (DynamoDB: ``Scan`` with a filter, paginated until ``limit``).
        """

    def _get_summary(self, job_id: str) -> JobRecord | None:
        """The record with the :data:`JSON_FIELDS` optionally left as ``None``.

        The status route reads only status, progress and errors; an adapter may override
        this with a narrower read (SQLite: fewer columns). The default is :meth:`_get`.
        """
        return self._get(job_id)


def _plain(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)


def _unchanged(record: JobRecord) -> dict[str, Any]:
    """CAS expectations that hold only while ``record`` is exactly as it was read."""
    return {
        "status": record.status,
        "claim_token": record.claim_token,
        "requeues": record.requeues,
        "updated_at": record.updated_at,
    }


__all__ = [
    "ALLOWED_TRANSITIONS",
    "CAS_FIELDS",
    "DEAD_LETTERED",
    "JOB_STATUSES",
    "JOB_TTL_SECONDS",
    "JSON_FIELDS",
    "TERMINAL_STATUSES",
    "JobRecord",
    "JobStatus",
    "JobStore",
    "check_storage_id",
]
