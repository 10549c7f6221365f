"""ImageNet-1k labels, the class-to-species mapping and species aggregation."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petavatar.domain.breeds import breed_mapping, lookup_breed
from petavatar.domain.data import read_csv
from petavatar.domain.models import SPECIES
from petavatar.providers.local.taxonomy import (
    NUM_CLASSES,
    aggregate_species,
    breed_for_class,
    classes_for_species,
    describe_class,
    imagenet_labels,
    parse_classes,
    species_for_class,
)

class_indices = st.integers(min_value=0, max_value=NUM_CLASSES - 1)


def test_there_are_exactly_1000_nonempty_labels() -> None:
    labels = imagenet_labels()
    assert len(labels) == 1000
    assert all(label and label == label.strip() and "_" not in label for label in labels)


@pytest.mark.parametrize(
    ("index", "label"),
    [
        (0, "tench"),
        (1, "goldfish"),
        (151, "Chihuahua"),
        (207, "golden retriever"),
        (208, "Labrador retriever"),
        (268, "Mexican hairless"),
        (269, "timber wolf"),
        (281, "tabby"),
        (285, "Egyptian cat"),
        (330, "wood rabbit"),
        (333, "hamster"),
        (338, "guinea pig"),
        (339, "sorrel"),
        (511, "convertible"),
        (817, "sports car"),
        (963, "pizza"),
        (999, "toilet tissue"),
    ],
)
def test_labels_follow_the_standard_index_order(index: int, label: str) -> None:
    assert imagenet_labels()[index] == label
    assert describe_class(index) == label


def test_every_dog_class_is_a_dog_and_wild_canids_are_not() -> None:
    assert all(species_for_class(i) == "dog" for i in range(151, 269))
    assert all(species_for_class(i) is None for i in range(269, 281))


def test_house_cats_but_not_big_cats() -> None:
    assert [species_for_class(i) for i in range(281, 286)] == ["cat"] * 5
    assert all(species_for_class(i) is None for i in range(286, 294))


@pytest.mark.parametrize(
    ("index", "species"),
    [
        (330, "rabbit"),
        (331, "rabbit"),
        (332, "rabbit"),
        (333, "hamster"),
        (338, "guinea_pig"),
        (339, "horse"),
        (87, "bird"),
        (88, "bird"),
        (89, "bird"),
        (90, "bird"),
        (8, "bird"),
        (1, "fish"),
        (393, "fish"),
        (397, "fish"),
        (39, "reptile"),
        (42, "reptile"),
        (37, "reptile"),
        (61, "reptile"),
        (29, "reptile"),
    ],
)
def test_pet_classes_map_to_their_species(index: int, species: str) -> None:
    assert species_for_class(index) == species


@pytest.mark.parametrize(
    "index",
    [2, 3, 6, 33, 48, 50, 63, 67, 286, 291, 334, 340, 603, 817, 963],
)
def test_wild_dangerous_and_non_animal_classes_have_no_species(index: int) -> None:
    assert species_for_class(index) is None
    assert breed_for_class(index) is None


@pytest.mark.parametrize(
    ("index", "breed"),
    [
        (151, "Chihuahua"),
        (162, "Beagle"),
        (207, "Golden Retriever"),
        (208, "Labrador Retriever"),
        (235, "German Shepherd"),
        (236, "Doberman"),
        (250, "Siberian Husky"),
        (254, "Pug"),
        (265, "Toy Poodle"),
        (266, "Miniature Poodle"),
        (267, "Standard Poodle"),
        (281, "Tabby"),
        (283, "Persian"),
        (284, "Siamese"),
        (285, "Egyptian Mau"),
        (332, "Angora"),
        (39, "Common Iguana"),
        (1, "Goldfish"),
        (90, "Lorikeet"),
    ],
)
def test_breed_display_names(index: int, breed: str) -> None:
    assert breed_for_class(index) == breed


@given(class_indices)
def test_a_class_has_a_breed_exactly_when_it_has_a_species(index: int) -> None:
    breed = breed_for_class(index)
    assert (breed is None) == (species_for_class(index) is None)
    if breed is not None:
        assert breed == breed.strip() and breed[0].isupper()


def test_dog_breed_names_are_distinct() -> None:
    names = [breed_for_class(i) for i in range(151, 269)]
    assert len(set(names)) == 118


def test_species_classes_are_disjoint_and_cover_every_species() -> None:
    assert {species_for_class(i) for i in range(NUM_CLASSES)} - {None} == set(SPECIES)
    seen: set[int] = set()
    for species in SPECIES:
        indices = set(classes_for_species(species))
        assert indices, species
        assert not indices & seen
        seen |= indices
    assert set(breed_mapping().default_breeds) == set(SPECIES)


@pytest.mark.parametrize("index", [-1, 1000, 10_000])
def test_out_of_range_indices_are_rejected(index: int) -> None:
    with pytest.raises(ValueError):
        species_for_class(index)
    with pytest.raises(ValueError):
        describe_class(index)


def test_aggregate_species_sums_class_probabilities() -> None:
    probs = np.zeros(NUM_CLASSES)
    probs[207] = 0.5
    probs[208] = 0.2
    probs[281] = 0.1
    probs[817] = 0.2
    result = aggregate_species(probs.tolist())
    assert list(result) == list(SPECIES)
    assert result["dog"] == pytest.approx(0.7)
    assert result["cat"] == pytest.approx(0.1)
    assert sum(result.values()) == pytest.approx(0.8)


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=NUM_CLASSES, max_size=NUM_CLASSES))
def test_aggregate_species_never_exceeds_the_total(values: list[float]) -> None:
    result = aggregate_species(values)
    assert all(v >= 0 for v in result.values())
    assert sum(result.values()) <= sum(values) + 1e-9


def test_aggregate_species_rejects_wrong_length() -> None:
    with pytest.raises(ValueError):
        aggregate_species([0.1] * 999)


# Every pet class names a breed profile of the domain (the provider maps classes to breeds).


def test_every_pet_class_resolves_to_its_own_profile_without_fallback() -> None:
    for index in range(NUM_CLASSES):
        species = species_for_class(index)
        breed = breed_for_class(index)
        if species is None or breed is None:
            continue
        profile = lookup_breed(species, breed)
        assert profile.name == breed, (index, breed)
        assert profile.species == species


def test_every_imagenet_dog_class_has_a_distinct_profile() -> None:
    names = {lookup_breed("dog", breed_for_class(i)).name for i in range(151, 269)}
    assert len(names) == 118
    assert "Mixed Breed" not in names


def test_every_pet_class_label_finds_the_profile_of_its_breed() -> None:
    for index in range(NUM_CLASSES):
        species = species_for_class(index)
        if species is not None:
            assert lookup_breed(species, describe_class(index)).name == breed_for_class(index)


# ---- the data file: data/imagenet_classes.csv ----------------------------------------------

PROVIDER_DATA = "petavatar.providers.local.data"


def test_the_class_and_family_tables_are_the_only_data_files() -> None:
    names = {entry.name for entry in resources.files(PROVIDER_DATA).iterdir()}
    assert {name for name in names if name.endswith((".csv", ".toml", ".json"))} == {
        "imagenet_classes.csv",
        "breed_families.csv",
    }


def _class_rows() -> list[dict[str, str]]:
    return [dict(row) for row in read_csv("imagenet_classes.csv", PROVIDER_DATA)]


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (207, {"breed": "Golden Retreiver"}, "without a profile"),
        (207, {"species": "cat"}, "without a profile"),
        (817, {"species": "dog"}, "both species and breed"),
        (207, {"breed": ""}, "both species and breed"),
        (5, {"index": "6"}, "in order"),
        (5, {"label": "electric_ray"}, "label"),
        (207, {"prior": ""}, "prior"),
        (817, {"prior": "1"}, "prior"),
        (207, {"prior": "1.5"}, "prior"),
        (207, {"evidence": "dog"}, "evidence for its own species"),
    ],
)
def test_an_inconsistent_imagenet_class_is_rejected(
    index: int, change: dict[str, str], message: str
) -> None:
    rows = _class_rows()
    rows[index].update(change)
    with pytest.raises(ValueError, match=message):
        parse_classes(rows)


def test_every_imagenet_class_is_listed() -> None:
    with pytest.raises(ValueError, match="in order"):
        parse_classes(_class_rows()[:-1])
