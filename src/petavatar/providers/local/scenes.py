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

from petavatar.domain.models import BACKGROUND_SETTINGS, BackgroundSetting, base_background

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

    def vbands(
        self, x: float, y: float, w: float, h: float, stops: list[tuple[float, str]], n: int = 48
    ) -> None:
        """A top-to-bottom gradient drawn as ``n`` flat bands.

        resvg's gradient shader is ~4× slower than a flat fill on this class of
        machine, and the avatar renderer's upscale smooths the 1–2 level steps away.
        """
        for i in range(n):
            t = (i + 0.5) / n
            lo = max((s for s in stops if s[0] <= t), key=lambda s: s[0], default=stops[0])
            hi = min((s for s in stops if s[0] >= t), key=lambda s: s[0], default=stops[-1])
            span = hi[0] - lo[0]
            color = lo[1] if span <= 0 else mix(lo[1], hi[1], (t - lo[0]) / span)
            top = y + h * i / n
            self.rect(x, top, w, h / n + (1 if i < n - 1 else 0), color)

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
    c.vbands(left, top, right - left, bottom - top, sky, 24)
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
    c.vbands(0, 0, SIZE, SIZE, [(0.0, shade(top, 0.4)), (0.55, top), (1.0, shade(top, -0.4))], 64)
    # vignette: stacked translucent strips darken the edges and corners (no radial
    # gradient: that costs ~50 ms in resvg at this size)
    reach = c.jitter(150, 20)
    for k in range(8):
        w = reach * (8 - k) / 8
        c.rect(0, 0, w, SIZE, "#000000", 'fill-opacity="0.035"')
        c.rect(SIZE - w, 0, w, SIZE, "#000000", 'fill-opacity="0.035"')
        c.rect(0, 0, SIZE, w * 0.6, "#000000", 'fill-opacity="0.025"')


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
    c.vbands(0, 0, SIZE, 700, [(0.0, "#7db7e8"), (0.8, "#cfe6f5"), (1.0, "#eaf4ea")], 28)
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


_BASE_DRAWERS: Final[dict[BackgroundSetting, Callable[[_Canvas], None]]] = {
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
}


_DRAWERS: Final[dict[BackgroundSetting, Callable[[_Canvas], None]]] = {
    setting: _BASE_DRAWERS[base_background(setting)] for setting in BACKGROUND_SETTINGS
}


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
