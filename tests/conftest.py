"""Session-wide fixtures: the prepared classifier model is built once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from petavatar.imaging.classifier import ImageClassifier, ModelCache, shared_classifier

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
