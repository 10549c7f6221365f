"""The pet-to-human similarity score and its four documented components.

Each component is an integer 0–100; the score is
:meth:`~petavatar.domain.models.SimilarityBreakdown.weighted_score` (40/30/15/15).

``trait_alignment`` (40 %)
    How clearly the personality reads. *Salience* is the mean score of the pet's three
    highest dimensions; *contrast* is how far that mean stands above the median of all
    47 (doubled, so a 50-point lead is full marks). Distinctiveness is their average.
    When a breed baseline (dimension → expected score) is given, *consistency* is
    ``100 − 2 × mean |score − baseline|`` over the dimensions it names, and the
    component is the average of distinctiveness and consistency; without one it is
    distinctiveness alone.

``career_fit`` (30 %)
    The career mapper's confidence, clamped to 0–100.

``name_fit`` (15 %)
    :attr:`~petavatar.domain.naming.ChosenName.fit`: how specific the name pool was.

``coherence`` (15 %)
    Whether the pet's look matches the career's look. *Formality agreement* compares
    the pet's formality (mean of dignity, calmness, appearance consciousness, routine
    orientation, and the inverses of playfulness and mischief) with the formality of
    the attire (a suit is 90, outdoor workwear 25): ``100 − 1.25 × |difference|``.
    *Register agreement* sorts the words of expression, posture and vibe, and of the
    work style (plus a default register for the attire), into three registers,
    poised, lively and mellow, and scores how much the two distributions overlap
    (50 when either side says nothing recognisable). Coherence is
    ``0.6 × formality + 0.4 × register``; either part alone when the other is unknown.

The attire formality, attire registers and register words are data:
``data/similarity.toml``, validated on first use by :func:`similarity_tables`.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Final

from pydantic import Field, model_validator

from petavatar.domain.data import read_toml, require_exactly, require_known
from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import ATTIRE_STYLES, Frozen, PetAnalysis, SimilarityBreakdown

__all__ = [
    "REGISTERS",
    "SimilarityTables",
    "coherence_score",
    "pet_formality",
    "similarity_breakdown",
    "similarity_tables",
    "trait_alignment_score",
]

#: The registers a description can be in, in the order their overlap is summed.
REGISTERS: Final[tuple[str, ...]] = ("poised", "lively", "mellow")

_Word = Annotated[str, Field(pattern=r"^[a-z]+$")]


class SimilarityTables(Frozen):
    """``data/similarity.toml``: attire formality and registers, and the register words."""

    attire_formality: dict[str, Annotated[int, Field(ge=0, le=100)]]
    attire_register: dict[str, str]
    register_words: dict[str, frozenset[_Word]]

    @model_validator(mode="after")
    def _consistent(self) -> SimilarityTables:
        require_exactly("attire_formality", self.attire_formality, ATTIRE_STYLES)
        require_exactly("attire_register", self.attire_register, ATTIRE_STYLES)
        if tuple(self.register_words) != REGISTERS:
            raise ValueError(f"register_words must list the registers {REGISTERS} in order")
        require_known("attire_register values", self.attire_register.values(), REGISTERS)
        seen: set[str] = set()
        for register, words in self.register_words.items():
            shared = sorted(words & seen)
            if shared:
                raise ValueError(f"register_words: {shared} are in {register!r} and another")
            seen |= words
        return self


@cache
def similarity_tables() -> SimilarityTables:
    """The attire and register tables, loaded and validated once from ``data/similarity.toml``."""
    return SimilarityTables.model_validate(read_toml("similarity.toml"))


_FORMAL_DIMS: Final[tuple[str, ...]] = (
    "dignity",
    "calmness",
    "appearance_consciousness",
    "routine_orientation",
)
_INFORMAL_DIMS: Final[tuple[str, ...]] = ("playfulness", "mischief")
_WORD_RE: Final[re.Pattern[str]] = re.compile(r"[a-z]+")


def _clamp(value: float) -> int:
    """Round and clamp to an integer 0–100."""
    return max(0, min(100, round(value)))


def trait_alignment_score(
    dims: Mapping[str, int], breed_baseline: Mapping[str, float] | None = None
) -> int:
    """Distinctiveness of the top three dimensions, blended with breed consistency."""
    scores = [float(dims.get(d, 0)) for d in DIMENSIONS]
    top3 = sorted(scores, reverse=True)[:3]
    salience = statistics.fmean(top3)
    contrast = 2.0 * (salience - statistics.median(scores))
    distinctiveness = (salience + max(0.0, min(100.0, contrast))) / 2.0
    if not breed_baseline:
        return _clamp(distinctiveness)
    shared = [d for d in DIMENSIONS if d in breed_baseline]
    if not shared:
        return _clamp(distinctiveness)
    mean_gap = statistics.fmean(abs(dims.get(d, 0) - float(breed_baseline[d])) for d in shared)
    consistency = max(0.0, 100.0 - 2.0 * mean_gap)
    return _clamp((distinctiveness + consistency) / 2.0)


def pet_formality(dims: Mapping[str, int]) -> float:
    """How formal the pet comes across, 0–100 (see the module docstring)."""
    parts = [float(dims.get(d, 50)) for d in _FORMAL_DIMS]
    parts += [100.0 - float(dims.get(d, 50)) for d in _INFORMAL_DIMS]
    return statistics.fmean(parts)


def _register_counts(text: str) -> dict[str, int]:
    words = _WORD_RE.findall(text.lower())
    return {
        register: sum(1 for word in words if word in vocabulary)
        for register, vocabulary in similarity_tables().register_words.items()
    }


def _register_agreement(pet_text: str, career_text: str, attire_style: str | None) -> int:
    """Overlap (0–100) of the register distributions of the pet and the career texts."""
    pet = _register_counts(pet_text)
    career = _register_counts(career_text)
    attire_register = similarity_tables().attire_register
    if attire_style in attire_register:
        career[attire_register[attire_style]] += 1
    pet_total = sum(pet.values())
    career_total = sum(career.values())
    if pet_total == 0 or career_total == 0:
        return 50
    overlap = sum(min(pet[r] / pet_total, career[r] / career_total) for r in REGISTERS)
    # overlap is 0 (opposite registers) … 1 (same mix); map to 20 … 100.
    return _clamp(20.0 + 80.0 * overlap)


def coherence_score(
    analysis: PetAnalysis, attire_style: str | None = None, work_style: str = ""
) -> int:
    """Agreement between the pet's look (expression, posture, vibe) and the career's."""
    pet_text = " ".join((analysis.expression, analysis.posture, analysis.vibe))
    register = _register_agreement(pet_text, work_style, attire_style)
    formality_of = similarity_tables().attire_formality
    if attire_style not in formality_of:
        return register
    gap = abs(pet_formality(analysis.personality_dimensions) - formality_of[attire_style])
    formality = max(0.0, 100.0 - 1.25 * gap)
    return _clamp(0.6 * formality + 0.4 * register)


def similarity_breakdown(
    analysis: PetAnalysis,
    career_confidence: int,
    name_fit: int,
    *,
    breed_baseline: Mapping[str, float] | None = None,
    attire_style: str | None = None,
    work_style: str = "",
) -> SimilarityBreakdown:
    """The four components of the similarity score; the score is ``.weighted_score()``."""
    return SimilarityBreakdown(
        trait_alignment=trait_alignment_score(analysis.personality_dimensions, breed_baseline),
        career_fit=_clamp(career_confidence),
        name_fit=_clamp(name_fit),
        coherence=coherence_score(analysis, attire_style, work_style),
    )
