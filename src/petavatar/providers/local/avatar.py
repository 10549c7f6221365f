"""The offline avatar: an illustrated human headshot whose look echoes the pet.

The face and hair come from the DiceBear ``avataaars`` style (the only bundled
style with business clothing: blazers, collars, sweaters). The face is chosen
from the pet by :mod:`petavatar.providers.local.look` (hair colour and style,
head shape, nose, facial hair, glasses, expression, skin tone); the head shapes
and noses the style lacks are ours, swapped into its markup. The career's
outfit comes from :mod:`petavatar.providers.local.attire` (the style's clothes
plus our overlay on the torso, inserted right after the style's clothes so hair
and beards stay on top) and its scene from :mod:`petavatar.providers.local.scenes`
goes behind.

Everything is composed into one SVG and rasterised once with resvg at
:data:`RENDER_SIZE`, then upscaled to the output size with Pillow (bicubic),
which also gives the background a soft, slightly out-of-focus look. Every
choice is seeded from ``analysis.photo_fingerprint`` so the same inputs give
byte-identical PNGs and different pets get different faces (the fingerprint is
also DiceBear's ``seed``).

DiceBear and resvg are imported on the first render, not with this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.resources
import io
import json
import random
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PIL import Image

from petavatar.domain.models import AttireStyle, AvatarImage, CareerProfile, PetAnalysis
from petavatar.providers.local.attire import OUTFITS, dress
from petavatar.providers.local.look import (
    NOSES,
    PRESENTATIONS,
    TOP_WORDS,
    Look,
    choose_look,
    fingerprint_seed,
    hair_for_coat,
    head_path,
)
from petavatar.providers.local.scenes import SCENE_KEYWORDS, scene_body, shade
from petavatar.rendering.png import encode_png

if TYPE_CHECKING:
    from dicebear import Style

__all__ = [
    "ATTIRE_KEYWORDS",
    "PRESENTATIONS",
    "compose_svg",
    "encode_png",
    "fingerprint_seed",
    "hair_for_coat",
    "preload",
    "render_avatar",
]

STYLE_NAME: Final[str] = "avataaars"
RENDER_SIZE: Final[int] = 512
"""Size resvg rasterises at before the bicubic upscale (see the module docstring)."""

# Avatar placement in the 1024 scene: the 280-unit avataaars canvas is scaled so
# the shoulders fill the bottom edge and the head sits in the upper middle.
_CANVAS: Final[float] = 280.0
_SCALE: Final[float] = 3.4
_OFFSET_X: Final[float] = (1024 - _CANVAS * _SCALE) / 2
_OFFSET_Y: Final[float] = 1024 - _CANVAS * _SCALE

ATTIRE_KEYWORDS: Final[dict[AttireStyle, str]] = {key: o.keyword for key, o in OUTFITS.items()}
"""Keyword for each attire style; it always appears verbatim in the avatar prompt."""
_ATTIRE_PHRASES: Final[dict[AttireStyle, str]] = {key: o.phrase for key, o in OUTFITS.items()}


_STYLE_LOCK = threading.Lock()
_loaded_styles: dict[str, Style] = {}


def avatar_style(cache_dir: Path | None = None) -> Style:
    """The parsed avataaars style, loaded once per process.

    DiceBear checks a style definition against its JSON schema on every load
    (~0.3 s). With ``cache_dir``, a marker file there records that this exact
    definition passed under this DiceBear version, and later processes skip the
    check; any change to the style, the schema or DiceBear checks it again.
    """
    with _STYLE_LOCK:
        style = _loaded_styles.get(STYLE_NAME)
        if style is None:
            style = _loaded_styles[STYLE_NAME] = _load_style(cache_dir)
        return style


def preload(cache_dir: Path | None = None) -> None:
    """Parse the DiceBear style now, so the first :func:`render_avatar` call is fast."""
    avatar_style(cache_dir)


def _load_style(cache_dir: Path | None) -> Style:
    from dicebear import Style

    raw = (importlib.resources.files("dicebear_styles") / f"{STYLE_NAME}.json").read_bytes()
    marker = _validated_marker(cache_dir, raw) if cache_dir is not None else None
    if marker is not None and marker.exists():
        return prevalidated_style(json.loads(raw))
    style = Style(json.loads(raw))
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return style


def _validated_marker(cache_dir: Path, raw: bytes) -> Path:
    """The marker that says this style definition passed DiceBear's schema check."""
    schema = (importlib.resources.files("dicebear_schema") / "definition.json").read_bytes()
    digest = hashlib.sha256(raw)
    digest.update(schema)
    digest.update(importlib.metadata.version("dicebear-core").encode())
    return cache_dir / f"dicebear-{STYLE_NAME}-{digest.hexdigest()[:16]}.validated"


def prevalidated_style(definition: dict[str, Any]) -> Style:
    """``Style(definition)`` without the JSON-schema check, for a definition that passed it.

    DiceBear has no public switch for this, so the object is assembled the way
    ``Style.__init__`` does it; the test suite checks it equals a validated
    ``Style`` attribute for attribute. Cross-references are still checked.
    """
    from dicebear import Style

    style = Style.__new__(Style)
    vars(style).update(_data=definition, _meta=None, _canvas=None, _components=None, _colors=None)
    style._validate_aliases()
    return style


def _options(look: Look, clothes: str, clothes_color: str, fingerprint: str) -> dict[str, Any]:
    """The DiceBear options for a look; every visible choice is pinned explicitly."""
    options: dict[str, Any] = {
        "seed": fingerprint,
        "skinColor": [look.skin],
        "hairColor": [look.hair_hex],
        "facialHairColor": [shade(look.hair_hex, -0.1)],
        "clothesVariant": [clothes],
        "clothesColor": [clothes_color],
        "eyesVariant": [look.eyes],
        "eyebrowsVariant": [look.eyebrows],
        "mouthVariant": [look.mouth],
        "topProbability": 0 if look.top is None else 100,
        "facialHairProbability": 0 if look.facial_hair is None else 100,
        "accessoriesProbability": 0 if look.glasses is None else 100,
        "accessoriesColor": [look.glasses_color],
    }
    if look.top is not None:
        options["topVariant"] = [look.top]
    if look.facial_hair is not None:
        options["facialHairVariant"] = [look.facial_hair]
    if look.glasses is not None:
        options["accessoriesVariant"] = [look.glasses]
    return options


_DEFS_RE: Final[re.Pattern[str]] = re.compile(r"<defs>(.*)</defs>", re.S)
_BODY_RE: Final[re.Pattern[str]] = re.compile(r"</defs><g[^>]*>(.*)</g></svg>\s*$", re.S)
_CLOTHES_USE_RE: Final[re.Pattern[str]] = re.compile(r'<use [^>]*href="#clothes-[^"]*"/>')


_NOSE_RE: Final[re.Pattern[str]] = re.compile(r'(<g id="nose-[^"]*">).*?(</g>)', re.S)
_HEAD_RE: Final[re.Pattern[str]] = re.compile(r'd="M140 36a56 56 0 0 0-56 56v6\.17[^"]*"')


def _reshape(svg: str, look: Look) -> str:
    """Swap our head shape and nose into the style's markup."""
    svg = _HEAD_RE.sub(f'd="{head_path(look.head)}"', svg, count=1)
    return _NOSE_RE.sub(lambda m: m.group(1) + NOSES[look.nose] + m.group(2), svg, count=1)


def _avatar_markup(svg: str, overlay: str) -> str:
    """The avatar's defs and elements, unclipped, with the overlay after the clothes.

    The style wraps everything in a full-canvas ``clip-path`` that does nothing
    here but costs resvg ~30% of the render, so the wrapper is dropped.
    """
    defs_match = _DEFS_RE.search(svg)
    body_match = _BODY_RE.search(svg)
    if defs_match is None or body_match is None:  # unexpected layout: embed as-is
        inner = svg[svg.index(">") + 1 : svg.rindex("</svg>")]
        return inner + (f'<g transform="translate(40 184.7)">{overlay}</g>' if overlay else "")
    body = body_match.group(1)
    if overlay:
        placed = f'<g transform="translate(40 184.7)">{overlay}</g>'
        use = _CLOTHES_USE_RE.search(body)
        if use is None:
            body += placed
        else:
            body = body[: use.end()] + placed + body[use.end() :]
    return f"<defs>{defs_match.group(1)}</defs>{body}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


_PRESENTATION_WORDS: Final[dict[str, str]] = {"feminine": "woman", "masculine": "man"}


def _prompt(
    analysis: PetAnalysis, career: CareerProfile, look: Look, presentation: str | None
) -> str:
    """A natural-language description of the headshot (also the cloud image prompt)."""
    if look.top is None:
        hair = "a clean-shaven head" if look.facial_hair is None else "a shaved head"
    else:
        hair = f"{look.hair_name} {TOP_WORDS.get(look.top, 'styled')} hair"
    extras = [f"a {look.head} face"]
    if look.facial_hair is not None:
        extras.append("a moustache" if "moustache" in look.facial_hair else "a beard")
    if look.glasses is not None:
        extras.append("glasses")
    features = hair + "".join(
        (" and " if i == len(extras) - 1 else ", ") + e for i, e in enumerate(extras)
    )
    seniority = career.seniority
    person = _PRESENTATION_WORDS.get(presentation or "")
    who = f"{seniority} {career.job_title}" + (f" ({person})" if person else "")
    return (
        f"Professional headshot of {_article(seniority)} {who} "
        f"with {features}, wearing {_ATTIRE_PHRASES[career.attire_style]}, "
        f"in a {SCENE_KEYWORDS[career.background_setting]}, {look.face.mood} expression; "
        f"a human echo of a {analysis.breed} ({analysis.vibe})"
    )


def _parameters(
    options: dict[str, Any], look: Look, career: CareerProfile, presentation: str | None
) -> dict[str, str]:
    parameters = {
        key: ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
        for key, value in options.items()
    }
    parameters.update(
        {
            "style": STYLE_NAME,
            "hairColorName": look.hair_name,
            "hairStyle": look.top or "bald",
            "facialHair": look.facial_hair or "none",
            "presentation": presentation or "unknown",
            "glasses": look.glasses or "none",
            "expressionFamily": look.face.mood,
            "headShape": look.head,
            "nose": look.nose,
            "attire": career.attire_style,
            "background": career.background_setting,
            "renderSize": str(RENDER_SIZE),
        }
    )
    return parameters


def compose_svg(
    analysis: PetAnalysis, career: CareerProfile, *, presentation: str | None = None
) -> tuple[str, dict[str, str], str]:
    """The full 1024×1024 headshot SVG, its parameters and its prompt (no rasterising).

    ``presentation`` is how the persona's first name reads (``"feminine"``,
    ``"masculine"``, ``"unisex"``, or ``None`` when unknown); see
    :func:`petavatar.providers.local.look.choose_look`.
    """
    rng = random.Random(fingerprint_seed(analysis.photo_fingerprint))
    executive = career.seniority == "executive"
    look = choose_look(analysis, rng, executive=executive, presentation=presentation)
    clothes, clothes_color, overlay = dress(career.attire_style, rng)
    options = _options(look, clothes, clothes_color, analysis.photo_fingerprint)
    from dicebear import Avatar

    avatar_svg = _reshape(Avatar(avatar_style(), options).to_string(), look)
    scene_seed = rng.randrange(1 << 30)
    scene = scene_body(career.background_setting, scene_seed)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" '
        f'viewBox="0 0 1024 1024">{scene}'
        f'<g transform="translate({_OFFSET_X:g} {_OFFSET_Y:g}) scale({_SCALE:g})">'
        f"{_avatar_markup(avatar_svg, overlay)}</g></svg>"
    )
    parameters = _parameters(options, look, career, presentation)
    parameters["sceneSeed"] = str(scene_seed)
    return svg, parameters, _prompt(analysis, career, look, presentation)


def render_avatar(
    analysis: PetAnalysis,
    career: CareerProfile,
    *,
    size: int = 1024,
    presentation: str | None = None,
) -> AvatarImage:
    """Render the pet's human headshot as a ``size``×``size`` RGB PNG.

    Deterministic: the same analysis, career and presentation give byte-identical
    PNGs. ``size`` must be at least 1024 (the :class:`AvatarImage` contract).
    ``presentation`` is how the persona's first name reads, so the face agrees with
    the name (a feminine name never gets a beard); see :func:`compose_svg`.
    """
    if size < 1024:
        raise ValueError(f"avatar size must be at least 1024, got {size}")
    svg, parameters, prompt = compose_svg(analysis, career, presentation=presentation)
    import resvg_py

    raster = min(RENDER_SIZE, size)
    png = resvg_py.svg_to_bytes(svg_string=svg, width=raster, height=raster)
    with Image.open(io.BytesIO(bytes(png))) as small:
        image = small.convert("RGB")
    if raster != size:
        image = image.resize((size, size), Image.Resampling.BICUBIC)
    png = encode_png(image)
    return AvatarImage(png=png, width=size, height=size, prompt=prompt, parameters=parameters)
