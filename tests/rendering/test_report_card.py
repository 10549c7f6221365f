"""The "Separated at Birth?" card: both sizes, shows the avatar, nothing clipped, text fits."""

from __future__ import annotations

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.providers.local.avatar import render_avatar
from petavatar.rendering.fonts import clean_text, font, font_path
from petavatar.rendering.png import encode_png
from petavatar.rendering.report_card import (
    CARD,
    HEIGHT,
    OG_CARD,
    WIDTH,
    CardLayout,
    finish_report_cards,
    fit_text,
    prepare_report_cards,
    render_report_card,
    three_parallels,
)
from tests.support.builders import make_analysis, make_identity, open_png, pet_photo

AVATAR_BOX = (*CARD.avatar_xy, CARD.avatar_xy[0] + CARD.photo, CARD.avatar_xy[1] + CARD.photo)

HOSTILE_NAMES = [
    "Maximilian Bartholomew Fitzgerald-Worthington of Little Snoring",  # 60+ chars
    "Zoë Ångström-Núñez — Ph.D. 🐶🐾",
    "山田 太郎",
    "김민준 · さくら · サクラ",
    "Αλέξανδρος Παπαδόπουλος",
    "Жанна Дарк-Щукина",
    "שרה לוי",
    "محمد الفاسي",
    "Արամ Խաչատրյան · ნინო",
    "Nguyễn Thị Minh Khai",
    "देवी प्रसाद",
    "สมชาย",
    "A" * 90,
    "\u202eevil\u200b\x00 name\n with\ttabs\ufeff\U000e0001",
    "Łukasz Ødegaard-Æsir ß Œuvre ™ € → ←",
]


@pytest.fixture(scope="module")
def avatar_png() -> bytes:
    from tests.support.builders import make_career

    return render_avatar(make_analysis(), make_career()).png


def test_card_is_a_png_of_the_expected_size(
    avatar_png: bytes, analysis: PetAnalysis, identity: IdentityPackage, career: CareerProfile
) -> None:
    card = open_png(render_report_card(pet_photo(), avatar_png, analysis, identity, career))
    assert card.size == (WIDTH, HEIGHT)
    assert card.mode == "RGB"


def test_card_contains_the_avatar(
    avatar_png: bytes, analysis: PetAnalysis, identity: IdentityPackage, career: CareerProfile
) -> None:
    card = open_png(render_report_card(pet_photo(), avatar_png, analysis, identity, career))
    region = card.crop(AVATAR_BOX).convert("RGB")
    expected = open_png(avatar_png).convert("RGB").resize(region.size, Image.Resampling.BICUBIC)
    inner = (40, 40, region.width - 40, region.height - 40)  # skip the rounded corners
    a = np.asarray(region.crop(inner), dtype=np.float64)
    b = np.asarray(expected.crop(inner), dtype=np.float64)
    assert np.abs(a - b).mean() < 6


def test_card_is_deterministic(
    avatar_png: bytes, analysis: PetAnalysis, identity: IdentityPackage, career: CareerProfile
) -> None:
    photo = pet_photo((800, 600))
    first = render_report_card(photo, avatar_png, analysis, identity, career)
    assert first == render_report_card(photo, avatar_png, analysis, identity, career)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_long_and_weird_names_do_not_crash(
    name: str, avatar_png: bytes, analysis: PetAnalysis, career: CareerProfile
) -> None:
    identity = make_identity(name=name, title="Senior Vice President of " + "Synergy " * 12)
    weird = make_analysis(breed="Wire-haired Pointing Griffon Korthals 🐕", vibe="✨" * 50)
    card = open_png(render_report_card(pet_photo((90, 400)), avatar_png, weird, identity, career))
    assert card.size == (WIDTH, HEIGHT)


def _cmap(bold: bool) -> set[int]:
    with TTFont(str(font_path(bold))) as face:
        return set(face.getBestCmap())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_character_left_after_cleaning_has_a_glyph(name: str) -> None:
    regular, bold = _cmap(False), _cmap(True)
    cleaned = clean_text(name)
    assert cleaned, f"nothing left of {name!r}"
    missing = [c for c in cleaned if ord(c) not in regular or ord(c) not in bold]
    assert not missing, f"no glyph for {missing!r} in {cleaned!r}"
    for char in cleaned:
        if not char.isspace():  # drawn with ink, not the empty .notdef box
            assert font(40).getmask(char).getbbox() is not None, repr(char)


def test_covered_scripts_are_drawn_as_written() -> None:
    for text in (
        "Zoë — José",
        "Jemima → Zoë ← Ürsula",
        "Αλέξανδρος",
        "Жанна",
        "שרה",
        "محمد",
        "Արամ",
        "ნინო",
        "Nguyễn Thị",
        "Łukasz Ødegaard ß Œ € ™",
    ):
        assert clean_text(text) == text


def test_other_scripts_are_transliterated_and_symbols_without_glyphs_dropped() -> None:
    assert clean_text("山田 太郎") == "ShanTian TaiLang"
    assert clean_text("김민준") == "GimMinJun"
    assert clean_text("🐶 Rex 🐾") == "Rex"
    assert clean_text("\x00\u200b\ufeff") == ""
    assert clean_text("a\nb\tc") == "a b c"


def test_three_parallels_are_topped_up_from_traits() -> None:
    analysis = make_analysis(traits=["confidence", "boundless energy", "naps_at_desk"])
    assert len(three_parallels(make_identity(parallels=[]), analysis)) == 3
    one = three_parallels(make_identity(parallels=["Both nap at noon"]), analysis)
    assert one[0] == "Both nap at noon"
    assert len(one) == 3
    assert "Both: unshakeable self-assurance" in one
    five = ["one", "two", "three", "four", "five"]
    assert three_parallels(make_identity(parallels=five), analysis) == five[:3]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=200
    ),
    width=st.integers(40, 600),
    height=st.integers(20, 200),
)
def test_fit_text_never_overflows(text: str, width: int, height: int) -> None:
    block = fit_text(text, width, height, max_size=40, min_size=12)
    face = font(block.size)
    assert all(face.getlength(line) <= width for line in block.lines)
    assert len(block.lines) * block.line_height <= max(height, block.line_height)


# -- layout: nothing clipped ----------------------------------------------------------------

_PET_BLUE = (20, 60, 230)
_AVATAR_GREEN = (20, 200, 40)


def _solid_cards(identity: IdentityPackage, career: CareerProfile) -> dict[str, Image.Image]:
    """Both sizes with a solid blue pet and a solid green avatar, so intrusions show."""
    avatar = encode_png(Image.new("RGB", (1024, 1024), _AVATAR_GREEN))
    analysis = make_analysis(breed="Wire-haired Pointing Griffon Korthals", vibe="CFO energy")
    canvases = prepare_report_cards(
        Image.new("RGB", (800, 600), _PET_BLUE), analysis, identity, career
    )
    cards = finish_report_cards(canvases, avatar)
    return {"card": open_png(cards.card_png), "og": open_png(cards.og_png)}


@pytest.fixture(scope="module")
def solid_cards() -> dict[str, Image.Image]:
    from tests.support.builders import make_career

    long_name = make_identity(
        name="Maximilian Bartholomew Fitzgerald-Worthington of Little Snoring",
        title="Senior Vice President of " + "Synergy " * 12,
        parallels=["Investigates every new box → Jemima investigates every new spreadsheet"] * 3,
    )
    return _solid_cards(long_name, make_career())


LAYOUTS = {"card": CARD, "og": OG_CARD}


def test_og_variant_is_1200_by_630(solid_cards: dict[str, Image.Image]) -> None:
    assert solid_cards["og"].size == (1200, 630)
    assert solid_cards["card"].size == (1600, 900)


@pytest.mark.parametrize("size", ["card", "og"])
def test_badge_sits_in_the_gap_clear_of_both_frames(size: str) -> None:
    layout = LAYOUTS[size]
    cx, cy = layout.badge_center
    r = layout.badge_radius
    border = layout.px(10)
    pet_right = layout.pet_xy[0] + layout.photo + border + layout.px(8)  # frame + shadow
    avatar_left = layout.avatar_xy[0] - border
    assert pet_right < cx - r and cx + r < avatar_left
    assert layout.pet_xy[1] < cy - r and cy + r < layout.pet_xy[1] + layout.photo


@pytest.mark.parametrize("size", ["card", "og"])
def test_badge_is_drawn_whole(solid_cards: dict[str, Image.Image], size: str) -> None:
    layout, card = LAYOUTS[size], solid_cards[size]
    cx, cy = layout.badge_center
    r = layout.badge_radius
    pixels = np.asarray(card, dtype=np.int32)
    ys, xs = np.mgrid[cy - r : cy + r + 1, cx - r : cx + r + 1]
    inside = (xs - cx) ** 2 + (ys - cy) ** 2 <= (r - 2) ** 2
    disk = pixels[cy - r : cy + r + 1, cx - r : cx + r + 1][inside]
    accent = np.array([229, 112, 64])
    white = np.array([255, 255, 255])
    # every pixel of the disk is the badge's orange, white, or a blend of the two
    span = white - accent
    t = np.clip(((disk - accent) @ span) / float(span @ span), 0, 1)
    blend = accent + t[:, None] * span
    assert np.abs(disk - blend).max() <= 12, "something is drawn over the badge"
    # the orange ring reaches both sides and the "=" is drawn in white in the middle
    for x in (cx - r + 7, cx + r - 7):
        assert np.abs(pixels[cy, x] - accent).max() <= 12
    centre = pixels[cy - r // 2 : cy + r // 2, cx - r // 2 : cx + r // 2]
    assert (np.abs(centre - white).max(axis=-1) <= 12).sum() > r


@pytest.mark.parametrize("size", ["card", "og"])
def test_nothing_is_drawn_in_the_side_margins(
    solid_cards: dict[str, Image.Image], size: str
) -> None:
    layout, card = LAYOUTS[size], solid_cards[size]
    pixels = np.asarray(card, dtype=np.int32)
    body = pixels[layout.header_height + layout.px(8) :]
    edge = layout.margin * 3 // 4
    background = np.array([246, 243, 237])
    for strip in (body[:, :edge], body[:, -edge:], body[-layout.px(12) :, :]):
        assert np.abs(strip - background).max() == 0


@pytest.mark.parametrize("size", ["card", "og"])
def test_pictures_fill_their_frames(solid_cards: dict[str, Image.Image], size: str) -> None:
    layout, card = LAYOUTS[size], solid_cards[size]
    pixels = np.asarray(card, dtype=np.int32)
    inset = layout.px(40)
    for (x, y), colour in ((layout.pet_xy, _PET_BLUE), (layout.avatar_xy, _AVATAR_GREEN)):
        inner = pixels[y + inset : y + layout.photo - inset, x + inset : x + layout.photo - inset]
        assert np.abs(inner - np.array(colour)).max() <= 2


def test_layout_scales_the_design_and_gives_spare_width_to_the_text() -> None:
    wide = CardLayout(1600, 900, 1.0)
    assert wide.column_x + wide.column_w + wide.margin == wide.width
    assert OG_CARD.column_w > OG_CARD.px(CARD.column_w)
