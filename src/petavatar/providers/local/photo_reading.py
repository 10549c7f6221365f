"""What can honestly be read off the photo: where the animal is, its coat colours,
and simple measurements of the shot.

The animal's region comes from a class-activation map (CAM) of the classifier:
the 7×7 head features weighted by the final-layer weights of the predicted
classes show where the evidence for "this is a golden retriever" sits. The
region is the CAM thresholded at half its peak, mapped back onto the photo.

Coat colours are the dominant named colours among the region's pixels
(nearest of a curated coat palette in CIE-Lab), reported as names and as the
mean hex of the pixels assigned to each name.

The measurements (brightness, contrast, colourfulness, sharpness, how much of
the frame the animal fills, its bounding-box aspect ratio and centre) are what
expression and posture are derived from; see :mod:`petavatar.domain.personality`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image

from petavatar.domain.models import PhotoObservations

#: Named coat colours and a representative sRGB value for each.
COAT_PALETTE: Final[dict[str, tuple[int, int, int]]] = {
    "black": (28, 26, 26),
    "charcoal": (62, 60, 60),
    "grey": (128, 128, 130),
    "silver": (190, 190, 196),
    "white": (238, 236, 230),
    "cream": (226, 208, 170),
    "golden": (212, 160, 80),
    "fawn": (196, 158, 112),
    "tan": (170, 124, 80),
    "red": (168, 80, 40),
    "ginger": (206, 110, 50),
    "brown": (110, 72, 44),
    "chocolate": (72, 44, 30),
    "blue-grey": (112, 124, 140),
    "orange": (240, 130, 20),
    "yellow": (230, 210, 60),
    "green": (80, 140, 60),
    "blue": (60, 110, 190),
}

#: Coat colours a furred mammal can have; scales and feathers may use the whole palette.
MAMMAL_COLOURS: Final[frozenset[str]] = frozenset(
    {
        "black",
        "charcoal",
        "grey",
        "silver",
        "white",
        "cream",
        "golden",
        "fawn",
        "tan",
        "red",
        "ginger",
        "brown",
        "chocolate",
        "blue-grey",
    }
)
MAMMALS: Final[frozenset[str]] = frozenset(
    {"dog", "cat", "rabbit", "hamster", "guinea_pig", "horse"}
)
SUBJECT_THRESHOLD: Final[float] = 0.4
#: Lightness counts half as much as hue/chroma, so shaded fur keeps its colour name.
_LIGHTNESS_WEIGHT: Final[float] = 0.5
_ANALYSIS_SIDE: Final[int] = 160


@dataclass(frozen=True)
class PhotoReading:
    """The subject region, its coat colours and the shot's measurements."""

    coat_colors: list[str]
    coat_color_hex: list[str]
    observations: PhotoObservations


def _srgb_to_lab(rgb: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """sRGB 0–255 (…×3) → CIE-Lab (D65)."""
    c = rgb / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    matrix = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    xyz = linear @ matrix.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    lab: npt.NDArray[np.float64] = np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )
    return lab


_PALETTE_NAMES: Final[tuple[str, ...]] = tuple(COAT_PALETTE)
_PALETTE_LAB: Final[npt.NDArray[np.float64]] = _srgb_to_lab(
    np.array([COAT_PALETTE[n] for n in _PALETTE_NAMES], dtype=np.float64)
)


def subject_mask(
    cam: npt.NDArray[np.float64],
    crop_box: tuple[float, float, float, float],
    size: tuple[int, int],
) -> npt.NDArray[np.bool_]:
    """Upsample the CAM over the classifier's crop box to a mask on a ``size`` grid."""
    width, height = size
    left, top, right, bottom = crop_box
    cam_image = Image.fromarray((np.clip(cam, 0, 1) * 255).astype(np.uint8), mode="L")
    box_w = max(1, round(right - left))
    box_h = max(1, round(bottom - top))
    up = np.asarray(cam_image.resize((box_w, box_h), Image.Resampling.BILINEAR)) / 255.0
    mask = np.zeros((height, width), dtype=bool)
    x0, y0 = round(left), round(top)
    xs0, ys0 = max(0, x0), max(0, y0)
    xs1, ys1 = min(width, x0 + box_w), min(height, y0 + box_h)
    if xs1 > xs0 and ys1 > ys0:
        region = up[ys0 - y0 : ys1 - y0, xs0 - x0 : xs1 - x0]
        mask[ys0:ys1, xs0:xs1] = region >= SUBJECT_THRESHOLD
    if not mask.any():
        mask[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4] = True
    return mask


def _colorfulness(rgb: npt.NDArray[np.float64]) -> float:
    """Hasler & Süsstrunk (2003) colourfulness, scaled to 0–1."""
    rg = rgb[..., 0] - rgb[..., 1]
    yb = 0.5 * (rgb[..., 0] + rgb[..., 1]) - rgb[..., 2]
    value = float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))
    return min(1.0, value / 110.0)


def _sharpness(gray: npt.NDArray[np.float64]) -> float:
    """Variance of a 4-neighbour Laplacian, squashed to 0–1."""
    lap = (
        -4 * gray[1:-1, 1:-1] + gray[:-2, 1:-1] + gray[2:, 1:-1] + gray[1:-1, :-2] + gray[1:-1, 2:]
    )
    variance = float(lap.var())
    return float(1.0 - np.exp(-variance / 400.0))


def read_photo(
    image: Image.Image,
    cam: npt.NDArray[np.float64],
    crop_box: tuple[float, float, float, float],
    species: str | None = None,
) -> PhotoReading:
    """Measure the shot and name the coat colours inside the animal's region."""
    small = image.copy()
    small.thumbnail((_ANALYSIS_SIDE, _ANALYSIS_SIDE), Image.Resampling.BILINEAR)
    sx = small.width / image.width
    sy = small.height / image.height
    box = (crop_box[0] * sx, crop_box[1] * sy, crop_box[2] * sx, crop_box[3] * sy)
    rgb = np.asarray(small, dtype=np.float64)
    mask = subject_mask(cam, box, small.size)
    gray = rgb @ np.array([0.299, 0.587, 0.114])

    ys, xs = np.nonzero(mask)
    bbox_w = float(xs.max() - xs.min() + 1)
    bbox_h = float(ys.max() - ys.min() + 1)
    observations = PhotoObservations(
        brightness=round(float(gray.mean() / 255.0), 4),
        contrast=round(min(1.0, float(gray.std() / 128.0)), 4),
        colorfulness=round(_colorfulness(rgb), 4),
        sharpness=round(_sharpness(gray), 4),
        subject_fill=round(float(mask.mean()), 4),
        subject_aspect=round(bbox_w / bbox_h, 4),
        subject_center_x=round(float(xs.mean() / max(1, small.width - 1)), 4),
        subject_center_y=round(float(ys.mean() / max(1, small.height - 1)), 4),
    )
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    allowed = MAMMAL_COLOURS if species in MAMMALS else frozenset(_PALETTE_NAMES)
    names, hexes = _coat_colours(rgb[mask], border, allowed)
    return PhotoReading(coat_colors=names, coat_color_hex=hexes, observations=observations)


def _subsample(pixels: npt.NDArray[np.float64], limit: int = 2500) -> npt.NDArray[np.float64]:
    """At most ``limit`` pixels, evenly strided (deterministic)."""
    step = max(1, len(pixels) // limit)
    sampled: npt.NDArray[np.float64] = pixels[::step]
    return sampled


def _nearest_palette(
    pixels: npt.NDArray[np.float64], allowed: frozenset[str]
) -> npt.NDArray[np.intp]:
    lab = _srgb_to_lab(pixels)
    weights = np.array([_LIGHTNESS_WEIGHT, 1.0, 1.0])
    distances = (((lab[:, None, :] - _PALETTE_LAB[None, :, :]) * weights) ** 2).sum(axis=-1)
    banned = np.array([name not in allowed for name in _PALETTE_NAMES])
    distances[:, banned] = np.inf
    nearest: npt.NDArray[np.intp] = distances.argmin(axis=1)
    return nearest


def _coat_colours(
    pixels: npt.NDArray[np.float64],
    border: npt.NDArray[np.float64],
    allowed: frozenset[str],
) -> tuple[list[str], list[str]]:
    """Top named colours of the region (each ≥ 18 % of its pixels, at most 2).

    Colours that dominate the photo's border (the background: grass, sofa,
    wall) count for less inside the region, by the ratio of their border share.
    """
    pixels = _subsample(pixels)
    border = _subsample(border)
    nearest = _nearest_palette(pixels, allowed)
    counts = np.bincount(nearest, minlength=len(_PALETTE_NAMES)).astype(np.float64)
    border_share = np.bincount(
        _nearest_palette(border, allowed), minlength=len(_PALETTE_NAMES)
    ) / max(1, len(border))
    region_share = counts / max(1.0, counts.sum())
    background_like = border_share > region_share
    counts[background_like] *= 0.35
    order = np.argsort(-counts, kind="stable")
    total = float(counts.sum())
    chosen = [int(i) for i in order[:2] if counts[i] / total >= 0.18] or [int(order[0])]
    names = [_PALETTE_NAMES[i] for i in chosen]
    hexes = []
    for i in chosen:
        mean = pixels[nearest == i].mean(axis=0)
        hexes.append("#{:02x}{:02x}{:02x}".format(*(round(float(v)) for v in mean)))
    return names, hexes


def describe_coat(names: list[str]) -> str:
    """'golden', 'black and white'."""
    return " and ".join(names)


#: Side of the image the coat texture is measured on (finer than the colour reading).
_TEXTURE_SIDE: Final[int] = 256


@dataclass(frozen=True)
class CoatCues:
    """Coat measurements of the animal's region, each about 0–1 (breed_reading decides).

    * ``dark_share`` / ``light_share``: pixels with L* < 35 / L* > 65.
    * ``chroma``: mean Lab chroma / 40; ``warmth``: mean b* / 30 (golden, orange ground).
    * ``pattern``: mid-frequency lightness contrast (stripes, spots, rosettes), the
      standard deviation of L* after a 9-pixel box blur is subtracted, / 20.
    * ``coherence``: how aligned the gradients are (structure tensor): stripes
      are aligned, spots and rosettes are not.
    * ``fine_detail``: single-pixel lightness detail / 12 (crisp short hair and
      ticking are high, long soft hair is low).
    * ``softness``: 1 − fine_detail relative to pattern (long, soft hair is high).
    """

    dark_share: float
    light_share: float
    chroma: float
    warmth: float
    pattern: float
    coherence: float
    fine_detail: float
    softness: float


def _box_blur(values: npt.NDArray[np.float64], radius: int) -> npt.NDArray[np.float64]:
    """Mean over a (2r+1)² window, edges padded by reflection (integral image)."""
    padded = np.pad(values, radius + 1, mode="reflect")
    integral = padded.cumsum(0).cumsum(1)
    k = 2 * radius + 1
    window = integral[k:, k:] - integral[:-k, k:] - integral[k:, :-k] + integral[:-k, :-k]
    blurred: npt.NDArray[np.float64] = window[: values.shape[0], : values.shape[1]] / (k * k)
    return blurred


def read_coat(
    image: Image.Image,
    cam: npt.NDArray[np.float64],
    crop_box: tuple[float, float, float, float],
) -> CoatCues:
    """Measure colour points, pattern, ground colour and hair length inside the animal's region."""
    scale = min(1.0, _TEXTURE_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0).convert("RGB")
    sx = small.width / image.width
    sy = small.height / image.height
    box = (crop_box[0] * sx, crop_box[1] * sy, crop_box[2] * sx, crop_box[3] * sy)
    mask = subject_mask(cam, box, small.size)
    lab = _srgb_to_lab(np.asarray(small, dtype=np.float64))
    lightness = lab[..., 0]
    region = lab[mask]
    chroma = np.hypot(region[:, 1], region[:, 2])
    mid = lightness - _box_blur(lightness, 4)
    fine = lightness - _box_blur(lightness, 1)
    gy, gx = (np.asarray(g, dtype=np.float64) for g in np.gradient(_box_blur(lightness, 1)))
    local_xx, local_yy, local_xy = (
        _box_blur(gx * gx, 6)[mask],
        _box_blur(gy * gy, 6)[mask],
        _box_blur(gx * gy, 6)[mask],
    )
    trace = local_xx + local_yy
    coherence = np.sqrt((local_xx - local_yy) ** 2 + 4 * local_xy**2) / np.maximum(trace, 1e-9)
    pattern = float(mid[mask].std()) / 20.0
    fine_detail = float(fine[mask].std()) / 12.0
    return CoatCues(
        dark_share=round(float((region[:, 0] < 35).mean()), 4),
        light_share=round(float((region[:, 0] > 65).mean()), 4),
        chroma=round(min(1.0, float(chroma.mean()) / 40.0), 4),
        warmth=round(float(np.clip(region[:, 2].mean() / 30.0, -1.0, 1.0)), 4),
        pattern=round(min(1.0, pattern), 4),
        coherence=round(float(np.average(coherence, weights=trace + 1e-9)), 4),
        fine_detail=round(min(1.0, fine_detail), 4),
        softness=round(float(np.clip(1.0 - fine_detail / max(pattern, 1e-3) / 1.2, 0.0, 1.0)), 4),
    )
