"""Every background scene is valid SVG that rasterises to a non-blank picture."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import get_args

import numpy as np
import pytest
import resvg_py
from PIL import Image

from petavatar.domain.models import BACKGROUND_SETTINGS, BackgroundSetting
from petavatar.providers.local import scenes
from petavatar.providers.local.scenes import SCENE_KEYWORDS, scene_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
DRAWN = sorted(scenes._DRAWERS)
"""Every setting the renderer draws (a superset of the model's settings)."""


@pytest.mark.parametrize("setting", DRAWN)
def test_scene_parses_and_rasterises(setting: BackgroundSetting) -> None:
    svg = scene_svg(setting, seed=42)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.attrib["viewBox"] == "0 0 1024 1024"
    assert len(root) > 3, "a scene is more than a flat fill"

    png = resvg_py.svg_to_bytes(svg_string=svg, width=256, height=256)
    image = Image.open(io.BytesIO(bytes(png))).convert("RGB")
    assert image.size == (256, 256)
    pixels = np.asarray(image, dtype=np.float64)
    assert pixels.std() > 8, "the scene has visible structure"


@pytest.mark.parametrize("setting", DRAWN)
def test_scene_is_deterministic_per_seed(setting: BackgroundSetting) -> None:
    assert scene_svg(setting, 7) == scene_svg(setting, 7)
    variants = {scene_svg(setting, seed) for seed in range(6)}
    assert len(variants) > 1, "the seed varies the scene"


def test_keywords_cover_every_setting() -> None:
    assert set(SCENE_KEYWORDS) >= set(get_args(BackgroundSetting)) == set(BACKGROUND_SETTINGS)
    assert all(phrase.strip() for phrase in SCENE_KEYWORDS.values())
    assert len(set(SCENE_KEYWORDS.values())) == len(SCENE_KEYWORDS)


def test_scenes_contain_no_text_or_filters() -> None:
    """No fonts are needed and nothing slow (filters) is used."""
    for setting in DRAWN:
        svg = scene_svg(setting, 1)
        assert "<text" not in svg
        assert "<filter" not in svg


def test_every_setting_has_a_drawer() -> None:
    """Fails as soon as the model gains a setting the renderer cannot draw."""
    missing = set(get_args(BackgroundSetting)) - set(scenes._DRAWERS)
    assert not missing, f"settings without a scene: {sorted(missing)}"
    assert set(scenes._DRAWERS) == set(SCENE_KEYWORDS)
