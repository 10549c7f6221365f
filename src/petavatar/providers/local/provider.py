"""The offline provider: real analysis with no network and no credentials.

* Species and breed: the EfficientNet-Lite0 ImageNet classifier (onnxruntime).
  Class probabilities are summed per species. A species is accepted with
  ≥ 30 % of the mass, or with ≥ 15 % when that is at least 2.5× the
  strongest single non-pet class; otherwise the photo is refused, naming the
  top class ("no pet found: looks like a convertible").
* Coat colours, expression and posture: measured on the animal's region
  (:mod:`petavatar.providers.local.photo_reading`, :mod:`petavatar.domain.personality`).
* Personality: breed temperament facts plus photo cues (expression, posture, and the
  gaze, framing, setting and coat cues of :mod:`petavatar.providers.local.photo_cues`).
* Career: the catalog scored against the trait vector.
* Avatar: an illustrated headshot (DiceBear) over our own scene, rasterised.
  Its face follows the persona name's presentation (recomputed here, since the
  identity step runs beside it), so a Philippa never gets a beard.
* Identity: curated naming and writing rules, seeded by the photo.

Deterministic: the same photo and hints give byte-identical results.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Final

from petavatar.config import default_cache_dir
from petavatar.domain import breeds, careers
from petavatar.domain.identity import compose_identity, persona_name
from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    ClassPrediction,
    IdentityPackage,
    PartProvenance,
    PersonaPart,
    PetAnalysis,
    PetHints,
    Species,
)
from petavatar.domain.naming import ChosenName, name_presentation
from petavatar.domain.personality import build_personality, read_expression, read_posture
from petavatar.errors import NoPetFoundError
from petavatar.ports.provider import Provider, ProviderConfig, StepResult, timed
from petavatar.providers.local import taxonomy
from petavatar.providers.local.avatar import preload as preload_avatar_style
from petavatar.providers.local.avatar import render_avatar
from petavatar.providers.local.classifier import Classification, ImageClassifier, shared_classifier
from petavatar.providers.local.photo_cues import measure_cues
from petavatar.providers.local.photo_reading import read_photo
from petavatar.rendering.decode import LoadedImage

#: A species gathering this share of the probability mass is accepted outright.
MIN_SPECIES_MASS: Final[float] = 0.30
#: Below that, a species with at least this mass is accepted when it clearly beats
#: the strongest single non-pet class (hard photos spread mass over look-alikes).
WEAK_SPECIES_MASS: Final[float] = 0.15
WEAK_MARGIN: Final[float] = 2.5

#: What makes each part offline (the persona's provenance names these).
LOCAL_MODELS: Final[dict[PersonaPart, str]] = {
    "analyze": "efficientnet-lite0",
    "map": "career-catalog",
    "render": "dicebear-avatar",
    "write": "writing-rules",
}


class LocalProviderConfig(ProviderConfig):
    """Offline provider settings."""

    name: str = "local"
    cache_dir: Path | None = None
    min_species_mass: float = MIN_SPECIES_MASS


def photo_seed(fingerprint: str) -> int:
    """The integer every deterministic choice for this photo is seeded with."""
    return int(fingerprint[:16], 16)


def _preload_avatar_style_in_background(cache_dir: Path) -> None:
    """Load DiceBear and its style on a side thread while the classifier loads and runs.

    The first render needs them (~0.1 s of imports); the render step still loads
    them itself, so a failure here only means no head start.
    """

    def preload() -> None:
        with contextlib.suppress(Exception):
            preload_avatar_style(cache_dir)

    threading.Thread(target=preload, name="avatar-style-preload", daemon=True).start()


class LocalProvider(Provider):
    """All four steps computed on this machine."""

    config: LocalProviderConfig

    def __init__(
        self,
        config: LocalProviderConfig | None = None,
        classifier: ImageClassifier | None = None,
    ) -> None:
        super().__init__(config or LocalProviderConfig())
        self._classifier = classifier

    @property
    def cache_dir(self) -> Path:
        """Where the prepared classifier model and the avatar style's marker are kept."""
        return self.config.cache_dir or default_cache_dir()

    @property
    def classifier(self) -> ImageClassifier:
        if self._classifier is None:
            _preload_avatar_style_in_background(self.cache_dir)
            self._classifier = shared_classifier(self.cache_dir)
        return self._classifier

    def _made_by(self, part: PersonaPart) -> PartProvenance:
        return PartProvenance(provider=self.name, model=LOCAL_MODELS[part])

    def warm_up(self) -> None:
        """Load the classifier and the avatar style now, not on the first photo."""
        _ = self.classifier
        preload_avatar_style(self.cache_dir)

    def analyze(self, photo: LoadedImage, hints: PetHints) -> StepResult[PetAnalysis]:
        return timed(lambda: self._analyze(photo, hints), provenance=self._made_by("analyze"))

    def _decide_species(
        self, result: Classification, hints: PetHints
    ) -> tuple[Species, float, list[str]]:
        mass = taxonomy.aggregate_species(result.probabilities.tolist())
        applied: list[str] = []
        if hints.species is not None:
            applied.append("species")
            return hints.species, float(mass.get(hints.species, 0.0)), applied
        if hints.breed is not None:
            hinted = breeds.find_breed(hints.breed)
            if hinted is not None:
                return hinted.species, float(mass.get(hinted.species, 0.0)), applied
        best = max(mass, key=lambda s: mass[s])
        strongest_non_pet = float(result.probabilities[~taxonomy.pet_class_mask()].max())
        accepted = mass[best] >= self.config.min_species_mass or (
            mass[best] >= WEAK_SPECIES_MASS and mass[best] >= WEAK_MARGIN * strongest_non_pet
        )
        if not accepted:
            top_index, top_p = result.top(1)[0]
            seen = taxonomy.describe_class(top_index)
            raise NoPetFoundError(
                f"no pet found: looks like {_article(seen)} {seen} ({top_p:.0%} sure). "
                "Use a photo where your pet is clearly visible, or pass --species "
                "if it really is a pet.",
                seen=seen,
            )
        return best, float(mass[best]), applied

    def _analyze(self, photo: LoadedImage, hints: PetHints) -> PetAnalysis:
        result = self.classifier.classify(photo.image)
        species, species_p, applied = self._decide_species(result, hints)
        species_classes = list(taxonomy.classes_for_species(species))
        if hints.breed is not None:
            profile = breeds.lookup_breed(species, hints.breed)
            breed_name = profile.name if profile.species == species else hints.breed.title()
            breed_p = 1.0
            applied.append("breed")
        elif species_classes:
            best_class = max(species_classes, key=lambda i: result.probabilities[i])
            breed_name = (
                taxonomy.breed_for_class(best_class) or breeds.default_profile(species).name
            )
            breed_p = float(result.probabilities[best_class])
            profile = breeds.lookup_breed(species, breed_name)
        else:
            breed_name = breeds.default_profile(species).name
            breed_p = 0.0
            profile = breeds.lookup_breed(species, breed_name)
        if hints.pet_name is not None:
            applied.append("pet_name")

        cam_classes = sorted(species_classes, key=lambda i: -result.probabilities[i])[:5] or [
            i for i, _ in result.top(3)
        ]
        cam = self.classifier.class_activation_map(result, cam_classes)
        reading = read_photo(photo.image, cam, result.crop_box, species)
        observations = reading.observations.model_copy(
            update=measure_cues(photo.image, cam, result.crop_box)
        )
        baseline = breeds.baseline_dimensions(profile)
        expression = read_expression(observations, baseline)
        posture = read_posture(observations)
        personality = build_personality(
            baseline, expression, posture, photo.fingerprint, observations
        )
        top_predictions = [
            ClassPrediction(
                class_index=i,
                label=taxonomy.describe_class(i),
                probability=round(p, 6),
                species=taxonomy.species_for_class(i),
            )
            for i, p in result.top(5)
        ]
        return PetAnalysis(
            species=species,
            species_confidence=round(min(1.0, species_p), 6),
            breed=breed_name,
            breed_confidence=round(min(1.0, breed_p), 6),
            top_predictions=top_predictions,
            expression=expression,
            posture=posture,
            coat_colors=reading.coat_colors,
            coat_color_hex=reading.coat_color_hex,
            personality_dimensions=personality.dimensions,
            dominant_traits=personality.dominant_traits,
            vibe=personality.vibe,
            pet_name=hints.pet_name,
            hints_applied=applied,
            observations=observations,
            photo_fingerprint=photo.fingerprint,
        )

    def map_career(self, analysis: PetAnalysis) -> StepResult[CareerProfile]:
        return timed(lambda: careers.map_career(analysis), provenance=self._made_by("map"))

    def render_avatar(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[AvatarImage]:
        def render() -> AvatarImage:
            # The identity step runs in parallel, so recompute the persona's name
            # (cheap and deterministic) rather than wait for it: the face must not
            # contradict the name (no beard on a Philippa).
            name = _persona_name(analysis)
            preload_avatar_style(self.cache_dir)
            return render_avatar(analysis, career, presentation=name_presentation(name.first))

        return timed(render, provenance=self._made_by("render"), images_generated=1)

    def write_identity(
        self, analysis: PetAnalysis, career: CareerProfile
    ) -> StepResult[IdentityPackage]:
        def compose() -> IdentityPackage:
            profile = _breed_profile(analysis)
            entry = careers.get_career(career.career_id)
            return compose_identity(
                analysis,
                career,
                group=profile.group,
                size=profile.size,
                origin=profile.origin,
                temperament=profile.temperament,
                career_skills=entry.skills,
                past_roles=entry.past_roles,
                future_roles=entry.future_roles,
                breed_baseline=breeds.baseline_dimensions(profile),
                seed=photo_seed(analysis.photo_fingerprint),
            )

        return timed(compose, provenance=self._made_by("write"))


def _breed_profile(analysis: PetAnalysis) -> breeds.BreedProfile:
    """The breed facts the identity (and so the persona's name) is written from."""
    return breeds.lookup_breed(analysis.species, analysis.breed)


def _persona_name(analysis: PetAnalysis) -> ChosenName:
    """The name :meth:`LocalProvider.write_identity` gives this pet's persona.

    Same breed profile and seed as that step, and :func:`persona_name` is what
    :func:`compose_identity` calls, so the two steps always agree.
    """
    profile = _breed_profile(analysis)
    return persona_name(
        analysis,
        group=profile.group,
        size=profile.size,
        origin=profile.origin,
        seed=photo_seed(analysis.photo_fingerprint),
    )


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


__all__ = ["LOCAL_MODELS", "LocalProvider", "LocalProviderConfig", "photo_seed"]
