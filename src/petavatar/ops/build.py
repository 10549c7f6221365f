"""``petavatar build``: reproducible arm64 artefacts for Lambda and AgentCore.

Each bundle is the ``petavatar`` package plus the manylinux aarch64 / CPython 3.13 wheels of
its distributions (fetched with ``pip download --only-binary``), unpacked into one zip with
sorted entries, a fixed timestamp and fixed permissions, so two builds of one commit are
byte-identical. Every zip holds ``VERSION`` (the version tag) and ``MANIFEST.json``
(bundle, tag, distributions). The agent artefacts are a direct-code-deploy zip and a
Docker build context (``infra/agent/Dockerfile`` plus the same file tree as the zip).
"""

from __future__ import annotations

import fnmatch
import importlib.metadata as md
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from petavatar import __version__
from petavatar.config import DEFAULT_CLASSIFIER_MODEL
from petavatar.entrypoints.cli.agent import AGENTS as AGENT_NAMES
from petavatar.errors import InvalidInputError, PetAvatarError
from petavatar.providers.local.efficientnet_onnx import LITE_VARIANTS

ROOT = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "infra" / "agent" / "Dockerfile"

MB = 1_000_000
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
PYTHON_VERSION = "3.13"
PLATFORMS = ("manylinux_2_28_aarch64", "manylinux2014_aarch64")
RUNTIME_PROVIDED = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
)
"""Distributions the python3.13 Lambda runtime already has; bundles leave them out."""
UNUSED_AT_RUN_TIME = frozenset({"contourpy", "cycler", "kiwisolver", "pyparsing"})
"""matplotlib's own dependencies: bundles keep only its font files, so nothing imports them."""
SLIM_BASE_IMAGE_MB = 125.0
"""Unpacked size of ``python:3.13-slim`` for linux/arm64 (Debian base plus CPython)."""
IMAGE_TARGET_MB = 200.0

_CORE = (
    "pydantic",
    "pydantic-settings",
    "structlog",
    "pillow",
    "pillow-heif",
    "aws-lambda-powertools",
)
PROJECT_DEPENDENCIES = "<petavatar's own dependencies>"
"""A requirement that stands for every dependency of the installed ``petavatar`` (no extras)."""
_PIPELINE = (PROJECT_DEPENDENCIES,)
_AGENT = ("strands-agents", "bedrock-agentcore", "openai", "uvicorn", "fastapi")
CLI_ONLY = frozenset({"rich", "pygments", "markdown-it-py", "mdurl"})
"""The command line's progress bars (``generate``, ``submit``); no deployed entry draws one."""
HTTP_SERVING = frozenset({"fastapi", "starlette", "uvicorn", "httptools", "python-multipart"})
"""What ``petavatar serve`` runs on; the worker function serves no HTTP."""
NOT_USED_TO_LAND_UPLOADS: tuple[str, ...] = (
    "PIL/_avif.*",
    "PIL/_webp.*",
    "PIL/_imagingft.*",
    "PIL/_imagingtk.*",
    "pillow.libs/libavif-*",
    "pillow.libs/libwebp-*",
    "pillow.libs/libwebpmux-*",
    "pillow.libs/libwebpdemux-*",
    "pillow.libs/libsharpyuv-*",
    "pillow.libs/libfreetype-*",
    "pillow.libs/libharfbuzz-*",
    "pillow.libs/libbrotlidec-*",
    "pillow.libs/libbrotlicommon-*",
)
"""Pillow's optional codecs and text drawing (each its own extension module, imported only
when used, with its libraries): landing an upload (metadata stripping, the HEIC re-encode)
reads JPEG, PNG and HEIC only and draws no text."""
NOT_USED_TO_CLASSIFY: tuple[str, ...] = (
    "onnxruntime/capi/libonnxruntime.so*",
    "onnxruntime/transformers/*",
    "onnxruntime/quantization/*",
    "onnxruntime/tools/*",
    "onnx/backend/test/*",
    "numpy/tests/*",
    "numpy/*/tests/*",
)
"""What the offline model never loads: onnxruntime's C-API library (Python loads only its
own extension module, which does not link it) and its model-optimisation tools, onnx's
conformance test data, numpy's test suites."""
OTHER_MODEL_WEIGHTS = frozenset(
    variant.weights_module.replace("_", "-")
    for name, variant in LITE_VARIANTS.items()
    if name != DEFAULT_CLASSIFIER_MODEL
)
"""Weights of the classifier variants a deployment does not run (it runs the default)."""


@dataclass(frozen=True)
class BundleSpec:
    """One artefact: its distributions and the size limits it must meet."""

    name: str
    requirements: tuple[str, ...]
    zipped_limit_mb: float | None = None
    unzipped_limit_mb: float | None = None
    why: str = ""
    leave_out: frozenset[str] = frozenset()
    """Distributions the bundle's entry points never import, though a requirement pulls them in."""
    drop_files: tuple[str, ...] = ()
    """Wheel files (glob patterns) the bundle's entry points never load."""


BUNDLES: tuple[BundleSpec, ...] = (
    BundleSpec(
        "api",
        _CORE,
        zipped_limit_mb=15.0,
        unzipped_limit_mb=250.0,
        drop_files=NOT_USED_TO_LAND_UPLOADS,
    ),
    BundleSpec(
        "events",
        _CORE,
        zipped_limit_mb=15.0,
        unzipped_limit_mb=250.0,
        drop_files=NOT_USED_TO_LAND_UPLOADS,
    ),
    BundleSpec(
        "worker",
        _CORE + _PIPELINE,
        unzipped_limit_mb=250.0,
        why="above Lambda's 250 MB unzipped the worker needs a container image",
        leave_out=CLI_ONLY | HTTP_SERVING | OTHER_MODEL_WEIGHTS,
        drop_files=NOT_USED_TO_CLASSIFY,
    ),
    BundleSpec(
        "agent",
        _CORE + _PIPELINE + _AGENT,
        unzipped_limit_mb=250.0,
        leave_out=CLI_ONLY | OTHER_MODEL_WEIGHTS,
        drop_files=NOT_USED_TO_CLASSIFY,
    ),
)


@dataclass(frozen=True)
class Artefact:
    """A built file with its sizes and verdict."""

    name: str
    path: Path
    zipped: int
    unzipped: int
    ok: bool
    note: str = ""


@dataclass
class BuildResult:
    """What ``build`` produced."""

    version: str
    artefacts: list[Artefact] = field(default_factory=list)
    image_estimate_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.artefacts) and self.image_estimate_mb < IMAGE_TARGET_MB


class BuildError(PetAvatarError):
    """A wheel could not be fetched or an artefact could not be written."""

    status_code = 500
    code = "build_failed"


def version_tag(root: Path = ROOT) -> str:
    """``<package version>+g<commit>`` (``+unknown`` outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return f"{__version__}+unknown"
    return f"{__version__}+g{out.stdout.strip()}"


def project_dependencies() -> list[str]:
    """The names of the installed ``petavatar``'s dependencies (extras left out)."""
    names = []
    for requirement in md.requires("petavatar") or []:
        if "extra ==" not in requirement:
            names.append(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0])
    return names


def pinned(requirements: Iterable[str]) -> list[str]:
    """Each requirement pinned to the version installed here (unpinned when absent)."""
    result = []
    names: list[str] = []
    for name in requirements:
        names += project_dependencies() if name == PROJECT_DEPENDENCIES else [name]
    for name in dict.fromkeys(names):
        try:
            result.append(f"{name}=={md.version(name)}")
        except md.PackageNotFoundError:
            result.append(name)
    return sorted(result)


WheelFetcher = Callable[[list[str], Path], None]


def pip_download(find_links: Path | None = None) -> WheelFetcher:
    """A fetcher running ``pip download`` for aarch64 (offline from ``find_links`` if given)."""

    def fetch(requirements: list[str], dest: Path) -> None:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(dest)]
        command += ["--disable-pip-version-check", "--implementation", "cp"]
        for platform in PLATFORMS:
            command += ["--platform", platform]
        command += ["--python-version", PYTHON_VERSION, "--only-binary=:all:"]
        if find_links is not None:
            command += ["--no-index", "--find-links", str(find_links)]
        done = subprocess.run([*command, *requirements], capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["pip download failed"])[-1]
            raise BuildError(f"pip download for arm64 failed: {last}")

    return fetch


def _dist_name(wheel: Path) -> str:
    return re.sub(r"[-_.]+", "-", wheel.name.split("-")[0]).lower()


def kept_files() -> dict[str, tuple[str, ...]]:
    """Distributions of which a bundle keeps only some files (and their ``.dist-info``):
    ``dist → paths``, where a path ending in ``/`` keeps the folder.

    matplotlib is installed for the typeface every image is drawn with and fontTools
    to read which characters it has (:mod:`petavatar.rendering.fonts`); the 35 MB of
    plotting code and fontTools' font-building tools are never imported.
    """
    from petavatar.rendering import fonts

    return {
        fonts.FONT_PACKAGE: fonts.packaged_font_files(),
        fonts.FONT_READER_PACKAGE: fonts.FONT_READER_PARTS,
    }


def is_kept(name: str, keep: tuple[str, ...]) -> bool:
    """Whether a bundle takes the wheel file ``name`` of a distribution it keeps ``keep`` of."""
    return ".dist-info/" in name or any(
        name.startswith(path) if path.endswith("/") else name == path for path in keep
    )


def _bundled(wheel: Path, leave_out: frozenset[str]) -> bool:
    return _dist_name(wheel) not in RUNTIME_PROVIDED | UNUSED_AT_RUN_TIME | leave_out


def wheel_entries(
    wheels: Iterable[Path],
    leave_out: frozenset[str] = frozenset(),
    drop_files: tuple[str, ...] = (),
) -> Iterator[tuple[str, bytes, bool]]:
    """``(path, data, executable)`` of the files a bundle takes from the wheels.

    Runtime-provided, unused and ``leave_out`` distributions are left out, of a
    distribution in :func:`kept_files` only the listed files and its metadata are taken,
    and files matching a ``drop_files`` pattern are left out.
    """
    partial = kept_files()
    for wheel in sorted(wheels):
        if not _bundled(wheel, leave_out):
            continue
        keep = partial.get(_dist_name(wheel))
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                name = info.filename
                if info.is_dir() or "__pycache__" in name:
                    continue
                if keep is not None and not is_kept(name, keep):
                    continue
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in drop_files):
                    continue
                yield name, zf.read(info), bool((info.external_attr >> 16) & 0o111)


def package_entries(package_dir: Path = PACKAGE_DIR) -> Iterator[tuple[str, bytes, bool]]:
    """The ``petavatar`` package's files (no caches) under ``petavatar/``."""
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            rel = path.relative_to(package_dir.parent).as_posix()
            yield rel, path.read_bytes(), False


def write_zip(archive: Path, entries: Iterable[tuple[str, bytes, bool]]) -> tuple[int, int]:
    """A reproducible zip of ``entries``; ``(zipped bytes, unzipped bytes)``."""
    files = {name: (data, exe) for name, data, exe in entries}
    archive.parent.mkdir(parents=True, exist_ok=True)
    unzipped = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            data, exe = files[name]
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3
            info.external_attr = (0o100755 if exe else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)
            unzipped += len(data)
    return archive.stat().st_size, unzipped


def manifest(spec: BundleSpec, tag: str, wheels: list[Path]) -> list[tuple[str, bytes, bool]]:
    """``VERSION`` and ``MANIFEST.json`` for one bundle."""
    dists = sorted(w.name for w in wheels if _bundled(w, spec.leave_out))
    body = {"bundle": spec.name, "version": tag, "python": PYTHON_VERSION, "wheels": dists}
    return [
        ("VERSION", f"{tag}\n".encode(), False),
        ("MANIFEST.json", (json.dumps(body, indent=2, sort_keys=True) + "\n").encode(), False),
    ]


def agent_entry_points(agents: Iterable[str] = AGENT_NAMES) -> list[tuple[str, bytes, bool]]:
    """One ``agentcore_<agent>.py`` per agent: AgentCore's direct-code-deploy entry points."""
    entries = []
    for agent in agents:
        body = (
            f'"""AgentCore entry point: serve the {agent} agent on port 8080."""\n\n'
            "from petavatar.entrypoints.cli.main import main\n\n"
            'if __name__ == "__main__":\n'
            f'    raise SystemExit(main(["agent", "serve", "{agent}", "--host", "0.0.0.0"]))\n'
        )
        entries.append((f"agentcore_{agent.replace('-', '_')}.py", body.encode(), False))
    return entries


def _verdict(spec: BundleSpec, zipped: int, unzipped: int) -> tuple[bool, str]:
    over = []
    if spec.zipped_limit_mb is not None and zipped > spec.zipped_limit_mb * MB:
        over.append(f"zipped over {spec.zipped_limit_mb:.0f} MB")
    if spec.unzipped_limit_mb is not None and unzipped > spec.unzipped_limit_mb * MB:
        over.append(f"unzipped over {spec.unzipped_limit_mb:.0f} MB")
    if not over:
        return True, ""
    return False, "; ".join(over) + (f": {spec.why}" if spec.why else "")


def build_bundle(
    spec: BundleSpec, out: Path, tag: str, fetch: WheelFetcher, wheel_dir: Path
) -> Artefact:
    """Fetch the bundle's wheels and write ``<out>/<name>.zip``."""
    dest = wheel_dir / spec.name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    fetch(pinned(spec.requirements), dest)
    wheels = sorted(dest.glob("*.whl"))
    entries = [
        *wheel_entries(wheels, spec.leave_out, spec.drop_files),
        *package_entries(),
        *manifest(spec, tag, wheels),
    ]
    if spec.name == "agent":
        entries += agent_entry_points()
    archive = out / f"{spec.name}.zip"
    zipped, unzipped = write_zip(archive, entries)
    ok, note = _verdict(spec, zipped, unzipped)
    return Artefact(spec.name, archive, zipped, unzipped, ok, note)


def write_agent_context(agent_zip: Path, out: Path, tag: str) -> Path:
    """The Docker build context: the Dockerfile and the agent zip's tree under ``app/``."""
    context = out / "agent-context"
    if context.exists():
        shutil.rmtree(context)
    (context / "app").mkdir(parents=True)
    shutil.copyfile(DOCKERFILE, context / "Dockerfile")
    with zipfile.ZipFile(agent_zip) as zf:
        zf.extractall(context / "app")
    (context / "VERSION").write_text(f"{tag}\n")
    return context


def image_estimate_mb(agent: Artefact) -> float:
    """Base image plus the installed site-packages (the agent tree, unzipped)."""
    return SLIM_BASE_IMAGE_MB + agent.unzipped / MB


def build(
    out: Path,
    *,
    fetch: WheelFetcher | None = None,
    bundles: Iterable[str] | None = None,
    tag: str | None = None,
    specs: tuple[BundleSpec, ...] = BUNDLES,
) -> BuildResult:
    """Build the chosen bundles (all of ``specs`` by default) into ``out``."""
    chosen = set(bundles) if bundles is not None else {b.name for b in specs}
    unknown = chosen - {b.name for b in specs}
    if unknown:
        raise InvalidInputError(f"unknown bundle(s): {', '.join(sorted(unknown))}")
    result = BuildResult(version=tag or version_tag())
    out.mkdir(parents=True, exist_ok=True)
    fetcher = fetch or pip_download()
    for spec in specs:
        if spec.name in chosen:
            artefact = build_bundle(spec, out, result.version, fetcher, out / ".wheels")
            result.artefacts.append(artefact)
            if spec.name == "agent":
                write_agent_context(artefact.path, out, result.version)
                result.image_estimate_mb = image_estimate_mb(artefact)
    return result


def render(result: BuildResult) -> str:
    """The size table printed by ``petavatar build``."""
    lines = [f"version {result.version}", f"{'artefact':<10}{'zipped':>10}{'unzipped':>11}  ok"]
    for a in result.artefacts:
        mark = "OK" if a.ok else f"OVER ({a.note})"
        lines.append(f"{a.name:<10}{a.zipped / MB:>8.1f}MB{a.unzipped / MB:>9.1f}MB  {mark}")
    if result.image_estimate_mb:
        verdict = "OK" if result.image_estimate_mb < IMAGE_TARGET_MB else "OVER"
        lines.append(
            f"agent image estimate: {result.image_estimate_mb:.0f} MB "
            f"(python:3.13-slim {SLIM_BASE_IMAGE_MB:.0f} MB + site-packages; "
            f"target < {IMAGE_TARGET_MB:.0f} MB) {verdict}"
        )
    return "\n".join(lines)
