"""Peak memory of a worker over a hostile image corpus and over normal photos.

Each file is handled in a fresh subprocess, the way a job meets it:

* ``land``: what ``POST /uploads`` (or the S3 event) does in the API process when the
  photo lands: sniff, then :func:`strip_metadata` (HEIC is decoded and re-encoded);
* ``worker``: what a worker does with it: the REAL offline pipeline
  (:func:`build_pipeline`, decode → classify → render → write → report card), in a
  process that has already run one normal job (model loaded, as in a live worker).

The child prints its own peak RSS (``VmHWM``, imports and the ONNX session
included, as in a real worker) and the outcome (``completed`` or the error code).
Target: peak RSS ≤ 400 MiB on every case. The machine is shared, so times are noisy;
memory is not.

    .venv/bin/python bench/hostile_bench.py [--pets ../shared/fixtures/pets] [--photos 3]
        [--heic PATH]   # a phone HEIC; by default a 1024×768 one is encoded (x265 is slow)
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TARGET_MIB = 400.0


def _corpus_builders() -> dict[str, Callable[[], bytes]]:
    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.support.hostile_images import jpeg_claiming, png_bomb

    return {
        "png 60,000,000×1 RGB": lambda: png_bomb(60_000_000, 1),
        "png 60,000,000×1 1-bit": lambda: png_bomb(60_000_000, 1, "L", 1),
        "png 8000×8000 RGB": lambda: png_bomb(8000, 8000),
        "png 8000×8000 RGBA": lambda: png_bomb(8000, 8000, "RGBA"),
        "png 8000×8000 grey": lambda: png_bomb(8000, 8000, "L"),
        "png 8000×8000 16-bit": lambda: png_bomb(8000, 8000, "L", 16),
        "png 8000×8000 palette": lambda: png_bomb(8000, 8000, "P"),
        "png 30000×30000": lambda: png_bomb(30000, 30000),
        "jpeg claims 65500×65500": lambda: jpeg_claiming(65500, 65500),
        "jpeg 9000×7000": lambda: big_jpeg(9000, 7000),
    }


def big_jpeg(width: int, height: int) -> bytes:
    """A real ``width``×``height`` JPEG with noise (built without a float copy of it)."""
    from PIL import Image

    noise = Image.effect_noise((width, height), 40)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def small_heic(width: int = 1024, height: int = 768) -> bytes:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    noise = Image.effect_noise((width, height), 30)
    image = Image.merge("RGB", (noise, noise, Image.linear_gradient("L").resize((width, height))))
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=70)
    return buffer.getvalue()


def chelsea_12mp() -> bytes:
    """The CC0 scikit-image cat at 4000×3000 (a typical phone photo)."""
    from PIL import Image
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.chelsea()).resize((4000, 3000)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# -- the child ------------------------------------------------------------------------------


def warm_up_photo() -> bytes:
    from PIL import Image
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.chelsea()).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def child(stage: str, path: Path) -> None:
    """Handle one file as ``stage`` does; print outcome, seconds and peak RSS as JSON."""
    from petavatar.errors import PetAvatarError
    from petavatar.rendering.formats import SNIFF_BYTES, sniff_image_format

    data = path.read_bytes()
    pipeline = None
    if stage == "worker":
        from petavatar.bootstrap import build_pipeline
        from petavatar.config import Settings

        pipeline = build_pipeline(Settings())
        pipeline.run(warm_up_photo(), job_id="warm-up")  # a worker that has done a job
    start = time.perf_counter()
    outcome = "completed"
    try:
        if pipeline is not None:
            pipeline.run(data, job_id="bench")
        else:
            from petavatar.rendering.metadata import strip_metadata

            mime = sniff_image_format(data[:SNIFF_BYTES])
            if mime is None:
                outcome = "refused (not an image)"
            else:
                strip_metadata(data, mime)
    except PetAvatarError as exc:
        outcome = f"{exc.code}: {exc.public_message[:60]}"
    seconds = time.perf_counter() - start
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": peak_rss_mib()}))


def peak_rss_mib() -> float:
    """This process's peak RSS since exec (``VmHWM``).

    Not ``ru_maxrss``: Linux carries the parent's high-water mark across fork + exec
    into it, so a child of a large parent would report the parent's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(stage: str, path: Path, timeout: float) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", stage, str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": f"TIMEOUT after {timeout:.0f} s", "seconds": timeout, "peak_mib": 0.0}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {"outcome": f"CRASHED ({done.returncode}): {tail[0][:60]}", "peak_mib": 0.0}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--pets", type=Path, default=PROJECT_ROOT.parent / "shared/fixtures/pets")
    parser.add_argument("--photos", type=int, default=3, help="normal photos from --pets")
    parser.add_argument("--heic", type=Path, help="a HEIC photo to include")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    cases: dict[str, bytes] = {name: build() for name, build in _corpus_builders().items()}
    cases["heic " + (args.heic.name if args.heic else "1024×768")] = (
        args.heic.read_bytes() if args.heic else small_heic()
    )
    normal: dict[str, bytes] = {"jpeg 4000×3000 (chelsea, CC0)": chelsea_12mp()}
    for photo in sorted(args.pets.glob("*.jpg"))[: args.photos]:
        normal[f"photo {photo.name}"] = photo.read_bytes()

    print(f"Peak RSS per case, fresh process each (target ≤ {TARGET_MIB:.0f} MiB)")
    header = f"{'case':32} {'bytes':>10} {'stage':6} {'peak MiB':>9} {'s':>6}  outcome"
    print(header)
    print("-" * len(header))
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="petavatar-hostile-") as tmp:
        for group, files in (("hostile", cases), ("normal", normal)):
            for name, data in files.items():
                path = Path(tmp) / "input"
                path.write_bytes(data)
                for stage in ("land", "worker"):
                    result = measure(stage, path, args.timeout)
                    peak = float(result["peak_mib"])  # type: ignore[arg-type]
                    worst = max(worst, peak)
                    flag = "" if peak <= TARGET_MIB else "  OVER"
                    print(
                        f"{name[:32]:32} {len(data):>10,} {stage:6} {peak:>9.0f} "
                        f"{float(result.get('seconds', 0.0)):>6.1f}  {result['outcome']}{flag}"  # type: ignore[arg-type]
                    )
            print(f"-- end of {group} cases")
    verdict = "met" if worst <= TARGET_MIB else "NOT met"
    print(f"worst peak RSS {worst:.0f} MiB: target ≤ {TARGET_MIB:.0f} MiB {verdict}")


if __name__ == "__main__":
    main()
