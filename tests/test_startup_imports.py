"""Import hygiene: each entry point loads only the heavy modules its command uses.

Every check runs in a fresh interpreter and inspects ``sys.modules``, so a
module-level import anywhere on the path shows up. No timing is asserted
(``bench/startup_bench.py`` prints the figures).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

NEVER_ON_API_PATHS = (
    "onnxruntime",
    "onnx",
    "resvg_py",
    "dicebear",
    "boto3",
    "numpy",
    "PIL",
    "schemathesis",
    "httpx",
    "rich",
)
"""Nothing the HTTP API, the CLI's help or the job use cases need (httpx alone costs
~0.1 s: its package imports its own command line, click and rich)."""

NEVER_BEFORE_FIRST_PHOTO = ("onnxruntime", "onnx", "resvg_py", "dicebear", "boto3")
"""Loaded by the offline provider on its first photo, not when the pipeline is imported."""


def loaded_after(code: str) -> set[str]:
    """Top-level names of the modules imported after running ``code`` in a fresh interpreter."""
    report = "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    result = subprocess.run(
        [sys.executable, "-c", code + report],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    names: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return {name.partition(".")[0] for name in names}


@pytest.mark.parametrize(
    "module",
    [
        "petavatar.entrypoints.http.app",
        "petavatar.entrypoints.cli.main",
        "petavatar.entrypoints.cli.service",
        "petavatar.jobs.service",
        "petavatar.jobs.views",
        "petavatar.jobs.keys",
        "petavatar.jobs.retry",
        "petavatar.jobs.webhook",
        "petavatar.config",
        "petavatar.observability.logs",
    ],
)
def test_api_side_modules_import_no_heavy_module(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert loaded.isdisjoint(NEVER_ON_API_PATHS), sorted(loaded & set(NEVER_ON_API_PATHS))


def test_cli_help_imports_no_heavy_module() -> None:
    code = (
        "import contextlib, io\n"
        "from petavatar.entrypoints.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
    )
    loaded = loaded_after(code)
    assert "argparse" in loaded
    assert loaded.isdisjoint(NEVER_ON_API_PATHS), sorted(loaded & set(NEVER_ON_API_PATHS))


def test_structured_logs_do_not_load_rich() -> None:
    loaded = loaded_after("from petavatar.observability.logs import get_logger\nget_logger('t')")
    assert "structlog" in loaded
    assert "rich" not in loaded
    assert "greenlet" not in loaded


@pytest.mark.parametrize(
    "module",
    ["petavatar.jobs.pipeline", "petavatar.jobs.worker", "petavatar.bootstrap"],
)
def test_pipeline_modules_defer_the_model_and_the_renderer(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert loaded.isdisjoint(NEVER_BEFORE_FIRST_PHOTO), sorted(
        loaded & set(NEVER_BEFORE_FIRST_PHOTO)
    )


def test_generate_with_a_prepared_model_never_imports_onnx(
    tmp_path: Path, model_cache_dir: Path
) -> None:
    from PIL import Image
    from skimage import data

    photo = tmp_path / "chelsea.jpg"
    Image.fromarray(data.chelsea()).save(photo, quality=95)
    argv = ["generate", str(photo), "--out", str(tmp_path / "out"), "--cache-dir"]
    code = (
        "from petavatar.entrypoints.cli.main import main\n"
        f"assert main({argv!r} + [{str(model_cache_dir)!r}]) == 0\n"
    )
    loaded = loaded_after(code)
    assert {"onnxruntime", "dicebear", "resvg_py"} <= loaded
    assert "onnx" not in loaded
    assert "boto3" not in loaded
    assert (tmp_path / "out" / "avatar.png").exists()
