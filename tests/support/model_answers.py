"""What a well-behaved model answers for each structured step (JSON documents).

The cloud-provider tests serve these from stubs and fake servers, and break
them on purpose to exercise validation and repair.
"""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image, ImageDraw

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.rendering.decode import LoadedImage, load_image
from tests.support.builders import pet_photo


def analysis_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "species": "cat",
        "species_confidence": 0.97,
        "breed": "Tabby",
        "breed_confidence": 0.81,
        "expression": "unimpressed",
        "posture": "loaf",
        "coat_colors": ["orange", "cream"],
        "coat_color_hex": ["#c87828", "#f0e0c0"],
        "personality_dimensions": {name: 40 + (i * 7) % 50 for i, name in enumerate(DIMENSIONS)},
        "dominant_traits": ["unshakeable self-assurance", "fiercely independent", "dignified"],
        "vibe": "CFO energy",
    }
    answer.update(changes)
    return answer


def career_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "career_id": "chief-executive-officer",
        "job_title": "Chief Executive Officer",
        "seniority": "executive",
        "industry": "Consumer Goods",
        "work_style": "decisive and unbothered",
        "attire_style": "suit",
        "background_setting": "corner_office_city_view",
        "confidence": 88,
        "rationale": "High confidence, independence and dignity.",
    }
    answer.update(changes)
    return answer


def identity_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "human_name": "Margaret Whitfield",
        "bio": "Visionary leader.\n\nTurned naps into strategy.\n\nBelieves in synergy.",
        "skills": ["Strategy", "Delegation", "Napping", "Negotiation", "Stakeholder management"],
        "career_trajectory": {"past": "Analyst", "present": "CEO", "future": "Chair"},
        "similarity_breakdown": {
            "trait_alignment": 90,
            "career_fit": 80,
            "name_fit": 70,
            "coherence": 85,
        },
        "uncanny_parallels": ["Both ignore meetings they did not call"],
    }
    answer.update(changes)
    return answer


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document)


def png_image(size: int = 1024, *, blank: bool = False) -> bytes:
    """A PNG a model might return: a 'headshot' (or a flat blank frame)."""
    image = Image.new("RGB", (size, size), (40, 70, 140))
    if not blank:
        draw = ImageDraw.Draw(image)
        draw.ellipse((size * 0.3, size * 0.15, size * 0.7, size * 0.6), fill=(225, 180, 150))
        draw.rectangle((size * 0.2, size * 0.65, size * 0.8, size), fill=(30, 30, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def loaded_photo() -> LoadedImage:
    out = io.BytesIO()
    pet_photo().save(out, format="JPEG")
    return load_image(out.getvalue())


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    pet_photo().save(out, format="JPEG")
    return out.getvalue()
