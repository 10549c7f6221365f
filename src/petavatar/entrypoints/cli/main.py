"""The ``petavatar`` command line.

``petavatar generate PHOTO`` runs the whole offline pipeline on one photo and
writes ``avatar.png``, ``identity.json``, ``report-card.png`` and its 1200×630
Open Graph variant ``report-card-og.png``. Service
commands (``serve``, ``worker``, ``submit``, ``keys``, ``sweep``) live in
:mod:`petavatar.entrypoints.cli.service`. Every failure prints one line on stderr and
exits non-zero; no tracebacks for bad input.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from petavatar import __version__
from petavatar.config import Settings
from petavatar.domain.models import SPECIES, PetHints
from petavatar.errors import PetAvatarError
from petavatar.observability.logs import configure_logging

COMMAND_MODULES: tuple[str, ...] = (
    "petavatar.entrypoints.cli.service",
    "petavatar.entrypoints.cli.jobs",
    "petavatar.entrypoints.cli.aws",
    "petavatar.entrypoints.cli.loadtest",
)
"""Modules that add command groups; each defines ``register(subparsers)`` and imports
its heavy dependencies only inside its handlers."""

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def persona_document(result: Any) -> dict[str, Any]:
    """The ``identity.json`` body: analysis, career, identity, avatar prompt, usage and cost."""
    usage = result.usage_document()
    cost, provenance = usage.pop("cost"), usage.pop("provenance")
    return {
        "identity": result.identity.model_dump(mode="json"),
        "career": result.career.model_dump(mode="json"),
        "pet_analysis": result.analysis.model_dump(mode="json"),
        "avatar": result.avatar.model_dump(mode="json"),
        "usage": usage,
        "provenance": provenance,
        "cost": cost,
        "step_seconds": result.step_seconds,
    }


def _made_by(result: Any) -> str:
    return ", ".join(
        f"{part}: {made.provider}/{made.model}" for part, made in result.provenance.items()
    )


def settings_with_cache(cache_dir: str | None) -> Settings:
    """Settings from the environment, with ``--cache-dir`` taking precedence when given."""
    settings = Settings()
    if cache_dir:
        return settings.model_copy(update={"cache_dir": Path(cache_dir)})
    return settings


@contextmanager
def _progress_bar(show: bool) -> Iterator[Callable[[int, str], None]]:
    """A progress callback, drawn as a rich bar on stderr when ``show`` (rich loads only then)."""
    if not show:
        yield lambda _percent, _step: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("analyzing", total=100)

        def on_progress(percent: int, step: str) -> None:
            bar.update(task, completed=percent, description=step.replace("_", " "))

        yield on_progress


@contextmanager
def _one_shot() -> Iterator[None]:
    """Run a command that does its work once and exits without cyclic garbage collection.

    ``generate`` builds ~50k long-lived objects (modules, tables, the model
    session); the collector's passes over them, while it starts and again at
    exit, cost ~0.1 s of CPU and free nothing. Its objects are frozen at exit,
    so the interpreter's last pass skips them too.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cmd_generate(args: argparse.Namespace) -> int:
    with _one_shot():
        return _generate(args)


def _generate(args: argparse.Namespace) -> int:
    from petavatar.bootstrap import build_pipeline

    photo = Path(args.photo)
    if not photo.is_file():
        print(f"error: {photo} does not exist or is not a file", file=sys.stderr)
        return EXIT_BAD_INPUT
    settings = settings_with_cache(args.cache_dir)
    hints = PetHints(species=args.species, breed=args.breed, pet_name=args.name)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pipeline = build_pipeline(settings)
    data = photo.read_bytes()
    with _progress_bar(not args.json and sys.stderr.isatty()) as on_progress:
        try:
            result = pipeline.run(data, hints=hints, job_id=photo.name, progress=on_progress)
        finally:
            pipeline.close()
    document = persona_document(result)
    _write_atomic(out / "avatar.png", result.avatar.png)
    _write_atomic(out / "report-card.png", result.report_card_png)
    _write_atomic(out / "report-card-og.png", result.report_card_og_png)
    _write_atomic(out / "identity.json", (json.dumps(document, indent=2) + "\n").encode())
    if args.json:
        print(json.dumps(document, indent=2))
    else:
        ident, analysis = result.identity, result.analysis
        print(
            f"{analysis.breed} ({analysis.species}) → {ident.human_name}, "
            f"{ident.job_title} [{ident.seniority}] — {ident.similarity_score}% match"
        )
        print(f"vibe: {analysis.vibe}; traits: {', '.join(analysis.dominant_traits)}")
        if result.cost is not None:
            print(f"cost: {result.cost.summary} — {_made_by(result)}")
        written = ("avatar.png", "identity.json", "report-card.png", "report-card-og.png")
        print("wrote " + ", ".join(str(out / name) for name in written))
    return 0


def cmd_prepare_model(args: argparse.Namespace) -> int:
    from petavatar.providers.local.avatar import preload
    from petavatar.providers.local.classifier import ModelCache

    settings = settings_with_cache(args.cache_dir)
    path = ModelCache(settings.cache_dir).ensure()
    preload(settings.cache_dir)
    print(f"classifier model ready: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petavatar", description="Turn a photo of a pet into a professional human persona."
    )
    parser.add_argument("--version", action="version", version=f"petavatar {__version__}")
    parser.add_argument(
        "--log-level",
        default=None,
        help="structured JSON logs on stderr at this level (default: $PETAVATAR_LOG_LEVEL "
        "or WARNING)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser(
        "generate",
        help="make a persona from one photo (offline unless PETAVATAR_PROVIDER says otherwise)",
    )
    gen.add_argument("photo", help="JPEG, PNG or HEIC photo of a pet")
    gen.add_argument("--out", default="out", help="output directory (default: ./out)")
    gen.add_argument("--species", choices=SPECIES, help="override the detected species")
    gen.add_argument("--breed", help="override the detected breed, e.g. 'Golden Retriever'")
    gen.add_argument("--name", help="your pet's name, woven into the persona")
    gen.add_argument("--json", action="store_true", help="print the identity JSON to stdout")
    gen.add_argument("--cache-dir", help="where the prepared classifier model is kept")
    # generate reports failures as one line of its own; logs only when asked for
    gen.set_defaults(handler=cmd_generate, quiet_log_level="CRITICAL")

    prep = sub.add_parser("prepare-model", help="build the classifier's ONNX graph ahead of time")
    prep.add_argument("--cache-dir", help="where to keep the prepared model")
    prep.set_defaults(handler=cmd_prepare_model)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def _default_log_level(args: argparse.Namespace) -> str:
    """``$PETAVATAR_LOG_LEVEL`` when set, else the command's own default, else the settings'."""
    settings = Settings()
    if "log_level" in settings.model_fields_set:
        return settings.log_level
    return getattr(args, "quiet_log_level", None) or settings.log_level


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.log_level or _default_log_level(args))
    try:
        code: int = args.handler(args)
    except PetAvatarError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT if error.status_code < 500 else EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
