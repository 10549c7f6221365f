"""Pydantic v2 models for every value that crosses a boundary.

These are the contracts of DESIGN.md: the pet analysis, the career profile,
the avatar, the identity package and the metered usage of each AI step. Every
provider (offline, Bedrock, OpenAI-compatible) returns exactly these shapes.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from petavatar.domain.dimensions import DIMENSIONS

Species = Literal[
    "dog", "cat", "rabbit", "hamster", "guinea_pig", "horse", "bird", "fish", "reptile"
]
SPECIES: tuple[Species, ...] = (
    "dog",
    "cat",
    "rabbit",
    "hamster",
    "guinea_pig",
    "horse",
    "bird",
    "fish",
    "reptile",
)

Seniority = Literal["entry-level", "mid-level", "senior", "executive"]
SENIORITIES: tuple[Seniority, ...] = ("entry-level", "mid-level", "senior", "executive")

AttireStyle = Literal[
    "suit",
    "business_casual",
    "creative_turtleneck",
    "scrubs",
    "lab_coat",
    "uniform",
    "chef_whites",
    "outdoor_workwear",
    "ranger_uniform",
    "firefighter_gear",
    "aviation_uniform",
    "athletic_wear",
    "waistcoat",
    "judicial_robe",
    "hi_vis_workwear",
    "work_apron",
    "tweed_blazer",
    "coveralls",
    "staff_polo",
]
ATTIRE_STYLES: tuple[AttireStyle, ...] = get_args(AttireStyle)

BackgroundSetting = Literal[
    "corner_office_city_view",
    "open_office",
    "linkedin_blue_gradient",
    "creative_studio",
    "lab",
    "hospital",
    "classroom",
    "workshop",
    "outdoors",
    "restaurant_kitchen",
    "aquarium_tanks",
    "dining_room",
    "wine_cellar",
    "courtroom",
    "library",
    "gym",
    "sports_field",
    "airport",
    "hotel_lobby",
    "construction_site",
    "warehouse",
    "farm",
    "forest_trail",
    "fire_station",
    "broadcast_studio",
    "trading_floor",
    "server_room",
    "veterinary_clinic",
    "greenhouse",
    "cafe",
    "museum_gallery",
    "concert_stage",
]
BACKGROUND_SETTINGS: tuple[BackgroundSetting, ...] = get_args(BackgroundSetting)

#: The first eight attire styles were the original set; each later, more specific
#: style names the closest of them, for a renderer that draws only those eight.
ATTIRE_BASE: dict[AttireStyle, AttireStyle] = {
    "ranger_uniform": "outdoor_workwear",
    "firefighter_gear": "uniform",
    "aviation_uniform": "uniform",
    "athletic_wear": "business_casual",
    "waistcoat": "suit",
    "judicial_robe": "suit",
    "hi_vis_workwear": "outdoor_workwear",
    "work_apron": "chef_whites",
    "tweed_blazer": "business_casual",
    "coveralls": "outdoor_workwear",
    "staff_polo": "business_casual",
}
#: Likewise for scenes: each specific setting names the closest of the first ten.
BACKGROUND_BASE: dict[BackgroundSetting, BackgroundSetting] = {
    "aquarium_tanks": "lab",
    "dining_room": "restaurant_kitchen",
    "wine_cellar": "restaurant_kitchen",
    "courtroom": "linkedin_blue_gradient",
    "library": "classroom",
    "gym": "open_office",
    "sports_field": "outdoors",
    "airport": "linkedin_blue_gradient",
    "hotel_lobby": "corner_office_city_view",
    "construction_site": "outdoors",
    "warehouse": "workshop",
    "farm": "outdoors",
    "forest_trail": "outdoors",
    "fire_station": "workshop",
    "broadcast_studio": "creative_studio",
    "trading_floor": "open_office",
    "server_room": "workshop",
    "veterinary_clinic": "hospital",
    "greenhouse": "lab",
    "cafe": "restaurant_kitchen",
    "museum_gallery": "creative_studio",
    "concert_stage": "creative_studio",
}


def base_attire(style: AttireStyle) -> AttireStyle:
    """The original attire style closest to ``style`` (itself if it is one)."""
    return ATTIRE_BASE.get(style, style)


def base_background(setting: BackgroundSetting) -> BackgroundSetting:
    """The original background setting closest to ``setting`` (itself if it is one)."""
    return BACKGROUND_BASE.get(setting, setting)


Score = Annotated[int, Field(ge=0, le=100)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class Frozen(BaseModel):
    """Base for immutable value objects that reject unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Usage(Frozen):
    """Metered usage of one or more AI calls, for cost accounting."""

    model_calls: int = Field(default=0, ge=0)
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    images_generated: int = Field(default=0, ge=0)
    compute_seconds: float = Field(default=0.0, ge=0.0)

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            model_calls=self.model_calls + other.model_calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            images_generated=self.images_generated + other.images_generated,
            compute_seconds=round(self.compute_seconds + other.compute_seconds, 6),
        )


class PetHints(Frozen):
    """What the user tells us about their pet; each field overrides the classifier."""

    species: Species | None = None
    breed: str | None = Field(default=None, max_length=80)
    pet_name: str | None = Field(default=None, max_length=60)

    @field_validator("breed", "pet_name")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        if value is None:
            return None
        cleaned = " ".join(value.split())
        return cleaned or None


class ClassPrediction(Frozen):
    """One ImageNet class the classifier saw, with the species it stands for (if any)."""

    class_index: int = Field(ge=0, le=999)
    label: str
    probability: Probability
    species: Species | None = None


class PhotoObservations(Frozen):
    """Measurements read off the photo; the honest basis for expression and posture."""

    brightness: Probability
    contrast: Probability
    colorfulness: Probability
    sharpness: Probability
    subject_fill: Probability = Field(description="Fraction of the frame the animal occupies.")
    subject_aspect: float = Field(gt=0, description="Width / height of the animal's region.")
    subject_center_x: Probability
    subject_center_y: Probability
    # Cues a reader may add (the offline provider's photo_cues); None = not measured.
    gaze_offset: Annotated[float, Field(ge=-1.0, le=1.0)] | None = Field(
        default=None, description="Face peak across the region: 0 straight on, ±1 to a side."
    )
    head_height: Probability | None = Field(default=None, description="0 = head at the top.")
    off_centre: Probability | None = None
    background_green: Probability | None = None
    background_sky: Probability | None = None
    background_warmth: Probability | None = None
    background_clutter: Probability | None = None
    coat_lightness: Probability | None = None
    coat_texture: Probability | None = None
    coat_contrast: Probability | None = None


class PetAnalysis(Frozen):
    """Step 1 output: what the photo shows and the personality read from it."""

    species: Species
    species_confidence: Probability
    breed: str
    breed_confidence: Probability
    top_predictions: list[ClassPrediction] = Field(default_factory=list, max_length=10)
    expression: str
    posture: str
    coat_colors: list[str] = Field(min_length=1, max_length=4)
    coat_color_hex: list[str] = Field(min_length=1, max_length=4)
    personality_dimensions: dict[str, Score]
    dominant_traits: list[str] = Field(min_length=3, max_length=3)
    vibe: str
    pet_name: str | None = None
    hints_applied: list[str] = Field(default_factory=list)
    observations: PhotoObservations | None = None
    photo_fingerprint: str = Field(description="SHA-256 of the normalised pixels; seeds choices.")

    @field_validator("personality_dimensions")
    @classmethod
    def _exactly_the_47(cls, dims: dict[str, int]) -> dict[str, int]:
        missing = [d for d in DIMENSIONS if d not in dims]
        extra = [d for d in dims if d not in DIMENSIONS]
        if missing or extra:
            raise ValueError(
                f"personality_dimensions must have exactly the 47 dimensions; "
                f"missing={missing} extra={extra}"
            )
        return {d: dims[d] for d in DIMENSIONS}


class CareerMatch(Frozen):
    """A scored career, as a runner-up or as the winner's own score."""

    career_id: str
    job_title: str
    score: Annotated[float, Field(ge=0.0, le=100.0)]


class CareerProfile(Frozen):
    """Step 2 output: the human career the pet's personality maps to."""

    career_id: str
    job_title: str
    seniority: Seniority
    industry: str
    work_style: str
    attire_style: AttireStyle
    background_setting: BackgroundSetting
    confidence: Score
    rationale: str
    runner_ups: list[CareerMatch] = Field(default_factory=list, max_length=5)


class AvatarImage(Frozen):
    """Step 3 output: the headshot PNG and the prompt/parameters that describe it."""

    png: bytes = Field(repr=False, exclude=True)
    width: int = Field(ge=1024)
    height: int = Field(ge=1024)
    prompt: str
    parameters: dict[str, str] = Field(default_factory=dict)

    @field_validator("png")
    @classmethod
    def _is_png(cls, data: bytes) -> bytes:
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("avatar must be PNG data")
        return data


class CareerTrajectory(Frozen):
    """Past, present and future roles of the persona."""

    past: str
    present: str
    future: str


SIMILARITY_WEIGHTS: dict[str, float] = {
    "trait_alignment": 0.40,
    "career_fit": 0.30,
    "name_fit": 0.15,
    "coherence": 0.15,
}


class SimilarityBreakdown(Frozen):
    """The components of the pet-to-human similarity score, each 0–100."""

    trait_alignment: Score
    career_fit: Score
    name_fit: Score
    coherence: Score

    def weighted_score(self) -> int:
        """The 40/30/15/15 weighted total, rounded to an integer 0–100."""
        total: float = sum(
            getattr(self, name) * weight for name, weight in SIMILARITY_WEIGHTS.items()
        )
        return max(0, min(100, round(total)))


class IdentityPackage(Frozen):
    """Step 4 output: the persona's name, bio, skills, trajectory and similarity."""

    human_name: str = Field(min_length=1)
    job_title: str
    seniority: Seniority
    bio: str
    skills: list[str] = Field(min_length=5, max_length=10)
    career_trajectory: CareerTrajectory
    similarity_score: Score
    similarity_breakdown: SimilarityBreakdown
    uncanny_parallels: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("bio")
    @classmethod
    def _three_paragraphs(cls, bio: str) -> str:
        paragraphs = [p for p in bio.split("\n\n") if p.strip()]
        if len(paragraphs) != 3:
            raise ValueError(f"bio must have exactly 3 paragraphs, got {len(paragraphs)}")
        return bio

    @model_validator(mode="after")
    def _score_matches_breakdown(self) -> IdentityPackage:
        expected = self.similarity_breakdown.weighted_score()
        if self.similarity_score != expected:
            raise ValueError(
                f"similarity_score {self.similarity_score} != weighted breakdown {expected}"
            )
        return self

    @property
    def bio_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.bio.split("\n\n") if p.strip()]


PersonaPart = Literal["analyze", "map", "render", "write"]
PERSONA_PARTS: tuple[PersonaPart, ...] = ("analyze", "map", "render", "write")


class PartProvenance(Frozen):
    """Which provider and model made one part of the persona (and where)."""

    provider: str
    model: str
    region: str | None = None
    note: str | None = Field(
        default=None, description="How it was made when that is worth knowing (a fallback)."
    )
