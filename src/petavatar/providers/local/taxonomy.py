"""ImageNet-1k class knowledge for the offline species and breed classifier.

The offline provider runs an EfficientNet-Lite0 ImageNet classifier, whose 1000
outputs follow the standard ImageNet-1k index order (0 = tench ... 999 = toilet
tissue). This module says, for each of those classes, what it is called, which
pet species it stands for (if any) and which breed profile in
:mod:`petavatar.domain.breeds` it corresponds to. The table is data that ships
with this provider, ``data/imagenet_classes.csv`` (columns ``index, label,
species, breed``), loaded and checked on first use.

Species decisions, and why:

* **dog** 151–268: every domestic dog breed class. 269–280 (wolves, coyote,
  dingo, dhole, African hunting dog, hyena, foxes) are wild canids, not pets.
* **cat** 281–285: the five domestic cat classes. 286–293 are big cats.
* **rabbit** 330–332 (wood rabbit, hare, Angora): pet rabbit photos land in all
  three. **hamster** 333, **guinea_pig** 338, **horse** 339 (sorrel).
  603 "horse cart" is a vehicle, not a horse photo.
* **bird**: domestic poultry (7 cock, 8 hen, 97 drake, 99 goose, 85 quail,
  84 peacock), cage birds (87–90 parrots, 96 toucan) and small garden songbirds
  (10–20): ImageNet has no budgerigar or canary class, so small pet birds are
  classified as finches and other songbirds — or, on real photos, as wild
  look-alikes (a budgie as a kite). So every bird class (7–24, 80–100,
  127–146) counts as evidence for "bird"; classes that are not pet birds
  (ostrich, raptors, owls, game birds, waders, sea birds) get the generic pet
  bird breed, "Parakeet" (the bird default of the domain's breed table).
* **fish**: tench and goldfish (0, 1) and the aquarium/pond fish 390 and
  392–397 (eel, rock beauty, anemone fish, sturgeon, gar, lionfish, puffer).
  Sharks and rays (2–6) and the food/game fish barracouta (389) and coho (391)
  are not pets.
* **reptile**: freshwater and box turtles (35–37), the pet-trade lizards (38–44,
  46–47), the non-venomous snakes (52–58, 60–62). Sea turtles (33–34),
  Gila monster (45), Komodo dragon, crocodilians and triceratops (48–51), the
  rear-fanged vine snake (59) and venomous snakes (63–68) are not pets.
  Amphibians (25–32: salamanders, newts, axolotl, frogs) are kept in vivaria
  like reptiles and have no species of their own, so they map to **reptile**
  as the nearest pet category.
* every other class (objects, food, scenery, wild mammals, invertebrates)
  maps to ``None``: the photo shows no supported pet. A few of them are
  nevertheless *evidence* for a species (column ``evidence``): a horse cart or
  a zebra is seen on horse photos, so their mass counts towards "horse" without
  ever naming a breed.

Column ``prior`` weighs a pet class by how commonly that breed is kept (public
registration rankings, in three tiers: 1 common, 0.5 uncommon, 0.25 rare):
ImageNet was trained with every class equally likely, but a pet photo is far
more often a Siberian Husky than a Canadian Eskimo Dog, so the breed decision
multiplies each class's probability by its prior before ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import Annotated, Final

import numpy as np
import numpy.typing as npt
from pydantic import Field, ValidationError, model_validator

from petavatar.domain.breeds import known_breeds
from petavatar.domain.data import read_csv
from petavatar.domain.models import SPECIES, Frozen, Species

__all__ = [
    "NUM_CLASSES",
    "ImageNetClass",
    "aggregate_species",
    "animal_class_mask",
    "breed_for_class",
    "class_priors",
    "classes_for_species",
    "describe_class",
    "imagenet_classes",
    "imagenet_labels",
    "parse_classes",
    "pet_class_mask",
    "species_for_class",
]

NUM_CLASSES: Final[int] = 1000
#: ImageNet-1k orders its classes by WordNet: indices below this are animals.
ANIMAL_CLASSES_END: Final[int] = 398

#: The package and file holding the class table.
_DATA_PACKAGE: Final[str] = "petavatar.providers.local.data"
_CLASSES_FILE: Final[str] = "imagenet_classes.csv"


class ImageNetClass(Frozen):
    """One row of ``data/imagenet_classes.csv``: a class, its label and the pet it stands for.

    ``label`` is the standard ImageNet-1k class name (the first WordNet synonym of the
    synset, underscores as spaces, as in Keras' ``imagenet_class_index.json``;
    134/517 "crane" and 638/639 "maillot" are genuinely duplicated). ``species`` and
    ``breed`` are both empty for a class that is no supported pet, and both set for one
    that is: ``breed`` is the display breed (a breed profile of that species).
    """

    index: Annotated[int, Field(ge=0, lt=NUM_CLASSES)]
    label: Annotated[str, Field(min_length=1, pattern=r"^[^_\s](?:[^_]*[^_\s])?$")]
    species: Species | None
    breed: Annotated[str, Field(min_length=1)] | None
    prior: Annotated[float, Field(gt=0, le=1)] | None = None
    evidence: Species | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty_cells_are_none(cls, row: object) -> object:
        if isinstance(row, dict):
            return {key: (value if value != "" else None) for key, value in row.items()}
        return row

    @model_validator(mode="after")
    def _breed_iff_species(self) -> ImageNetClass:
        if (self.species is None) != (self.breed is None):
            raise ValueError(f"class {self.index}: a pet class needs both species and breed")
        if (self.species is None) != (self.prior is None):
            raise ValueError(f"class {self.index}: a pet class, and only one, has a prior")
        if self.species is not None and self.evidence is not None:
            raise ValueError(f"class {self.index}: a pet class is evidence for its own species")
        return self


def parse_classes(rows: Sequence[Mapping[str, str]]) -> tuple[ImageNetClass, ...]:
    """The classes of ``data/imagenet_classes.csv`` rows, checked as a whole.

    Every index appears once, in order, and every breed is a profile of its species
    in the domain's breed table; anything else raises ``ValueError``.
    """
    try:
        classes = tuple(ImageNetClass.model_validate(row) for row in rows)
    except ValidationError as error:
        raise ValueError(f"{_CLASSES_FILE}: {error}") from None
    if [row.index for row in classes] != list(range(NUM_CLASSES)):
        raise ValueError(f"{_CLASSES_FILE} must list classes 0..{NUM_CLASSES - 1} in order")
    profiles = {(profile.species, profile.name) for profile in known_breeds()}
    unknown = sorted(
        f"{row.index} {row.breed} ({row.species})"
        for row in classes
        if row.species is not None and (row.species, row.breed) not in profiles
    )
    if unknown:
        raise ValueError(f"{_CLASSES_FILE} names breeds without a profile: {unknown}")
    return classes


@cache
def imagenet_classes() -> tuple[ImageNetClass, ...]:
    """The 1,000 classes in index order, loaded and checked once from the package data."""
    return parse_classes(read_csv(_CLASSES_FILE, _DATA_PACKAGE))


@cache
def imagenet_labels() -> tuple[str, ...]:
    """The standard ImageNet-1k class names in index order (0 = tench ... 999 = toilet tissue)."""
    return tuple(row.label for row in imagenet_classes())


@cache
def _classes_by_species() -> Mapping[Species, tuple[int, ...]]:
    by_species: dict[Species, list[int]] = {species: [] for species in SPECIES}
    for row in imagenet_classes():
        if row.species is not None:
            by_species[row.species].append(row.index)
    return MappingProxyType({species: tuple(indices) for species, indices in by_species.items()})


@cache
def _species_index_arrays() -> Mapping[Species, npt.NDArray[np.intp]]:
    """Per species, its own classes plus the non-pet classes that are evidence for it."""
    evidence: dict[Species, list[int]] = {species: [] for species in SPECIES}
    for row in imagenet_classes():
        if row.evidence is not None:
            evidence[row.evidence].append(row.index)
    return MappingProxyType(
        {
            species: np.array([*indices, *evidence[species]], dtype=np.intp)
            for species, indices in _classes_by_species().items()
        }
    )


@cache
def class_priors() -> npt.NDArray[np.float64]:
    """A read-only array of each class's pet prior (1 for classes that are not pets)."""
    priors = np.array([row.prior or 1.0 for row in imagenet_classes()], dtype=np.float64)
    priors.setflags(write=False)
    return priors


@cache
def animal_class_mask() -> npt.NDArray[np.bool_]:
    """``True`` for the animal classes of ImageNet-1k (0–397: fish to mammals)."""
    mask = np.zeros(NUM_CLASSES, dtype=bool)
    mask[:ANIMAL_CLASSES_END] = True
    mask.setflags(write=False)
    return mask


@cache
def pet_class_mask() -> npt.NDArray[np.bool_]:
    """A read-only boolean array over the classes: ``True`` where the class is a pet."""
    mask = np.array([row.species is not None for row in imagenet_classes()])
    mask.setflags(write=False)
    return mask


def _check_index(index: int) -> int:
    """Return ``index`` if it is a valid ImageNet-1k class index, else raise ``ValueError``."""
    if not 0 <= index < NUM_CLASSES:
        raise ValueError(f"ImageNet class index must be 0..{NUM_CLASSES - 1}, got {index}")
    return index


def species_for_class(index: int) -> Species | None:
    """The pet species an ImageNet class stands for, or ``None`` if it is not a pet."""
    return imagenet_classes()[_check_index(index)].species


def breed_for_class(index: int) -> str | None:
    """The display breed (Title Case) for a pet class, or ``None`` for a class with no species.

    Every returned name is a breed profile of the class's species in
    :mod:`petavatar.domain.breeds` (checked when the table loads).
    """
    return imagenet_classes()[_check_index(index)].breed


def describe_class(index: int) -> str:
    """The plain ImageNet label of a class, for messages such as "this looks like a sports car"."""
    return imagenet_classes()[_check_index(index)].label


def classes_for_species(species: Species) -> tuple[int, ...]:
    """All class indices that stand for ``species``, ascending."""
    return _classes_by_species()[species]


def aggregate_species(probabilities: Sequence[float] | np.ndarray) -> dict[Species, float]:
    """Sum the softmax probability of every class per species.

    ``probabilities`` holds one value per ImageNet class (1000 values). The result
    has every species as a key, in :data:`~petavatar.domain.models.SPECIES` order;
    what does not sum to 1 across species is the probability of "no pet". A
    species' sum includes the non-pet classes marked as evidence for it.
    """
    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.shape != (NUM_CLASSES,):
        raise ValueError(f"expected {NUM_CLASSES} class probabilities, got shape {probs.shape}")
    return {
        species: float(probs[indices].sum()) for species, indices in _species_index_arrays().items()
    }
