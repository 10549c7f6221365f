"""Species and breed decisions from the classifier's probabilities and the photo's coat cues.

Species: the probabilities of every class of a species are summed (plus the
non-pet classes that are evidence for it, :mod:`taxonomy`). Species covered by
many fine-grained classes (118 dog breeds) gather diffuse mass on any
unfamiliar animal, species with one class (a horse) gather it on that class
only, so the species are ranked by ``mass / (classes / 1000) ** CLASS_COUNT_GAMMA``
— a class-count prior. A photo is accepted when the best species holds enough
mass on its own, or when animal classes together clearly beat every object
class and pets hold a fair part of that animal mass (a fish in a planted tank:
"hummingbird", "lorikeet", "goldfish"… each small, together an animal).

Breed: dog and other classes are ranked by probability × the class prior (how
commonly the breed is kept). A confident class names the breed; a weaker one
gives "<breed> mix" (dogs) or "<breed>-type <species>"; a very weak dog
reading is a "Mixed Breed". Reptiles are named from reptile classes only: amphibian classes
count as vivarium evidence for the species but never name a reptile "Frog".
Cats: ImageNet's five cat classes cannot name most breeds, so the breed is
read from the coat cues (:class:`~petavatar.providers.local.photo_reading.CoatCues`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from petavatar.domain import breeds
from petavatar.domain.models import Species
from petavatar.providers.local import taxonomy
from petavatar.providers.local.photo_reading import CoatCues

CLASS_COUNT_GAMMA: Final[float] = 0.5
#: A species with this much mass is accepted outright.
MIN_SPECIES_MASS: Final[float] = 0.30
#: Or with this much when it beats the strongest non-pet class by WEAK_MARGIN.
WEAK_SPECIES_MASS: Final[float] = 0.15
WEAK_MARGIN: Final[float] = 2.5
#: Or when the animal classes hold this much, beat every object class by
#: ANIMAL_MARGIN and pets hold at least PET_SHARE of the animal mass.
MIN_ANIMAL_MASS: Final[float] = 0.25
ANIMAL_MARGIN: Final[float] = 2.0
PET_SHARE: Final[float] = 0.4
#: ...and when that animal mass is focused: the strongest animal class holds at least
#: ANIMAL_FOCUS times its even share of the animal mass. Mass spread thinly over
#: hundreds of animal classes is the classifier's noise on an object photo (a rocket
#: gives its best animal class 0.002 of 0.26), not an animal it cannot name.
ANIMAL_FOCUS: Final[float] = 8.0
#: Breed confidence (after priors, within the species) to name a breed outright.
CONFIDENT_BREED: Final[float] = 0.45
#: Below CONFIDENT_BREED, the breed is given as a mix or a type ("Beagle mix",
#: "Parakeet-type bird"); a dog below GENERIC_BREED is a "Mixed Breed".
GENERIC_BREED: Final[float] = 0.05
#: A top class below this probability lowers the breed confidence proportionally.
CLEAR_CLASS: Final[float] = 0.15
#: Classes 25–32 are amphibians (mapped to "reptile" as vivarium animals).
AMPHIBIAN_CLASSES: Final[range] = range(25, 33)


@dataclass(frozen=True)
class SpeciesDecision:
    """The chosen species (or ``None``: no pet) and its summed probability."""

    species: Species | None
    mass: float
    masses: dict[Species, float]


@dataclass(frozen=True)
class BreedReading:
    """The reported breed, its profile name (for temperament facts) and confidence."""

    label: str
    profile: str
    confidence: float


def decide_species(probabilities: npt.NDArray[np.float64]) -> SpeciesDecision:
    """Pick the species by class-count-corrected mass, or ``None`` when no pet is likely."""
    masses = taxonomy.aggregate_species(probabilities)
    scores = {
        species: mass
        / (max(1, len(taxonomy.classes_for_species(species))) / 1000) ** CLASS_COUNT_GAMMA
        for species, mass in masses.items()
    }
    best = max(scores, key=lambda s: scores[s])
    mass = masses[best]
    pets = taxonomy.pet_class_mask()
    animals = taxonomy.animal_class_mask()
    strongest_non_pet = float(probabilities[~pets].max())
    animal_mass = float(probabilities[animals].sum())
    strongest_object = float(probabilities[~animals].max())
    pet_mass = float(sum(masses.values()))
    accepted = (
        mass >= MIN_SPECIES_MASS
        or (mass >= WEAK_SPECIES_MASS and mass >= WEAK_MARGIN * strongest_non_pet)
        or (
            animal_mass >= MIN_ANIMAL_MASS
            and animal_mass >= ANIMAL_MARGIN * strongest_object
            and pet_mass >= PET_SHARE * animal_mass
            and float(probabilities[animals].max())
            >= ANIMAL_FOCUS * animal_mass / max(1, int(animals.sum()))
        )
    )
    return SpeciesDecision(best if accepted else None, mass, masses)


def _ranked_classes(
    species: Species, probabilities: npt.NDArray[np.float64]
) -> list[tuple[int, float]]:
    """The species' breed-naming classes with prior-weighted, renormalised probabilities."""
    indices = [
        i
        for i in taxonomy.classes_for_species(species)
        if not (species == "reptile" and i in AMPHIBIAN_CLASSES)
    ]
    if not indices:
        return []
    weighted = probabilities[indices] * taxonomy.class_priors()[indices]
    total = float(weighted.sum()) or 1.0
    order = np.argsort(-weighted, kind="stable")
    return [(indices[int(k)], float(weighted[k]) / total) for k in order]


def _hedged(species: Species, breed: str, confidence: float) -> str:
    if confidence >= CONFIDENT_BREED:
        return breed
    if species == "dog":
        return f"{breed} mix"
    return f"{breed}-type {species.replace('_', ' ')}"


def read_breed(
    species: Species,
    probabilities: npt.NDArray[np.float64],
    coat: CoatCues | None = None,
) -> BreedReading:
    """The breed to report for ``species``: named, hedged as a mix/type, or generic."""
    if species == "cat":
        return read_cat_breed(probabilities, coat)
    ranked = _ranked_classes(species, probabilities)
    generic = breeds.default_profile(species).name
    if not ranked:
        return BreedReading(generic, generic, 0.0)
    index, share = ranked[0]
    breed = taxonomy.breed_for_class(index) or generic
    confidence = share * min(1.0, float(probabilities[index]) / CLEAR_CLASS)
    if confidence < GENERIC_BREED and species == "dog":
        return BreedReading(generic, generic, confidence)
    return BreedReading(_hedged(species, breed, confidence), breed, confidence)


#: Single-pixel lightness detail above which a warm coat reads as ticked.
TICKED_DETAIL: Final[float] = 0.3
#: Dog classes a hairless cat is classified as (ImageNet has no hairless cat).
HAIRLESS_DOG_CLASSES: Final[list[int]] = [158, 268]


def _cat_shares(probabilities: npt.NDArray[np.float64]) -> dict[str, float]:
    """The five cat classes' probabilities renormalised among themselves, by short name."""
    indices = taxonomy.classes_for_species("cat")
    total = float(probabilities[list(indices)].sum()) or 1.0
    return {
        CAT_CLASS_NAMES[i]: float(probabilities[i]) / total for i in indices if i in CAT_CLASS_NAMES
    }


#: Short names of the five ImageNet cat classes.
CAT_CLASS_NAMES: Final[dict[int, str]] = {
    281: "tabby",
    282: "tiger",
    283: "persian",
    284: "siamese",
    285: "egyptian",
}


def read_cat_breed(probabilities: npt.NDArray[np.float64], coat: CoatCues | None) -> BreedReading:
    """A cat's breed (or type) from the coat cues, helped by the five cat classes."""
    share = _cat_shares(probabilities)
    cat_mass = float(probabilities[list(taxonomy.classes_for_species("cat"))].sum())
    hairless = float(probabilities[HAIRLESS_DOG_CLASSES].sum())
    if coat is None:
        return BreedReading("Domestic Shorthair", "Domestic Shorthair", 0.0)
    name, confidence = cat_breed_from_cues(
        share, coat, hairless=hairless / max(hairless + cat_mass, 1e-9)
    )
    return BreedReading(name, name, round(confidence, 4))


def cat_breed_from_cues(
    share: dict[str, float], coat: CoatCues, *, hairless: float
) -> tuple[str, float]:
    """The decision table for cats, most distinctive cue first; returns (breed, confidence).

    * hairless: the photo's dog evidence is a hairless dog class → Sphynx.
    * colour points: the Siamese class leads → Siamese.
    * long coat (the Persian class leads): pale → Ragdoll, patterned → Maine
      Coon, else Persian.
    * solid black → Bombay; solid blue-grey (low chroma, cool, no pattern) →
      British Shorthair when the face reads round (Persian class above the
      Egyptian one), Russian Blue when slim.
    * spotted or ticked short coat (the Egyptian class leads): a cool silver
      ground → Egyptian Mau; a warm ground with strong, isotropic marks
      (spots, rosettes) → Bengal; a warm ground with fine-grained detail (each
      hair banded) → Abyssinian (ticked); a plain warm tabby stays domestic.
    * anything else → Domestic Shorthair (tabby or not), not a guessed pedigree.
    """
    if hairless >= 0.5:
        return "Sphynx", hairless
    if share["siamese"] >= 0.5:
        return "Siamese", share["siamese"]
    leader = max(share, key=lambda k: share[k])
    if leader == "persian":
        return _long_coat(share, coat)
    if coat.dark_share >= 0.6 and coat.chroma < 0.15:
        return "Bombay", coat.dark_share
    if coat.chroma < 0.2 and coat.warmth < 0.1 and coat.pattern < 0.45:
        blue = "British Shorthair" if share["persian"] >= share["egyptian"] else "Russian Blue"
        return blue, 0.5
    if leader == "egyptian":
        marked = _marked_coat(share, coat)
        if marked is not None:
            return marked
    if share["persian"] >= 0.15 and coat.pattern >= 0.5:
        return "Maine Coon", share["persian"]
    return "Domestic Shorthair", 0.5


def _long_coat(share: dict[str, float], coat: CoatCues) -> tuple[str, float]:
    if coat.light_share >= 0.6:
        return "Ragdoll", share["persian"] * coat.light_share
    if coat.pattern >= 0.5:
        return "Maine Coon", share["persian"] * 0.5
    return "Persian", share["persian"]


def _marked_coat(share: dict[str, float], coat: CoatCues) -> tuple[str, float] | None:
    if coat.chroma < 0.15 and coat.pattern >= 0.45:
        return "Egyptian Mau", share["egyptian"]
    if coat.warmth >= 0.4 and coat.pattern >= 0.5 and coat.coherence < 0.54:
        return "Bengal", share["egyptian"] * 0.8
    if coat.warmth >= 0.4 and coat.fine_detail >= TICKED_DETAIL:
        return "Abyssinian", share["egyptian"] * 0.8
    return None
