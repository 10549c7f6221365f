"""The 47 dimensions and how each one reads in words."""

from __future__ import annotations

from petavatar.domain.dimensions import (
    DIMENSION_INDEX,
    DIMENSIONS,
    OFFICE_DIMENSIONS,
    TEMPERAMENT_DIMENSIONS,
    high_phrases,
    low_phrases,
)


def test_the_contract_has_exactly_47_dimensions() -> None:
    assert len(DIMENSIONS) == 47
    assert len(set(DIMENSIONS)) == 47
    assert (len(TEMPERAMENT_DIMENSIONS), len(OFFICE_DIMENSIONS)) == (36, 11)
    assert [DIMENSION_INDEX[d] for d in DIMENSIONS] == list(range(47))


def test_every_dimension_reads_high_and_low_in_canonical_order() -> None:
    assert tuple(high_phrases()) == DIMENSIONS
    assert tuple(low_phrases()) == DIMENSIONS
    assert all(high_phrases()[d] != low_phrases()[d] for d in DIMENSIONS)
    assert high_phrases()["focus"] == "laser focus"
    assert low_phrases()["risk_taking"] == "never gambles"
