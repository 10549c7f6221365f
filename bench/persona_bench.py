"""Variety and writing quality of the offline persona over the labelled fixtures.

Runs the real offline provider (analyze → map → write) on every photo of
``../shared/fixtures/pets`` (or ``--photos DIR`` with any JPEG/PNG files) and prints:

* distinct careers / pets (target ≥ 60 %), the most used careers, seniorities;
* distinct vibes (target ≥ 25) and the most common ones;
* bio sentences: how many distinct, and the most common with their share of bios
  (names replaced by ``<name>``; target: none in more than 10 % of bios);
* "uncanny parallels": the most any line is used (names replaced; target ≤ 2);
* grammar violations (:func:`petavatar.domain.prose.grammar_violations`) and bios
  mixing first and third person;
* per-photo time p50 of the three steps beside a floor measured in the same run
  (decode + classify of the same photo, with the provider's test-time views); target
  p50 ≤ 2× floor.

    .venv/bin/python bench/persona_bench.py [--photos DIR] [--show 8]
"""

from __future__ import annotations

import argparse
import collections
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from petavatar.config import default_cache_dir
from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis, PetHints
from petavatar.domain.prose import (
    grammar_violations,
    grammatical_persons,
    normalise_sentence,
    sentences,
)
from petavatar.errors import NoPetFoundError
from petavatar.observability.logs import configure_logging
from petavatar.providers.local.classifier import shared_classifier
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import load_image
from petavatar.rendering.report_card import three_parallels

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "pets"


@dataclass(frozen=True)
class Persona:
    """One photo's persona parts, as the bench needs them."""

    photo: str
    analysis: PetAnalysis
    career: CareerProfile
    identity: IdentityPackage
    parallels: tuple[str, ...]


def personas(paths: list[Path]) -> tuple[list[Persona], list[float], list[float]]:
    """Every persona of ``paths`` (refused photos skipped), step times and floors."""
    classifier = shared_classifier(default_cache_dir())
    provider = LocalProvider(classifier=classifier)
    out: list[Persona] = []
    times: list[float] = []
    floors: list[float] = []
    for path in paths:
        data = path.read_bytes()
        start = time.perf_counter()
        classifier.classify(load_image(data).image, provider.config.views)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        try:
            analysis = provider.analyze(load_image(data), PetHints()).value
        except NoPetFoundError:
            continue
        career = provider.map_career(analysis).value
        identity = provider.write_identity(analysis, career).value
        times.append(time.perf_counter() - start)
        lines = tuple(three_parallels(identity, analysis))
        out.append(Persona(path.name, analysis, career, identity, lines))
    return out, times, floors


def _share(counter: collections.Counter[str], total: int, show: int) -> str:
    return "\n".join(
        f"    {count:4d} ({count / max(1, total):5.1%})  {key}"
        for key, count in counter.most_common(show)
    )


def sentence_counts(found: list[Persona]) -> collections.Counter[str]:
    """In how many bios each normalised sentence appears (once per bio)."""
    counts: collections.Counter[str] = collections.Counter()
    for persona in found:
        name = persona.identity.human_name
        names = (name, name.split()[0], persona.analysis.pet_name or "")
        counts.update({normalise_sentence(s, names) for s in sentences(persona.identity.bio)})
    return counts


def parallel_counts(found: list[Persona]) -> collections.Counter[str]:
    """How often each parallel line is used, the persona's first name replaced."""
    counts: collections.Counter[str] = collections.Counter()
    for persona in found:
        first = persona.identity.human_name.split()[0]
        counts.update(normalise_sentence(line, (first,)) for line in persona.parallels)
    return counts


def writing_problems(found: list[Persona]) -> tuple[list[str], list[str]]:
    """Grammar violations over bios and trajectories, and bios that mix persons."""
    violations: list[str] = []
    mixed: list[str] = []
    for persona in found:
        identity = persona.identity
        trajectory = identity.career_trajectory
        for text in (identity.bio, trajectory.past, trajectory.present, trajectory.future):
            violations += [f"{persona.photo}: {v}" for v in grammar_violations(text)]
        if len(grammatical_persons(identity.bio, identity.human_name)) > 1:
            mixed.append(persona.photo)
    return violations, mixed


def report(found: list[Persona], times: list[float], floors: list[float], show: int) -> None:
    """Print every figure of the module docstring."""
    total = len(found)
    careers = collections.Counter(p.career.job_title for p in found)
    vibes = collections.Counter(p.analysis.vibe for p in found)
    seniority = collections.Counter(p.career.seniority for p in found)
    sentence_share = sentence_counts(found)
    parallel_use = parallel_counts(found)
    violations, mixed = writing_problems(found)
    top_sentence = sentence_share.most_common(1)[0][1] if sentence_share else 0
    print(f"personas: {total}")
    print(f"distinct careers: {len(careers)} / {total} pets = {len(careers) / max(1, total):.0%}")
    print(_share(careers, total, show))
    print("seniority: " + ", ".join(f"{k} {v}" for k, v in sorted(seniority.items())))
    print(f"distinct vibes: {len(vibes)}")
    print(_share(vibes, total, show))
    print(
        f"bio sentences: {len(sentence_share)} distinct; most common in "
        f"{top_sentence} bios ({top_sentence / max(1, total):.1%})"
    )
    print(_share(sentence_share, total, show))
    print(
        f"parallel lines: {sum(parallel_use.values())} used, {len(parallel_use)} distinct, "
        f"max use {max(parallel_use.values(), default=0)}"
    )
    print(_share(parallel_use, total, 3))
    print(f"grammar violations: {len(violations)}; bios mixing persons: {len(mixed)}")
    for line in violations[:show]:
        print(f"    {line}")
    floor, p50 = statistics.median(floors), statistics.median(times)
    print(
        f"per photo: p50 {p50 * 1000:.1f} ms (analyze+map+write) beside floor "
        f"{floor * 1000:.1f} ms (decode+classify): {p50 / floor:.2f}x"
    )
    targets = {
        "distinct careers ≥ 60 %": len(careers) >= 0.6 * total,
        "vibes ≥ 25": len(vibes) >= 25,
        "no sentence in > 10 % of bios": top_sentence <= 0.10 * total,
        "no parallel line used > 2×": max(parallel_use.values(), default=0) <= 2,
        "no grammar violations": not violations and not mixed,
        "p50 ≤ 2× floor": p50 <= 2 * floor,
    }
    for name, ok in targets.items():
        print(f"  {'met' if ok else 'NOT met'}: {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=Path, default=FIXTURES)
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args()
    configure_logging("WARNING")
    paths = sorted(
        p for p in args.photos.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"}
    )
    found, times, floors = personas(paths)
    report(found, times, floors, args.show)


if __name__ == "__main__":
    main()
