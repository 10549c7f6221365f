"""Photo cues beyond the shot's basic measurements: gaze, framing, setting and coat.

Each cue is a number measured on this photo, so two photos of one breed differ.
What each number is, and why it is an honest reading:

* **gaze_offset** (−1…1): where the classifier's strongest evidence sits across the
  animal's region, relative to the region's centre. For animals the peak of the
  class-activation map is almost always the face, so a peak near the centre
  means the animal faces the camera; a peak near one side means it is looking
  (or turned) away. 0 = straight on.
* **head_height** (0…1): the same peak's height within the region's bounding box
  (0 = top). A head held high sits near the top; a lowered, resting head lower.
* **off_centre** (0…1): distance of the animal's centre from the frame's centre,
  scaled so a subject in a corner reads 1. Candid snaps are off-centre; posed
  portraits are centred.
* **background_green**, **background_sky** (0…1): share of the background (the
  pixels outside the animal's region) that is foliage-green (hue 70°–170°,
  saturated), and share of the top fifth of the frame that is sky-blue and bright.
* **background_warmth** (0…1): share of background pixels in warm, low-saturation
  indoor tones (wood, sofa, lamp light: hue 15°–50°).
* **background_clutter** (0…1): edge density of the background (mean gradient
  magnitude, squashed); a plain wall or sky is low, a busy room high.
* **coat_lightness** (0…1): mean lightness (CIE L*/100) of the animal's region.
* **coat_texture** (0…1): fine detail inside the region (mean absolute Laplacian,
  squashed): long or fluffy coats and feathers read high, sleek coats and scales low.
* **coat_contrast** (0…1): spread of lightness inside the region: two-tone,
  patched or striped coats read high, solid coats low.

How the cues move the 47 dimensions, and by how much, is data
(``domain/data/personality.toml``, ``[[cue]]``), applied by
:func:`petavatar.domain.personality.cue_shifts`.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image

from petavatar.domain.personality import CUE_MEASURES
from petavatar.providers.local.photo_reading import subject_mask

__all__ = ["CUE_NAMES", "measure_cues"]

_SIDE: Final[int] = 160
#: The cues, in the order :func:`measure_cues` reports them.
CUE_NAMES: Final[tuple[str, ...]] = CUE_MEASURES


def _hsv(image: Image.Image) -> tuple[npt.NDArray[np.float64], ...]:
    """Hue in degrees, saturation and value (0–1) of an RGB image (PIL's HSV)."""
    hsv = np.asarray(image.convert("HSV"), dtype=np.float64)
    return hsv[..., 0] * (360.0 / 256.0), hsv[..., 1] / 255.0, hsv[..., 2] / 255.0


def _laplacian(gray: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    lap = np.zeros_like(gray)
    lap[1:-1, 1:-1] = (
        -4 * gray[1:-1, 1:-1] + gray[:-2, 1:-1] + gray[2:, 1:-1] + gray[1:-1, :-2] + gray[1:-1, 2:]
    )
    return lap


def _peak(
    cam: npt.NDArray[np.float64], crop_box: tuple[float, float, float, float]
) -> tuple[float, float]:
    """The CAM's peak, in the coordinates of ``crop_box``'s image."""
    row, col = np.unravel_index(int(np.argmax(cam)), cam.shape)
    left, top, right, bottom = crop_box
    x = left + (col + 0.5) / cam.shape[1] * (right - left)
    y = top + (row + 0.5) / cam.shape[0] * (bottom - top)
    return x, y


def _gaze(mask: npt.NDArray[np.bool_], peak: tuple[float, float]) -> tuple[float, float, float]:
    """``(gaze_offset, head_height, off_centre)`` from the region and the CAM peak."""
    ys, xs = np.nonzero(mask)
    height, width = mask.shape
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    half_w = max(1.0, (x1 - x0) / 2)
    gaze = float(np.clip((peak[0] - xs.mean()) / half_w, -1.0, 1.0))
    head = float(np.clip((peak[1] - y0) / max(1.0, y1 - y0), 0.0, 1.0))
    dx = (xs.mean() / max(1, width - 1)) - 0.5
    dy = (ys.mean() / max(1, height - 1)) - 0.5
    off = float(min(1.0, np.hypot(dx, dy) / np.hypot(0.5, 0.5)))
    return gaze, head, off


def _background(
    small: Image.Image, gray: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]
) -> tuple[float, float, float, float]:
    """``(green, sky, warmth, clutter)`` of the pixels outside the animal's region."""
    hue, sat, val = _hsv(small)
    outside = ~mask
    if outside.sum() < 0.05 * mask.size:
        outside = np.ones_like(mask)
    green = (hue >= 70) & (hue <= 170) & (sat >= 0.25) & (val >= 0.15)
    warm = (hue >= 15) & (hue <= 50) & (sat >= 0.15) & (sat <= 0.6) & (val >= 0.25)
    band = max(1, mask.shape[0] // 5)
    sky = (hue >= 190) & (hue <= 240) & (sat >= 0.15) & (val >= 0.55)
    top = outside[:band]
    sky_share = float(sky[:band][top].mean()) if top.any() else 0.0
    gy, gx = np.gradient(gray)
    clutter = float(1.0 - np.exp(-np.hypot(gx, gy)[outside].mean() / 12.0))
    return float(green[outside].mean()), sky_share, float(warm[outside].mean()), clutter


def _coat(gray: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]) -> tuple[float, float, float]:
    """``(lightness, texture, contrast)`` inside the animal's region."""
    inside = gray[mask]
    lightness = float(inside.mean() / 255.0)
    texture = float(1.0 - np.exp(-np.abs(_laplacian(gray))[mask].mean() / 10.0))
    contrast = float(min(1.0, inside.std() / 80.0))
    return lightness, texture, contrast


def measure_cues(
    image: Image.Image,
    cam: npt.NDArray[np.float64],
    crop_box: tuple[float, float, float, float],
) -> dict[str, float]:
    """Every cue of :data:`CUE_NAMES`, rounded to 4 places (deterministic)."""
    scale = min(1.0, _SIDE / max(image.width, image.height))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0).convert("RGB")
    sx, sy = small.width / image.width, small.height / image.height
    box = (crop_box[0] * sx, crop_box[1] * sy, crop_box[2] * sx, crop_box[3] * sy)
    rgb = np.asarray(small, dtype=np.float64)
    gray = rgb @ np.array([0.299, 0.587, 0.114])
    mask = subject_mask(cam, box, small.size)
    gaze, head, off = _gaze(mask, _peak(cam, box))
    green, sky, warmth, clutter = _background(small, gray, mask)
    lightness, texture, contrast = _coat(gray, mask)
    values = (gaze, head, off, green, sky, warmth, clutter, lightness, texture, contrast)
    return {name: round(value, 4) for name, value in zip(CUE_NAMES, values, strict=True)}
