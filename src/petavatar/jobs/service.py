"""The job service's use cases, free of HTTP and of any one backend.

The FastAPI app (locally) and the Lambda handlers (in AWS) both call these
methods; they only see the three ports (BlobStore, JobStore, JobQueue), the
settings and the clock, and they raise :class:`PetAvatarError` subclasses that
carry the HTTP status a client should see.

Lifecycle and choices:

* ``create_upload`` hands out a presigned S3-style POST whose policy allows any
  key under ``uploads/{job_id}/`` (so clients choose ``image.jpg`` or
  ``original.png``), JPEG/PNG/HEIC only, at most ``max_upload_bytes``, valid for
  ``upload_url_expires_in`` (900 s). **No job record is created yet**: a presign
  that is never used leaves nothing behind. Until an object lands, the job id
  is unknown and ``/status`` answers 404 ("no upload received yet"), the same
  answer S3 would give for the missing object.
* The job is created, and queued exactly once, by whichever comes first of
  ``start_processing`` (``POST /process``) and ``object_created`` (the S3
  event). ``JobStore.create`` is a conditional insert that reports whether *this*
  call created the record; only that call sends the queue message, so both
  paths racing still enqueue a single message. If the send fails the record is
  removed again so the client can simply retry.
* ``get_results`` signs the avatar and report-card URLs for
  ``download_url_expires_in`` (3600 s) at the time of the call.
* ``sweep_expired`` deletes expired records and their blobs (7-day retention).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from petavatar.clock import Clock
from petavatar.config import Settings
from petavatar.domain.models import PetHints
from petavatar.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PayloadTooLargeError,
    PetAvatarError,
    StorageError,
    UnsupportedImageError,
)
from petavatar.jobs.keys import (
    job_prefixes,
    original_key,
    parse_upload_key,
    report_card_og_key,
    ticket_key,
    upload_prefix,
    validate_job_id,
)
from petavatar.jobs.versions import PersonaVersions
from petavatar.jobs.views import (
    CareerView,
    IdentityView,
    PetAnalysisView,
    ProcessAccepted,
    ReadinessView,
    ResultsView,
    StatusView,
    UploadTicket,
)
from petavatar.jobs.webhook import validate_webhook_url
from petavatar.observability.logs import bind_job, get_logger, log_error
from petavatar.ports.blobstore import BlobStore
from petavatar.ports.jobqueue import JobQueue, QueueMessage
from petavatar.ports.jobstore import JobRecord, JobStore
from petavatar.rendering.formats import SNIFF_BYTES, SUPPORTED_MIME_TYPES, sniff_image_format
from petavatar.rendering.metadata import strip_metadata
from petavatar.security.webhook_targets import WebhookTargets

_log = get_logger("service")


class UploadTicketRecord(BaseModel):
    """What the service remembers of a presign: who asked for it and their pet hints."""

    model_config = ConfigDict(extra="ignore")

    owner: str | None = None
    hints: PetHints | None = None


def load_ticket(blobs: BlobStore, job_id: str) -> UploadTicketRecord:
    """The stored presign ticket of ``job_id`` (empty when there is none or it is unreadable)."""
    key = ticket_key(job_id)
    try:
        if blobs.head(key) is None:
            return UploadTicketRecord()
        return UploadTicketRecord.model_validate_json(blobs.get_bytes(key))
    except (PetAvatarError, ValueError) as exc:
        log_error(_log, "load_ticket", exc, job_id=job_id)
        return UploadTicketRecord()


def load_hints(blobs: BlobStore, job_id: str) -> PetHints | None:
    """The pet hints given when ``job_id`` was presigned, if any."""
    return load_ticket(blobs, job_id).hints


def visible_to(record_owner: str | None, owner: str | None) -> bool:
    """Whether a caller acting as ``owner`` may see a job owned by ``record_owner``.

    ``owner=None`` is a trusted caller (an operator command); a job without an owner
    predates isolation and is visible to every key.
    """
    return owner is None or record_owner is None or record_owner == owner


def _progress(record: JobRecord) -> int:
    if record.status == "completed":
        return 100
    return max(0, min(100, int(record.progress or 0)))


# -- the service ---------------------------------------------------------------


class JobService:
    """Create uploads, start processing, report status and results, sweep old jobs."""

    def __init__(
        self,
        blobs: BlobStore,
        jobs: JobStore,
        queue: JobQueue,
        *,
        settings: Settings,
        clock: Clock,
        webhook_targets: WebhookTargets,
        on_enqueue: Callable[[], None] | None = None,
    ) -> None:
        self.blobs = blobs
        self.webhook_targets = webhook_targets
        self.jobs = jobs
        self.queue = queue
        self.settings = settings
        self.clock = clock
        self.on_enqueue = on_enqueue
        """Called after each message is sent (``serve`` wakes its embedded workers with it)."""

    # -- uploads ---------------------------------------------------------

    def create_upload(
        self, hints: PetHints | None = None, owner: str | None = None
    ) -> UploadTicket:
        """A fresh job id and a presigned POST for ``uploads/{job_id}/…`` (no record yet).

        The ticket (the ``owner`` key id and optional ``hints``: species, breed, pet name)
        is stored server-side under ``meta/{job_id}/`` before the upload can exist, so the
        job is created with its owner and the worker always sees the hints.
        """
        job_id = str(uuid.uuid4())
        prefix = upload_prefix(job_id)
        if hints is not None and not hints.model_dump(exclude_none=True):
            hints = None
        if owner is not None or hints is not None:
            ticket = UploadTicketRecord(owner=owner, hints=hints)
            self.blobs.put_bytes(
                ticket_key(job_id), ticket.model_dump_json().encode(), "application/json"
            )
        post = self.blobs.presigned_post(
            prefix,
            expires_in=self.settings.upload_url_expires_in,
            max_bytes=self.settings.max_upload_bytes,
            content_types=SUPPORTED_MIME_TYPES,
        )
        _log.info("upload presigned", operation="create_upload", job_id=job_id)
        return UploadTicket(
            job_id=job_id,
            upload_url=post.url,
            upload_fields=dict(post.fields),
            expires_in=post.expires_in,
            bucket=self.blobs.bucket,
            key_prefix=prefix,
            max_bytes=self.settings.max_upload_bytes,
            content_types=list(SUPPORTED_MIME_TYPES),
        )

    def start_processing(
        self, s3_uri: str, webhook_url: str | None = None, owner: str | None = None
    ) -> ProcessAccepted:
        """Validate the uploaded object and queue its job (idempotent).

        Another key's upload answers 404, exactly like an unknown one.
        """
        key = self._key_from_uri(s3_uri)
        parsed = parse_upload_key(key)
        if parsed is None:
            raise InvalidInputError(
                f"key {key!r} is not an upload: expected uploads/<job_id>/<file name> "
                "with the job id from GET /presigned-url"
            )
        job_id, _ = parsed
        if webhook_url is not None:
            validate_webhook_url(webhook_url, self.webhook_targets)
        with bind_job(job_id):
            existing = self._find(job_id)
            if existing is not None:
                self._check_visible(existing, owner)
                return self._already_accepted(existing, webhook_url)
            ticket = load_ticket(self.blobs, job_id)
            if not visible_to(ticket.owner, owner):
                raise self._not_found(job_id)
            landed = self._land(job_id, self._current_upload(job_id, key))
            record, created = self._create_and_enqueue(job_id, landed, webhook_url, ticket.owner)
            if not created:
                return self._already_accepted(record, webhook_url)
            return ProcessAccepted(
                job_id=job_id, status="queued", message="job queued for processing"
            )

    def object_created(self, key: str, size: int | None = None) -> None:
        """The S3-event pattern: an object under ``uploads/{job_id}/`` starts its job.

        The photo lands first: its metadata (GPS, camera) is removed and it is kept as
        ``uploads/{job_id}/original.{ext}``. Other keys are logged and ignored; a second
        object for a job that already has its photo is deleted (one upload per form). A
        file that fails validation creates a *failed* job, so ``/status`` explains what
        was wrong with the upload.
        """
        parsed = parse_upload_key(key)
        if parsed is None:
            _log.info("object ignored", operation="object_created", key=key[:300])
            return
        job_id, _ = parsed
        with bind_job(job_id):
            existing = self._find(job_id)
            if existing is not None:
                self._refuse_extra_upload(existing, key)
                return
            owner = load_ticket(self.blobs, job_id).owner
            try:
                landed = self._land(job_id, key, size=size)
            except PetAvatarError as exc:
                log_error(_log, "object_created", exc, key=key)
                if isinstance(exc, NotFoundError | StorageError):
                    raise
                _, created = self.jobs.create(job_id, s3_upload_key=key, owner=owner)
                if created:
                    self.jobs.fail(job_id, None, error_code=exc.code, error_message=exc.message)
                return
            self._create_and_enqueue(job_id, landed, None, owner)

    # -- queries -----------------------------------------------------------

    def get_status(self, job_id: str, owner: str | None = None) -> StatusView:
        """Status and progress of a job; 404 if unknown (or another key's), 400 if malformed."""
        record = self.jobs.find_summary(validate_job_id(job_id))
        if record is None:
            raise self._not_found(job_id)
        self._check_visible(record, owner)
        failed = record.status == "failed"
        return StatusView(
            job_id=record.job_id,
            status=record.status,
            progress=_progress(record),
            error=(record.error_message or "processing failed") if failed else None,
            error_code=(record.error_code or "internal_error") if failed else None,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )

    def get_results(self, job_id: str, owner: str | None = None) -> ResultsView:
        """The persona of a completed job with URLs signed for one hour; 409 otherwise."""
        record = self._get(validate_job_id(job_id))
        self._check_visible(record, owner)
        if record.status != "completed":
            detail = f": {record.error_message}" if record.status == "failed" else ""
            raise ConflictError(
                f"job {job_id} is {record.status}, results exist only once it has completed{detail}"
            )
        if not (record.s3_avatar_key and record.s3_report_card_key):
            raise StorageError(f"job {job_id} is completed but its result files are missing")
        expires_in = self.settings.download_url_expires_in
        identity = dict(record.identity_package or {})
        analysis = dict(record.pet_analysis or {})
        career = dict(record.career_profile or {})
        avatar, card = record.s3_avatar_key, record.s3_report_card_key
        og_card = report_card_og_key(record.job_id)
        saved = PersonaVersions(self.blobs, self.clock).latest(record.job_id)
        if saved is not None:
            identity, analysis, career = saved.identity, saved.pet_analysis, saved.career
            avatar, card, og_card = (
                saved.avatar_key,
                saved.report_card_key,
                saved.report_card_og_key,
            )
        usage = dict(record.usage or {})
        cost, provenance = usage.pop("cost", None), usage.pop("provenance", None) or {}
        return ResultsView(
            job_id=record.job_id,
            version=saved.version if saved is not None else 0,
            avatar_url=self.blobs.presigned_get_url(avatar, expires_in=expires_in),
            report_card_url=self.blobs.presigned_get_url(card, expires_in=expires_in),
            report_card_og_url=self.blobs.presigned_get_url(og_card, expires_in=expires_in),
            expires_in=expires_in,
            identity=IdentityView.model_validate(identity),
            pet_analysis=PetAnalysisView.model_validate(
                {**analysis, "personality_traits": analysis.get("dominant_traits", [])}
            ),
            career=CareerView.model_validate(career),
            usage=usage,
            cost=cost,
            provenance=provenance,
        )

    def readiness(self) -> ReadinessView:
        """Ping the blob store, job store and queue."""
        checks: dict[str, bool] = {}
        for name, ping in (
            ("blob_store", self.blobs.ping),
            ("job_store", self.jobs.ping),
            ("queue", self.queue.ping),
        ):
            try:
                ping()
                checks[name] = True
            except Exception as exc:
                log_error(_log, "readiness", exc, check=name)
                checks[name] = False
        return ReadinessView(ready=all(checks.values()), checks=checks)

    # -- retention -----------------------------------------------------------

    def sweep_expired(self, limit: int = 100) -> int:
        """Delete up to ``limit`` expired jobs and their blobs; returns how many."""
        removed = 0
        for job_id in self.jobs.expired_ids(limit):
            with bind_job(job_id):
                try:
                    for prefix in job_prefixes(job_id):
                        self.blobs.delete_prefix(prefix)
                    self.jobs.delete(job_id)
                except PetAvatarError as exc:
                    log_error(_log, "sweep_expired", exc)
                    continue
                removed += 1
        if removed:
            _log.info("expired jobs removed", operation="sweep_expired", count=removed)
        return removed

    # -- internals -------------------------------------------------------------

    def _key_from_uri(self, s3_uri: str) -> str:
        if not isinstance(s3_uri, str) or not s3_uri.startswith("s3://"):
            raise InvalidInputError(
                f"malformed s3_uri {str(s3_uri)[:200]!r}: expected "
                f"s3://{self.settings.bucket}/uploads/<job_id>/<file name>"
            )
        return self.blobs.parse_uri(s3_uri)

    def _find(self, job_id: str) -> JobRecord | None:
        return self.jobs.find(job_id)

    def _get(self, job_id: str) -> JobRecord:
        record = self._find(job_id)
        if record is None:
            raise self._not_found(job_id)
        return record

    @staticmethod
    def _not_found(job_id: str) -> NotFoundError:
        return NotFoundError(
            f"job {job_id} not found: it does not exist, no upload has been received "
            "for it yet, or it expired"
        )

    def _check_visible(self, record: JobRecord, owner: str | None) -> None:
        """404 (not 403: don't confirm that another key's job exists)."""
        if not visible_to(record.owner, owner):
            raise self._not_found(record.job_id)

    def _land(self, job_id: str, key: str, *, size: int | None = None) -> str:
        """Validate the upload, remove its metadata and keep it at its canonical key.

        Safe to race (an S3 event and ``POST /process`` for one upload): whoever loses
        finds the object already landed and uses that.
        """
        try:
            return self._land_once(job_id, key, size)
        except NotFoundError:
            current = self._current_upload(job_id, key)
            if current == key:
                raise
            return self._land_once(job_id, current, None)

    def _land_once(self, job_id: str, key: str, size: int | None) -> str:
        self._validate_object(key, size=size)
        data = self.blobs.get_bytes(key)
        mime = sniff_image_format(data[:SNIFF_BYTES])
        if mime is None:  # replaced since it was validated
            raise UnsupportedImageError("the uploaded file is not a JPEG, PNG or HEIC image")
        clean = strip_metadata(data, mime)
        landed = original_key(job_id, mime)
        if landed != key or clean != data:
            self.blobs.put_bytes(landed, clean, mime)
        if landed != key:
            self.blobs.delete(key)
        _log.info(
            "upload landed",
            operation="land",
            key=landed,
            metadata_bytes_removed=len(data) - len(clean),
        )
        return landed

    def _current_upload(self, job_id: str, key: str) -> str:
        """``key``, or the landed original when an object-created event got there first."""
        if self.blobs.head(key) is not None:
            return key
        landed = [k for k in self.blobs.list_keys(upload_prefix(job_id)) if parse_upload_key(k)]
        return landed[0] if len(landed) == 1 else key

    def _refuse_extra_upload(self, record: JobRecord, key: str) -> None:
        """A presigned form admits one object: anything else under the job's prefix goes."""
        if key == record.s3_upload_key:
            return
        _log.warning("extra upload refused and deleted", operation="object_created", key=key)
        self.blobs.delete(key)

    def _validate_object(self, key: str, *, size: int | None = None) -> None:
        """Object exists (404), is at most max_upload_bytes (413) and is an image (400)."""
        info = self.blobs.head(key)
        if info is None:
            raise NotFoundError(
                f"no object at {self.blobs.uri(key)}: upload the photo to the presigned URL first"
            )
        actual = info.size if size is None else max(size, info.size)
        limit = self.settings.max_upload_bytes
        if actual > limit:
            raise PayloadTooLargeError(
                f"the upload is {actual} bytes; the limit is {limit} bytes "
                f"({limit // (1024 * 1024)} MB)"
            )
        if actual == 0:
            raise UnsupportedImageError("the uploaded file is empty")
        if sniff_image_format(self.blobs.read_head(key, SNIFF_BYTES)) is None:
            raise UnsupportedImageError(
                "the uploaded file is not a JPEG, PNG or HEIC image (checked by its content, "
                "not its name)"
            )

    def _create_and_enqueue(
        self, job_id: str, key: str, webhook_url: str | None, owner: str | None
    ) -> tuple[JobRecord, bool]:
        """Create the record; only the call that created it sends the queue message."""
        record, created = self.jobs.create(
            job_id, s3_upload_key=key, webhook_url=webhook_url, owner=owner
        )
        if not created:
            return record, False
        message = QueueMessage(job_id=job_id, s3_upload_key=key, timestamp=self.clock.now())
        try:
            self.queue.send(message)
        except Exception as exc:
            log_error(_log, "enqueue", exc, key=key)
            try:
                self.jobs.delete(job_id)
            except Exception as cleanup_exc:
                log_error(_log, "enqueue_cleanup", cleanup_exc)
            if isinstance(exc, PetAvatarError):
                raise
            raise StorageError(f"could not queue job {job_id}; please retry") from exc
        _log.info("job queued", operation="enqueue", key=key)
        if self.on_enqueue is not None:
            self.on_enqueue()
        return record, True

    def _already_accepted(self, record: JobRecord, webhook_url: str | None) -> ProcessAccepted:
        if webhook_url and record.status in ("queued", "processing") and record.s3_upload_key:
            self.jobs.attach_upload(record.job_id, record.s3_upload_key, webhook_url=webhook_url)
        return ProcessAccepted(
            job_id=record.job_id,
            status=record.status,
            message=f"job already accepted; it is {record.status}",
        )
