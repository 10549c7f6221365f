"""Bio, skills, trajectory and "Separated at Birth?" parallels: validity and variety.

The builders at the top (``make_analysis``, ``make_career`` and the Hypothesis
strategies) are reused by the similarity and identity tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petavatar.domain.careers import Career, get_career
from petavatar.domain.careers import careers as catalog_careers
from petavatar.domain.dimensions import DIMENSIONS, OFFICE_DIMENSIONS, TEMPERAMENT_DIMENSIONS
from petavatar.domain.models import SENIORITIES, CareerProfile, PetAnalysis, Seniority
from petavatar.domain.prose import grammar_violations, grammatical_persons
from petavatar.domain.writing import (
    BIO_FIELDS,
    PARALLEL_POOL,
    _bio_fields,
    career_trajectory,
    choose_skills,
    climbing,
    draft_bio,
    field_phrases,
    ranked_dimensions,
    role_level,
    uncanny_parallels,
    write_bio,
    writing_tables,
)

TABLES = writing_tables()
SPECIES_BREEDS: dict[str, tuple[str, ...]] = {
    "dog": ("Golden Retriever", "Labrador retriever", "pug", "German shepherd", "Beagle"),
    "cat": ("tabby", "Siamese cat", "Persian cat", "Egyptian cat", "tiger cat"),
    "rabbit": ("Angora", "wood rabbit"),
    "hamster": ("hamster",),
    "guinea_pig": ("guinea pig",),
    "horse": ("sorrel",),
    "bird": ("macaw", "cockatoo"),
    "fish": ("goldfish",),
    "reptile": ("green iguana", "box turtle"),
}
EXPRESSIONS = ("happy", "alert", "sleepy", "tongue out", "soulful", "unimpressed", "curious")
POSTURES = ("sitting upright", "lying down", "standing tall", "curled up", "mid-stride")
VIBES = ("CFO energy", "startup founder energy", "HR director calm", "chaotic intern energy")
COLOURS = ("golden", "cream", "black", "white", "brown", "grey", "ginger", "tan")
TEMPERAMENTS = (
    ("Friendly", "Intelligent", "Devoted"),
    ("Playful", "Charming", "Mischievous"),
    ("Aloof", "Dignified"),
    (),
)


def make_analysis(
    seed: int = 0,
    *,
    species: str = "dog",
    breed: str = "Golden Retriever",
    dims: dict[str, int] | None = None,
    pet_name: str | None = None,
    expression: str | None = None,
    posture: str | None = None,
    vibe: str | None = None,
) -> PetAnalysis:
    """A valid PetAnalysis whose free fields vary with ``seed``."""
    rng = random.Random(seed)
    dimensions = dims if dims is not None else {d: rng.randint(0, 100) for d in DIMENSIONS}
    top = ranked_dimensions(dimensions)[:3]
    colours = rng.sample(COLOURS, rng.randint(1, 3))
    return PetAnalysis.model_validate(
        {
            "species": species,
            "species_confidence": 0.9,
            "breed": breed,
            "breed_confidence": 0.7,
            "expression": expression if expression is not None else rng.choice(EXPRESSIONS),
            "posture": posture if posture is not None else rng.choice(POSTURES),
            "coat_colors": colours,
            "coat_color_hex": ["#aabbcc"] * len(colours),
            "personality_dimensions": dimensions,
            "dominant_traits": top,
            "vibe": vibe if vibe is not None else rng.choice(VIBES),
            "pet_name": pet_name,
            "photo_fingerprint": f"{seed:064x}",
        }
    )


def make_career(
    *,
    title: str = "Chief Financial Officer",
    seniority: Seniority = "executive",
    industry: str = "Finance",
    work_style: str = "strategic and detail-oriented",
    attire_style: str = "suit",
    confidence: int = 80,
) -> CareerProfile:
    """A valid CareerProfile (the catalog is written elsewhere)."""
    return CareerProfile.model_validate(
        {
            "career_id": title.lower().replace(" ", "_"),
            "job_title": title,
            "seniority": seniority,
            "industry": industry,
            "work_style": work_style,
            "attire_style": attire_style,
            "background_setting": "open_office",
            "confidence": confidence,
            "rationale": "test",
        }
    )


CAREERS = (
    make_career(),
    make_career(
        title="Account Executive", seniority="mid-level", industry="SaaS sales",
        work_style="collaborative, fast-paced", attire_style="business_casual",
    ),
    make_career(
        title="Executive Chef", seniority="senior", industry="hospitality",
        work_style="hands-on and creative", attire_style="chef_whites",
    ),
    make_career(
        title="UX Research Intern", seniority="entry-level", industry="technology",
        work_style="curious and empathetic", attire_style="creative_turtleneck",
    ),
)  # fmt: skip


def varied_analysis(seed: int) -> PetAnalysis:
    """A different pet per seed: species, breed, dims, name and looks all vary."""
    rng = random.Random(seed * 7919)
    species = rng.choice(sorted(SPECIES_BREEDS))
    pet_name = rng.choice([None, None, "Biscuit", "Mochi", "Sir Wiggles"])
    return make_analysis(
        seed, species=species, breed=rng.choice(SPECIES_BREEDS[species]), pet_name=pet_name
    )


dims_strategy = st.fixed_dictionaries(
    {d: st.integers(min_value=0, max_value=100) for d in DIMENSIONS}
)
free_text = st.text(alphabet="abcdefghij {}_.,'\"-\n", max_size=40)


@st.composite
def analyses(draw: st.DrawFn, free: bool = False) -> PetAnalysis:
    """Hypothesis strategy for valid analyses; ``free`` also fuzzes the free-text fields."""
    species = draw(st.sampled_from(sorted(SPECIES_BREEDS)))
    text = free_text if free else st.sampled_from(EXPRESSIONS + POSTURES + VIBES)
    return make_analysis(
        draw(st.integers(0, 10_000)),
        species=species,
        breed=draw(st.sampled_from(SPECIES_BREEDS[species])),
        dims=draw(dims_strategy),
        pet_name=draw(st.none() | st.sampled_from(["Biscuit", "Kevin", "Mr. Pickles", "o'hara"])),
        expression=draw(text),
        posture=draw(text),
        vibe=draw(text),
    )


def assert_clean(text: str) -> None:
    """No template holes or leaked values in user-facing text."""
    assert "{" not in text and "}" not in text, text
    assert "None" not in text, text
    assert "  " not in text, text
    assert text == text.strip()


def assert_valid_bio(bio: str) -> None:
    paragraphs = bio.split("\n\n")
    assert len(paragraphs) == 3, bio
    assert all(p.strip() and p == p.strip() and "\n" not in p for p in paragraphs), bio
    assert_clean(bio)


# ---------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------


def test_tables_cover_every_dimension() -> None:
    for table in (TABLES.low_habits, TABLES.dimension_skills, TABLES.parallels):
        assert set(table) == set(DIMENSIONS)
    assert set(TABLES.achievements) == set(TEMPERAMENT_DIMENSIONS)
    assert set(TABLES.trait_adjectives) == set(TEMPERAMENT_DIMENSIONS)
    assert set(TABLES.office_known_for) == set(TABLES.office_stats) == set(OFFICE_DIMENSIONS)
    assert TABLES.dimension_skills["vigilance"][0] == "Risk Assessment"
    assert TABLES.dimension_skills["food_motivation"][0] == "Vendor Relations (Catering)"
    assert TABLES.dimension_skills["naps_at_desk"][0] == "Strategic Recharging"
    assert TABLES.dimension_skills["loyalty"][0] == "Client Retention"


def test_the_bio_fields_are_exactly_those_templates_may_use() -> None:
    fields = _bio_fields(
        make_analysis(1), make_career(), "Greg Barnes", "Scotland", (), random.Random(0)
    )
    assert set(fields) == BIO_FIELDS
    assert all(fields[name] for name in BIO_FIELDS - {"pet_name"})


def test_each_bio_slot_has_at_least_five_templates() -> None:
    assert len(TABLES.bio_templates.slots) == 3
    assert all(len(slot) >= 5 for slot in TABLES.bio_templates.slots)
    assert all(len(set(slot)) == len(slot) for slot in TABLES.bio_templates.slots)


# ---------------------------------------------------------------------------------------
# bio
# ---------------------------------------------------------------------------------------


def test_bio_has_three_clean_paragraphs() -> None:
    bio = write_bio(
        make_analysis(1), make_career(), "Greg Barnes", origin="Scotland",
        temperament=("Friendly", "Intelligent"), seed=1,
    )  # fmt: skip
    assert_valid_bio(bio)
    assert "Greg" in bio


def test_bio_is_deterministic() -> None:
    args = (make_analysis(3), make_career(), "Margaret Hale")
    assert write_bio(*args, origin="Thailand", seed=11) == write_bio(
        *args, origin="Thailand", seed=11
    )


def test_bio_variety_over_many_pets() -> None:
    bios: set[str] = set()
    openings: set[int] = set()
    slot_ids: list[set[int]] = [set(), set(), set()]
    for seed in range(200):
        draft = draft_bio(
            varied_analysis(seed),
            CAREERS[seed % len(CAREERS)],
            f"Person{chr(65 + seed % 26)} Tester",
            origin=("Scotland", "Worldwide", "Japan", "Peru", "")[seed % 5],
            temperament=TEMPERAMENTS[seed % len(TEMPERAMENTS)],
            seed=seed,
        )
        assert_valid_bio(draft.text)
        bios.add(draft.text)
        openings.add(draft.template_ids[0])
        for ids, index in zip(slot_ids, draft.template_ids, strict=True):
            ids.add(index)
    assert len(bios) >= 100
    assert len(openings) >= 4
    # every template of every slot rendered (and passed the checks) at least once
    assert [len(ids) for ids in slot_ids] == [len(slot) for slot in TABLES.bio_templates.slots]


def test_same_pet_different_seeds_give_different_bios() -> None:
    analysis = make_analysis(8)
    bios = {write_bio(analysis, make_career(), "Doug Marsh", seed=s) for s in range(40)}
    assert len(bios) >= 30


def test_different_pets_same_seed_give_different_bios() -> None:
    bios = {write_bio(make_analysis(s), make_career(), "Doug Marsh", seed=0) for s in range(40)}
    assert len(bios) >= 30


def test_bio_uses_the_pet_name_as_nickname_line() -> None:
    bio = write_bio(make_analysis(2, pet_name="Biscuit"), make_career(), "Bob Marsh", seed=4)
    assert '"Biscuit"' in bio.split("\n\n")[2]


def test_bio_mentions_breed_facts_and_analysis_somewhere() -> None:
    texts = " ".join(
        write_bio(
            make_analysis(s, vibe="CFO energy"), make_career(), "Greg Barnes",
            origin="Scotland", temperament=("Friendly", "Devoted"), seed=s,
        )
        for s in range(60)
    )  # fmt: skip
    for expected in ("Scotland", "friendly", "CFO energy", "Golden Retriever", "Finance"):
        assert expected in texts


def test_bio_survives_empty_and_odd_inputs() -> None:
    analysis = make_analysis(5, expression="", posture="{posture}", vibe="None")
    career = make_career(title="{title}", industry="", work_style="   ")
    for seed in range(50):
        bio = write_bio(analysis, career, "", origin="{origin}", temperament=("", "{x}"), seed=seed)
        assert_valid_bio(bio)


# ---------------------------------------------------------------------------------------
# skills
# ---------------------------------------------------------------------------------------


def _assert_valid_skills(skills: Sequence[str]) -> None:
    assert 5 <= len(skills) <= 10
    assert len({s.lower() for s in skills}) == len(skills)
    for skill in skills:
        assert_clean(skill)
        assert skill


def test_skills_mix_career_and_pet() -> None:
    dims = dict.fromkeys(DIMENSIONS, 10) | {"vigilance": 100, "loyalty": 95}
    career_skills = ["Financial Modeling", "Forecasting", "M&A"]
    skills = choose_skills(make_analysis(dims=dims), career_skills, seed=1)
    _assert_valid_skills(skills)
    assert skills[:2] == career_skills[:2]
    assert set(skills) & set(TABLES.dimension_skills["vigilance"])
    assert set(skills) & set(TABLES.dimension_skills["loyalty"])


def test_skills_without_career_skills_still_five() -> None:
    for seed in range(30):
        _assert_valid_skills(choose_skills(make_analysis(seed), [], seed))


def test_skills_drop_duplicates_and_cap_at_ten() -> None:
    many = [f"Skill {i}" for i in range(30)] + ["skill 1", "SKILL 2", "", "  "]
    for seed in range(30):
        _assert_valid_skills(choose_skills(make_analysis(seed), many, seed))
    dupes = ["Risk Assessment", "risk assessment", "Client Retention"]
    _assert_valid_skills(choose_skills(make_analysis(1), dupes, 1))


def test_skills_are_deterministic() -> None:
    analysis = make_analysis(4)
    assert choose_skills(analysis, ["A", "B"], 9) == choose_skills(analysis, ["A", "B"], 9)


# ---------------------------------------------------------------------------------------
# trajectory
# ---------------------------------------------------------------------------------------


def test_trajectory_uses_roles_and_title() -> None:
    career = make_career()
    trajectory = career_trajectory(career, ["Junior Accountant", "Controller"], ["CEO"], 3)
    assert "Chief Financial Officer" in trajectory.present
    assert "Junior Accountant" in trajectory.past and "Controller" in trajectory.past
    assert "CEO" in trajectory.future
    assert "an Junior" not in trajectory.past


@pytest.mark.parametrize("seniority", SENIORITIES)
def test_trajectory_fallbacks_per_seniority(seniority: Seniority) -> None:
    career = make_career(title="Analyst", seniority=seniority)
    for seed in range(10):
        trajectory = career_trajectory(career, [], [], seed)
        for text in (trajectory.past, trajectory.present, trajectory.future):
            assert_clean(text)
            assert len(text) > 15
        assert "Analyst" in trajectory.present
    assert career_trajectory(career, [], [], 1) == career_trajectory(career, [], [], 1)


def test_trajectory_article_for_vowel_titles() -> None:
    career = make_career(title="Executive Chef", seniority="senior")
    present = {career_trajectory(career, [], [], s).present for s in range(20)}
    assert all("an Executive Chef" in text for text in present)


# ---------------------------------------------------------------------------------------
# parallels
# ---------------------------------------------------------------------------------------


def _possible_lines(dims: Sequence[str], first: str, career: CareerProfile) -> set[str]:
    """Every line the parallels of ``dims`` can make for ``career``."""
    field = field_phrases(career)
    things = field.things if field is not None else ("quarterly plan", "team calendar")
    return {
        f"{pet} → {first} {human.format(thing=thing)}"
        for d in dims
        for pet in TABLES.parallels[d].pet
        for human in TABLES.parallels[d].human
        for thing in things
    }


def test_parallels_are_three_lines_from_the_top_dimensions() -> None:
    analysis = make_analysis(6)
    top = ranked_dimensions(analysis.personality_dimensions)[:PARALLEL_POOL]
    expected = _possible_lines(top, "Greg", make_career())
    for seed in range(20):
        lines = uncanny_parallels(analysis, make_career(), "Greg Barnes", seed)
        assert len(lines) == 3 and len(set(lines)) == 3
        assert set(lines) <= expected
        for line in lines:
            assert_clean(line)


def test_parallels_guard_the_food_bowl() -> None:
    dims = dict.fromkeys(DIMENSIONS, 0) | {
        "territoriality": 100, "vigilance": 99, "loyalty": 98, "focus": 97,
        "calmness": 96, "dignity": 95,
    }  # fmt: skip
    lines = uncanny_parallels(make_analysis(dims=dims), make_career(), "Frank Vogel", 0)
    assert len(lines) == 3
    top = ranked_dimensions(dims)[:PARALLEL_POOL]
    assert set(lines) <= _possible_lines(top, "Frank", make_career())
    assert uncanny_parallels(make_analysis(dims=dims), make_career(), "Frank Vogel", 0) == lines


# ---------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    analysis=analyses(free=True),
    career=st.sampled_from(CAREERS),
    name=st.sampled_from(["Greg Barnes", "Bob 'Biscuit' Marsh", "Ximena", ""]),
    origin=st.sampled_from(["Scotland", "Worldwide", "", "Peru", "Germany/France", "{x}"]),
    temperament=st.sampled_from(TEMPERAMENTS),
    seed=st.integers(min_value=-(2**63), max_value=2**63),
)
def test_writing_never_leaks_holes(
    analysis: PetAnalysis,
    career: CareerProfile,
    name: str,
    origin: str,
    temperament: tuple[str, ...],
    seed: int,
) -> None:
    assert_valid_bio(
        write_bio(analysis, career, name, origin=origin, temperament=temperament, seed=seed)
    )
    _assert_valid_skills(choose_skills(analysis, ["Forecasting", "Budgeting"], seed))
    trajectory = career_trajectory(career, ["Associate"], [], seed)
    for text in (trajectory.past, trajectory.present, trajectory.future):
        assert_clean(text)
    lines = uncanny_parallels(analysis, career, name, seed)
    assert len(lines) == 3
    for line in lines:
        assert_clean(line)


# ---------------------------------------------------------------------------------------
# careers' own fields, climbing ladders, one person
# ---------------------------------------------------------------------------------------


def test_ladders_climb() -> None:
    assert climbing(["Sous Chef", "Line Cook"]) == ["Line Cook", "Sous Chef"]
    assert climbing(["Police Officer", "Security Guard", "Police Lieutenant"])[-1] == (
        "Police Lieutenant"
    )
    assert role_level("Marketing Intern") == 0
    assert role_level("Head of Data Science") == 3
    assert role_level("Paralegal") == 0  # a catalog title goes by its seniority


def _profile(career: Career, industry: str | None = None) -> CareerProfile:
    return CareerProfile(
        career_id=career.career_id,
        job_title=career.job_title,
        seniority=career.seniority,
        industry=industry or career.industry,
        work_style=career.work_style,
        attire_style=career.attire_style,
        background_setting=career.background_setting,
        confidence=80,
        rationale="Chosen for the fit.",
    )


@pytest.mark.parametrize("career", catalog_careers()[::7], ids=lambda c: c.career_id)
def test_skills_and_achievements_stay_in_the_field(career: Career) -> None:
    profile = _profile(career)
    field = TABLES.fields[career.field]
    allowed = {s.lower() for s in (*career.skills, *field.skills)}
    others = {
        a for name, f in TABLES.fields.items() if name != career.field for a in f.achievements
    }
    for seed in range(8):
        skills = choose_skills(make_analysis(seed), career.skills, seed, field.skills)
        assert {s.lower() for s in skills} <= allowed
        bio = write_bio(make_analysis(seed), profile, "Greg Barnes", seed=seed)
        assert not [a for a in others if a in bio]
        assert grammatical_persons(bio, "Greg Barnes") in ({"first"}, {"third"})
        assert not grammar_violations(bio), bio


def test_title_that_names_its_industry_is_not_repeated() -> None:
    career = _profile(get_career("nonprofit-executive-director"), industry="nonprofit")
    for seed in range(30):
        bio = write_bio(make_analysis(seed), career, "Greg Barnes", seed=seed)
        assert "Director in nonprofit" not in bio
