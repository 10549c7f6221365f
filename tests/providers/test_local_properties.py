"""Property tests of the offline provider's analysis on arbitrary pixels.

With a species hint (so nothing is refused), any decodable image must give a
valid analysis: exactly the 47 dimensions, each an integer 0–100, three
dominant traits, named coat colours, and the same result twice.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import SPECIES, PetHints
from petavatar.domain.personality import EXPRESSIONS, POSTURES
from petavatar.providers.local.classifier import ImageClassifier
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import load_image


@pytest.fixture(scope="module")
def provider(classifier: ImageClassifier) -> LocalProvider:
    return LocalProvider(classifier=classifier)


@st.composite
def photos(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(min_value=8, max_value=300))
    height = draw(st.integers(min_value=8, max_value=300))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    smooth = draw(st.booleans())
    rng = np.random.default_rng(seed)
    if smooth:
        base = rng.integers(0, 255, (4, 4, 3), dtype=np.uint8)
        image = Image.fromarray(base).resize((width, height), Image.Resampling.BILINEAR)
    else:
        image = Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, draw(st.sampled_from(["PNG", "JPEG"])))
    return buffer.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=photos(), species=st.sampled_from(SPECIES))
def test_analysis_structure_holds_for_any_image(
    provider: LocalProvider, data: bytes, species: str
) -> None:
    photo = load_image(data)
    result = provider.analyze(photo, PetHints(species=species))  # type: ignore[arg-type]
    analysis = result.value
    assert analysis.species == species
    assert list(analysis.personality_dimensions) == list(DIMENSIONS)
    assert all(
        isinstance(v, int) and 0 <= v <= 100 for v in analysis.personality_dimensions.values()
    )
    assert len(analysis.dominant_traits) == 3
    assert analysis.expression in EXPRESSIONS
    assert analysis.posture in POSTURES
    assert 1 <= len(analysis.coat_colors) <= 2
    assert result.usage.model_calls == 1
    assert provider.analyze(photo, PetHints(species=species)).value == analysis  # type: ignore[arg-type]
