"""Background scenes for the offline avatar, drawn by us as plain SVG (1024×1024).

Every :data:`~petavatar.domain.models.BackgroundSetting` has a scene: a few dozen
flat shapes and at most a couple of gradients, so that resvg rasterises it in a
few milliseconds (filters such as ``feGaussianBlur`` cost hundreds of ms at this
size, so the soft, out-of-focus look comes from muted colours and from the
avatar renderer's low-resolution raster + upscale instead). The centre of the
frame is kept calm because the headshot covers it; detail sits at the edges
and around the head. A seed varies the palette and the layout a little, so two
people in the same setting do not stand in front of the identical wall.

Everything here is pure string building: deterministic for the same
``(setting, seed)``, no I/O, no fonts (scenes contain no text).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Final

from petavatar.domain.models import BackgroundSetting

SIZE: Final[int] = 1024
"""Width and height of every scene's viewBox."""

SCENE_KEYWORDS: Final[dict[BackgroundSetting, str]] = {
    "corner_office_city_view": "corner office with city view",
    "open_office": "open-plan office",
    "linkedin_blue_gradient": "LinkedIn blue gradient backdrop",
    "creative_studio": "creative studio",
    "lab": "research lab",
    "hospital": "hospital corridor",
    "classroom": "classroom",
    "workshop": "workshop",
    "outdoors": "outdoors",
    "restaurant_kitchen": "restaurant kitchen",
    "aquarium_tanks": "aquarium with fish tanks",
    "dining_room": "restaurant dining room",
    "wine_cellar": "wine cellar",
    "courtroom": "courtroom",
    "library": "library",
    "gym": "gym",
    "sports_field": "sports field",
    "airport": "airport terminal",
    "hotel_lobby": "hotel lobby",
    "construction_site": "construction site",
    "warehouse": "warehouse",
    "farm": "farm",
    "forest_trail": "forest trail",
    "fire_station": "fire station",
    "broadcast_studio": "broadcast studio",
    "trading_floor": "trading floor",
    "server_room": "server room",
    "veterinary_clinic": "veterinary clinic",
    "greenhouse": "greenhouse",
    "cafe": "café",
    "museum_gallery": "museum gallery",
    "concert_stage": "concert stage",
}
"""Human-readable phrase for each setting, used in the avatar prompt."""


def _f(value: float) -> str:
    """Format a coordinate compactly and deterministically (one decimal, no ``.0``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _hex(rgb: tuple[float, float, float]) -> str:
    """``(r, g, b)`` in 0–255 (clamped) → ``#rrggbb``."""
    r, g, b = (max(0, min(255, round(c))) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _lerp(a: tuple[int, int, int], b: tuple[float, float, float], t: float) -> str:
    """Linear blend of two RGB triples as ``#rrggbb``."""
    return _hex((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t))


def _rgb(color: str) -> tuple[int, int, int]:
    """``#rrggbb`` → ``(r, g, b)``."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def shade(color: str, amount: float) -> str:
    """Lighten (``amount`` > 0) or darken (< 0) a ``#rrggbb`` colour by a fraction 0–1."""
    target = (255.0, 255.0, 255.0) if amount >= 0 else (0.0, 0.0, 0.0)
    return _lerp(_rgb(color), target, abs(amount))


def mix(a: str, b: str, t: float) -> str:
    """Blend two ``#rrggbb`` colours; ``t`` = 0 gives ``a``, 1 gives ``b``."""
    rb = _rgb(b)
    return _lerp(_rgb(a), (float(rb[0]), float(rb[1]), float(rb[2])), t)


class _Canvas:
    """Tiny SVG element accumulator with helpers for the shapes the scenes use."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> None:
        """Axis-aligned rectangle; ``extra`` carries raw attributes (rx, opacity…)."""
        self.parts.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{fill}"'
            f"{' ' + extra if extra else ''}/>"
        )

    def rects(self, boxes: Sequence[tuple[float, float, float, float]], fill: str) -> None:
        """Many same-coloured rectangles as ONE path: resvg pays per element, not per box."""
        d = "".join(f"M{_f(x)} {_f(y)}h{_f(w)}v{_f(h)}h{_f(-w)}z" for x, y, w, h in boxes)
        self.parts.append(f'<path d="{d}" fill="{fill}"/>')

    def dots(self, centres: Sequence[tuple[float, float]], r: float, fill: str) -> None:
        """Many same-sized circles as ONE path."""
        d = "".join(
            f"M{_f(x - r)} {_f(y)}a{_f(r)} {_f(r)} 0 1 0 {_f(2 * r)} 0"
            f"a{_f(r)} {_f(r)} 0 1 0 {_f(-2 * r)} 0z"
            for x, y in centres
        )
        self.parts.append(f'<path d="{d}" fill="{fill}"/>')

    def circle(self, cx: float, cy: float, r: float, fill: str, extra: str = "") -> None:
        """Circle; ``extra`` carries raw attributes."""
        self.parts.append(
            f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill="{fill}"'
            f"{' ' + extra if extra else ''}/>"
        )

    def ellipse(
        self, cx: float, cy: float, rx: float, ry: float, fill: str, extra: str = ""
    ) -> None:
        """Ellipse; ``extra`` carries raw attributes."""
        self.parts.append(
            f'<ellipse cx="{_f(cx)}" cy="{_f(cy)}" rx="{_f(rx)}" ry="{_f(ry)}" fill="{fill}"'
            f"{' ' + extra if extra else ''}/>"
        )

    def poly(self, points: Sequence[tuple[float, float]], fill: str, extra: str = "") -> None:
        """Closed polygon."""
        pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}" fill="{fill}"{" " + extra if extra else ""}/>')

    def path(self, d: str, fill: str = "none", extra: str = "") -> None:
        """Raw path data."""
        self.parts.append(f'<path d="{d}" fill="{fill}"{" " + extra if extra else ""}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float) -> None:
        """Straight stroke with round caps."""
        self.parts.append(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}"'
            f' stroke-width="{_f(width)}" stroke-linecap="round"/>'
        )

    def gradient(
        self,
        box: tuple[float, float, float, float],
        stops: Sequence[tuple[float, str, float]],
        vertical: bool = True,
    ) -> None:
        """A smooth linear gradient over ``box`` (x, y, w, h); stops are (offset, colour, opacity).

        One real SVG gradient, so there are no bands: resvg interpolates per pixel.
        """
        gid = f"g{len(self.parts)}"
        direction = 'x2="0" y2="1"' if vertical else 'x2="1" y2="0"'
        stop_tags = "".join(
            f'<stop offset="{o:g}" stop-color="{col}" stop-opacity="{a:g}"/>' for o, col, a in stops
        )
        x, y, w, h = box
        self.parts.append(
            f'<linearGradient id="{gid}" x1="0" y1="0" {direction}>{stop_tags}</linearGradient>'
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="url(#{gid})"/>'
        )

    def vbands(
        self, x: float, y: float, w: float, h: float, stops: list[tuple[float, str]]
    ) -> None:
        """A smooth top-to-bottom gradient through opaque ``(offset, colour)`` stops."""
        self.gradient((x, y, w, h), [(o, col, 1.0) for o, col in stops])

    def jitter(self, value: float, spread: float) -> float:
        """``value`` ± ``spread``, drawn from the scene's seeded generator."""
        return value + self.rng.uniform(-spread, spread)


def _pick(rng: random.Random, options: list[str]) -> str:
    return options[rng.randrange(len(options))]


def _corner_office(c: _Canvas) -> None:
    """Warm wall, a big window onto a skyline, a wooden desk edge at the bottom."""
    wall = _pick(c.rng, ["#cfc6ba", "#c8cdd2", "#d4c9bd"])
    c.rect(0, 0, SIZE, SIZE, wall)
    dusk = c.rng.random() < 0.3
    sky = [(0.0, "#f2b48a"), (1.0, "#f7dcc0")] if dusk else [(0.0, "#8fb8dc"), (1.0, "#dbe9f3")]
    left, top, right, bottom = 48, 40, 976, 780
    c.vbands(left, top, right - left, bottom - top, sky)
    far = "#a9b9c9" if not dusk else "#c9a9a6"
    near = "#6f8196" if not dusk else "#7d6a73"
    x: float = left
    while x < right:  # far skyline
        w = min(c.rng.uniform(50, 95), right - x)
        h = c.rng.uniform(180, 420)
        c.rect(x, bottom - h, w, h, far)
        x += w + c.rng.uniform(-10, 8)
    x = left
    while x < right - 30:  # near skyline with a few lit windows
        w = min(c.rng.uniform(70, 130), right - x)
        h = c.rng.uniform(110, 300)
        c.rect(x, bottom - h, w, h, near)
        if c.rng.random() < 0.8:
            c.rect(x + w * 0.45, bottom - h - 40, 5, 40, near)
        for row in range(3):
            c.rect(x + 12, bottom - h + 22 + row * 34, w - 24, 8, shade(near, 0.25))
        x += w + c.rng.uniform(6, 20)
    frame = shade(wall, -0.35)
    for mx in (left, 512 - 8, right - 16):  # mullions
        c.rect(mx, top, 16, bottom - top, frame)
    c.rect(left, top, right - left, 16, frame)
    c.rect(left, bottom - 14, right - left, 18, frame)
    c.rect(0, bottom + 4, SIZE, 30, shade(wall, -0.12))  # sill
    wood = _pick(c.rng, ["#6b4a32", "#5a3d2b", "#7a5638"])
    c.rect(0, 880, SIZE, 144, wood)
    c.rect(0, 880, SIZE, 10, shade(wood, 0.25))
    # a plant on the right of the desk
    c.rect(880, 780, 70, 100, "#3d3d3d", 'rx="8"')
    for dx, dy, r in ((915, 720, 60), (870, 745, 42), (960, 745, 42), (915, 680, 40)):
        c.circle(dx, dy, r, "#4f7a4a")


def _open_office(c: _Canvas) -> None:
    """Bright open floor: back windows, pendant lights, rows of desks and plants."""
    wall = _pick(c.rng, ["#eef0ef", "#f1ede6", "#e9eef2"])
    c.rect(0, 0, SIZE, SIZE, wall)
    c.rect(0, 120, SIZE, 420, "#d9e6ee")  # window band
    for i in range(9):
        c.rect(i * 128 - 4, 120, 10, 420, "#b9c4cb")
    c.rect(0, 532, SIZE, 14, "#b9c4cb")
    c.rect(0, 546, SIZE, 478, "#d8d2c8")  # floor / far area
    accent = _pick(c.rng, ["#f2c14e", "#e07a5f", "#81b29a"])
    for x in (150, 512, 874):  # pendant lights
        xx = c.jitter(x, 20)
        c.line(xx, 0, xx, 150, "#555555", 4)
        c.poly([(xx - 60, 210), (xx - 24, 150), (xx + 24, 150), (xx + 60, 210)], accent)
        c.ellipse(xx, 212, 60, 10, "#fff6d8")
    for row, (y, scale) in enumerate(((600, 0.7), (700, 0.9))):  # desks with monitors
        for k in range(5):
            x = k * 230 - 40 + row * 90
            w = 180 * scale
            c.rect(x, y, w, 14 * scale, "#f7f7f5")
            c.rect(x + 10, y + 14 * scale, 8, 60 * scale, "#9a9a9a")
            c.rect(x + w - 18, y + 14 * scale, 8, 60 * scale, "#9a9a9a")
            c.rect(x + w * 0.3, y - 70 * scale, w * 0.4, 60 * scale, "#2f3b46", 'rx="4"')
            c.rect(x + w * 0.48, y - 10 * scale, w * 0.04, 10 * scale, "#555555")
    for x in (60, 964):  # plants
        c.rect(x - 40, 820, 80, 110, "#f4f1ea", 'rx="10"')
        for dx, dy, r in ((0, 760, 70), (-45, 790, 48), (45, 790, 48), (0, 700, 50)):
            c.circle(x + dx, dy, r, "#5e8c57")
    c.rect(0, 930, SIZE, 94, "#c9c1b4")


def _linkedin_gradient(c: _Canvas) -> None:
    """The classic profile-photo backdrop: smooth blue gradient plus a soft vignette."""
    top = _pick(c.rng, ["#0a66c2", "#0b5fae", "#1f6fc0"])
    c.vbands(0, 0, SIZE, SIZE, [(0.0, shade(top, 0.4)), (0.55, top), (1.0, shade(top, -0.4))])
    # vignette: two soft horizontal gradients darken the side edges
    reach = c.jitter(220, 30)
    edge = [(0.0, "#000000", 0.28), (1.0, "#000000", 0.0)]
    c.gradient((0, 0, reach, SIZE), edge, vertical=False)
    c.gradient(
        (SIZE - reach, 0, reach, SIZE),
        [(0.0, "#000000", 0.0), (1.0, "#000000", 0.28)],
        vertical=False,
    )


def _creative_studio(c: _Canvas) -> None:
    """Warm brick wall, framed posters, an easel with a canvas and a floor lamp glow."""
    brick = _pick(c.rng, ["#b5654a", "#a85a44", "#c07052"])
    mortar = shade(brick, 0.45)
    c.rect(0, 0, SIZE, SIZE, mortar)
    bh, bw = 44, 120
    tones: list[list[tuple[float, float, float, float]]] = [[], [], []]
    for row in range(0, SIZE // bh + 1):
        offset = 0 if row % 2 == 0 else bw / 2
        y = row * bh
        x = -offset
        while x < SIZE:
            tones[c.rng.randrange(3)].append((x + 3, y + 3, bw - 6, bh - 6))
            x += bw
    for amount, boxes in zip((-0.07, 0.0, 0.07), tones, strict=True):
        c.rects(boxes, shade(brick, amount))
    palette = ["#f2cc8f", "#3d405b", "#81b29a", "#e07a5f", "#f4f1de", "#2a9d8f"]
    c.rng.shuffle(palette)
    # posters on the upper left and right
    for (x, y, w, h), col, ink in (
        ((40, 90, 200, 270), palette[0], palette[1]),
        ((800, 60, 180, 240), palette[2], palette[3]),
    ):
        c.rect(x - 10, y - 10, w + 20, h + 20, "#2b2b2b")
        c.rect(x, y, w, h, col)
        c.circle(x + w * 0.5, y + h * 0.4, w * 0.28, ink)
        c.rect(x + w * 0.15, y + h * 0.78, w * 0.7, 14, ink)
    # easel with a painting on the right
    c.line(820, 420, 760, 1000, "#7a5230", 16)
    c.line(900, 420, 960, 1000, "#7a5230", 16)
    c.line(860, 400, 860, 1000, "#6a4526", 14)
    c.rect(770, 460, 180, 220, "#fbf7ee")
    c.circle(830, 540, 40, palette[4] if palette[4] != "#f4f1de" else palette[5])
    c.path("M780 660 Q840 590 900 630 T945 600 L945 670 L780 670 Z", palette[5])
    c.rect(760, 680, 200, 16, "#7a5230")
    # warm lamp glow on the left
    c.line(120, 560, 120, 1000, "#2b2b2b", 10)
    c.poly([(60, 560), (95, 480), (145, 480), (180, 560)], "#f0e0b0")
    c.rect(0, 960, SIZE, 64, "#6e4b34")


def _lab(c: _Canvas) -> None:
    """White tiled lab wall, shelves of flasks and beakers, a bench in front."""
    tile = _pick(c.rng, ["#eef3f5", "#f0f4f2", "#edf1f6"])
    grout = shade(tile, -0.1)
    c.rect(0, 0, SIZE, SIZE, grout)
    c.rects([(col * 64 + 2, row * 64 + 2, 60, 60) for row in range(16) for col in range(16)], tile)
    liquids = ["#4fb3bf", "#9bc53d", "#e55934", "#5bc0eb", "#fde74c", "#c3a4e0"]
    c.rng.shuffle(liquids)
    for shelf_y in (240, 470):
        c.rect(0, shelf_y, 300, 14, "#9aa5ad")
        c.rect(724, shelf_y, 300, 14, "#9aa5ad")
        for i, x in enumerate((40, 130, 220, 770, 860, 950)):
            liquid = liquids[(i + shelf_y) % len(liquids)]
            if i % 2 == 0:  # Erlenmeyer flask
                c.poly(
                    [
                        (x - 12, shelf_y - 110),
                        (x + 12, shelf_y - 110),
                        (x + 12, shelf_y - 70),
                        (x + 40, shelf_y),
                        (x - 40, shelf_y),
                        (x - 12, shelf_y - 70),
                    ],
                    "#ffffff",
                    'stroke="#9fb4c0" stroke-width="4"',
                )
                c.poly(
                    [
                        (x - 24, shelf_y - 40),
                        (x + 24, shelf_y - 40),
                        (x + 38, shelf_y - 3),
                        (x - 38, shelf_y - 3),
                    ],
                    liquid,
                )
            else:  # beaker
                c.rect(x - 30, shelf_y - 90, 60, 90, "#ffffff", 'stroke="#9fb4c0" stroke-width="4"')
                c.rect(x - 28, shelf_y - 50, 56, 48, liquid)
    # bench with a microscope silhouette on the left
    c.rect(0, 900, SIZE, 124, "#3f4a52")
    c.rect(0, 900, SIZE, 12, "#58656e")
    c.rect(60, 820, 90, 20, "#2f3840", 'rx="6"')
    c.rect(95, 700, 22, 125, "#2f3840")
    c.poly([(100, 700), (150, 660), (165, 675), (118, 718)], "#2f3840")


def _hospital(c: _Canvas) -> None:
    """Pale teal corridor in perspective with doors, a handrail and a cross sign."""
    wall = _pick(c.rng, ["#cfe6e2", "#d3e9ea", "#d7ebe4"])
    c.rect(0, 0, SIZE, SIZE, wall)
    vx, vy = c.jitter(512, 30), 430.0  # vanishing point
    c.poly([(0, 0), (SIZE, 0), (vx + 150, vy - 130), (vx - 150, vy - 130)], "#f4f7f6")
    c.poly([(0, SIZE), (SIZE, SIZE), (vx + 150, vy + 110), (vx - 150, vy + 110)], "#b9c9c6")
    c.poly([(0, 0), (vx - 150, vy - 130), (vx - 150, vy + 110), (0, SIZE)], shade(wall, -0.05))
    c.poly(
        [(SIZE, 0), (vx + 150, vy - 130), (vx + 150, vy + 110), (SIZE, SIZE)], shade(wall, -0.08)
    )
    c.rect(vx - 150, vy - 130, 300, 240, shade(wall, 0.35))  # far end
    for t in (0.15, 0.45):  # doors on both walls
        for side in (-1, 1):
            x_near = 512 + side * (512 - 512 * t)
            x_far = 512 + side * (512 - 512 * (t + 0.18))
            top_near, top_far = 200 + 150 * t, 200 + 150 * (t + 0.18)
            bot_near, bot_far = 930 - 300 * t, 930 - 300 * (t + 0.18)
            c.poly(
                [(x_near, top_near), (x_far, top_far), (x_far, bot_far), (x_near, bot_near)],
                "#7fb3ad",
            )
    c.line(0, 700, vx - 150, vy + 40, "#9fb9b5", 10)  # handrails
    c.line(SIZE, 700, vx + 150, vy + 40, "#9fb9b5", 10)
    for t in (0.2, 0.5, 0.75):  # ceiling lights
        y = 20 + (vy - 150) * t
        half = 140 * (1 - t) + 40
        c.rect(vx - half, y, half * 2, 16 * (1 - t) + 6, "#ffffff")
    # cross sign hanging from the ceiling, upper left
    c.line(180, 0, 180, 70, "#8a9a98", 4)
    c.line(300, 0, 300, 70, "#8a9a98", 4)
    c.rect(150, 70, 180, 120, "#ffffff", 'rx="12" stroke="#c8d6d4" stroke-width="4"')
    cross = _pick(c.rng, ["#d64545", "#2e9e6a"])
    c.rect(222, 90, 36, 80, cross)
    c.rect(200, 112, 80, 36, cross)


def _classroom(c: _Canvas) -> None:
    """Beige wall with a framed green chalkboard, chalk marks, a clock and a desk."""
    wall = _pick(c.rng, ["#efe3c8", "#ece1cf", "#e8ddc2"])
    c.rect(0, 0, SIZE, SIZE, wall)
    board = _pick(c.rng, ["#2f5d4a", "#33594b", "#2b4f45"])
    c.rect(40, 110, 944, 560, "#8b5e3c", 'rx="6"')
    c.rect(62, 132, 900, 516, board)
    chalk = 'stroke="#e8efe9" stroke-width="7" stroke-linecap="round" stroke-opacity="0.8"'
    # chalk scribbles: a plotted curve, "equations" as dashes, a triangle
    c.path("M100 560 Q180 330 260 470 T420 300", "none", chalk)
    c.path("M100 580 L440 580 M110 600 L110 290", "none", chalk)
    for i in range(4):
        y = 200 + i * 60
        x = 640 + c.rng.uniform(-20, 20)
        c.path(
            f"M{_f(x)} {y} l{_f(c.rng.uniform(60, 110))} 0 m24 -12 l18 24 m0 -24 l-18 24 "
            f"m40 -12 l{_f(c.rng.uniform(50, 120))} 0",
            "none",
            chalk,
        )
    c.path("M700 560 L820 420 L900 560 Z", "none", chalk)
    c.rect(62, 648, 900, 20, "#9c6b45")  # chalk ledge
    c.rect(300, 650, 30, 10, "#ffffff")
    c.circle(920, 60, 40, "#ffffff", 'stroke="#444444" stroke-width="6"')  # clock
    c.line(920, 60, 920, 35, "#333333", 5)
    c.line(920, 60, 940, 70, "#333333", 5)
    c.rect(0, 880, SIZE, 144, "#a9754b")  # teacher's desk
    c.rect(0, 880, SIZE, 12, "#c08a5c")
    c.circle(110, 850, 34, "#c8333a")  # an apple
    c.path("M110 818 q6 -20 22 -24", "none", 'stroke="#5a3a1a" stroke-width="6"')


def _workshop(c: _Canvas) -> None:
    """Pegboard wall with hanging tools above a heavy workbench."""
    board = _pick(c.rng, ["#c9a77c", "#bf9c70", "#d1b185"])
    c.rect(0, 0, SIZE, SIZE, board)
    hole = shade(board, -0.35)
    c.dots([(36 + col * 74, 36 + row * 66) for row in range(14) for col in range(14)], 5, hole)
    steel, grip = "#8d99a3", _pick(c.rng, ["#d1495b", "#edae49", "#00798c"])
    # wrench (left)
    c.line(120, 120, 120, 400, steel, 26)
    c.circle(120, 110, 34, steel)
    c.rect(108, 70, 24, 40, board)
    # hammer
    c.line(240, 140, 240, 420, "#8b5a2b", 22)
    c.rect(190, 110, 100, 46, "#5b646b", 'rx="6"')
    # screwdrivers
    for x in (330, 370):
        c.rect(x - 12, 120, 24, 90, grip, 'rx="10"')
        c.line(x, 210, x, 330, steel, 8)
    # saw (right)
    c.poly([(760, 120), (960, 140), (960, 230), (760, 300)], "#b8c2c9")
    c.rect(700, 110, 70, 110, grip, 'rx="18"')
    # pliers and tape measure on the right
    c.line(820, 360, 860, 560, "#33658a", 16)
    c.line(900, 360, 860, 560, "#33658a", 16)
    c.circle(940, 640, 46, "#f6c744")
    c.circle(940, 640, 18, "#444444")
    # shelf with cans, then the workbench
    c.rect(0, 780, SIZE, 18, "#6b4a2b")
    for x in (60, 140, 880):
        c.rect(x, 700, 60, 80, "#6d7f8c", 'rx="6"')
    c.rect(0, 900, SIZE, 124, "#7a5230")
    c.rect(0, 900, SIZE, 16, "#94683f")


def _outdoors(c: _Canvas) -> None:
    """Sky, sun, clouds, layered hills and a few round trees."""
    c.vbands(0, 0, SIZE, 700, [(0.0, "#7db7e8"), (0.8, "#cfe6f5"), (1.0, "#eaf4ea")])
    c.circle(c.jitter(840, 60), c.jitter(150, 30), 60, "#fff3c4")
    for _ in range(3):
        x, y = c.rng.uniform(80, 940), c.rng.uniform(80, 260)
        for dx, r in ((-50, 34), (0, 48), (50, 36)):
            c.circle(x + dx, y, r, "#ffffff", 'fill-opacity="0.9"')
    far, mid, near = (
        _pick(c.rng, ["#9cc3a4", "#a3bfa0"]),
        _pick(c.rng, ["#6fa36b", "#79a65f"]),
        _pick(c.rng, ["#4f8a47", "#5a8f3e"]),
    )
    h1, h2 = c.jitter(560, 30), c.jitter(520, 30)
    c.path(
        f"M0 {_f(h1)} Q260 {_f(h1 - 120)} 520 {_f(h1 - 20)} T1024 {_f(h2)} L1024 1024 L0 1024Z", far
    )
    c.path(
        f"M0 {_f(h2 + 120)} Q300 {_f(h2 + 20)} 600 {_f(h2 + 110)} T1024 {_f(h1 + 80)} "
        "L1024 1024 L0 1024Z",
        mid,
    )
    for x, y, r in ((90, 600, 80), (230, 640, 60), (930, 590, 90), (800, 650, 55)):
        xx = c.jitter(x, 15)
        c.rect(xx - 10, y, 20, r * 1.6, "#6b4a2b")
        c.circle(xx, y - r * 0.3, r, shade(near, -0.1))
        c.circle(xx - r * 0.4, y + r * 0.1, r * 0.7, near)
    c.path("M0 860 Q512 780 1024 860 L1024 1024 L0 1024Z", near)


def _restaurant_kitchen(c: _Canvas) -> None:
    """Stainless-steel kitchen: subway tiles, range hood, hanging pans and a steel pass."""
    tile = _pick(c.rng, ["#f2f2ee", "#eef1f2", "#f4efe7"])
    c.rect(0, 0, SIZE, SIZE, shade(tile, -0.12))
    c.rects(
        [
            (col * 90 + (0 if row % 2 == 0 else 45) + 2, row * 30 + 2, 86, 26)
            for row in range(34)
            for col in range(-1, 12)
        ],
        tile,
    )
    steel = "#aab3ba"
    c.poly([(300, 0), (724, 0), (824, 200), (200, 200)], steel)  # range hood
    c.rect(200, 200, 624, 24, shade(steel, -0.2))
    c.rect(0, 300, SIZE, 12, "#6f7a82")  # hanging rail
    copper = _pick(c.rng, ["#b87333", "#a0522d", "#6f7a82"])
    for x, r in ((90, 60), (230, 48), (800, 52), (940, 64)):
        c.line(x, 312, x, 360, "#555555", 5)
        c.rect(x - 8, 360, 16, 70, "#333333", 'rx="6"')
        c.circle(x, 430 + r, r, copper)
        c.circle(x, 430 + r, r * 0.7, shade(copper, 0.2))
    # shelf with stock pots on the left, ladles on the right
    c.rect(0, 640, 300, 14, steel)
    c.rect(30, 560, 110, 80, "#c5ccd1", 'rx="6"')
    c.rect(160, 580, 100, 60, "#c5ccd1", 'rx="6"')
    for x in (780, 830, 880):
        c.line(x, 312, x, 500, "#7d868d", 6)
        c.ellipse(x, 515, 22, 16, "#7d868d")
    c.rect(0, 880, SIZE, 144, "#9aa3aa")  # steel counter
    c.rect(0, 880, SIZE, 14, "#d1d7db")


def _floor(c: _Canvas, y: float, color: str) -> None:
    c.rect(0, y, SIZE, SIZE - y, color)
    c.rect(0, y, SIZE, 10, shade(color, 0.2))


def _books(c: _Canvas, x: float, y: float, w: float, rows: int, wood: str) -> None:
    """A bookcase: ``rows`` shelves of coloured spines."""
    spines = ["#7b2d26", "#2d4a6b", "#3f5e3a", "#8a6d3b", "#5b3f6b", "#a0522d", "#2f2f2f"]
    c.rect(x, y, w, rows * 120 + 20, wood)
    by_color: dict[str, list[tuple[float, float, float, float]]] = {}
    for row in range(rows):
        bx, base = x + 12, y + 20 + row * 120
        while bx < x + w - 30:
            bw, bh = c.rng.uniform(14, 26), c.rng.uniform(70, 96)
            by_color.setdefault(_pick(c.rng, spines), []).append((bx, base + 100 - bh, bw, bh))
            bx += bw + 2
        c.rect(x, base + 100, w, 20, shade(wood, -0.2))
    for color, boxes in sorted(by_color.items()):
        c.rects(boxes, color)


def _plant(c: _Canvas, x: float, y: float, r: float, leaf: str = "#4f7a4a") -> None:
    c.rect(x - r * 0.5, y, r, r * 1.2, "#d8d2c8", 'rx="6"')
    for dx, dy, k in ((0, -0.9, 1.0), (-0.6, -0.4, 0.7), (0.6, -0.4, 0.7)):
        c.circle(x + dx * r, y + dy * r, r * k, leaf)


def _aquarium(c: _Canvas) -> None:
    """A dim aquarium hall: glowing tanks with fish, weed, rocks and bubbles."""
    c.rect(0, 0, SIZE, SIZE, "#0d2233")
    water = _pick(c.rng, ["#1f7fa8", "#1b8a9a", "#2a6fb0"])
    for x, y, w, h in ((20, 80, 480, 620), (524, 80, 480, 620)):
        c.gradient((x, y, w, h), [(0.0, shade(water, 0.35), 1.0), (1.0, shade(water, -0.35), 1.0)])
        c.rect(x, y + h - 60, w, 60, "#c9b58a")
        for k in range(5):
            sx = x + 40 + k * (w - 80) / 4
            c.path(
                f"M{_f(sx)} {_f(y + h - 50)}q-30-120 10-260",
                "none",
                'stroke="#2f8f5b" stroke-width="14" stroke-linecap="round"',
            )
        for _ in range(6):
            fx, fy = c.rng.uniform(x + 40, x + w - 40), c.rng.uniform(y + 60, y + h - 140)
            fish = _pick(c.rng, ["#f4a259", "#f2c14e", "#e76f51", "#ffffff", "#8ecae6"])
            c.ellipse(fx, fy, 26, 13, fish)
            c.poly([(fx + 22, fy), (fx + 42, fy - 12), (fx + 42, fy + 12)], fish)
        c.dots(
            [(x + c.rng.uniform(20, w - 20), y + c.rng.uniform(20, h - 80)) for _ in range(14)],
            5,
            "#d8f3ff",
        )
        c.rect(x - 6, y - 6, w + 12, 16, "#1a1a1a")
        c.rect(x - 6, y + h - 6, w + 12, 20, "#1a1a1a")
    _floor(c, 760, "#102a3d")


def _dining_room(c: _Canvas) -> None:
    """A restaurant dining room: panelled wall, a painting, pendant lamps, laid tables."""
    wall = _pick(c.rng, ["#7a2e2e", "#2e4a3f", "#5a3d5c"])
    c.rect(0, 0, SIZE, SIZE, wall)
    c.rect(0, 560, SIZE, 464, "#5a3b28")
    c.rects([(x, 590, 150, 180) for x in range(30, SIZE, 200)], "#6b4a32")
    c.rect(60, 120, 260, 190, "#c9a44c")
    c.rect(76, 136, 228, 158, _pick(c.rng, ["#8fb8a8", "#d8b47a", "#9aa9c9"]))
    for x in (150, 512, 874):
        c.line(x, 0, x, 200, "#2b2b2b", 4)
        c.ellipse(x, 215, 54, 26, "#f2d48a")
        c.circle(x, 260, 60, "#fff3c4", 'fill-opacity="0.18"')
    for x in (40, 760):
        c.rect(x, 800, 230, 30, "#f7f4ee")
        c.rect(x + 10, 830, 210, 120, "#ece6da")
        for gx in (x + 50, x + 180):
            c.path(f"M{gx - 12} 750q12 40 24 0z", "#e8eef2", 'fill-opacity="0.8"')
            c.line(gx, 772, gx, 800, "#e8eef2", 3)
            c.ellipse(gx, 764, 8, 5, "#7a1f2b")


def _wine_cellar(c: _Canvas) -> None:
    """A vaulted brick cellar: racks of bottle ends and barrels."""
    c.rect(0, 0, SIZE, SIZE, "#3a2a22")
    c.path("M0 300Q512 -80 1024 300V0H0Z", "#261a15")
    brick = _pick(c.rng, ["#6b4434", "#5e3b2e", "#74503c"])
    c.rects(
        [
            (x + (row % 2) * 40, 320 + row * 40, 74, 34)
            for row in range(3)
            for x in range(0, SIZE, 80)
        ],
        brick,
    )
    for x0 in (20, 724):
        c.rect(x0, 160, 280, 640, "#4a3020")
        centres = [(x0 + 30 + col * 44, 200 + row * 44) for row in range(13) for col in range(6)]
        c.dots(centres, 16, "#1e2a1e")
        c.dots([(x + 4, y - 4) for x, y in centres[::3]], 5, "#7a8a5a")
    for x in (140, 884):
        c.ellipse(x, 880, 120, 95, "#7a4e2d")
        for dy in (-50, 50):
            c.ellipse(x, 880 + dy, 122, 14, "#3b3b3b", 'fill-opacity="0.6"')
    _floor(c, 960, "#2a1d17")


def _courtroom(c: _Canvas) -> None:
    """Wood-panelled courtroom: pilasters, a seal above and the bench below."""
    wood = _pick(c.rng, ["#6b4a32", "#5a3d2b", "#7a5638"])
    c.rect(0, 0, SIZE, SIZE, shade(wood, 0.1))
    c.rects([(x, 0, 60, 760) for x in (0, 240, 724, 964)], shade(wood, -0.15))
    c.rects([(x + 20, 60, 120, 300) for x in (60, 784)], shade(wood, 0.05))
    c.rects([(x + 20, 400, 120, 300) for x in (60, 784)], shade(wood, 0.05))
    for x in (150, 874):  # the court's seal on both side panels
        c.circle(x, 150, 70, "#c9a44c")
        c.circle(x, 150, 56, "#23395b")
        c.circle(x, 150, 24, "#c9a44c")
    c.rect(0, 760, SIZE, 264, shade(wood, -0.25))
    c.rect(0, 760, SIZE, 24, shade(wood, 0.2))
    c.rects([(x, 800, 110, 180) for x in range(20, SIZE, 140)], shade(wood, -0.1))


def _library(c: _Canvas) -> None:
    """Floor-to-ceiling bookcases and a rolling ladder."""
    wood = _pick(c.rng, ["#5a3d2b", "#6b4a32", "#4a3326"])
    c.rect(0, 0, SIZE, SIZE, shade(wood, -0.3))
    _books(c, 0, 20, 500, 7, wood)
    _books(c, 524, 20, 500, 7, wood)
    c.line(880, 0, 820, 1024, "#8a6a45", 12)
    c.line(980, 0, 920, 1024, "#8a6a45", 12)
    for y in range(60, 1024, 90):
        c.line(880 - y * 0.06, y, 980 - y * 0.06, y, "#8a6a45", 8)


def _gym(c: _Canvas) -> None:
    """A gym: dark wall with a stripe, a mirror, a dumbbell rack and plates."""
    c.rect(0, 0, SIZE, SIZE, "#2f3338")
    accent = _pick(c.rng, ["#e63946", "#f4a261", "#2a9d8f"])
    c.rect(0, 300, SIZE, 40, accent)
    c.rect(200, 60, 624, 220, "#aeb8c0", 'fill-opacity="0.35"')
    c.rect(0, 700, SIZE, 30, "#555a60")
    for x in range(40, SIZE, 90):
        c.rect(x, 670, 60, 30, "#1b1b1b", 'rx="8"')
        c.rect(x + 24, 678, 12, 14, "#8d99a3")
    for x0 in (40, 880):  # barbell plates racked edge-on at both sides
        c.rect(x0 - 20, 470, 144, 12, "#8d99a3")
        for k, h in enumerate((210, 180, 150, 120)):
            c.rect(x0 + k * 28, 476 - h / 2, 22, h, "#1b1b1b", 'rx="6"')
    _floor(c, 880, "#3a3f44")


def _sports_field(c: _Canvas) -> None:
    """Stadium stands under a sky, a striped pitch with lines and a goal."""
    c.vbands(0, 0, SIZE, 360, [(0.0, "#6fa8dc"), (1.0, "#d7e8f5")])
    seats = ["#c8333a", "#1f3b73", "#e6e6e6", "#f2c14e", "#2a9d8f"]
    c.rng.shuffle(seats)
    c.rect(0, 220, SIZE, 260, "#4a4f55")
    for row in range(6):
        c.rects(
            [(x, 232 + row * 40, 26, 24) for x in range(row % 2 * 15, SIZE, 34)], seats[row % 3]
        )
    c.rect(0, 480, SIZE, 544, "#4f9a48")
    c.rects([(x, 480, 64, 544) for x in range(0, SIZE, 128)], "#57a550")
    c.path(
        "M0 640H1024M512 480V1024", "none", 'stroke="#ffffff" stroke-width="8" stroke-opacity="0.8"'
    )
    c.rect(60, 520, 8, 180, "#ffffff")
    c.rect(300, 520, 8, 180, "#ffffff")
    c.rect(60, 520, 248, 8, "#ffffff")
    for x, h in ((40, 200), (984, 200)):
        c.rect(x - 6, 0, 12, h, "#6d7f8c")
        c.rect(x - 40, 0, 80, 40, "#f7f7f5")


def _airport(c: _Canvas) -> None:
    """A terminal: tall windows onto the apron with a plane, and a departures board."""
    c.rect(0, 0, SIZE, SIZE, "#d9dde1")
    c.vbands(0, 80, SIZE, 560, [(0.0, "#8fb8dc"), (1.0, "#e3eef6")])
    c.rect(0, 520, SIZE, 120, "#9aa3aa")
    c.ellipse(700, 470, 300, 42, "#f4f6f8")
    c.poly([(640, 460), (820, 470), (520, 560), (480, 550)], "#dfe4e8")
    c.poly(
        [(950, 470), (1000, 360), (1024, 360), (1010, 470)],
        _pick(c.rng, ["#1f6fd1", "#c8333a", "#2a9d8f"]),
    )
    c.rects([(x, 80, 14, 560) for x in range(0, SIZE, 200)], "#6d7f8c")
    c.rect(40, 120, 300, 200, "#1b1f24", 'rx="6"')
    c.rects([(60, 140 + r * 30, c.rng.uniform(120, 240), 14) for r in range(6)], "#f2c14e")
    _floor(c, 640, "#c5ccd1")


def _hotel_lobby(c: _Canvas) -> None:
    """A hotel lobby: warm wall, columns, a chandelier, a reception desk and palms."""
    wall = _pick(c.rng, ["#e8d9bf", "#eadfcf", "#d9c7a8"])
    c.rect(0, 0, SIZE, SIZE, wall)
    c.rects([(x, 0, 70, 800) for x in (80, 874)], shade(wall, 0.3))
    c.rects([(x - 10, 0, 90, 40) for x in (80, 874)], shade(wall, -0.1))
    for x in (250, 774):  # chandeliers either side of the head, not above it
        c.line(x, 0, x, 50, "#8a6a2a", 4)
        for dx in (-50, -25, 0, 25, 50):
            c.ellipse(x + dx, 80 + abs(dx) * 0.3, 9, 18, "#fff3c4")
        c.ellipse(x, 64, 70, 12, "#c9a44c")
    c.rect(0, 760, SIZE, 264, "#f3efe7")
    c.rect(260, 700, 504, 140, "#5a3d2b")
    _plant(c, 200, 740, 80, "#3f6b3a")
    _plant(c, 824, 740, 80, "#3f6b3a")


def _construction_site(c: _Canvas) -> None:
    """Sky over a steel frame, a tower crane, barriers and cones."""
    c.vbands(0, 0, SIZE, 820, [(0.0, "#8fb8dc"), (1.0, "#e6eef2")])
    steel = _pick(c.rng, ["#c46a2d", "#b5541d", "#8d99a3"])
    c.rects([(x, 200, 18, 620) for x in range(40, SIZE, 190)], steel)
    c.rects([(0, y, SIZE, 14) for y in (260, 420, 580)], steel)
    c.line(880, 60, 880, 820, "#f2c14e", 16)
    c.line(300, 80, 1000, 80, "#f2c14e", 14)
    c.line(620, 80, 620, 300, "#555555", 3)
    c.rect(600, 300, 40, 30, "#555555")
    _floor(c, 820, "#a38b6d")
    for x in (80, 940):
        c.poly([(x - 30, 1000), (x, 900), (x + 30, 1000)], "#ff7f11")
        c.rect(x - 20, 940, 40, 12, "#ffffff")


def _warehouse(c: _Canvas) -> None:
    """High racking stacked with boxes under skylights, concrete floor."""
    c.rect(0, 0, SIZE, SIZE, "#b7bcc0")
    c.rects([(x, 0, 120, 60) for x in (150, 450, 750)], "#e6eef2")
    for x0 in (0, 700):
        c.rects([(x0 + k * 160, 100, 12, 800) for k in range(3)], "#2f5d9a")
        for y in (260, 480, 700):
            c.rect(x0, y, 324, 14, "#f2a541")
            boxes = [(x0 + 16 + k * 76, y - c.rng.uniform(80, 130), 66, 0.0) for k in range(4)]
            c.rects(
                [(x, yy, w, y - yy) for x, yy, w, _ in boxes], _pick(c.rng, ["#c49a6c", "#b98b5a"])
            )
    _floor(c, 880, "#9ea3a7")


def _farm(c: _Canvas) -> None:
    """A red barn, fields, a fence and hay bales under a sky."""
    c.vbands(0, 0, SIZE, 600, [(0.0, "#86bde6"), (1.0, "#e8f1e4")])
    c.path("M0 560Q512 480 1024 560V1024H0Z", "#8fbf5a")
    barn = _pick(c.rng, ["#a8322d", "#9b2f2a"])
    c.rect(640, 320, 320, 280, barn)
    c.poly([(620, 330), (800, 200), (980, 330)], shade(barn, -0.2))
    c.rect(760, 450, 80, 150, "#f4f1ea")
    c.path("M0 760H1024M0 820H1024", "none", 'stroke="#f4f1ea" stroke-width="10"')
    c.rects([(x, 730, 14, 120) for x in range(20, SIZE, 120)], "#f4f1ea")
    for x in (120, 300):
        c.ellipse(x, 660, 70, 50, "#e0b95b")
    c.path("M0 900Q512 860 1024 900V1024H0Z", "#6fa33f")


def _forest_trail(c: _Canvas) -> None:
    """Tall conifers either side of a trail under soft light."""
    c.vbands(0, 0, SIZE, SIZE, [(0.0, "#d7ead9"), (1.0, "#9cc3a4")])
    c.poly([(420, 1024), (500, 560), (524, 560), (604, 1024)], "#b89b6d")
    for depth, (scale, col) in enumerate(((0.6, "#5f8f6a"), (1.0, "#2f5d3a"))):
        for k in range(7):
            x = k * 170 + (depth * 80) + c.rng.uniform(-20, 20)
            if 330 < x < 700 and depth:
                continue
            h = 520 * scale
            base = 620 + depth * 240
            c.rect(x - 10, base - 40, 20, 80, "#5a3d2b")
            c.poly([(x - 90 * scale, base), (x, base - h), (x + 90 * scale, base)], col)


def _fire_station(c: _Canvas) -> None:
    """Red brick station wall with apparatus-bay doors, a truck's nose and helmets."""
    c.rect(0, 0, SIZE, SIZE, "#8c3a2b")
    c.rects(
        [(x + (r % 2) * 30, r * 32, 56, 26) for r in range(32) for x in range(-30, SIZE, 60)],
        "#9c4434",
    )
    for x in (40, 700):
        c.rect(x, 200, 284, 640, "#d9dde1")
        c.rects([(x, y, 284, 6) for y in range(240, 840, 60)], "#b9c0c6")
    c.rect(700, 600, 284, 240, "#c8102e")
    c.rect(720, 620, 120, 80, "#9fc3dc")
    c.rect(700, 780, 284, 20, "#dfe3e6")
    for x in (120, 240):
        c.ellipse(x, 150, 50, 34, _pick(c.rng, ["#c8102e", "#f2c14e", "#1b1b1b"]))
        c.rect(x - 62, 160, 124, 10, "#1b1b1b")
    _floor(c, 840, "#7d7d7d")


def _broadcast_studio(c: _Canvas) -> None:
    """A news studio: a wall of screens, studio lights and the anchor desk."""
    c.rect(0, 0, SIZE, SIZE, "#0f1a2b")
    glow = _pick(c.rng, ["#1f6fd1", "#2a9d8f", "#7a3fb0"])
    c.rects(
        [(x, y, 180, 110) for x in range(20, SIZE, 200) for y in (120, 250, 380)], shade(glow, -0.2)
    )
    c.rects(
        [(x + 12, y + 70, 100, 14) for x in range(20, SIZE, 200) for y in (120, 250, 380)],
        shade(glow, 0.4),
    )
    for x in (120, 904):
        c.poly(
            [(x - 40, 0), (x + 40, 0), (x + 200, 700), (x - 200, 700)],
            "#ffffff",
            'fill-opacity="0.05"',
        )
    c.rect(0, 560, SIZE, 464, "#1b2a40")
    c.rect(0, 820, SIZE, 204, shade(glow, -0.4))
    c.rect(0, 820, SIZE, 10, shade(glow, 0.3))


def _trading_floor(c: _Canvas) -> None:
    """Ticker boards above rows of multi-screen desks."""
    c.rect(0, 0, SIZE, SIZE, "#1c2430")
    c.rect(0, 80, SIZE, 120, "#0b0f14")
    for row in range(3):
        y = 96 + row * 34
        c.rects([(x, y, c.rng.uniform(40, 90), 14) for x in range(20, SIZE, 120)], "#3ddc84")
        c.rects([(x + 60, y, 30, 14) for x in range(20, SIZE, 240)], "#ff5c5c")
    for y, s in ((560, 0.7), (720, 1.0)):
        for x in range(-40, SIZE, int(260 * s)):
            for k in range(3):
                c.rect(x + k * 70 * s, y - 90 * s, 64 * s, 44 * s, "#2a3a50", 'rx="3"')
                c.path(
                    f"M{_f(x + k * 70 * s + 6)} {_f(y - 60 * s)}l15-10 15 8 20-14",
                    "none",
                    'stroke="#3ddc84" stroke-width="3"',
                )
            c.rect(x, y, 220 * s, 14, "#4a5566")
    _floor(c, 860, "#2a3340")


def _server_room(c: _Canvas) -> None:
    """Rows of server racks with status lights and a cold-aisle floor."""
    c.rect(0, 0, SIZE, SIZE, "#1a1f26")
    for x in list(range(0, 360, 120)) + list(range(664, SIZE, 120)):
        c.rect(x + 6, 80, 108, 820, "#2b323b")
        c.rects([(x + 16, y, 88, 22) for y in range(100, 880, 34)], "#111418")
        c.dots([(x + 24, y + 11) for y in range(100, 880, 34)], 3, "#3ddc84")
        c.dots(
            [(x + 36, y + 11) for y in range(100, 880, 68)], 3, _pick(c.rng, ["#4fc3f7", "#f2c14e"])
        )
    c.rect(360, 80, 304, 820, "#222a33")
    c.rects([(0, y, SIZE, 4) for y in range(900, SIZE, 40)], "#2f3a46")


def _vet_clinic(c: _Canvas) -> None:
    """A bright exam room: cabinets, a paw-print poster, a steel exam table."""
    wall = _pick(c.rng, ["#dff1ec", "#e5f0f7", "#eef4e6"])
    c.rect(0, 0, SIZE, SIZE, wall)
    c.rect(0, 80, 300, 240, "#ffffff", 'stroke="#c8d6d4" stroke-width="4"')
    c.rect(150, 80, 4, 240, "#c8d6d4")
    c.rect(760, 100, 200, 260, "#ffffff")
    paw = _pick(c.rng, ["#2a9d8f", "#e07a5f", "#3d5a80"])
    c.circle(860, 250, 46, paw)
    c.dots([(812, 185), (845, 165), (877, 165), (910, 185)], 18, paw)
    c.rect(0, 620, 320, 300, "#ffffff", 'stroke="#c8d6d4" stroke-width="4"')
    c.rect(0, 600, 340, 24, "#b9c4cb")
    c.rect(704, 700, 320, 30, "#c5ccd1")
    c.rect(840, 730, 40, 200, "#9aa5ad")
    _floor(c, 920, "#c9d6d3")


def _greenhouse(c: _Canvas) -> None:
    """Glass panes over rows of potted plants and hanging baskets."""
    c.vbands(0, 0, SIZE, SIZE, [(0.0, "#e6f3ea"), (1.0, "#cfe3d2")])
    c.path("M0 260L512 40L1024 260", "none", 'stroke="#ffffff" stroke-width="14"')
    c.rects([(x, 0, 10, 820) for x in range(0, SIZE, 128)], "#ffffff")
    c.rects([(0, y, SIZE, 8) for y in (260, 520)], "#ffffff")
    for x in (140, 884):
        c.line(x, 40, x, 200, "#7a5a3a", 3)
        c.ellipse(x, 210, 60, 26, "#b5654a")
        c.circle(x, 250, 50, "#5e8c57", 'fill-opacity="0.9"')
    c.rect(0, 820, SIZE, 30, "#7a5a3a")
    for x in range(40, SIZE, 110):
        _plant(c, x + 30, 760, 30, _pick(c.rng, ["#4f7a4a", "#6fa36b", "#3f6b3a"]))
    _floor(c, 850, "#8a7a62")


def _cafe(c: _Canvas) -> None:
    """A café counter: chalkboard menu, shelves of mugs, an espresso machine, pendants."""
    wall = _pick(c.rng, ["#e9dcc6", "#d9c7ab", "#e2d3bd"])
    c.rect(0, 0, SIZE, SIZE, wall)
    c.rect(40, 100, 300, 380, "#2b2f2b", 'rx="8"')
    c.rects([(70, 150 + r * 50, c.rng.uniform(140, 240), 10) for r in range(6)], "#e8efe9")
    c.rect(724, 200, 280, 12, "#6b4a32")
    c.rect(724, 360, 280, 12, "#6b4a32")
    for y in (200, 360):
        c.rects(
            [(740 + k * 62, y - 50, 40, 50) for k in range(4)],
            _pick(c.rng, ["#f4f1ea", "#e07a5f", "#81b29a"]),
        )
    for x in (420, 600):
        c.line(x, 0, x, 120, "#2b2b2b", 3)
        c.poly([(x - 40, 160), (x - 16, 120), (x + 16, 120), (x + 40, 160)], "#2b2b2b")
    c.rect(0, 780, SIZE, 244, "#6b4a32")
    c.rect(0, 780, SIZE, 16, "#8a6a45")
    c.rect(780, 620, 200, 160, "#aab3ba", 'rx="10"')
    c.rect(810, 700, 40, 40, "#2b2b2b")


def _museum_gallery(c: _Canvas) -> None:
    """White gallery walls with framed paintings under spotlights, a bench."""
    c.rect(0, 0, SIZE, SIZE, "#f2f0ec")
    palette = ["#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#264653", "#e9c46a"]
    for x, y, w, h in ((40, 180, 260, 340), (724, 160, 260, 360)):
        c.poly(
            [(x + w / 2 - 30, 0), (x + w / 2 + 30, 0), (x + w + 40, y + h), (x - 40, y + h)],
            "#fff6d8",
            'fill-opacity="0.5"',
        )
        c.rect(x - 14, y - 14, w + 28, h + 28, "#b08d57")
        c.rect(x, y, w, h, _pick(c.rng, palette))
        c.circle(x + w * 0.4, y + h * 0.4, w * 0.25, _pick(c.rng, palette))
        c.rect(x + w * 0.1, y + h * 0.7, w * 0.8, h * 0.12, _pick(c.rng, palette))
    c.rect(0, 780, SIZE, 244, "#cdbfa8")
    c.rect(80, 860, 240, 30, "#5a3d2b")
    c.line(600, 760, 1000, 760, "#8c1c2b", 8)


def _concert_stage(c: _Canvas) -> None:
    """A dark stage: coloured light beams from a truss and speaker stacks."""
    c.rect(0, 0, SIZE, SIZE, "#0c0a14")
    c.rect(0, 60, SIZE, 24, "#3a3a44")
    beams = ["#ff4d6d", "#4cc9f0", "#f9c74f", "#b5179e"]
    c.rng.shuffle(beams)
    for k, x in enumerate((120, 380, 644, 904)):
        c.poly(
            [(x - 16, 84), (x + 16, 84), (x + 180 - k * 90, 900), (x - 140 - k * 40, 900)],
            beams[k],
            'fill-opacity="0.16"',
        )
        c.circle(x, 90, 18, beams[k])
    for x in (20, 844):
        c.rect(x, 460, 160, 440, "#1b1b22")
        c.circle(x + 80, 560, 50, "#2c2c36")
        c.circle(x + 80, 760, 64, "#2c2c36")
    _floor(c, 900, "#1f1a2a")


_DRAWERS: Final[dict[BackgroundSetting, Callable[[_Canvas], None]]] = {
    "corner_office_city_view": _corner_office,
    "open_office": _open_office,
    "linkedin_blue_gradient": _linkedin_gradient,
    "creative_studio": _creative_studio,
    "lab": _lab,
    "hospital": _hospital,
    "classroom": _classroom,
    "workshop": _workshop,
    "outdoors": _outdoors,
    "restaurant_kitchen": _restaurant_kitchen,
    "aquarium_tanks": _aquarium,
    "dining_room": _dining_room,
    "wine_cellar": _wine_cellar,
    "courtroom": _courtroom,
    "library": _library,
    "gym": _gym,
    "sports_field": _sports_field,
    "airport": _airport,
    "hotel_lobby": _hotel_lobby,
    "construction_site": _construction_site,
    "warehouse": _warehouse,
    "farm": _farm,
    "forest_trail": _forest_trail,
    "fire_station": _fire_station,
    "broadcast_studio": _broadcast_studio,
    "trading_floor": _trading_floor,
    "server_room": _server_room,
    "veterinary_clinic": _vet_clinic,
    "greenhouse": _greenhouse,
    "cafe": _cafe,
    "museum_gallery": _museum_gallery,
    "concert_stage": _concert_stage,
}
"""The drawing for every background setting (keyed by the setting's value)."""


def scene_body(setting: BackgroundSetting, seed: int) -> str:
    """The scene's elements (no ``<svg>`` wrapper), for embedding in a larger SVG."""
    canvas = _Canvas(random.Random(f"{setting}:{seed}"))
    _DRAWERS[setting](canvas)
    return "".join(canvas.parts)


def scene_svg(setting: BackgroundSetting, seed: int) -> str:
    """A complete 1024×1024 SVG document of the background for ``setting``.

    The same ``(setting, seed)`` always gives the same markup; different seeds
    vary the palette and layout within the setting.
    """
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}">{scene_body(setting, seed)}</svg>'
    )
