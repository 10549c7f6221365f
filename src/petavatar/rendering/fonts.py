"""The typeface every rendered image uses, and text cleaned to what it can draw.

The face is DejaVu Sans (regular and bold) as the ``matplotlib`` package ships
it (Bitstream Vera licence with DejaVu's public-domain changes; the licence
text is ``mpl-data/fonts/ttf/LICENSE_DEJAVU`` in that package). The files are
located with importlib's package lookup, without importing matplotlib, and
nothing is downloaded. DejaVu Sans covers Latin (with every accent and
Vietnamese), Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic, arrows,
punctuation, currency and many symbols; :data:`COVERED_SCRIPTS` lists them.

Characters the face lacks (CJK, kana, Hangul, Devanagari, Thai, emoji…) are
never drawn as empty boxes: :func:`clean_text` first tries the character's
canonical decomposition, then, for letters and digits, a Latin transliteration
(``anyascii``: ``山田`` → ``ShanTian``, ``한`` → ``Han``); symbols with no glyph
(emoji) are dropped.
"""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path
from typing import Final

from anyascii import anyascii
from PIL import ImageFont

from petavatar.errors import PetAvatarError

FONT_PACKAGE: Final[str] = "matplotlib"
_FONT_DIR: Final[str] = "mpl-data/fonts/ttf"
REGULAR_FILE: Final[str] = "DejaVuSans.ttf"
BOLD_FILE: Final[str] = "DejaVuSans-Bold.ttf"
LICENSE_FILE: Final[str] = "LICENSE_DEJAVU"

COVERED_SCRIPTS: Final[tuple[str, ...]] = (
    "Latin (incl. Latin Extended and Vietnamese)",
    "Greek",
    "Cyrillic",
    "Armenian",
    "Georgian",
    "Hebrew",
    "Arabic",
)
"""Scripts DejaVu Sans draws; others are transliterated to Latin (see :func:`clean_text`)."""

_DROP_CATEGORIES: Final[frozenset[str]] = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_TRANSLITERATED: Final[frozenset[str]] = frozenset({"L", "N"})


def packaged_font_files() -> tuple[str, ...]:
    """The face's files (and licence) as paths inside the font package's wheel.

    All a deployment bundle needs of that package: nothing else of it is imported.
    """
    return tuple(
        f"{FONT_PACKAGE}/{_FONT_DIR}/{name}" for name in (REGULAR_FILE, BOLD_FILE, LICENSE_FILE)
    )


FONT_READER_PACKAGE: Final[str] = "fonttools"
FONT_READER_PARTS: Final[tuple[str, ...]] = (
    "fontTools/__init__.py",
    "fontTools/unicode.py",
    "fontTools/config/",
    "fontTools/encodings/",
    "fontTools/misc/",
    "fontTools/pens/",
    "fontTools/ttLib/",
)
"""The parts of fontTools that reading a face's ``cmap`` (:func:`codepoints`) imports;
the rest (subsetting, variation, feature and UFO tools) is never loaded."""


@functools.cache
def font_path(bold: bool = False) -> Path:
    """The TrueType file of the regular or bold face inside the installed package."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    name = BOLD_FILE if bold else REGULAR_FILE
    for location in locations:
        path = Path(location) / _FONT_DIR / name
        if path.is_file():
            return path
    raise PetAvatarError(
        f"the {name} font is missing: reinstall PetAvatar (it comes with {FONT_PACKAGE})"
    )


@functools.cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The face at ``size`` px (cached per size and weight)."""
    return ImageFont.truetype(str(font_path(bold)), size)


@functools.cache
def codepoints(bold: bool = False) -> frozenset[int]:
    """Every code point the face maps to a glyph (its ``cmap``)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path(bold)), lazy=True) as face:
        cmap = face.getBestCmap() or {}
    return frozenset(cmap)


def has_glyph(char: str) -> bool:
    """Whether both weights draw ``char`` (a single character)."""
    point = ord(char)
    return point in codepoints(False) and point in codepoints(True)


def _fallback(char: str) -> str:
    """What to draw for a character the face lacks ('' when nothing fits)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(has_glyph(c) for c in base):
        return base
    if unicodedata.category(char)[0] in _TRANSLITERATED:
        return "".join(c for c in anyascii(char) if has_glyph(c))
    return ""


@functools.cache
def _clean_char(char: str) -> str:
    if char in ("\n", "\r", "\t") or (char.isspace() and not has_glyph(char)):
        return " "
    if unicodedata.category(char) in _DROP_CATEGORIES:
        return ""
    return char if has_glyph(char) else _fallback(char)


def clean_text(text: str) -> str:
    """``text`` as one line the face draws in full: no controls, no missing glyphs."""
    cleaned = "".join(_clean_char(c) for c in unicodedata.normalize("NFC", text))
    return " ".join(cleaned.split())
