"""Benchmark the report cards alone: layout and finishing of each size.

Prints p50/p95 in ms over ``--runs`` for laying out (``prepare``) and finishing
(avatar pasted, badge, PNG encode) the 1600×900 card and its 1200×630 Open
Graph variant, and for both together as the pipeline runs them (the Open Graph
card finished on a second thread).

    .venv/bin/python bench/report_card_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis, PetHints
from petavatar.providers.local.classifier import shared_classifier
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import load_image
from petavatar.rendering.png import decode_png_rgb
from petavatar.rendering.report_card import (
    CARD,
    OG_CARD,
    CardLayout,
    finish_report_card,
    finish_report_cards,
    prepare_report_card,
    prepare_report_cards,
)


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()
    out: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def show(label: str, values: list[float]) -> None:
    p95 = float(np.percentile(np.asarray(values), 95))
    print(f"{label:<34} p50 {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms")


@dataclass(frozen=True)
class Persona:
    photo: Image.Image
    analysis: PetAnalysis
    identity: IdentityPackage
    career: CareerProfile

    def prepare(self, layout: CardLayout) -> Image.Image:
        return prepare_report_card(self.photo, self.analysis, self.identity, self.career, layout)


def bench_one(
    name: str, layout: CardLayout, persona: Persona, avatar: Image.Image, runs: int
) -> None:
    show(f"{name}: prepare", timed(lambda: persona.prepare(layout), runs))
    canvases = [persona.prepare(layout) for _ in range(runs + 1)]
    show(f"{name}: finish", timed(lambda: finish_report_card(canvases.pop(), avatar, layout), runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from skimage import data

    from petavatar.config import Settings

    photo = load_image(_jpeg(Image.fromarray(data.chelsea())))
    provider = LocalProvider(classifier=shared_classifier(Settings().cache_dir))
    analysis = provider.analyze(photo, PetHints()).value
    career = provider.map_career(analysis).value
    identity = provider.write_identity(analysis, career).value
    avatar_png = provider.render_avatar(analysis, career).value.png
    avatar = decode_png_rgb(avatar_png)
    persona = Persona(photo.image, analysis, identity, career)
    for name, layout in (("card 1600×900", CARD), ("og 1200×630", OG_CARD)):
        bench_one(name, layout, persona, avatar, args.runs)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        show(
            "both: prepare",
            timed(lambda: prepare_report_cards(photo.image, analysis, identity, career), args.runs),
        )
        pairs = [
            prepare_report_cards(photo.image, analysis, identity, career)
            for _ in range(args.runs + 1)
        ]
        show(
            "both: finish (og beside)",
            timed(lambda: finish_report_cards(pairs.pop(), avatar_png, pool.submit), args.runs),
        )


def _jpeg(image: Image.Image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
