"""The breed temperament table, hint matching and the facts-to-dimensions mapping."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petavatar.domain.breeds import (
    DOG_GROUPS,
    FACT_KEYS,
    BreedProfile,
    baseline_dimensions,
    breed_mapping,
    default_profile,
    find_breed,
    known_breeds,
    lookup_breed,
)
from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import SPECIES, Species

profiles = st.sampled_from(known_breeds())


def _by_name(name: str) -> BreedProfile:
    found = find_breed(name)
    assert found is not None, name
    return found


def _distance(a: str, b: str) -> float:
    va = baseline_dimensions(_by_name(a))
    vb = baseline_dimensions(_by_name(b))
    return math.dist(list(va.values()), list(vb.values()))


def test_profile_names_are_unique() -> None:
    names = [p.name for p in known_breeds()]
    assert len(names) == len(set(names))


@given(profiles)
def test_profiles_are_well_formed(profile: BreedProfile) -> None:
    assert tuple(profile.facts) == FACT_KEYS
    assert all(1 <= v <= 5 for v in profile.facts.values())
    assert 3 <= len(profile.temperament) <= 6
    assert profile.origin
    if profile.species == "dog":
        assert profile.group in DOG_GROUPS
    else:
        assert profile.group == profile.species
    assert all(alias == alias.lower() for alias in profile.aliases)


@pytest.mark.parametrize("species", SPECIES)
def test_each_species_has_its_default_profile(species: Species) -> None:
    profile = default_profile(species)
    assert profile.species == species
    assert profile.name == breed_mapping().default_breeds[species]


@pytest.mark.parametrize(
    ("hint", "name"),
    [
        ("lab", "Labrador Retriever"),
        ("Labrador", "Labrador Retriever"),
        ("labrador retrievers", "Labrador Retriever"),
        ("GSD", "German Shepherd"),
        ("alsatian", "German Shepherd"),
        ("German Shepherd Dog", "German Shepherd"),
        ("doxie", "Dachshund"),
        ("husky", "Siberian Husky"),
        ("Shih-Tzu", "Shih Tzu"),
        ("shihtzu", "Shih Tzu"),
        ("  golden   retriever ", "Golden Retriever"),
        ("Golden Retrievers", "Golden Retriever"),
        ("lab mix", "Labrador Retriever"),
        ("Great Pyrenees", "Great Pyrenees"),
        ("bulldogs", "Bulldog"),
        ("pit bull", "American Staffordshire Terrier"),
        ("corgi", "Pembroke Welsh Corgi"),
        ("Boston bull", "Boston Terrier"),
        ("basset", "Basset Hound"),
        ("Brabançon griffon", "Brussels Griffon"),
        ("Maine Coon cat", "Maine Coon"),
        ("siamese cat", "Siamese"),
        ("tiger cat", "Mackerel Tabby"),
        ("budgie", "Parakeet"),
        ("beardie", "Bearded Dragon"),
        ("guinea pigs", "American Guinea Pig"),
        ("betta", "Betta"),
    ],
)
def test_hints_match_names_aliases_and_variants(hint: str, name: str) -> None:
    assert _by_name(hint).name == name


@pytest.mark.parametrize("hint", ["", "   ", "unicorn", "dragon king 3000", "!!!"])
def test_unknown_hints_find_nothing(hint: str) -> None:
    assert find_breed(hint) is None


@pytest.mark.parametrize("species", SPECIES)
@pytest.mark.parametrize("breed", [None, "", "unicorn", "Space Hamster Deluxe"])
def test_unknown_breed_falls_back_to_species_default(species: Species, breed: str | None) -> None:
    assert lookup_breed(species, breed) is default_profile(species)


def test_breed_of_another_species_falls_back_to_default() -> None:
    assert lookup_breed("dog", "Siamese").name == "Mixed Breed"
    assert lookup_breed("cat", "Beagle").name == "Domestic Shorthair"


def test_lookup_is_scoped_to_the_species() -> None:
    assert lookup_breed("cat", "abyssinian").name == "Abyssinian"
    assert lookup_breed("guinea_pig", "abyssinian guinea pig").name == "Abyssinian Guinea Pig"


@given(st.text(max_size=40), st.sampled_from(SPECIES))
def test_lookup_never_raises(text: str, species: Species) -> None:
    assert lookup_breed(species, text).species == species


def test_fact_weights_cover_exactly_the_47_dimensions() -> None:
    fact_weights = breed_mapping().fact_weights
    assert tuple(fact_weights) == DIMENSIONS
    assert all(set(w) <= set(FACT_KEYS) and w for w in fact_weights.values())


@given(profiles)
def test_baseline_has_the_47_dimensions_in_range(profile: BreedProfile) -> None:
    dims = baseline_dimensions(profile)
    assert tuple(dims) == DIMENSIONS
    assert all(isinstance(v, float) and 0.0 <= v <= 100.0 for v in dims.values())


def test_no_two_dog_breeds_have_identical_vectors() -> None:
    dogs = [p for p in known_breeds() if p.species == "dog"]
    vectors = {p.name: tuple(baseline_dimensions(p).values()) for p in dogs}
    for a, b in itertools.combinations(vectors, 2):
        assert vectors[a] != vectors[b], (a, b)


def test_no_two_profiles_share_facts_group_and_size() -> None:
    keys = [(p.species, p.group, p.size, tuple(p.facts.values())) for p in known_breeds()]
    assert len(keys) == len(set(keys))


def test_clearly_different_breeds_are_far_apart() -> None:
    assert _distance("Basset Hound", "Border Collie") > 100
    assert _distance("Persian", "Siamese") > 100
    assert _distance("Golden Retriever", "Chow Chow") > 100


def test_differences_point_the_right_way() -> None:
    basset = baseline_dimensions(_by_name("Basset Hound"))
    collie = baseline_dimensions(_by_name("Border Collie"))
    assert collie["energy_level"] > basset["energy_level"] + 30
    assert collie["focus"] > basset["focus"] + 30
    assert collie["micromanages"] > basset["micromanages"] + 30
    assert basset["naps_at_desk"] > collie["naps_at_desk"] + 30

    persian = baseline_dimensions(_by_name("Persian"))
    siamese = baseline_dimensions(_by_name("Siamese"))
    assert siamese["vocal_expressiveness"] > persian["vocal_expressiveness"] + 40
    assert persian["calmness"] > siamese["calmness"]

    golden = baseline_dimensions(_by_name("Golden Retriever"))
    assert golden["would_steal_your_lunch_from_the_fridge"] > 70
    assert golden["friendliness_to_strangers"] > 80

    chihuahua = baseline_dimensions(_by_name("Chihuahua"))
    newfie = baseline_dimensions(_by_name("Newfoundland"))
    assert chihuahua["vocal_expressiveness"] > newfie["vocal_expressiveness"] + 40


def test_cats_are_more_independent_and_dignified_than_dogs_on_average() -> None:
    def mean(species: str, dim: str) -> float:
        values = [baseline_dimensions(p)[dim] for p in known_breeds() if p.species == species]
        return sum(values) / len(values)

    assert mean("cat", "independence") > mean("dog", "independence")
    assert mean("cat", "dignity") > mean("dog", "dignity")
    assert mean("dog", "coachability") > mean("cat", "coachability")


def _profile(
    species: str, group: str, temperament: tuple[str, ...], facts: dict[str, int]
) -> BreedProfile:
    return BreedProfile.model_validate(
        {"name": "X", "species": species, "group": group, "size": "small", "origin": "Nowhere",
         "temperament": temperament, "facts": facts}
    )  # fmt: skip


def test_invalid_profiles_are_rejected() -> None:
    facts = dict.fromkeys(FACT_KEYS, 3)
    with pytest.raises(ValueError):
        _profile("dog", "cat", ("a", "b", "c"), facts)
    with pytest.raises(ValueError):
        _profile("cat", "cat", ("a",), facts)
    with pytest.raises(ValueError):
        _profile("cat", "cat", ("a", "b", "c"), {**facts, "energy": 6})
    with pytest.raises(ValueError):
        _profile("cat", "cat", ("a", "b", "c"), {"energy": 3})
