"""The composed identity package always validates and is deterministic per seed."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from petavatar.domain.identity import compose_identity, persona_name
from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.domain.naming import naming_tables
from tests.domain.test_writing import (
    CAREERS,
    TEMPERAMENTS,
    analyses,
    assert_clean,
    assert_valid_bio,
    make_analysis,
    make_career,
)


def compose(analysis: PetAnalysis, career: CareerProfile, seed: int) -> IdentityPackage:
    return compose_identity(
        analysis,
        career,
        group="sporting",
        size="large",
        origin="Scotland",
        temperament=("Friendly", "Intelligent", "Devoted"),
        career_skills=("Financial Modeling", "Forecasting", "M&A"),
        past_roles=("Junior Accountant", "Controller"),
        future_roles=("Chief Executive Officer",),
        breed_baseline={"loyalty": 90.0, "sociability": 85.0},
        seed=seed,
    )


def assert_valid_package(package: IdentityPackage, career: CareerProfile) -> None:
    # round-trips through the model's own validators
    assert IdentityPackage.model_validate(package.model_dump()) == package
    assert package.job_title == career.job_title
    assert package.seniority == career.seniority
    assert_valid_bio(package.bio)
    assert 5 <= len(package.skills) <= 10
    assert len({s.lower() for s in package.skills}) == len(package.skills)
    assert package.similarity_score == package.similarity_breakdown.weighted_score()
    assert 0 <= package.similarity_score <= 100
    assert len(package.uncanny_parallels) == 3
    texts = [
        package.human_name,
        package.career_trajectory.past,
        package.career_trajectory.present,
        package.career_trajectory.future,
        *package.skills,
        *package.uncanny_parallels,
    ]
    for text in texts:
        assert_clean(text)
    assert career.job_title in package.career_trajectory.present


def test_golden_retriever_cfo() -> None:
    career = make_career()
    package = compose(make_analysis(1), career, seed=1)
    assert_valid_package(package, career)
    assert package.human_name.split()[0] in naming_tables().first_names["friendly_dad"]
    assert package.similarity_breakdown.name_fit == 92
    assert package.similarity_breakdown.career_fit == career.confidence
    assert package.skills[:2] == ["Financial Modeling", "Forecasting"]


def test_pet_name_is_woven_into_name_and_bio() -> None:
    package = compose(make_analysis(2, pet_name="Biscuit"), make_career(), seed=2)
    assert "'Biscuit'" in package.human_name
    assert "Biscuit" in package.bio


def test_same_seed_same_package_and_seeds_vary() -> None:
    analysis, career = make_analysis(3), make_career()
    assert compose(analysis, career, 7) == compose(analysis, career, 7)
    packages = {compose(analysis, career, seed).model_dump_json() for seed in range(30)}
    assert len(packages) == 30


def test_cat_package_uses_cat_names() -> None:
    career = CAREERS[2]
    package = compose_identity(
        make_analysis(4, species="cat", breed="tabby"),
        career,
        group="cat",
        size="small",
        origin="Worldwide",
        temperament=(),
        career_skills=(),
        past_roles=(),
        future_roles=(),
        breed_baseline=None,
        seed=4,
    )
    assert_valid_package(package, career)
    assert package.human_name.split()[0] in naming_tables().first_names["cat"]


@settings(max_examples=120, deadline=None)
@given(
    analysis=analyses(free=True),
    career=st.sampled_from(CAREERS),
    group=st.sampled_from(["sporting", "hound", "terrier", "toy", "cat", "", "herding"]),
    size=st.sampled_from(["tiny", "small", "medium", "large", "giant", ""]),
    origin=st.sampled_from(["Scotland", "Germany", "Thailand", "Worldwide", "", "Peru"]),
    temperament=st.sampled_from(TEMPERAMENTS),
    career_skills=st.lists(st.sampled_from(["A", "b", "B", "Budgeting", "", "{x}"]), max_size=8),
    past_roles=st.lists(st.sampled_from(["Associate", "Intern", "", "Analyst"]), max_size=4),
    future_roles=st.lists(st.sampled_from(["Director", "CEO", "Owner"]), max_size=3),
    baseline=st.none() | st.just({"loyalty": 80.0, "calmness": 20.0}),
    seed=st.integers(min_value=-(2**63), max_value=2**63),
)
def test_identity_always_validates(
    analysis: PetAnalysis,
    career: CareerProfile,
    group: str,
    size: str,
    origin: str,
    temperament: tuple[str, ...],
    career_skills: list[str],
    past_roles: list[str],
    future_roles: list[str],
    baseline: Mapping[str, float] | None,
    seed: int,
) -> None:
    package = compose_identity(
        analysis,
        career,
        group=group,
        size=size,
        origin=origin,
        temperament=temperament,
        career_skills=career_skills,
        past_roles=past_roles,
        future_roles=future_roles,
        breed_baseline=baseline,
        seed=seed,
    )
    assert_valid_package(package, career)


@settings(max_examples=60, deadline=None)
@given(analysis=analyses(), seed=st.integers(min_value=0, max_value=2**64 - 1))
def test_persona_name_is_the_name_compose_identity_uses(analysis: PetAnalysis, seed: int) -> None:
    package = compose(analysis, make_career(), seed)
    name = persona_name(analysis, group="sporting", size="large", origin="Scotland", seed=seed)
    assert package.human_name == name.full
