"""Species accuracy of the offline provider on real pet photos (../shared/fixtures/pets).

At least 90 % of the labelled photos must get the right species; non-pets must
be refused. Every miss is printed, photo by photo, when the test fails.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from petavatar.domain.models import PetHints
from petavatar.errors import NoPetFoundError
from petavatar.providers.local.classifier import ImageClassifier
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import load_image
from tests.conftest import SHARED_PETS

MANIFEST = SHARED_PETS / "manifest.csv"

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="shared fixtures not present")


def manifest_rows() -> list[dict[str, str]]:
    with MANIFEST.open(newline="") as handle:
        return list(csv.DictReader(handle))


def predict(provider: LocalProvider, photo: Path) -> str:
    try:
        return provider.analyze(load_image(photo.read_bytes()), PetHints()).value.species
    except NoPetFoundError:
        return "none"


def test_species_accuracy_at_least_90_percent(classifier: ImageClassifier) -> None:
    provider = LocalProvider(classifier=classifier)
    rows = manifest_rows()
    results = [
        (row["file"], row["species"], predict(provider, SHARED_PETS / row["file"])) for row in rows
    ]
    correct = sum(expected == got for _, expected, got in results)
    report = "\n".join(
        f"  {'ok  ' if expected == got else 'MISS'} {name}: expected {expected}, got {got}"
        for name, expected, got in results
    )
    accuracy = correct / len(results)
    assert accuracy >= 0.9, f"species accuracy {correct}/{len(results)} = {accuracy:.0%}\n{report}"


def test_non_pets_are_refused_naming_what_was_seen(classifier: ImageClassifier) -> None:
    provider = LocalProvider(classifier=classifier)
    for row in manifest_rows():
        if row["species"] != "none":
            continue
        with pytest.raises(NoPetFoundError) as info:
            provider.analyze(load_image((SHARED_PETS / row["file"]).read_bytes()), PetHints())
        assert info.value.message.startswith("no pet found: looks like")


def test_species_hint_overrides_refusal(classifier: ImageClassifier) -> None:
    provider = LocalProvider(classifier=classifier)
    car = next(r for r in manifest_rows() if r["species"] == "none")
    analysis = provider.analyze(
        load_image((SHARED_PETS / car["file"]).read_bytes()), PetHints(species="cat")
    ).value
    assert analysis.species == "cat"
    assert "species" in analysis.hints_applied


def test_breed_for_known_breeds(classifier: ImageClassifier) -> None:
    provider = LocalProvider(classifier=classifier)
    expected = {"pet_02.jpg": "Golden Retriever", "pet_04.jpg": "Pug", "pet_11.jpg": "Siamese"}
    for name, breed in expected.items():
        analysis = provider.analyze(load_image((SHARED_PETS / name).read_bytes()), PetHints()).value
        assert analysis.breed == breed, name
