"""The shareable "Separated at Birth?" report card, 1600×900, and its 1200×630 Open Graph size.

The pet photo and the human avatar sit side by side in rounded frames with an
"=" badge in the gap between them, then the persona's name, job title and
seniority, a large match percentage, exactly three "uncanny parallels" (each
"pet habit → human habit"), and the breed/species and vibe line. Both sizes
come from one :class:`CardLayout` (a 1600×900 design scaled, the spare width
given to the text column), so they always show the same things.

Text is drawn with the packaged DejaVu Sans (:mod:`petavatar.rendering.fonts`),
cleaned to what the face can draw. Every text block is measured before drawing:
it is wrapped to its box and shrunk until it fits, and as a last resort
truncated with an ellipsis, so 60+ character names never overflow. The badge is
drawn after both pictures, in a gap wider than itself, so no frame covers it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from petavatar.domain.dimensions import high_phrases
from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.rendering.fonts import clean_text, font
from petavatar.rendering.png import decode_png_rgb, encode_png

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
_WHITE: Final[tuple[int, int, int]] = (255, 255, 255)

_BORDER: Final[int] = 10
"""White frame width around each picture (design px)."""
_SHADOW_OFFSET: Final[tuple[int, int]] = (8, 10)


@dataclass(frozen=True)
class CardLayout:
    """Where everything goes on a card of ``width``×``height``.

    Geometry and type are the 1600×900 design multiplied by ``scale``; the text
    column takes whatever width is left, so other aspect ratios still fit.
    """

    width: int
    height: int
    scale: float

    def px(self, design: float) -> int:
        """A design length in this card's pixels."""
        return max(1, round(design * self.scale))

    def type_px(self, design: int) -> int:
        """A design font size in this card's pixels (never below 10 px)."""
        return max(10, round(design * self.scale))

    @property
    def margin(self) -> int:
        return self.px(50)

    @property
    def header_height(self) -> int:
        return self.px(118)

    @property
    def photo(self) -> int:
        """Side of each square picture."""
        return self.px(400)

    @property
    def pet_xy(self) -> tuple[int, int]:
        return self.margin, self.px(160)

    @property
    def avatar_xy(self) -> tuple[int, int]:
        return self.margin + self.photo + self.px(130), self.px(160)

    @property
    def badge_center(self) -> tuple[int, int]:
        """Middle of the gap between the two framed pictures."""
        pet_right = self.pet_xy[0] + self.photo
        return (pet_right + self.avatar_xy[0]) // 2, self.pet_xy[1] + self.photo // 2

    @property
    def badge_radius(self) -> int:
        return self.px(36)

    @property
    def column_x(self) -> int:
        return self.avatar_xy[0] + self.photo + self.px(60)

    @property
    def column_w(self) -> int:
        return self.width - self.column_x - self.margin


CARD: Final[CardLayout] = CardLayout(1600, 900, 1.0)
OG_CARD: Final[CardLayout] = CardLayout(1200, 630, 0.7)
"""The Open Graph / social preview size (1.91:1)."""
WIDTH: Final[int] = CARD.width
HEIGHT: Final[int] = CARD.height


@dataclass(frozen=True)
class ReportCards:
    """The card and its Open Graph variant, as PNG bytes."""

    card_png: bytes
    og_png: bytes


@dataclass(frozen=True)
class _Block:
    """Wrapped lines of text and the font size that makes them fit their box."""

    lines: list[str]
    size: int
    line_height: int
    bold: bool = False


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; words longer than a line are split."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while face.getlength(word) > width:  # hard-break an over-long word
            cut = len(word) - 1
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _ellipsize(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """Shorten ``line`` until it and a trailing ellipsis fit in ``width``."""
    while line and face.getlength(line + "\u2026") > width:
        line = line[:-1].rstrip()
    return line + "\u2026"


def fit_text(
    text: str,
    width: int,
    height: int,
    *,
    max_size: int,
    min_size: int,
    spacing: float = 1.2,
    bold: bool = False,
) -> _Block:
    """Wrap ``text`` into a ``width``×``height`` box at the largest size that fits.

    Tries sizes from ``max_size`` down to ``min_size``; if even the smallest
    overflows, keeps the lines that fit and ends the last with an ellipsis.
    """
    size = max_size
    while True:
        face = font(size, bold)
        line_height = max(1, round(size * spacing))
        lines = _wrap(text, face, width)
        if len(lines) * line_height <= height or size <= min_size:
            break
        size = max(min_size, size - max(1, size // 12))
    max_lines = max(1, height // line_height)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], face, width)
    return _Block(lines=lines, size=size, line_height=line_height, bold=bold)


def _draw_block(
    draw: ImageDraw.ImageDraw, block: _Block, xy: tuple[int, int], fill: tuple[int, int, int]
) -> int:
    """Draw a fitted block top-left at ``xy``; returns the y just below it."""
    face = font(block.size, block.bold)
    x, y = xy
    for line in block.lines:
        draw.text((x, y), line, font=face, fill=fill)
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


def _framed(
    card: Image.Image, picture: Image.Image, xy: tuple[int, int], layout: CardLayout
) -> None:
    """Paste ``picture`` (cropped to the layout's square) in a rounded frame with a shadow."""
    draw = ImageDraw.Draw(card)
    x, y = xy
    size, border, radius = layout.photo, layout.px(_BORDER), layout.px(36)
    dx, dy = (layout.px(v) for v in _SHADOW_OFFSET)
    outer = (x - border, y - border, x + size + border, y + size + border)
    shadow = (outer[0] + dx, outer[1] + dy, outer[2] + dx, outer[3] + dy)
    draw.rounded_rectangle(shadow, radius + border, fill=_SHADOW)
    draw.rounded_rectangle(outer, radius + border, fill=_FRAME)
    card.paste(_cover(picture, size), xy, _round_mask(size, radius))


def three_parallels(identity: IdentityPackage, analysis: PetAnalysis) -> list[str]:
    """Exactly three parallels: the identity's own, topped up from the dominant traits."""
    chosen = [p for p in (clean_text(x) for x in identity.uncanny_parallels) if p][:3]
    for trait in analysis.dominant_traits:
        if len(chosen) >= 3:
            break
        key = trait.strip().lower().replace(" ", "_")
        phrase = clean_text(high_phrases().get(key, trait))
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
    layout: CardLayout = CARD,
) -> bytes:
    """Draw the "Separated at Birth?" card at ``layout``'s size and return it as RGB PNG bytes.

    Deterministic for the same inputs. ``career`` supplies the industry line
    under the avatar; the identity's job title and seniority are what is shown.
    """
    canvas = prepare_report_card(pet_photo, analysis, identity, career, layout)
    return finish_report_card(canvas, decode_png_rgb(avatar_png), layout)


def prepare_report_cards(
    pet_photo: Image.Image,
    analysis: PetAnalysis,
    identity: IdentityPackage,
    career: CareerProfile,
) -> list[Image.Image]:
    """Both sizes (:data:`CARD`, :data:`OG_CARD`) laid out, waiting for the avatar."""
    return [
        prepare_report_card(pet_photo, analysis, identity, career, layout)
        for layout in (CARD, OG_CARD)
    ]


def finish_report_cards(
    canvases: Sequence[Image.Image],
    avatar_png: bytes,
    beside: Callable[[Callable[[], bytes]], Future[bytes]] | None = None,
) -> ReportCards:
    """Paste the avatar into both canvases of :func:`prepare_report_cards`, encode as PNG.

    With ``beside`` (an executor's ``submit``), the Open Graph card is finished on
    another thread while this one finishes the full-size card (resizing and
    encoding release the GIL).
    """
    avatar = decode_png_rgb(avatar_png)
    card, og = canvases
    if beside is None:
        og_png = finish_report_card(og, avatar, OG_CARD)
        return ReportCards(card_png=finish_report_card(card, avatar, CARD), og_png=og_png)
    og_job = beside(lambda: finish_report_card(og, avatar, OG_CARD))
    card_png = finish_report_card(card, avatar, CARD)
    return ReportCards(card_png=card_png, og_png=og_job.result())


def finish_report_card(card: Image.Image, avatar: Image.Image, layout: CardLayout = CARD) -> bytes:
    """Paste the avatar and the badge into a :func:`prepare_report_card` canvas; encode as PNG.

    Split from the rest so the card can be laid out while the avatar renders.
    The badge goes last so that nothing is drawn over it.
    """
    _framed(card, avatar, layout.avatar_xy, layout)
    _draw_badge(ImageDraw.Draw(card), layout)
    return encode_png(card)


def prepare_report_card(
    pet_photo: Image.Image,
    analysis: PetAnalysis,
    identity: IdentityPackage,
    career: CareerProfile,
    layout: CardLayout = CARD,
) -> Image.Image:
    """Everything on the card except the avatar panel and the badge, as an RGB image."""
    card = Image.new("RGB", (layout.width, layout.height), _BG)
    draw = ImageDraw.Draw(card)
    _draw_header(draw, layout)
    _framed(card, pet_photo, layout.pet_xy, layout)
    _draw_captions(draw, analysis, career, layout)
    y = _draw_identity(draw, identity, layout)
    _draw_parallels(draw, three_parallels(identity, analysis), y, layout)
    footer = fit_text(
        FOOTER,
        layout.width - 2 * layout.margin,
        layout.px(26),
        max_size=layout.type_px(18),
        min_size=10,
    )
    _draw_block(draw, footer, (layout.margin, layout.height - layout.px(44)), _MUTED)
    return card


def _draw_header(draw: ImageDraw.ImageDraw, layout: CardLayout) -> None:
    """The header band with the title and the brand."""
    band = layout.header_height
    draw.rectangle((0, 0, layout.width, band), fill=_HEADER)
    draw.rectangle((0, band, layout.width, band + layout.px(6)), fill=_ACCENT)
    title_font = font(layout.type_px(60), bold=True)
    draw.text((layout.margin, band // 2), TITLE, font=title_font, fill=_WHITE, anchor="lm")
    brand = "PetAvatar"
    brand_font = font(layout.type_px(28))
    draw.text(
        (layout.width - layout.margin, band // 2),
        brand,
        font=brand_font,
        fill=(170, 184, 214),
        anchor="rm",
    )


def _draw_badge(draw: ImageDraw.ImageDraw, layout: CardLayout) -> None:
    """The "=" badge in the gap between the two framed pictures."""
    cx, cy = layout.badge_center
    r = layout.badge_radius
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_ACCENT, outline=_WHITE, width=layout.px(5))
    draw.text((cx, cy), "=", font=font(layout.type_px(50), bold=True), fill=_WHITE, anchor="mm")


def _draw_captions(
    draw: ImageDraw.ImageDraw, analysis: PetAnalysis, career: CareerProfile, layout: CardLayout
) -> None:
    """Captions under the pictures: breed/species and vibe; industry and work style."""
    photo, px, type_px = layout.photo, layout.px, layout.type_px
    pet_x, top = layout.pet_xy
    below = top + photo + px(28)
    species = analysis.species.replace("_", " ")
    breed_line = clean_text(f"{analysis.breed} \u00b7 {species}") or species
    pet_block = fit_text(
        breed_line, photo, px(40), max_size=type_px(28), min_size=type_px(16), bold=True
    )
    _draw_block(draw, pet_block, (pet_x, below), _INK)
    vibe = f"Vibe: {clean_text(analysis.vibe) or 'unmistakable'}"
    vibe_block = fit_text(vibe, photo, px(76), max_size=type_px(24), min_size=type_px(14))
    _draw_block(draw, vibe_block, (pet_x, below + px(46)), _MUTED)
    human_caption = fit_text(
        clean_text(f"{career.industry} \u00b7 {career.work_style}") or "Professional",
        photo,
        px(76),
        max_size=type_px(24),
        min_size=type_px(14),
    )
    _draw_block(draw, human_caption, (layout.avatar_xy[0], below), _MUTED)


def _draw_identity(draw: ImageDraw.ImageDraw, identity: IdentityPackage, layout: CardLayout) -> int:
    """Name, title and match score in the right column; returns the y below them."""
    px, type_px, width = layout.px, layout.type_px, layout.column_w
    x, y = layout.column_x, px(150)
    name = clean_text(identity.human_name) or "?"
    name_block = fit_text(
        name, width, px(120), max_size=type_px(52), min_size=type_px(22), spacing=1.15, bold=True
    )
    y = _draw_block(draw, name_block, (x, y), _INK) + px(6)
    title = clean_text(f"{identity.job_title} \u00b7 {identity.seniority.capitalize()}")
    title_block = fit_text(
        title or "Professional", width, px(72), max_size=type_px(28), min_size=type_px(16)
    )
    y = _draw_block(draw, title_block, (x, y), _MUTED) + px(18)
    score = f"{identity.similarity_score}%"
    score_font = font(type_px(104), bold=True)
    draw.text((x, y), score, font=score_font, fill=_ACCENT)
    label_x = x + int(score_font.getlength(score)) + px(22)
    draw.text((label_x, y + px(28)), "MATCH", font=font(type_px(26), bold=True), fill=_INK)
    draw.text((label_x, y + px(64)), "pet-to-human similarity", font=font(type_px(20)), fill=_MUTED)
    return y + px(140)


def _draw_parallels(
    draw: ImageDraw.ImageDraw, items: list[str], y: int, layout: CardLayout
) -> None:
    """The numbered "uncanny parallels" list, fitted into the space left."""
    px, type_px = layout.px, layout.type_px
    x = layout.column_x
    draw.text((x, y), "UNCANNY PARALLELS", font=font(type_px(22), bold=True), fill=_HEADER)
    y += px(42)
    bottom = layout.height - px(60)
    dot = px(30)
    for number, text in enumerate(items, start=1):
        room = (bottom - y) // (len(items) - number + 1) - px(20)
        block = fit_text(
            text,
            layout.column_w - px(46),
            max(px(30), room),
            max_size=type_px(24),
            min_size=type_px(14),
        )
        draw.ellipse((x, y + px(2), x + dot, y + px(2) + dot), fill=_ACCENT)
        draw.text(
            (x + dot // 2, y + px(2) + dot // 2),
            str(number),
            font=font(type_px(18), bold=True),
            fill=_WHITE,
            anchor="mm",
        )
        y = max(_draw_block(draw, block, (x + px(46), y + px(2)), _INK), y + px(34)) + px(20)
