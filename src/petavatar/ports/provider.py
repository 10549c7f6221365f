"""The provider port: the four AI steps behind one interface.

A provider turns a photo into a :class:`PetAnalysis`, maps it to a
:class:`CareerProfile`, renders an :class:`AvatarImage` and writes an
:class:`IdentityPackage`. Every call returns a :class:`StepResult` carrying
the value and the metered :class:`Usage` (tokens, images, compute seconds),
so cost accounting works the same for the offline provider, Bedrock (Claude
vision with schema-forced JSON, an InvokeModel image model) and any
OpenAI-compatible endpoint. Adapters translate their vendor errors into
:class:`TransientProviderError` (worth retrying) or :class:`ProviderError`
(permanent) at this boundary; callers never see a vendor exception.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PartProvenance,
    PetAnalysis,
    PetHints,
    Usage,
)

if TYPE_CHECKING:
    from petavatar.rendering.decode import LoadedImage

T = TypeVar("T")


class ProviderConfig(BaseModel):
    """Settings every provider understands; adapters subclass it with their own fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Provider name used in logs and usage records.")
    timeout_seconds: float = Field(default=60.0, gt=0)


@dataclass(frozen=True)
class StepResult(Generic[T]):
    """A step's value plus what it cost and which provider/model made it."""

    value: T
    usage: Usage
    provenance: PartProvenance | None = None


def timed(
    compute: Callable[[], T], *, provenance: PartProvenance | None = None, **usage: int
) -> StepResult[T]:
    """Run ``compute`` and meter its wall time as compute seconds (one model call)."""
    start = time.perf_counter()
    value = compute()
    elapsed = time.perf_counter() - start
    return StepResult(
        value, Usage(model_calls=1, compute_seconds=round(elapsed, 6), **usage), provenance
    )


class Provider(ABC):
    """The four AI steps. Implementations must be safe to call from several threads."""

    config: ProviderConfig

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config

    @property
    def name(self) -> str:
        return self.config.name

    def warm_up(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Load models or open clients ahead of the first request (optional)."""

    @abstractmethod
    def analyze(self, photo: LoadedImage, hints: PetHints) -> StepResult[PetAnalysis]:
        """Species, breed, expression, posture, coat, 47 dimensions, traits and vibe."""

    @abstractmethod
    def map_career(self, analysis: PetAnalysis) -> StepResult[CareerProfile]:
        """The human career whose trait signature best matches the analysis."""

    @abstractmethod
    def render_avatar(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        """A ≥1024² PNG headshot in the career's attire and setting, echoing the pet."""

    def render_avatar_from_photo(
        self, photo: LoadedImage | None, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        """:meth:`render_avatar` with the pet photo at hand, for models that can be
        conditioned on it; the default ignores the photo."""
        return self.render_avatar(analysis, career)

    @abstractmethod
    def write_identity(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[IdentityPackage]:
        """Name, 3-paragraph bio, 5–10 skills, trajectory and similarity score."""
