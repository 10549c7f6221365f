"""The shareable "Separated at Birth?" report card (1600×900 PNG).

The pet photo and the human avatar sit side by side in rounded frames, with the
persona's name, job title and seniority, a large match percentage, exactly three
"uncanny parallels", and the breed/species and vibe line. Everything is drawn
with Pillow and its built-in scalable font (``ImageFont.load_default(size=…)``),
so no font files are needed. Every text block is measured before drawing: it is
wrapped to its box and shrunk until it fits, and as a last resort truncated
with an ellipsis, so 60+ character names never overflow.

The built-in font covers printable ASCII and a few punctuation marks only, so
text is first transliterated (``é`` → ``e``, ``—`` → ``-``) and characters with
no glyph and no ASCII form (CJK, emoji) are dropped rather than drawn as boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from petavatar.domain.dimensions import HIGH_PHRASES
from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.rendering.png import decode_png_rgb, encode_png

WIDTH: Final[int] = 1600
HEIGHT: Final[int] = 900
TITLE: Final[str] = "Separated at Birth?"
FOOTER: Final[str] = (
    "Made offline with PetAvatar \u00b7 an illustrated human twin, not a real person"
)

_BG: Final[tuple[int, int, int]] = (246, 243, 237)
_INK: Final[tuple[int, int, int]] = (27, 31, 42)
_MUTED: Final[tuple[int, int, int]] = (102, 108, 122)
_HEADER: Final[tuple[int, int, int]] = (20, 33, 61)
_ACCENT: Final[tuple[int, int, int]] = (229, 112, 64)
_FRAME: Final[tuple[int, int, int]] = (255, 255, 255)
_SHADOW: Final[tuple[int, int, int]] = (221, 215, 205)

_PHOTO: Final[int] = 440
_PET_XY: Final[tuple[int, int]] = (50, 160)
_AVATAR_XY: Final[tuple[int, int]] = (540, 160)
_RADIUS: Final[int] = 36
_COLUMN_X: Final[int] = 1040
_COLUMN_W: Final[int] = WIDTH - _COLUMN_X - 50

_PUNCTUATION: Final[dict[str, str]] = {
    "\u2014": "-",
    "\u2013": "-",
    "\u2012": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2022": "\u00b7",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u00d7": "x",
    "\u2018": "'",
    "\u201a": "'",
    "\u201e": '"',
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u00fe": "th",
    "\u00f0": "d",
}


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in scalable font at ``size`` px (cached per size)."""
    return ImageFont.load_default(size=size)


@functools.cache
def _notdef_mask() -> bytes:
    return bytes(_font(24).getmask("\uffff"))


@functools.cache
def _has_glyph(char: str) -> bool:
    """Whether the built-in font draws ``char`` (rather than its "missing" box)."""
    if char.isspace():
        return char == " "
    return bytes(_font(24).getmask(char)) != _notdef_mask()


def clean_text(text: str) -> str:
    """Transliterate ``text`` to what the built-in font can draw; one line, no controls."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in ("\n", "\r", "\t"):
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        elif _has_glyph(char):
            out.append(char)
        elif char in _PUNCTUATION:
            out.append(_PUNCTUATION[char])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append("".join(c for c in base if _has_glyph(c)))
    return " ".join("".join(out).split())


@dataclass(frozen=True)
class _Block:
    """Wrapped lines of text and the font size that makes them fit their box."""

    lines: list[str]
    size: int
    line_height: int


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; words longer than a line are split."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while font.getlength(word) > width:  # hard-break an over-long word
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _ellipsize(line: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> str:
    """Shorten ``line`` until it and a trailing ellipsis fit in ``width``."""
    while line and font.getlength(line + "\u2026") > width:
        line = line[:-1].rstrip()
    return line + "\u2026"


def fit_text(
    text: str, width: int, height: int, *, max_size: int, min_size: int, spacing: float = 1.2
) -> _Block:
    """Wrap ``text`` into a ``width``×``height`` box at the largest size that fits.

    Tries sizes from ``max_size`` down to ``min_size``; if even the smallest
    overflows, keeps the lines that fit and ends the last with an ellipsis.
    """
    size = max_size
    while True:
        font = _font(size)
        line_height = max(1, round(size * spacing))
        lines = _wrap(text, font, width)
        if len(lines) * line_height <= height or size <= min_size:
            break
        size = max(min_size, size - max(1, size // 12))
    max_lines = max(1, height // line_height)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], font, width)
    return _Block(lines=lines, size=size, line_height=line_height)


def _draw_block(
    draw: ImageDraw.ImageDraw,
    block: _Block,
    xy: tuple[int, int],
    fill: tuple[int, int, int],
    *,
    bold: bool = False,
) -> int:
    """Draw a fitted block top-left at ``xy``; returns the y just below it."""
    font = _font(block.size)
    x, y = xy
    stroke = 1 if bold and block.size >= 24 else 0
    for line in block.lines:
        draw.text((x, y), line, font=font, fill=fill, stroke_width=stroke, stroke_fill=fill)
        y += block.line_height
    return y


@functools.cache
def _round_mask(size: int, radius: int) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius, fill=255)
    return mask


def _cover(image: Image.Image, size: int) -> Image.Image:
    """Centre-crop ``image`` to a square and scale it to ``size`` (fast for big photos)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    w, h = rgb.size
    side = min(w, h)
    left, top = (w - side) / 2, (h - side) / 2
    return rgb.resize(
        (size, size),
        Image.Resampling.BICUBIC,
        box=(left, top, left + side, top + side),
        reducing_gap=2.0,
    )


def _framed(card: Image.Image, picture: Image.Image, xy: tuple[int, int]) -> None:
    """Paste ``picture`` in a rounded white frame with a flat drop shadow."""
    draw = ImageDraw.Draw(card)
    x, y = xy
    border = 10
    outer = (x - border, y - border, x + _PHOTO + border, y + _PHOTO + border)
    draw.rounded_rectangle(
        (outer[0] + 8, outer[1] + 10, outer[2] + 8, outer[3] + 10), _RADIUS + border, fill=_SHADOW
    )
    draw.rounded_rectangle(outer, _RADIUS + border, fill=_FRAME)
    card.paste(picture, xy, _round_mask(_PHOTO, _RADIUS))


def three_parallels(identity: IdentityPackage, analysis: PetAnalysis) -> list[str]:
    """Exactly three parallels: the identity's own, topped up from the dominant traits."""
    chosen = [p for p in (clean_text(x) for x in identity.uncanny_parallels) if p][:3]
    for trait in analysis.dominant_traits:
        if len(chosen) >= 3:
            break
        key = trait.strip().lower().replace(" ", "_")
        phrase = clean_text(HIGH_PHRASES.get(key, trait))
        candidate = f"Both: {phrase}" if phrase else ""
        if candidate and candidate not in chosen:
            chosen.append(candidate)
    fallbacks = (
        "Both light up a room",
        "Both have strong opinions about lunch",
        "Both know exactly who is in charge",
    )
    for extra in fallbacks:
        if len(chosen) >= 3:
            break
        if extra not in chosen:
            chosen.append(extra)
    return chosen[:3]


def render_report_card(
    pet_photo: Image.Image,
    avatar_png: bytes,
    analysis: PetAnalysis,
    identity: IdentityPackage,
    career: CareerProfile,
) -> bytes:
    """Draw the "Separated at Birth?" card and return it as PNG bytes (1600×900, RGB).

    Deterministic for the same inputs. ``career`` supplies the industry line
    under the title; the identity's job title and seniority are what is shown.
    """
    return finish_report_card(
        prepare_report_card(pet_photo, analysis, identity, career), avatar_png
    )


def finish_report_card(card: Image.Image, avatar_png: bytes) -> bytes:
    """Paste the avatar into a card from :func:`prepare_report_card` and encode it as PNG.

    Split from the rest so the card can be laid out while the avatar renders.
    """
    _framed(card, _cover(decode_png_rgb(avatar_png), _PHOTO), _AVATAR_XY)
    return encode_png(card)


def prepare_report_card(
    pet_photo: Image.Image,
    analysis: PetAnalysis,
    identity: IdentityPackage,
    career: CareerProfile,
) -> Image.Image:
    """Everything on the card except the avatar panel, as an RGB image."""
    card = Image.new("RGB", (WIDTH, HEIGHT), _BG)
    draw = ImageDraw.Draw(card)
    _draw_header(draw)
    _framed(card, _cover(pet_photo, _PHOTO), _PET_XY)
    _draw_badge(draw)
    _draw_captions(draw, analysis, career)
    y = _draw_identity(draw, identity)
    _draw_parallels(draw, three_parallels(identity, analysis), y)
    draw.text((50, HEIGHT - 44), FOOTER, font=_font(18), fill=_MUTED)
    return card


def _draw_header(draw: ImageDraw.ImageDraw) -> None:
    """The header band with the title and the brand."""
    draw.rectangle((0, 0, WIDTH, 118), fill=_HEADER)
    draw.rectangle((0, 118, WIDTH, 124), fill=_ACCENT)
    white = (255, 255, 255)
    draw.text((50, 24), TITLE, font=_font(64), fill=white, stroke_width=1, stroke_fill=white)
    brand = "PetAvatar"
    brand_font = _font(28)
    draw.text(
        (WIDTH - 50 - brand_font.getlength(brand), 46), brand, font=brand_font, fill=(170, 184, 214)
    )


def _draw_badge(draw: ImageDraw.ImageDraw) -> None:
    """The "=" badge between the two pictures."""
    cx, cy = (_PET_XY[0] + _PHOTO + _AVATAR_XY[0]) // 2, _PET_XY[1] + _PHOTO // 2
    draw.ellipse(
        (cx - 34, cy - 34, cx + 34, cy + 34), fill=_ACCENT, outline=(255, 255, 255), width=5
    )
    draw.text((cx, cy), "=", font=_font(54), fill=(255, 255, 255), anchor="mm")


def _draw_captions(draw: ImageDraw.ImageDraw, analysis: PetAnalysis, career: CareerProfile) -> None:
    """Captions under the pictures: breed/species and vibe; industry and work style."""
    species = analysis.species.replace("_", " ")
    breed_line = clean_text(f"{analysis.breed} \u00b7 {species}") or species
    pet_block = fit_text(breed_line, _PHOTO, 40, max_size=30, min_size=16)
    _draw_block(draw, pet_block, (_PET_XY[0], _PET_XY[1] + _PHOTO + 28), _INK, bold=True)
    vibe = clean_text(f"Vibe: {analysis.vibe}") or "Vibe: unmistakable"
    vibe_block = fit_text(vibe, _PHOTO, 76, max_size=26, min_size=14)
    _draw_block(draw, vibe_block, (_PET_XY[0], _PET_XY[1] + _PHOTO + 74), _MUTED)
    human_caption = fit_text(
        clean_text(f"{career.industry} \u00b7 {career.work_style}") or "Professional",
        _PHOTO,
        40,
        max_size=26,
        min_size=14,
    )
    _draw_block(draw, human_caption, (_AVATAR_XY[0], _AVATAR_XY[1] + _PHOTO + 30), _MUTED)


def _draw_identity(draw: ImageDraw.ImageDraw, identity: IdentityPackage) -> int:
    """Name, title and match score in the right column; returns the y below them."""
    x, y = _COLUMN_X, 150
    name = clean_text(identity.human_name) or "?"
    name_block = fit_text(name, _COLUMN_W, 120, max_size=56, min_size=22, spacing=1.1)
    y = _draw_block(draw, name_block, (x, y), _INK, bold=True) + 6
    title = clean_text(f"{identity.job_title} \u00b7 {identity.seniority.capitalize()}")
    title_block = fit_text(title or "Professional", _COLUMN_W, 72, max_size=30, min_size=16)
    y = _draw_block(draw, title_block, (x, y), _MUTED) + 18
    score = f"{identity.similarity_score}%"
    score_font = _font(112)
    draw.text((x, y), score, font=score_font, fill=_ACCENT, stroke_width=2, stroke_fill=_ACCENT)
    score_w = int(score_font.getlength(score))
    draw.text(
        (x + score_w + 22, y + 30),
        "MATCH",
        font=_font(26),
        fill=_INK,
        stroke_width=1,
        stroke_fill=_INK,
    )
    draw.text((x + score_w + 22, y + 64), "pet-to-human similarity", font=_font(20), fill=_MUTED)
    return y + 140


def _draw_parallels(draw: ImageDraw.ImageDraw, items: list[str], y: int) -> None:
    """The numbered "uncanny parallels" list, fitted into the space left."""
    x = _COLUMN_X
    draw.text(
        (x, y),
        "UNCANNY PARALLELS",
        font=_font(24),
        fill=_HEADER,
        stroke_width=1,
        stroke_fill=_HEADER,
    )
    y += 42
    bottom = HEIGHT - 60
    for number, text in enumerate(items, start=1):
        room = (bottom - y) // (len(items) - number + 1) - 20
        block = fit_text(text, _COLUMN_W - 46, max(30, room), max_size=26, min_size=14)
        draw.ellipse((x, y + 2, x + 30, y + 32), fill=_ACCENT)
        draw.text((x + 15, y + 17), str(number), font=_font(20), fill=(255, 255, 255), anchor="mm")
        y = max(_draw_block(draw, block, (x + 46, y + 2), _INK), y + 34) + 20
