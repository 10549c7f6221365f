"""Breed temperament facts and their transparent mapping to the 47 personality dimensions.

The table
---------
Every :class:`BreedProfile` carries 1–5 ratings on the fixed :data:`FACT_KEYS`,
modelled on widely published breed trait ratings (the AKC breed-trait scores for
dogs; the equivalent breed-club and care-guide descriptions for cats, rabbits,
rodents, horses, birds, fish and reptiles). 3 is "typical"; 1 and 5 are the
extremes *across all pets*, so a goldfish has trainability 2 and a Border
Collie 5. The table covers every breed :func:`petavatar.providers.local.taxonomy.breed_for_class`
can return, a default profile per species and common breeds users type as a hint.

The mapping
-----------
:func:`baseline_dimensions` turns facts into the 47 dimensions with one linear
formula, so every number can be traced back to a fact::

    value(d) = 50 + FACT_SCALE * sum(w * (fact - 3) for fact, w in FACT_WEIGHTS[d])
             + SPECIES_ADJUSTMENTS[species][d]
             + GROUP_ADJUSTMENTS[group][d]          (dog groups only)
             + SIZE_ADJUSTMENTS[size][d]

then clamped to 0–100 and rounded to one decimal. A fact one point above
typical moves a weight-1.0 dimension by ``FACT_SCALE`` (15) points. The
adjustments are small (at most 15 points each) and encode what facts cannot: cats
are more independent and dignified, toy dogs more vocal, working breeds meet
more deadlines, sporting breeds (retrievers) raid the office fridge, herding
breeds micromanage, giant breeds nap.

Size is absolute body size across all species (a hamster is "tiny", a cat
"medium", a horse "giant"), so size adjustments mean the same thing everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import SPECIES, Species
from petavatar.providers.local.taxonomy import (
    IMAGENET_LABELS,
    SPECIES_DEFAULT_BREED,
    breed_for_class,
)

Size = Literal["tiny", "small", "medium", "large", "giant"]
SIZES: Final[tuple[Size, ...]] = get_args(Size)

DogGroup = Literal["sporting", "hound", "working", "terrier", "toy", "non_sporting", "herding"]
DOG_GROUPS: Final[tuple[DogGroup, ...]] = get_args(DogGroup)

#: The fixed fact keys every profile rates 1–5, in the order the table lists them.
FACT_KEYS: Final[tuple[str, ...]] = (
    "energy",  # activity level and exercise need
    "trainability",  # eagerness and ability to learn on cue
    "affection_family",  # attachment and cuddliness with its own people
    "openness_to_strangers",  # welcome for new people (1 = wary, 5 = everyone's friend)
    "playfulness",  # appetite for games, also into adulthood
    "protectiveness",  # watchdog/guarding instinct, territorial defence
    "vocalness",  # barking, meowing, squawking, wheeking
    "independence",  # content on its own, makes its own decisions
    "adaptability",  # copes with change, noise, new places
    "mental_stimulation_needs",  # needs puzzles, jobs, novelty
    "grooming_needs",  # coat/skin/plumage/tank care
    "food_drive",  # food motivation and scavenging
    "stubbornness",  # ignores requests it disagrees with
    "prey_drive",  # urge to chase, hunt, stalk
)

#: Points a dimension moves per fact point above typical (3), at weight 1.0.
FACT_SCALE: Final[float] = 15.0
_NEUTRAL: Final[float] = 50.0
_TYPICAL_FACT: Final[int] = 3

#: dimension -> {fact: weight}. Positive weights raise the dimension with the fact.
FACT_WEIGHTS: Final[dict[str, dict[str, float]]] = {
    "confidence": {
        "openness_to_strangers": 0.4,
        "adaptability": 0.4,
        "protectiveness": 0.3,
        "independence": 0.3,
    },
    "energy_level": {"energy": 1.0, "playfulness": 0.3},
    "sociability": {
        "openness_to_strangers": 0.6,
        "affection_family": 0.4,
        "playfulness": 0.2,
        "independence": -0.3,
    },
    "assertiveness": {
        "protectiveness": 0.4,
        "stubbornness": 0.3,
        "vocalness": 0.3,
        "independence": 0.2,
    },
    "playfulness": {"playfulness": 1.0, "energy": 0.2},
    "curiosity": {
        "mental_stimulation_needs": 0.6,
        "energy": 0.2,
        "prey_drive": 0.2,
        "playfulness": 0.2,
    },
    "independence": {"independence": 1.0, "affection_family": -0.2, "trainability": -0.2},
    "loyalty": {"affection_family": 0.5, "protectiveness": 0.4, "independence": -0.3},
    "patience": {
        "adaptability": 0.3,
        "trainability": 0.2,
        "energy": -0.4,
        "prey_drive": -0.2,
        "stubbornness": -0.1,
    },
    "focus": {"trainability": 0.5, "mental_stimulation_needs": 0.4, "prey_drive": 0.2},
    "adaptability": {"adaptability": 1.0},
    "stubbornness": {"stubbornness": 1.0, "trainability": -0.3},
    "friendliness_to_strangers": {"openness_to_strangers": 1.0, "protectiveness": -0.3},
    "vocal_expressiveness": {"vocalness": 1.0},
    "calmness": {"energy": -0.6, "adaptability": 0.4, "vocalness": -0.2},
    "anxiety": {
        "adaptability": -0.5,
        "vocalness": 0.3,
        "protectiveness": 0.2,
        "openness_to_strangers": -0.2,
    },
    "dominance": {
        "protectiveness": 0.4,
        "stubbornness": 0.4,
        "independence": 0.3,
        "openness_to_strangers": -0.1,
    },
    "affection": {"affection_family": 1.0, "openness_to_strangers": 0.2},
    "problem_solving": {
        "mental_stimulation_needs": 0.6,
        "trainability": 0.3,
        "independence": 0.2,
    },
    "coachability": {"trainability": 1.0, "stubbornness": -0.3},
    "territoriality": {"protectiveness": 0.8, "openness_to_strangers": -0.3, "vocalness": 0.2},
    "food_motivation": {"food_drive": 1.0},
    "vigilance": {"protectiveness": 0.5, "vocalness": 0.3, "prey_drive": 0.3},
    "gentleness": {
        "affection_family": 0.4,
        "energy": -0.3,
        "protectiveness": -0.2,
        "prey_drive": -0.3,
    },
    "mischief": {
        "playfulness": 0.4,
        "stubbornness": 0.3,
        "mental_stimulation_needs": 0.3,
        "food_drive": 0.2,
        "trainability": -0.2,
    },
    "dignity": {
        "independence": 0.4,
        "grooming_needs": 0.3,
        "playfulness": -0.3,
        "openness_to_strangers": -0.1,
    },
    "resilience": {"adaptability": 0.6, "energy": 0.2, "protectiveness": 0.1},
    "competitiveness": {
        "energy": 0.3,
        "prey_drive": 0.3,
        "protectiveness": 0.2,
        "mental_stimulation_needs": 0.2,
        "stubbornness": 0.2,
    },
    "empathy": {
        "affection_family": 0.5,
        "trainability": 0.3,
        "adaptability": 0.1,
        "independence": -0.3,
    },
    "routine_orientation": {"adaptability": -0.4, "trainability": 0.3, "independence": 0.1},
    "risk_taking": {"prey_drive": 0.5, "energy": 0.3, "adaptability": 0.2, "independence": 0.2},
    "leadership": {
        "protectiveness": 0.3,
        "independence": 0.3,
        "trainability": 0.2,
        "mental_stimulation_needs": 0.2,
    },
    "humor": {"playfulness": 0.7, "openness_to_strangers": 0.2},
    "appearance_consciousness": {"grooming_needs": 1.0},
    "diplomacy": {
        "openness_to_strangers": 0.4,
        "adaptability": 0.3,
        "affection_family": 0.2,
        "protectiveness": -0.2,
        "stubbornness": -0.2,
    },
    "optimism": {
        "playfulness": 0.4,
        "openness_to_strangers": 0.3,
        "affection_family": 0.3,
        "adaptability": 0.2,
    },
    "would_steal_your_lunch_from_the_fridge": {
        "food_drive": 0.8,
        "stubbornness": 0.2,
        "playfulness": 0.1,
        "trainability": -0.2,
    },
    "sends_passive_aggressive_emails": {
        "independence": 0.4,
        "stubbornness": 0.3,
        "vocalness": 0.2,
        "openness_to_strangers": -0.2,
        "affection_family": -0.1,
    },
    "actually_reads_the_meeting_agenda": {
        "trainability": 0.5,
        "mental_stimulation_needs": 0.3,
        "playfulness": -0.1,
        "energy": -0.1,
    },
    "takes_credit_for_group_projects": {
        "independence": 0.4,
        "stubbornness": 0.3,
        "protectiveness": 0.1,
        "affection_family": -0.2,
    },
    "replies_all_unnecessarily": {"vocalness": 0.8, "openness_to_strangers": 0.2},
    "naps_at_desk": {"energy": -0.9, "adaptability": 0.2},
    "works_the_room_at_happy_hour": {
        "openness_to_strangers": 0.6,
        "playfulness": 0.3,
        "energy": 0.2,
    },
    "meets_deadlines": {
        "trainability": 0.5,
        "mental_stimulation_needs": 0.2,
        "stubbornness": -0.3,
    },
    "coffee_dependency": {
        "mental_stimulation_needs": 0.4,
        "energy": 0.2,
        "vocalness": 0.2,
        "adaptability": -0.2,
    },
    "shares_office_snacks": {
        "affection_family": 0.5,
        "openness_to_strangers": 0.3,
        "food_drive": -0.3,
    },
    "micromanages": {
        "protectiveness": 0.3,
        "mental_stimulation_needs": 0.3,
        "trainability": 0.2,
        "vocalness": 0.2,
        "independence": -0.1,
    },
}

#: Per-species shifts (points) for what species-wide nature adds to the facts.
SPECIES_ADJUSTMENTS: Final[dict[Species, dict[str, float]]] = {
    "dog": {"loyalty": 10, "empathy": 5, "affection": 5, "coachability": 5},
    "cat": {
        "independence": 15,
        "dignity": 15,
        "coachability": -15,
        "naps_at_desk": 15,
        "appearance_consciousness": 10,
        "sends_passive_aggressive_emails": 10,
        "loyalty": -5,
    },
    "rabbit": {
        "gentleness": 10,
        "anxiety": 10,
        "vigilance": 10,
        "naps_at_desk": 5,
        "assertiveness": -10,
        "dominance": -10,
    },
    "hamster": {
        "naps_at_desk": 15,
        "food_motivation": 15,
        "would_steal_your_lunch_from_the_fridge": 10,
        "independence": 10,
        "sociability": -10,
    },
    "guinea_pig": {
        "vocal_expressiveness": 15,
        "food_motivation": 15,
        "sociability": 10,
        "anxiety": 10,
        "replies_all_unnecessarily": 10,
    },
    "horse": {"dignity": 10, "vigilance": 10, "loyalty": 5, "anxiety": 5, "leadership": 5},
    "bird": {"vocal_expressiveness": 10, "replies_all_unnecessarily": 10, "curiosity": 5},
    "fish": {
        "calmness": 10,
        "routine_orientation": 10,
        "sociability": -10,
        "coachability": -10,
        "vocal_expressiveness": -15,
    },
    "reptile": {
        "calmness": 15,
        "routine_orientation": 10,
        "naps_at_desk": 10,
        "affection": -10,
        "sociability": -10,
        "empathy": -10,
        "vocal_expressiveness": -15,
    },
}

#: Shifts (points) per dog group, for the jobs each group was bred to do.
GROUP_ADJUSTMENTS: Final[dict[str, dict[str, float]]] = {
    "sporting": {
        "would_steal_your_lunch_from_the_fridge": 10,
        "optimism": 10,
        "friendliness_to_strangers": 5,
        "works_the_room_at_happy_hour": 5,
    },
    "hound": {
        "independence": 10,
        "curiosity": 5,
        "risk_taking": 5,
        "stubbornness": 5,
        "coachability": -5,
    },
    "working": {
        "meets_deadlines": 10,
        "resilience": 10,
        "loyalty": 5,
        "leadership": 5,
        "dignity": 5,
    },
    "terrier": {
        "mischief": 10,
        "competitiveness": 10,
        "assertiveness": 5,
        "risk_taking": 5,
        "stubbornness": 5,
    },
    "toy": {
        "vocal_expressiveness": 10,
        "appearance_consciousness": 10,
        "replies_all_unnecessarily": 5,
        "confidence": 5,
    },
    "non_sporting": {"appearance_consciousness": 5, "dignity": 5},
    "herding": {
        "micromanages": 15,
        "focus": 10,
        "actually_reads_the_meeting_agenda": 10,
        "vigilance": 5,
        "routine_orientation": 5,
    },
}

#: Shifts (points) per absolute body size.
SIZE_ADJUSTMENTS: Final[dict[Size, dict[str, float]]] = {
    "tiny": {"dominance": -10, "leadership": -5, "anxiety": 5, "vocal_expressiveness": 5},
    "small": {"dominance": -5, "anxiety": 3},
    "medium": {},
    "large": {"confidence": 5, "dominance": 5, "calmness": 3},
    "giant": {"calmness": 8, "dignity": 8, "naps_at_desk": 8, "dominance": 8, "confidence": 5},
}


@dataclass(frozen=True)
class BreedProfile:
    """Temperament facts of one breed (or kind) of pet.

    ``group`` is the AKC-style group for dogs and the species name for every other
    species. ``facts`` rates every key of :data:`FACT_KEYS` 1–5. ``aliases`` are
    lower-case alternative names users type ("lab", "gsd", "doxie").
    """

    name: str
    species: Species
    group: str
    size: Size
    origin: str
    temperament: tuple[str, ...]
    facts: dict[str, int] = field(hash=False)
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.species not in SPECIES:
            raise ValueError(f"{self.name}: unknown species {self.species!r}")
        expected_groups: tuple[str, ...] = DOG_GROUPS if self.species == "dog" else (self.species,)
        if self.group not in expected_groups:
            raise ValueError(f"{self.name}: group {self.group!r} not in {expected_groups}")
        if self.size not in SIZES:
            raise ValueError(f"{self.name}: unknown size {self.size!r}")
        if not 3 <= len(self.temperament) <= 6:
            raise ValueError(f"{self.name}: needs 3-6 temperament words")
        if tuple(self.facts) != FACT_KEYS:
            raise ValueError(f"{self.name}: facts must be exactly {FACT_KEYS} in order")
        if any(not 1 <= value <= 5 for value in self.facts.values()):
            raise ValueError(f"{self.name}: fact ratings must be 1-5")
        if any(alias != alias.lower() for alias in self.aliases):
            raise ValueError(f"{self.name}: aliases must be lower-case")


def _split(text: str) -> tuple[str, ...]:
    """Split a comma-separated list into stripped items."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _facts(ratings: tuple[int, ...]) -> dict[str, int]:
    """Pair ratings given in :data:`FACT_KEYS` order with their keys."""
    if len(ratings) != len(FACT_KEYS):
        raise ValueError(f"expected {len(FACT_KEYS)} ratings, got {len(ratings)}")
    return dict(zip(FACT_KEYS, ratings, strict=True))


def _dog(
    name: str,
    group: DogGroup,
    size: Size,
    origin: str,
    temperament: str,
    ratings: tuple[int, ...],
    aliases: str = "",
) -> BreedProfile:
    """A dog profile; ``temperament`` and ``aliases`` are comma-separated."""
    return BreedProfile(
        name, "dog", group, size, origin, _split(temperament), _facts(ratings), _split(aliases)
    )


def _pet(
    species: Species,
    name: str,
    size: Size,
    origin: str,
    temperament: str,
    ratings: tuple[int, ...],
    aliases: str = "",
) -> BreedProfile:
    """A non-dog profile, whose group is its species."""
    return BreedProfile(
        name, species, species, size, origin, _split(temperament), _facts(ratings), _split(aliases)
    )


# Ratings order (FACT_KEYS): energy, trainability, affection_family, openness_to_strangers,
# playfulness, protectiveness, vocalness, independence, adaptability, mental_stimulation_needs,
# grooming_needs, food_drive, stubbornness, prey_drive.
# fmt: off
_PROFILES: Final[tuple[BreedProfile, ...]] = (
    # Dogs: every ImageNet dog class (151-268), then breeds users often type as a hint.
    _dog("Chihuahua", "toy", "tiny", "Mexico", "charming, graceful, sassy, devoted",
        (3, 3, 5, 2, 4, 5, 5, 3, 4, 3, 1, 3, 4, 2), "chi, chihuahuas"),
    _dog("Japanese Chin", "toy", "tiny", "Japan", "charming, noble, loving, reserved",
        (3, 3, 5, 3, 3, 2, 2, 3, 5, 2, 3, 2, 3, 1), "japanese spaniel, chin"),
    _dog("Maltese", "toy", "tiny", "Malta", "gentle, playful, charming",
        (3, 3, 5, 4, 4, 4, 4, 2, 4, 3, 4, 3, 3, 1), "maltese dog"),
    _dog("Pekingese", "toy", "small", "China", "loyal, dignified, independent, aloof",
        (2, 2, 5, 2, 3, 4, 3, 4, 4, 2, 3, 3, 5, 1), "pekinese, peke"),
    _dog("Shih Tzu", "toy", "small", "China", "affectionate, playful, outgoing",
        (2, 3, 5, 4, 4, 3, 3, 2, 5, 3, 5, 3, 4, 1), "shih-tzu, shitzu, shih tsu"),
    _dog("Cavalier King Charles Spaniel", "toy", "small", "England",
        "affectionate, gentle, graceful", (3, 4, 5, 4, 3, 2, 2, 1, 5, 2, 3, 4, 2, 2),
        "blenheim spaniel, cavalier, ckcs, king charles spaniel, english toy spaniel"),
    _dog("Papillon", "toy", "tiny", "France", "happy, alert, friendly, intelligent",
        (4, 5, 5, 4, 5, 4, 3, 2, 4, 4, 2, 3, 2, 3), "butterfly dog, continental toy spaniel"),
    _dog("Toy Terrier", "toy", "tiny", "England", "alert, lively, devoted",
        (4, 4, 4, 3, 4, 4, 4, 3, 4, 3, 1, 3, 3, 4),
        "toy fox terrier, english toy terrier, russian toy"),
    _dog("Rhodesian Ridgeback", "hound", "large", "Southern Africa",
        "dignified, affectionate, strong-willed", (4, 3, 4, 3, 3, 5, 2, 4, 2, 3, 1, 4, 4, 5),
        "ridgeback, african lion hound"),
    _dog("Afghan Hound", "hound", "large", "Afghanistan",
        "independent, dignified, aloof, clownish", (4, 1, 3, 3, 3, 3, 2, 5, 3, 3, 5, 2, 5, 5),
        "afghan"),
    _dog("Basset Hound", "hound", "medium", "France", "patient, charming, low-key, stubborn",
        (2, 2, 4, 3, 3, 2, 4, 4, 3, 2, 1, 5, 5, 3), "basset"),
    _dog("Beagle", "hound", "small", "England", "merry, curious, friendly",
        (4, 3, 3, 5, 4, 2, 5, 3, 4, 4, 2, 5, 4, 4), "beagles"),
    _dog("Bloodhound", "hound", "large", "Belgium", "independent, inquisitive, friendly",
        (3, 2, 4, 3, 3, 2, 4, 4, 2, 3, 1, 4, 5, 3), "st. hubert hound, sleuth hound"),
    _dog("Bluetick Coonhound", "hound", "large", "United States", "smart, devoted, tenacious",
        (4, 3, 4, 3, 3, 3, 5, 3, 3, 4, 1, 4, 4, 5), "bluetick"),
    _dog("Black and Tan Coonhound", "hound", "large", "United States", "easygoing, bright, brave",
        (3, 3, 4, 3, 3, 3, 5, 3, 3, 3, 1, 4, 4, 5), "black-and-tan coonhound, coonhound"),
    _dog("Treeing Walker Coonhound", "hound", "large", "United States", "smart, brave, sociable",
        (4, 3, 5, 4, 4, 3, 5, 3, 3, 3, 1, 4, 3, 5),
        "walker hound, walker coonhound, treeing walker"),
    _dog("English Foxhound", "hound", "large", "England", "sociable, gentle, independent",
        (5, 2, 3, 4, 3, 2, 4, 4, 2, 3, 1, 4, 4, 5), "foxhound"),
    _dog("Redbone Coonhound", "hound", "large", "United States",
        "even-tempered, amiable, eager to please", (4, 4, 4, 3, 4, 3, 5, 3, 3, 3, 1, 4, 3, 5),
        "redbone"),
    _dog("Borzoi", "hound", "giant", "Russia", "dignified, independent, athletic, quiet",
        (3, 2, 3, 3, 3, 2, 1, 5, 3, 2, 3, 2, 4, 5), "russian wolfhound"),
    _dog("Irish Wolfhound", "hound", "giant", "Ireland", "dignified, calm, courageous",
        (3, 3, 3, 4, 3, 3, 2, 3, 3, 3, 2, 3, 2, 4), "wolfhound"),
    _dog("Italian Greyhound", "toy", "small", "Italy", "playful, sensitive, affectionate, alert",
        (3, 3, 5, 3, 4, 3, 3, 3, 4, 3, 1, 3, 3, 4), "iggy, italian greyhounds"),
    _dog("Whippet", "hound", "medium", "England", "calm, affectionate, playful",
        (4, 3, 4, 4, 4, 3, 1, 3, 3, 3, 1, 3, 3, 5), "whippets"),
    _dog("Ibizan Hound", "hound", "large", "Spain", "even-tempered, loyal, independent",
        (5, 3, 4, 3, 3, 3, 3, 4, 3, 4, 1, 3, 4, 5), "ibizan, podenco ibicenco"),
    _dog("Norwegian Elkhound", "hound", "medium", "Norway", "friendly, dependable, bold",
        (4, 3, 4, 3, 3, 4, 4, 4, 3, 4, 3, 4, 4, 4), "elkhound"),
    _dog("Otterhound", "hound", "large", "England", "amiable, boisterous, even-tempered",
        (3, 3, 4, 4, 4, 3, 4, 4, 3, 4, 3, 4, 4, 4), "otter hound"),
    _dog("Saluki", "hound", "large", "Middle East", "gentle, dignified, independent",
        (5, 2, 3, 2, 3, 3, 1, 5, 3, 4, 2, 2, 4, 5), "persian greyhound, gazelle hound"),
    _dog("Scottish Deerhound", "hound", "giant", "Scotland", "gentle, dignified, polite",
        (3, 3, 4, 4, 3, 2, 1, 3, 3, 3, 3, 3, 3, 5), "deerhound"),
    _dog("Weimaraner", "sporting", "large", "Germany", "friendly, fearless, obedient, energetic",
        (5, 4, 5, 3, 4, 4, 3, 2, 2, 5, 1, 4, 3, 5), "weim, grey ghost"),
    _dog("Staffordshire Bull Terrier", "terrier", "medium", "England",
        "clever, brave, tenacious, affectionate", (4, 4, 5, 4, 4, 4, 2, 3, 3, 4, 2, 4, 4, 3),
        "staffy, staffie, staffordshire bullterrier, stafford"),
    _dog("American Staffordshire Terrier", "terrier", "medium", "United States",
        "confident, smart, good-natured", (4, 3, 4, 4, 3, 5, 2, 3, 3, 4, 1, 4, 4, 3),
        "amstaff, pit bull, pitbull, pit bull terrier, american pit bull terrier, pittie"),
    _dog("Bedlington Terrier", "terrier", "medium", "England", "loyal, cheerful, frolicsome",
        (3, 3, 5, 3, 4, 5, 3, 3, 3, 4, 3, 3, 3, 4), "bedlington"),
    _dog("Border Terrier", "terrier", "small", "England", "affectionate, happy, plucky",
        (3, 3, 5, 4, 3, 3, 2, 3, 3, 3, 2, 4, 3, 5), "borders"),
    _dog("Kerry Blue Terrier", "terrier", "medium", "Ireland", "alert, adaptable, people-oriented",
        (4, 3, 5, 3, 3, 5, 3, 3, 3, 4, 4, 3, 4, 4), "kerry blue, irish blue terrier"),
    _dog("Irish Terrier", "terrier", "medium", "Ireland", "bold, dashing, tenderhearted",
        (3, 3, 5, 3, 3, 4, 3, 3, 3, 3, 2, 3, 4, 4), "irish red terrier"),
    _dog("Norfolk Terrier", "terrier", "small", "England", "fearless, alert, fun-loving",
        (3, 3, 5, 5, 4, 3, 3, 3, 3, 3, 2, 3, 3, 4), "norfolk"),
    _dog("Norwich Terrier", "terrier", "small", "England", "affectionate, alert, curious",
        (3, 3, 5, 4, 3, 4, 3, 3, 3, 3, 2, 3, 3, 4), "norwich"),
    _dog("Yorkshire Terrier", "toy", "tiny", "England", "affectionate, sprightly, tomboyish",
        (4, 4, 5, 5, 5, 5, 4, 3, 5, 4, 5, 3, 3, 4), "yorkie, yorkshire, yorkies"),
    _dog("Wire Fox Terrier", "terrier", "small", "England", "alert, confident, gregarious",
        (5, 3, 3, 3, 4, 4, 4, 4, 3, 4, 2, 3, 4, 5),
        "wire-haired fox terrier, wire fox, fox terrier, wirehaired fox terrier"),
    _dog("Lakeland Terrier", "terrier", "small", "England", "bold, friendly, confident",
        (4, 4, 4, 3, 4, 4, 4, 4, 3, 4, 3, 3, 4, 4), "lakeland, lakie"),
    _dog("Sealyham Terrier", "terrier", "small", "Wales", "alert, outgoing, confident",
        (2, 3, 4, 3, 3, 4, 3, 3, 3, 3, 3, 3, 4, 4), "sealyham"),
    _dog("Airedale Terrier", "terrier", "large", "England", "friendly, clever, courageous",
        (3, 3, 3, 3, 3, 5, 3, 4, 3, 4, 3, 3, 4, 4), "airedale, king of terriers"),
    _dog("Cairn Terrier", "terrier", "small", "Scotland", "alert, cheerful, busy",
        (3, 4, 4, 4, 4, 3, 4, 3, 3, 3, 2, 3, 4, 5), "cairn, toto"),
    _dog("Australian Terrier", "terrier", "small", "Australia",
        "courageous, spirited, affectionate", (3, 4, 5, 3, 3, 5, 4, 3, 4, 3, 2, 3, 3, 4),
        "aussie terrier"),
    _dog("Dandie Dinmont Terrier", "terrier", "small", "Scotland",
        "independent, proud, affectionate", (3, 3, 5, 3, 3, 5, 3, 4, 4, 3, 3, 3, 4, 4),
        "dandie, dandie dinmont"),
    _dog("Boston Terrier", "non_sporting", "small", "United States", "friendly, bright, amusing",
        (4, 4, 5, 5, 5, 3, 2, 2, 4, 3, 2, 4, 3, 2), "boston, boston bull, boston bull terrier"),
    _dog("Miniature Schnauzer", "terrier", "small", "Germany", "friendly, smart, obedient",
        (4, 5, 5, 3, 4, 5, 4, 2, 4, 4, 4, 4, 3, 3), "mini schnauzer, miniature schnauzers"),
    _dog("Giant Schnauzer", "working", "large", "Germany", "loyal, alert, trainable, dominant",
        (4, 5, 3, 3, 4, 5, 3, 3, 3, 5, 4, 3, 3, 4), "giant schnauzers, riesenschnauzer"),
    _dog("Standard Schnauzer", "working", "medium", "Germany", "fearless, smart, spirited",
        (4, 4, 4, 3, 4, 4, 4, 3, 3, 5, 4, 3, 4, 3), "schnauzer, mittelschnauzer"),
    _dog("Scottish Terrier", "terrier", "small", "Scotland", "independent, confident, spirited",
        (3, 3, 4, 2, 2, 5, 3, 5, 3, 3, 3, 3, 5, 4), "scottie, scotch terrier, aberdeen terrier"),
    _dog("Tibetan Terrier", "non_sporting", "medium", "Tibet", "affectionate, sensitive, clever",
        (3, 4, 5, 3, 4, 3, 3, 3, 4, 3, 3, 3, 3, 2), "tsang apso"),
    _dog("Silky Terrier", "toy", "tiny", "Australia", "friendly, quick, alert",
        (4, 3, 4, 3, 4, 5, 4, 3, 4, 3, 4, 3, 3, 4), "silky, australian silky terrier"),
    _dog("Soft Coated Wheaten Terrier", "terrier", "medium", "Ireland",
        "happy, friendly, deeply devoted", (4, 4, 5, 4, 4, 3, 3, 2, 3, 4, 4, 3, 3, 3),
        "wheaten, wheaten terrier, soft-coated wheaten"),
    _dog("West Highland White Terrier", "terrier", "small", "Scotland",
        "loyal, happy, entertaining", (4, 3, 5, 4, 4, 5, 5, 3, 4, 3, 3, 3, 4, 5),
        "westie, westy, west highland terrier"),
    _dog("Lhasa Apso", "non_sporting", "small", "Tibet", "confident, smart, comical",
        (3, 3, 5, 3, 3, 5, 3, 4, 4, 3, 5, 3, 4, 1), "lhasa"),
    _dog("Flat-Coated Retriever", "sporting", "large", "England",
        "optimistic, outgoing, good-humored", (4, 4, 5, 5, 5, 3, 3, 2, 3, 4, 2, 4, 2, 3),
        "flat-coat, flatcoat, flatcoated retriever"),
    _dog("Curly-Coated Retriever", "sporting", "large", "England",
        "confident, proud, wicked smart", (4, 4, 4, 3, 4, 3, 2, 3, 3, 4, 1, 4, 3, 3),
        "curly, curly coat"),
    _dog("Golden Retriever", "sporting", "large", "Scotland", "friendly, intelligent, devoted",
        (4, 5, 5, 5, 4, 3, 1, 1, 3, 4, 2, 5, 2, 3), "golden, goldie, goldens"),
    _dog("Labrador Retriever", "sporting", "large", "Canada", "friendly, active, outgoing",
        (5, 5, 5, 5, 5, 3, 3, 1, 3, 4, 2, 5, 2, 3),
        "lab, labrador, labs, labby, black lab, yellow lab, chocolate lab"),
    _dog("Chesapeake Bay Retriever", "sporting", "large", "United States",
        "affectionate, bright, sensitive", (4, 4, 4, 3, 3, 4, 3, 3, 3, 4, 1, 4, 4, 3),
        "chessie, chesapeake"),
    _dog("German Shorthaired Pointer", "sporting", "large", "Germany",
        "friendly, smart, willing to please", (5, 5, 5, 4, 4, 3, 3, 2, 2, 4, 1, 4, 3, 5),
        "gsp, german short-haired pointer, pointer, shorthaired pointer"),
    _dog("Vizsla", "sporting", "medium", "Hungary", "affectionate, gentle, energetic",
        (5, 5, 5, 4, 5, 3, 3, 1, 2, 5, 1, 4, 2, 4), "hungarian pointer, vizslas"),
    _dog("English Setter", "sporting", "large", "England", "friendly, mellow, merry",
        (3, 3, 5, 4, 4, 3, 2, 2, 3, 4, 3, 4, 3, 4), "laverack setter"),
    _dog("Irish Setter", "sporting", "large", "Ireland", "outgoing, sweet-natured, active",
        (5, 3, 4, 5, 5, 3, 3, 2, 3, 4, 3, 4, 3, 4), "red setter"),
    _dog("Gordon Setter", "sporting", "large", "Scotland", "affectionate, confident, bold",
        (4, 3, 5, 3, 4, 4, 3, 3, 3, 4, 4, 4, 3, 4), "black and tan setter"),
    _dog("Brittany", "sporting", "medium", "France", "bright, fun-loving, upbeat",
        (5, 5, 4, 4, 5, 3, 3, 2, 3, 5, 2, 4, 2, 4), "brittany spaniel, epagneul breton"),
    _dog("Clumber Spaniel", "sporting", "large", "England", "mellow, amusing, gentlemanly",
        (2, 3, 4, 3, 3, 3, 2, 3, 3, 3, 2, 5, 3, 3), "clumber"),
    _dog("English Springer Spaniel", "sporting", "medium", "England",
        "friendly, playful, obedient", (5, 5, 5, 4, 4, 3, 3, 2, 3, 4, 2, 4, 2, 4),
        "springer, english springer, springer spaniel"),
    _dog("Welsh Springer Spaniel", "sporting", "medium", "Wales", "happy, loyal, hardworking",
        (4, 4, 5, 3, 3, 3, 3, 2, 3, 4, 2, 4, 3, 4), "welsh springer, welshie"),
    _dog("Cocker Spaniel", "sporting", "medium", "England", "gentle, smart, happy",
        (3, 4, 5, 4, 4, 3, 3, 2, 4, 3, 4, 4, 3, 3),
        "cocker, american cocker spaniel, english cocker spaniel"),
    _dog("Sussex Spaniel", "sporting", "medium", "England", "friendly, merry, calm",
        (2, 3, 4, 3, 3, 3, 4, 3, 3, 3, 2, 4, 4, 3), "sussex"),
    _dog("Irish Water Spaniel", "sporting", "large", "Ireland", "brave, clownish, intelligent",
        (4, 4, 4, 3, 5, 3, 3, 3, 3, 4, 3, 4, 3, 4), "iws"),
    _dog("Kuvasz", "working", "large", "Hungary", "loyal, courageous, protective, independent",
        (3, 2, 4, 2, 3, 5, 3, 5, 3, 3, 2, 3, 4, 3), "kuvaszok"),
    _dog("Schipperke", "non_sporting", "small", "Belgium", "confident, alert, curious",
        (4, 3, 4, 3, 4, 5, 4, 4, 3, 4, 2, 3, 4, 4), "skipper, little captain"),
    _dog("Belgian Sheepdog", "herding", "large", "Belgium", "bright, watchful, serious-minded",
        (4, 4, 4, 3, 4, 5, 3, 3, 3, 5, 3, 3, 3, 3), "groenendael, belgian shepherd"),
    _dog("Belgian Malinois", "herding", "large", "Belgium", "confident, smart, hardworking",
        (5, 5, 4, 3, 4, 5, 3, 2, 2, 5, 1, 4, 3, 5),
        "malinois, maligator, belgian shepherd malinois"),
    _dog("Briard", "herding", "large", "France", "confident, smart, faithful",
        (4, 4, 5, 3, 3, 5, 3, 3, 3, 4, 4, 3, 4, 3), "berger de brie"),
    _dog("Australian Kelpie", "herding", "medium", "Australia", "alert, eager, intelligent",
        (5, 5, 4, 3, 4, 4, 3, 3, 2, 5, 1, 3, 2, 4), "kelpie, kelpies"),
    _dog("Komondor", "working", "large", "Hungary", "dignified, brave, loyal",
        (3, 3, 4, 2, 3, 5, 3, 4, 3, 3, 5, 3, 4, 2), "mop dog, hungarian sheepdog"),
    _dog("Old English Sheepdog", "herding", "large", "England", "adaptable, gentle, smart",
        (3, 4, 5, 4, 4, 4, 3, 2, 4, 4, 4, 3, 3, 2), "oes, bobtail, sheepdog"),
    _dog("Shetland Sheepdog", "herding", "small", "Scotland", "playful, energetic, bright",
        (4, 5, 5, 2, 5, 5, 5, 2, 4, 4, 3, 3, 2, 3), "sheltie, shelties"),
    _dog("Collie", "herding", "large", "Scotland", "devoted, graceful, proud",
        (3, 4, 5, 3, 4, 5, 3, 2, 3, 4, 3, 3, 2, 3), "rough collie, lassie, smooth collie"),
    _dog("Border Collie", "herding", "medium", "Scotland", "affectionate, smart, energetic",
        (5, 5, 5, 4, 5, 3, 4, 2, 2, 5, 3, 3, 2, 5), "border collies, bc"),
    _dog("Bouvier des Flandres", "herding", "large", "Belgium", "courageous, protective, loyal",
        (3, 4, 4, 3, 3, 5, 3, 3, 3, 4, 3, 3, 4, 3), "bouvier, flanders cattle dog"),
    _dog("Rottweiler", "working", "large", "Germany", "loyal, loving, confident guardian",
        (3, 5, 5, 3, 4, 5, 1, 3, 3, 5, 1, 4, 4, 3), "rottie, rott, rotty"),
    _dog("German Shepherd", "herding", "large", "Germany", "confident, courageous, smart",
        (5, 5, 5, 3, 4, 5, 3, 2, 3, 5, 2, 4, 3, 4),
        "gsd, alsatian, german shepherd dog, german shepard"),
    _dog("Doberman", "working", "large", "Germany", "loyal, fearless, alert",
        (5, 5, 5, 4, 4, 5, 3, 2, 4, 5, 1, 4, 3, 4), "doberman pinscher, dobermann, dobie"),
    _dog("Miniature Pinscher", "toy", "tiny", "Germany", "fearless, fun-loving, proud",
        (5, 3, 4, 3, 4, 5, 5, 4, 4, 3, 1, 3, 5, 4), "min pin, minpin, zwergpinscher"),
    _dog("Greater Swiss Mountain Dog", "working", "giant", "Switzerland",
        "dependable, faithful, family-oriented", (4, 4, 5, 3, 4, 5, 4, 2, 3, 4, 2, 4, 3, 2),
        "swissy, greater swiss"),
    _dog("Bernese Mountain Dog", "working", "giant", "Switzerland", "good-natured, calm, strong",
        (3, 4, 5, 4, 3, 3, 3, 2, 3, 3, 3, 3, 2, 1), "berner, bernese"),
    _dog("Appenzeller Sennenhund", "working", "medium", "Switzerland",
        "lively, high-spirited, reliable", (5, 4, 4, 2, 4, 5, 4, 3, 3, 5, 2, 3, 3, 3),
        "appenzeller, appenzell mountain dog"),
    _dog("Entlebucher Mountain Dog", "herding", "medium", "Switzerland",
        "loyal, smart, enthusiastic", (4, 5, 4, 2, 4, 5, 3, 3, 3, 5, 2, 4, 3, 3),
        "entlebucher, entle, entlebucher sennenhund"),
    _dog("Boxer", "working", "large", "Germany", "fun-loving, bright, active",
        (4, 4, 4, 4, 5, 4, 3, 2, 3, 4, 2, 4, 3, 3), "boxers"),
    _dog("Bullmastiff", "working", "giant", "England", "devoted, protective, reliable",
        (2, 3, 5, 3, 3, 5, 1, 3, 3, 3, 1, 4, 4, 2), "bull mastiff"),
    _dog("Tibetan Mastiff", "working", "giant", "Tibet", "independent, reserved, intelligent",
        (3, 2, 3, 2, 3, 5, 3, 5, 3, 3, 3, 2, 5, 2), "do-khyi, tibetan mastiffs"),
    _dog("French Bulldog", "non_sporting", "small", "France", "adaptable, playful, smart",
        (3, 3, 5, 5, 5, 3, 1, 2, 5, 3, 1, 4, 4, 1), "frenchie, frenchy, french bulldogs"),
    _dog("Great Dane", "working", "giant", "Germany", "friendly, patient, dependable",
        (4, 3, 5, 3, 4, 5, 3, 2, 4, 3, 1, 4, 3, 2), "dane, great danes, deutsche dogge"),
    _dog("Saint Bernard", "working", "giant", "Switzerland", "playful, charming, inquisitive",
        (3, 3, 5, 5, 4, 3, 2, 2, 3, 3, 2, 4, 3, 1), "st bernard, st. bernard, saint bernards"),
    _dog("Canadian Eskimo Dog", "working", "large", "Canada", "loyal, alert, brave",
        (5, 2, 3, 3, 3, 3, 4, 4, 2, 4, 3, 5, 4, 5),
        "eskimo dog, inuit dog, qimmiq, canadian inuit dog"),
    _dog("Alaskan Malamute", "working", "large", "United States", "affectionate, loyal, playful",
        (4, 3, 3, 3, 3, 2, 3, 4, 3, 4, 3, 5, 5, 5), "malamute, mally"),
    _dog("Siberian Husky", "working", "medium", "Siberia", "loyal, mischievous, outgoing",
        (5, 3, 4, 5, 5, 1, 5, 4, 3, 4, 2, 4, 4, 5), "husky, huskies, sibe, siberian"),
    _dog("Dalmatian", "non_sporting", "large", "Croatia", "dignified, smart, outgoing",
        (5, 4, 4, 3, 4, 4, 3, 3, 3, 4, 2, 4, 3, 3), "dal, dalmatians, firehouse dog"),
    _dog("Affenpinscher", "toy", "tiny", "Germany", "confident, famously funny, fearless",
        (3, 3, 3, 4, 4, 4, 3, 4, 4, 3, 2, 3, 4, 3), "affen, monkey terrier"),
    _dog("Basenji", "hound", "medium", "Central Africa", "independent, smart, poised",
        (4, 2, 3, 2, 3, 3, 1, 5, 3, 5, 1, 3, 5, 5), "barkless dog, congo dog"),
    _dog("Pug", "toy", "small", "China", "charming, mischievous, loving",
        (3, 3, 5, 5, 5, 2, 2, 2, 5, 3, 2, 5, 4, 1), "pugs, mops"),
    _dog("Leonberger", "working", "giant", "Germany", "friendly, gentle, playful",
        (3, 4, 5, 4, 4, 4, 3, 2, 4, 3, 3, 3, 3, 2), "leo, leonberg"),
    _dog("Newfoundland", "working", "giant", "Canada", "sweet, patient, devoted",
        (3, 4, 5, 5, 3, 5, 1, 2, 4, 3, 3, 3, 2, 1), "newfie, newf"),
    _dog("Great Pyrenees", "working", "giant", "France", "smart, patient, calm",
        (3, 3, 4, 3, 3, 5, 5, 5, 4, 2, 3, 3, 5, 2),
        "pyr, pyrenean mountain dog, great pyrenees dog"),
    _dog("Samoyed", "working", "medium", "Siberia", "adaptable, friendly, gentle",
        (4, 4, 5, 5, 5, 4, 5, 3, 3, 3, 4, 3, 4, 3), "sammy, samoyeds"),
    _dog("Pomeranian", "toy", "tiny", "Germany", "inquisitive, bold, lively",
        (4, 3, 4, 4, 4, 4, 5, 3, 5, 3, 4, 3, 4, 2), "pom, poms, pomeranians"),
    _dog("Chow Chow", "non_sporting", "medium", "China", "dignified, bright, serious-minded",
        (2, 2, 4, 2, 2, 5, 2, 5, 3, 3, 3, 3, 5, 3), "chow"),
    _dog("Keeshond", "non_sporting", "medium", "Netherlands", "friendly, lively, outgoing",
        (4, 5, 5, 5, 3, 5, 4, 2, 4, 4, 3, 3, 2, 2), "kees, dutch barge dog, wolfspitz"),
    _dog("Brussels Griffon", "toy", "tiny", "Belgium", "loyal, curious, alert",
        (3, 4, 5, 3, 3, 4, 3, 3, 4, 3, 2, 3, 4, 2),
        "griffon, brabancon griffon, griffon bruxellois, brussels griffons"),
    _dog("Pembroke Welsh Corgi", "herding", "small", "Wales", "affectionate, smart, alert",
        (4, 4, 5, 4, 4, 5, 4, 3, 4, 4, 2, 5, 3, 3), "corgi, pembroke, corgis, pembroke corgi"),
    _dog("Cardigan Welsh Corgi", "herding", "small", "Wales", "affectionate, loyal, smart",
        (4, 4, 4, 3, 4, 5, 4, 3, 3, 4, 2, 4, 3, 3), "cardigan, cardi, cardigan corgi"),
    _dog("Toy Poodle", "toy", "tiny", "Germany", "intelligent, proud, alert",
        (4, 5, 5, 4, 4, 4, 4, 2, 4, 5, 5, 3, 2, 2), "toy poodles"),
    _dog("Miniature Poodle", "non_sporting", "small", "Germany", "intelligent, playful, proud",
        (4, 5, 5, 4, 5, 4, 4, 2, 4, 5, 5, 3, 2, 3), "mini poodle, miniature poodles"),
    _dog("Standard Poodle", "non_sporting", "large", "Germany", "proud, smart, active",
        (5, 5, 5, 4, 4, 5, 3, 2, 4, 5, 5, 3, 2, 3), "poodle, poodles, standard poodles, caniche"),
    _dog("Xoloitzcuintli", "non_sporting", "medium", "Mexico", "loyal, alert, calm",
        (3, 4, 5, 2, 3, 5, 3, 3, 4, 4, 1, 3, 3, 3),
        "xolo, mexican hairless, mexican hairless dog, xoloitzquintle"),
    _dog("Mixed Breed", "non_sporting", "medium", "Worldwide", "friendly, adaptable, loyal",
        (3, 3, 4, 3, 3, 3, 3, 3, 4, 3, 3, 4, 3, 3),
        "mixed, mix, mutt, mongrel, rescue, dog, puppy, crossbreed, cross breed"),
    _dog("Dachshund", "hound", "small", "Germany", "friendly, curious, spunky",
        (3, 2, 5, 4, 4, 5, 5, 4, 4, 3, 2, 5, 5, 5),
        "doxie, doxy, dachsie, wiener dog, weiner dog, sausage dog, teckel, dackel"),
    _dog("Australian Shepherd", "herding", "medium", "United States",
        "smart, work-oriented, exuberant", (5, 5, 3, 3, 4, 3, 3, 2, 2, 5, 3, 3, 3, 4),
        "aussie, aussie shepherd, australian shepherds"),
    _dog("Bulldog", "non_sporting", "medium", "England", "friendly, courageous, calm",
        (2, 3, 4, 4, 3, 3, 2, 3, 3, 2, 3, 4, 5, 1), "english bulldog, british bulldog, bulldogs"),
    _dog("Shiba Inu", "non_sporting", "small", "Japan", "bold, spirited, good-natured",
        (4, 2, 3, 2, 3, 5, 3, 5, 3, 3, 2, 3, 5, 5), "shiba, shibe, shibas"),
    _dog("Akita", "working", "large", "Japan", "courageous, dignified, profoundly loyal",
        (4, 3, 3, 2, 3, 5, 2, 5, 3, 4, 3, 3, 5, 4), "akita inu, american akita"),
    _dog("Havanese", "toy", "tiny", "Cuba", "intelligent, outgoing, funny",
        (3, 4, 5, 5, 5, 3, 4, 2, 5, 3, 3, 3, 2, 1), "havanese dog, havana silk dog"),
    _dog("Bichon Frise", "non_sporting", "small", "France", "playful, curious, peppy",
        (4, 4, 5, 5, 4, 2, 3, 2, 5, 3, 5, 3, 3, 1), "bichon, bichon frise dog"),
    _dog("Cane Corso", "working", "giant", "Italy", "affectionate, intelligent, majestic",
        (4, 4, 4, 3, 3, 5, 3, 3, 2, 4, 1, 3, 4, 3), "corso, italian mastiff"),
    _dog("Jack Russell Terrier", "terrier", "small", "England", "alert, energetic, fearless",
        (5, 3, 4, 3, 5, 4, 4, 4, 3, 5, 1, 4, 5, 5),
        "jack russell, jack russel, jrt, parson russell terrier, parson terrier"),
    _dog("Australian Cattle Dog", "herding", "medium", "Australia", "alert, curious, pleasant",
        (5, 4, 4, 2, 4, 4, 2, 4, 3, 5, 1, 3, 4, 5),
        "blue heeler, red heeler, heeler, acd, queensland heeler, cattle dog"),
    _dog("Bull Terrier", "terrier", "medium", "England", "playful, charming, mischievous",
        (4, 3, 4, 4, 4, 3, 3, 3, 3, 4, 2, 4, 5, 3), "english bull terrier"),
    _dog("Greyhound", "hound", "large", "England", "gentle, independent, noble",
        (3, 3, 4, 3, 3, 2, 1, 3, 3, 2, 1, 3, 3, 5), "greyhounds, english greyhound"),
    _dog("Goldendoodle", "sporting", "large", "United States", "friendly, clever, affectionate",
        (4, 4, 5, 5, 5, 3, 2, 2, 3, 4, 3, 4, 2, 3),
        "doodle, groodle, golden doodle, goldendoodles"),
    _dog("Labradoodle", "sporting", "large", "Australia", "friendly, energetic, clever",
        (5, 4, 5, 5, 4, 3, 3, 2, 3, 4, 3, 4, 2, 3), "labradoodles, labra doodle"),
    # Cats: the ImageNet cat classes (281-285) and common breeds.
    _pet("cat", "Domestic Shorthair", "medium", "Worldwide",
        "adaptable, independent, affectionate", (3, 2, 4, 3, 3, 1, 3, 4, 4, 3, 1, 4, 3, 4),
        "cat, cats, dsh, domestic shorthair cat, house cat, housecat, domestic cat, moggy, "
        "moggie, kitty, kitten, alley cat, shorthair"),
    _pet("cat", "Domestic Longhair", "medium", "Worldwide", "calm, affectionate, independent",
        (2, 2, 4, 3, 3, 1, 2, 4, 4, 3, 4, 4, 3, 3),
        "dlh, longhair, long-haired cat, longhaired cat, fluffy cat"),
    _pet("cat", "Tabby", "medium", "Worldwide", "friendly, adaptable, curious",
        (3, 2, 4, 3, 4, 2, 3, 4, 4, 3, 1, 4, 3, 4),
        "tabby cat, tabbies, classic tabby, orange tabby, ginger tabby"),
    _pet("cat", "Mackerel Tabby", "medium", "Worldwide", "bold, curious, independent",
        (4, 2, 3, 3, 4, 2, 3, 4, 4, 3, 1, 4, 3, 5), "tiger cat, tiger-striped cat, striped tabby"),
    _pet("cat", "Persian", "medium", "Iran", "calm, gentle, sweet, placid",
        (1, 1, 4, 2, 2, 1, 1, 3, 3, 1, 5, 3, 3, 1),
        "persian cat, persians, himalayan, himalayan cat"),
    _pet("cat", "Siamese", "medium", "Thailand", "vocal, social, intelligent, demanding",
        (4, 3, 5, 3, 4, 2, 5, 2, 3, 5, 1, 3, 4, 3), "siamese cat, meezer, siamese cats"),
    _pet("cat", "Egyptian Mau", "medium", "Egypt", "loyal, active, reserved with strangers",
        (5, 3, 4, 2, 4, 2, 3, 3, 2, 4, 1, 3, 3, 5), "mau, egyptian cat"),
    _pet("cat", "Maine Coon", "large", "United States", "gentle, friendly, intelligent",
        (3, 3, 5, 4, 4, 2, 3, 2, 4, 4, 3, 4, 2, 4), "maine coon cat, coon cat, maine coons"),
    _pet("cat", "Russian Blue", "medium", "Russia", "gentle, reserved, loyal",
        (3, 3, 4, 1, 3, 1, 2, 3, 2, 3, 1, 3, 3, 3), "russian blue cat, archangel blue"),
    _pet("cat", "Bengal", "medium", "United States", "energetic, confident, curious",
        (5, 4, 3, 3, 5, 2, 4, 3, 3, 5, 1, 3, 4, 5), "bengal cat, bengals"),
    _pet("cat", "Ragdoll", "large", "United States", "docile, affectionate, placid",
        (2, 3, 5, 5, 3, 1, 2, 1, 5, 2, 2, 3, 2, 1), "ragdoll cat, ragdolls, rag doll"),
    _pet("cat", "Sphynx", "medium", "Canada", "extroverted, affectionate, clownish",
        (4, 3, 5, 5, 5, 1, 4, 1, 4, 4, 4, 5, 3, 3), "sphynx cat, sphinx, sphinx cat, hairless cat"),
    _pet("cat", "British Shorthair", "medium", "England", "easygoing, calm, dignified",
        (2, 2, 3, 3, 2, 1, 1, 4, 4, 2, 2, 4, 3, 2), "british shorthair cat, british blue, bsh"),
    _pet("cat", "Scottish Fold", "medium", "Scotland", "sweet, adaptable, placid",
        (2, 3, 5, 4, 3, 1, 1, 2, 5, 3, 2, 3, 2, 2), "scottish fold cat, fold"),
    _pet("cat", "Abyssinian", "medium", "Ethiopia", "active, curious, playful",
        (5, 4, 3, 4, 5, 1, 2, 3, 3, 5, 1, 3, 3, 4), "abyssinian cat, aby"),
    _pet("cat", "Norwegian Forest Cat", "large", "Norway", "friendly, independent, sweet",
        (3, 3, 4, 3, 4, 1, 2, 4, 4, 3, 4, 3, 3, 4), "norwegian forest, wegie, skogkatt"),
    _pet("cat", "Burmese", "medium", "Myanmar", "people-oriented, playful, talkative",
        (4, 3, 5, 4, 5, 1, 3, 1, 4, 4, 1, 4, 3, 2), "burmese cat"),
    # Rabbits: ImageNet 330-332 and common breeds.
    _pet("rabbit", "Domestic Rabbit", "small", "Worldwide", "curious, gentle, social",
        (3, 2, 3, 2, 3, 1, 1, 3, 3, 3, 2, 4, 3, 1),
        "rabbit, rabbits, bunny, bunnies, house rabbit, pet rabbit"),
    _pet("rabbit", "Wood Rabbit", "small", "North America", "wary, alert, quick",
        (4, 1, 1, 1, 2, 1, 1, 5, 2, 2, 1, 4, 3, 1), "cottontail, eastern cottontail, wild rabbit"),
    _pet("rabbit", "Hare", "medium", "Europe", "fast, solitary, alert",
        (5, 1, 1, 1, 3, 1, 1, 5, 2, 2, 1, 3, 4, 1), "hares, jackrabbit, brown hare"),
    _pet("rabbit", "Angora", "small", "Turkey", "gentle, docile, sociable",
        (2, 2, 4, 3, 3, 1, 1, 2, 3, 2, 5, 4, 2, 1), "angora rabbit, english angora, french angora"),
    _pet("rabbit", "Holland Lop", "small", "Netherlands", "friendly, energetic, affectionate",
        (4, 3, 4, 3, 4, 1, 1, 2, 3, 3, 2, 4, 2, 1), "lop, mini lop, lop-eared rabbit"),
    _pet("rabbit", "Netherland Dwarf", "tiny", "Netherlands", "energetic, bold, skittish",
        (4, 2, 2, 2, 4, 1, 1, 4, 2, 3, 1, 3, 4, 1), "dwarf rabbit, netherlands dwarf"),
    _pet("rabbit", "Lionhead", "small", "Belgium", "playful, friendly, gentle",
        (3, 3, 4, 3, 4, 1, 1, 2, 3, 3, 4, 4, 2, 1), "lionhead rabbit, lion head"),
    _pet("rabbit", "Flemish Giant", "medium", "Belgium", "docile, calm, gentle",
        (2, 3, 4, 4, 2, 1, 1, 2, 4, 2, 2, 5, 2, 1), "flemish, flemish giant rabbit, giant rabbit"),
    # Hamsters (333).
    _pet("hamster", "Syrian Hamster", "tiny", "Syria", "solitary, curious, nocturnal",
        (4, 2, 2, 2, 3, 2, 1, 5, 3, 3, 1, 5, 3, 1),
        "hamster, hamsters, golden hamster, teddy bear hamster"),
    _pet("hamster", "Dwarf Hamster", "tiny", "Central Asia", "quick, timid, busy",
        (5, 1, 2, 1, 3, 2, 1, 4, 2, 3, 1, 5, 3, 1),
        "roborovski, robo, winter white, campbell's dwarf, dwarf hamsters"),
    # Guinea pigs (338).
    _pet("guinea_pig", "American Guinea Pig", "small", "South America", "sociable, gentle, vocal",
        (3, 2, 4, 3, 3, 1, 4, 1, 3, 2, 1, 5, 2, 1), "guinea pig, guinea pigs, cavy, cavies"),
    _pet("guinea_pig", "Abyssinian Guinea Pig", "small", "South America",
        "lively, mischievous, vocal", (4, 2, 3, 3, 4, 1, 5, 2, 2, 3, 3, 5, 3, 1),
        "abyssinian cavy, abby guinea pig"),
    _pet("guinea_pig", "Peruvian Guinea Pig", "small", "Peru", "gentle, calm, curious",
        (2, 2, 4, 3, 3, 1, 3, 1, 3, 2, 5, 5, 2, 1), "peruvian cavy"),
    # Horses (339 sorrel) and common breeds.
    _pet("horse", "Quarter Horse", "giant", "United States", "calm, willing, versatile",
        (3, 5, 4, 4, 3, 2, 2, 2, 5, 3, 3, 4, 2, 1),
        "horse, horses, american quarter horse, sorrel horse, mare, gelding, stallion"),
    _pet("horse", "Thoroughbred", "giant", "England", "spirited, sensitive, bold",
        (5, 3, 3, 3, 3, 2, 3, 3, 2, 4, 3, 4, 3, 1), "racehorse, thoroughbred horse"),
    _pet("horse", "Arabian", "giant", "Arabian Peninsula", "intelligent, spirited, loyal",
        (5, 4, 5, 4, 3, 3, 3, 3, 3, 5, 3, 3, 3, 1), "arabian horse, arab"),
    _pet("horse", "Shetland Pony", "large", "Scotland", "clever, stubborn, cheeky",
        (3, 2, 3, 4, 4, 2, 2, 4, 4, 4, 3, 5, 5, 1), "pony, ponies, shetland, sheltie pony"),
    _pet("horse", "Clydesdale", "giant", "Scotland", "gentle, calm, willing",
        (2, 4, 4, 5, 2, 2, 1, 2, 4, 2, 4, 5, 2, 1), "draft horse, draught horse, clydie"),
    # Birds: parrots, poultry, songbirds (see taxonomy) and common cage birds.
    _pet("bird", "Parakeet", "tiny", "Australia", "cheerful, social, chatty",
        (4, 4, 4, 3, 5, 1, 4, 2, 4, 4, 1, 3, 2, 1),
        "budgie, budgies, budgerigar, parakeets, bird, birds, shell parakeet"),
    _pet("bird", "Cockatiel", "small", "Australia", "gentle, affectionate, whistling",
        (3, 4, 5, 3, 4, 1, 4, 2, 4, 3, 2, 3, 2, 1), "tiel, cockatiels"),
    _pet("bird", "Canary", "tiny", "Canary Islands", "cheerful, independent, musical",
        (3, 1, 2, 2, 2, 1, 5, 4, 3, 2, 1, 3, 2, 1), "canaries"),
    _pet("bird", "Lovebird", "tiny", "Africa", "affectionate, feisty, energetic",
        (4, 3, 5, 2, 4, 3, 4, 2, 3, 4, 1, 3, 4, 1), "lovebirds"),
    _pet("bird", "Conure", "small", "South America", "playful, cuddly, loud",
        (5, 4, 5, 3, 5, 2, 5, 2, 3, 4, 1, 4, 3, 1), "sun conure, green-cheeked conure, conures"),
    _pet("bird", "African Grey", "medium", "Central Africa", "intelligent, sensitive, talkative",
        (3, 5, 4, 2, 3, 2, 5, 3, 2, 5, 2, 3, 3, 1),
        "african grey parrot, grey parrot, congo grey, parrot"),
    _pet("bird", "Macaw", "medium", "South America", "bold, loud, intelligent",
        (5, 4, 4, 3, 5, 3, 5, 3, 2, 5, 2, 4, 4, 1),
        "scarlet macaw, blue and gold macaw, hyacinth macaw, macaws"),
    _pet("bird", "Cockatoo", "medium", "Australia", "affectionate, demanding, theatrical",
        (4, 3, 5, 3, 5, 2, 5, 1, 2, 5, 2, 3, 4, 1), "sulphur-crested cockatoo, cockatoos"),
    _pet("bird", "Lorikeet", "small", "Australia", "boisterous, playful, colorful",
        (5, 3, 3, 3, 5, 3, 5, 3, 3, 4, 1, 5, 3, 1), "rainbow lorikeet, lory, lorikeets"),
    _pet("bird", "Chicken", "small", "Southeast Asia", "curious, social, food-driven",
        (3, 3, 3, 3, 2, 3, 4, 3, 4, 2, 1, 5, 3, 2),
        "hen, hens, rooster, cock, chickens, bantam, chook"),
    _pet("bird", "Finch", "tiny", "Worldwide", "social, busy, shy",
        (4, 1, 1, 1, 3, 1, 3, 4, 3, 2, 1, 3, 2, 1),
        "finches, zebra finch, gouldian finch, goldfinch, house finch"),
    _pet("bird", "Songbird", "tiny", "Worldwide", "cheerful, alert, musical",
        (4, 1, 1, 2, 3, 2, 5, 5, 3, 2, 1, 3, 2, 2), "songbirds, robin, sparrow, wren, chickadee"),
    _pet("bird", "Jay", "small", "North America", "bold, noisy, clever",
        (4, 2, 1, 2, 3, 4, 5, 5, 4, 4, 1, 4, 4, 2), "blue jay, jays"),
    _pet("bird", "Magpie", "small", "Europe", "clever, mischievous, bold",
        (4, 3, 2, 2, 4, 3, 4, 5, 5, 5, 1, 4, 4, 2), "magpies"),
    _pet("bird", "Peacock", "medium", "India", "showy, proud, loud",
        (2, 1, 1, 2, 1, 3, 5, 4, 3, 2, 5, 3, 4, 1), "peafowl, peahen, peacocks"),
    _pet("bird", "Quail", "tiny", "Worldwide", "timid, busy, quiet",
        (3, 1, 1, 2, 1, 1, 3, 3, 3, 1, 1, 4, 2, 1), "coturnix quail, quails"),
    _pet("bird", "Toucan", "medium", "South America", "playful, curious, social",
        (4, 2, 3, 3, 5, 2, 3, 3, 2, 4, 2, 5, 3, 2), "toco toucan, toucans"),
    _pet("bird", "Duck", "small", "Worldwide", "sociable, sturdy, curious",
        (3, 2, 3, 3, 3, 2, 4, 3, 4, 2, 2, 5, 3, 1), "ducks, drake, pekin duck, mallard, duckling"),
    _pet("bird", "Goose", "medium", "Worldwide", "bold, protective, loud",
        (3, 2, 3, 1, 2, 5, 5, 4, 3, 2, 2, 4, 5, 1), "geese, gander"),
    # Fish: pond and aquarium fish.
    _pet("fish", "Goldfish", "tiny", "China", "peaceful, social, greedy",
        (3, 2, 2, 3, 3, 1, 1, 3, 4, 2, 1, 5, 2, 1),
        "fish, fishes, fancy goldfish, comet goldfish, pet fish"),
    _pet("fish", "Tench", "small", "Europe", "calm, shy, hardy",
        (2, 1, 1, 1, 1, 1, 1, 4, 4, 1, 1, 4, 3, 2), "doctor fish"),
    _pet("fish", "Koi", "small", "Japan", "sociable, calm, long-lived",
        (2, 3, 3, 4, 2, 1, 1, 2, 4, 2, 1, 5, 2, 1), "koi carp, nishikigoi, carp"),
    _pet("fish", "Betta", "tiny", "Thailand", "territorial, bold, curious",
        (3, 2, 2, 2, 3, 5, 1, 5, 3, 3, 1, 3, 4, 3),
        "betta fish, siamese fighting fish, fighting fish, fighter fish"),
    _pet("fish", "Guppy", "tiny", "South America", "lively, peaceful, social",
        (5, 1, 2, 4, 4, 1, 1, 2, 5, 2, 1, 4, 1, 1), "guppies, millionfish"),
    _pet("fish", "Angelfish", "small", "South America", "graceful, curious, semi-aggressive",
        (2, 2, 2, 2, 2, 4, 1, 4, 3, 2, 1, 4, 3, 3), "freshwater angelfish, angel fish"),
    _pet("fish", "Clownfish", "tiny", "Indo-Pacific", "bold, territorial, social",
        (4, 2, 3, 2, 4, 5, 1, 2, 4, 3, 1, 4, 3, 2), "anemone fish, anemonefish, clown fish, nemo"),
    _pet("fish", "Rock Beauty Angelfish", "small", "Caribbean", "shy, territorial, picky",
        (3, 1, 1, 1, 2, 4, 1, 5, 2, 3, 1, 3, 4, 2), "rock beauty, marine angelfish"),
    _pet("fish", "Eel", "medium", "Worldwide", "secretive, curious, nocturnal",
        (2, 1, 1, 1, 1, 4, 1, 5, 3, 3, 1, 4, 4, 4), "eels, moray, moray eel"),
    _pet("fish", "Sturgeon", "large", "Europe", "calm, gentle, ancient",
        (2, 1, 1, 3, 1, 1, 1, 4, 3, 1, 1, 4, 2, 2), "sturgeons, sterlet"),
    _pet("fish", "Gar", "medium", "North America", "patient, predatory, aloof",
        (1, 1, 1, 1, 1, 2, 1, 5, 4, 2, 1, 3, 3, 5), "longnose gar, alligator gar, garfish"),
    _pet("fish", "Lionfish", "small", "Indo-Pacific", "bold, patient, venomous",
        (2, 1, 1, 2, 1, 3, 1, 5, 3, 2, 1, 5, 3, 5), "turkeyfish, firefish, lion fish"),
    _pet("fish", "Pufferfish", "small", "Tropical seas", "curious, personable, nippy",
        (3, 3, 3, 3, 3, 3, 1, 3, 2, 4, 1, 5, 3, 4), "puffer, puffers, blowfish, puffer fish"),
    # Reptiles and amphibians: turtles, lizards, snakes, salamanders, frogs.
    _pet("reptile", "Bearded Dragon", "small", "Australia", "docile, curious, calm",
        (2, 3, 3, 3, 2, 1, 1, 3, 4, 2, 1, 5, 2, 3),
        "beardie, beardies, pogona, reptile, reptiles, lizard, agama"),
    _pet("reptile", "Gecko", "tiny", "Worldwide", "docile, quiet, nocturnal",
        (2, 2, 2, 2, 2, 1, 1, 4, 4, 2, 1, 4, 2, 3),
        "geckos, leopard gecko, crested gecko, banded gecko"),
    _pet("reptile", "Common Iguana", "medium", "Central America",
        "independent, territorial, aloof", (2, 2, 1, 1, 1, 4, 1, 5, 2, 2, 1, 3, 5, 1),
        "iguana, green iguana, iguanas"),
    _pet("reptile", "Green Anole", "tiny", "United States", "alert, skittish, territorial",
        (3, 1, 1, 1, 2, 3, 1, 5, 3, 2, 1, 3, 3, 4),
        "anole, anoles, american chameleon, carolina anole"),
    _pet("reptile", "Chameleon", "small", "Africa", "solitary, slow, shy",
        (1, 1, 1, 1, 1, 3, 1, 5, 1, 2, 1, 3, 4, 4),
        "chameleons, veiled chameleon, panther chameleon, african chameleon"),
    _pet("reptile", "Whiptail Lizard", "small", "North America", "quick, alert, active",
        (5, 1, 1, 1, 2, 2, 1, 5, 2, 3, 1, 4, 3, 4), "whiptail, racerunner"),
    _pet("reptile", "Frilled Lizard", "medium", "Australia", "dramatic, shy, bold",
        (3, 1, 1, 1, 2, 4, 1, 5, 2, 2, 1, 4, 3, 4),
        "frilled dragon, frill-necked lizard, frillneck"),
    _pet("reptile", "Alligator Lizard", "small", "North America", "feisty, secretive, hardy",
        (3, 1, 1, 1, 1, 4, 1, 5, 3, 2, 1, 4, 4, 4), "alligator lizards"),
    _pet("reptile", "Green Lizard", "small", "Europe", "alert, sun-loving, quick",
        (4, 1, 1, 1, 2, 3, 1, 5, 3, 2, 1, 4, 3, 4), "european green lizard, lacerta"),
    _pet("reptile", "Mud Turtle", "small", "North America", "shy, hardy, secretive",
        (2, 1, 1, 1, 1, 2, 1, 5, 4, 1, 1, 4, 4, 3), "mud turtles"),
    _pet("reptile", "Terrapin", "small", "North America", "active, sun-loving, curious",
        (3, 2, 2, 2, 2, 2, 1, 4, 4, 2, 2, 5, 3, 3),
        "turtle, turtles, red-eared slider, slider, water turtle, terrapins"),
    _pet("reptile", "Box Turtle", "small", "North America", "curious, slow, long-lived",
        (2, 2, 2, 2, 2, 1, 1, 4, 3, 3, 1, 4, 4, 2), "box turtles, eastern box turtle"),
    _pet("reptile", "Tortoise", "medium", "Worldwide", "patient, stubborn, steady",
        (1, 2, 2, 3, 1, 1, 1, 4, 3, 2, 1, 5, 5, 1),
        "tortoises, sulcata, russian tortoise, hermann's tortoise, leopard tortoise"),
    _pet("reptile", "Snake", "small", "Worldwide", "secretive, calm, solitary",
        (2, 1, 1, 1, 1, 2, 1, 5, 3, 2, 1, 3, 3, 4),
        "snakes, ringneck snake, green snake, water snake, night snake, thunder snake"),
    _pet("reptile", "Corn Snake", "small", "United States", "docile, curious, calm",
        (3, 2, 2, 3, 2, 1, 1, 4, 4, 3, 1, 4, 2, 4), "corn snakes, red rat snake, milk snake"),
    _pet("reptile", "Kingsnake", "small", "North America", "bold, active, food-driven",
        (4, 1, 1, 2, 2, 2, 1, 5, 4, 3, 1, 5, 3, 5), "king snake, california kingsnake, kingsnakes"),
    _pet("reptile", "Hognose Snake", "small", "North America", "dramatic, bluffing, docile",
        (2, 1, 2, 2, 2, 4, 2, 4, 3, 2, 1, 3, 4, 3), "hognose, western hognose, hognose snakes"),
    _pet("reptile", "Garter Snake", "small", "North America", "active, curious, nervous",
        (4, 1, 1, 2, 2, 2, 1, 4, 4, 3, 1, 5, 2, 4), "garden snake, gartersnake, garter snakes"),
    _pet("reptile", "Boa Constrictor", "large", "Central America", "calm, strong, patient",
        (2, 2, 2, 3, 1, 2, 1, 4, 4, 2, 1, 4, 3, 4), "boa, boas, red-tailed boa"),
    _pet("reptile", "Python", "medium", "Africa", "docile, shy, calm",
        (1, 2, 2, 3, 1, 2, 1, 4, 4, 2, 1, 3, 4, 4),
        "ball python, royal python, rock python, pythons"),
    _pet("reptile", "Axolotl", "small", "Mexico", "calm, curious, quirky",
        (1, 1, 1, 3, 2, 1, 1, 4, 3, 1, 1, 5, 2, 2), "axolotls, mexican walking fish"),
    _pet("reptile", "Salamander", "small", "Worldwide", "secretive, calm, nocturnal",
        (1, 1, 1, 1, 1, 1, 1, 5, 3, 1, 1, 3, 3, 3),
        "salamanders, fire salamander, spotted salamander, tiger salamander"),
    _pet("reptile", "Newt", "tiny", "Europe", "shy, active, hardy",
        (2, 1, 1, 1, 2, 1, 1, 5, 3, 1, 1, 4, 2, 3),
        "newts, eft, common newt, red eft, fire-bellied newt"),
    _pet("reptile", "Frog", "small", "Worldwide", "patient, vocal, opportunistic",
        (2, 1, 1, 1, 1, 2, 4, 5, 3, 1, 1, 5, 3, 4),
        "frogs, bullfrog, toad, pacman frog, tailed frog"),
    _pet("reptile", "Tree Frog", "tiny", "Worldwide", "nocturnal, agile, vocal",
        (3, 1, 1, 2, 2, 1, 4, 4, 3, 1, 1, 4, 2, 4),
        "tree frogs, white's tree frog, red-eyed tree frog"),
)
# fmt: on


def _normalize(text: str) -> str:
    """Lower-case ``text`` and keep only ASCII letters and digits ("Shih-Tzu" -> "shihtzu")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_only.lower())


#: Trailing words a user may add to a breed name ("Maine Coon cat", "lab mix").
_IGNORED_SUFFIXES: Final[tuple[str, ...]] = (
    "dog", "dogs", "cat", "cats", "puppy", "puppies", "kitten", "kittens",
    "mix", "mixed", "cross", "breed",
)  # fmt: skip


def _candidates(key: str) -> list[str]:
    """``key`` followed by its variants without ignored suffixes or plural endings, nearest first.

    Exact keys are tried before shortened ones, so "Great Pyrenees" never becomes "great pyrenee"
    and "bulldogs" finds "bulldog" before "bull".
    """
    seen = {key}
    ordered = [key]
    queue = deque([key])
    while queue:
        current = queue.popleft()
        variants = [
            current[: -len(suffix)]
            for suffix in _IGNORED_SUFFIXES
            if current.endswith(suffix) and len(current) > len(suffix)
        ]
        if current.endswith("ies") and len(current) > 4:
            variants.append(current[:-3] + "y")
        if current.endswith("es") and len(current) > 3:
            variants.append(current[:-2])
        if current.endswith("s") and len(current) > 2:
            variants.append(current[:-1])
        for variant in variants:
            if variant not in seen:
                seen.add(variant)
                ordered.append(variant)
                queue.append(variant)
    # Fewest characters removed first; ties keep discovery order.
    return sorted(ordered, key=lambda candidate: len(key) - len(candidate))


def _build_index() -> tuple[dict[Species, dict[str, BreedProfile]], dict[str, BreedProfile]]:
    """Map normalised names and aliases to profiles, per species and across species.

    Each pet class's ImageNet label ("basset", "Boston bull") is an extra alias of the
    profile :func:`~petavatar.providers.local.taxonomy.breed_for_class` names for it. A key taken
    by two profiles of one species is a table error and raises; across species the first
    profile in table order wins (dogs, then cats, ...).
    """
    by_name = {profile.name: profile for profile in _PROFILES}
    extra: dict[str, list[str]] = {}
    for index, label in enumerate(IMAGENET_LABELS):
        breed = breed_for_class(index)
        if breed is not None:
            extra.setdefault(breed, []).append(label)
    per_species: dict[Species, dict[str, BreedProfile]] = {species: {} for species in SPECIES}
    anywhere: dict[str, BreedProfile] = {}
    for profile in _PROFILES:
        names = (profile.name, *profile.aliases, *extra.get(profile.name, ()))
        for key in {_normalize(text) for text in names}:
            owner = per_species[profile.species].setdefault(key, profile)
            if owner is not profile:
                raise ValueError(f"{key!r} names both {owner.name} and {profile.name}")
            anywhere.setdefault(key, profile)
    missing = set(extra) - set(by_name)
    if missing:
        raise ValueError(f"breed_for_class names without a profile: {sorted(missing)}")
    return per_species, anywhere


_BY_SPECIES, _ANYWHERE = _build_index()
_DEFAULTS: Final[dict[Species, BreedProfile]] = {
    species: _BY_SPECIES[species][_normalize(name)]
    for species, name in SPECIES_DEFAULT_BREED.items()
}


def known_breeds() -> tuple[BreedProfile, ...]:
    """Every profile in the table: dogs, cats, rabbits, rodents, horses, birds, fish, reptiles."""
    return _PROFILES


def default_profile(species: Species) -> BreedProfile:
    """The generic profile of a species (e.g. "Domestic Shorthair" for cats)."""
    return _DEFAULTS[species]


def _match(table: dict[str, BreedProfile], name: str) -> BreedProfile | None:
    key = _normalize(name)
    if not key:
        return None
    for candidate in _candidates(key):
        profile = table.get(candidate)
        if profile is not None:
            return profile
    return None


def find_breed(name: str) -> BreedProfile | None:
    """The profile a user's breed hint names, of any species, or ``None`` if unknown.

    Matching ignores case, spacing and punctuation, accepts aliases ("gsd", "doxie"),
    and tolerates a trailing "dog"/"cat"/"puppy"/"kitten"/"mix" and plurals.
    """
    return _match(_ANYWHERE, name)


def lookup_breed(species: Species, breed: str | None) -> BreedProfile:
    """The profile for ``breed`` within ``species``, else the species default; never raises.

    A breed of another species ("Siamese" for a dog) also falls back to the default.
    """
    if breed:
        profile = _match(_BY_SPECIES[species], breed)
        if profile is not None:
            return profile
    return _DEFAULTS[species]


def baseline_dimensions(profile: BreedProfile) -> dict[str, float]:
    """The 47 personality dimensions (0–100, canonical order) implied by a profile's facts.

    See the module docstring for the formula; every term comes from :data:`FACT_WEIGHTS`,
    :data:`SPECIES_ADJUSTMENTS`, :data:`GROUP_ADJUSTMENTS` and :data:`SIZE_ADJUSTMENTS`.
    """
    species_adj = SPECIES_ADJUSTMENTS[profile.species]
    group_adj = GROUP_ADJUSTMENTS.get(profile.group, {})
    size_adj = SIZE_ADJUSTMENTS[profile.size]
    result: dict[str, float] = {}
    for dimension in DIMENSIONS:
        weighted = sum(
            weight * (profile.facts[fact] - _TYPICAL_FACT)
            for fact, weight in FACT_WEIGHTS[dimension].items()
        )
        value = (
            _NEUTRAL
            + FACT_SCALE * weighted
            + species_adj.get(dimension, 0.0)
            + group_adj.get(dimension, 0.0)
            + size_adj.get(dimension, 0.0)
        )
        result[dimension] = round(min(100.0, max(0.0, value)), 1)
    return result


def _check_tables() -> None:
    """Fail at import if the weight and adjustment tables name unknown dimensions or facts."""
    if tuple(FACT_WEIGHTS) != DIMENSIONS:
        raise ValueError("FACT_WEIGHTS must list the 47 dimensions in canonical order")
    for dimension, weights in FACT_WEIGHTS.items():
        unknown = set(weights) - set(FACT_KEYS)
        if unknown:
            raise ValueError(f"FACT_WEIGHTS[{dimension!r}] uses unknown facts {unknown}")
    adjustment_tables: list[dict[str, float]] = [
        *SPECIES_ADJUSTMENTS.values(),
        *GROUP_ADJUSTMENTS.values(),
        *SIZE_ADJUSTMENTS.values(),
    ]
    for table in adjustment_tables:
        unknown = set(table) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"adjustment for unknown dimensions {unknown}")
    if set(GROUP_ADJUSTMENTS) != set(DOG_GROUPS):
        raise ValueError("GROUP_ADJUSTMENTS must cover exactly the dog groups")


_check_tables()
