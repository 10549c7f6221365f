"""The words every cloud provider sends: system prompt, per-step requests, the avatar prompt.

The texts are data (``providers/data/prompts.toml``, validated on first use);
this module fills them in from domain values, so Bedrock and OpenAI-compatible
servers are asked exactly the same questions.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict

from petavatar.domain import careers
from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import (
    ATTIRE_STYLES,
    BACKGROUND_SETTINGS,
    CareerProfile,
    PetAnalysis,
    PetHints,
)


class PromptBook(BaseModel):
    """The prompt texts, one per use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: str
    analyze: str
    map: str
    write: str
    json_only: str
    repair: str
    avatar: str
    avatar_negative: str
    attire: dict[str, str]
    background: dict[str, str]

    def model_post_init(self, __context: Any) -> None:
        missing = [a for a in ATTIRE_STYLES if a not in self.attire] + [
            b for b in BACKGROUND_SETTINGS if b not in self.background
        ]
        if missing:
            raise ValueError(f"prompts.toml lacks attire/background phrases for {missing}")


@lru_cache(maxsize=1)
def prompt_book() -> PromptBook:
    """The packaged prompt texts (read and validated once)."""
    text = resources.files("petavatar.providers").joinpath("data/prompts.toml").read_text("utf-8")
    return PromptBook.model_validate(tomllib.loads(text))


def analyze_prompt(hints: PetHints) -> str:
    told = [
        f"the owner says its {name.replace('_', ' ')} is {value!r}"
        for name, value in (("species", hints.species), ("breed", hints.breed))
        if value
    ]
    extra = f" Note: {'; '.join(told)}." if told else ""
    return prompt_book().analyze.format(dimensions=", ".join(DIMENSIONS), hints=extra)


def map_prompt(analysis: PetAnalysis) -> str:
    catalog = "; ".join(f"{c.career_id}: {c.job_title}" for c in careers.careers())
    return prompt_book().map.format(analysis=_analysis_json(analysis), catalog=catalog)


def write_prompt(analysis: PetAnalysis, career: CareerProfile) -> str:
    pet_name = f", whose pet name is {analysis.pet_name!r}" if analysis.pet_name else ""
    return prompt_book().write.format(
        analysis=_analysis_json(analysis),
        career=career.model_dump_json(exclude={"runner_ups"}),
        breed=analysis.breed,
        species=analysis.species,
        pet_name=pet_name,
    )


def json_only_prompt(schema: dict[str, Any]) -> str:
    return prompt_book().json_only.format(schema=json.dumps(schema, separators=(",", ":")))


def repair_prompt(problems: str) -> str:
    return prompt_book().repair.format(problems=problems)


def avatar_prompt(analysis: PetAnalysis, career: CareerProfile) -> str:
    """The headshot prompt: the career's attire and setting, the pet's colours and mood."""
    book = prompt_book()
    return book.avatar.format(
        job_title=career.job_title,
        seniority=career.seniority,
        attire=book.attire[career.attire_style],
        background=book.background[career.background_setting],
        breed=analysis.breed,
        species=analysis.species,
        coat=" and ".join(analysis.coat_colors),
        expression=analysis.expression,
        traits=", ".join(analysis.dominant_traits),
    )


def _analysis_json(analysis: PetAnalysis) -> str:
    return analysis.model_dump_json(
        include={
            "species",
            "breed",
            "expression",
            "posture",
            "coat_colors",
            "personality_dimensions",
            "dominant_traits",
            "vibe",
            "pet_name",
        }
    )
