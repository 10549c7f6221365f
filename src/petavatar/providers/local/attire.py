"""Career attire for the offline avatar: the style's clothes plus our SVG overlays.

DiceBear's ``avataaars`` style has business clothing only (blazers, collars,
sweaters, plain shirts), so every other outfit is drawn by us on the torso, in
the style's ``clothes`` coordinate system, and inserted right after the
style's clothes so hair and beards stay on top. Each
:data:`~petavatar.domain.models.AttireStyle` has an :class:`Outfit`: the prompt
keyword and phrase, the style's clothes variant and colours under it, and the
overlay. Outfits are told apart by what marks the job: only the police uniform
has the star badge; the ranger wears khaki with a green patch, the firefighter
a turnout coat with reflective bands, the coach a zip-up with a whistle, the
judge a robe, the crew an airline jacket with wings.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from petavatar.domain.models import AttireStyle
from petavatar.providers.local.scenes import shade

# Overlay coordinates: the avataaars "clothes" box, origin at canvas (40, 184.7),
# 201 wide, ~96 tall, neck centred on x = 100.5 between x = 76 and x = 125. The
# torso's outer edge is the style's shoulder arc.
_TORSO: Final[str] = "M66 14.5A72 72 0 0 0 0 86.4V96H201V86.4A72 72 0 0 0 135 14.5Z"


@dataclass(frozen=True)
class Outfit:
    """What one attire style looks like and how the prompt names it."""

    keyword: str
    phrase: str
    clothes: tuple[str, ...]
    colors: tuple[str, ...]
    overlay: Callable[[random.Random, str], str] | None = None


def _pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def _mirror(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Reflect points about the neck's centre line (x = 100.5)."""
    return [(201 - x, y) for x, y in points]


def _poly(points: Sequence[tuple[float, float]], fill: str, extra: str = "") -> str:
    pts = " ".join(f"{x:g},{y:g}" for x, y in points)
    return f'<polygon points="{pts}" fill="{fill}"{" " + extra if extra else ""}/>'


def _pair(points: Sequence[tuple[float, float]], fill: str, extra: str = "") -> str:
    """A shape and its mirror image (collars, lapels, panels)."""
    return _poly(points, fill, extra) + _poly(_mirror(points), fill, extra)


def _tie(color: str, knot_y: float = 20) -> str:
    """A necktie hanging from ``knot_y`` to the bottom of the frame."""
    k = knot_y
    return _poly([(95.5, k), (105.5, k), (104, k + 9), (97, k + 9)], shade(color, 0.12)) + _poly(
        [(97, k + 9), (104, k + 9), (108, 84), (100.5, 96), (93, 84)], color
    )


def _shirt_collar(color: str, line: str) -> str:
    collar = [(76, 6), (100.5, 24), (92, 31), (71, 16)]
    return _pair(collar, color, f'stroke="{line}" stroke-width="0.8"')


def _torso(fill: str, extra: str = "") -> str:
    return f'<path d="{_TORSO}" fill="{fill}"{" " + extra if extra else ""}/>'


def _pocket(x: float, y: float, color: str, flap: str) -> str:
    return (
        f'<rect x="{x:g}" y="{y:g}" width="22" height="20" rx="2" fill="{color}"/>'
        f'<path d="M{x - 1:g} {y:g}h24v6l-12 3-12-3z" fill="{flap}"/>'
    )


def _overlay_suit(rng: random.Random, color: str) -> str:
    """Shirt front, collar wings and a tie in the blazer's opening."""
    tie = _pick(rng, ("#8c1c2b", "#1f3b73", "#5b2a6e", "#7a5c1e", "#2e5e4e"))
    return (
        _poly([(70, 12), (131, 12), (128, 44), (73, 44)], "#e6e6e6")
        + _tie(tie, 22)
        + _shirt_collar("#ffffff", "#cfd4da")
    )


def _overlay_turtleneck(_: random.Random, color: str) -> str:
    """A rolled collar up the neck, filling the crew neckline below it."""
    return (
        '<path d="M66 13H135L133 44H68Z" fill="#1d1d1f"/>'
        '<path d="M74 -3H127V13Q100.5 22 74 13Z" fill="#1d1d1f"/>'
        '<path d="M75 4Q100.5 11 126 4" stroke="#3b3b3f" stroke-width="1.6" fill="none"/>'
        '<path d="M74 12Q100.5 21 127 12" stroke="#3b3b3f" stroke-width="1.2" fill="none"/>'
    )


def _overlay_scrubs(rng: random.Random, color: str) -> str:
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


def _overlay_lab_coat(rng: random.Random, color: str) -> str:
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


def _overlay_police(rng: random.Random, color: str) -> str:
    """Navy shirt collar, black tie, epaulettes, a gold star badge and a name bar."""
    navy = "#22324f"
    bar = _pick(rng, ("#c0c4c8", "#d4af37"))
    epaulette = [(30, 30), (62, 15), (66, 23), (35, 39)]
    star = "M142 52l1.5 3.2 3.5.4-2.6 2.4.7 3.4-3.1-1.7-3.1 1.7.7-3.4-2.6-2.4 3.5-.4z"
    return (
        _tie("#15181d", 20)
        + _shirt_collar(shade(navy, 0.12), shade(navy, -0.4))
        + _pair(epaulette, shade(navy, -0.3))
        + '<path d="M36 36L63 20M165 36L138 20" stroke="#d4af37" stroke-width="1.6"/>'
        + '<path d="M132 45h20v11q0 9-10 14q-10-5-10-14z" fill="#d4af37" stroke="#9c7c1c"'
        ' stroke-width="1.2"/>'
        + f'<path d="{star}" fill="#fff1b0"/>'
        + f'<rect x="50" y="52" width="22" height="6" rx="1" fill="{bar}"/>'
    )


def _overlay_ranger(rng: random.Random, color: str) -> str:
    """Khaki field shirt: pointed collar, flapped pockets, a green shoulder patch, no badge."""
    khaki = color
    dark = shade(khaki, -0.25)
    patch = "M20 40l14-6 14 6v10q0 9-14 15q-14-6-14-15z"
    return (
        _shirt_collar(shade(khaki, 0.08), dark)
        + f'<path d="M100.5 24V96" stroke="{dark}" stroke-width="1.4"/>'
        + _pocket(50, 50, shade(khaki, -0.06), dark)
        + _pocket(129, 50, shade(khaki, -0.06), dark)
        + f'<path d="{patch}" fill="#2f5d3a" stroke="#d8c79a" stroke-width="1.4"/>'
        + '<path d="M34 42l-7 14h14z" fill="#d8c79a"/>'
        + f'<rect x="129" y="42" width="22" height="5" rx="1" fill="{shade(khaki, -0.45)}"/>'
    )


def _overlay_firefighter(rng: random.Random, color: str) -> str:
    """A turnout coat: storm collar, lime-and-silver reflective bands and front clasps."""
    coat = _pick(rng, ("#c9a04a", "#bf9540", "#2b2b2b"))
    band = '<rect x="0" y="{y}" width="201" height="9" fill="#d7f13a"/>'
    silver = '<rect x="0" y="{y}" width="201" height="3" fill="#dfe3e6"/>'
    clasps = "".join(
        f'<rect x="96" y="{y}" width="9" height="4" rx="1" fill="#1b1b1b"/>' for y in (34, 50, 84)
    )
    return (
        _torso(coat)
        + '<path d="M70 -2Q100.5 6 131 -2L135 16Q100.5 26 66 16Z" fill="'
        + shade(coat, -0.2)
        + '"/>'
        + band.format(y=62)
        + silver.format(y=65)
        + f'<path d="M100.5 20V96" stroke="{shade(coat, -0.35)}" stroke-width="2"/>'
        + clasps
    )


def _overlay_aviation(rng: random.Random, color: str) -> str:
    """An airline jacket: white shirt, dark tie, gold wings and gold-striped epaulettes."""
    stripes = "".join(
        f'<path d="M{34 + 3 * i} {34 - 1.6 * i}l24-13M{167 - 3 * i} {34 - 1.6 * i}l-24-13"'
        ' stroke="#d4af37" stroke-width="1.4"/>'
        for i in range(rng.choice((2, 3, 4)))
    )
    wings = (
        '<path d="M128 48q12-6 14 0q2-6 14 0q-7 3-14 3q-7 0-14-3z" fill="#d4af37"'
        ' stroke="#9c7c1c" stroke-width=".8"/><circle cx="142" cy="49" r="2.4" fill="#9c7c1c"/>'
    )
    return _overlay_suit_shirt("#1c1f26") + stripes + wings


def _overlay_suit_shirt(tie: str) -> str:
    return (
        _poly([(70, 12), (131, 12), (128, 44), (73, 44)], "#f2f2f2")
        + _tie(tie, 22)
        + _shirt_collar("#ffffff", "#cfd4da")
    )


def _overlay_athletic(rng: random.Random, color: str) -> str:
    """A zip-up training jacket: stand collar, zip, shoulder stripes, often a whistle."""
    stripe = _pick(rng, ("#ffffff", "#f2c14e", "#e63946"))
    parts = [
        '<path d="M72 0Q100.5 8 129 0L133 15Q100.5 24 68 15Z" fill="#000" fill-opacity=".18"/>',
        '<path d="M100.5 10V96" stroke="#d9d9d9" stroke-width="2.4"/>',
        f'<path d="M6 64Q30 22 66 15M195 64Q171 22 135 15" stroke="{stripe}" stroke-width="5"'
        ' fill="none"/>',
    ]
    if rng.random() < 0.6:
        parts.append(
            '<path d="M82 12Q86 44 96 56M119 12Q115 44 105 56" stroke="#1d3557"'
            ' stroke-width="2" fill="none"/>'
            '<rect x="93" y="55" width="15" height="8" rx="3" fill="#b8c2c9"'
            ' stroke="#6c757d" stroke-width="1"/>'
        )
    return "".join(parts)


def _overlay_waistcoat(rng: random.Random, color: str) -> str:
    """Shirt sleeves and collar, a tie or bow tie, and a buttoned waistcoat."""
    vest = _pick(rng, ("#2f3640", "#3b2f2a", "#23395b", "#4a4a4a"))
    panel = [(74, 14), (100.5, 52), (100.5, 96), (40, 96), (46, 30)]
    buttons = "".join(
        f'<circle cx="100.5" cy="{y}" r="2" fill="{shade(vest, 0.35)}"/>' for y in (60, 72, 84)
    )
    if rng.random() < 0.5:
        neck = _tie(_pick(rng, ("#8c1c2b", "#1f3b73", "#2e5e4e")), 20)
    else:
        neck = _poly(
            [(88, 18), (100.5, 24), (113, 18), (113, 30), (100.5, 24), (88, 30)], "#15181d"
        )
    return _shirt_collar("#ffffff", "#cfd4da") + neck + _pair(panel, vest) + buttons


def _overlay_robe(rng: random.Random, color: str) -> str:
    """A black judicial robe with a wide yoke, open at the neck over a shirt and tie."""
    yoke = [(66, 14), (100.5, 62), (100.5, 96), (0, 96), (0, 86), (10, 40)]
    return (
        _overlay_suit_shirt(_pick(rng, ("#8c1c2b", "#1f3b73", "#2b2b2b")))
        + _pair(yoke, color)
        + '<path d="M30 58Q60 48 88 70M171 58Q141 48 113 70" stroke="#2c2c31"'
        ' stroke-width="2" fill="none"/>'
        + '<path d="M40 70V96M62 74V96M139 74V96M161 70V96" stroke="#2c2c31" stroke-width="2"/>'
    )


def _overlay_hi_vis(rng: random.Random, color: str) -> str:
    """A hi-vis vest with reflective stripes over a work shirt."""
    vest = _pick(rng, ("#d9ec2c", "#ff8a1f", "#e6f03a"))
    left = [(70, 13), (50, 17), (30, 34), (24, 96), (88, 96), (86, 50), (76, 16)]
    parts = [_pair(left, vest)]
    for y in (62, 80):
        parts.append(f'<rect x="25" y="{y}" width="62" height="6" fill="#c9ccd0"/>')
        parts.append(f'<rect x="114" y="{y}" width="62" height="6" fill="#c9ccd0"/>')
    parts.append(
        f'<path d="M86 50L88 96M115 50L113 96" stroke="{shade(vest, -0.25)}" stroke-width="1.2"/>'
    )
    return "".join(parts)


def _overlay_canvas_jacket(rng: random.Random, color: str) -> str:
    """A waxed-canvas field jacket with a corduroy collar over a henley."""
    canvas = _pick(rng, ("#7a5f3a", "#5d6b4a", "#6b5440"))
    panel = [(66, 14), (90, 40), (92, 96), (0, 96), (0, 86), (8, 44)]
    return (
        _pair(panel, canvas)
        + _pair([(66, 14), (78, 6), (94, 30), (88, 40)], shade(canvas, -0.35))
        + _pocket(40, 60, shade(canvas, -0.08), shade(canvas, -0.2))
        + _pocket(139, 60, shade(canvas, -0.08), shade(canvas, -0.2))
        + '<circle cx="100.5" cy="30" r="1.6" fill="#5a4a3a"/>'
        '<circle cx="100.5" cy="40" r="1.6" fill="#5a4a3a"/>'
    )


def _overlay_apron(rng: random.Random, color: str) -> str:
    """A canvas bib apron with neck straps and a pen in the chest pocket."""
    apron = _pick(rng, ("#5b4636", "#2f3b46", "#7a6a55", "#1f1f1f"))
    return (
        f'<path d="M78 8L70 40M123 8L131 40" stroke="{apron}" stroke-width="4"/>'
        + _poly([(68, 40), (133, 40), (140, 96), (61, 96)], apron)
        + f'<rect x="88" y="52" width="25" height="18" rx="2" fill="{shade(apron, 0.12)}"/>'
        + '<rect x="92" y="46" width="3" height="12" rx="1" fill="#d13f3f"/>'
        + f'<path d="M68 40H133" stroke="{shade(apron, 0.25)}" stroke-width="1.2"'
        ' stroke-dasharray="3 2"/>'
    )


def _overlay_tweed(rng: random.Random, color: str) -> str:
    """Tweed flecks on the blazer and a knitted tie."""
    fleck = _pick(rng, ("#d8c8a8", "#3b3026", "#a08a6a"))
    spots = [(8 + (i * 37) % 58 + (0 if i % 2 else 127), 24 + (i * 23) % 70) for i in range(28)]
    d = "".join(f"M{x:g} {y:g}h3" for x, y in spots)
    return f'<path d="{d}" stroke="{fleck}" stroke-opacity=".55" stroke-width="1.4"/>'


def _overlay_coveralls(rng: random.Random, color: str) -> str:
    """Zip-front coveralls: collar, zip, chest pocket and an oval name patch."""
    base = color
    return (
        _shirt_collar(shade(base, 0.1), shade(base, -0.35))
        + f'<path d="M100.5 24V96" stroke="{shade(base, -0.35)}" stroke-width="2"/>'
        + _pocket(131, 52, shade(base, -0.08), shade(base, -0.2))
        + '<ellipse cx="62" cy="58" rx="14" ry="7" fill="#f4f4f2" stroke="#c8333a"'
        ' stroke-width="1.6"/>' + '<path d="M54 58h16" stroke="#c8333a" stroke-width="1.4"/>'
    )


def _overlay_polo(rng: random.Random, color: str) -> str:
    """A staff polo: flat collar, a two-button placket and a small logo."""
    logo = _pick(rng, ("#ffffff", "#f2c14e", "#e63946", "#2a9d8f"))
    return (
        '<path d="M72 6L100.5 20L90 30L64 18ZM129 6L100.5 20L111 30L137 18Z" fill="#000"'
        ' fill-opacity=".14"/>'
        + '<path d="M96 20h9v26h-9z" fill="#000" fill-opacity=".1"/>'
        + '<circle cx="100.5" cy="30" r="1.6" fill="#e6e6e6"/>'
        '<circle cx="100.5" cy="40" r="1.6" fill="#e6e6e6"/>'
        + f'<circle cx="140" cy="50" r="5" fill="{logo}"/>'
    )


def _overlay_chef_whites(rng: random.Random, color: str) -> str:
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
_SHIRTS: Final[tuple[str, ...]] = ("#8c4a4a", "#4b6c92", "#d8d2c8", "#5d6b4a")

OUTFITS: Final[dict[AttireStyle, Outfit]] = {
    "suit": Outfit(
        "suit", "a tailored suit and tie", ("blazerAndShirt",), _SUIT_COLORS, _overlay_suit
    ),
    "business_casual": Outfit(
        "business casual",
        "business casual attire",
        ("blazerAndSweater", "collarAndSweater"),
        _CASUAL_COLORS,
    ),
    "creative_turtleneck": Outfit(
        "black turtleneck",
        "a black turtleneck",
        ("shirtCrewNeck",),
        ("#1d1d1f",),
        _overlay_turtleneck,
    ),
    "scrubs": Outfit(
        "scrubs",
        "medical scrubs with a stethoscope",
        ("shirtVNeck",),
        ("#3a9e9a", "#4f86b8", "#2f7f8a", "#5a6fb0", "#7a5aa6"),
        _overlay_scrubs,
    ),
    "lab_coat": Outfit(
        "lab coat",
        "a crisp white lab coat",
        ("collarAndSweater",),
        ("#5199e4", "#3c4f5c", "#6b7f5e", "#8c4a4a"),
        _overlay_lab_coat,
    ),
    "uniform": Outfit(
        "uniform",
        "a navy police uniform with a star badge",
        ("shirtCrewNeck",),
        ("#22324f", "#1f2a44", "#2b3a55"),
        _overlay_police,
    ),
    "chef_whites": Outfit(
        "chef whites",
        "double-breasted chef whites",
        ("shirtCrewNeck",),
        ("#f4f4f1",),
        _overlay_chef_whites,
    ),
    "outdoor_workwear": Outfit(
        "workwear",
        "rugged canvas workwear over a henley",
        ("shirtCrewNeck",),
        _SHIRTS,
        _overlay_canvas_jacket,
    ),
    "ranger_uniform": Outfit(
        "ranger uniform",
        "a khaki ranger uniform with a green patch",
        ("shirtCrewNeck",),
        ("#b49a67", "#a8915e", "#bba57a"),
        _overlay_ranger,
    ),
    "firefighter_gear": Outfit(
        "turnout coat",
        "a firefighter's turnout coat with reflective stripes",
        ("shirtCrewNeck",),
        ("#2b2b2b",),
        _overlay_firefighter,
    ),
    "aviation_uniform": Outfit(
        "airline uniform",
        "a navy airline uniform with gold wings",
        ("blazerAndShirt",),
        ("#1f2a44", "#1c2333"),
        _overlay_aviation,
    ),
    "athletic_wear": Outfit(
        "athletic wear",
        "fitted athletic wear",
        ("shirtCrewNeck",),
        ("#1d3557", "#e63946", "#2a9d8f", "#264653", "#3a86ff", "#2b2d42"),
        _overlay_athletic,
    ),
    "waistcoat": Outfit(
        "waistcoat",
        "a dark waistcoat over a white shirt",
        ("shirtCrewNeck",),
        ("#f2f2f2",),
        _overlay_waistcoat,
    ),
    "judicial_robe": Outfit(
        "judicial robe", "a black judicial robe", ("shirtCrewNeck",), ("#17171a",), _overlay_robe
    ),
    "hi_vis_workwear": Outfit(
        "hi-vis",
        "a hi-vis safety vest over a work shirt",
        ("collarAndSweater",),
        ("#4b6c92", "#5a5f66", "#2f4a6d"),
        _overlay_hi_vis,
    ),
    "work_apron": Outfit(
        "apron",
        "a canvas work apron",
        ("collarAndSweater", "shirtCrewNeck"),
        _SHIRTS,
        _overlay_apron,
    ),
    "tweed_blazer": Outfit(
        "tweed blazer",
        "a tweed blazer with elbow patches",
        ("blazerAndSweater",),
        ("#7a6a4f", "#6b5b45", "#5d6450", "#8a6f4e"),
        _overlay_tweed,
    ),
    "coveralls": Outfit(
        "coveralls",
        "work coveralls with a name patch",
        ("shirtCrewNeck",),
        ("#2f4a6d", "#5a5f66", "#b5541d"),
        _overlay_coveralls,
    ),
    "staff_polo": Outfit(
        "polo shirt",
        "a branded staff polo shirt",
        ("shirtCrewNeck",),
        ("#c8333a", "#1f6fd1", "#2a9d8f", "#f2a541", "#3c4f5c"),
        _overlay_polo,
    ),
}
"""The outfit for every attire style (keyed by the style's value)."""


def dress(attire: AttireStyle, rng: random.Random) -> tuple[str, str, str]:
    """``(clothes variant, clothes colour, overlay markup)`` for ``attire``."""
    outfit = OUTFITS[attire]
    clothes = _pick(rng, outfit.clothes)
    color = _pick(rng, outfit.colors)
    overlay = outfit.overlay(rng, color) if outfit.overlay is not None else ""
    return clothes, color, overlay
