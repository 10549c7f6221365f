"""Human names that "feel right" for a pet's species, breed, group, size and origin.

The rule is a cascade of curated pools, from the most specific to the least:

====================  =====  =========================================================
level                 fit    when
====================  =====  =========================================================
``breed``             92     the breed names a well-known pool (Golden Retriever and
                             Labrador → friendly dads, Siamese → Thai, Husky → Russian)
``origin``            80     the breed's country of origin has a pool (Germany → Klaus)
``group``             68     the dog group has a pool (terrier → scrappy names); for
                             every other species the species *is* the group (cat →
                             Margaret, Sebastian)
``size``              58     a dog with an unknown group: giant/large → guardians,
                             tiny/small → regal, medium → friendly dads
``generic``           35     nothing is known (unknown species)
====================  =====  =========================================================

``fit`` is therefore "how specific the pool was", which the similarity score uses.

Surnames come from a general pool of ordinary surnames; when an origin pool is in
play, the surname comes from that country's pool more often than not. Now and then
(about one name in eight) a punny-but-real surname that suits the species is used
("Barker" for a dog, "Purcell" for a cat, "Hopkins" for a rabbit).

Pet names (``pet_name``) are woven in by one documented rule:

1. The pet name is cleaned (letters, spaces, hyphens; at most 24 characters; title
   case). Empty or placeholder names ("none", "unknown") are ignored.
2. If the pet name is already a human name in one of our pools (a dog called
   "Kevin"), it becomes the persona's first name as is.
3. Otherwise the first name is chosen from the pool, preferring names that share the
   pet name's initial, and the pet name becomes a nickname:
   ``Bob 'Biscuit' Barnes``.

Every choice is drawn from ``random.Random`` seeded with the ``seed`` argument, so
the same inputs always give the same name. The pools and the words that pick them
are data: ``data/naming.toml``, validated on first use by :func:`naming_tables`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Annotated, Final, Literal

from pydantic import Field, model_validator

from petavatar.domain.data import read_toml
from petavatar.domain.models import Frozen

__all__ = [
    "FIT_BY_LEVEL",
    "GENERIC_POOL",
    "BreedPool",
    "ChosenName",
    "NamingTables",
    "Presentation",
    "choose_name",
    "name_presentation",
    "naming_tables",
    "origin_pool_for",
    "select_pool",
]

Presentation = Literal["feminine", "masculine", "unisex"]
"""How a first name reads; the avatar's face follows it (no beard on a Philippa)."""


PUNNY_SURNAME_CHANCE: Final[float] = 0.12
ORIGIN_SURNAME_CHANCE: Final[float] = 0.6

#: How specific each pool level is; returned as :attr:`ChosenName.fit`.
FIT_BY_LEVEL: Final[dict[str, int]] = {
    "breed": 92,
    "origin": 80,
    "group": 68,
    "size": 58,
    "generic": 35,
}

#: The pool of last resort, used when no other level applies.
GENERIC_POOL: Final[str] = "generic"

_Name = Annotated[str, Field(pattern=r"^\S+$")]
_Names = Annotated[tuple[_Name, ...], Field(min_length=1)]


class BreedPool(Frozen):
    """Breed keywords (lower-case substrings of the breed name) that pick a first-name pool."""

    keywords: Annotated[tuple[Annotated[str, Field(min_length=1)], ...], Field(min_length=1)]
    pool: str


class NamingTables(Frozen):
    """``data/naming.toml``: the name pools and which pet facts pick which pool."""

    surnames: Annotated[tuple[_Name, ...], Field(min_length=2)]
    feminine_first_names: frozenset[_Name]
    unisex_first_names: frozenset[_Name]
    breed_pools: tuple[BreedPool, ...]
    first_names: dict[str, _Names]
    origin_surnames: dict[str, _Names]
    punny_surnames: dict[str, _Names]
    origin_aliases: dict[str, str]
    group_pools: dict[str, str]
    species_pools: dict[str, str]
    size_pools: dict[str, str]

    @cached_property
    def all_first_names(self) -> frozenset[str]:
        """Every first name in every pool."""
        return frozenset(name for pool in self.first_names.values() for name in pool)

    @model_validator(mode="after")
    def _consistent(self) -> NamingTables:
        referenced = {
            GENERIC_POOL,
            *(entry.pool for entry in self.breed_pools),
            *self.origin_aliases.values(),
            *self.group_pools.values(),
            *self.species_pools.values(),
            *self.size_pools.values(),
        }
        missing = sorted(referenced - set(self.first_names))
        if missing:
            raise ValueError(f"pools referenced but not in [first_names]: {missing}")
        strays = sorted(set(self.origin_surnames) - set(self.origin_aliases.values()))
        if strays:
            raise ValueError(f"origin_surnames for pools no origin word names: {strays}")
        for field in ("feminine_first_names", "unisex_first_names"):
            unknown = sorted(getattr(self, field) - self.all_first_names)
            if unknown:
                raise ValueError(f"{field} names that are in no pool: {unknown}")
        both = sorted(self.feminine_first_names & self.unisex_first_names)
        if both:
            raise ValueError(f"names both feminine and unisex: {both}")
        return self


@cache
def naming_tables() -> NamingTables:
    """The name pools, loaded and validated once from ``data/naming.toml``."""
    return NamingTables.model_validate(read_toml("naming.toml"))


def name_presentation(first_name: str) -> Presentation:
    """``"feminine"``, ``"unisex"`` or ``"masculine"`` (every other name) for a first name.

    Names outside the pools (a pet's own name used as a nickname never gets here;
    only pool names become first names) read as masculine, like the rest.
    """
    tables = naming_tables()
    if first_name in tables.feminine_first_names:
        return "feminine"
    if first_name in tables.unisex_first_names:
        return "unisex"
    return "masculine"


_PLACEHOLDER_PET_NAMES: Final[frozenset[str]] = frozenset(
    {"none", "null", "unknown", "n/a", "na", "pet", "dog", "cat", "no name"}
)
_PET_NAME_RE: Final[re.Pattern[str]] = re.compile(r"[^\w\s-]|[\d_]")


@dataclass(frozen=True)
class ChosenName:
    """A persona's name and how well the pool it came from fits the pet.

    ``full`` is what the identity package shows; it includes the pet's own name as a
    nickname when one was woven in. ``fit`` (0–100) is the specificity of the pool
    (see :data:`FIT_BY_LEVEL`); ``pool`` and ``level`` say which pool was used.
    """

    first: str
    last: str
    full: str
    fit: int
    pool: str
    level: str
    nickname: str | None = None


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def origin_pool_for(origin: str) -> str | None:
    """The origin pool named by the first recognised country word in ``origin``."""
    aliases = naming_tables().origin_aliases
    words = re.split(r"[^a-z]+", origin.lower())
    for word in words:
        if word in aliases:
            return aliases[word]
    return None


def select_pool(species: str, breed: str, group: str, size: str, origin: str) -> tuple[str, str]:
    """Return ``(pool_id, level)`` of the most specific pool for these pet facts.

    The cascade is breed keyword → origin → group (species for non-dogs) → size (dogs
    only) → generic; see the module docstring for the table.
    """
    tables = naming_tables()
    species_key = _normalise(species).replace(" ", "_")
    breed_key = _normalise(breed)
    for entry in tables.breed_pools:
        if any(keyword in breed_key for keyword in entry.keywords):
            return entry.pool, "breed"
    origin_pool = origin_pool_for(origin)
    if origin_pool is not None:
        return origin_pool, "origin"
    group_key = _normalise(group).replace(" ", "_").replace("-", "_")
    if species_key == "dog":
        if group_key in tables.group_pools:
            return tables.group_pools[group_key], "group"
        size_key = _normalise(size)
        return tables.size_pools.get(size_key, "friendly_dad"), "size"
    if species_key in tables.species_pools:
        return tables.species_pools[species_key], "group"
    return GENERIC_POOL, "generic"


def _clean_pet_name(pet_name: str | None) -> str | None:
    """Letters, spaces and hyphens only, title case, ≤ 24 characters; None if empty."""
    if pet_name is None:
        return None
    cleaned = " ".join(_PET_NAME_RE.sub(" ", pet_name).split())[:24].strip(" -")
    if not cleaned or cleaned.lower() in _PLACEHOLDER_PET_NAMES:
        return None
    return " ".join(part[:1].upper() + part[1:].lower() for part in cleaned.split())


def _surname(rng: random.Random, species: str, origin_pool: str | None, first: str) -> str:
    tables = naming_tables()
    candidates: tuple[str, ...] = tables.surnames
    roll = rng.random()
    species_key = _normalise(species).replace(" ", "_")
    if roll < PUNNY_SURNAME_CHANCE and species_key in tables.punny_surnames:
        candidates = tables.punny_surnames[species_key]
    elif (
        origin_pool in tables.origin_surnames
        and roll < PUNNY_SURNAME_CHANCE + ORIGIN_SURNAME_CHANCE
    ):
        candidates = tables.origin_surnames[origin_pool]
    choices = [name for name in candidates if name != first] or list(tables.surnames)
    return rng.choice(choices)


def choose_name(
    species: str,
    breed: str,
    group: str,
    size: str,
    origin: str,
    seed: int,
    pet_name: str | None = None,
) -> ChosenName:
    """Choose a human name that suits the pet, deterministically for ``seed``.

    ``group``, ``size`` and ``origin`` are the breed table's values (for non-dogs the
    group is the species name). See the module docstring for the pool cascade and the
    pet-name rule.
    """
    rng = random.Random(f"name:{seed}")
    pool_id, level = select_pool(species, breed, group, size, origin)
    tables = naming_tables()
    pool = tables.first_names[pool_id]
    origin_pool = pool_id if pool_id in tables.origin_surnames else origin_pool_for(origin)

    nickname: str | None = None
    cleaned = _clean_pet_name(pet_name)
    if cleaned is not None and cleaned in tables.all_first_names:
        first = cleaned
    else:
        candidates = list(pool)
        if cleaned is not None:
            same_initial = [name for name in pool if name[0] == cleaned[0]]
            candidates = same_initial or candidates
            nickname = cleaned
        first = rng.choice(candidates)
        if nickname is not None and nickname == first:
            nickname = None

    last = _surname(rng, species, origin_pool, first)
    full = f"{first} '{nickname}' {last}" if nickname else f"{first} {last}"
    return ChosenName(
        first=first,
        last=last,
        full=full,
        fit=FIT_BY_LEVEL[level],
        pool=pool_id,
        level=level,
        nickname=nickname,
    )
