"""The stored career calibration is the one today's tables give (and is used only then)."""

from __future__ import annotations

import numpy as np
import pytest

from petavatar.domain import careers


def test_the_stored_calibration_is_made_from_todays_tables() -> None:
    stored = careers._stored_calibration()
    assert stored is not None, "stale: run .venv/bin/python scripts/calibrate_careers.py"
    for kept, fresh in zip(stored, careers.compute_calibration(), strict=True):
        np.testing.assert_allclose(kept, fresh, rtol=0, atol=1e-9)


def test_a_stale_calibration_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(careers, "calibration_inputs_digest", lambda: "edited tables")
    assert careers._stored_calibration() is None
