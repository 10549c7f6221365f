"""Benchmark the whole offline pipeline on a 12-megapixel JPEG.

Prints per-photo p50/p95 wall time for ``Pipeline.run`` beside the floor
measured in the same run (decode + classify + PNG encode of a 1024×1024
image), and the process's peak RSS. Targets: p50 ≤ 2× floor, p95 ≤ 1 s,
peak RSS ≤ 500 MB.

    .venv/bin/python bench/pipeline_bench.py [--runs 20] [--photo PATH]
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops

from petavatar.bootstrap import build_pipeline
from petavatar.config import Settings
from petavatar.domain.models import PetHints
from petavatar.observability.logs import configure_logging
from petavatar.providers.local.classifier import shared_classifier
from petavatar.rendering.decode import load_image
from petavatar.rendering.png import encode_png


def twelve_megapixel_jpeg() -> bytes:
    """The CC0 scikit-image cat, upscaled to 4000×3000 with sensor-like noise."""
    from skimage import data

    base = Image.fromarray(data.chelsea()).resize((4000, 3000), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((4000, 3000), 6).convert("RGB")
    noisy = ImageChops.add(base, noise, offset=-128)
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--photo", type=Path)
    args = parser.parse_args()
    configure_logging("WARNING")

    data = args.photo.read_bytes() if args.photo else twelve_megapixel_jpeg()
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache))
        classifier = shared_classifier(settings.cache_dir, settings.classifier_model)
        pipeline = build_pipeline(settings)
        hints = PetHints()
        output_sized = load_image(data).image.resize((1024, 1024), Image.Resampling.BILINEAR)

        def floor_once() -> float:
            """Decode the photo, classify it, encode a 1024² PNG (the product's encoder)."""
            start = time.perf_counter()
            photo = load_image(data)
            classifier.classify(photo.image, settings.classifier_views)
            encode_png(output_sized)
            return time.perf_counter() - start

        def pipeline_once() -> float:
            start = time.perf_counter()
            pipeline.run(data, hints=hints)
            return time.perf_counter() - start

        floor_once()
        pipeline_once()
        floors: list[float] = []
        runs: list[float] = []
        for _ in range(args.runs):
            floors.append(floor_once())
            runs.append(pipeline_once())
        steps = pipeline.run(data, hints=hints).step_seconds

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor_p50 = statistics.median(floors)
    p50 = statistics.median(runs)
    p95 = percentile(runs, 95)
    print(f"photo: {len(data) / 1e6:.1f} MB JPEG, {args.runs} runs")
    print(
        f"floor (decode+classify+PNG encode): p50 {floor_p50 * 1000:.1f} ms, "
        f"p95 {percentile(floors, 95) * 1000:.1f} ms"
    )
    print(
        f"pipeline: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"ratio p50/floor {p50 / floor_p50:.2f}x"
    )
    print("steps (last run): " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in steps.items()))
    print(f"peak RSS: {peak_mb:.0f} MB")
    ok = p50 <= 2 * floor_p50 and p95 <= 1.0 and peak_mb <= 500
    print(f"targets (p50 ≤ 2× floor, p95 ≤ 1 s, RSS ≤ 500 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
