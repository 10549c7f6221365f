"""Image formats PetAvatar accepts, recognised from their first bytes (pure Python, no decoder).

The upload policy, the HTTP upload endpoint, the job service and the decoder all
read the accepted types and the sniffer from here, so the API path never imports
an image library.
"""

from __future__ import annotations

from typing import Final

MAX_UPLOAD_BYTES: Final[int] = 50 * 1024 * 1024
"""The largest photo accepted anywhere (presign policy, upload endpoint, decoder)."""

SNIFF_BYTES: Final[int] = 64
"""How many leading bytes are read to recognise an image format."""

MIME_JPEG: Final[str] = "image/jpeg"
MIME_PNG: Final[str] = "image/png"
MIME_HEIC: Final[str] = "image/heic"
SUPPORTED_MIME_TYPES: Final[tuple[str, ...]] = (MIME_JPEG, MIME_PNG, MIME_HEIC)
EXTENSIONS: Final[dict[str, str]] = {MIME_JPEG: "jpg", MIME_PNG: "png", MIME_HEIC: "heic"}

_HEIF_BRANDS: Final[frozenset[bytes]] = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
)


def sniff_image_format(head: bytes) -> str | None:
    """MIME type from the first bytes of a file, or None if it is not JPEG/PNG/HEIC."""
    if head.startswith(b"\xff\xd8\xff"):
        return MIME_JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MIME_PNG
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS - {b"avif"}:
        return MIME_HEIC
    return None
