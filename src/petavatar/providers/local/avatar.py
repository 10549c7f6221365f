"""The offline avatar: an illustrated human headshot whose look echoes the pet.

The face and hair come from the DiceBear ``avataaars`` style (the only bundled
style with business clothing: blazers, collars, sweaters). Its options are
chosen from the analysis: hair colour from the coat colour, hair style from
coat length and breed cues, facial hair from bearded breeds or a dignified
executive air, glasses for the problem solvers and agenda readers, eyes,
eyebrows and mouth from the photo's expression. The persona name's
``presentation`` keeps face and name in agreement: a feminine name never gets
facial hair and gets longer, feminine-leaning hair. Attire the style lacks (lab
coat, scrubs, uniform, chef whites, workwear) is drawn by us as an SVG overlay
on the torso, inserted right after the style's clothes so hair and beards stay
on top. The scene from :mod:`petavatar.providers.local.scenes` goes behind.

Everything is composed into one SVG and rasterised once with resvg. resvg's
rasteriser costs ~140 ms for a full-frame avatar at 1024² on a 2-core machine,
so the SVG is rasterised at :data:`RENDER_SIZE` and upscaled to the output size
with Pillow (bicubic), which also gives the background a soft, slightly
out-of-focus look. Every choice is seeded from ``analysis.photo_fingerprint``
so the same inputs give byte-identical PNGs and different pets get different
faces (the fingerprint is also DiceBear's ``seed``).

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PIL import Image

from petavatar.domain.models import (
    AttireStyle,
    AvatarImage,
    CareerProfile,
    PetAnalysis,
    base_attire,
)
from petavatar.providers.local.scenes import SCENE_KEYWORDS, mix, scene_body, shade
from petavatar.rendering.png import encode_png

if TYPE_CHECKING:
    from dicebear import Style

STYLE_NAME: Final[str] = "avataaars"
RENDER_SIZE: Final[int] = 512
"""Size resvg rasterises at before the bicubic upscale (see the module docstring)."""
"""zlib level for the output PNG: 1 is ~2× faster than 6 and only ~25% larger here."""

# Avatar placement in the 1024 scene: the 280-unit avataaars canvas is scaled so
# the shoulders fill the bottom edge and the head sits in the upper middle.
_CANVAS: Final[float] = 280.0
_SCALE: Final[float] = 3.4
_OFFSET_X: Final[float] = (1024 - _CANVAS * _SCALE) / 2
_OFFSET_Y: Final[float] = 1024 - _CANVAS * _SCALE

ATTIRE_KEYWORDS: Final[dict[AttireStyle, str]] = {
    "suit": "suit",
    "business_casual": "business casual",
    "creative_turtleneck": "black turtleneck",
    "scrubs": "scrubs",
    "lab_coat": "lab coat",
    "uniform": "uniform",
    "chef_whites": "chef whites",
    "outdoor_workwear": "workwear",
    "ranger_uniform": "ranger uniform",
    "firefighter_gear": "turnout coat",
    "aviation_uniform": "airline uniform",
    "athletic_wear": "athletic wear",
    "waistcoat": "waistcoat",
    "judicial_robe": "judicial robe",
    "hi_vis_workwear": "hi-vis",
    "work_apron": "apron",
    "tweed_blazer": "tweed blazer",
    "coveralls": "coveralls",
    "staff_polo": "polo shirt",
}
"""Keyword for each attire style; it always appears verbatim in the avatar prompt."""

_ATTIRE_PHRASES: Final[dict[AttireStyle, str]] = {
    "suit": "a tailored suit and tie",
    "business_casual": "business casual attire",
    "creative_turtleneck": "a black turtleneck",
    "scrubs": "medical scrubs with a stethoscope",
    "lab_coat": "a crisp white lab coat",
    "uniform": "a navy uniform with a badge",
    "chef_whites": "double-breasted chef whites",
    "outdoor_workwear": "rugged workwear with a hi-vis vest",
    "ranger_uniform": "a khaki ranger uniform with a green patch",
    "firefighter_gear": "a firefighter's turnout coat with reflective stripes",
    "aviation_uniform": "a navy airline uniform with gold wings",
    "athletic_wear": "fitted athletic wear",
    "waistcoat": "a dark waistcoat over a white shirt",
    "judicial_robe": "a black judicial robe",
    "hi_vis_workwear": "a hi-vis safety vest over a work shirt",
    "work_apron": "a canvas work apron",
    "tweed_blazer": "a tweed blazer with elbow patches",
    "coveralls": "work coveralls with a name patch",
    "staff_polo": "a branded staff polo shirt",
}

# Natural hair shades (name, hex). Coat colours snap to the nearest one and are
# then nudged 30% toward the real coat colour, so the echo is visible but the
# hair still reads as human hair.
_HAIR_SHADES: Final[tuple[tuple[str, str], ...]] = (
    ("jet-black", "#231815"),
    ("dark brown", "#4a312c"),
    ("chestnut brown", "#724133"),
    ("auburn", "#a55728"),
    ("copper-red", "#b8491f"),
    ("light brown", "#9a6a3f"),
    ("golden", "#c8963e"),
    ("honey blonde", "#d6b370"),
    ("platinum blonde", "#ecdcbf"),
    ("silver-grey", "#b9b6b3"),
    ("snow-white", "#ece8e4"),
)

_COLOR_NAME_HINTS: Final[dict[str, str]] = {
    "black": "#1c1c1c",
    "white": "#f2f2f2",
    "cream": "#eadcc0",
    "golden": "#d4a04c",
    "gold": "#d4a04c",
    "yellow": "#d8b454",
    "red": "#a8481f",
    "orange": "#c8702e",
    "ginger": "#c8702e",
    "brown": "#6e4a32",
    "chocolate": "#4e3024",
    "tan": "#b88b5a",
    "fawn": "#c9a27a",
    "grey": "#8d8d8d",
    "gray": "#8d8d8d",
    "silver": "#b5b5b5",
    "blue": "#7d8a99",
    "brindle": "#5e4533",
}

# The style's natural skin tones (its yellow and orange cartoon tones are left out:
# they read as costume, not as a professional headshot).
_SKIN_TONES: Final[tuple[str, ...]] = ("#614335", "#ae5d29", "#d08b5b", "#edb98a", "#ffdbb4")

_CURLY_CUES: Final[tuple[str, ...]] = (
    "poodle",
    "doodle",
    "bichon",
    "curly",
    "lagotto",
    "water dog",
    "bedlington",
    "kerry blue",
    "komondor",
    "puli",
    "rex",
    "lamb",
    "frise",
)
_LONG_CUES: Final[tuple[str, ...]] = (
    "long",
    "persian",
    "maine coon",
    "afghan",
    "yorkshire",
    "shih",
    "lhasa",
    "maltese",
    "collie",
    "sheltie",
    "shetland",
    "golden retriever",
    "setter",
    "spaniel",
    "newfoundland",
    "bernese",
    "samoyed",
    "ragdoll",
    "norwegian",
    "angora",
    "himalayan",
    "birman",
    "pekin",
    "chow",
    "keeshond",
    "pomeranian",
    "papillon",
    "tibetan",
    "saluki",
    "lionhead",
    "horse",
)
_WIRY_CUES: Final[tuple[str, ...]] = (
    "schnauzer",
    "terrier",
    "griffon",
    "wolfhound",
    "wire",
    "scottie",
    "westie",
    "airedale",
    "bearded",
    "otterhound",
    "affenpinscher",
    "deerhound",
)
_BEARD_CUES: Final[tuple[str, ...]] = (
    "schnauzer",
    "griffon",
    "wolfhound",
    "wire",
    "scottish",
    "scottie",
    "airedale",
    "bearded",
    "affenpinscher",
    "deerhound",
    "westie",
    "west highland",
    "maine coon",
    "goat",
)
_HAIRLESS_CUES: Final[tuple[str, ...]] = (
    "hairless",
    "sphynx",
    "chinese crested",
    "xolo",
    "peruvian inca",
    "skinny pig",
)

_LONG_TOPS: Final[tuple[str, ...]] = (
    "longButNotTooLong",
    "straight01",
    "straight02",
    "bob",
    "miaWallace",
    "bigHair",
    "straightAndStrand",
    "curvy",
    "shaggy",
)
_CURLY_TOPS: Final[tuple[str, ...]] = ("curly", "shortCurly", "fro", "frizzle", "bigHair")
_WIRY_TOPS: Final[tuple[str, ...]] = ("shortWaved", "shaggy", "sides", "frizzle", "shaggyMullet")
_SHORT_TOPS: Final[tuple[str, ...]] = (
    "shortFlat",
    "shortRound",
    "shortWaved",
    "theCaesar",
    "theCaesarAndSidePart",
    "sides",
    "bun",
)
_SLEEK_TOPS: Final[tuple[str, ...]] = ("theCaesar", "shortFlat", "theCaesarAndSidePart")

# Feminine-leaning variants for a persona whose first name reads as feminine. Curly,
# wiry and sleek coats keep their texture; other coats get longer styles (a short
# coat gets the neater, shorter of them).
_FEMININE_CURLY_TOPS: Final[tuple[str, ...]] = ("curly", "bigHair", "froBand", "curvy")
_FEMININE_WIRY_TOPS: Final[tuple[str, ...]] = ("shaggy", "frizzle", "bigHair")
_FEMININE_SLEEK_TOPS: Final[tuple[str, ...]] = ("miaWallace", "bob", "straight01", "straight02")
_FEMININE_SHORT_TOPS: Final[tuple[str, ...]] = (
    "bob",
    "miaWallace",
    "bun",
    "longButNotTooLong",
    "straight02",
    "straightAndStrand",
)

PRESENTATIONS: Final[tuple[str, ...]] = ("feminine", "masculine", "unisex")
"""Values ``presentation`` may take (the persona name's, see
:func:`petavatar.domain.naming.name_presentation`); ``None`` means unknown."""
_TOP_WORDS: Final[dict[str, str]] = {
    "longButNotTooLong": "long",
    "straight01": "long straight",
    "straight02": "long straight",
    "bob": "bobbed",
    "miaWallace": "sleek bobbed",
    "bigHair": "voluminous",
    "straightAndStrand": "long",
    "curvy": "long wavy",
    "shaggy": "shaggy",
    "curly": "curly",
    "shortCurly": "short curly",
    "fro": "curly",
    "froBand": "curly",
    "frizzle": "tousled",
    "shortWaved": "wavy",
    "sides": "short",
    "shaggyMullet": "tousled",
    "shortFlat": "short",
    "shortRound": "short",
    "theCaesar": "cropped",
    "theCaesarAndSidePart": "neatly parted",
    "bun": "tied-back",
}


@dataclass(frozen=True)
class _Face:
    """Eyes, eyebrows and mouth options for one expression family, and its prompt word."""

    eyes: tuple[str, ...]
    eyebrows: tuple[str, ...]
    mouth: tuple[str, ...]
    mood: str


_FACES: Final[dict[str, _Face]] = {
    "playful": _Face(
        ("happy", "wink", "happy"),
        ("raisedExcitedNatural", "defaultNatural"),
        ("smile", "twinkle"),
        "cheerful",
    ),
    "serious": _Face(
        ("default",), ("defaultNatural", "flatNatural"), ("serious", "default"), "confident"
    ),
    "intense": _Face(
        ("default", "squint"), ("angryNatural", "flatNatural"), ("serious",), "intense"
    ),
    "sleepy": _Face(
        ("closed", "squint"), ("defaultNatural", "flatNatural"), ("twinkle", "default"), "relaxed"
    ),
    "relaxed": _Face(
        ("squint", "happy", "default"), ("defaultNatural",), ("twinkle", "smile", "default"), "calm"
    ),
    "alert": _Face(
        ("surprised", "default"),
        ("raisedExcitedNatural", "upDownNatural"),
        ("default", "smile"),
        "alert",
    ),
    "anxious": _Face(
        ("default", "side"), ("sadConcernedNatural",), ("default", "concerned"), "earnest"
    ),
    "aloof": _Face(
        ("side", "default", "eyeRoll"), ("upDownNatural",), ("serious", "default"), "skeptical"
    ),
    "friendly": _Face(
        ("default", "happy"),
        ("defaultNatural", "raisedExcitedNatural"),
        ("smile", "twinkle"),
        "warm",
    ),
}
_EXPRESSION_WORDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("playful", ("playful", "happy", "joy", "excited", "goofy", "cheer", "mischiev", "silly")),
    ("sleepy", ("sleep", "drows", "tired", "dozing", "yawn")),
    ("intense", ("intense", "fierce", "stern", "determined", "glare")),
    ("serious", ("serious", "focused", "composed", "dignified", "regal", "stoic")),
    ("relaxed", ("relaxed", "calm", "content", "chill", "serene", "peaceful", "mellow")),
    ("alert", ("alert", "curious", "surprised", "attentive", "inquisitive", "wide")),
    ("anxious", ("anxious", "worried", "nervous", "timid", "shy", "wary")),
    ("aloof", ("aloof", "grumpy", "judg", "unimpressed", "skeptical", "sassy", "smug")),
)

_SUIT_COLORS: Final[tuple[str, ...]] = ("#262e33", "#25557c", "#3c4f5c", "#2f3640")
_CASUAL_COLORS: Final[tuple[str, ...]] = (
    "#5199e4",
    "#929598",
    "#25557c",
    "#3c4f5c",
    "#6b7f5e",
    "#8c4a4a",
    "#b58a5a",
)


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


def fingerprint_seed(fingerprint: str) -> int:
    """A 64-bit integer seed from a photo fingerprint (its first 16 hex digits)."""
    head = fingerprint[:16]
    if re.fullmatch(r"[0-9a-fA-F]{16}", head):
        return int(head, 16)
    return int(hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:16], 16)


def _parse_hex(value: str) -> tuple[int, int, int] | None:
    """``#rgb``/``#rrggbb`` (with or without ``#``) → RGB, or ``None`` if not a colour."""
    text = value.strip().lstrip("#")
    if re.fullmatch(r"[0-9a-fA-F]{3}", text):
        text = "".join(ch * 2 for ch in text)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", text):
        return None
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _coat_rgb(analysis: PetAnalysis) -> tuple[int, int, int]:
    """The dominant coat colour: the first valid hex, else a named colour, else mid brown."""
    for value in analysis.coat_color_hex:
        rgb = _parse_hex(value)
        if rgb is not None:
            return rgb
    for name in analysis.coat_colors:
        for word, hex_value in _COLOR_NAME_HINTS.items():
            if word in name.lower():
                rgb = _parse_hex(hex_value)
                if rgb is not None:
                    return rgb
    return (110, 74, 50)


def _lab_distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """A cheap perceptual distance (the "redmean" weighting of RGB differences)."""
    rmean = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return (2 + rmean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rmean) / 256) * db * db


def hair_for_coat(analysis: PetAnalysis) -> tuple[str, str]:
    """``(hair colour name, hair hex)`` echoing the pet's dominant coat colour."""
    coat = _coat_rgb(analysis)
    name, anchor = min(
        _HAIR_SHADES, key=lambda shade_: _lab_distance(coat, _parse_hex(shade_[1]) or (0, 0, 0))
    )
    coat_hex = "#{:02x}{:02x}{:02x}".format(*coat)
    return name, mix(anchor, coat_hex, 0.3)


def _has(text: str, cues: tuple[str, ...]) -> bool:
    return any(cue in text for cue in cues)


def _face_family(expression: str) -> str:
    """Map the free-text expression to one of the :data:`_FACES` families."""
    text = expression.lower()
    for family, words in _EXPRESSION_WORDS:
        if any(word in text for word in words):
            return family
    return "friendly"


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


@dataclass(frozen=True)
class _Look:
    """Every choice that shapes the avatar, before it becomes DiceBear options."""

    top: str | None
    hair_name: str
    hair_hex: str
    facial_hair: str | None
    glasses: str | None
    face: _Face
    eyes: str
    eyebrows: str
    mouth: str
    skin: str
    clothes: str
    clothes_color: str


def _choose_look(
    analysis: PetAnalysis,
    career: CareerProfile,
    rng: random.Random,
    presentation: str | None = None,
) -> _Look:
    """Translate the pet's coat, breed, traits and expression into avatar choices.

    ``presentation`` is how the persona's first name reads, so face and name agree:
    ``"feminine"`` never gets facial hair and leans to longer, feminine hair styles
    (curly, wiry, sleek and hairless coats keep their texture); ``"masculine"`` is
    the unconstrained look; ``"unisex"`` or ``None`` is that look without the
    majestic beard.
    """
    if presentation is not None and presentation not in PRESENTATIONS:
        raise ValueError(f"unknown presentation {presentation!r}")
    feminine = presentation == "feminine"
    breed = f"{analysis.breed} {' '.join(analysis.coat_colors)}".lower()
    dims = analysis.personality_dimensions
    hair_name, hair_hex = hair_for_coat(analysis)

    top: str | None
    if _has(breed, _HAIRLESS_CUES):
        top = None
    elif analysis.species in ("reptile", "fish"):
        top = _pick(rng, _FEMININE_SLEEK_TOPS if feminine else _SLEEK_TOPS)
    elif _has(breed, _CURLY_CUES):
        top = _pick(rng, _FEMININE_CURLY_TOPS if feminine else _CURLY_TOPS)
    elif _has(breed, _WIRY_CUES):
        top = _pick(rng, _FEMININE_WIRY_TOPS if feminine else _WIRY_TOPS)
    elif _has(breed, _LONG_CUES):
        top = _pick(rng, _LONG_TOPS)
    else:
        top = _pick(rng, _FEMININE_SHORT_TOPS if feminine else _SHORT_TOPS)

    # Only a masculine name gets the majestic beard; a feminine one gets none at all.
    beards: tuple[str, ...] = ("beardMedium", "beardMajestic", "moustacheFancy", "beardLight")
    if presentation != "masculine":
        beards = tuple(b for b in beards if b != "beardMajestic")
    facial_hair: str | None = None
    if _has(breed, _BEARD_CUES):
        facial_hair = _pick(rng, beards)
    elif (dims["dignity"] >= 75 or career.seniority == "executive") and rng.random() < 0.5:
        facial_hair = _pick(rng, ("beardLight", "moustacheFancy", "beardMedium"))
    elif rng.random() < 0.12:
        facial_hair = "beardLight"
    if feminine:
        facial_hair = None

    glasses: str | None = None
    if max(dims["problem_solving"], dims["actually_reads_the_meeting_agenda"]) >= 70:
        glasses = _pick(rng, ("prescription01", "prescription02", "round", "wayfarers"))

    face = _FACES[_face_family(analysis.expression)]
    attire = career.attire_style
    clothes, clothes_color = _base_clothes(base_attire(attire), rng)
    return _Look(
        top=top,
        hair_name=hair_name,
        hair_hex=hair_hex,
        facial_hair=facial_hair,
        glasses=glasses,
        face=face,
        eyes=_pick(rng, face.eyes),
        eyebrows=_pick(rng, face.eyebrows),
        mouth=_pick(rng, face.mouth),
        skin=_pick(rng, _SKIN_TONES),
        clothes=clothes,
        clothes_color=clothes_color,
    )


def _base_clothes(attire: AttireStyle, rng: random.Random) -> tuple[str, str]:
    """The avataaars clothes variant and colour that sit under (or are) the attire."""
    if attire == "suit":
        return "blazerAndShirt", _pick(rng, _SUIT_COLORS)
    if attire == "business_casual":
        return _pick(rng, ("blazerAndSweater", "collarAndSweater")), _pick(rng, _CASUAL_COLORS)
    if attire == "creative_turtleneck":
        return "shirtCrewNeck", "#1d1d1f"
    if attire == "scrubs":
        return "shirtVNeck", _pick(rng, ("#3a9e9a", "#4f86b8", "#2f7f8a", "#5a6fb0"))
    if attire == "lab_coat":
        return "collarAndSweater", _pick(rng, ("#5199e4", "#3c4f5c", "#6b7f5e", "#8c4a4a"))
    if attire == "uniform":
        return "shirtCrewNeck", _pick(rng, ("#22324f", "#1f2a44", "#2b3a55"))
    if attire == "chef_whites":
        return "shirtCrewNeck", "#f4f4f1"
    return "collarAndSweater", _pick(rng, ("#4b6c92", "#9e3b33", "#5d6b4a"))


# ---------------------------------------------------------------------------
# Attire overlays, in the avataaars "clothes" coordinate system: origin at
# canvas (40, 184.7), 200 wide, ~95 tall, neck centred on x = 100.5 between
# x = 76 and x = 125. The torso's outer edge is the style's shoulder arc.
# ---------------------------------------------------------------------------

_TORSO: Final[str] = "M66 14.5A72 72 0 0 0 0 86.4V96H201V86.4A72 72 0 0 0 135 14.5Z"


def _mirror(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Reflect points about the neck's centre line (x = 100.5)."""
    return [(201 - x, y) for x, y in points]


def _poly(points: Sequence[tuple[float, float]], fill: str, extra: str = "") -> str:
    pts = " ".join(f"{x:g},{y:g}" for x, y in points)
    return f'<polygon points="{pts}" fill="{fill}"{" " + extra if extra else ""}/>'


def _tie(color: str, knot_y: float = 20) -> str:
    """A necktie hanging from ``knot_y`` to the bottom of the frame."""
    k = knot_y
    return _poly([(95.5, k), (105.5, k), (104, k + 9), (97, k + 9)], shade(color, 0.12)) + _poly(
        [(97, k + 9), (104, k + 9), (108, 84), (100.5, 96), (93, 84)], color
    )


def _overlay_suit(rng: random.Random) -> str:
    """Shirt front, collar wings and a tie in the blazer's opening."""
    tie = _pick(rng, ("#8c1c2b", "#1f3b73", "#5b2a6e", "#7a5c1e", "#2e5e4e"))
    shirt = "#e6e6e6"  # the style's own shirt colour, so the patch has no seam
    collar_l = [(76, 6), (100.5, 24), (92, 31), (71, 16)]
    return (
        _poly([(70, 12), (131, 12), (128, 44), (73, 44)], shirt)
        + _tie(tie, 22)
        + _poly(collar_l, "#ffffff", 'stroke="#cfd4da" stroke-width="0.8"')
        + _poly(_mirror(collar_l), "#ffffff", 'stroke="#cfd4da" stroke-width="0.8"')
    )


def _overlay_turtleneck(_: random.Random) -> str:
    """A rolled collar up the neck, filling the crew neckline below it."""
    return (
        '<path d="M66 13H135L133 44H68Z" fill="#1d1d1f"/>'
        '<path d="M74 -3H127V13Q100.5 22 74 13Z" fill="#1d1d1f"/>'
        '<path d="M75 4Q100.5 11 126 4" stroke="#3b3b3f" stroke-width="1.6" fill="none"/>'
        '<path d="M74 12Q100.5 21 127 12" stroke="#3b3b3f" stroke-width="1.2" fill="none"/>'
    )


def _overlay_scrubs(rng: random.Random) -> str:
    """V-neck trim, a chest pocket with a pen and a stethoscope around the neck."""
    tube = _pick(rng, ("#2b2f33", "#3a4a6b", "#6b2b3a"))
    pen = _pick(rng, ("#1f6fd1", "#d13f3f", "#222222"))
    return (
        '<path d="M61 15.5A24 24 0 0 0 68.5 28.8L97.6 55a4 4 0 0 0 5.4 0L132 28.8'
        'A24 24 0 0 0 139.5 15.5" stroke="#000000" stroke-opacity=".18" stroke-width="3"'
        ' fill="none"/>'
        '<rect x="128" y="56" width="24" height="24" rx="2" fill="#000000" fill-opacity=".1"/>'
        f'<rect x="134" y="50" width="3" height="12" rx="1" fill="{pen}"/>'
        f'<path d="M74 6C62 24 64 48 76 66" stroke="{tube}" stroke-width="3.2" fill="none"'
        ' stroke-linecap="round"/>'
        f'<path d="M127 6C139 24 137 44 127 54" stroke="{tube}" stroke-width="3.2" fill="none"'
        ' stroke-linecap="round"/>'
        '<circle cx="76" cy="71" r="6" fill="#c9ced3" stroke="#8d959c" stroke-width="1.5"/>'
        '<circle cx="127" cy="57" r="3" fill="#8d959c"/>'
    )


def _overlay_lab_coat(rng: random.Random) -> str:
    """A white coat with lapels and a pen-filled breast pocket over the shirt."""
    coat, line = "#f8fafb", 'stroke="#c5cfd6" stroke-width="1.2"'
    lapel = [(72, 14), (82, 42), (76, 48), (90, 66), (99, 74), (84, 46)]
    pens = "".join(
        f'<rect x="{x}" y="47" width="3" height="11" rx="1" fill="{c}"/>'
        for x, c in zip(
            (134, 139, 144),
            rng.sample(["#1f6fd1", "#d13f3f", "#222222", "#2e9e6a"], 3),
            strict=True,
        )
    )
    return (
        f'<path d="M64 13.5A72 72 0 0 0 0 86.4V96H100V74L84 46L74 14Z" fill="{coat}" {line}/>'
        f'<path d="M137 13.5A72 72 0 0 1 201 86.4V96H101V74L117 46L127 14Z" fill="{coat}"'
        f" {line}/>"
        + _poly(lapel, "#e7edf1", line)
        + _poly(_mirror(lapel), "#e7edf1", line)
        + pens
        + f'<rect x="130" y="54" width="20" height="18" rx="1.5" fill="{coat}" {line}/>'
        + '<circle cx="100.5" cy="80" r="1.8" fill="#b8c2c9"/>'
        + '<circle cx="100.5" cy="90" r="1.8" fill="#b8c2c9"/>'
    )


def _overlay_uniform(rng: random.Random) -> str:
    """Shirt collar, black tie, epaulettes, a gold badge and a name bar."""
    navy = "#22324f"
    bar = _pick(rng, ("#c0c4c8", "#d4af37"))
    collar = [(75, 4), (100.5, 22), (92, 32), (68, 16)]
    epaulette = [(30, 30), (62, 15), (66, 23), (35, 39)]
    star = "M142 52l1.5 3.2 3.5.4-2.6 2.4.7 3.4-3.1-1.7-3.1 1.7.7-3.4-2.6-2.4 3.5-.4z"
    return (
        _tie("#15181d", 20)
        + _poly(collar, shade(navy, 0.12), f'stroke="{shade(navy, -0.4)}" stroke-width="0.8"')
        + _poly(
            _mirror(collar), shade(navy, 0.12), f'stroke="{shade(navy, -0.4)}" stroke-width="0.8"'
        )
        + _poly(epaulette, shade(navy, -0.3))
        + _poly(_mirror(epaulette), shade(navy, -0.3))
        + '<path d="M36 36L63 20M165 36L138 20" stroke="#d4af37" stroke-width="1.6"/>'
        + '<path d="M132 45h20v11q0 9-10 14q-10-5-10-14z" fill="#d4af37" stroke="#9c7c1c"'
        ' stroke-width="1.2"/>'
        + f'<path d="{star}" fill="#fff1b0"/>'
        + f'<rect x="50" y="52" width="22" height="6" rx="1" fill="{bar}"/>'
        + '<path d="M48 64h26M127 78h26" stroke="#000000" stroke-opacity=".25"'
        ' stroke-width="1.2"/>'
    )


def _overlay_chef_whites(rng: random.Random) -> str:
    """A white double-breasted jacket with a mandarin collar and two rows of buttons."""
    white, line = "#f7f7f4", 'stroke="#d2d2cc" stroke-width="1.2"'
    buttons = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.6" fill="#f0f0ec" stroke="#9a9a94" stroke-width="1"/>'
        for x in (84, 117)
        for y in (38, 56, 74, 92)
    )
    scarf = ""
    if rng.random() < 0.5:
        color = _pick(rng, ("#c8333a", "#1f3b73", "#2b2b2b"))
        scarf = _poly([(92, 18), (109, 18), (100.5, 34)], color)
    return (
        f'<path d="{_TORSO}" fill="{white}" {line}/>'
        f'<path d="M126 16C124 40 124 70 125 96" fill="none" {line}/>'
        f'<path d="M73 -1Q100.5 9 128 -1L129 14Q100.5 24 72 14Z" fill="{white}" {line}/>'
        + scarf
        + buttons
    )


def _overlay_workwear(rng: random.Random) -> str:
    """A hi-vis vest with reflective stripes over a work shirt."""
    vest = _pick(rng, ("#d9ec2c", "#ff8a1f", "#e6f03a"))
    left = [(70, 13), (50, 17), (30, 34), (24, 96), (88, 96), (86, 50), (76, 16)]
    stripe = "#c9ccd0"
    parts = [_poly(left, vest), _poly(_mirror(left), vest)]
    for y in (62, 80):
        parts.append(f'<rect x="25" y="{y}" width="62" height="6" fill="{stripe}"/>')
        parts.append(f'<rect x="114" y="{y}" width="62" height="6" fill="{stripe}"/>')
    parts.append(
        f'<path d="M86 50L88 96M115 50L113 96" stroke="{shade(vest, -0.25)}" stroke-width="1.2"/>'
    )
    return "".join(parts)


_OVERLAYS: Final[dict[AttireStyle, Callable[[random.Random], str] | None]] = {
    "suit": _overlay_suit,
    "business_casual": None,
    "creative_turtleneck": _overlay_turtleneck,
    "scrubs": _overlay_scrubs,
    "lab_coat": _overlay_lab_coat,
    "uniform": _overlay_uniform,
    "chef_whites": _overlay_chef_whites,
    "outdoor_workwear": _overlay_workwear,
}


def _options(look: _Look, fingerprint: str) -> dict[str, Any]:
    """The DiceBear options for a look; every visible choice is pinned explicitly."""
    options: dict[str, Any] = {
        "seed": fingerprint,
        "skinColor": [look.skin],
        "hairColor": [look.hair_hex],
        "facialHairColor": [shade(look.hair_hex, -0.1)],
        "clothesVariant": [look.clothes],
        "clothesColor": [look.clothes_color],
        "eyesVariant": [look.eyes],
        "eyebrowsVariant": [look.eyebrows],
        "mouthVariant": [look.mouth],
        "topProbability": 0 if look.top is None else 100,
        "facialHairProbability": 0 if look.facial_hair is None else 100,
        "accessoriesProbability": 0 if look.glasses is None else 100,
        "accessoriesColor": ["#262e33"],
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
    analysis: PetAnalysis, career: CareerProfile, look: _Look, presentation: str | None
) -> str:
    """A natural-language description of the headshot (also the cloud image prompt)."""
    if look.top is None:
        hair = "a clean-shaven head" if look.facial_hair is None else "a shaved head"
    else:
        hair = f"{look.hair_name} {_TOP_WORDS.get(look.top, 'styled')} hair"
    extras = []
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


def compose_svg(
    analysis: PetAnalysis, career: CareerProfile, *, presentation: str | None = None
) -> tuple[str, dict[str, str], str]:
    """The full 1024×1024 headshot SVG, its parameters and its prompt (no rasterising).

    ``presentation`` is how the persona's first name reads (``"feminine"``,
    ``"masculine"``, ``"unisex"``, or ``None`` when unknown); see :func:`_choose_look`.
    """
    seed = fingerprint_seed(analysis.photo_fingerprint)
    rng = random.Random(seed)
    look = _choose_look(analysis, career, rng, presentation)
    overlay_fn = _OVERLAYS[base_attire(career.attire_style)]
    overlay = overlay_fn(rng) if overlay_fn is not None else ""
    options = _options(look, analysis.photo_fingerprint)
    from dicebear import Avatar

    avatar_svg = Avatar(avatar_style(), options).to_string()
    scene_seed = rng.randrange(1 << 30)
    scene = scene_body(career.background_setting, scene_seed)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" '
        f'viewBox="0 0 1024 1024">{scene}'
        f'<g transform="translate({_OFFSET_X:g} {_OFFSET_Y:g}) scale({_SCALE:g})">'
        f"{_avatar_markup(avatar_svg, overlay)}</g></svg>"
    )
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
            "attire": career.attire_style,
            "background": career.background_setting,
            "sceneSeed": str(scene_seed),
            "renderSize": str(RENDER_SIZE),
        }
    )
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
