"""The catalog's looks fit each job, and breeds lean to plausible fields while spreading."""

from __future__ import annotations

import collections

import pytest

from petavatar.domain.breeds import baseline_dimensions, lookup_breed
from petavatar.domain.careers import careers, get_career, map_career
from petavatar.domain.models import SENIORITIES, PetAnalysis
from petavatar.domain.personality import build_personality
from petavatar.domain.writing import role_level, writing_tables
from tests.support.builders import make_analysis

FINGERPRINTS = [f"{i:064x}" for i in range(1, 41)]


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
