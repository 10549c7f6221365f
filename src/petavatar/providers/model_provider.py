"""The shape every cloud provider shares: three structured text steps and a photo-aware render.

:class:`ModelProvider` implements ``analyze``, ``map_career`` and
``write_identity`` as one structured question each (:data:`STEPS`, the
prompts of :mod:`petavatar.providers.prompts`, the answer models and builders
of :mod:`petavatar.providers.structured`); a concrete provider says how its
API carries a prompt and the photo (:meth:`content`) and how it gets a
validated answer (:meth:`structured`).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PetAnalysis,
    PetHints,
)
from petavatar.ports.provider import Provider, StepResult
from petavatar.providers import prompts
from petavatar.providers.structured import (
    AnalysisAnswer,
    CareerAnswer,
    IdentityAnswer,
    to_analysis,
    to_career,
    to_identity,
)
from petavatar.rendering.decode import LoadedImage

T = TypeVar("T")


@dataclass(frozen=True)
class StepSpec:
    """One structured question: what it is called, its tool/schema name and answer model."""

    what: str
    name: str
    answer: type[BaseModel]


STEPS: Final[dict[str, StepSpec]] = {
    "analyze": StepSpec("pet analysis", "report_pet_analysis", AnalysisAnswer),
    "map": StepSpec("career", "report_career", CareerAnswer),
    "write": StepSpec("identity package", "report_identity", IdentityAnswer),
}


class ModelProvider(Provider):
    """Base of the providers whose text steps are answered by a language model."""

    def analyze(self, photo: LoadedImage, hints: PetHints) -> StepResult[PetAnalysis]:
        return self.structured(
            STEPS["analyze"],
            self.content(prompts.analyze_prompt(hints), photo),
            lambda answer: to_analysis(answer, photo.fingerprint, hints),
        )

    def map_career(self, analysis: PetAnalysis) -> StepResult[CareerProfile]:
        return self.structured(
            STEPS["map"], self.content(prompts.map_prompt(analysis), None), to_career
        )

    def write_identity(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[IdentityPackage]:
        return self.structured(
            STEPS["write"],
            self.content(prompts.write_prompt(analysis, career), None),
            lambda answer: to_identity(answer, career),
        )

    def render_avatar(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        return self.render_avatar_from_photo(None, analysis, career)

    @abstractmethod
    def render_avatar_from_photo(
        self, photo: LoadedImage | None, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        """The avatar, conditioned on ``photo`` where the image model can be."""

    @abstractmethod
    def content(self, text: str, photo: LoadedImage | None) -> list[dict[str, Any]]:
        """The user message's content blocks in this API's format (the photo first, if any)."""

    @abstractmethod
    def structured(
        self, step: StepSpec, content: list[dict[str, Any]], build: Callable[[Any], T]
    ) -> StepResult[T]:
        """Ask ``step`` with ``content`` and return the validated, built domain value."""
