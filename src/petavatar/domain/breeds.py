"""Breed temperament facts and their transparent mapping to the 47 personality dimensions.

The table
---------
The profiles are data: ``data/breeds.csv``, one row per breed with a named column
per fact; the mapping's weights and adjustments are ``data/breed_mapping.toml``.
Both are validated when first used, not at import. Every :class:`BreedProfile`
carries 1–5 ratings on the fixed :data:`FACT_KEYS`,
modelled on widely published breed trait ratings (the AKC breed-trait scores for
dogs; the equivalent breed-club and care-guide descriptions for cats, rabbits,
rodents, horses, birds, fish and reptiles). 3 is "typical"; 1 and 5 are the
extremes *across all pets*, so a goldfish has trainability 2 and a Border
Collie 5. The table covers every breed an offline classifier class maps to (the
offline provider checks that its own table only names profiles here), a default
profile per species and common breeds users type as a hint.

The mapping
-----------
:func:`baseline_dimensions` turns facts into the 47 dimensions with one linear
formula, so every number can be traced back to a fact::

    value(d) = 50 + FACT_SCALE * sum(w * (fact - 3) for fact, w in fact_weights[d])
             + species_adjustments[species][d]
             + group_adjustments[group][d]          (dog groups only)
             + size_adjustments[size][d]

then clamped to 0–100 and rounded to one decimal. A fact one point above
typical moves a weight-1.0 dimension by ``FACT_SCALE`` (15) points. The
adjustments are small (at most 15 points each) and encode what facts cannot: cats
are more independent and dignified, toy dogs more vocal, working breeds meet
more deadlines, sporting breeds (retrievers) raid the office fridge, herding
breeds micromanage, giant breeds nap.

Size is absolute body size across all species (a hamster is "tiny", a cat
"medium", a horse "giant"), so size adjustments mean the same thing everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Annotated, Final, Literal, get_args

from pydantic import Field, ValidationError, model_validator

from petavatar.domain.data import read_csv, read_toml, require_exactly, require_known
from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import SPECIES, Frozen, Species

Size = Literal["tiny", "small", "medium", "large", "giant"]
SIZES: Final[tuple[Size, ...]] = get_args(Size)

DogGroup = Literal["sporting", "hound", "working", "terrier", "toy", "non_sporting", "herding"]
DOG_GROUPS: Final[tuple[DogGroup, ...]] = get_args(DogGroup)

#: The facts every profile rates 1–5: the rating columns of ``data/breeds.csv``, in order
#: (``data/README.md`` says what each one rates).
FACT_KEYS: Final[tuple[str, ...]] = (
    "energy",
    "trainability",
    "affection_family",
    "openness_to_strangers",
    "playfulness",
    "protectiveness",
    "vocalness",
    "independence",
    "adaptability",
    "mental_stimulation_needs",
    "grooming_needs",
    "food_drive",
    "stubbornness",
    "prey_drive",
)

#: Points a dimension moves per fact point above typical (3), at weight 1.0.
FACT_SCALE: Final[float] = 15.0
_NEUTRAL: Final[float] = 50.0
_TYPICAL_FACT: Final[int] = 3

#: The columns of ``data/breeds.csv`` before the fact ratings.
PROFILE_COLUMNS: Final[tuple[str, ...]] = (
    "name", "species", "group", "size", "origin", "temperament", "aliases",
)  # fmt: skip

#: Separator of the list cells (temperament, aliases) in ``data/breeds.csv``.
LIST_SEPARATOR: Final[str] = ";"

_Text = Annotated[str, Field(min_length=1)]
_Points = dict[str, float]


class BreedProfile(Frozen):
    """Temperament facts of one breed (or kind) of pet: one row of ``data/breeds.csv``.

    ``group`` is the AKC-style group for dogs and the species name for every other
    species. ``facts`` rates every key of :data:`FACT_KEYS` 1–5. ``aliases`` are
    lower-case alternative names users type ("lab", "gsd", "doxie").
    """

    name: _Text
    species: Species
    group: str
    size: Size
    origin: _Text
    temperament: Annotated[tuple[_Text, ...], Field(min_length=3, max_length=6)]
    facts: dict[str, Annotated[int, Field(ge=1, le=5)]]
    aliases: tuple[_Text, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> BreedProfile:
        expected_groups: tuple[str, ...] = DOG_GROUPS if self.species == "dog" else (self.species,)
        if self.group not in expected_groups:
            raise ValueError(f"{self.name}: group {self.group!r} not in {expected_groups}")
        if tuple(self.facts) != FACT_KEYS:
            raise ValueError(f"{self.name}: facts must be exactly {FACT_KEYS} in order")
        if any(alias != alias.lower() for alias in self.aliases):
            raise ValueError(f"{self.name}: aliases must be lower-case")
        return self


def _split(cell: str) -> tuple[str, ...]:
    """The stripped, non-empty items of a list cell of ``data/breeds.csv``."""
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


def _profile(row: Mapping[str, str]) -> BreedProfile:
    """One CSV row as a profile; a bad row raises naming its breed and line."""
    try:
        return BreedProfile.model_validate(
            {
                **{column: row[column] for column in PROFILE_COLUMNS[:5]},
                "temperament": _split(row["temperament"]),
                "aliases": _split(row["aliases"]),
                "facts": {fact: row[fact] for fact in FACT_KEYS},
            }
        )
    except ValidationError as error:
        raise ValueError(f"breeds.csv: invalid breed {row.get('name')!r}: {error}") from None


class BreedMapping(Frozen):
    """``data/breed_mapping.toml``: how facts become dimensions, and each species' default."""

    default_breeds: dict[Species, _Text]
    fact_weights: dict[str, _Points]
    species_adjustments: dict[Species, _Points]
    group_adjustments: dict[str, _Points]
    size_adjustments: dict[Size, _Points]

    @model_validator(mode="after")
    def _consistent(self) -> BreedMapping:
        if tuple(self.fact_weights) != DIMENSIONS:
            raise ValueError("fact_weights must list the 47 dimensions in canonical order")
        for dimension, weights in self.fact_weights.items():
            if not weights:
                raise ValueError(f"fact_weights[{dimension!r}] is empty")
            require_known(f"fact_weights[{dimension!r}]", weights, FACT_KEYS)
        require_exactly("default_breeds", self.default_breeds, SPECIES)
        require_exactly("species_adjustments", self.species_adjustments, SPECIES)
        require_exactly("group_adjustments", self.group_adjustments, DOG_GROUPS)
        require_exactly("size_adjustments", self.size_adjustments, SIZES)
        for name in ("species_adjustments", "group_adjustments", "size_adjustments"):
            for key, points in getattr(self, name).items():
                require_known(f"{name}[{key!r}]", points, DIMENSIONS)
        return self


@cache
def breed_mapping() -> BreedMapping:
    """Fact weights, adjustments and species defaults (``data/breed_mapping.toml``, loaded once)."""
    return BreedMapping.model_validate(read_toml("breed_mapping.toml"))


@dataclass(frozen=True)
class BreedTable:
    """The profiles and their name indexes (see :func:`index_breeds`)."""

    profiles: tuple[BreedProfile, ...]
    by_species: Mapping[Species, Mapping[str, BreedProfile]]
    anywhere: Mapping[str, BreedProfile]
    defaults: Mapping[Species, BreedProfile]


def parse_profiles(rows: Sequence[Mapping[str, str]]) -> tuple[BreedProfile, ...]:
    """The profiles of ``data/breeds.csv`` rows (keyed by column); raises on a bad header or row."""
    columns = tuple(rows[0]) if rows else ()
    if columns != (*PROFILE_COLUMNS, *FACT_KEYS):
        raise ValueError(f"breeds.csv columns must be {(*PROFILE_COLUMNS, *FACT_KEYS)}")
    return tuple(_profile(row) for row in rows)


def index_breeds(profiles: Sequence[BreedProfile], mapping: BreedMapping) -> BreedTable:
    """Index normalised names and aliases of ``profiles``, per species and across species.

    A key taken by two profiles of one species is a table error and raises; across
    species the first profile in table order wins (dogs, then cats, ...). Every
    species' default breed in ``mapping`` must be a profile of that species.
    """
    per_species: dict[Species, dict[str, BreedProfile]] = {species: {} for species in SPECIES}
    anywhere: dict[str, BreedProfile] = {}
    for profile in profiles:
        for key in {_normalize(text) for text in (profile.name, *profile.aliases)}:
            owner = per_species[profile.species].setdefault(key, profile)
            if owner is not profile:
                raise ValueError(f"{key!r} names both {owner.name} and {profile.name}")
            anywhere.setdefault(key, profile)
    defaults: dict[Species, BreedProfile] = {}
    for species, name in mapping.default_breeds.items():
        default = per_species[species].get(_normalize(name))
        if default is None or default.name != name:
            raise ValueError(f"default breed {name!r} of {species} is not a {species} profile")
        defaults[species] = default
    return BreedTable(
        profiles=tuple(profiles),
        by_species=MappingProxyType({s: MappingProxyType(t) for s, t in per_species.items()}),
        anywhere=MappingProxyType(anywhere),
        defaults=MappingProxyType(defaults),
    )


@cache
def _breed_table() -> BreedTable:
    """The indexed profiles of ``data/breeds.csv``, loaded once."""
    return index_breeds(parse_profiles(read_csv("breeds.csv")), breed_mapping())


def _normalize(text: str) -> str:
    """Lower-case ``text`` and keep only ASCII letters and digits ("Shih-Tzu" -> "shihtzu")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_only.lower())


#: Trailing words a user may add to a breed name ("Maine Coon cat", "lab mix",
#: "parakeet-type bird").
_IGNORED_SUFFIXES: Final[tuple[str, ...]] = (
    "dog", "dogs", "cat", "cats", "puppy", "puppies", "kitten", "kittens",
    "mix", "mixed", "cross", "breed", "type",
    "bird", "reptile", "fish", "rabbit", "horse",
)  # fmt: skip


def _candidates(key: str) -> list[str]:
    """``key`` followed by its variants without ignored suffixes or plural endings, nearest first.

    Exact keys are tried before shortened ones, so "Great Pyrenees" never becomes "great pyrenee"
    and "bulldogs" finds "bulldog" before "bull".
    """
    seen = {key}
    ordered = [key]
    queue = deque([key])
    while queue:
        current = queue.popleft()
        variants = [
            current[: -len(suffix)]
            for suffix in _IGNORED_SUFFIXES
            if current.endswith(suffix) and len(current) > len(suffix)
        ]
        if current.endswith("ies") and len(current) > 4:
            variants.append(current[:-3] + "y")
        if current.endswith("es") and len(current) > 3:
            variants.append(current[:-2])
        if current.endswith("s") and len(current) > 2:
            variants.append(current[:-1])
        for variant in variants:
            if variant not in seen:
                seen.add(variant)
                ordered.append(variant)
                queue.append(variant)
    # Fewest characters removed first; ties keep discovery order.
    return sorted(ordered, key=lambda candidate: len(key) - len(candidate))


def known_breeds() -> tuple[BreedProfile, ...]:
    """Every profile in the table: dogs, cats, rabbits, rodents, horses, birds, fish, reptiles."""
    return _breed_table().profiles


def default_profile(species: Species) -> BreedProfile:
    """The generic profile of a species (e.g. "Domestic Shorthair" for cats)."""
    return _breed_table().defaults[species]


def _match(table: Mapping[str, BreedProfile], name: str) -> BreedProfile | None:
    key = _normalize(name)
    if not key:
        return None
    for candidate in _candidates(key):
        profile = table.get(candidate)
        if profile is not None:
            return profile
    return None


def find_breed(name: str) -> BreedProfile | None:
    """The profile a user's breed hint names, of any species, or ``None`` if unknown.

    Matching ignores case, spacing and punctuation, accepts aliases ("gsd", "doxie"),
    and tolerates a trailing "dog"/"cat"/"puppy"/"kitten"/"mix" and plurals.
    """
    return _match(_breed_table().anywhere, name)


def lookup_breed(species: Species, breed: str | None) -> BreedProfile:
    """The profile for ``breed`` within ``species``, else the species default; never raises.

    A breed of another species ("Siamese" for a dog) also falls back to the default.
    """
    table = _breed_table()
    if breed:
        profile = _match(table.by_species[species], breed)
        if profile is not None:
            return profile
    return table.defaults[species]


def baseline_dimensions(profile: BreedProfile) -> dict[str, float]:
    """The 47 personality dimensions (0–100, canonical order) implied by a profile's facts.

    See the module docstring for the formula; every term comes from :func:`breed_mapping`.
    """
    mapping = breed_mapping()
    species_adj = mapping.species_adjustments[profile.species]
    group_adj = mapping.group_adjustments.get(profile.group, {})
    size_adj = mapping.size_adjustments[profile.size]
    result: dict[str, float] = {}
    for dimension in DIMENSIONS:
        weighted = sum(
            weight * (profile.facts[fact] - _TYPICAL_FACT)
            for fact, weight in mapping.fact_weights[dimension].items()
        )
        value = (
            _NEUTRAL
            + FACT_SCALE * weighted
            + species_adj.get(dimension, 0.0)
            + group_adj.get(dimension, 0.0)
            + size_adj.get(dimension, 0.0)
        )
        result[dimension] = round(min(100.0, max(0.0, value)), 1)
    return result
