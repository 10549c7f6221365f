"""Benchmark start-up: what a command costs beyond the work it does.

Prints, each as the median of ``--runs`` fresh processes:

1. ``petavatar --help`` wall time (target ≤ 300 ms);
2. ``petavatar generate PHOTO`` wall time beside the in-process pipeline time
   on the same photo (a warm ``Pipeline.run`` in this process; target: wall ≤
   pipeline + 0.5 s). The first ``generate`` (which records the caches a
   prepared model lacks) is printed apart and not counted;
3. the import time of ``petavatar.entrypoints.http.app`` (what the API handler
   imports) and of ``fastapi`` alone (target: app ≤ fastapi + 250 ms);
4. which heavy modules each path imported (``sys.modules`` after the import,
   after ``--help`` and after a ``generate``).

The photo defaults to scikit-image's CC0 ``data.chelsea()`` written to a
temporary JPEG (as ``scripts/sample_photo.py`` does). The model cache is the
one the CLI uses (``PETAVATAR_CACHE_DIR`` or the per-user default), prepared
first if needed. The machine is usually shared, so read medians, and run it a
few times.

Python skips writing bytecode when ``PYTHONDONTWRITEBYTECODE`` is set, and an
editable install then recompiles every project module on every start (~80 ms)
where a normal install does not; the bench therefore byte-compiles the
package first (``--no-compile`` measures as-is).

    .venv/bin/python bench/startup_bench.py [--runs 7] [--photo PATH] [--no-compile]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HEAVY_MODULES: tuple[str, ...] = (
    "onnxruntime",
    "onnx",
    "ml_dtypes",
    "resvg_py",
    "dicebear",
    "jsonschema",
    "schemathesis",
    "boto3",
    "botocore",
    "numpy",
    "PIL",
    "rich",
    "httpx",
    "uvicorn",
)
"""Modules worth knowing about when they show up on a path (top-level names)."""

HELP_TARGET_S = 0.300
APP_BEYOND_FASTAPI_TARGET_S = 0.250
GENERATE_OVERHEAD_TARGET_S = 0.5

_REPORT_HEAVY = f"""
import json, sys
print(json.dumps(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)), file=sys.stderr)
"""


def _cli() -> list[str]:
    """The installed ``petavatar`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("petavatar")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "petavatar.entrypoints.cli.main"]


def _wall(command: Sequence[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median_wall(command: Sequence[str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds over ``runs`` runs."""
    samples = [_wall(command) for _ in range(runs)]
    return (
        statistics.median(wall for wall, _ in samples),
        statistics.median(cpu for _, cpu in samples),
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def _import_seconds(module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter (interpreter start excluded)."""
    code = (
        "import time; start = time.perf_counter(); "
        f"import {module}; print(time.perf_counter() - start)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def _heavy_after(code: str) -> list[str]:
    """Heavy modules present after running ``code`` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", code + _REPORT_HEAVY], capture_output=True, text=True
    )
    heavy: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return heavy


def _sample_photo(directory: Path) -> Path:
    from PIL import Image
    from skimage import data

    path = directory / "chelsea.jpg"
    Image.fromarray(data.chelsea()).save(path, quality=95)
    return path


def _pipeline_seconds(photo: Path, runs: int) -> float:
    """Median of warm in-process ``Pipeline.run`` calls on ``photo``."""
    from petavatar.bootstrap import build_pipeline
    from petavatar.config import Settings
    from petavatar.observability.logs import configure_logging

    configure_logging("CRITICAL")
    data = photo.read_bytes()
    pipeline = build_pipeline(Settings())
    try:
        pipeline.run(data)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            pipeline.run(data)
            times.append(time.perf_counter() - start)
    finally:
        close = getattr(pipeline, "close", None)  # older pipelines had no close()
        if close is not None:
            close()
    return statistics.median(times)


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _print_imports(runs: int) -> None:
    app = statistics.median(_import_seconds("petavatar.entrypoints.http.app") for _ in range(runs))
    fastapi = statistics.median(_import_seconds("fastapi") for _ in range(runs))
    beyond = app - fastapi
    print(f"import petavatar.entrypoints.http.app   {_ms(app)}")
    print(f"import fastapi                           {_ms(fastapi)}")
    print(
        f"  app beyond fastapi                     {_ms(beyond)}            "
        f"(target ≤ {APP_BEYOND_FASTAPI_TARGET_S * 1000:.0f}) "
        f"{_verdict(beyond <= APP_BEYOND_FASTAPI_TARGET_S)}"
    )


def _print_heavy(photo: Path, out: Path) -> None:
    help_code = (
        "from petavatar.entrypoints.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    )
    generate_code = (
        "from petavatar.entrypoints.cli.main import main\n"
        f"main(['generate', {str(photo)!r}, '--out', {str(out)!r}])\n"
    )
    paths = {
        "import petavatar.entrypoints.http.app": "import petavatar.entrypoints.http.app\n",
        "import petavatar.jobs.service": "import petavatar.jobs.service\n",
        "petavatar --help": help_code,
        "petavatar generate": generate_code,
    }
    print("heavy modules imported:")
    for label, code in paths.items():
        heavy = _heavy_after(code)
        print(f"  {label:38s} {', '.join(heavy) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--photo", type=Path)
    parser.add_argument("--no-compile", action="store_true")
    args = parser.parse_args()

    import petavatar
    from petavatar.config import Settings
    from petavatar.providers.local.classifier import ModelCache

    package = Path(petavatar.__file__).parent
    if not args.no_compile:
        compileall.compile_dir(package, quiet=1)
    bytecode = "as-is" if args.no_compile else "byte-compiled first"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    print(f"package {package} ({bytecode}); medians of {args.runs} runs")
    ModelCache(Settings().cache_dir).ensure()
    cli = _cli()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        photo = args.photo or _sample_photo(workdir)
        out = workdir / "out"
        generate = [*cli, "generate", str(photo), "--out", str(out)]

        help_wall, help_cpu = _median_wall([*cli, "--help"], args.runs)
        bare, _ = _median_wall([sys.executable, "-c", "pass"], args.runs)
        print(f"{'':41s}    wall        cpu")
        print(f"python -c pass                           {_ms(bare)}")
        print(
            f"petavatar --help                         {_ms(help_wall)} {_ms(help_cpu)} "
            f"(target ≤ {HELP_TARGET_S * 1000:.0f}) {_verdict(help_wall <= HELP_TARGET_S)}"
        )

        first, first_cpu = _wall(generate)
        wall, cpu = _median_wall(generate, args.runs)
        pipeline = _pipeline_seconds(photo, args.runs)
        overhead = wall - pipeline
        print(f"petavatar generate (first, not counted)  {_ms(first)} {_ms(first_cpu)}")
        print(f"petavatar generate                       {_ms(wall)} {_ms(cpu)}")
        print(f"in-process pipeline (warm Pipeline.run)  {_ms(pipeline)}")
        print(
            f"  generate beyond pipeline               {_ms(overhead)}            "
            f"(target ≤ {GENERATE_OVERHEAD_TARGET_S * 1000:.0f}) "
            f"{_verdict(overhead <= GENERATE_OVERHEAD_TARGET_S)}"
        )
        _print_imports(args.runs)
        _print_heavy(photo, out)


if __name__ == "__main__":
    main()
