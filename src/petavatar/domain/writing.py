"""Writing rules for the identity package: bio, skills, trajectory and parallels.

Everything here is pure and deterministic: each function draws its choices from a
local ``random.Random`` seeded with the ``seed`` argument (salted per function, so
the bio and the skills of one seed do not move in lock-step).

* **Bio**: three paragraph slots (opening hook, track record, personal touch). A
  bio is written in one grammatical person: a quarter of seeds
  (:data:`FIRST_PERSON_SHARE`) use the first-person templates, the rest the
  third-person ones; each slot has 6–14 templates of different structures
  (summary, question hook, headline with pipes, "by the numbers", "Values: …").
  Templates are filled from the pet analysis (dominant traits, vibe, expression,
  coat colours, the highest and lowest of the 47 dimensions, the office-life
  dimensions), the career (title, industry — omitted where the title already
  names it —, work style, seniority) and the breed facts. The breed's country of
  origin is described as the breed's ("the Beagle, a breed first recorded in
  England"), never as the person's roots.
* **Field**: every catalog career has a field (``careers.toml``); achievements,
  extra skills and the things the bio and parallels mention ("the case file",
  "the walk-in fridge") come from that field's phrases, so a Paralegal never
  "redesigned the customer journey".
* **Trajectory**: earlier and later roles are ordered up the ladder
  (:func:`climbing`), so a list never runs backwards.
* **Parallels**: three of the pet's top dimensions, each with one of its pet
  behaviours and one of its human habits about a field thing.

Free text from outside (vibe, expression, breed…) is cleaned first: braces are
removed, whitespace collapsed, and it is quoted where its grammar is unknown, so a
template can never leave a hole or a stray ``{``.

The phrases and templates are data: ``data/writing.toml``, validated on first use
by :func:`writing_tables` (every dimension table covers its dimensions, templates
use only the fields the rules fill in).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Final, NamedTuple

from pydantic import Field, model_validator

from petavatar.domain import careers as catalog
from petavatar.domain.data import read_toml, require_exactly, require_known
from petavatar.domain.dimensions import (
    DIMENSION_INDEX,
    DIMENSIONS,
    OFFICE_DIMENSIONS,
    TEMPERAMENT_DIMENSIONS,
    high_phrases,
)
from petavatar.domain.models import (
    SENIORITIES,
    SPECIES,
    CareerProfile,
    CareerTrajectory,
    Frozen,
    PetAnalysis,
    Seniority,
)
from petavatar.domain.naming import origin_pool_for

__all__ = [
    "BIO_FIELDS",
    "BioDraft",
    "BioTemplates",
    "Parallel",
    "SkillPair",
    "WritingTables",
    "career_trajectory",
    "choose_skills",
    "draft_bio",
    "ranked_dimensions",
    "uncanny_parallels",
    "write_bio",
    "writing_tables",
]

# --------------------------------------------------------------------------------------
# The tables (data/writing.toml)
# --------------------------------------------------------------------------------------

#: Every field a bio template (or a pet-name tail) may use; :func:`_bio_fields` fills them all.
BIO_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "name", "first", "title", "Title", "a_title", "a_adj_title", "Seniority_adj",
        "industry", "Industry", "work_style", "years_word", "years_phrase", "traits",
        "trait1", "Trait1", "temperament", "temperament_one", "h1", "h2", "h3", "low",
        "office", "stat", "ach1", "ach2", "vibe", "expression", "posture", "colours",
        "hobby", "kryptonite", "breed", "a_breed", "Roots", "origin_adj", "pet_name",
        "in_industry", "thing", "skill1", "breed_from", "Colours", "Kryptonite",
    }
)  # fmt: skip

_Text = Annotated[str, Field(min_length=1)]
_Texts = Annotated[tuple[_Text, ...], Field(min_length=1)]


class SkillPair(NamedTuple):
    """The LinkedIn skill a dimension earns when it runs high, in two wordings."""

    primary: str
    alternate: str


class Parallel(Frozen):
    """A dimension's "Separated at Birth?" halves: pet behaviours and human work habits.

    A human habit may hold ``{thing}``, filled with one of the career field's things.
    """

    pet: _Texts
    human: _Texts


class FieldPhrases(Frozen):
    """What one career field adds to the writing: achievements, skills and things."""

    achievements: Annotated[tuple[_Text, ...], Field(min_length=3)]
    skills: Annotated[tuple[_Text, ...], Field(min_length=2)]
    things: Annotated[tuple[_Text, ...], Field(min_length=4)]

    @model_validator(mode="after")
    def _no_and(self) -> FieldPhrases:
        joined = [a for a in self.achievements if " and " in f" {a} "]
        if joined:
            raise ValueError(f"achievements must not contain 'and' (they are listed): {joined}")
        return self


class BioTemplates(Frozen):
    """The templates of the three bio paragraph slots."""

    openings: Annotated[tuple[_Text, ...], Field(min_length=5)]
    track_records: Annotated[tuple[_Text, ...], Field(min_length=5)]
    personal: Annotated[tuple[_Text, ...], Field(min_length=5)]

    @property
    def slots(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The slots in paragraph order: opening, track record, personal."""
        return (self.openings, self.track_records, self.personal)


def _template_fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _check_templates(what: str, templates: Sequence[str], allowed: frozenset[str]) -> None:
    if len(set(templates)) != len(templates):
        raise ValueError(f"{what}: templates must be unique")
    for template in templates:
        unknown = _template_fields(template) - allowed
        if unknown:
            raise ValueError(f"{what}: unknown fields {sorted(unknown)} in {template!r}")


class WritingTables(Frozen):
    """``data/writing.toml``: every phrase and template the writing rules draw from."""

    generic_achievements: Annotated[tuple[_Text, ...], Field(min_length=2)]
    pet_name_tails: _Texts
    past_templates: _Texts
    present_templates: _Texts
    future_templates: _Texts
    bio_templates: BioTemplates
    bio_templates_first: BioTemplates
    low_habits: dict[str, _Text]
    dimension_skills: dict[str, SkillPair]
    parallels: dict[str, Parallel]
    achievements: dict[str, _Text]
    office_known_for: dict[str, _Text]
    office_stats: dict[str, _Text]
    trait_nouns: dict[str, _Text]
    trait_adjectives: dict[str, _Text]
    hobbies: dict[str, _Texts]
    kryptonite: dict[str, _Texts]
    origin_adjectives: dict[str, _Text]
    extra_origin_adjectives: dict[str, _Text]
    seniority_adjectives: dict[Seniority, _Texts]
    past_fallback: dict[Seniority, _Texts]
    future_fallback: dict[Seniority, _Texts]
    fields: dict[str, FieldPhrases]

    @model_validator(mode="after")
    def _consistent(self) -> WritingTables:
        for name in ("low_habits", "dimension_skills", "parallels"):
            require_exactly(name, getattr(self, name), DIMENSIONS)
        for name in ("achievements", "trait_adjectives"):
            require_exactly(name, getattr(self, name), TEMPERAMENT_DIMENSIONS)
        for name in ("office_known_for", "office_stats"):
            require_exactly(name, getattr(self, name), OFFICE_DIMENSIONS)
        for name in ("seniority_adjectives", "past_fallback", "future_fallback"):
            require_exactly(name, getattr(self, name), SENIORITIES)
        require_known("trait_nouns", self.trait_nouns, DIMENSIONS)
        require_known("hobbies", self.hobbies, SPECIES)
        require_known("kryptonite", self.kryptonite, SPECIES)
        for voice in ("bio_templates", "bio_templates_first"):
            for slot, templates in zip(
                ("openings", "track_records", "personal"), getattr(self, voice).slots, strict=True
            ):
                _check_templates(f"{voice}.{slot}", templates, BIO_FIELDS)
        for dim, parallel in self.parallels.items():
            _check_templates(f"parallels.{dim}.human", parallel.human, frozenset({"thing"}))
        _check_templates("pet_name_tails", self.pet_name_tails, BIO_FIELDS)
        _check_templates("past_templates", self.past_templates, frozenset({"roles", "industry"}))
        _check_templates(
            "present_templates",
            self.present_templates,
            frozenset({"a_title", "in_industry", "industry", "work_style"}),
        )
        _check_templates("future_templates", self.future_templates, frozenset({"roles"}))
        return self


@cache
def writing_tables() -> WritingTables:
    """The writing tables, loaded and validated once from ``data/writing.toml``."""
    return WritingTables.model_validate(read_toml("writing.toml"))


_GLOBAL_ORIGINS: Final[frozenset[str]] = frozenset(
    {"", "worldwide", "global", "unknown", "various", "mixed", "none", "n/a"}
)

_YEARS_RANGE: Final[dict[str, tuple[int, int]]] = {
    "entry-level": (1, 3),
    "mid-level": (4, 8),
    "senior": (9, 15),
    "executive": (16, 25),
}

_NUMBER_WORDS: Final[tuple[str, ...]] = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twenty-one",
    "twenty-two",
    "twenty-three",
    "twenty-four",
    "twenty-five",
)

#: Share of bios written in the first person (the rest are in the third).
FIRST_PERSON_SHARE: Final[float] = 0.25
#: The pet's top dimensions the parallels are drawn from.
PARALLEL_POOL: Final[int] = 8
#: Title words that place a role on the ladder (0 = trainee … 3 = executive), first match wins.
_LEVEL_WORDS: Final[tuple[tuple[int, tuple[str, ...]], ...]] = (
    (3, ("chief", "president", "vp", "vice", "director", "head", "founder", "owner",
         "partner", "chair", "board", "superintendent", "commissioner", "dean", "ceo")),
    (0, ("intern", "trainee", "student", "volunteer", "apprentice", "cadet", "aide",
         "assistant", "junior", "co-op", "seasonal", "page", "porter", "mate")),
    (2, ("senior", "lead", "manager", "principal", "supervisor", "sergeant", "captain",
         "lieutenant", "master", "chef", "attending", "judge", "editor", "architect")),
)  # fmt: skip


# --------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------

_BRACES_RE: Final[re.Pattern[str]] = re.compile(r"[{}\[\]<>\"]")


def _clean(text: object, fallback: str) -> str:
    """Collapse whitespace, drop braces and double quotes, strip trailing punctuation."""
    if not isinstance(text, str):
        return fallback
    cleaned = " ".join(_BRACES_RE.sub(" ", text.replace("_", " ")).split()).strip(" .,;:")
    if not cleaned or cleaned.lower() in {"none", "null", "n/a"}:
        return fallback
    return cleaned


def _article(phrase: str) -> str:
    """'a' or 'an' for ``phrase`` by its first sound (a small, practical rule)."""
    word = phrase.split()[0] if phrase.split() else phrase
    lower = word.lower()
    if word.isupper() and len(word) > 1:  # an acronym: say the letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if lower.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if lower[:1] in {"a", "e", "i", "o", "u"} else "a"


def _with_article(phrase: str) -> str:
    return f"{_article(phrase)} {phrase}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _tidy(text: str) -> str:
    """Collapse whitespace and fix spacing around punctuation; end with punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?=[^\s\d'\"])", r"\1 ", text)
    text = text.replace("..", ".").replace(",,", ",")
    if text and text[-1] not in '.!?)"':
        text += "."
    return text


def role_level(title: str) -> int | None:
    """Where a role sits on the ladder (0–3), or None when its title does not say.

    A catalog job title goes by its seniority; other titles by their words
    (:data:`_LEVEL_WORDS`): "Intern" 0, "Senior Analyst" 2, "Head of Data" 3.
    """
    for career in catalog.careers():
        if career.job_title.lower() == title.lower():
            return SENIORITIES.index(career.seniority)
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", title.lower())
    for level, keys in _LEVEL_WORDS:
        if any(word in keys for word in words):
            return level
    return None


def field_phrases(career: CareerProfile) -> FieldPhrases | None:
    """The writing phrases of ``career``'s field, or None for a career outside the catalog."""
    try:
        field = catalog.get_career(career.career_id).field
    except ValueError:
        return None
    return writing_tables().fields.get(field)


def _catalog_skills(career: CareerProfile) -> tuple[str, ...]:
    try:
        return catalog.get_career(career.career_id).skills
    except ValueError:
        return ()


def _in_industry(title: str, industry: str) -> str:
    """' in <industry>', or '' when the title already names it ("Nonprofit Director")."""
    industry_words = {w for w in re.findall(r"[a-z]+", industry.lower()) if len(w) > 3}
    if industry_words & set(re.findall(r"[a-z]+", title.lower())):
        return ""
    return f" in {industry}"


def _species_key(species: str) -> str:
    return species.strip().lower().replace(" ", "_")


def _species_word(species: str) -> str:
    return _species_key(species).replace("_", " ") or "pet"


def _trait_noun(trait: str) -> str:
    key = trait.strip().lower().replace(" ", "_")
    nouns = writing_tables().trait_nouns
    if key in nouns:
        return nouns[key]
    if key in DIMENSION_INDEX:
        return key.replace("_", " ")
    return _clean(trait, "").lower()


def ranked_dimensions(dims: Mapping[str, int], among: Sequence[str] = DIMENSIONS) -> list[str]:
    """Dimensions in ``among``, highest score first (ties keep the canonical order)."""
    return sorted(among, key=lambda d: (-dims.get(d, 0), DIMENSION_INDEX.get(d, 0)))


def _origin_adjective(origin: str) -> str | None:
    pool = origin_pool_for(origin)
    if pool is not None:
        return writing_tables().origin_adjectives.get(pool)
    lowered = origin.lower()
    for key, adjective in writing_tables().extra_origin_adjectives.items():
        if re.search(rf"\b{re.escape(key)}\b", lowered):
            return adjective
    return None


def _roots(origin: str) -> tuple[str, str]:
    """``(Roots sentence start, adjective)``: 'With Scottish roots', 'Scottish'."""
    cleaned = _clean(origin, "")
    adjective = _origin_adjective(cleaned)
    if adjective is not None:
        return f"With {adjective} roots", adjective
    if cleaned.lower() in _GLOBAL_ORIGINS:
        return "With a truly global upbringing", "global"
    return f"With roots in {cleaned}", "far-flung"


# --------------------------------------------------------------------------------------
# Bio
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BioDraft:
    """A written bio: its three paragraphs and which template each slot used."""

    paragraphs: tuple[str, str, str]
    template_ids: tuple[int, int, int]

    @property
    def text(self) -> str:
        """The bio as stored: the paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


def _persona_fields(career: CareerProfile, human_name: str, rng: random.Random) -> dict[str, str]:
    """Name, title, industry, seniority adjective and years of experience."""
    name = _clean(human_name, "Alex Morgan")
    title = _clean(career.job_title, "Professional")
    industry = _clean(career.industry, "business")
    adjective = rng.choice(writing_tables().seniority_adjectives[career.seniority])
    low_years, high_years = _YEARS_RANGE[career.seniority]
    years = rng.randint(low_years, high_years)
    years_word = _NUMBER_WORDS[years]
    return {
        "name": name,
        "first": name.split()[0],
        "title": title,
        "Title": _cap(title),
        "a_title": _with_article(title),
        "a_adj_title": _with_article(f"{adjective} {title}"),
        "Seniority_adj": _cap(adjective),
        "industry": industry,
        "Industry": _cap(industry),
        "in_industry": _in_industry(title, industry),
        "work_style": _clean(career.work_style, "steady and dependable"),
        "years_word": years_word,
        "years_phrase": "a year" if years == 1 else f"{years_word} years",
    }


def _temperament_words(temperament: Sequence[str], top_temperament: Sequence[str]) -> list[str]:
    """Up to three breed temperament words, else adjectives for the pet's top dimensions."""
    words = [w.lower() for w in (_clean(t, "") for t in temperament) if w][:3]
    if words:
        return words
    adjectives = writing_tables().trait_adjectives
    return [adjectives[d] for d in top_temperament[:3]]


def _achievements(
    field: FieldPhrases | None, top_temperament: Sequence[str], rng: random.Random
) -> tuple[str, str]:
    """Two achievements from the career's field (or, outside the catalog, the pet's traits)."""
    tables = writing_tables()
    if field is not None:
        first, second = rng.sample(field.achievements, 2)
        return first, second
    achievers = [d for d in top_temperament[:6] if d in tables.achievements]
    picked = (
        rng.sample(achievers, 2) if len(achievers) >= 2 else list(tables.generic_achievements[:2])
    )
    return tables.achievements.get(picked[0], picked[0]), tables.achievements.get(
        picked[1], picked[1]
    )


def _trait_fields(
    analysis: PetAnalysis,
    temperament: Sequence[str],
    field: FieldPhrases | None,
    rng: random.Random,
) -> dict[str, str]:
    """Traits, highlighted high and lowest dimensions, the office habit and achievements."""
    tables = writing_tables()
    high = high_phrases()
    dims = analysis.personality_dimensions
    traits = [t for t in (_trait_noun(t) for t in analysis.dominant_traits) if t]
    top_temperament = ranked_dimensions(dims, TEMPERAMENT_DIMENSIONS)
    temperament_words = _temperament_words(temperament, top_temperament)
    highs = sorted(rng.sample(top_temperament[:5], 3), key=top_temperament.index)
    lowest = ranked_dimensions(dims)[-1]
    office_dim = rng.choice(ranked_dimensions(dims, OFFICE_DIMENSIONS)[:2])
    ach1, ach2 = _achievements(field, top_temperament, rng)
    trait1 = traits[0] if traits else high[top_temperament[0]]
    return {
        "traits": _join(traits) or "curiosity, loyalty and grit",
        "trait1": trait1,
        "Trait1": " ".join(_cap(w) for w in trait1.split()),
        "temperament": _join(temperament_words),
        "temperament_one": temperament_words[0],
        "h1": high[highs[0]],
        "h2": high[highs[1]],
        "h3": high[highs[2]],
        "low": tables.low_habits[lowest],
        "office": tables.office_known_for[office_dim],
        "stat": tables.office_stats[office_dim],
        "ach1": ach1,
        "ach2": ach2,
    }


def _pet_fields(analysis: PetAnalysis, origin: str, rng: random.Random) -> dict[str, str]:
    """What the photo and the breed facts say: vibe, looks, hobby, breed and roots."""
    tables = writing_tables()
    species_key = _species_key(analysis.species)
    hobby = rng.choice(tables.hobbies.get(species_key, ("on a long walk",)))
    kryptonite = rng.choice(tables.kryptonite.get(species_key, ("a Monday without coffee",)))
    breed = _clean(analysis.breed, _species_word(analysis.species))
    roots, origin_adj = _roots(origin)
    colours = _join([_clean(c, "").lower() for c in analysis.coat_colors if _clean(c, "")])
    return {
        "vibe": _clean(analysis.vibe, "quiet competence"),
        "expression": _clean(analysis.expression, "ready for anything").lower(),
        "posture": _clean(analysis.posture, "poised").lower(),
        "colours": colours or "classic",
        "hobby": hobby,
        "kryptonite": kryptonite,
        "Kryptonite": _cap(kryptonite),
        "Colours": _cap(colours or "classic"),
        "breed_from": _breed_from(breed, origin),
        "breed": breed,
        "a_breed": _with_article(breed),
        "Roots": roots,
        "origin_adj": origin_adj,
        "pet_name": _clean(analysis.pet_name, ""),
    }


def _breed_from(breed: str, origin: str) -> str:
    """'the Beagle, a breed first recorded in England' (the breed's origin, not the person's)."""
    place = _clean(origin, "")
    if place.lower() in _GLOBAL_ORIGINS:
        return f"the {breed}, a breed loved the world over"
    return f"the {breed}, a breed first recorded in {place}"


def _career_fields(career: CareerProfile, rng: random.Random) -> dict[str, str]:
    """A thing the career's people handle and one of its skills."""
    field = field_phrases(career)
    things = field.things if field is not None else ("quarterly plan", "team calendar")
    skills = _catalog_skills(career) or (field.skills if field is not None else ("teamwork",))
    return {"thing": rng.choice(things), "skill1": rng.choice(skills[:3]).lower()}


def _bio_fields(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    origin: str,
    temperament: Sequence[str],
    rng: random.Random,
) -> dict[str, str]:
    """Every value a bio template may ask for (:data:`BIO_FIELDS`), cleaned and never empty.

    The parts draw from ``rng`` in a fixed order (persona, traits, pet), so the same
    seed always fills the same values.
    """
    return {
        **_persona_fields(career, human_name, rng),
        **_trait_fields(analysis, temperament, field_phrases(career), rng),
        **_pet_fields(analysis, origin, rng),
        **_career_fields(career, rng),
    }


def draft_bio(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    *,
    origin: str = "",
    temperament: Sequence[str] = (),
    seed: int,
) -> BioDraft:
    """Write the three bio paragraphs and report which template each slot used.

    The template of each slot is chosen by the seeded generator; so are the seniority
    adjective, the years of experience, the three highlighted high dimensions (from
    the top five), the office habit and the achievements. If the pet has a name, a
    short nickname line closes the personal paragraph.
    """
    tables = writing_tables()
    rng = random.Random(f"bio:{seed}")
    first_person = rng.random() < FIRST_PERSON_SHARE
    slots = (tables.bio_templates_first if first_person else tables.bio_templates).slots
    first_id, second_id, third_id = (rng.randrange(len(slot)) for slot in slots)
    template_ids = (first_id, second_id, third_id)
    fields = _bio_fields(analysis, career, human_name, origin, temperament, rng)
    paragraphs = [
        _tidy(slot[index].format(**fields)) for slot, index in zip(slots, template_ids, strict=True)
    ]
    if fields["pet_name"] and not first_person:
        tail = rng.choice(tables.pet_name_tails).format(**fields)
        paragraphs[2] = _tidy(f"{paragraphs[2]} {tail}")
    first, second, third = (_cap(p) for p in paragraphs)
    return BioDraft(paragraphs=(first, second, third), template_ids=template_ids)


def write_bio(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    *,
    origin: str = "",
    temperament: Sequence[str] = (),
    seed: int,
) -> str:
    """A 3-paragraph LinkedIn-style bio, paragraphs separated by one blank line."""
    return draft_bio(
        analysis, career, human_name, origin=origin, temperament=temperament, seed=seed
    ).text


# --------------------------------------------------------------------------------------
# Skills
# --------------------------------------------------------------------------------------


def choose_skills(
    analysis: PetAnalysis,
    career_skills: Sequence[str],
    seed: int,
    field_skills: Sequence[str] = (),
) -> list[str]:
    """5–10 unique skills, all from the career's own field.

    The target count is drawn between 6 and 9. The career's first three skills (the
    most relevant) come first, then one or two of the field's skills
    (``[fields.<field>].skills`` in ``data/writing.toml``), then the rest of the
    career's skills in a seeded order. Only a career with too few skills of its own
    (one outside the catalog) is topped up with skills earned by the pet's highest
    dimensions, so there are always at least five. Duplicates are dropped
    case-insensitively.
    """
    rng = random.Random(f"skills:{seed}")
    target = rng.randint(6, 9)
    seen: set[str] = set()
    chosen: list[str] = []

    def add(skill: str) -> None:
        cleaned = _clean(skill, "")
        if cleaned and cleaned.lower() not in seen and len(chosen) < target:
            seen.add(cleaned.lower())
            chosen.append(cleaned)

    head, tail = list(career_skills[:3]), list(career_skills[3:])
    rng.shuffle(tail)
    extras = list(field_skills)
    rng.shuffle(extras)
    for skill in [*head, *extras[: rng.randint(1, 2)], *tail, *extras]:
        add(skill)
    if len(chosen) < 5:
        skills = writing_tables().dimension_skills
        for dim in ranked_dimensions(analysis.personality_dimensions):
            add(skills[dim].primary)
    return chosen


# --------------------------------------------------------------------------------------
# Career trajectory
# --------------------------------------------------------------------------------------


def climbing(roles: Sequence[str]) -> list[str]:
    """``roles`` ordered up the ladder (:func:`role_level`), keeping the given order on ties.

    A role whose level is unknown keeps the level of the role before it, so a list
    never runs backwards ("Sous Chef, then a Line Cook" becomes "Line Cook, then
    Sous Chef").
    """
    levels: list[int] = []
    last = 0
    for role in roles:
        level = role_level(role)
        last = last if level is None else level
        levels.append(last)
    order = sorted(range(len(roles)), key=lambda i: (levels[i], i))
    return [roles[i] for i in order]


def _role_list(roles: Sequence[str], fallback: Sequence[str], limit: int = 3) -> str:
    cleaned: list[str] = []
    for role in roles:
        text = _clean(role, "")
        if text and text.lower() not in {c.lower() for c in cleaned}:
            cleaned.append(text)
    chosen = climbing(cleaned[:limit] or list(fallback))
    return ", then ".join(_with_article(role) for role in chosen)


def career_trajectory(
    career: CareerProfile,
    past_roles: Sequence[str],
    future_roles: Sequence[str],
    seed: int,
) -> CareerTrajectory:
    """Past, present and future sentences for the persona.

    ``present`` always names the current job title. ``past`` and ``future`` list up to
    three of the given roles; when a list is empty, a ladder from the career's
    seniority stands in (an entry-level persona was an intern; an executive will chair
    the board).
    """
    rng = random.Random(f"trajectory:{seed}")
    tables = writing_tables()
    industry = _clean(career.industry, "business")
    title = _clean(career.job_title, "Professional")
    past = rng.choice(tables.past_templates).format(
        roles=_role_list(past_roles, tables.past_fallback[career.seniority]), industry=industry
    )
    present = rng.choice(tables.present_templates).format(
        a_title=_with_article(title),
        in_industry=_in_industry(title, industry),
        industry=industry,
        work_style=_clean(career.work_style, "steady and dependable"),
    )
    future = rng.choice(tables.future_templates).format(
        roles=_role_list(future_roles, tables.future_fallback[career.seniority], limit=2)
    )
    return CareerTrajectory(past=_tidy(past), present=_tidy(present), future=_tidy(future))


# --------------------------------------------------------------------------------------
# "Separated at Birth?" parallels
# --------------------------------------------------------------------------------------


def uncanny_parallels(
    analysis: PetAnalysis, career: CareerProfile, human_name: str, seed: int
) -> list[str]:
    """Exactly three "pet behaviour → human work habit" lines from the top dimensions.

    Three different dimensions are drawn (seeded) from the pet's
    :data:`PARALLEL_POOL` highest and listed highest first. Each line takes one of
    the dimension's pet behaviours and one of its human habits, whose ``{thing}``
    is one of the career field's things (so a chef guards the walk-in fridge and a
    lawyer the case file), e.g. ``"Guards the food bowl → Greg guards the case file"``.
    The career's title stands in when the human name is missing.
    """
    rng = random.Random(f"parallels:{seed}")
    parallels = writing_tables().parallels
    field = field_phrases(career)
    things = list(field.things if field is not None else ("quarterly plan", "team calendar"))
    rng.shuffle(things)
    name = _clean(human_name, "")
    first = name.split()[0] if name else f"The {_clean(career.job_title, 'professional')}"
    ranked = ranked_dimensions(analysis.personality_dimensions)
    picked = sorted(rng.sample(ranked[:PARALLEL_POOL], 3), key=ranked.index)
    lines: list[str] = []
    for index, dim in enumerate(picked):
        parallel = parallels[dim]
        human = rng.choice(parallel.human).format(thing=things[index % len(things)])
        lines.append(f"{rng.choice(parallel.pet)} → {first} {human}")
    return lines
