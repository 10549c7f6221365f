"""One rule for "is this reported breed right?", used by the accuracy tests and bench.

* **strict**: the breed named (top-1; a hedge such as "mix" or "-type <species>"
  says how sure we are, not which breed) is the true breed: the same profile in
  the breed table (names and aliases), or one normalised name contains the
  other ("Cocker Spaniel" for "english cocker spaniel", "German Shorthaired
  Pointer" for "german shorthaired").
* **lenient**: strict, or the reported breed and the true one are look-alikes
  of one family in ``data/breed_families.csv`` (colourpoint cats, blue
  shorthairs, spitz dogs, bully breeds…); a generic "Domestic Shorthair" counts
  when the true breed is in its family (American Shorthair, Manx…).
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
    """The breed named (hedge words dropped) is the true breed."""
    return _same(unhedged(reported), truth)


def lenient_match(reported: str, truth: str) -> bool:
    """Strict, or the named breed and the true one in one look-alike family."""
    base = unhedged(reported)
    if _same(base, truth):
        return True
    return any(
        any(_same(base, m) for m in members) and any(_same(truth, m) for m in members)
        for members in families()
    )
