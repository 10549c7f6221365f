"""Rules for refining a finished persona: other careers, seniority steps and bio tones.

The career coach changes a persona only through these rules and the catalog, so a
changed persona is built from the same tables as a fresh one:

* :func:`choose_career` picks a catalog career by id or title, by industry, or by a
  *direction* ("something more creative"), best fit for the pet first.
* :func:`step_seniority` moves along ``entry-level → mid-level → senior → executive``.
* :func:`bio_in_tone` rewrites the bio: ``formal`` and ``funnier`` re-draw it from the
  writing templates whose structure fits the tone (the draft seed is searched, so the
  result is deterministic); ``shorter`` keeps the first sentence of each paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Literal, get_args

from petavatar.domain import breeds
from petavatar.domain.careers import Career, career_profile, careers
from petavatar.domain.careers import choose_career as ranked_fits
from petavatar.domain.models import SENIORITIES, CareerProfile, PetAnalysis, Seniority
from petavatar.domain.writing import draft_bio

Tone = Literal["formal", "funnier", "shorter"]
TONES: Final[tuple[Tone, ...]] = get_args(Tone)

Direction = Literal["creative", "analytical", "outdoors", "people", "leadership", "hands-on"]
DIRECTIONS: Final[tuple[Direction, ...]] = get_args(Direction)

#: Bio template ids (opening, track record, personal) that read as each tone.
TONE_TEMPLATES: Final[dict[str, tuple[frozenset[int], frozenset[int], frozenset[int]]]] = {
    "formal": (frozenset({0, 3, 4}), frozenset({0, 1, 2, 5}), frozenset({0, 3, 5})),
    "funnier": (frozenset({1, 5, 6}), frozenset({3, 4, 6}), frozenset({2, 4, 6})),
}
_SEED_SEARCH: Final[int] = 2000

_CREATIVE_INDUSTRIES: Final[frozenset[str]] = frozenset(
    {"media & design", "media", "advertising", "marketing", "broadcast media", "culinary"}
)
_ANALYTICAL_INDUSTRIES: Final[frozenset[str]] = frozenset(
    {"finance", "accounting", "technology", "cybersecurity", "biotechnology", "life sciences",
     "consulting", "engineering", "logistics", "law", "environmental science"}
)  # fmt: skip
_PEOPLE_INDUSTRIES: Final[frozenset[str]] = frozenset(
    {"education", "human resources", "hospitality", "nonprofit", "customer experience",
     "healthcare", "sales", "hospitality & events", "higher education"}
)  # fmt: skip

#: What each direction means, as a test on a catalog career.
DIRECTION_RULES: Final[dict[str, Callable[[Career], bool]]] = {
    "creative": lambda c: (
        c.attire_style == "creative_turtleneck"
        or c.background_setting == "creative_studio"
        or c.industry in _CREATIVE_INDUSTRIES
    ),
    "analytical": lambda c: c.industry in _ANALYTICAL_INDUSTRIES,
    "outdoors": lambda c: (
        c.background_setting == "outdoors" or c.attire_style == "outdoor_workwear"
    ),
    "people": lambda c: c.industry in _PEOPLE_INDUSTRIES,
    "leadership": lambda c: c.seniority == "executive",
    "hands-on": lambda c: (
        c.attire_style in ("uniform", "chef_whites", "outdoor_workwear", "scrubs")
    ),
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", text.lower()).strip()


def find_career(query: str) -> Career | None:
    """The catalog career whose id or job title is named in ``query`` (longest title first)."""
    text = f" {_norm(query)} "
    by_length: list[Career] = sorted(careers(), key=lambda c: -len(c.job_title))
    for career in by_length:
        if career.career_id == query.strip() or f" {_norm(career.job_title)} " in text:
            return career
    return None


def industries() -> list[str]:
    """Every industry in the catalog, sorted."""
    return sorted({c.industry for c in careers()})


def find_industry(query: str) -> str | None:
    """The catalog industry named in ``query`` (longest name first), or None."""
    text = f" {_norm(query)} "
    for industry in sorted(industries(), key=len, reverse=True):
        if f" {_norm(industry)} " in text:
            return industry
    return None


def choose_career(
    analysis: PetAnalysis,
    *,
    career_id: str | None = None,
    industry: str | None = None,
    direction: str | None = None,
    exclude: Iterable[str] = (),
) -> CareerProfile:
    """A new career profile for this pet; raises ValueError naming what matched nothing.

    With ``career_id`` (an id or a title) that career; otherwise the best-scoring
    career (in the mapper's order, :func:`petavatar.domain.careers.choose_career`)
    that is in ``industry`` and/or fits ``direction``, skipping ``exclude``.
    """
    ranked = ranked_fits(analysis)
    if career_id:
        chosen = find_career(career_id)
        if chosen is None:
            raise ValueError(f"no career called {career_id!r} in the catalog")
        return career_profile(analysis, ranked, chosen)
    if direction is not None and direction not in DIRECTION_RULES:
        raise ValueError(f"unknown direction {direction!r}; try one of {', '.join(DIRECTIONS)}")
    wanted = find_industry(industry) if industry else None
    if industry and wanted is None:
        raise ValueError(
            f"no careers in {industry!r}; the catalog's industries are {', '.join(industries())}"
        )
    skip = set(exclude)
    for career, _score in ranked:
        if career.career_id in skip:
            continue
        if wanted is not None and career.industry != wanted:
            continue
        if direction is not None and not DIRECTION_RULES[direction](career):
            continue
        return career_profile(analysis, ranked, career)
    raise ValueError("no other career in the catalog matches that request")


def step_seniority(current: Seniority, steps: int) -> Seniority:
    """``current`` moved ``steps`` levels up (positive) or down, clamped to the ladder."""
    index = SENIORITIES.index(current) + steps
    return SENIORITIES[max(0, min(len(SENIORITIES) - 1, index))]


def _first_sentence(paragraph: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", paragraph.strip(), maxsplit=1)
    return parts[0]


def shorten_bio(bio: str) -> str:
    """The bio with only the first sentence of each of its three paragraphs."""
    paragraphs = [p for p in bio.split("\n\n") if p.strip()]
    return "\n\n".join(_first_sentence(p) for p in paragraphs)


def _matches(template_ids: Sequence[int], tone: str) -> bool:
    allowed = TONE_TEMPLATES[tone]
    return len(template_ids) == len(allowed) and all(
        index in slot for index, slot in zip(template_ids, allowed, strict=True)
    )


def bio_in_tone(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    bio: str,
    tone: str,
    *,
    seed: int,
) -> str:
    """``bio`` rewritten in ``tone`` (one of :data:`TONES`); ValueError for another tone."""
    if tone == "shorter":
        return shorten_bio(bio)
    if tone not in TONE_TEMPLATES:
        raise ValueError(f"unknown tone {tone!r}; try one of {', '.join(TONES)}")
    profile = breeds.lookup_breed(analysis.species, analysis.breed)
    for offset in range(_SEED_SEARCH):
        draft = draft_bio(
            analysis,
            career,
            human_name,
            origin=profile.origin,
            temperament=profile.temperament,
            seed=seed + offset,
        )
        if _matches(draft.template_ids, tone) and draft.text != bio:
            return draft.text
    raise ValueError(f"could not write a {tone} bio for this persona")
