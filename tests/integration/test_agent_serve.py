"""A real ``petavatar agent serve`` process on loopback, checked by ``petavatar agent smoke``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.agents.servers import free_port, serving
from tests.agents.test_test_agent import broken_app

pytestmark = pytest.mark.integration


@pytest.fixture
def served(tmp_path: Path, model_cache_dir: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PETAVATAR_DATA_DIR": str(tmp_path / "data"),
        "PETAVATAR_CACHE_DIR": str(model_cache_dir),
    }
    command = [sys.executable, "-m", "petavatar.entrypoints.cli.main"]
    process = subprocess.Popen(
        [*command, "agent", "serve", "petavatar", "--port", str(port)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, "agent serve exited early"
            assert time.monotonic() < deadline, "agent serve did not answer /ping"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(20)


def smoke(url: str, *extra: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``petavatar agent smoke URL`` as its own process (the CLI configures global logging)."""
    command = [sys.executable, "-m", "petavatar.entrypoints.cli.main", "agent", "smoke", url]
    return subprocess.run(
        [*command, *extra], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_smoke_passes_against_a_served_agent(
    served: str, model_cache_dir: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "PETAVATAR_CACHE_DIR": str(model_cache_dir)}
    done = smoke(served, "--data-dir", str(tmp_path / "smoke"), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "petavatar at" in done.stdout and "7/7 checks passed" in done.stdout


def test_smoke_exits_non_zero_against_a_broken_runtime(
    tmp_path: Path, model_cache_dir: Path
) -> None:
    env = {**os.environ, "PETAVATAR_CACHE_DIR": str(model_cache_dir)}
    with serving(broken_app()) as url:
        done = smoke(url, "--agent", "petavatar", "--data-dir", str(tmp_path), env=env)
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "bad_payload" in done.stdout
