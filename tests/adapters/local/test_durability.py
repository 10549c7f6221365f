"""What the local blob store fsyncs: the photo and the presign ticket, not generated outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from petavatar.adapters.local.files import FileBlobStore
from petavatar.bootstrap import DURABLE_PREFIXES, build_stack
from petavatar.config import Settings
from petavatar.security.signing import UrlSigner
from tests.support.clock import ManualClock

JOB = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    return calls


def _store(tmp_path: Path, durable: tuple[str, ...] | None) -> FileBlobStore:
    signer = UrlSigner(b"s" * 32, ManualClock())
    return FileBlobStore(
        tmp_path / "blobs", "petavatar-local", "http://x", signer, durable_prefixes=durable
    )


@pytest.mark.parametrize(
    ("key", "fsynced"),
    [
        (f"uploads/{JOB}/original.jpg", 2),  # the data, then the folder (the rename)
        (f"meta/{JOB}/ticket.json", 2),
        (f"generated/{JOB}/avatar.png", 0),
        (f"generated/{JOB}/report-card.png", 0),
    ],
)
def test_serve_fsyncs_uploads_and_tickets_only(
    tmp_path: Path, fsyncs: list[int], key: str, fsynced: int
) -> None:
    store = _store(tmp_path, DURABLE_PREFIXES)
    store.put_bytes(key, b"data", "application/octet-stream")
    assert len(fsyncs) == fsynced
    assert store.get_bytes(key) == b"data"  # durable or not, the write is complete


def test_without_a_policy_every_write_is_durable(tmp_path: Path, fsyncs: list[int]) -> None:
    store = _store(tmp_path, None)
    store.put_bytes(f"generated/{JOB}/avatar.png", b"png", "image/png")
    assert len(fsyncs) == 2


def test_the_composition_root_uses_the_policy(tmp_path: Path) -> None:
    stack = build_stack(Settings(data_dir=tmp_path / "data"), ManualClock())
    assert isinstance(stack.blobs, FileBlobStore)
    assert stack.blobs.is_durable(f"uploads/{JOB}/original.jpg")
    assert not stack.blobs.is_durable(f"generated/{JOB}/avatar.png")
