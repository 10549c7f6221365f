"""The deterministic PetAvatar workflow: analyze → map → render → write (+ report card).

Placeholder for the lead's implementation; the public surface below is the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PetAnalysis,
    PetHints,
    Usage,
)

ProgressCallback = Callable[[int, str], None]
"""Called with (percent 0–100, step name) as the pipeline advances."""


@dataclass(frozen=True)
class PersonaResult:
    """Everything one run produces."""

    analysis: PetAnalysis
    career: CareerProfile
    avatar: AvatarImage
    identity: IdentityPackage
    report_card_png: bytes
    usage: Usage
    step_seconds: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """Runs the four provider steps with retries, timeouts, progress and structured logs."""

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        """Turn one photo's bytes into a persona. Raises PetAvatarError subclasses."""
        raise NotImplementedError
