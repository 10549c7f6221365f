"""The avatar's face and grooming, chosen from the pet: the "look" of the headshot.

Rules, each deterministic for the same analysis and seed:

* **hair colour** follows the dominant coat colour (snapped to a natural human
  shade, then nudged toward the real coat colour);
* **hair style** follows the coat's texture and length as the breed and coat
  words describe it (curly, wiry, long, short, sleek, hairless);
* **head shape** and **nose** follow the breed's face: flat-faced breeds get a
  rounder, wider face and a button nose, long-muzzled ones a longer face and a
  longer nose, the mastiff and bull types a square jaw;
* **facial hair** follows bearded breeds and a dignified or executive air;
  **glasses** the problem solvers and agenda readers (frame colour seeded);
* **eyes, eyebrows and mouth** come from the photo's expression, sharpened by
  the personality scores (assertive brows, anxious brows, mischievous brows);
* **skin tone** is drawn from the photo fingerprint alone, uniformly over a wide
  range of natural tones: a coat colour never decides a person's skin.

The persona name's ``presentation`` keeps face and name in agreement: a feminine
name never gets facial hair and gets feminine-leaning hair; only a masculine
name gets the majestic beard.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from petavatar.domain.models import PetAnalysis
from petavatar.providers.local.scenes import mix

PRESENTATIONS: Final[tuple[str, ...]] = ("feminine", "masculine", "unisex")
"""Values ``presentation`` may take (the persona name's, see
:func:`petavatar.domain.naming.name_presentation`); ``None`` means unknown."""

# Natural hair shades (name, hex). Coat colours snap to the nearest one and are
# then nudged 30% toward the real coat colour.
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
    ("ash-brown", "#6f6458"),
    ("charcoal", "#3b3b3d"),
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

SKIN_TONES: Final[tuple[str, ...]] = (
    "#3b2219",
    "#4f3023",
    "#614335",
    "#7a4b31",
    "#8d5524",
    "#a8653a",
    "#ae5d29",
    "#c07a4a",
    "#c68642",
    "#d08b5b",
    "#dfa877",
    "#e0ac69",
    "#edb98a",
    "#f1c9a0",
    "#ffdbb4",
)
"""Natural skin tones, drawn uniformly from the fingerprint (never from the coat)."""

_CUES: Final[dict[str, tuple[str, ...]]] = {
    "hairless": ("hairless", "sphynx", "chinese crested", "xolo", "peruvian inca", "skinny pig"),
    "curly": (
        "poodle",
        "doodle",
        "bichon",
        "curly",
        "lagotto",
        "water dog",
        "water spaniel",
        "bedlington",
        "kerry blue",
        "komondor",
        "puli",
        "rex",
        "lamb",
        "frise",
    ),
    "wiry": (
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
    ),
    "long": (
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
        "leonberger",
        "pyrenees",
        "husky",
        "malamute",
        "siberian",
    ),
    "beard": (
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
        "bouvier",
        "briard",
        "otterhound",
    ),
    "flat_face": (
        "pug",
        "bulldog",
        "persian",
        "boxer",
        "shih",
        "pekin",
        "boston",
        "himalayan",
        "exotic",
        "japanese chin",
        "brussels",
        "affenpinscher",
        "lhasa",
        "hamster",
        "guinea",
        "lionhead",
        "cavalier",
    ),
    "long_face": (
        "greyhound",
        "whippet",
        "borzoi",
        "collie",
        "saluki",
        "afghan",
        "doberman",
        "horse",
        "pharaoh",
        "ibizan",
        "setter",
        "pointer",
        "dachshund",
        "bull terrier",
        "weimaraner",
        "great dane",
        "siamese",
        "oriental",
        "deerhound",
        "wolfhound",
    ),
    "square_jaw": (
        "mastiff",
        "rottweiler",
        "bull",
        "boxer",
        "cane corso",
        "dogue",
        "newfoundland",
        "saint bernard",
        "labrador",
        "british shorthair",
        "malinois",
        "shepherd",
        "akita",
    ),
    "small_face": (
        "chihuahua",
        "papillon",
        "pomeranian",
        "yorkshire",
        "toy",
        "miniature",
        "abyssinian",
        "siamese",
        "devon",
        "cornish",
        "singapura",
        "rabbit",
        "bird",
        "parakeet",
        "finch",
    ),
}

HEAD_SHAPES: Final[dict[str, str]] = {
    "round": "A56 56 0 0 0 116 180.6",
    "oval": "C86 156 100 176 116 183",
    "long": "C85 162 102 184 116 188",
    "square": "C84 166 96 178 116 184",
    "heart": "C96 152 106 172 116 180.6",
    "wide": "C74 156 94 178 116 181",
}
"""The lower-left jawline (from the ear's foot at 84.3,135.88 to the neck) per head shape;
the right side mirrors it about the face's centre line."""

NOSES: Final[dict[str, str]] = {
    "default": '<path d="M0 0c0 4.42 5.37 8 12 8s12-3.58 12-8" fill="#000" fill-opacity=".16"/>',
    "button": '<path d="M5 1c0 3.3 3.1 5.5 7 5.5s7-2.2 7-5.5" fill="#000" fill-opacity=".18"/>',
    "long": '<path d="M13-16c-1 7-5 12-4.5 16.5.8 3.4 6.7 3.6 8.6.5" stroke="#000"'
    ' stroke-opacity=".2" stroke-width="2.2" stroke-linecap="round" fill="none"/>',
    "wide": '<path d="M-4 0c0 5.5 7.2 9.5 16 9.5S28 5.5 28 0" fill="#000" fill-opacity=".15"/>',
    "pointed": '<path d="M12-12 7 4.5q5 3 10 0" stroke="#000" stroke-opacity=".22"'
    ' stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round" fill="none"/>',
    "nostrils": '<circle cx="7.5" cy="4" r="2.4" fill="#000" fill-opacity=".22"/>'
    '<circle cx="16.5" cy="4" r="2.4" fill="#000" fill-opacity=".22"/>',
}
"""Nose drawings in the style's nose box (24×8 at canvas 128,130; the default is the style's)."""

_TOPS: Final[dict[tuple[str, bool], tuple[str, ...]]] = {
    ("long", False): (
        "longButNotTooLong",
        "straight01",
        "straight02",
        "bob",
        "miaWallace",
        "bigHair",
        "straightAndStrand",
        "curvy",
        "shaggy",
        "shaggyMullet",
    ),
    ("long", True): (
        "longButNotTooLong",
        "straight01",
        "straight02",
        "bigHair",
        "straightAndStrand",
        "curvy",
        "miaWallace",
    ),
    ("curly", False): ("curly", "shortCurly", "fro", "frizzle", "bigHair", "dreads01", "dreads"),
    ("curly", True): ("curly", "bigHair", "froBand", "curvy", "fro", "dreads02"),
    ("wiry", False): ("shortWaved", "shaggy", "sides", "frizzle", "shaggyMullet", "shavedSides"),
    ("wiry", True): ("shaggy", "frizzle", "bigHair", "curvy"),
    ("sleek", False): ("theCaesar", "shortFlat", "theCaesarAndSidePart", "shavedSides"),
    ("sleek", True): ("miaWallace", "bob", "straight01", "straight02"),
    ("short", False): (
        "shortFlat",
        "shortRound",
        "shortWaved",
        "theCaesar",
        "theCaesarAndSidePart",
        "sides",
        "shavedSides",
        "bun",
    ),
    ("short", True): (
        "bob",
        "miaWallace",
        "bun",
        "longButNotTooLong",
        "straight02",
        "straightAndStrand",
    ),
}

TOP_WORDS: Final[dict[str, str]] = {
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
    "dreads": "locs",
    "dreads01": "short locs",
    "dreads02": "long locs",
    "shavedSides": "undercut",
}
"""How each hair style reads in the avatar prompt."""

GLASSES: Final[tuple[str, ...]] = ("prescription01", "prescription02", "round")
"""Clear-lens frames only: tinted lenses and eyepatches do not belong in a headshot."""
_GLASSES_FRAMES: Final[tuple[str, ...]] = ("#262e33", "#25557c", "#6b4a32", "#929598", "#8c4a4a")


@dataclass(frozen=True)
class Face:
    """Eyes, eyebrows and mouth options for one expression family, and its prompt word."""

    eyes: tuple[str, ...]
    eyebrows: tuple[str, ...]
    mouth: tuple[str, ...]
    mood: str


FACES: Final[dict[str, Face]] = {
    "playful": Face(
        ("happy", "wink", "default", "squint"),
        ("raisedExcitedNatural", "defaultNatural", "raisedExcited"),
        ("smile", "twinkle"),
        "cheerful",
    ),
    "serious": Face(
        ("default", "squint"),
        ("defaultNatural", "flatNatural", "default"),
        ("serious", "default"),
        "confident",
    ),
    "intense": Face(
        ("default", "squint"),
        ("angryNatural", "flatNatural", "frownNatural"),
        ("serious",),
        "intense",
    ),
    "sleepy": Face(
        ("closed", "squint"),
        ("defaultNatural", "flatNatural"),
        ("twinkle", "default"),
        "relaxed",
    ),
    "relaxed": Face(
        ("squint", "happy", "default"),
        ("defaultNatural", "default"),
        ("twinkle", "smile", "default"),
        "calm",
    ),
    "alert": Face(
        ("surprised", "default"),
        ("raisedExcitedNatural", "upDownNatural", "raisedExcited"),
        ("default", "smile"),
        "alert",
    ),
    "anxious": Face(
        ("default", "side"),
        ("sadConcernedNatural", "sadConcerned"),
        ("default", "concerned"),
        "earnest",
    ),
    "aloof": Face(
        ("side", "default", "eyeRoll"),
        ("upDownNatural", "upDown"),
        ("serious", "default"),
        "skeptical",
    ),
    "friendly": Face(
        ("default", "happy", "squint"),
        ("defaultNatural", "raisedExcitedNatural", "default"),
        ("smile", "twinkle", "default"),
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


@dataclass(frozen=True)
class Look:
    """Every choice that shapes the face, before it becomes DiceBear options."""

    top: str | None
    hair_name: str
    hair_hex: str
    facial_hair: str | None
    glasses: str | None
    glasses_color: str
    face: Face
    eyes: str
    eyebrows: str
    mouth: str
    skin: str
    head: str
    nose: str


def fingerprint_seed(fingerprint: str) -> int:
    """A 64-bit integer seed from a photo fingerprint (its first 16 hex digits)."""
    head = fingerprint[:16]
    if re.fullmatch(r"[0-9a-fA-F]{16}", head):
        return int(head, 16)
    return int(hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:16], 16)


def parse_hex(value: str) -> tuple[int, int, int] | None:
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
        rgb = parse_hex(value)
        if rgb is not None:
            return rgb
    for name in analysis.coat_colors:
        for word, hex_value in _COLOR_NAME_HINTS.items():
            if word in name.lower():
                return parse_hex(hex_value) or (110, 74, 50)
    return (110, 74, 50)


def _redmean(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """A cheap perceptual distance (the "redmean" weighting of RGB differences)."""
    rmean = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return (2 + rmean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rmean) / 256) * db * db


def hair_for_coat(analysis: PetAnalysis) -> tuple[str, str]:
    """``(hair colour name, hair hex)`` echoing the pet's dominant coat colour."""
    coat = _coat_rgb(analysis)
    name, anchor = min(
        _HAIR_SHADES, key=lambda shade_: _redmean(coat, parse_hex(shade_[1]) or (0, 0, 0))
    )
    return name, mix(anchor, "#{:02x}{:02x}{:02x}".format(*coat), 0.3)


def _has(text: str, cue: str) -> bool:
    return any(word in text for word in _CUES[cue])


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


def face_family(expression: str) -> str:
    """Map the free-text expression to one of the :data:`FACES` families."""
    text = expression.lower()
    for family, words in _EXPRESSION_WORDS:
        if any(word in text for word in words):
            return family
    return "friendly"


def coat_texture(analysis: PetAnalysis) -> str:
    """``hairless``, ``sleek``, ``curly``, ``wiry``, ``long`` or ``short``."""
    text = f"{analysis.breed} {' '.join(analysis.coat_colors)}".lower()
    if _has(text, "hairless"):
        return "hairless"
    if analysis.species in ("reptile", "fish"):
        return "sleek"
    for texture in ("curly", "wiry", "long"):
        if _has(text, texture):
            return texture
    return "short"


def _top(texture: str, feminine: bool, rng: random.Random) -> str | None:
    if texture == "hairless":
        return None
    return _pick(rng, _TOPS[(texture, feminine)])


def _head_and_nose(analysis: PetAnalysis, rng: random.Random) -> tuple[str, str]:
    """Head shape and nose from the breed's face; breeds without a cue get seeded ones."""
    breed = analysis.breed.lower()
    if _has(breed, "flat_face"):
        return _pick(rng, ("round", "wide")), _pick(rng, ("button", "nostrils", "wide"))
    if _has(breed, "long_face"):
        return _pick(rng, ("long", "oval")), _pick(rng, ("long", "pointed"))
    if _has(breed, "square_jaw"):
        return "square", _pick(rng, ("wide", "default", "nostrils"))
    if _has(breed, "small_face"):
        return _pick(rng, ("heart", "oval")), _pick(rng, ("button", "pointed", "default"))
    return _pick(rng, tuple(HEAD_SHAPES)), _pick(rng, tuple(NOSES))


def _facial_hair(
    analysis: PetAnalysis, executive: bool, presentation: str | None, rng: random.Random
) -> str | None:
    """Beards for bearded breeds, often for a dignified or executive air; never feminine."""
    if presentation == "feminine":
        return None
    beards: tuple[str, ...] = ("beardMedium", "moustacheFancy", "beardLight", "moustacheMagnum")
    if presentation == "masculine":
        beards += ("beardMajestic",)
    dims = analysis.personality_dimensions
    if _has(analysis.breed.lower(), "beard"):
        return _pick(rng, beards)
    if (dims["dignity"] >= 70 or executive) and rng.random() < 0.5:
        return _pick(rng, ("beardLight", "moustacheFancy", "beardMedium"))
    if rng.random() < 0.15:
        return _pick(rng, ("beardLight", "beardMedium"))
    return None


def _glasses(dims: Mapping[str, int], rng: random.Random) -> str | None:
    reader = max(dims["problem_solving"], dims["actually_reads_the_meeting_agenda"])
    if reader >= 70 or (reader >= 60 and rng.random() < 0.35):
        return _pick(rng, GLASSES)
    return None


def _eyebrows(face: Face, dims: Mapping[str, int], rng: random.Random) -> str:
    """The family's brows, overridden by a strong assertive, anxious or mischievous streak."""
    if dims["anxiety"] >= 75:
        return "sadConcernedNatural"
    if max(dims["assertiveness"], dims["dominance"]) >= 80:
        return _pick(rng, ("angryNatural", "flatNatural", "frownNatural"))
    if max(dims["mischief"], dims["humor"]) >= 80:
        return _pick(rng, ("upDownNatural", "raisedExcitedNatural"))
    if dims["stubbornness"] >= 85 and rng.random() < 0.3:
        return "unibrowNatural"
    return _pick(rng, face.eyebrows)


def _mouth(face: Face, dims: Mapping[str, int], rng: random.Random) -> str:
    sunny = max(dims["optimism"], dims["friendliness_to_strangers"]) >= 85
    if sunny and "smile" in face.mouth and rng.random() < 0.5:
        return "smile"
    if dims["dignity"] >= 80 and "serious" in face.mouth:
        return "serious"
    return _pick(rng, face.mouth)


def choose_look(
    analysis: PetAnalysis,
    rng: random.Random,
    *,
    executive: bool = False,
    presentation: str | None = None,
) -> Look:
    """Translate the pet's coat, breed, traits and expression into face choices.

    ``presentation`` is how the persona's first name reads: ``"feminine"`` never
    gets facial hair and leans to longer, feminine hair (the coat's texture is
    kept); ``"masculine"`` is the unconstrained look; ``"unisex"`` or ``None``
    is that look without the majestic beard.
    """
    if presentation is not None and presentation not in PRESENTATIONS:
        raise ValueError(f"unknown presentation {presentation!r}")
    dims = analysis.personality_dimensions
    hair_name, hair_hex = hair_for_coat(analysis)
    top = _top(coat_texture(analysis), presentation == "feminine", rng)
    head, nose = _head_and_nose(analysis, rng)
    face = FACES[face_family(analysis.expression)]
    return Look(
        top=top,
        hair_name=hair_name,
        hair_hex=hair_hex,
        facial_hair=_facial_hair(analysis, executive, presentation, rng),
        glasses=_glasses(dims, rng),
        glasses_color=_pick(rng, _GLASSES_FRAMES),
        face=face,
        eyes=_pick(rng, face.eyes),
        eyebrows=_eyebrows(face, dims, rng),
        mouth=_mouth(face, dims, rng),
        skin=_pick(rng, SKIN_TONES),
        head=head,
        nose=nose,
    )


def head_path(shape: str) -> str:
    """The avataaars head-and-neck outline with the jawline of ``shape``."""
    left = HEAD_SHAPES[shape]
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", left)]
    if left.startswith("A"):
        right = "A56 56 0 0 0 195.7 135.89"
    else:
        c1x, c1y, c2x, c2y = numbers[:4]
        right = f"C{280 - c2x:g} {c2y:g} {280 - c1x:g} {c1y:g} 195.7 135.89"
    end_y = numbers[-1] if not left.startswith("A") else 180.6
    return (
        "M140 36a56 56 0 0 0-56 56v6.17A12 12 0 0 0 74 110v14a12 12 0 0 0 10.3 11.88"
        f"{left}V199h-4a72 72 0 0 0-72 72v9h200v-9a72 72 0 0 0-72-72h-4V{end_y:g}"
        f"{right}A12 12 0 0 0 206 124v-14a12 12 0 0 0-10-11.83V92a56 56 0 0 0-56-56"
    )
