"""The names and tags of a stage's AWS resources, derived from the stage in one place.

``petavatar aws provision``/``destroy`` and the composition root (``backend=aws``) both
call :func:`stage_names`, so they always agree on what a stage is made of. Bucket names
are global across AWS accounts: ``aws_bucket_suffix`` (say, the account id) keeps two
accounts' ``dev`` stages apart. Pure: no boto3 here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from petavatar.errors import InvalidInputError

PROJECT: Final = "petavatar"
PROJECT_TAG: Final = "project"
STAGE_TAG: Final = "stage"
COST_CENTER_TAG: Final = "cost-center"
_STAGE_RE: Final = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
_SUFFIX_RE: Final = re.compile(r"^[a-z0-9-]{0,20}$")


@dataclass(frozen=True)
class StageNames:
    """Every resource name of one stage."""

    stage: str
    uploads_bucket: str
    generated_bucket: str
    table: str
    coach_sessions: str
    queue: str
    dlq: str
    events_queue: str
    events_dlq: str
    secret: str
    webhook_secret: str

    def tags(self, cost_center: str) -> dict[str, str]:
        """The tags every resource of the stage carries (and destroy checks)."""
        return {PROJECT_TAG: PROJECT, STAGE_TAG: self.stage, COST_CENTER_TAG: cost_center}


def validate_stage(stage: str | None) -> str:
    """``stage`` if it is 1-20 characters of ``a-z0-9-`` starting with a letter."""
    if not stage:
        raise InvalidInputError(
            "no stage given: pass --stage NAME (or set PETAVATAR_STAGE) for backend=aws"
        )
    if not _STAGE_RE.fullmatch(stage):
        raise InvalidInputError(
            f"invalid stage {stage!r}: use 1-20 of a-z, 0-9 and '-', starting with a letter"
        )
    return stage


def stage_names(stage: str | None, bucket_suffix: str = "") -> StageNames:
    """The resource names of ``stage``."""
    stage = validate_stage(stage)
    if not _SUFFIX_RE.fullmatch(bucket_suffix):
        raise InvalidInputError("aws_bucket_suffix must be up to 20 of a-z, 0-9 and '-'")
    base = f"{PROJECT}-{stage}"
    suffix = f"-{bucket_suffix}" if bucket_suffix else ""
    return StageNames(
        stage=stage,
        uploads_bucket=f"{base}-uploads{suffix}",
        generated_bucket=f"{base}-generated{suffix}",
        table=f"{base}-jobs",
        coach_sessions=f"{base}-coach-sessions",
        queue=f"{base}-jobs",
        dlq=f"{base}-jobs-dlq",
        events_queue=f"{base}-upload-events",
        events_dlq=f"{base}-upload-events-dlq",
        secret=f"{PROJECT}/{stage}/api-keys",
        webhook_secret=f"{PROJECT}/{stage}/webhook-signing",
    )
