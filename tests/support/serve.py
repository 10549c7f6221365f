"""A real ``petavatar serve`` process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from petavatar.adapters.local.keyfile import FileKeyStore
from tests.conftest import PROJECT_ROOT


@dataclass(frozen=True)
class Served:
    """A running service: its base URL, an API key, its data dir and port."""

    base: str
    key: str
    data_dir: Path
    port: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"petavatar serve exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"petavatar serve did not become healthy:\n{log.read_text()}")


@contextmanager
def serve(
    data_dir: Path,
    model_cache_dir: Path,
    *,
    workers: int = 1,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
) -> Iterator[Served]:
    """Start ``petavatar serve`` (offline pipeline) and stop it gracefully afterwards."""
    _, key = FileKeyStore.in_data_dir(data_dir).create("test")
    port = port or free_port()
    log = data_dir / "serve.log"
    environment = {
        **os.environ,
        "PETAVATAR_CACHE_DIR": str(model_cache_dir),
        "PYTHONPATH": os.pathsep.join(
            [str(PROJECT_ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        ),
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "petavatar.entrypoints.cli.main",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--data-dir",
        str(data_dir),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc, log)
        yield Served(base, key, data_dir, port)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
