"""Same photo → same persona, byte for byte; different pets → different faces and profiles."""

from __future__ import annotations

import pytest

from petavatar.jobs.pipeline import Pipeline
from petavatar.providers.local.classifier import ImageClassifier
from petavatar.providers.local.provider import LocalProvider
from tests.conftest import SHARED_PETS

pytestmark = pytest.mark.skipif(not SHARED_PETS.exists(), reason="shared fixtures not present")


@pytest.fixture(scope="module")
def pipeline(classifier: ImageClassifier) -> Pipeline:
    return Pipeline(LocalProvider(classifier=classifier))


def test_same_photo_same_everything(pipeline: Pipeline) -> None:
    data = (SHARED_PETS / "pet_04.jpg").read_bytes()
    first, second = pipeline.run(data), pipeline.run(data)
    assert first.analysis == second.analysis
    assert first.career == second.career
    assert first.identity == second.identity
    assert first.avatar.png == second.avatar.png
    assert first.report_card_png == second.report_card_png


def test_different_breeds_get_clearly_different_profiles(pipeline: Pipeline) -> None:
    golden = pipeline.run((SHARED_PETS / "pet_02.jpg").read_bytes())
    chihuahua = pipeline.run((SHARED_PETS / "pet_07.jpg").read_bytes())
    a = golden.analysis.personality_dimensions
    b = chihuahua.analysis.personality_dimensions
    distance = sum((a[k] - b[k]) ** 2 for k in a) ** 0.5
    assert distance > 60, distance
    assert golden.avatar.png != chihuahua.avatar.png
    assert golden.identity.human_name != chihuahua.identity.human_name
