"""The coaching rules: careers by name, industry and direction; seniority steps; bio tones."""

from __future__ import annotations

import pytest

from petavatar.domain import breeds, coaching
from petavatar.domain.careers import get_career, map_career
from petavatar.domain.models import PetAnalysis
from petavatar.domain.writing import draft_bio


def test_choose_by_title_id_industry_and_direction(analysis: PetAnalysis) -> None:
    assert (
        coaching.choose_career(analysis, career_id="Graphic Designer").job_title
        == "Graphic Designer"
    )
    assert coaching.choose_career(analysis, career_id="paralegal").career_id == "paralegal"
    assert coaching.choose_career(analysis, industry="Healthcare").industry == "healthcare"
    creative = coaching.choose_career(analysis, direction="creative")
    assert coaching.DIRECTION_RULES["creative"](get_career(creative.career_id))
    current = map_career(analysis).career_id
    assert coaching.choose_career(analysis, exclude=[current]).career_id != current


def test_chosen_profiles_are_scored_like_the_mapper(analysis: PetAnalysis) -> None:
    mapped = map_career(analysis)
    assert coaching.choose_career(analysis, career_id=mapped.career_id) == mapped


@pytest.mark.parametrize(
    "kwargs", [{"career_id": "astronaut"}, {"industry": "piracy"}, {"direction": "sideways"}]
)
def test_unknown_choices_say_what_is_wrong(analysis: PetAnalysis, kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"astronaut|piracy|sideways"):
        coaching.choose_career(analysis, **kwargs)


def test_seniority_steps_clamp_to_the_ladder() -> None:
    assert coaching.step_seniority("entry-level", 1) == "mid-level"
    assert coaching.step_seniority("senior", 5) == "executive"
    assert coaching.step_seniority("mid-level", -3) == "entry-level"


@pytest.mark.parametrize("tone", ["formal", "funnier"])
def test_tones_redraw_from_their_templates(analysis: PetAnalysis, tone: str) -> None:
    career = map_career(analysis)
    bio = coaching.bio_in_tone(analysis, career, "Alex Morgan", "old bio", tone, seed=7)
    assert bio == coaching.bio_in_tone(analysis, career, "Alex Morgan", "old bio", tone, seed=7)
    allowed = coaching.TONE_TEMPLATES[tone]
    profile = breeds.lookup_breed(analysis.species, analysis.breed)
    drafts = (
        draft_bio(
            analysis,
            career,
            "Alex Morgan",
            origin=profile.origin,
            temperament=profile.temperament,
            seed=7 + offset,
        )
        for offset in range(2000)
    )
    first = next(
        d for d in drafts if all(i in s for i, s in zip(d.template_ids, allowed, strict=True))
    )
    assert bio == first.text
    assert len([p for p in bio.split("\n\n") if p]) == 3


def test_shorter_keeps_one_sentence_per_paragraph() -> None:
    bio = "One. Two three.\n\nFour is here! Five.\n\nSix? Seven."
    assert coaching.shorten_bio(bio) == "One.\n\nFour is here!\n\nSix?"
    with pytest.raises(ValueError, match="tone"):
        coaching.bio_in_tone(None, None, "x", bio, "sarcastic", seed=1)  # type: ignore[arg-type]
