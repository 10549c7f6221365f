"""Species and breed decisions on constructed probabilities, coat cues and the matching rule."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageDraw

from petavatar.providers.local.breed_matching import lenient_match, strict_match, unhedged
from petavatar.providers.local.breed_reading import (
    cat_breed_from_cues,
    decide_species,
    read_breed,
)
from petavatar.providers.local.photo_reading import CoatCues, read_coat


def probs(mass: dict[int, float]) -> npt.NDArray[np.float64]:
    """1000 probabilities: the given classes, the rest spread evenly over everything else."""
    p = np.zeros(1000)
    for index, value in mass.items():
        p[index] = value
    rest = 1.0 - p.sum()
    others = [i for i in range(1000) if i not in mass]
    p[others] = rest / len(others)
    return p


def coat(**overrides: float) -> CoatCues:
    values = dict(
        dark_share=0.2,
        light_share=0.3,
        chroma=0.3,
        warmth=0.3,
        pattern=0.35,
        coherence=0.5,
        fine_detail=0.3,
        softness=0.3,
    )
    values.update(overrides)
    return CoatCues(**values)


def test_an_object_is_no_pet() -> None:
    assert decide_species(probs({511: 0.8, 817: 0.1})).species is None


def test_one_horse_class_beats_diffuse_dog_mass() -> None:
    dogs = {i: 0.004 for i in range(151, 251)}  # 0.40 spread over 100 breeds
    assert decide_species(probs({**dogs, 339: 0.08})).species == "horse"


def test_a_horse_cart_is_evidence_for_a_horse() -> None:
    assert decide_species(probs({603: 0.35, 339: 0.05, 730: 0.2})).species == "horse"


def test_weak_pet_classes_within_a_likely_animal_are_accepted() -> None:
    # a fish in a planted tank: many small animal classes, no object stands out
    spread = {94: 0.05, 90: 0.05, 1: 0.06, 392: 0.05, 393: 0.05, 110: 0.08, 111: 0.08}
    assert decide_species(probs(spread)).species is not None


def test_a_rare_look_alike_class_yields_to_the_common_breed() -> None:
    reading = read_breed("dog", probs({248: 0.47, 250: 0.23}))
    assert unhedged(reading.label) == "Siberian Husky"


def test_a_weak_breed_is_hedged() -> None:
    reading = read_breed("bird", probs({87: 0.04, 88: 0.03}))
    assert reading.label.endswith("-type bird")
    assert read_breed("dog", probs({207: 0.2, 208: 0.18, 209: 0.1})).label.endswith(" mix")


def test_a_confident_breed_is_named() -> None:
    assert read_breed("dog", probs({207: 0.9})).label == "Golden Retriever"


def test_amphibian_classes_never_name_a_reptile() -> None:
    reading = read_breed("reptile", probs({30: 0.5, 31: 0.2, 38: 0.1}))
    assert "Frog" not in reading.label
    assert unhedged(reading.label) == "Gecko"


@pytest.mark.parametrize(
    ("share", "cues", "hairless", "expected"),
    [
        ({"siamese": 0.8}, {}, 0.0, "Siamese"),
        ({"persian": 0.7}, {"light_share": 0.8}, 0.0, "Ragdoll"),
        ({"persian": 0.7}, {"light_share": 0.3}, 0.0, "Persian"),
        ({"egyptian": 0.2}, {}, 0.7, "Sphynx"),
        ({"egyptian": 0.8}, {"chroma": 0.08, "pattern": 0.6}, 0.0, "Egyptian Mau"),
        ({"egyptian": 0.8}, {"warmth": 0.8, "pattern": 0.6, "coherence": 0.45}, 0.0, "Bengal"),
        ({"egyptian": 0.8}, {"warmth": 0.8, "pattern": 0.4}, 0.0, "Abyssinian"),
        ({"egyptian": 0.5}, {"dark_share": 0.85, "chroma": 0.08}, 0.0, "Bombay"),
        ({"egyptian": 0.5}, {"chroma": 0.1, "warmth": 0.0, "pattern": 0.3}, 0.0, "Russian Blue"),
        ({"tabby": 0.8}, {"pattern": 0.6}, 0.0, "Domestic Shorthair"),
    ],
)
def test_cat_decision_table(
    share: dict[str, float], cues: dict[str, float], hairless: float, expected: str
) -> None:
    full = {"tabby": 0.0, "tiger": 0.0, "persian": 0.0, "siamese": 0.0, "egyptian": 0.0}
    full.update(share)
    rest = (1.0 - sum(full.values())) / 5
    full = {k: v + rest for k, v in full.items()}
    assert cat_breed_from_cues(full, coat(**cues), hairless=hairless)[0] == expected


def _photo(spotted: bool) -> Image.Image:
    image = Image.new("RGB", (256, 256), (120, 124, 132))
    if spotted:
        draw = ImageDraw.Draw(image)
        for x in range(8, 256, 24):
            for y in range(8, 256, 24):
                draw.ellipse((x, y, x + 9, y + 9), fill=(30, 28, 26))
    return image


def test_coat_cues_see_spots_and_a_solid_grey() -> None:
    cam = np.ones((7, 7))
    box = (0.0, 0.0, 256.0, 256.0)
    spotted = read_coat(_photo(True), cam, box)
    solid = read_coat(_photo(False), cam, box)
    assert spotted.pattern > solid.pattern + 0.3
    assert solid.chroma < 0.2
    assert solid.pattern < 0.1


@pytest.mark.parametrize(
    ("reported", "truth", "strict", "lenient"),
    [
        ("Cocker Spaniel", "english cocker spaniel", True, True),
        ("German Shorthaired Pointer", "german shorthaired", True, True),
        ("Kuvasz mix", "great pyrenees", False, True),
        ("Parakeet-type bird", "budgerigar", True, True),
        ("British Shorthair", "russian blue", False, True),
        ("Bengal", "abyssinian", False, False),
        ("Pug", "beagle", False, False),
    ],
)
def test_matching_rule(reported: str, truth: str, strict: bool, lenient: bool) -> None:
    assert strict_match(reported, truth) is strict
    assert lenient_match(reported, truth) is lenient
