"""Tests for the career catalog and the transparent career scorer."""

from __future__ import annotations

import collections
import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petavatar.domain.careers import (
    MAX_SPECIES_AFFINITY,
    Career,
    career_affinity,
    career_confidence,
    career_rationale,
    careers,
    choose_career,
    explain_score,
    get_career,
    map_career,
    rank_careers,
    score_career,
    species_bonus,
)
from petavatar.domain.dimensions import DIMENSIONS, high_phrases, low_phrases
from petavatar.domain.models import (
    ATTIRE_STYLES,
    BACKGROUND_SETTINGS,
    SENIORITIES,
    SPECIES,
    CareerProfile,
    PetAnalysis,
    Species,
)

CAREERS = careers()

# ---- helpers -------------------------------------------------------------------------

dimension_vectors = st.lists(
    st.integers(min_value=0, max_value=100), min_size=len(DIMENSIONS), max_size=len(DIMENSIONS)
).map(lambda values: dict(zip(DIMENSIONS, values, strict=True)))


def profile(high: tuple[str, ...], low: tuple[str, ...] = ()) -> dict[str, int]:
    """An otherwise-average pet with ``high`` dimensions at 92 and ``low`` ones at 12."""
    dims = dict.fromkeys(DIMENSIONS, 50)
    dims.update(dict.fromkeys(high, 92))
    dims.update(dict.fromkeys(low, 12))
    return dims


def analysis(dims: dict[str, int], species: Species = "dog") -> PetAnalysis:
    """A valid PetAnalysis around the given personality dimensions."""
    top3 = sorted(DIMENSIONS, key=lambda d: (-dims[d], DIMENSIONS.index(d)))[:3]
    return PetAnalysis(
        species=species,
        species_confidence=0.9,
        breed="Mixed",
        breed_confidence=0.5,
        expression="alert",
        posture="sitting upright",
        coat_colors=["brown"],
        coat_color_hex=["#8b5a2b"],
        personality_dimensions=dims,
        dominant_traits=[high_phrases()[d] for d in top3],
        vibe="middle-management energy",
        photo_fingerprint=hashlib.sha256(repr(sorted(dims.items())).encode()).hexdigest(),
    )


SOCIABLE = profile(
    high=(
        "energy_level",
        "sociability",
        "playfulness",
        "friendliness_to_strangers",
        "optimism",
        "works_the_room_at_happy_hour",
    ),
    low=("calmness", "naps_at_desk"),
)
SERENE = profile(
    high=("calmness", "focus", "dignity", "independence", "patience"),
    low=("playfulness", "vocal_expressiveness", "energy_level", "mischief"),
)
COMMANDING = profile(
    high=("assertiveness", "dominance", "leadership", "confidence", "competitiveness"),
    low=("gentleness", "coachability", "anxiety"),
)


# ---- the catalog ---------------------------------------------------------------------


def test_catalog_is_large_enough() -> None:
    assert len(CAREERS) >= 64


def test_every_seniority_has_at_least_ten_careers() -> None:
    counts = collections.Counter(c.seniority for c in CAREERS)
    for seniority in SENIORITIES:
        assert counts[seniority] >= 10, seniority


def test_every_attire_and_background_is_used_at_least_twice() -> None:
    attire = collections.Counter(c.attire_style for c in CAREERS)
    backgrounds = collections.Counter(c.background_setting for c in CAREERS)
    for style in ATTIRE_STYLES:
        assert attire[style] >= 2, style
    for setting in BACKGROUND_SETTINGS:
        assert backgrounds[setting] >= 2, setting


def test_catalog_spans_many_industries() -> None:
    assert len({c.industry for c in CAREERS}) >= 20


def test_ids_and_titles_are_unique() -> None:
    ids = [c.career_id for c in CAREERS]
    titles = [c.job_title for c in CAREERS]
    assert len(set(ids)) == len(ids)
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("career", CAREERS, ids=lambda c: c.career_id)
def test_career_entry_is_well_formed(career: Career) -> None:
    assert 4 <= len(career.signature) <= 8
    for dim, weight in career.signature.items():
        assert dim in DIMENSIONS
        assert -1.0 <= weight <= 1.0
        assert weight != 0.0
    assert 6 <= len(career.skills) <= 10
    assert len(set(career.skills)) == len(career.skills)
    assert 2 <= len(career.past_roles) <= 3
    assert 2 <= len(career.future_roles) <= 3
    assert career.job_title not in career.past_roles + career.future_roles
    for species, bonus in career.species_affinity.items():
        assert species in SPECIES
        assert abs(bonus) <= MAX_SPECIES_AFFINITY
    assert career.work_style and career.industry


def test_low_phrases_cover_every_dimension() -> None:
    assert set(low_phrases()) == set(DIMENSIONS)


def test_invalid_career_is_rejected_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown dimension"):
        Career(
            career_id="bad-career",
            job_title="Bad Career",
            seniority="entry-level",
            industry="nowhere",
            work_style="broken",
            attire_style="suit",
            background_setting="open_office",
            signature={"confidence": 0.5, "focus": 0.5, "patience": 0.5, "not_a_trait": 0.5},
            skills=("A", "B", "C", "D", "E", "F"),
            past_roles=("X", "Y"),
            future_roles=("Z", "W"),
        )


def test_get_career_round_trips_and_rejects_unknown_ids() -> None:
    for career in CAREERS:
        assert get_career(career.career_id) is career
    with pytest.raises(ValueError, match="unknown career_id"):
        get_career("senior-nap-strategist")


# ---- scoring -------------------------------------------------------------------------


def test_neutral_pet_scores_fifty_everywhere() -> None:
    neutral = dict.fromkeys(DIMENSIONS, 50)
    for career in CAREERS:
        assert score_career(career, neutral) == pytest.approx(50.0)


def test_ideal_and_opposite_pets_score_100_and_0() -> None:
    career = get_career("chief-financial-officer")
    ideal = dict.fromkeys(DIMENSIONS, 50)
    opposite = dict.fromkeys(DIMENSIONS, 50)
    for dim, weight in career.signature.items():
        ideal[dim] = 100 if weight > 0 else 0
        opposite[dim] = 0 if weight > 0 else 100
    assert score_career(career, ideal) == pytest.approx(100.0)
    assert score_career(career, opposite) == pytest.approx(0.0)
    assert score_career(career, ideal, "cat") == pytest.approx(100.0)  # clamped


def test_species_affinity_adds_a_small_bonus() -> None:
    ceo = get_career("chief-executive-officer")
    neutral = dict.fromkeys(DIMENSIONS, 50)
    assert species_bonus(ceo, "cat") > 0
    assert species_bonus(ceo, None) == 0.0
    assert score_career(ceo, neutral, "cat") == pytest.approx(50 + 50 * ceo.species_affinity["cat"])
    assert score_career(ceo, neutral, "fish") == pytest.approx(50.0)


def test_missing_signature_dimension_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="missing"):
        score_career(get_career("chief-financial-officer"), {"focus": 80})


@given(dims=dimension_vectors, species=st.none() | st.sampled_from(SPECIES))
def test_explanation_sums_to_the_score(dims: dict[str, int], species: str | None) -> None:
    for career in CAREERS[::7]:
        parts = explain_score(career, dims, species)
        assert [d for d, _ in parts] == sorted(
            career.signature, key=lambda d: (-dict(parts)[d], DIMENSIONS.index(d))
        )
        expected = 50 + sum(p for _, p in parts) + 50 * species_bonus(career, species)
        assert score_career(career, dims, species) == pytest.approx(min(100.0, max(0.0, expected)))


@given(
    dims=dimension_vectors,
    career_index=st.integers(min_value=0, max_value=len(CAREERS) - 1),
    bump=st.integers(min_value=1, max_value=100),
    species=st.none() | st.sampled_from(SPECIES),
)
def test_raising_a_wanted_trait_never_lowers_the_score(
    dims: dict[str, int], career_index: int, bump: int, species: str | None
) -> None:
    career = CAREERS[career_index]
    before = score_career(career, dims, species)
    for dim, weight in career.signature.items():
        raised = {**dims, dim: min(100, dims[dim] + bump)}
        after = score_career(career, raised, species)
        if weight > 0:
            assert after >= before
        else:
            assert after <= before


@given(dims=dimension_vectors)
def test_ranking_is_sorted_with_deterministic_tie_break(dims: dict[str, int]) -> None:
    ranked = rank_careers(dims)
    assert len(ranked) == len(CAREERS)
    keys = [(-score, career.career_id) for career, score in ranked]
    assert keys == sorted(keys)
    assert all(0.0 <= score <= 100.0 for _, score in ranked)


def test_ties_are_broken_by_career_id() -> None:
    ranked = rank_careers(dict.fromkeys(DIMENSIONS, 50))
    assert [c.career_id for c, _ in ranked] == sorted(c.career_id for c in CAREERS)


def test_confidence_formula() -> None:
    assert career_confidence(100.0, 80.0) == 100
    assert career_confidence(50.0, 50.0) == 40
    assert career_confidence(75.0, 72.5) == 65
    assert career_confidence(0.0, 0.0) == 0
    assert career_confidence(80.0, 79.0) < career_confidence(80.0, 70.0)
    assert career_confidence(60.0, 55.0) < career_confidence(80.0, 75.0)


# ---- map_career ----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(dims=dimension_vectors, species=st.sampled_from(SPECIES))
def test_map_career_returns_a_valid_profile(dims: dict[str, int], species: Species) -> None:
    result = map_career(analysis(dims, species))
    assert isinstance(result, CareerProfile)
    career = get_career(result.career_id)
    assert result.job_title == career.job_title
    assert result.seniority == career.seniority
    assert result.industry == career.industry
    assert result.work_style == career.work_style
    assert result.attire_style == career.attire_style
    assert result.background_setting == career.background_setting
    assert 0 <= result.confidence <= 100
    assert len(result.runner_ups) == 3
    runner_ids = [m.career_id for m in result.runner_ups]
    assert result.career_id not in runner_ids
    assert len(set(runner_ids)) == 3
    ranked = choose_career(analysis(dims, species))
    assert ranked[0][0] is career
    # The winner is a close fit: within the band of its field's best, which is within
    # the band of the overall best.
    band = career_affinity().diversity_band
    field_best = max(fit for c, fit in ranked if c.field == career.field)
    assert ranked[0][1] >= field_best - band
    assert field_best >= max(fit for _, fit in ranked) - band
    assert result.rationale.endswith(".")
    assert career.job_title in result.rationale


@settings(max_examples=50, deadline=None)
@given(dims=dimension_vectors, species=st.sampled_from(SPECIES))
def test_map_career_is_deterministic(dims: dict[str, int], species: Species) -> None:
    pet = analysis(dims, species)
    assert map_career(pet) == map_career(pet)
    assert map_career(pet) == map_career(analysis(dict(dims), species))


def test_rationale_names_the_top_contributing_traits() -> None:
    result = map_career(analysis(COMMANDING))
    career = get_career(result.career_id)
    top_dims = [d for d, part in explain_score(career, COMMANDING) if part > 0][:3]
    assert len(top_dims) >= 2
    for dim in top_dims:
        phrase = high_phrases()[dim] if career.signature[dim] > 0 else low_phrases()[dim]
        assert phrase in result.rationale
    assert result.rationale.startswith("Chosen for ")


def test_different_personalities_land_different_careers() -> None:
    sociable = map_career(analysis(SOCIABLE))
    serene = map_career(analysis(SERENE, "cat"))
    commanding = map_career(analysis(COMMANDING))
    assert len({sociable.career_id, serene.career_id, commanding.career_id}) == 3

    def field(result: CareerProfile) -> str:
        return get_career(result.career_id).field

    assert field(sociable) in {
        "people", "sales", "conservation", "sports", "hospitality", "education",
        "nonprofit", "marketing", "government", "media", "music", "retail",
    }  # fmt: skip
    assert field(serene) in {
        "law", "finance", "aviation", "aquatic", "agriculture", "medicine", "science",
        "arts", "risk", "education", "veterinary", "conservation", "culinary", "hospitality",
    }  # fmt: skip
    assert commanding.seniority in {"senior", "executive"}
    assert field(commanding) in {
        "leadership", "sports", "law", "medicine", "culinary", "security", "sales",
        "public_safety", "government", "finance", "music", "operations", "consulting",
    }  # fmt: skip
    # Each winner's signature wants (most of) what that profile has.
    for dims, result in ((SOCIABLE, sociable), (SERENE, serene), (COMMANDING, commanding)):
        career = get_career(result.career_id)
        agreeing = [
            d for d, w in career.signature.items() if (w > 0) == (dims[d] > 50) and dims[d] != 50
        ]
        assert len(agreeing) >= 2, (career.career_id, agreeing)


def test_a_clear_profile_gets_more_confidence_than_an_average_one() -> None:
    clear = map_career(analysis(COMMANDING))
    vague = map_career(analysis(profile(high=("humor",))))
    assert clear.confidence > vague.confidence


# ---- variety in practice -------------------------------------------------------------


def test_realistic_profiles_spread_across_the_catalog() -> None:
    rng = np.random.default_rng(20240601)
    wins: collections.Counter[str] = collections.Counter()
    samples = 500
    for _ in range(samples):
        values = np.clip(np.rint(rng.normal(50.0, 25.0, len(DIMENSIONS))), 0, 100)
        dims = dict(zip(DIMENSIONS, (int(v) for v in values), strict=True))
        species = str(rng.choice(SPECIES))
        wins[rank_careers(dims, species)[0][0].career_id] += 1
    assert len(wins) >= 25
    career_id, count = wins.most_common(1)[0]
    assert count <= 0.15 * samples, (career_id, count)


def test_every_career_is_reachable() -> None:
    """Each career wins for the pet that sits exactly at its signature's ideal."""
    for career in CAREERS:
        ideal = dict.fromkeys(DIMENSIONS, 50)
        for dim, weight in career.signature.items():
            ideal[dim] = 100 if weight > 0 else 0
        winner = rank_careers(ideal)[0][0]
        assert winner.career_id == career.career_id


@pytest.mark.parametrize(
    ("career_id", "phrase"),
    [
        ("ux-designer", "a UX Designer"),
        ("hr-generalist", "an HR Generalist"),
        ("it-support-specialist", "an IT Support Specialist"),
        ("vp-of-sales", "a VP of Sales"),
        ("emergency-physician", "an Emergency Physician"),
        ("chief-financial-officer", "a Chief Financial Officer"),
    ],
)
def test_rationale_uses_the_right_article(career_id: str, phrase: str) -> None:
    career = get_career(career_id)
    ideal = dict.fromkeys(DIMENSIONS, 50)
    for dim, weight in career.signature.items():
        ideal[dim] = 90 if weight > 0 else 10
    assert rank_careers(ideal)[0][0] is career
    assert f"natural fit for {phrase} in {career.industry}." in career_rationale(career, ideal)
