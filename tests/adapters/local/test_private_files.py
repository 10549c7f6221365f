"""Everything the local service writes is private to its owner, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fake_pipeline import tiny_jpeg
from tests.support.stack import make_env


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o000)  # the most permissive umask: nothing may rely on it
    try:
        yield
    finally:
        os.umask(previous)


def _modes(root: Path) -> dict[str, int]:
    out = {str(root): stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        out[str(path.relative_to(root))] = stat.S_IMODE(path.stat().st_mode)
    return out


@pytest.mark.usefixtures("open_umask")
def test_data_dir_folders_0700_files_0600(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    ticket = env.presign(pet_name="Rex")
    assert env.upload(ticket, tiny_jpeg()).status_code == 204
    assert env.worker.run_once()
    data_dir = tmp_path / "data"
    modes = _modes(data_dir)
    folders = {p: m for p, m in modes.items() if Path(data_dir, p).is_dir()}
    files = {p: m for p, m in modes.items() if Path(data_dir, p).is_file()}
    assert any("uploads" in p for p in folders) and any(p.endswith(".sqlite3") for p in files)
    assert {p: m for p, m in folders.items() if m != 0o700} == {}
    assert {p: m for p, m in files.items() if m != 0o600} == {}
