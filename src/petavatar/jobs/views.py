"""Response and request views of the job API: what clients see (they become the OpenAPI schema).

Every entry point (HTTP app, Lambda handlers, agents) renders these same models.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from petavatar.ports.jobstore import JobStatus

WEBHOOK_URL_PATTERN = r"^https?://[A-Za-z0-9._~-]+(:[0-9]{1,5})?(/[^\s]*)?$"


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore")


class UploadTicket(_View):
    """Where and how to upload a photo (an S3-style presigned POST)."""

    job_id: str = Field(description="The job this upload belongs to (a UUID).")
    upload_url: str = Field(description="POST a multipart form here.")
    upload_fields: dict[str, str] = Field(
        description="Form fields to send before the file; set `key` to "
        "`uploads/{job_id}/<file name>` and `Content-Type` to the image type."
    )
    expires_in: int = Field(description="Seconds the upload policy stays valid.")
    bucket: str = Field(description="The bucket; the object's URI is s3://<bucket>/<key>.")
    key_prefix: str = Field(description="Every uploaded key must start with this.")
    max_bytes: int = Field(description="Largest accepted file, in bytes.")
    content_types: list[str] = Field(description="Accepted image content types.")


class ProcessRequest(_View):
    """Body of ``POST /process``."""

    model_config = ConfigDict(extra="forbid")

    s3_uri: str = Field(
        max_length=2048,
        description="s3://<bucket>/uploads/<job_id>/<file name> of the uploaded photo.",
        examples=["s3://petavatar-local/uploads/0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10/image.jpg"],
    )
    webhook_url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=WEBHOOK_URL_PATTERN,
        description="Optional http(s) URL notified (signed POST) when the job ends.",
    )


class ProcessAccepted(_View):
    """The job was accepted (or already was)."""

    job_id: str
    status: JobStatus
    message: str


class StatusView(_View):
    """Where a job stands."""

    job_id: str
    status: JobStatus
    progress: int = Field(ge=0, le=100)
    error: str | None = Field(default=None, description="Why the job failed (failed only).")
    error_code: str | None = Field(default=None, description="Machine-readable failure code.")
    created_at: float | None = None
    updated_at: float | None = None


class CareerTrajectoryView(_View):
    past: str
    present: str
    future: str


class IdentityView(_View):
    """The persona's identity package."""

    human_name: str
    job_title: str
    seniority: str
    bio: str
    skills: list[str]
    career_trajectory: CareerTrajectoryView
    similarity_score: int = Field(ge=0, le=100)
    similarity_breakdown: dict[str, int] = Field(default_factory=dict)
    uncanny_parallels: list[str] = Field(default_factory=list)


class PetAnalysisView(_View):
    """What the photo shows and the personality read from it."""

    species: str
    breed: str
    species_confidence: float | None = None
    breed_confidence: float | None = None
    personality_traits: list[str] = Field(description="The three dominant traits.")
    personality_dimensions: dict[str, int] = Field(default_factory=dict)
    vibe: str | None = None
    expression: str | None = None
    posture: str | None = None
    coat_colors: list[str] = Field(default_factory=list)
    pet_name: str | None = None


class CareerView(_View):
    """The career the personality maps to."""

    job_title: str
    seniority: str
    industry: str | None = None
    work_style: str | None = None
    attire_style: str | None = None
    background_setting: str | None = None
    confidence: int | None = None
    rationale: str | None = None


class ResultsView(_View):
    """A completed job's persona, with signed download links."""

    job_id: str
    status: Literal["completed"] = "completed"
    avatar_url: str = Field(description="Signed GET URL of the avatar PNG.")
    report_card_url: str = Field(description="Signed GET URL of the report card PNG.")
    report_card_og_url: str = Field(
        description="Signed GET URL of the report card at the Open Graph size (1200×630 PNG)."
    )
    expires_in: int = Field(description="Seconds the signed URLs stay valid.")
    identity: IdentityView
    pet_analysis: PetAnalysisView
    career: CareerView
    usage: dict[str, Any] = Field(default_factory=dict)
    cost: dict[str, Any] | None = Field(
        default=None,
        description="The job's cost: currency, total (null when a price is unknown), "
        "priced_total, unknown models and one line per step.",
    )
    provenance: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Which provider and model made each part."
    )
    version: int = Field(
        default=0, ge=0, description="0: the job's own result; n: the n-th saved coach version."
    )


class ReadinessView(_View):
    """Whether each backend answered a ping."""

    ready: bool
    checks: dict[str, bool]
