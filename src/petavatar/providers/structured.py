"""Structured answers from language models: schemas, parsing, validation and one repair.

Every cloud provider asks its model for three JSON documents — the photo's
analysis, the career and the identity — whose shapes are the ``*Answer``
models below. They are the domain models minus what PetAvatar computes itself
(the photo fingerprint, hints, the similarity score, which is the weighted
breakdown), so a model is never asked to do arithmetic the domain already
does. Their JSON schemas (:func:`answer_schema`) are what tool use, Converse
structured output and OpenAI ``json_schema`` enforce.

:func:`ask_structured` runs the rule every provider shares: validate the reply
with the answer model *and* the domain model it becomes; if that fails, send
the validation errors back once; if the second reply fails too, raise a
permanent :class:`InvalidModelOutputError` that says what was wrong. No half
persona ever leaves this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from petavatar.domain import careers
from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import (
    AttireStyle,
    BackgroundSetting,
    CareerProfile,
    CareerTrajectory,
    IdentityPackage,
    PetAnalysis,
    PetHints,
    Probability,
    Score,
    Seniority,
    SimilarityBreakdown,
    Species,
    Usage,
)
from petavatar.errors import InvalidModelOutputError

T = TypeVar("T")

#: Most validation errors quoted back to the model (and into an error message).
MAX_QUOTED_ERRORS: Final[int] = 12
HEX_COLOUR: Final[str] = r"^#[0-9a-fA-F]{6}$"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


PersonalityScores: type[BaseModel] = create_model(  # the 47 dimensions as required fields
    "PersonalityScores",
    __config__=ConfigDict(extra="forbid"),
    **{name: (Score, ...) for name in DIMENSIONS},  # type: ignore[call-overload]
)


class AnalysisAnswer(_Answer):
    """What the model reads off the photo."""

    species: Species
    species_confidence: Probability
    breed: str = Field(min_length=1, max_length=80)
    breed_confidence: Probability
    expression: str = Field(min_length=1, max_length=80, description="e.g. 'unimpressed'")
    posture: str = Field(min_length=1, max_length=80, description="e.g. 'loaf', 'sitting upright'")
    coat_colors: list[str] = Field(min_length=1, max_length=4)
    coat_color_hex: list[str] = Field(
        min_length=1, max_length=4, description="One #rrggbb per coat colour."
    )
    personality_dimensions: PersonalityScores
    dominant_traits: list[str] = Field(min_length=3, max_length=3)
    vibe: str = Field(min_length=1, max_length=120, description="One line, e.g. 'CFO energy'.")

    @field_validator("coat_color_hex")
    @classmethod
    def _hex(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if not re.fullmatch(HEX_COLOUR, v)]
        if bad:
            raise ValueError(f"coat_color_hex entries must look like #a1b2c3, got {bad}")
        return values


class CareerAnswer(_Answer):
    """The human career the model maps the personality to."""

    career_id: str = Field(description="The closest career of the catalog (one of the enum).")
    job_title: str = Field(min_length=1, max_length=80)
    seniority: Seniority
    industry: str = Field(min_length=1, max_length=80)
    work_style: str = Field(min_length=1, max_length=120)
    attire_style: AttireStyle
    background_setting: BackgroundSetting
    confidence: Score
    rationale: str = Field(min_length=1, max_length=600)

    @field_validator("career_id")
    @classmethod
    def _in_catalog(cls, value: str) -> str:
        careers.get_career(value)
        return value


class IdentityAnswer(_Answer):
    """The persona the model writes."""

    human_name: str = Field(min_length=1, max_length=80)
    bio: str = Field(description="Exactly 3 paragraphs separated by one blank line.")
    skills: list[str] = Field(min_length=5, max_length=10)
    career_trajectory: CareerTrajectory
    similarity_breakdown: SimilarityBreakdown
    uncanny_parallels: list[str] = Field(default_factory=list, max_length=5)


def answer_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A self-contained JSON schema for ``model``: refs inlined, objects closed, all required.

    That is the subset strict tool use, Converse structured output and OpenAI
    ``json_schema`` all accept; the career id is constrained to the catalog.
    """
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    closed: dict[str, Any] = _close(_inline(schema, definitions))
    if model is CareerAnswer:
        closed["properties"]["career_id"]["enum"] = [c.career_id for c in careers.careers()]
    return closed


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node


def _close(node: Any) -> Any:
    if isinstance(node, dict):
        closed: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties":
                closed[key] = {name: _close(sub) for name, sub in value.items()}
            elif key not in ("title", "default"):
                closed[key] = _close(value)
        if closed.get("type") == "object" and "properties" in closed:
            closed["additionalProperties"] = False
            closed["required"] = list(closed["properties"])
        return closed
    if isinstance(node, list):
        return [_close(item) for item in node]
    return node


# -- from answers to domain values ------------------------------------------------------


def to_analysis(answer: AnalysisAnswer, fingerprint: str, hints: PetHints) -> PetAnalysis:
    """The domain analysis: hints override the model, the fingerprint is the photo's."""
    applied = [name for name in ("species", "breed", "pet_name") if getattr(hints, name)]
    values = answer.model_dump()
    values["personality_dimensions"] = dict(values["personality_dimensions"])
    if hints.species is not None:
        values["species"] = hints.species
    if hints.breed is not None:
        values["breed"] = hints.breed
    return PetAnalysis(
        **values, pet_name=hints.pet_name, hints_applied=applied, photo_fingerprint=fingerprint
    )


def to_career(answer: CareerAnswer) -> CareerProfile:
    return CareerProfile(**answer.model_dump())


def to_identity(answer: IdentityAnswer, career: CareerProfile) -> IdentityPackage:
    """The domain identity: title and seniority are the career's, the score the breakdown's."""
    return IdentityPackage(
        **answer.model_dump(),
        job_title=career.job_title,
        seniority=career.seniority,
        similarity_score=answer.similarity_breakdown.weighted_score(),
    )


# -- the validate-and-repair-once rule ---------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One model answer: its payload (a parsed object or raw text), usage and chat state."""

    payload: object
    usage: Usage
    state: object = None


class Exchange(Protocol):
    """A conversation with one model about one structured answer."""

    def ask(self) -> Reply:
        """The first request."""
        ...

    def correct(self, previous: Reply, problems: str) -> Reply:
        """Send ``problems`` (validation errors of ``previous``) back for a second answer."""
        ...


@dataclass(frozen=True)
class Structured(Generic[T]):
    """A validated domain value and the usage of every call it took."""

    value: T
    usage: Usage
    repaired: bool


def ask_structured(
    exchange: Exchange, parse: Callable[[object], T], *, what: str, source: str
) -> Structured[T]:
    """Ask, validate, repair once; raise :class:`InvalidModelOutputError` on a second failure.

    ``parse`` turns a payload into the domain value and raises ``ValueError``
    (pydantic's ``ValidationError`` is one) when it does not fit.
    """
    first = exchange.ask()
    try:
        return Structured(parse(first.payload), first.usage, repaired=False)
    except ValueError as error:
        problems = describe_problems(error)
    second = exchange.correct(first, problems)
    usage = first.usage + second.usage
    try:
        return Structured(parse(second.payload), usage, repaired=True)
    except ValueError as error:
        raise InvalidModelOutputError(
            f"{source} returned an invalid {what} twice, even after being shown what was "
            f"wrong ({describe_problems(error)}); try again, or choose a more capable model",
            usage=usage.model_dump(),
        ) from error


def parser(answer: type[BaseModel], build: Callable[[Any], T]) -> Callable[[object], T]:
    """A ``parse`` for :func:`ask_structured`: JSON (or a dict) → ``answer`` → ``build``."""

    def parse(payload: object) -> T:
        return build(answer.model_validate(as_document(payload)))

    return parse


def as_document(payload: object) -> object:
    """A payload as a JSON value: dicts pass, text is parsed (fences and chatter removed)."""
    if not isinstance(payload, str):
        return payload
    text = _FENCE.sub("", payload.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("the reply contained no JSON object")
    try:
        return json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"the reply was not valid JSON ({exc.msg} at {exc.pos})") from exc


def describe_problems(error: ValueError) -> str:
    """Validation errors as one line a model (and a person) can act on."""
    if isinstance(error, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in item['loc']) or 'answer'}: {item['msg']}"
            for item in error.errors()[:MAX_QUOTED_ERRORS]
        ]
        more = error.error_count() - len(parts)
        return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
    return str(error)
