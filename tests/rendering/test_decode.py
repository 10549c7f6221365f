"""Bad-input corpus: every odd file gives a correct result or a clear error, never a traceback."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from petavatar.errors import PayloadTooLargeError, UnsupportedImageError
from petavatar.rendering.decode import (
    MAX_PIXELS,
    WORKING_MAX_SIDE,
    load_image,
    sniff_image_format,
)


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def gradient(mode: str = "RGB", size: tuple[int, int] = (320, 240)) -> Image.Image:
    width, height = size
    x = np.linspace(0, 255, width, dtype=np.float64)[None, :].repeat(height, 0)
    y = np.linspace(0, 255, height, dtype=np.float64)[:, None].repeat(width, 1)
    rgb = np.stack([x, y, 255 - x], axis=-1).astype(np.uint8)
    return Image.fromarray(rgb, "RGB").convert(mode) if mode != "RGB" else Image.fromarray(rgb)


def png_with_huge_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous size (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_sniffs_by_content_not_name() -> None:
    assert sniff_image_format(encode(gradient(), "JPEG")[:16]) == "image/jpeg"
    assert sniff_image_format(encode(gradient(), "PNG")[:16]) == "image/png"
    assert sniff_image_format(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") == "image/heic"
    assert sniff_image_format(b"GIF89a......") is None
    assert sniff_image_format(b"") is None


@pytest.mark.parametrize(
    ("label", "data", "error", "needle"),
    [
        ("zero-byte", b"", UnsupportedImageError, "empty"),
        ("text", b"hello, this is not a photo\n" * 10, UnsupportedImageError, "not a JPEG"),
        ("html", b"<html><script>alert(1)</script></html>", UnsupportedImageError, "not a JPEG"),
        ("gif", encode(gradient(), "GIF"), UnsupportedImageError, "not a JPEG"),
        ("bmp", encode(gradient(), "BMP"), UnsupportedImageError, "not a JPEG"),
        ("jpeg-magic-only", b"\xff\xd8\xff\xe0" + b"\x00" * 20, UnsupportedImageError, "damaged"),
        ("truncated-jpeg", encode(gradient(), "JPEG")[:300], UnsupportedImageError, "truncated"),
        ("truncated-png", encode(gradient(), "PNG")[:200], UnsupportedImageError, "truncated"),
        ("bomb", png_with_huge_header(20_000, 20_000), PayloadTooLargeError, "megapixels"),
        ("bomb-just-over", png_with_huge_header(9_000, 8_000), PayloadTooLargeError, "megapixels"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_bad_inputs_give_clear_errors(
    label: str, data: bytes, error: type[Exception], needle: str
) -> None:
    with pytest.raises(error) as info:
        load_image(data)
    assert needle in str(info.value), label


def test_too_many_bytes_is_413() -> None:
    with pytest.raises(PayloadTooLargeError) as info:
        load_image(b"\xff\xd8\xff" + b"\x00" * 2048, max_bytes=1024)
    assert info.value.status_code == 413


@pytest.mark.parametrize(
    ("label", "make"),
    [
        ("greyscale", lambda: encode(gradient("L"), "PNG")),
        ("greyscale-jpeg", lambda: encode(gradient("L"), "JPEG")),
        ("alpha", lambda: encode(gradient("RGBA"), "PNG")),
        ("palette", lambda: encode(gradient("P"), "PNG")),
        ("cmyk-jpeg", lambda: encode(gradient("CMYK"), "JPEG")),
        (
            "16-bit",
            lambda: encode(
                Image.fromarray(
                    (np.arange(240 * 320, dtype=np.uint16).reshape(240, 320) * 0.8).astype(
                        np.uint16
                    )
                ),
                "PNG",
            ),
        ),
        (
            "animated-png",
            lambda: encode(
                gradient(), "PNG", save_all=True, append_images=[gradient("L").convert("RGB")]
            ),
        ),
    ],
)
def test_odd_but_valid_images_decode_to_rgb(label: str, make: object) -> None:
    loaded = load_image(make())  # type: ignore[operator]
    assert loaded.image.mode == "RGB", label
    assert loaded.image.size == (320, 240)
    assert loaded.image.info == {}


def test_alpha_is_composited_on_white() -> None:
    transparent = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    loaded = load_image(encode(transparent, "PNG"))
    assert loaded.image.getpixel((10, 10)) == (255, 255, 255)


def test_exif_orientation_applied_and_metadata_stripped() -> None:
    image = gradient(size=(300, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when displayed
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS info
    data = encode(image, "JPEG", exif=exif.tobytes())
    loaded = load_image(data)
    assert loaded.image.size == (200, 300)
    assert loaded.image.info == {}
    assert not loaded.image.getexif()


def test_large_photo_is_reduced_to_working_size() -> None:
    big = gradient(size=(4000, 3000))
    loaded = load_image(encode(big, "JPEG", quality=80))
    assert max(loaded.image.size) <= WORKING_MAX_SIDE
    assert loaded.original_size == (4000, 3000)


def test_heic_round_trip() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    heif = pillow_heif.from_pillow(gradient())
    buffer = io.BytesIO()
    heif.save(buffer, quality=80)
    data = buffer.getvalue()
    assert sniff_image_format(data[:32]) == "image/heic"
    loaded = load_image(data)
    assert loaded.mime_type == "image/heic"
    assert loaded.image.size == (320, 240)


def test_same_bytes_same_fingerprint() -> None:
    data = encode(gradient(), "PNG")
    assert load_image(data).fingerprint == load_image(data).fingerprint
    assert MAX_PIXELS >= 48_000_000
