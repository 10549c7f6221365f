"""The catalog's looks fit each job, and breeds lean to plausible fields while spreading."""

from __future__ import annotations

import collections
import itertools
import random

import numpy as np
import pytest

from petavatar.domain.breeds import BreedProfile, baseline_dimensions, known_breeds, lookup_breed
from petavatar.domain.careers import (
    _balance,
    career_fit,
    careers,
    choose_career,
    get_career,
    map_career,
    score_career,
)
from petavatar.domain.models import SENIORITIES, PetAnalysis
from petavatar.domain.personality import build_personality, personality_tables
from petavatar.domain.prose import grammar_violations
from petavatar.domain.writing import role_level, writing_tables
from tests.support.builders import make_analysis

FINGERPRINTS = [f"{i:064x}" for i in range(1, 41)]

#: Where a guard breed's persona belongs: protective fields, or next to them.
PROTECTIVE = {"security", "public_safety", "risk", "law"}
BESIDE_PROTECTIVE = PROTECTIVE | {"government", "operations", "logistics"}
#: Operations and project-type fields, where herding breeds lean.
OPERATIONS = {"operations", "logistics", "agriculture", "consulting"}


def test_the_catalog_is_large_and_every_field_has_phrases() -> None:
    assert len(careers()) >= 150
    assert len({c.field for c in careers()}) >= 25
    assert {c.field for c in careers()} <= set(writing_tables().fields)


def test_attire_and_scene_fit_the_job() -> None:
    assert all(
        c.field in {"science", "medicine", "engineering"}
        for c in careers()
        if c.attire_style == "lab_coat"
    )
    assert get_career("park-ranger").attire_style == "ranger_uniform"
    assert get_career("police-sergeant").attire_style == "uniform"
    assert get_career("aquarium-curator").background_setting == "aquarium_tanks"
    assert get_career("head-sommelier").background_setting in {"wine_cellar", "dining_room"}
    assert get_career("circuit-court-judge").attire_style == "judicial_robe"
    uniformed = {c.career_id for c in careers() if c.attire_style == "uniform"}
    assert {"personal-trainer", "head-coach", "park-ranger"}.isdisjoint(uniformed)


def test_catalog_ladders_do_not_run_backwards() -> None:
    for career in careers():
        present = SENIORITIES.index(career.seniority)
        later = [role_level(r) for r in career.future_roles]
        assert all(lv >= min(present, 2) - 1 for lv in later if lv is not None), career.career_id


def _pet(breed: str, fingerprint: str) -> PetAnalysis:
    profile = lookup_breed("dog", breed)
    baseline = baseline_dimensions(profile)
    personality = build_personality(baseline, "alert", "standing tall", fingerprint)
    return make_analysis(dims=personality.dimensions).model_copy(
        update={"species": "dog", "breed": profile.name, "photo_fingerprint": fingerprint}
    )


@pytest.mark.parametrize(
    ("breed", "fields"),
    [
        ("Doberman", {"security", "public_safety", "risk"}),
        ("Rottweiler", {"security", "public_safety", "risk"}),
        ("Border Collie", {"operations", "logistics", "agriculture"}),
    ],
)
def test_breeds_lean_to_plausible_fields_but_spread(breed: str, fields: set[str]) -> None:
    chosen = [map_career(_pet(breed, fp)) for fp in FINGERPRINTS]
    in_field = [c for c in chosen if get_career(c.career_id).field in fields]
    assert len(in_field) >= 0.5 * len(chosen), collections.Counter(c.job_title for c in chosen)
    assert len({c.career_id for c in chosen}) >= 2
    assert not [c for c in chosen if c.career_id == "paralegal"]


def test_same_photo_same_career() -> None:
    pet = _pet("Beagle", FINGERPRINTS[0])
    assert map_career(pet) == map_career(pet)


def _photos(profile: BreedProfile) -> list[PetAnalysis]:
    """One synthetic photo of ``profile`` per expression × posture, each its own fingerprint."""
    tables = personality_tables()
    baseline = baseline_dimensions(profile)
    pets = []
    pairs = itertools.product(tables.expression_shifts, tables.posture_shifts)
    for index, (expression, posture) in enumerate(pairs):
        fingerprint = f"{index * 7919 + len(profile.name):064x}"
        personality = build_personality(baseline, expression, posture, fingerprint)
        pets.append(
            make_analysis(dims=personality.dimensions).model_copy(
                update={
                    "species": profile.species,
                    "breed": profile.name,
                    "photo_fingerprint": fingerprint,
                }
            )
        )
    return pets


def _fields(profile: BreedProfile) -> list[str]:
    return [get_career(map_career(pet).career_id).field for pet in _photos(profile)]


def _guard_breeds() -> list[BreedProfile]:
    return [
        p
        for p in known_breeds()
        if p.group in {"working", "herding"} and p.facts["protectiveness"] == 5
    ]


def test_guard_breeds_land_in_protective_fields() -> None:
    """Every protective working/herding breed of the table, under every expression and posture."""
    guards = _guard_breeds()
    assert len(guards) >= 15
    fields = [field for profile in guards for field in _fields(profile)]
    core = sum(field in PROTECTIVE for field in fields) / len(fields)
    beside = sum(field in BESIDE_PROTECTIVE for field in fields) / len(fields)
    assert core >= 0.6, collections.Counter(fields).most_common(8)
    assert beside >= 0.85, collections.Counter(fields).most_common(8)
    for profile in guards:
        mine = _fields(profile)
        assert sum(f in BESIDE_PROTECTIVE for f in mine) >= 0.6 * len(mine), profile.name


def test_a_doberman_is_never_a_wine_educator() -> None:
    titles = [map_career(pet).job_title for pet in _photos(lookup_breed("dog", "Doberman"))]
    fields = _fields(lookup_breed("dog", "Doberman"))
    assert "Wine Educator" not in titles
    assert not {"hospitality", "culinary", "arts", "creative", "music"} & set(fields), titles


def test_herding_breeds_lean_to_operations() -> None:
    herders = [p for p in known_breeds() if p.group == "herding" and p.facts["protectiveness"] < 5]
    assert len(herders) >= 4
    fields = [field for profile in herders for field in _fields(profile)]
    share = sum(field in OPERATIONS for field in fields) / len(fields)
    assert share >= 0.45, collections.Counter(fields).most_common(8)


def test_photos_of_one_breed_spread_within_plausible_fields() -> None:
    for breed in ("Doberman", "Border Collie", "Beagle", "Golden Retriever"):
        photos = _photos(lookup_breed("dog", breed))
        chosen = {map_career(pet).career_id for pet in photos}
        assert len(chosen) >= 0.3 * len(photos), (breed, chosen)


def test_unseen_pets_spread_over_the_catalog() -> None:
    """Synthetic pets drawn over the whole breed table use many careers, none too often."""
    rng = random.Random(20261202)
    tables = personality_tables()
    profiles = known_breeds()
    chosen: collections.Counter[str] = collections.Counter()
    for _ in range(200):
        profile = rng.choice(profiles)
        expression = rng.choice(list(tables.expression_shifts))
        posture = rng.choice(list(tables.posture_shifts))
        fingerprint = f"{rng.getrandbits(256):064x}"
        dims = build_personality(baseline_dimensions(profile), expression, posture, fingerprint)
        pet = make_analysis(dims=dims.dimensions).model_copy(
            update={
                "species": profile.species,
                "breed": profile.name,
                "photo_fingerprint": fingerprint,
            }
        )
        chosen[map_career(pet).career_id] += 1
    assert len(chosen) >= 0.4 * 200, chosen.most_common(5)
    assert chosen.most_common(1)[0][1] <= 0.05 * 200, chosen.most_common(3)


def test_balance_evens_out_the_softmax_shares() -> None:
    rng = np.random.default_rng(7)
    fits = rng.normal(60.0, 10.0, (400, 12))
    fits[:, 0] += 15.0  # one option everyone fits better
    offsets = _balance(fits, 6.0)
    logits = (fits + offsets) / 6.0
    odds = np.exp(logits - logits.max(axis=1, keepdims=True))
    share = (odds / odds.sum(axis=1, keepdims=True)).mean(axis=0)
    assert np.allclose(share, 1 / 12, rtol=0.02)
    assert offsets[0] == offsets.min()
    assert abs(offsets.mean()) < 1e-9


def test_the_catalog_wide_fit_is_career_fit() -> None:
    """choose_career's vectorised fits agree with career_fit, career by career."""
    pet = _photos(lookup_breed("dog", "Beagle"))[3]
    dims, species = pet.personality_dimensions, pet.species
    for career, fit in choose_career(pet):
        expected = career_fit(career, score_career(career, dims, species), pet)
        assert fit == pytest.approx(max(0.0, min(100.0, expected)), abs=1e-9), career.career_id


def test_titles_and_roles_read_cleanly_in_a_sentence() -> None:
    """A title after "…, and I'm a" must not read as a second list "and"."""
    for career in careers():
        for title in (career.job_title, *career.past_roles, *career.future_roles):
            sentence = f"My name is Greg, and I work as a {title}."
            assert not grammar_violations(sentence), (career.career_id, title)
