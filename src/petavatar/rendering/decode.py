"""Safe image loading: the only place user bytes become pixels.

* Format is detected from the magic bytes, never from a file name.
* JPEG, PNG and HEIC/HEIF only; at most 50 MB; at most 64 megapixels
  (a decompression-bomb guard checked from the header before decoding).
* EXIF orientation is applied, then every piece of metadata (EXIF, GPS, XMP,
  ICC, comments) is dropped: the returned image is a fresh RGB raster.
* Greyscale, 16-bit, CMYK, palette and alpha images are normalised to 8-bit
  RGB (alpha is composited on white); animated images use their first frame.
* Large JPEGs are decoded at a reduced DCT scale (``draft``) straight to the
  working size, which is what makes a 12 MP photo cheap.
* Every failure is an :class:`UnsupportedImageError` or
  :class:`PayloadTooLargeError` with a message a person can act on.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Final

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from petavatar.errors import PayloadTooLargeError, UnsupportedImageError
from petavatar.rendering.formats import (
    EXTENSIONS,
    MAX_UPLOAD_BYTES,
    MIME_HEIC,
    sniff_image_format,
)

MAX_PIXELS: Final[int] = 64_000_000
WORKING_MAX_SIDE: Final[int] = 1024
DRAFT_MIN_SIDE: Final[int] = 512

MAX_ASPECT_RATIO: Final[float] = 20.0
"""Longest over shortest side allowed for images longer than 4× the working size;
beyond it a large file is not a photo of anything (small banners are harmless)."""
MAX_SIDE: Final[int] = 30_000
MAX_RASTER_BYTES: Final[int] = 80 * 1024 * 1024
"""The largest full-resolution raster decoded at once (PNG and HEIC decode whole;
JPEG decodes reduced first). Bounds a worker's memory whatever the file claims: a
live worker holds about 300 MiB (model, renderer) before it decodes, and the target
is 400 MiB at peak (``bench/hostile_bench.py`` measures it). 80 MiB admits a 24 MP
8-bit RGB PNG or an 8000×8000 greyscale one, not an 8000×8000 16-bit one."""


@dataclass(frozen=True)
class LoadedImage:
    """A decoded, oriented, metadata-free RGB photo at working resolution."""

    image: Image.Image
    mime_type: str
    original_size: tuple[int, int]
    fingerprint: str
    byte_size: int


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    """Any mode → 8-bit RGB; alpha composited on white; 16-bit scaled, not clipped."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        array = np.asarray(image, dtype=np.float64)
        peak = 65535.0 if image.mode.startswith("I;16") or array.max() > 255 else 255.0
        scaled = np.clip(array / peak * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(scaled, mode="L").convert("RGB")
    if image.mode == "F":
        array = np.asarray(image, dtype=np.float64)
        span = float(array.max() - array.min()) or 1.0
        scaled = ((array - array.min()) / span * 255.0).astype(np.uint8)
        return Image.fromarray(scaled, mode="L").convert("RGB")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode == "RGB":
        return image
    return image.convert("RGB")


def _check_bytes(data: bytes, max_bytes: int) -> str:
    """The MIME type of ``data``, after the size and magic-byte checks."""
    if not data:
        raise UnsupportedImageError("the file is empty (0 bytes); upload a JPEG, PNG or HEIC photo")
    if len(data) > max_bytes:
        raise PayloadTooLargeError(
            f"the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB"
        )
    mime = sniff_image_format(data[:32])
    if mime is None:
        raise UnsupportedImageError(
            "this file is not a JPEG, PNG or HEIC image (checked by content, not by name)"
        )
    if mime == MIME_HEIC:
        _register_heif()
    return mime


def _check_dimensions(width: int, height: int) -> None:
    """Refuse, from the header alone, what no photo looks like or no worker can hold."""
    if width < 1 or height < 1:
        raise UnsupportedImageError("the image has no pixels")
    longest = max(width, height)
    absurd = longest / min(width, height) > MAX_ASPECT_RATIO and longest > 4 * WORKING_MAX_SIDE
    if absurd or longest > MAX_SIDE:
        raise UnsupportedImageError(
            f"the image is {width}×{height} pixels, which is not a photo we can use "
            f"(sides up to {MAX_SIDE} pixels; large images at most {MAX_ASPECT_RATIO:g}:1); "
            "crop or resize it"
        )
    if width * height > MAX_PIXELS:
        raise PayloadTooLargeError(
            f"the image is {width}×{height} pixels; the limit is "
            f"{MAX_PIXELS // 1_000_000} megapixels"
        )


def check_decodable(width: int, height: int, *, bands: int = 3) -> None:
    """Refuse, from the size alone, what cannot be decoded whole within the memory bound."""
    _check_dimensions(width, height)
    if width * height * bands > MAX_RASTER_BYTES:
        raise PayloadTooLargeError(
            f"the image is {width}×{height} pixels, too large to decode safely in that "
            "format; save it as a JPEG or at a smaller size"
        )


def _raster_bytes(image: Image.Image) -> int:
    bands = len(image.getbands())
    depth = 4 if image.mode in ("I", "F") else 2 if "16" in image.mode else 1
    return image.size[0] * image.size[1] * bands * depth


def _reduce(image: Image.Image) -> Image.Image:
    """A loaded image shrunk by a whole factor towards working size (cheap, box filter)."""
    factor = max(image.size) // WORKING_MAX_SIDE
    if factor < 2:
        return image
    if image.mode in ("RGB", "RGBA", "L", "LA", "CMYK", "I", "F", "PA", "RGBa", "La"):
        return image.reduce(factor)
    size = (max(1, image.size[0] // factor), max(1, image.size[1] // factor))
    return image.resize(size, Image.Resampling.NEAREST)


def _decode_working(image: Image.Image) -> Image.Image:
    """Decode an opened image to a metadata-free RGB raster at working size.

    JPEGs decode at a reduced DCT scale; other formats decode whole (within
    :data:`MAX_RASTER_BYTES`) and are shrunk before any conversion copies them.
    """
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    if image.format == "JPEG" and image.mode in ("RGB", "L", "CMYK", "YCbCr"):
        image.draft("RGB" if image.mode != "CMYK" else image.mode, (DRAFT_MIN_SIDE, DRAFT_MIN_SIDE))
    if _raster_bytes(image) > MAX_RASTER_BYTES:
        width, height = image.size
        raise PayloadTooLargeError(
            f"the {image.format or 'image'} is {width}×{height} pixels, too large to decode "
            "safely in that format; save it as a JPEG or at a smaller size"
        )
    image.load()
    oriented = ImageOps.exif_transpose(_reduce(image), in_place=False) or image
    rgb = _flatten_to_rgb(oriented)
    if max(rgb.size) > WORKING_MAX_SIDE:
        rgb = rgb.copy()
        rgb.thumbnail((WORKING_MAX_SIDE, WORKING_MAX_SIDE), Image.Resampling.BILINEAR)
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def load_image(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> LoadedImage:
    """Decode user bytes into a clean working image, or raise a clear error."""
    mime = _check_bytes(data, max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            _check_dimensions(width, height)
            clean = _decode_working(image)
    except (PayloadTooLargeError, UnsupportedImageError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PayloadTooLargeError(
            f"the image is too large to decode safely (over {MAX_PIXELS // 1_000_000} megapixels)"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        kind = EXTENSIONS[mime].upper()
        raise UnsupportedImageError(
            f"the {kind} file is damaged or truncated and cannot be decoded; "
            "re-export or re-upload the photo"
        ) from exc
    return LoadedImage(
        image=clean,
        mime_type=mime,
        original_size=(width, height),
        fingerprint=hashlib.sha256(clean.tobytes()).hexdigest(),
        byte_size=len(data),
    )
