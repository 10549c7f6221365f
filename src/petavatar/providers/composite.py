"""Mixed providers: each of the four steps served by the provider chosen for it.

``MixedProvider({"analyze": local, "map": local, "render": local, "write": bedrock})``
is itself a :class:`Provider`, so the pipeline does not know steps are mixed;
each step's provenance still names the provider and model that made it.
"""

from __future__ import annotations

from collections.abc import Mapping

from petavatar.domain.models import (
    PERSONA_PARTS,
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PersonaPart,
    PetAnalysis,
    PetHints,
)
from petavatar.ports.provider import Provider, ProviderConfig, StepResult
from petavatar.rendering.decode import LoadedImage


class MixedProvider(Provider):
    """Delegates each step to its own provider."""

    def __init__(self, steps: Mapping[PersonaPart, Provider]) -> None:
        missing = [part for part in PERSONA_PARTS if part not in steps]
        if missing:
            raise ValueError(f"a provider is needed for every step; missing {missing}")
        self.steps = dict(steps)
        names = "+".join(dict.fromkeys(self.steps[part].name for part in PERSONA_PARTS))
        timeout = max(p.config.timeout_seconds for p in self.steps.values())
        super().__init__(ProviderConfig(name=f"mixed({names})", timeout_seconds=timeout))

    def warm_up(self) -> None:
        for provider in dict.fromkeys(self.steps.values()):
            provider.warm_up()

    def analyze(self, photo: LoadedImage, hints: PetHints) -> StepResult[PetAnalysis]:
        return self.steps["analyze"].analyze(photo, hints)

    def map_career(self, analysis: PetAnalysis) -> StepResult[CareerProfile]:
        return self.steps["map"].map_career(analysis)

    def render_avatar(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        return self.steps["render"].render_avatar(analysis, career)

    def render_avatar_from_photo(
        self, photo: LoadedImage | None, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        return self.steps["render"].render_avatar_from_photo(photo, analysis, career)

    def write_identity(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[IdentityPackage]:
        return self.steps["write"].write_identity(analysis, career)
