"""The similarity breakdown: each documented component moves the way it should."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import ATTIRE_STYLES, SIMILARITY_WEIGHTS, PetAnalysis
from petavatar.domain.similarity import (
    coherence_score,
    pet_formality,
    similarity_breakdown,
    similarity_tables,
    trait_alignment_score,
)
from tests.domain.test_writing import analyses, make_analysis

FLAT = dict.fromkeys(DIMENSIONS, 50)
PEAKED = FLAT | {"loyalty": 100, "food_motivation": 98, "optimism": 96}

DIGNIFIED = dict.fromkeys(DIMENSIONS, 50) | {
    "dignity": 95, "calmness": 90, "appearance_consciousness": 90,
    "routine_orientation": 85, "playfulness": 10, "mischief": 5,
}  # fmt: skip
GOOFY = dict.fromkeys(DIMENSIONS, 50) | {
    "dignity": 10, "calmness": 15, "appearance_consciousness": 10,
    "routine_orientation": 20, "playfulness": 95, "mischief": 95,
}  # fmt: skip


def test_every_attire_style_has_a_formality() -> None:
    assert set(similarity_tables().attire_formality) == set(ATTIRE_STYLES)


def test_breakdown_components_and_score() -> None:
    analysis = make_analysis(1)
    breakdown = similarity_breakdown(analysis, 80, 92, attire_style="suit", work_style="strategic")
    assert breakdown.career_fit == 80
    assert breakdown.name_fit == 92
    expected = sum(getattr(breakdown, k) * w for k, w in SIMILARITY_WEIGHTS.items())
    assert breakdown.weighted_score() == max(0, min(100, round(expected)))


def test_out_of_range_inputs_are_clamped() -> None:
    breakdown = similarity_breakdown(make_analysis(2), 140, -3)
    assert breakdown.career_fit == 100
    assert breakdown.name_fit == 0


def test_peaked_personality_aligns_better_than_flat() -> None:
    assert trait_alignment_score(PEAKED) > trait_alignment_score(FLAT)
    assert trait_alignment_score(FLAT) == 25  # salience 50, no contrast


def test_breed_baseline_rewards_consistency() -> None:
    close = {d: float(v) for d, v in PEAKED.items()}
    far = {d: float(100 - v) for d, v in PEAKED.items()}
    assert trait_alignment_score(PEAKED, close) > trait_alignment_score(PEAKED)
    assert trait_alignment_score(PEAKED, close) > trait_alignment_score(PEAKED, far)
    # a baseline naming no known dimension is ignored
    assert trait_alignment_score(PEAKED, {"bogus": 3.0}) == trait_alignment_score(PEAKED)
    assert trait_alignment_score(PEAKED, {}) == trait_alignment_score(PEAKED)


def test_attire_formality_matches_dignity() -> None:
    assert pet_formality(DIGNIFIED) > pet_formality(GOOFY)
    dignified = make_analysis(dims=DIGNIFIED, expression="calm", posture="upright", vibe="x")
    goofy = make_analysis(dims=GOOFY, expression="goofy", posture="bounding", vibe="x")
    assert coherence_score(dignified, "suit") > coherence_score(dignified, "outdoor_workwear")
    assert coherence_score(goofy, "outdoor_workwear") > coherence_score(goofy, "suit")


def test_register_agreement_reads_expression_posture_and_vibe() -> None:
    calm = make_analysis(3, expression="calm", posture="sitting upright", vibe="CFO energy")
    assert coherence_score(calm, None, "methodical and analytical") > coherence_score(
        calm, None, "playful startup hustle"
    )
    sleepy = make_analysis(3, expression="sleepy", posture="lounging", vibe="zen")
    assert coherence_score(sleepy, None, "relaxed, flexible, remote") > coherence_score(
        sleepy, None, "intense and disciplined"
    )


def test_unrecognisable_text_is_neutral() -> None:
    analysis = make_analysis(4, expression="xyz", posture="qqq", vibe="zzz")
    assert coherence_score(analysis, None, "") == 50
    assert coherence_score(analysis, "not-an-attire", "blorp") == 50


def test_deterministic() -> None:
    analysis = make_analysis(5)
    assert similarity_breakdown(analysis, 70, 80, attire_style="suit") == similarity_breakdown(
        analysis, 70, 80, attire_style="suit"
    )


@settings(max_examples=150, deadline=None)
@given(
    analysis=analyses(free=True),
    confidence=st.integers(-50, 200),
    name_fit=st.integers(-50, 200),
    attire=st.none() | st.sampled_from(ATTIRE_STYLES),
    work_style=st.text(max_size=40),
    baseline=st.none()
    | st.dictionaries(st.sampled_from(DIMENSIONS), st.floats(0, 100), max_size=47),
)
def test_breakdown_always_in_range(
    analysis: PetAnalysis,
    confidence: int,
    name_fit: int,
    attire: str | None,
    work_style: str,
    baseline: dict[str, float] | None,
) -> None:
    breakdown = similarity_breakdown(
        analysis,
        confidence,
        name_fit,
        breed_baseline=baseline,
        attire_style=attire,
        work_style=work_style,
    )
    for value in breakdown.model_dump().values():
        assert isinstance(value, int) and 0 <= value <= 100
    assert 0 <= breakdown.weighted_score() <= 100
