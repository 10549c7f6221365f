"""Avatar variety measures shared by the avatar tests and ``bench/avatar_bench.py``.

Runs the offline provider's analyse → career steps over fixture photos (the
expensive part, done once and kept in memory), renders avatars, and compares
them with a small difference hash (dHash) computed with numpy and Pillow.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from petavatar.domain.models import CareerProfile, PetAnalysis, PetHints
from petavatar.domain.naming import name_presentation
from petavatar.errors import PetAvatarError
from petavatar.providers.local.provider import LocalProvider, _persona_name
from petavatar.rendering.decode import load_image

#: The head and shoulders region of a 1024² avatar (left, top, right, bottom): what
#: tells two people apart, without the career's scene.
FACE_BOX = (262, 160, 762, 900)


@dataclass(frozen=True)
class PetCase:
    """One fixture photo read as a pet: what the avatar renderer is given."""

    file: str
    analysis: PetAnalysis
    career: CareerProfile
    presentation: str


def pet_cases(fixtures: Path, provider: LocalProvider, step: int = 1) -> list[PetCase]:
    """Every ``step``-th pet photo of ``fixtures/manifest.csv`` (non-pets skipped)."""
    with (fixtures / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["species"] != "none"]
    cases = []
    for row in rows[::step]:
        photo = load_image((fixtures / row["file"]).read_bytes())
        try:
            analysis = provider.analyze(photo, PetHints()).value
        except PetAvatarError:
            continue
        career = provider.map_career(analysis).value
        presentation = name_presentation(_persona_name(analysis).first)
        cases.append(PetCase(row["file"], analysis, career, presentation))
    return cases


def dhash(png: bytes, box: tuple[int, int, int, int] | None = FACE_BOX, side: int = 16) -> int:
    """A ``side``² -bit difference hash of the image (or of ``box`` within it)."""
    with Image.open(io.BytesIO(png)) as image:
        region = image.crop(box) if box else image
        grey = region.convert("L").resize((side + 1, side), Image.Resampling.LANCZOS)
    pixels = np.asarray(grey, dtype=np.int16)
    bits = (pixels[:, 1:] > pixels[:, :-1]).flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def near_twin_pairs(hashes: Sequence[int], threshold: int) -> list[tuple[int, int]]:
    """Index pairs whose hashes differ in at most ``threshold`` bits."""
    return [
        (i, j)
        for i in range(len(hashes))
        for j in range(i + 1, len(hashes))
        if hamming(hashes[i], hashes[j]) <= threshold
    ]


def distinct_count(hashes: Sequence[int], threshold: int) -> int:
    """How many hashes are more than ``threshold`` bits from every earlier kept one."""
    kept: list[int] = []
    for value in hashes:
        if all(hamming(value, other) > threshold for other in kept):
            kept.append(value)
    return len(kept)
