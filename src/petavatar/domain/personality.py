"""From breed temperament plus what the photo shows to the 47 dimensions, expression,
posture, dominant traits and a vibe line.

How each part is derived (and why it is honest):

* **Baseline**: the breed table's temperament facts mapped to 47 dimensions
  (:func:`petavatar.domain.breeds.baseline_dimensions`). This is what is
  known about the breed, not about this individual.
* **Expression** is not read from facial muscles (an ImageNet classifier
  cannot do that). It is the mood of the shot, scored from measurements:
  bright, colourful photos read "cheerful"; sharp close-ups read "intense";
  motion blur with an energetic breed reads "playful"; dark, low-contrast
  shots read "pensive"; a dim, soft shot of a calm breed reads "sleepy";
  a sharp, centred animal with room around it reads "alert"; otherwise "serene".
* **Posture** comes from the animal's region (class-activation map): its
  bounding-box aspect ratio and how much of the frame it fills — a wide,
  low region is "lounging", a tall one "sitting upright", a frame-filling one
  a "close-up portrait", a mid-sized one "standing tall".
* **Individual adjustment**: expression and posture shift a few dimensions by
  at most ±12 points each (a lounging pet naps more at its desk), and a small
  per-photo variation (±4, seeded by the photo fingerprint) separates two
  photos of the same breed. Same photo → same profile, always.

The shifts and the vibe archetypes are data: ``data/personality.toml``, validated
on first use by :func:`personality_tables`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Final

from pydantic import Field, model_validator

from petavatar.domain.data import read_toml, require_exactly, require_known
from petavatar.domain.dimensions import DIMENSIONS, TEMPERAMENT_DIMENSIONS, high_phrases
from petavatar.domain.models import Frozen, PhotoObservations

EXPRESSIONS: Final[tuple[str, ...]] = (
    "cheerful",
    "intense",
    "playful",
    "pensive",
    "sleepy",
    "alert",
    "serene",
)
POSTURES: Final[tuple[str, ...]] = (
    "lounging",
    "sitting upright",
    "close-up portrait",
    "standing tall",
)

#: The most points an expression or a posture may move one dimension.
MAX_SHIFT: Final[int] = 12

_Shifts = dict[str, Annotated[int, Field(ge=-MAX_SHIFT, le=MAX_SHIFT)]]


class Vibe(Frozen):
    """An archetype for the vibe line: its phrase and the dimensions that signal it."""

    phrase: Annotated[str, Field(min_length=1)]
    signals: Annotated[tuple[str, ...], Field(min_length=1)]


class PersonalityTables(Frozen):
    """``data/personality.toml``: photo-cue shifts per expression and posture, and the vibes."""

    expression_shifts: dict[str, _Shifts]
    posture_shifts: dict[str, _Shifts]
    vibe: Annotated[tuple[Vibe, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> PersonalityTables:
        require_exactly("expression_shifts", self.expression_shifts, EXPRESSIONS)
        require_exactly("posture_shifts", self.posture_shifts, POSTURES)
        for name in ("expression_shifts", "posture_shifts"):
            for key, shifts in getattr(self, name).items():
                require_known(f"{name}[{key!r}]", shifts, DIMENSIONS)
        for vibe in self.vibe:
            require_known(f"vibe {vibe.phrase!r}", vibe.signals, DIMENSIONS)
        phrases = [vibe.phrase for vibe in self.vibe]
        if len(set(phrases)) != len(phrases):
            raise ValueError("vibe phrases must be unique")
        return self


@cache
def personality_tables() -> PersonalityTables:
    """The shifts and vibes, loaded and validated once from ``data/personality.toml``."""
    return PersonalityTables.model_validate(read_toml("personality.toml"))


@dataclass(frozen=True)
class Personality:
    """The 47 scores plus the labels derived from them."""

    dimensions: dict[str, int]
    dominant_traits: list[str]
    vibe: str


def read_expression(obs: PhotoObservations, baseline: Mapping[str, float]) -> str:
    """The shot's mood, scored from measurements (see the module docstring)."""
    energy = baseline.get("energy_level", 50.0) / 100.0
    calm = baseline.get("calmness", 50.0) / 100.0
    scores = {
        "cheerful": obs.brightness * 0.9 + obs.colorfulness * 0.9 - 0.5,
        "intense": obs.sharpness * 0.7 + obs.subject_fill * 1.2 + obs.contrast * 0.4 - 0.75,
        "playful": (1.0 - obs.sharpness) * 0.9 + energy * 0.8 - 0.55,
        "pensive": (1.0 - obs.brightness) * 0.9 + (1.0 - obs.contrast) * 0.4 - 0.55,
        "sleepy": (1.0 - obs.brightness) * 0.4 + (1.0 - obs.sharpness) * 0.5 + calm * 0.6 - 0.65,
        "alert": obs.sharpness * 0.6
        + (1.0 - abs(obs.subject_center_x - 0.5) * 2) * 0.3
        + energy * 0.3
        - 0.6,
        "serene": calm * 0.7 + (1.0 - obs.contrast) * 0.3 - 0.45,
    }
    return max(EXPRESSIONS, key=lambda name: (scores[name], -EXPRESSIONS.index(name)))


def read_posture(obs: PhotoObservations) -> str:
    """Posture from the shape and size of the animal's region.

    The region is the CAM at ≥ 40 % of its peak, so it covers the most telling
    part of the animal (often head and shoulders) rather than its whole body;
    the thresholds are set for that.
    """
    if obs.subject_fill >= 0.24:
        return "close-up portrait"
    if obs.subject_aspect >= 1.5:
        return "lounging"
    if obs.subject_aspect <= 0.95:
        return "sitting upright"
    return "standing tall"


def build_personality(
    baseline: Mapping[str, float],
    expression: str,
    posture: str,
    fingerprint: str,
) -> Personality:
    """Combine breed baseline, photo cues and per-photo variation into the 47 scores."""
    rng = random.Random(int(fingerprint[:16], 16))
    dims: dict[str, int] = {}
    tables = personality_tables()
    shifts = tables.expression_shifts.get(expression, {})
    posture_shifts = tables.posture_shifts.get(posture, {})
    for name in DIMENSIONS:
        value = baseline.get(name, 50.0)
        value += shifts.get(name, 0) + posture_shifts.get(name, 0)
        value += rng.uniform(-4.0, 4.0)
        dims[name] = max(0, min(100, round(value)))
    return Personality(dimensions=dims, dominant_traits=dominant_traits(dims), vibe=vibe_for(dims))


def dominant_traits(dims: Mapping[str, int]) -> list[str]:
    """The three temperament dimensions that stand out most, as readable labels."""
    ranked = sorted(TEMPERAMENT_DIMENSIONS, key=lambda d: (-dims[d], d))
    return [name.replace("_", " ") for name in ranked[:3]]


def vibe_for(dims: Mapping[str, int]) -> str:
    """The archetype whose signal dimensions score highest on average."""

    def score(vibe: Vibe) -> float:
        return sum(dims[d] for d in vibe.signals) / len(vibe.signals)

    return max(personality_tables().vibe, key=score).phrase


def trait_phrase(dimension: str) -> str:
    """Readable phrase for a dimension label or key."""
    return high_phrases().get(dimension.replace(" ", "_"), dimension)
