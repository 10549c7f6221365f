"""Location and camera metadata never survive into a stored photo; pixels do, unchanged."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from petavatar.errors import UnsupportedImageError
from petavatar.rendering.formats import MIME_HEIC, MIME_JPEG, MIME_PNG
from petavatar.rendering.metadata import strip_metadata

GPS_IFD = 0x8825


def _exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model X"
    exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 29.0)
    gps[3] = "E"
    gps[4] = (2.0, 17.0, 40.0)
    return exif


def _jpeg(orientation: int = 1) -> bytes:
    image = Image.new("RGB", (64, 40), (180, 120, 60))
    icc = b"\x00" * 128  # an opaque ICC blob: it must be kept as is
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        exif=_exif_with_gps(orientation).tobytes(),
        icc_profile=icc,
        comment=b"shot at home, 12 Rue Example",
    )
    return buffer.getvalue()


def _scan(data: bytes) -> bytes:
    return data[data.index(b"\xff\xda") :]


def test_jpeg_loses_gps_make_and_comment_keeps_pixels_and_icc() -> None:
    original = _jpeg()
    assert b"TestCam" in original and b"Rue Example" in original
    clean = strip_metadata(original, MIME_JPEG)
    assert b"TestCam" not in clean and b"Rue Example" not in clean and b"Exif" not in clean
    assert _scan(clean) == _scan(original)  # compressed pixels copied byte for byte
    with Image.open(io.BytesIO(clean)) as image:
        assert image.info.get("icc_profile") == b"\x00" * 128
        assert not image.getexif().get_ifd(GPS_IFD)
        assert image.size == (64, 40)


def test_jpeg_keeps_only_its_orientation() -> None:
    clean = strip_metadata(_jpeg(orientation=6), MIME_JPEG)
    with Image.open(io.BytesIO(clean)) as image:
        exif = image.getexif()
        assert dict(exif) == {0x0112: 6}
    assert b"TestCam" not in clean


def test_png_text_and_exif_chunks_dropped() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "48.8575 N, 2.2944 E")
    info.add_itxt("Comment", "café at home")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(
        buffer, "PNG", pnginfo=info, exif=_exif_with_gps().tobytes()
    )
    original = buffer.getvalue()
    clean = strip_metadata(original, MIME_PNG)
    for marker in (b"tEXt", b"iTXt", b"eXIf", b"TestCam", b"48.8575"):
        assert marker in original and marker not in clean
    with Image.open(io.BytesIO(clean)) as a, Image.open(io.BytesIO(original)) as b:
        assert a.tobytes() == b.tobytes()


def _heic_with_gps() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF exif:GPSLatitude="48,51.29N"/></x:xmpmeta>'
    Image.new("RGB", (64, 48), (200, 100, 50)).save(
        buffer, format="HEIF", exif=_exif_with_gps().tobytes(), xmp=xmp, quality=90
    )
    return buffer.getvalue()


def test_heic_metadata_is_scrubbed_in_place_losslessly() -> None:
    original = _heic_with_gps()
    assert b"TestCam" in original and b"GPSLatitude" in original
    clean = strip_metadata(original, MIME_HEIC)
    assert len(clean) == len(original)  # no box changed size: the coded image is untouched
    assert b"TestCam" not in clean and b"GPSLatitude" not in clean
    with Image.open(io.BytesIO(clean)) as a, Image.open(io.BytesIO(original)) as b:
        assert not a.getexif()
        assert a.tobytes() == b.tobytes()


def test_heic_falls_back_to_reencoding_when_a_payload_is_not_verbatim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pillow_heif import open_heif

    from petavatar.rendering import metadata

    monkeypatch.setattr(metadata, "_scrub_in_place", lambda data, payloads: None)
    clean = strip_metadata(_heic_with_gps(), MIME_HEIC)
    assert not open_heif(io.BytesIO(clean)).info.get("exif")
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (64, 48)


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\xff\xd8\xff\xe1\x00", MIME_JPEG),  # truncated segment
        (b"\xff\xd8\xff\xe1\xff\xff" + b"x" * 10, MIME_JPEG),  # length past the end
        (b"\xff\xd8" + b"\x00" * 20, MIME_JPEG),  # no marker
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", MIME_PNG),  # chunk past the end
        (b"\x89PNG\r\n\x1a\n", MIME_PNG),  # no IEND
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20, MIME_HEIC),
        (b"GIF89a", "image/gif"),
    ],
)
def test_malformed_input_is_refused_not_half_cleaned(data: bytes, mime: str) -> None:
    with pytest.raises(UnsupportedImageError) as caught:
        strip_metadata(data, mime)
    assert "0x" not in caught.value.message and "BytesIO" not in caught.value.message
