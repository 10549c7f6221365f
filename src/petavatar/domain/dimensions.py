"""The 47 personality dimensions every pet analysis scores, each 0–100.

The first 36 describe temperament in terms that carry over from animals to
people; the last 11 are "office life" dimensions that make the persona
recognisable at work. The order here is the canonical order everywhere
(vectors, JSON, tables). How each dimension reads in words, running high or low,
is data: ``data/dimensions.toml``, loaded on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from petavatar.domain.data import read_toml, require_exactly

TEMPERAMENT_DIMENSIONS: Final[tuple[str, ...]] = (
    "confidence",
    "energy_level",
    "sociability",
    "assertiveness",
    "playfulness",
    "curiosity",
    "independence",
    "loyalty",
    "patience",
    "focus",
    "adaptability",
    "stubbornness",
    "friendliness_to_strangers",
    "vocal_expressiveness",
    "calmness",
    "anxiety",
    "dominance",
    "affection",
    "problem_solving",
    "coachability",
    "territoriality",
    "food_motivation",
    "vigilance",
    "gentleness",
    "mischief",
    "dignity",
    "resilience",
    "competitiveness",
    "empathy",
    "routine_orientation",
    "risk_taking",
    "leadership",
    "humor",
    "appearance_consciousness",
    "diplomacy",
    "optimism",
)

OFFICE_DIMENSIONS: Final[tuple[str, ...]] = (
    "would_steal_your_lunch_from_the_fridge",
    "sends_passive_aggressive_emails",
    "actually_reads_the_meeting_agenda",
    "takes_credit_for_group_projects",
    "replies_all_unnecessarily",
    "naps_at_desk",
    "works_the_room_at_happy_hour",
    "meets_deadlines",
    "coffee_dependency",
    "shares_office_snacks",
    "micromanages",
)

DIMENSIONS: Final[tuple[str, ...]] = TEMPERAMENT_DIMENSIONS + OFFICE_DIMENSIONS
DIMENSION_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(DIMENSIONS)}


class DimensionPhrases(BaseModel):
    """How one dimension reads in words: running high, and running low."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    high: str = Field(min_length=1)
    low: str = Field(min_length=1)


class PhraseTable(RootModel[dict[str, DimensionPhrases]]):
    """``data/dimensions.toml``: exactly the 47 dimensions, each with both phrases."""

    @model_validator(mode="after")
    def _covers_every_dimension(self) -> PhraseTable:
        require_exactly("dimensions.toml", self.root, DIMENSIONS)
        return self


@cache
def dimension_phrases() -> Mapping[str, DimensionPhrases]:
    """Every dimension's phrases, in canonical order (loaded once from ``data/dimensions.toml``)."""
    table = PhraseTable.model_validate(read_toml("dimensions.toml")).root
    return MappingProxyType({dimension: table[dimension] for dimension in DIMENSIONS})


@cache
def high_phrases() -> Mapping[str, str]:
    """Dimension -> phrase for the trait running high ("laser focus"): traits, bios, rationale."""
    return MappingProxyType(
        {dimension: phrases.high for dimension, phrases in dimension_phrases().items()}
    )


@cache
def low_phrases() -> Mapping[str, str]:
    """Dimension -> phrase for the trait running low ("never gambles"): the career rationale."""
    return MappingProxyType(
        {dimension: phrases.low for dimension, phrases in dimension_phrases().items()}
    )
