"""The "Separated at Birth?" card: right size, shows the avatar, text always fits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.providers.local.avatar import render_avatar
from petavatar.rendering.report_card import (
    HEIGHT,
    WIDTH,
    _font,
    clean_text,
    fit_text,
    render_report_card,
    three_parallels,
)
from tests.support.builders import make_analysis, make_identity, open_png, pet_photo

AVATAR_BOX = (540, 160, 980, 600)  # where the card frames the avatar


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


@pytest.mark.parametrize(
    "name",
    [
        "Maximilian Bartholomew Fitzgerald-Worthington of Little Snoring",  # 60+ chars
        "Zoë Ångström-Núñez — Ph.D. 🐶🐾",
        "山田 太郎",
        "A" * 90,
        "\u202eevil\u200b\x00 name\n with\ttabs",
    ],
)
def test_long_and_weird_names_do_not_crash(
    name: str, avatar_png: bytes, analysis: PetAnalysis, career: CareerProfile
) -> None:
    identity = make_identity(name=name, title="Senior Vice President of " + "Synergy " * 12)
    weird = make_analysis(breed="Wire-haired Pointing Griffon Korthals 🐕", vibe="✨" * 50)
    card = open_png(render_report_card(pet_photo((90, 400)), avatar_png, weird, identity, career))
    assert card.size == (WIDTH, HEIGHT)


def test_three_parallels_are_topped_up_from_traits() -> None:
    analysis = make_analysis(traits=["confidence", "boundless energy", "naps_at_desk"])
    assert len(three_parallels(make_identity(parallels=[]), analysis)) == 3
    one = three_parallels(make_identity(parallels=["Both nap at noon"]), analysis)
    assert one[0] == "Both nap at noon"
    assert len(one) == 3
    assert "Both: unshakeable self-assurance" in one
    five = ["one", "two", "three", "four", "five"]
    assert three_parallels(make_identity(parallels=five), analysis) == five[:3]


def test_clean_text_transliterates_for_the_builtin_font() -> None:
    assert clean_text("Zoë — José\n") == "Zoe - Jose"
    assert clean_text("🐶 Rex 🐾") == "Rex"
    assert clean_text("\x00\u200b") == ""


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
    font = _font(block.size)
    assert all(font.getlength(line) <= width for line in block.lines)
    assert len(block.lines) * block.line_height <= max(height, block.line_height)
