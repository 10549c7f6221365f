"""`petavatar generate` on a real dog, a real cat and a car: two personas and one refusal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.entrypoints.cli.main import main
from tests.conftest import SHARED_PETS

pytestmark = pytest.mark.skipif(not SHARED_PETS.exists(), reason="shared fixtures not present")


def generate(photo: Path, out: Path, cache: Path, *extra: str) -> int:
    return main(["generate", str(photo), "--out", str(out), "--cache-dir", str(cache), *extra])


@pytest.mark.parametrize(("photo", "species"), [("pet_02.jpg", "dog"), ("pet_11.jpg", "cat")])
def test_generate_writes_a_persona(
    tmp_path: Path, model_cache_dir: Path, photo: str, species: str
) -> None:
    assert generate(SHARED_PETS / photo, tmp_path, model_cache_dir) == 0
    document = json.loads((tmp_path / "identity.json").read_text())
    assert document["pet_analysis"]["species"] == species
    assert set(document["pet_analysis"]["personality_dimensions"]) == set(DIMENSIONS)
    identity = document["identity"]
    assert len(identity["bio"].split("\n\n")) == 3
    assert 5 <= len(identity["skills"]) <= 10
    assert 0 <= identity["similarity_score"] <= 100
    assert document["usage"]["model_calls"] == 4
    with Image.open(tmp_path / "avatar.png") as avatar:
        assert avatar.format == "PNG" and avatar.size[0] >= 1024 and avatar.size[1] >= 1024
    with Image.open(tmp_path / "report-card.png") as card:
        assert card.format == "PNG" and card.size == (1600, 900)
    with Image.open(tmp_path / "report-card-og.png") as og:
        assert og.format == "PNG" and og.size == (1200, 630)


def test_generate_refuses_a_car_with_one_clear_line(
    tmp_path: Path, model_cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = generate(SHARED_PETS / "pet_23.jpg", tmp_path / "car", model_cache_dir)
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [err[0]] and err[0].startswith("error: no pet found: looks like")
    assert not (tmp_path / "car" / "avatar.png").exists()


def test_hints_override_the_classifier(tmp_path: Path, model_cache_dir: Path) -> None:
    code = generate(
        SHARED_PETS / "pet_02.jpg",
        tmp_path,
        model_cache_dir,
        "--species",
        "dog",
        "--breed",
        "Border Collie",
        "--name",
        "Biscuit",
        "--json",
    )
    assert code == 0
    analysis = json.loads((tmp_path / "identity.json").read_text())["pet_analysis"]
    assert analysis["breed"] == "Border Collie"
    assert analysis["pet_name"] == "Biscuit"
    assert {"species", "breed", "pet_name"} <= set(analysis["hints_applied"])


@pytest.mark.parametrize(
    ("label", "data"),
    [("zero-byte", b""), ("text", b"not an image at all"), ("truncated", None)],
)
def test_bad_files_exit_non_zero_without_traceback(
    tmp_path: Path,
    model_cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    label: str,
    data: bytes | None,
) -> None:
    if data is None:
        buffer = io.BytesIO()
        Image.new("RGB", (200, 200), (200, 100, 50)).save(buffer, "JPEG")
        data = buffer.getvalue()[:150]
    photo = tmp_path / f"{label}.jpg"
    photo.write_bytes(data)
    assert generate(photo, tmp_path / "out", model_cache_dir) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "nope.jpg"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err
