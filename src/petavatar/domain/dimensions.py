"""The 47 personality dimensions every pet analysis scores, each 0–100.

The first 36 describe temperament in terms that carry over from animals to
people; the last 11 are "office life" dimensions that make the persona
recognisable at work. The order here is the canonical order everywhere
(vectors, JSON, tables).
"""

from __future__ import annotations

from typing import Final

TEMPERAMENT_DIMENSIONS: Final[tuple[str, ...]] = (
    "confidence",
    "energy_level",
    "sociability",
    "assertiveness",
    "playfulness",
    "curiosity",
    "independence",
    "loyalty",
    "patience",
    "focus",
    "adaptability",
    "stubbornness",
    "friendliness_to_strangers",
    "vocal_expressiveness",
    "calmness",
    "anxiety",
    "dominance",
    "affection",
    "problem_solving",
    "coachability",
    "territoriality",
    "food_motivation",
    "vigilance",
    "gentleness",
    "mischief",
    "dignity",
    "resilience",
    "competitiveness",
    "empathy",
    "routine_orientation",
    "risk_taking",
    "leadership",
    "humor",
    "appearance_consciousness",
    "diplomacy",
    "optimism",
)

OFFICE_DIMENSIONS: Final[tuple[str, ...]] = (
    "would_steal_your_lunch_from_the_fridge",
    "sends_passive_aggressive_emails",
    "actually_reads_the_meeting_agenda",
    "takes_credit_for_group_projects",
    "replies_all_unnecessarily",
    "naps_at_desk",
    "works_the_room_at_happy_hour",
    "meets_deadlines",
    "coffee_dependency",
    "shares_office_snacks",
    "micromanages",
)

DIMENSIONS: Final[tuple[str, ...]] = TEMPERAMENT_DIMENSIONS + OFFICE_DIMENSIONS
DIMENSION_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(DIMENSIONS)}

#: Human-readable phrase for each dimension when it runs high, used in traits and writing.
HIGH_PHRASES: Final[dict[str, str]] = {
    "confidence": "unshakeable self-assurance",
    "energy_level": "boundless energy",
    "sociability": "a people person",
    "assertiveness": "says what needs saying",
    "playfulness": "brings play to every meeting",
    "curiosity": "relentlessly curious",
    "independence": "fiercely independent",
    "loyalty": "loyal to the team",
    "patience": "endless patience",
    "focus": "laser focus",
    "adaptability": "thrives on change",
    "stubbornness": "immovable once decided",
    "friendliness_to_strangers": "never met a stranger",
    "vocal_expressiveness": "vocal in every stand-up",
    "calmness": "calm under pressure",
    "anxiety": "anticipates every risk",
    "dominance": "natural alpha",
    "affection": "warm with everyone",
    "problem_solving": "a born problem solver",
    "coachability": "loves feedback",
    "territoriality": "guards their turf",
    "food_motivation": "motivated by snacks",
    "vigilance": "notices everything",
    "gentleness": "gentle touch",
    "mischief": "a little mischievous",
    "dignity": "regal bearing",
    "resilience": "bounces back fast",
    "competitiveness": "plays to win",
    "empathy": "reads the room",
    "routine_orientation": "lives by the calendar",
    "risk_taking": "bold risk-taker",
    "leadership": "born leader",
    "humor": "office comedian",
    "appearance_consciousness": "always impeccably groomed",
    "diplomacy": "smooths every conflict",
    "optimism": "relentlessly optimistic",
    "would_steal_your_lunch_from_the_fridge": "eyes on your lunch",
    "sends_passive_aggressive_emails": "'per my last email' energy",
    "actually_reads_the_meeting_agenda": "actually reads the agenda",
    "takes_credit_for_group_projects": "presents the team's work as their own",
    "replies_all_unnecessarily": "a reply-all enthusiast",
    "naps_at_desk": "masters the desk nap",
    "works_the_room_at_happy_hour": "works the room at happy hour",
    "meets_deadlines": "never misses a deadline",
    "coffee_dependency": "runs on coffee",
    "shares_office_snacks": "brings snacks for everyone",
    "micromanages": "checks in on every detail",
}

assert len(DIMENSIONS) == 47, "the contract says exactly 47 dimensions"
assert set(HIGH_PHRASES) == set(DIMENSIONS)
