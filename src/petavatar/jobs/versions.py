"""Saved versions of a job's persona (what the career coach produces).

A version lives beside the job's generated files, through the BlobStore port::

    generated/{job_id}/versions/{n}/persona.json     identity, career, pet analysis
    generated/{job_id}/versions/{n}/avatar.png
    generated/{job_id}/versions/{n}/report-card.png
    generated/{job_id}/versions/{n}/report-card-og.png  the card at the Open Graph size
    generated/{job_id}/versions/latest.json          {"version": n}

Version 0 is the job's own result (its record and ``generated/{job_id}/*.png``);
saved versions count up from 1. Files are written before the pointer moves, so a
reader never sees a version whose files are missing. ``/results`` serves the newest.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from petavatar.clock import Clock
from petavatar.jobs.keys import latest_version_key, version_key
from petavatar.ports.blobstore import BlobStore

_JSON = "application/json"
_PNG = "image/png"


class PersonaVersion(BaseModel):
    """One saved version: the persona documents and where its images are."""

    model_config = ConfigDict(extra="forbid")

    job_id: str
    version: int = Field(ge=1)
    saved_at: float
    note: str = ""
    identity: dict[str, Any]
    career: dict[str, Any]
    pet_analysis: dict[str, Any]
    avatar_key: str
    report_card_key: str
    report_card_og_key: str


class PersonaVersions:
    """Save and read persona versions of jobs in a blob store."""

    def __init__(self, blobs: BlobStore, clock: Clock) -> None:
        self.blobs = blobs
        self.clock = clock
        self._lock = threading.Lock()

    def latest_number(self, job_id: str) -> int:
        """The newest saved version of ``job_id``, 0 when none was saved."""
        key = latest_version_key(job_id)
        if self.blobs.head(key) is None:
            return 0
        return int(json.loads(self.blobs.get_bytes(key))["version"])

    def latest(self, job_id: str) -> PersonaVersion | None:
        """The newest saved version, or None when the job has only its own result."""
        number = self.latest_number(job_id)
        return self.get(job_id, number) if number else None

    def get(self, job_id: str, version: int) -> PersonaVersion:
        """A saved version (NotFoundError from the store when it does not exist)."""
        raw = self.blobs.get_bytes(version_key(job_id, version, "persona.json"))
        return PersonaVersion.model_validate_json(raw)

    def save(
        self,
        job_id: str,
        *,
        identity: dict[str, Any],
        career: dict[str, Any],
        pet_analysis: dict[str, Any],
        avatar_png: bytes,
        report_card_png: bytes,
        report_card_og_png: bytes,
        note: str = "",
    ) -> PersonaVersion:
        """Store a new version (files first, then the pointer) and return it."""
        with self._lock:
            number = self.latest_number(job_id) + 1
            doc = PersonaVersion(
                job_id=job_id,
                version=number,
                saved_at=self.clock.now(),
                note=note,
                identity=identity,
                career=career,
                pet_analysis=pet_analysis,
                avatar_key=version_key(job_id, number, "avatar.png"),
                report_card_key=version_key(job_id, number, "report-card.png"),
                report_card_og_key=version_key(job_id, number, "report-card-og.png"),
            )
            self.blobs.put_bytes(doc.avatar_key, avatar_png, _PNG)
            self.blobs.put_bytes(doc.report_card_key, report_card_png, _PNG)
            self.blobs.put_bytes(doc.report_card_og_key, report_card_og_png, _PNG)
            self.blobs.put_bytes(
                version_key(job_id, number, "persona.json"), doc.model_dump_json().encode(), _JSON
            )
            self.blobs.put_bytes(
                latest_version_key(job_id), json.dumps({"version": number}).encode(), _JSON
            )
        return doc
