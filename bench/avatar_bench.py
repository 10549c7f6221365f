"""Benchmark the offline avatar's variety and speed over the fixture photos.

Reads every pet photo in ``../shared/fixtures/pets`` with the offline provider
(analysis and career), renders each one's avatar, and prints: distinct avatars
per pet and near-twin pairs by a 256-bit dHash of the head-and-shoulders
region (thresholds in bits); the same for the faces alone (every pet in one
suit before one backdrop, so career and scene do not count); the number of
distinct look combinations (the five expression/grooming features, and the
full look); how many attire styles and scenes are used and how many the
renderer draws; and the per-avatar render time (p50/p95).

    .venv/bin/python bench/avatar_bench.py [--fixtures DIR] [--step N] [--save DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.avatar_variety import (
    dhash,
    distinct_count,
    near_twin_pairs,
    pet_cases,
)
from tests.support.builders import make_career

from petavatar.domain.models import AttireStyle, BackgroundSetting
from petavatar.observability.logs import configure_logging
from petavatar.providers.local.avatar import render_avatar
from petavatar.providers.local.provider import LocalProvider

FIVE = ("eyesVariant", "mouthVariant", "eyebrowsVariant", "facialHair", "glasses")
FULL_EXTRA = ("hairStyle", "hairColorName", "skinColor", "headShape", "nose", "clothesColor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "pets"
    parser.add_argument("--fixtures", type=Path, default=default)
    parser.add_argument("--step", type=int, default=1, help="use every N-th pet photo")
    parser.add_argument("--save", type=Path, help="write each avatar PNG here")
    args = parser.parse_args()
    configure_logging("WARNING")

    start = time.perf_counter()
    cases = pet_cases(args.fixtures, LocalProvider(), args.step)
    print(f"read {len(cases)} pets in {time.perf_counter() - start:.1f} s")
    render_avatar(cases[0].analysis, cases[0].career, presentation=cases[0].presentation)

    plain = make_career().model_copy(update={"background_setting": "linkedin_blue_gradient"})
    faces = [
        dhash(render_avatar(c.analysis, plain, presentation=c.presentation).png) for c in cases
    ]
    hashes, seconds, fives, fulls = [], [], set(), set()
    for case in cases:
        t0 = time.perf_counter()
        avatar = render_avatar(case.analysis, case.career, presentation=case.presentation)
        seconds.append(time.perf_counter() - t0)
        hashes.append(dhash(avatar.png))
        params = avatar.parameters
        fives.add(tuple(params.get(k, "") for k in FIVE))
        fulls.add(tuple(params.get(k, "") for k in FIVE + FULL_EXTRA))
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{Path(case.file).stem}.png").write_bytes(avatar.png)

    n = len(cases)
    for threshold in (10, 20, 30):
        twins = near_twin_pairs(hashes, threshold)
        print(
            f"dHash ≤{threshold:2d} bits: distinct avatars {distinct_count(hashes, threshold)}"
            f"/{n} pets, near-twin pairs {len(twins)}"
        )
    for threshold in (10, 20, 30):
        print(
            f"faces alone (one suit, one backdrop), dHash ≤{threshold:2d} bits: distinct "
            f"{distinct_count(faces, threshold)}/{n}, near-twin pairs "
            f"{len(near_twin_pairs(faces, threshold))}"
        )
    distances = sorted(
        (hashes[i] ^ hashes[j]).bit_count() for i in range(n) for j in range(i + 1, n)
    )
    print(f"pairwise dHash distance: min {distances[0]}, p1 {distances[len(distances) // 100]}")
    print(f"combos (eyes/mouth/brows/facial hair/glasses): {len(fives)}/{n}")
    print(f"combos (full look, {len(FIVE + FULL_EXTRA)} features): {len(fulls)}/{n}")
    attires = {c.career.attire_style for c in cases}
    scenes = {c.career.background_setting for c in cases}
    print(f"attire used {len(attires)} of {len(get_args(AttireStyle))} styles (all rendered)")
    print(
        f"scenes used {len(scenes)} of {len(get_args(BackgroundSetting))} settings (all rendered)"
    )
    timed = sorted(seconds)
    p95 = timed[min(n - 1, round(0.95 * (n - 1)))]
    print(f"render p50 {statistics.median(timed) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
