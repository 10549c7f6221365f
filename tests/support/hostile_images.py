"""Hostile image files, built from parameters: truncations, polyglots, decompression bombs.

Shared by the hostile-input corpus test and ``bench/hostile_bench.py``. Every builder is
deterministic and cached; the bombs are real PNG files (valid chunks, a valid zlib stream
of zero rows) whose header claims far more pixels than their size suggests.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PNG_COLOR_TYPES = {"L": (0, 1), "RGB": (2, 3), "P": (3, 1), "LA": (4, 2), "RGBA": (6, 4)}
"""Mode name → (PNG colour type, samples per pixel)."""

BOMB_RAW_CAP = 256 * 1024 * 1024
"""Bombs claiming more raw bytes than this get a valid but truncated zlib stream: their
header is refused before any decoder reads that far, and building them stays cheap."""


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


@functools.cache
def png_bomb(width: int, height: int, mode: str = "RGB", bit_depth: int = 8) -> bytes:
    """A PNG of ``width``×``height`` zero pixels, compressed as far as zlib goes."""
    color_type, samples = PNG_COLOR_TYPES[mode]
    row = 1 + (width * samples * bit_depth + 7) // 8
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    rows = min(height, max(1, BOMB_RAW_CAP // row))
    body = _zero_zlib_stream(row, rows)
    chunks = _png_chunk(b"IHDR", ihdr)
    if mode == "P":
        chunks += _png_chunk(b"PLTE", bytes(range(256)) * 3)
    return PNG_SIGNATURE + chunks + _png_chunk(b"IDAT", bytes(body)) + _png_chunk(b"IEND", b"")


def _zero_zlib_stream(row: int, rows: int) -> bytes:
    """A zlib stream of ``rows`` zero rows, fast: one compressed block repeated.

    Raw deflate blocks ending in a full flush carry no history, so one block's bytes
    can be repeated; the zlib header and Adler-32 trailer are written here.
    """
    block_rows = max(1, (4 * 1024 * 1024) // row)
    block = b"\x00" * (row * block_rows)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeats, rest = divmod(rows, block_rows)
    checksum = 1
    for _ in range(repeats):
        checksum = zlib.adler32(block, checksum)
    tail = b"\x00" * (row * rest)
    checksum = zlib.adler32(tail, checksum)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = final.compress(tail) + final.flush(zlib.Z_FINISH)
    return b"\x78\xda" + packed * repeats + end + struct.pack(">I", checksum & 0xFFFFFFFF)


def _pattern(width: int, height: int, seed: int) -> Image.Image:
    """A textured RGB image (gradients plus noise) that compresses like a photo."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack(
        [(x * 255 // max(1, width - 1)), (y * 255 // max(1, height - 1)), (x + y) % 256], axis=-1
    )
    noise = rng.integers(0, 48, size=(height, width, 3))
    return Image.fromarray(((base + noise) % 256).astype(np.uint8), "RGB")


@functools.cache
def photo_jpeg(width: int = 320, height: int = 240, seed: int = 1) -> bytes:
    buffer = io.BytesIO()
    _pattern(width, height, seed).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@functools.cache
def photo_png(width: int = 160, height: int = 120, mode: str = "RGB", seed: int = 2) -> bytes:
    buffer = io.BytesIO()
    image = _pattern(width, height, seed)
    image = image.convert(mode) if mode != "RGB" else image
    image.save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def photo_heic(width: int = 96, height: int = 64, seed: int = 3) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    _pattern(width, height, seed).save(buffer, "HEIF", quality=60)
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF) is rewritten to claim ``width``×``height``."""
    data = bytearray(photo_jpeg(64, 48))
    pos = 2
    while pos < len(data):
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            data[pos + 5 : pos + 9] = struct.pack(">HH", height, width)
            return bytes(data)
        pos += 2 + length
    raise AssertionError("no SOF marker in the generated JPEG")


def png_claiming(width: int, height: int) -> bytes:
    """A small real PNG whose IHDR is rewritten (CRC fixed) to claim ``width``×``height``."""
    data = bytearray(photo_png(32, 24))
    ihdr = bytes(data[16:29])
    patched = struct.pack(">II", width, height) + ihdr[8:]
    data[16:29] = patched
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + patched) & 0xFFFFFFFF)
    return bytes(data)


def zip_archive() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def png_with_text(text: bytes) -> bytes:
    """A real PNG with a ``tEXt`` chunk holding ``text`` (an HTML/PNG polyglot)."""
    data = photo_png(32, 24)
    end = 8 + 25  # signature + IHDR chunk
    return data[:end] + _png_chunk(b"tEXt", b"Comment\x00" + text) + data[end:]
