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
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from petavatar.domain.dimensions import DIMENSIONS, TEMPERAMENT_DIMENSIONS, high_phrases
from petavatar.domain.models import PhotoObservations

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

EXPRESSION_SHIFTS: Final[dict[str, dict[str, int]]] = {
    "cheerful": {"sociability": 8, "optimism": 10, "friendliness_to_strangers": 6, "humor": 6},
    "intense": {"focus": 10, "vigilance": 8, "confidence": 6, "sends_passive_aggressive_emails": 6},
    "playful": {
        "playfulness": 12,
        "mischief": 8,
        "energy_level": 6,
        "would_steal_your_lunch_from_the_fridge": 6,
    },
    "pensive": {
        "problem_solving": 8,
        "patience": 6,
        "sociability": -6,
        "actually_reads_the_meeting_agenda": 8,
    },
    "sleepy": {"naps_at_desk": 12, "energy_level": -10, "calmness": 8, "coffee_dependency": 10},
    "alert": {"vigilance": 10, "curiosity": 8, "meets_deadlines": 6},
    "serene": {"calmness": 10, "diplomacy": 6, "anxiety": -8, "patience": 6},
}

POSTURE_SHIFTS: Final[dict[str, dict[str, int]]] = {
    "lounging": {"naps_at_desk": 10, "calmness": 6, "routine_orientation": -4},
    "sitting upright": {"dignity": 10, "actually_reads_the_meeting_agenda": 8, "coachability": 6},
    "close-up portrait": {
        "confidence": 8,
        "works_the_room_at_happy_hour": 8,
        "appearance_consciousness": 8,
    },
    "standing tall": {"leadership": 8, "assertiveness": 6, "dominance": 6},
}

#: Archetypes for the vibe line: a phrase and the dimensions that signal it.
VIBES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("CFO energy", ("confidence", "dominance", "focus", "meets_deadlines")),
    ("founder-in-stealth-mode energy", ("risk_taking", "energy_level", "curiosity", "optimism")),
    (
        "VP-of-Sales-at-the-open-bar energy",
        (
            "sociability",
            "works_the_room_at_happy_hour",
            "friendliness_to_strangers",
            "vocal_expressiveness",
        ),
    ),
    ("tenured-professor energy", ("calmness", "problem_solving", "patience", "naps_at_desk")),
    ("head-of-security energy", ("vigilance", "territoriality", "loyalty", "assertiveness")),
    (
        "old-money board-member energy",
        ("dignity", "appearance_consciousness", "independence", "stubbornness"),
    ),
    (
        "intern-who-eats-your-yogurt energy",
        ("mischief", "would_steal_your_lunch_from_the_fridge", "food_motivation", "playfulness"),
    ),
    (
        "project-manager-with-a-Gantt-chart energy",
        (
            "actually_reads_the_meeting_agenda",
            "routine_orientation",
            "micromanages",
            "meets_deadlines",
        ),
    ),
    ("HR-business-partner energy", ("empathy", "diplomacy", "gentleness", "affection")),
    (
        "staff-engineer-who-fixed-prod energy",
        ("problem_solving", "focus", "independence", "coffee_dependency"),
    ),
    ("team-captain energy", ("leadership", "competitiveness", "loyalty", "resilience")),
    (
        "freelance-consultant energy",
        ("independence", "adaptability", "risk_taking", "stubbornness"),
    ),
    (
        "reply-all-champion energy",
        (
            "replies_all_unnecessarily",
            "vocal_expressiveness",
            "sends_passive_aggressive_emails",
            "anxiety",
        ),
    ),
    ("office-mom energy", ("shares_office_snacks", "affection", "empathy", "loyalty")),
)


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
    shifts = EXPRESSION_SHIFTS.get(expression, {})
    posture_shifts = POSTURE_SHIFTS.get(posture, {})
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

    def score(entry: tuple[str, tuple[str, ...]]) -> float:
        return sum(dims[d] for d in entry[1]) / len(entry[1])

    return max(VIBES, key=score)[0]


def trait_phrase(dimension: str) -> str:
    """Readable phrase for a dimension label or key."""
    return high_phrases().get(dimension.replace(" ", "_"), dimension)
