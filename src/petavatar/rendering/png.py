"""PNG encoding shared by every renderer (avatar, report card): fast, deterministic."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Final

import numpy as np
from PIL import Image

PNG_COMPRESS_LEVEL: Final[int] = 1
_PNG_SIGNATURE: Final[bytes] = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: Image.Image) -> bytes:
    """Encode an RGB image as PNG, about twice as fast as Pillow's encoder.

    Pillow tries every PNG row filter on every row (~20 ms for 1024² RGB here);
    the "Up" filter alone, computed with numpy, compresses illustrations almost
    as well, so filter + zlib level 1 takes ~11 ms. Output is deterministic.
    """
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    pixels = np.asarray(rgb, dtype=np.uint8)
    height, width, _ = pixels.shape
    rows = pixels.reshape(height, width * 3)
    filtered = np.empty((height, width * 3 + 1), dtype=np.uint8)
    filtered[0, 0] = 0  # first row: no filter
    filtered[0, 1:] = rows[0]
    filtered[1:, 0] = 2  # other rows: "Up" (difference to the row above, mod 256)
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
    idat = zlib.compress(filtered.tobytes(), PNG_COMPRESS_LEVEL)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        _PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def decode_png_rgb(png: bytes) -> Image.Image:
    """The RGB pixels of a PNG."""
    with Image.open(io.BytesIO(png)) as decoded:
        return decoded.convert("RGB")
