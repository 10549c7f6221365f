"""Request and response bodies of the Bedrock image models PetAvatar can call.

Which body a model gets comes from ``providers/data/bedrock_image_models.toml``
(model id glob → family and conditioning), so a new model of a known family is
a data change. Families:

* ``stability`` (SD3.x Large, Stable Image Core/Ultra): ``{"prompt", …}``; with
  the pet photo ``mode=image-to-image``, ``image`` (base64) and ``strength``.
  The answer is ``{"images": [b64], "finish_reasons": [null | "Filter reason: …"]}``.
* ``amazon-image`` (Nova Canvas, Titan Image Generator v2): ``TEXT_IMAGE``, or
  ``IMAGE_VARIATION`` with the photo and a ``similarityStrength``; the answer is
  ``{"images": [b64], "error": null | "…"}``.
"""

from __future__ import annotations

import base64
import binascii
import json
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from petavatar.errors import ProviderError
from petavatar.providers.bedrock.errors import content_filtered

Family = Literal["stability", "amazon-image"]
Conditioning = Literal["image-to-image", "image-variation", "none"]
SIDE = 1024
#: Largest seed every supported family accepts.
MAX_SEED = 2_147_483_646


class ImageModelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    family: Family
    conditioning: Conditioning


class _Specs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: list[ImageModelSpec]


@lru_cache(maxsize=1)
def _specs() -> tuple[ImageModelSpec, ...]:
    data = resources.files("petavatar.providers").joinpath("data/bedrock_image_models.toml")
    return tuple(_Specs.model_validate(tomllib.loads(data.read_text("utf-8"))).model)


def spec_for(model_id: str) -> ImageModelSpec:
    """The family of ``model_id``; a :class:`ProviderError` naming the known ones otherwise."""
    for spec in _specs():
        if fnmatchcase(model_id, spec.pattern):
            return spec
    known = ", ".join(spec.pattern for spec in _specs())
    raise ProviderError(
        f"PetAvatar does not know how to call the Bedrock image model {model_id!r}; "
        f"choose one matching {known} (PETAVATAR_BEDROCK_IMAGE_MODEL_ID)"
    )


@dataclass(frozen=True)
class ImageRequest:
    body: dict[str, Any]
    conditioned: bool


def build_request(
    spec: ImageModelSpec,
    *,
    prompt: str,
    negative: str,
    seed: int,
    photo_png: bytes | None,
    strength: float,
) -> ImageRequest:
    """The InvokeModel body; conditioned on ``photo_png`` when given and supported."""
    photo = base64.b64encode(photo_png).decode() if photo_png else None
    use_photo = photo is not None and spec.conditioning != "none"
    if spec.family == "stability":
        body: dict[str, Any] = {
            "prompt": prompt,
            "negative_prompt": negative,
            "seed": seed % MAX_SEED,
            "output_format": "png",
        }
        if use_photo:
            body.update(mode="image-to-image", image=photo, strength=strength)
        else:
            body.update(mode="text-to-image", aspect_ratio="1:1")
        return ImageRequest(body, use_photo)
    config = {
        "numberOfImages": 1,
        "width": SIDE,
        "height": SIDE,
        "cfgScale": 7.0,
        "seed": seed % MAX_SEED,
    }
    if use_photo:
        variation = {
            "text": prompt,
            "negativeText": negative,
            "images": [photo],
            "similarityStrength": max(0.2, min(1.0, 1.0 - strength)),
        }
        return ImageRequest(
            {
                "taskType": "IMAGE_VARIATION",
                "imageVariationParams": variation,
                "imageGenerationConfig": config,
            },
            True,
        )
    text = {"text": prompt, "negativeText": negative}
    return ImageRequest(
        {"taskType": "TEXT_IMAGE", "textToImageParams": text, "imageGenerationConfig": config},
        False,
    )


def read_response(spec: ImageModelSpec, raw: bytes, *, source: str) -> bytes:
    """The first image's bytes; content-filter and error answers become errors."""
    try:
        answer = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProviderError(f"{source} answered with something other than JSON") from exc
    if not isinstance(answer, dict):
        raise ProviderError(f"{source} answered with an unexpected JSON shape")
    reasons = [r for r in answer.get("finish_reasons") or [] if r]
    if reasons:
        if any("filter" in str(r).lower() for r in reasons):
            raise content_filtered(source, "; ".join(map(str, reasons)))
        raise ProviderError(f"{source} could not draw the avatar ({'; '.join(map(str, reasons))})")
    if answer.get("error"):
        message = str(answer["error"])
        if "filter" in message.lower() or "blocked" in message.lower():
            raise content_filtered(source, message)
        raise ProviderError(f"{source} could not draw the avatar ({message})")
    images = answer.get("images") or []
    if not images or not isinstance(images[0], str):
        raise ProviderError(f"{source} returned no image")
    try:
        return base64.b64decode(images[0], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProviderError(f"{source} returned an image that is not valid base64") from exc
