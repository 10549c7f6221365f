"""Shared builders for tests: schema-valid analyses, careers, identities and photos."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import (
    AttireStyle,
    BackgroundSetting,
    CareerProfile,
    CareerTrajectory,
    IdentityPackage,
    PetAnalysis,
    Seniority,
    SimilarityBreakdown,
    Species,
)


def fingerprint(label: str) -> str:
    """A SHA-256 hex fingerprint derived from a label (stands in for a photo's)."""
    return hashlib.sha256(label.encode("utf-8")).hexdigest()


def make_analysis(
    *,
    label: str = "golden",
    species: Species = "dog",
    breed: str = "Golden Retriever",
    coat_colors: list[str] | None = None,
    coat_hex: list[str] | None = None,
    expression: str = "playful",
    dims: dict[str, int] | None = None,
    traits: list[str] | None = None,
    vibe: str = "Chief Happiness Officer energy",
) -> PetAnalysis:
    """A valid PetAnalysis with all 47 dimensions (50 unless overridden)."""
    scores = {name: 50 for name in DIMENSIONS}
    scores.update(dims or {})
    return PetAnalysis(
        species=species,
        species_confidence=0.95,
        breed=breed,
        breed_confidence=0.8,
        expression=expression,
        posture="sitting upright",
        coat_colors=coat_colors or ["golden"],
        coat_color_hex=coat_hex or ["#d4a04c"],
        personality_dimensions=scores,
        dominant_traits=traits or ["boundless energy", "loyal to the team", "a people person"],
        vibe=vibe,
        photo_fingerprint=fingerprint(label),
    )


def make_career(
    *,
    attire: AttireStyle = "suit",
    background: BackgroundSetting = "corner_office_city_view",
    title: str = "Chief Financial Officer",
    seniority: Seniority = "executive",
) -> CareerProfile:
    """A valid CareerProfile with the given attire and background."""
    return CareerProfile(
        career_id="cfo",
        job_title=title,
        seniority=seniority,
        industry="Finance",
        work_style="strategic",
        attire_style=attire,
        background_setting=background,
        confidence=82,
        rationale="High leadership and focus.",
    )


def make_identity(
    *,
    name: str = "Goldie Brightwater",
    title: str = "Chief Financial Officer",
    parallels: list[str] | None = None,
) -> IdentityPackage:
    """A valid IdentityPackage whose score equals its weighted breakdown."""
    breakdown = SimilarityBreakdown(trait_alignment=88, career_fit=76, name_fit=70, coherence=90)
    return IdentityPackage(
        human_name=name,
        job_title=title,
        seniority="executive",
        bio="First paragraph.\n\nSecond paragraph.\n\nThird paragraph.",
        skills=["Budgeting", "Forecasting", "Fetch", "Stakeholder management", "Naps"],
        career_trajectory=CareerTrajectory(past="Analyst", present="CFO", future="CEO"),
        similarity_score=breakdown.weighted_score(),
        similarity_breakdown=breakdown,
        uncanny_parallels=(
            parallels
            if parallels is not None
            else [
                "Both greet every visitor at the door",
                "Both treat lunch as a board-level priority",
                "Both have perfect hair in every photo",
            ]
        ),
    )


def pet_photo(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A synthetic pet 'photo': warm background with a golden blob."""
    image = Image.new("RGB", size, (120, 150, 90))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.25, h * 0.2, w * 0.75, h * 0.9), fill=(212, 160, 76))
    return image


def open_png(data: bytes) -> Image.Image:
    """Decode PNG bytes (fully loaded) with Pillow."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image
