"""The avatar's range: every outfit and scene renders, outfits fit the job, gradients are
smooth, and the fixture pets get distinct, stable faces."""

from __future__ import annotations

import io
from typing import get_args

import numpy as np
import pytest
from PIL import Image

from petavatar.domain.models import AttireStyle, BackgroundSetting, CareerProfile
from petavatar.providers.local import attire, scenes
from petavatar.providers.local.avatar import ATTIRE_KEYWORDS, compose_svg, render_avatar
from petavatar.providers.local.look import _TOPS, GLASSES, HEAD_SHAPES, NOSES, head_path
from petavatar.providers.local.provider import LocalProvider
from tests.conftest import SHARED_PETS
from tests.support.avatar_variety import dhash, distinct_count, near_twin_pairs, pet_cases
from tests.support.builders import make_analysis, make_career

STAR_BADGE = "M142 52l1.5 3.2"


def _career(
    attire_style: str = "suit", background: str = "linkedin_blue_gradient"
) -> CareerProfile:
    """A career with any attire/background the renderer draws (even ahead of the model)."""
    return make_career().model_copy(
        update={"attire_style": attire_style, "background_setting": background}
    )


def test_every_model_value_has_a_rendering() -> None:
    """Fails as soon as the model gains an attire style or setting the renderer lacks."""
    assert not set(get_args(AttireStyle)) - set(attire.OUTFITS)
    assert not set(get_args(BackgroundSetting)) - set(scenes._DRAWERS)
    for key, outfit in attire.OUTFITS.items():
        assert ATTIRE_KEYWORDS[key] in outfit.phrase


@pytest.mark.parametrize("style", sorted(attire.OUTFITS))
def test_every_outfit_renders_and_differs_from_the_suit(style: str) -> None:
    analysis = make_analysis(label="outfit")
    avatar = render_avatar(analysis, _career(style))
    assert avatar.parameters["attire"] == style
    assert attire.OUTFITS[style].keyword in avatar.prompt
    if style != "suit":
        suit = np.asarray(Image.open(io.BytesIO(render_avatar(analysis, _career()).png)))
        mine = np.asarray(Image.open(io.BytesIO(avatar.png)))
        torso = (slice(800, 1024), slice(200, 824))
        assert np.abs(mine[torso].astype(int) - suit[torso]).mean() > 3


def test_only_the_police_wear_the_star_badge() -> None:
    analysis = make_analysis()
    with_badge = {
        style for style in attire.OUTFITS if STAR_BADGE in compose_svg(analysis, _career(style))[0]
    }
    assert with_badge == {"uniform"}
    assert "ranger" in attire.OUTFITS["ranger_uniform"].phrase
    assert "police" in attire.OUTFITS["uniform"].phrase


@pytest.mark.parametrize(
    ("setting", "marker"),
    [
        ("aquarium_tanks", "aquarium"),
        ("wine_cellar", "cellar"),
        ("dining_room", "dining"),
        ("courtroom", "courtroom"),
        ("veterinary_clinic", "clinic"),
    ],
)
def test_scenes_are_named_for_their_setting(setting: str, marker: str) -> None:
    _, parameters, prompt = compose_svg(make_analysis(), _career(background=setting))
    assert parameters["background"] == setting
    assert marker in prompt


def test_aquarium_scene_is_water_not_a_lab() -> None:
    """The aquarium is mostly blue-green water; the lab is mostly white tiles."""

    def mean_rgb(setting: str) -> np.ndarray:
        import resvg_py

        png = resvg_py.svg_to_bytes(svg_string=scenes.scene_svg(setting, 3), width=128, height=128)
        return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"), float).mean((0, 1))

    aquarium, lab = mean_rgb("aquarium_tanks"), mean_rgb("lab")
    assert aquarium[2] > aquarium[0] + 30
    assert lab.mean() > aquarium.mean() + 60


def max_step(pixels: np.ndarray) -> int:
    """The largest colour step between neighbouring rows and columns of the backdrop:
    the top band (above any hair) and the side strips (beside any shoulders)."""
    regions = (pixels[:110, :], pixels[:700, :30], pixels[:700, -30:])
    return max(
        int(np.abs(np.diff(region, axis=axis)).max()) for region in regions for axis in (0, 1)
    )


@pytest.mark.parametrize("seed", range(4))
def test_gradient_background_has_no_bands(seed: int) -> None:
    avatar = render_avatar(make_analysis(label=f"grad-{seed}"), _career())
    pixels = np.asarray(Image.open(io.BytesIO(avatar.png)).convert("RGB"), dtype=int)
    assert max_step(pixels) <= 2


def test_head_shapes_and_noses_change_the_face() -> None:
    paths = {head_path(shape) for shape in HEAD_SHAPES}
    assert len(paths) == len(HEAD_SHAPES)
    career = _career()
    seen = {
        (p["headShape"], p["nose"])
        for p in (
            compose_svg(make_analysis(label=f"pet-{i}", breed="Beagle"), career)[1]
            for i in range(60)
        )
    }
    assert len({h for h, _ in seen}) >= 4 and len({n for _, n in seen}) >= 4
    assert set(NOSES) >= {n for _, n in seen}


def test_flat_and_long_faced_breeds_get_their_face() -> None:
    for i in range(10):
        pug = compose_svg(make_analysis(label=f"p{i}", breed="Pug"), _career())[1]
        whippet = compose_svg(make_analysis(label=f"p{i}", breed="Whippet"), _career())[1]
        assert pug["headShape"] in {"round", "wide"} and pug["nose"] != "long"
        assert whippet["headShape"] in {"long", "oval"}


@pytest.fixture(scope="module")
def fixture_cases(classifier):  # type: ignore[no-untyped-def]
    if not (SHARED_PETS / "manifest.csv").exists():
        pytest.skip("shared fixtures not present")
    return pet_cases(SHARED_PETS, LocalProvider(classifier=classifier), step=3)


def test_fixture_pets_get_distinct_avatars(fixture_cases) -> None:  # type: ignore[no-untyped-def]
    """Measured over all 188 fixture pets: 0 near-twin pairs at 20 bits (see the bench)."""
    hashes = [
        dhash(render_avatar(c.analysis, c.career, presentation=c.presentation).png)
        for c in fixture_cases
    ]
    assert len(fixture_cases) >= 50
    assert distinct_count(hashes, 20) >= 0.95 * len(hashes)
    assert len(near_twin_pairs(hashes, 12)) <= 1


def test_same_photo_gives_a_byte_identical_avatar(fixture_cases) -> None:  # type: ignore[no-untyped-def]
    case = fixture_cases[0]
    first = render_avatar(case.analysis, case.career, presentation=case.presentation)
    again = render_avatar(case.analysis, case.career, presentation=case.presentation)
    assert first.png == again.png and first.parameters == again.parameters


def test_no_costume_pieces_in_a_headshot() -> None:
    """Hats, headscarves, flower crowns and tinted lenses are never chosen for a pet."""
    tops = {top for options in _TOPS.values() for top in options}
    costume = {"hat", "hijab", "turban", "frida", "winterHat1", "winterHat02", "winterHat03"}
    assert not tops & costume
    assert not set(GLASSES) & {"kurt", "sunglasses", "wayfarers", "eyepatch"}
