"""Shared fixtures: the prepared classifier (built once per run) and schema-valid domain values."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.providers.local.classifier import ImageClassifier, ModelCache, shared_classifier
from tests.support.builders import make_analysis, make_career, make_identity

# Property tests check properties, not speed: a busy machine must not fail them.
settings.register_profile("petavatar", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("petavatar")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_PETS = PROJECT_ROOT.parent / "shared" / "fixtures" / "pets"


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model-cache")
    ModelCache(path).ensure()
    return path


@pytest.fixture(scope="session")
def classifier(model_cache_dir: Path) -> ImageClassifier:
    return shared_classifier(model_cache_dir)


@pytest.fixture
def analysis() -> PetAnalysis:
    return make_analysis()


@pytest.fixture
def career() -> CareerProfile:
    return make_career()


@pytest.fixture
def identity() -> IdentityPackage:
    return make_identity()
