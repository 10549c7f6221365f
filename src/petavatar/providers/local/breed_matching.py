"""One rule for "is this reported breed right?", used by the accuracy tests and bench.

* **strict**: the reported name, not hedged ("mix", "-type"), names the true
  breed: the same profile in the breed table (names and aliases), or one
  normalised name contains the other ("Cocker Spaniel" for "english cocker
  spaniel", "German Shorthaired Pointer" for "german shorthaired").
* **lenient**: strict after dropping the hedge words, or the reported breed and
  the true one are look-alikes of one family in ``data/breed_families.csv``
  (colourpoint cats, blue shorthairs, spitz dogs, bully breeds…); a generic
  "Domestic Shorthair"/"Mixed Breed" counts when the true breed is in the
  generic's family.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from petavatar.domain import breeds
from petavatar.domain.data import read_csv

_DATA_PACKAGE: Final[str] = "petavatar.providers.local.data"
_HEDGES: Final[re.Pattern[str]] = re.compile(r"(?:\s+mix|-type\s+\S+(?:\s+\S+)?|-type)$", re.I)
_MIN_CONTAINED: Final[int] = 8


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _same(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    pa, pb = breeds.find_breed(a), breeds.find_breed(b)
    if pa is not None and pb is not None and pa.name == pb.name:
        return True
    shorter, longer = sorted((ka, kb), key=len)
    return len(shorter) >= _MIN_CONTAINED and shorter in longer


def unhedged(label: str) -> str:
    """``label`` without a trailing "mix" or "-type <species>"."""
    return _HEDGES.sub("", label).strip()


@cache
def families() -> tuple[tuple[str, ...], ...]:
    """The look-alike families of ``data/breed_families.csv``, as member tuples."""
    rows = read_csv("breed_families.csv", _DATA_PACKAGE)
    return tuple(
        tuple(member.strip() for member in row["members"].split(";") if member.strip())
        for row in rows
    )


def strict_match(reported: str, truth: str) -> bool:
    """The reported (unhedged) breed names the true breed."""
    return unhedged(reported) == reported and _same(reported, truth)


def lenient_match(reported: str, truth: str) -> bool:
    """Strict after dropping hedges, or both in one look-alike family."""
    base = unhedged(reported)
    if _same(base, truth):
        return True
    return any(
        any(_same(base, m) for m in members) and any(_same(truth, m) for m in members)
        for members in families()
    )
