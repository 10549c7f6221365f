"""The storage layout of a job: its id format and every key it owns.

``uploads/{job_id}/original.{ext}`` holds the photo, ``generated/{job_id}/``
the avatar and the report card, ``meta/{job_id}/`` server-written hints. Every
module that builds or parses one of these keys uses the functions here.
"""

from __future__ import annotations

import re

from petavatar.errors import InvalidInputError
from petavatar.rendering.formats import EXTENSIONS

UPLOADS_PREFIX = "uploads/"
GENERATED_PREFIX = "generated/"
META_PREFIX = "meta/"

JOB_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
"""A job id is a lowercase, hyphenated UUID."""

_UUID_RE = re.compile(JOB_ID_PATTERN)
_UPLOAD_KEY_RE = re.compile(
    r"^"
    + UPLOADS_PREFIX
    + "(?P<job_id>"
    + JOB_ID_PATTERN[1:-1]
    + r")/(?P<name>[^/\x00-\x1f\x7f]{1,255})$"
)


def validate_job_id(job_id: str) -> str:
    """A canonical lowercase UUID string, or InvalidInputError (400)."""
    if not isinstance(job_id, str) or not _UUID_RE.match(job_id):
        raise InvalidInputError(
            f"malformed job id {str(job_id)[:64]!r}: expected a lowercase UUID "
            "like 0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
        )
    return job_id


def parse_upload_key(key: str) -> tuple[str, str] | None:
    """``(job_id, file name)`` for keys shaped ``uploads/{uuid}/{name}``, else None."""
    match = _UPLOAD_KEY_RE.match(key) if isinstance(key, str) else None
    if not match or match.group("name") in (".", ".."):
        return None
    return match.group("job_id"), match.group("name")


def upload_prefix(job_id: str) -> str:
    """The key prefix every upload of ``job_id`` must start with."""
    return f"{UPLOADS_PREFIX}{job_id}/"


def original_key(job_id: str, mime: str) -> str:
    """Where an upload is kept once it has landed: ``uploads/{job_id}/original.{ext}``."""
    return f"{upload_prefix(job_id)}original.{EXTENSIONS[mime]}"


def avatar_key(job_id: str) -> str:
    return f"{GENERATED_PREFIX}{job_id}/avatar.png"


def report_card_key(job_id: str) -> str:
    return f"{GENERATED_PREFIX}{job_id}/report-card.png"


def report_card_og_key(job_id: str) -> str:
    """The report card at the Open Graph size (1200×630), beside the full-size one."""
    return f"{GENERATED_PREFIX}{job_id}/report-card-og.png"


def version_key(job_id: str, version: int, name: str) -> str:
    """A file of a saved persona version (``persona.json``, ``avatar.png``, ``report-card.png``)."""
    return f"{GENERATED_PREFIX}{job_id}/versions/{version}/{name}"


def latest_version_key(job_id: str) -> str:
    """The pointer to the newest saved persona version of ``job_id``."""
    return f"{GENERATED_PREFIX}{job_id}/versions/latest.json"


def ticket_key(job_id: str) -> str:
    """Where the presign ticket (owner key id, optional pet hints) is kept (server-written)."""
    return f"{META_PREFIX}{job_id}/ticket.json"


def job_prefixes(job_id: str) -> tuple[str, ...]:
    """Every key prefix that holds data of ``job_id`` (what retention deletes)."""
    return (upload_prefix(job_id), f"{GENERATED_PREFIX}{job_id}/", f"{META_PREFIX}{job_id}/")
