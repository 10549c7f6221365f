"""Checks every generated avatar passes, whichever model drew it.

A model's image is accepted only if it decodes, is not blank (a flat or
near-flat frame is what a filtered or failed generation often returns) and can
be delivered as a PNG of at least 1024×1024: smaller images are upscaled
(Lanczos), non-square ones centre-cropped, anything else re-encoded as PNG.
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageOps, ImageStat, UnidentifiedImageError

from petavatar.domain.models import AvatarImage
from petavatar.errors import ProviderError

MIN_SIDE: Final[int] = 1024
#: Mean per-channel standard deviation below which a frame counts as blank.
BLANK_STDDEV: Final[float] = 4.0


def accept_avatar(
    data: bytes, *, prompt: str, source: str, parameters: dict[str, str] | None = None
) -> AvatarImage:
    """``data`` as a checked ≥1024² PNG avatar; :class:`ProviderError` if it is unusable."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ProviderError(
            f"{source} returned an image that cannot be decoded; try again or choose "
            "another image model"
        ) from exc
    spread = ImageStat.Stat(image).stddev
    if sum(spread) / len(spread) < BLANK_STDDEV:
        raise ProviderError(
            f"{source} returned a blank image (often a silently filtered generation); "
            "try again with another photo or image model"
        )
    side = max(MIN_SIDE, min(image.size))
    fitted = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, format="PNG", optimize=False)
    details = dict(parameters or {})
    if fitted.size != image.size:
        details["resized_from"] = f"{image.width}x{image.height}"
    return AvatarImage(
        png=out.getvalue(), width=side, height=side, prompt=prompt, parameters=details
    )


def photo_bytes(image: Image.Image, *, max_side: int = 1024, fmt: str = "PNG") -> bytes:
    """A decoded photo re-encoded for a model (metadata-free, at most ``max_side``)."""
    copy = image.convert("RGB")
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()
