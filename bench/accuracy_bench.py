"""Reading the photo on the shared fixtures: species, breeds, refusals and time per variant.

For each classifier variant (EfficientNet-Lite0/1/2, each alone and with
test-time views) the offline provider's analysis runs over every labelled
photo of ``../shared/fixtures/pets/manifest.csv`` and the bench prints:

* species accuracy, overall and per species, and the confusions;
* pets refused (a pet photo answered "no pet found") and non-pets refused;
* dog breed top-1 and cat breed, strict and lenient
  (:mod:`petavatar.providers.local.breed_matching`), with the misses;
* the per-photo time p50 (decode + analyze + a 1024² PNG encode) beside the
  floor measured in the same run (decode + classify + the same PNG encode).
  Target: p50 ≤ 2× floor.

    .venv/bin/python bench/accuracy_bench.py            # the configured variant
    .venv/bin/python bench/accuracy_bench.py --all      # every model × views
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from petavatar.config import Settings
from petavatar.domain.models import PetHints
from petavatar.errors import NoPetFoundError
from petavatar.observability.logs import configure_logging
from petavatar.providers.local import taxonomy
from petavatar.providers.local.breed_matching import lenient_match, strict_match
from petavatar.providers.local.classifier import shared_classifier
from petavatar.providers.local.provider import LocalProvider, LocalProviderConfig
from petavatar.rendering.decode import load_image
from petavatar.rendering.png import encode_png

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "pets"
MODELS = ("efficientnet-lite0", "efficientnet-lite1", "efficientnet-lite2")
VIEW_SETS = (("centre",), ("centre", "flip"), ("centre", "flip", "wide"))


@dataclass
class Tally:
    """Counts for one variant."""

    species_ok: Counter[str] = field(default_factory=Counter)
    species_n: Counter[str] = field(default_factory=Counter)
    confusions: list[str] = field(default_factory=list)
    breed: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    breed_misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    nameable: int = 0

    def add_breed(self, species: str, file: str, truth: str, got: str) -> None:
        if species == "dog":
            self.nameable += any(strict_match(name, truth) for name in imagenet_dog_breeds())
        counts = self.breed[species]
        counts[0] += 1
        counts[1] += strict_match(got, truth)
        lenient = lenient_match(got, truth)
        counts[2] += lenient
        if not lenient:
            self.breed_misses[species].append(f"{file} {truth} -> {got}")


def imagenet_dog_breeds() -> set[str]:
    """The breeds the dog classes can name (a photo of another breed cannot be strict-right)."""
    return {taxonomy.breed_for_class(i) or "" for i in taxonomy.classes_for_species("dog")}


def rows() -> list[dict[str, str]]:
    with (FIXTURES / "manifest.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def run_variant(
    cache: Path, model: str, views: tuple[str, ...], photos: list[dict[str, str]]
) -> Tally:
    classifier = shared_classifier(cache, model)
    provider = LocalProvider(
        LocalProviderConfig(cache_dir=cache, model=model, views=views), classifier
    )
    output = Image.new("RGB", (1024, 1024), (90, 120, 160))
    tally = Tally()
    for index, row in enumerate(photos):
        data = (FIXTURES / row["file"]).read_bytes()
        start = time.perf_counter()
        photo = load_image(data)
        try:
            analysis = provider.analyze(photo, PetHints()).value
            species, breed = analysis.species, analysis.breed
        except NoPetFoundError:
            species, breed = "none", ""
        encode_png(output)
        tally.times.append(time.perf_counter() - start)
        if index % 3 == 0:
            start = time.perf_counter()
            classifier.classify(load_image(data).image, views)
            encode_png(output)
            tally.floors.append(time.perf_counter() - start)
        truth = row["species"]
        tally.species_n[truth] += 1
        tally.species_ok[truth] += species == truth
        if species != truth:
            tally.confusions.append(f"{row['file']} {truth}->{species} ({breed})")
        elif truth in ("dog", "cat") and row["breed"]:
            tally.add_breed(truth, row["file"], row["breed"], breed)
    return tally


def report(model: str, views: tuple[str, ...], tally: Tally, *, details: bool) -> str:
    pets = sum(n for s, n in tally.species_n.items() if s != "none")
    pets_ok = sum(n for s, n in tally.species_ok.items() if s != "none")
    refused = sum(
        1 for c in tally.confusions if "->none" in c and not c.split()[1].startswith("none")
    )
    total = sum(tally.species_n.values())
    correct = sum(tally.species_ok.values())
    p50 = statistics.median(tally.times)
    floor = statistics.median(tally.floors)
    dog, cat = tally.breed["dog"], tally.breed["cat"]
    lines = [
        f"== {model} views={'+'.join(views)}",
        f"species {correct}/{total} = {correct / total:.1%} (pets {pets_ok}/{pets});"
        f" pets refused {refused}; non-pets refused"
        f" {tally.species_ok['none']}/{tally.species_n['none']}",
        "  per species: "
        + ", ".join(f"{s} {tally.species_ok[s]}/{n}" for s, n in sorted(tally.species_n.items())),
        f"dog breed top-1 strict {dog[1]}/{dog[0]} = {dog[1] / max(1, dog[0]):.1%},"
        f" lenient {dog[2]}/{dog[0]} = {dog[2] / max(1, dog[0]):.1%}"
        f" ({tally.nameable} of {dog[0]} are breeds an ImageNet class names)",
        f"cat breed strict {cat[1]}/{cat[0]} = {cat[1] / max(1, cat[0]):.1%},"
        f" lenient {cat[2]}/{cat[0]} = {cat[2] / max(1, cat[0]):.1%}",
        f"per-photo p50 {p50 * 1000:.0f} ms, floor p50 {floor * 1000:.0f} ms,"
        f" ratio {p50 / floor:.2f} (target ≤ 2.00)",
    ]
    if details:
        lines.append("species confusions: " + ("; ".join(tally.confusions) or "none"))
        for species, misses in sorted(tally.breed_misses.items()):
            lines.append(f"{species} breed misses (lenient): " + "; ".join(misses))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", action="store_true", help="every model × test-time views")
    args = parser.parse_args()
    configure_logging("WARNING")
    photos = rows()
    settings = Settings()
    variants = (
        [(m, v) for m in MODELS for v in VIEW_SETS]
        if args.all
        else [(settings.classifier_model, settings.classifier_views)]
    )
    with tempfile.TemporaryDirectory() as cache:
        for model, views in variants:
            tally = run_variant(Path(cache), model, tuple(views), photos)
            print(report(model, tuple(views), tally, details=not args.all), flush=True)


if __name__ == "__main__":
    main()
