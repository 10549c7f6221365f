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
  at most ±12 points each (a lounging pet naps more at its desk).
* **Photo cues** (gaze, head height, framing, setting and coat, measured by the
  offline reader, see :mod:`petavatar.providers.local.photo_cues`): each
  ``[[cue]]`` of the table names a measurement, a centre and a span; the
  measurement becomes ``t = clamp((value − centre) / span, −1, 1)`` and moves
  each listed dimension by ``t × points`` (at most ±12 per cue and dimension).
  So a pet looking away from the camera gains independence and loses a little
  confidence; a pet on grass gains energy and curiosity; a busy room adds
  mischief; a fluffy coat adds appearance-consciousness. The cue weights, in
  points at ``t = 1``:

  ==================  ==================================================================
  cue                 shifts at t = +1 (the opposite at t = −1)
  ==================  ==================================================================
  gaze (|offset|)     independence +6, curiosity +5, confidence −4, works the room −4
  head_height         naps +6, calmness +5, vigilance −6, dignity −4
  off_centre          playfulness +5, mischief +5, routine −5, reads the agenda −4
  background_green    energy +6, curiosity +4, adaptability +4, naps −4
  background_sky      risk-taking +6, optimism +5, territoriality −3
  background_warmth   shares snacks +6, affection +5, calmness +4, competitiveness −3
  background_clutter  mischief +4, adaptability +4, routine −5, focus −4
  coat_lightness      gentleness +4, optimism +4, friendliness +3, vigilance −4, dignity −3
  coat_texture        appearance +6, naps +3, energy −3, focus −3
  coat_contrast       humour +5, vocal +3, mischief +3, routine −4
  ==================  ==================================================================

  Centres sit near the typical value of a pet photo, so an ordinary photo
  moves little and an unusual one moves more.
* A small per-photo variation (±4, seeded by the photo fingerprint) separates
  two photos that measure alike. Same photo → same profile, always.

The shifts, the cue weights and the vibe archetypes are data:
``data/personality.toml``, validated on first use by :func:`personality_tables`.
"""

from __future__ import annotations

import hashlib
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
#: The most points one photo cue may move one dimension (at t = ±1).
MAX_CUE_SHIFT: Final[int] = 12
#: Vibe archetypes this close to the best (in mean points) are all candidates.
VIBE_BAND: Final[float] = 4.0
#: The measurements a cue may read (optional fields of PhotoObservations).
CUE_MEASURES: Final[tuple[str, ...]] = (
    "gaze_offset",
    "head_height",
    "off_centre",
    "background_green",
    "background_sky",
    "background_warmth",
    "background_clutter",
    "coat_lightness",
    "coat_texture",
    "coat_contrast",
)

_Shifts = dict[str, Annotated[int, Field(ge=-MAX_SHIFT, le=MAX_SHIFT)]]


class Vibe(Frozen):
    """An archetype for the vibe line: its phrase and the dimensions that signal it."""

    phrase: Annotated[str, Field(min_length=1)]
    signals: Annotated[tuple[str, ...], Field(min_length=1)]


class Cue(Frozen):
    """One photo cue: a measurement, its centre and span, and the points it moves."""

    measure: str
    absolute: bool = False
    centre: float
    span: Annotated[float, Field(gt=0)]
    shifts: dict[str, Annotated[int, Field(ge=-MAX_CUE_SHIFT, le=MAX_CUE_SHIFT)]]

    def strength(self, observations: PhotoObservations) -> float:
        """``t`` in [−1, 1] for this photo (0 when the measurement is missing)."""
        measured: float | None = getattr(observations, self.measure, None)
        if measured is None:
            return 0.0
        value = abs(measured) if self.absolute else measured
        return max(-1.0, min(1.0, (value - self.centre) / self.span))


class PersonalityTables(Frozen):
    """``data/personality.toml``: photo-cue shifts per expression and posture, and the vibes."""

    expression_shifts: dict[str, _Shifts]
    posture_shifts: dict[str, _Shifts]
    cue: tuple[Cue, ...] = ()
    vibe: Annotated[tuple[Vibe, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> PersonalityTables:
        require_exactly("expression_shifts", self.expression_shifts, EXPRESSIONS)
        require_exactly("posture_shifts", self.posture_shifts, POSTURES)
        for name in ("expression_shifts", "posture_shifts"):
            for key, shifts in getattr(self, name).items():
                require_known(f"{name}[{key!r}]", shifts, DIMENSIONS)
        for cue in self.cue:
            if cue.measure not in CUE_MEASURES:
                raise ValueError(f"cue measure {cue.measure!r} is not one of {CUE_MEASURES}")
            require_known(f"cue {cue.measure!r}", cue.shifts, DIMENSIONS)
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


def cue_shifts(observations: PhotoObservations | None) -> dict[str, float]:
    """Points per dimension from the photo cues (see the module docstring); {} if none."""
    totals: dict[str, float] = {}
    if observations is None:
        return totals
    for cue in personality_tables().cue:
        t = cue.strength(observations)
        for name, points in cue.shifts.items():
            totals[name] = totals.get(name, 0.0) + t * points
    return totals


def build_personality(
    baseline: Mapping[str, float],
    expression: str,
    posture: str,
    fingerprint: str,
    observations: PhotoObservations | None = None,
) -> Personality:
    """Combine breed baseline, photo cues and per-photo variation into the 47 scores."""
    rng = random.Random(int(fingerprint[:16], 16))
    dims: dict[str, int] = {}
    tables = personality_tables()
    shifts = tables.expression_shifts.get(expression, {})
    posture_shifts = tables.posture_shifts.get(posture, {})
    cues = cue_shifts(observations)
    for name in DIMENSIONS:
        value = baseline.get(name, 50.0)
        value += shifts.get(name, 0) + posture_shifts.get(name, 0) + cues.get(name, 0.0)
        value += rng.uniform(-4.0, 4.0)
        dims[name] = max(0, min(100, round(value)))
    return Personality(
        dimensions=dims, dominant_traits=dominant_traits(dims), vibe=vibe_for(dims, fingerprint)
    )


def dominant_traits(dims: Mapping[str, int]) -> list[str]:
    """The three temperament dimensions that stand out most, as readable labels."""
    ranked = sorted(TEMPERAMENT_DIMENSIONS, key=lambda d: (-dims[d], d))
    return [name.replace("_", " ") for name in ranked[:3]]


def vibe_for(dims: Mapping[str, int], fingerprint: str = "") -> str:
    """The archetype whose signal dimensions score highest on average.

    Archetypes within :data:`VIBE_BAND` points of the best (at most four) are all
    fair readings of this pet; the photo fingerprint picks one of them, so close
    calls spread over the archetypes while the same photo keeps its vibe.
    """

    def score(vibe: Vibe) -> float:
        return sum(dims[d] for d in vibe.signals) / len(vibe.signals)

    ranked = sorted(personality_tables().vibe, key=lambda v: (-score(v), v.phrase))
    best = score(ranked[0])
    close = [v.phrase for v in ranked if score(v) >= best - VIBE_BAND][:4]
    if not fingerprint:
        return close[0]
    digest = hashlib.sha256(f"vibe:{fingerprint}".encode()).hexdigest()
    return close[int(digest[:8], 16) % len(close)]


def trait_phrase(dimension: str) -> str:
    """Readable phrase for a dimension label or key."""
    return high_phrases().get(dimension.replace(" ", "_"), dimension)
