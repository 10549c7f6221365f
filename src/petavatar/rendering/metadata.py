"""Removing location and camera metadata from a photo before it is stored for good.

* **JPEG**, losslessly: the compressed image data is copied byte for byte; APP1 (EXIF,
  XMP), APP3–APP13 (IPTC/Photoshop and vendor blocks), APP15 and COM segments are
  dropped. APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform)
  are kept because they change how the pixels look. The EXIF orientation is kept as
  a minimal EXIF block holding that one tag, so a phone photo stays upright.
* **PNG**, losslessly: ``eXIf``, ``tEXt``, ``zTXt``, ``iTXt`` and ``tIME`` chunks are
  dropped; image and colour chunks (``iCCP``, ``gAMA``, ``sRGB``…) are kept.
* **HEIC**, losslessly when it can be: the EXIF and XMP payloads (what the container
  parser reports, found verbatim in the file) are overwritten in place, the EXIF with an
  empty TIFF directory and the XMP with spaces, so no box changes size and the coded
  image is untouched (HEIF orientation lives in ``irot``/``imir``, not in EXIF). Only when
  a payload cannot be found verbatim is the photo decoded and encoded again (quality 90)
  without EXIF and XMP, keeping the ICC profile, and then only within the decoder's size
  limits: re-encoding a 12 MP HEIC took over a minute of CPU and 445 MiB in the API
  process.

A file that is not one of these, or that is malformed, raises
:class:`UnsupportedImageError`; nothing half-cleaned is ever returned.
"""

from __future__ import annotations

import io
import struct
from typing import Final

from petavatar.errors import UnsupportedImageError
from petavatar.rendering.formats import MIME_HEIC, MIME_JPEG, MIME_PNG

_JPEG_KEEP_APP: Final = frozenset({0xE0, 0xE2, 0xEE})
_JPEG_SOS: Final = 0xDA
_JPEG_EOI: Final = 0xD9
_JPEG_COM: Final = 0xFE
_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_PNG_DROP: Final = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})
_ORIENTATION_TAG: Final = 0x0112
HEIC_QUALITY: Final = 90


def strip_metadata(data: bytes, mime: str) -> bytes:
    """``data`` without location, camera and text metadata (see the module docs)."""
    if mime == MIME_JPEG:
        return _strip_jpeg(data)
    if mime == MIME_PNG:
        return _strip_png(data)
    if mime == MIME_HEIC:
        return _strip_heic(data)
    raise UnsupportedImageError(f"cannot clean a {mime} file; upload a JPEG, PNG or HEIC photo")


def _damaged(kind: str) -> UnsupportedImageError:
    return UnsupportedImageError(
        f"the {kind} file is damaged or truncated and cannot be read; re-export or re-upload it"
    )


def _strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise _damaged("JPEG")
    out = bytearray(b"\xff\xd8")
    orientation: int | None = None
    pos = 2
    while True:
        marker, pos = _next_marker(data, pos)
        if marker == _JPEG_EOI:
            out += b"\xff\xd9"
            return bytes(out)
        if marker in _STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if pos + 2 > len(data):
            raise _damaged("JPEG")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        end = pos + length
        if length < 2 or end > len(data):
            raise _damaged("JPEG")
        payload = data[pos + 2 : end]
        if marker == 0xE1 and orientation is None:
            orientation = _exif_orientation(payload)
        if marker == _JPEG_SOS:
            if orientation not in (None, 1):
                out += _orientation_app1(orientation)
            out += bytes((0xFF, marker)) + data[pos:]  # scan data and the rest, untouched
            return bytes(out)
        keep = not (0xE0 <= marker <= 0xEF or marker == _JPEG_COM) or marker in _JPEG_KEEP_APP
        if keep:
            out += bytes((0xFF, marker)) + data[pos:end]
        pos = end


def _next_marker(data: bytes, pos: int) -> tuple[int, int]:
    """The next marker byte and the position after it (fill bytes skipped)."""
    if pos >= len(data) or data[pos] != 0xFF:
        raise _damaged("JPEG")
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        raise _damaged("JPEG")
    return data[pos], pos + 1


def _exif_orientation(payload: bytes) -> int | None:
    """The Orientation tag (1–8) of an EXIF APP1 payload, or None."""
    if not payload.startswith(b"Exif\x00\x00") or len(payload) < 14:
        return None
    tiff = payload[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return None
    try:
        (ifd,) = struct.unpack(order + "I", tiff[4:8])
        (count,) = struct.unpack(order + "H", tiff[ifd : ifd + 2])
        for index in range(count):
            entry = tiff[ifd + 2 + 12 * index : ifd + 14 + 12 * index]
            tag, kind, _, value = struct.unpack(order + "HHIH", entry[:10])
            if tag == _ORIENTATION_TAG and kind == 3 and 1 <= value <= 8:
                return int(value)
    except struct.error:
        return None
    return None


def _orientation_app1(orientation: int) -> bytes:
    """A minimal EXIF APP1 segment carrying only the orientation."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1) + struct.pack(">HHIHH", _ORIENTATION_TAG, 3, 1, orientation, 0)
    tiff += struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise _damaged("PNG")
    out = bytearray(_PNG_SIGNATURE)
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise _damaged("PNG")
        if kind not in _PNG_DROP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise _damaged("PNG")


_EMPTY_EXIF: Final = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"
"""An EXIF payload with an empty first directory (what replaces the original, padded)."""


def _strip_heic(data: bytes) -> bytes:
    from pillow_heif import open_heif, register_heif_opener

    register_heif_opener()
    try:
        heif = open_heif(io.BytesIO(data))
        infos = [image.info for image in heif] + [heif.info]
        payloads = {
            info[name]: name for info in infos for name in ("exif", "xmp") if info.get(name)
        }
        scrubbed = _scrub_in_place(data, payloads)
        if scrubbed is not None:
            return scrubbed
        return _reencode_heic(heif)
    except (ValueError, OSError, RuntimeError, EOFError) as exc:
        raise _damaged("HEIC") from exc


def _scrub_in_place(data: bytes, payloads: dict[bytes, str]) -> bytes | None:
    """``data`` with every payload overwritten, same length; None if one is not verbatim."""
    out = bytearray(data)
    for payload, name in payloads.items():
        start = out.find(payload)
        if start < 0 or len(payload) < len(_EMPTY_EXIF):
            return None
        exif = name == "exif"
        out[start : start + len(payload)] = (
            _EMPTY_EXIF.ljust(len(payload), b"\x00") if exif else b" " * len(payload)
        )
    return bytes(out)


def _reencode_heic(heif: object) -> bytes:
    from petavatar.rendering.decode import check_decodable

    width, height = heif.size  # type: ignore[attr-defined]
    check_decodable(width, height, bands=3)
    image = heif.to_pillow()  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    image.save(
        buffer,
        format="HEIF",
        quality=HEIC_QUALITY,
        exif=None,
        xmp=None,
        icc_profile=heif.info.get("icc_profile"),  # type: ignore[attr-defined]
    )
    return buffer.getvalue()
