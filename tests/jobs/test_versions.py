"""Saved persona versions: numbered, files before the pointer, newest served by get_results."""

from __future__ import annotations

from pathlib import Path

import pytest

from petavatar.adapters.local.files import FileBlobStore
from petavatar.errors import NotFoundError
from petavatar.jobs.versions import PersonaVersions
from petavatar.security.signing import UrlSigner
from tests.support.clock import ManualClock

JOB = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 16


@pytest.fixture
def versions(tmp_path: Path) -> PersonaVersions:
    clock = ManualClock()
    signer = UrlSigner(b"s" * 32, clock, bucket="bucket-v")
    blobs = FileBlobStore(tmp_path, "bucket-v", "http://127.0.0.1:8000", signer, clock)
    return PersonaVersions(blobs, clock)


def test_versions_count_up_and_latest_is_the_newest(versions: PersonaVersions) -> None:
    assert versions.latest(JOB) is None
    docs = {"identity": {"n": 1}, "career": {}, "pet_analysis": {}}
    first = versions.save(JOB, **docs, avatar_png=PNG, report_card_png=PNG, report_card_og_png=PNG)
    second = versions.save(
        JOB,
        **{**docs, "identity": {"n": 2}},
        avatar_png=PNG,
        report_card_png=PNG,
        report_card_og_png=PNG,
        note="x",
    )
    assert (first.version, second.version) == (1, 2)
    latest = versions.latest(JOB)
    assert latest is not None and latest.identity == {"n": 2} and latest.note == "x"
    assert versions.get(JOB, 1).identity == {"n": 1}
    assert versions.blobs.get_bytes(latest.avatar_key) == PNG
    with pytest.raises(NotFoundError):
        versions.get(JOB, 3)
