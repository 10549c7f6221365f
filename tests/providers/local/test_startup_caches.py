"""What the offline provider remembers between processes so a start stays cheap.

The final layer's weights beside the ONNX graph, the weights file's digest,
and the mark that the packaged DiceBear style passed its schema check: each
must give exactly what the slow path gives, and be redone when it is missing
or no longer matches.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from dicebear import Avatar, Style

from petavatar.providers.local import avatar
from petavatar.providers.local.classifier import ImageClassifier, ModelCache, fc_weight_path


@pytest.fixture
def copied_model(tmp_path: Path, model_cache_dir: Path) -> Path:
    source = ModelCache(model_cache_dir).ensure()
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def test_fc_weight_beside_the_model_equals_the_graphs_initializer(copied_model: Path) -> None:
    assert not fc_weight_path(copied_model).exists()
    from_graph = ImageClassifier(copied_model).fc_weight()
    sidecar = fc_weight_path(copied_model)
    assert sidecar.exists()
    from_sidecar = ImageClassifier(copied_model).fc_weight()
    assert from_graph.shape == (1000, 1280) and from_graph.dtype == np.float32
    assert np.array_equal(from_graph, from_sidecar)


def test_a_damaged_fc_weight_file_is_rebuilt(copied_model: Path) -> None:
    expected = ImageClassifier(copied_model).fc_weight()
    fc_weight_path(copied_model).write_bytes(b"not an npy file")
    assert np.array_equal(ImageClassifier(copied_model).fc_weight(), expected)
    assert np.array_equal(np.load(fc_weight_path(copied_model)), expected)


def test_prepare_writes_the_fc_weight_beside_a_new_model(model_cache_dir: Path) -> None:
    path = ModelCache(model_cache_dir).ensure()
    assert fc_weight_path(path).exists()


def test_weights_digest_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    weights = tmp_path / "weights.pth"
    weights.write_bytes(b"first weights")
    cache = ModelCache(tmp_path / "cache", weights)
    digest = cache.weights_digest()
    assert digest == hashlib.sha256(b"first weights").hexdigest()[:16]
    stamps = list((tmp_path / "cache").glob("efficientnet-lite0-weights-*.json"))
    assert len(stamps) == 1
    assert json.loads(stamps[0].read_text())["digest"] == digest
    assert cache.weights_digest() == digest

    weights.write_bytes(b"other weights, other size")
    assert cache.weights_digest() == hashlib.sha256(b"other weights, other size").hexdigest()[:16]

    weights.write_bytes(b"third weights")
    os.utime(weights, ns=(1, 1))
    assert cache.weights_digest() == hashlib.sha256(b"third weights").hexdigest()[:16]


def test_a_read_only_cache_still_gives_the_digest(tmp_path: Path) -> None:
    weights = tmp_path / "weights.pth"
    weights.write_bytes(b"weights")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would be")
    digest = ModelCache(blocker / "cache", weights).weights_digest()
    assert digest == hashlib.sha256(b"weights").hexdigest()[:16]


def _packaged_definition() -> dict[str, object]:
    raw = (importlib.resources.files("dicebear_styles") / f"{avatar.STYLE_NAME}.json").read_text()
    definition: dict[str, object] = json.loads(raw)
    return definition


def test_prevalidated_style_is_the_validated_style() -> None:
    validated = Style(_packaged_definition())
    fast = avatar.prevalidated_style(_packaged_definition())
    assert vars(fast) == vars(validated)
    for seed in ("a", "b", "0123456789abcdef"):
        options = {"seed": seed}
        assert Avatar(fast, options).to_string() == Avatar(validated, options).to_string()


def test_style_is_checked_once_then_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[int] = []
    original = avatar.prevalidated_style

    def counting(definition: dict[str, object]) -> Style:
        checked.append(1)
        return original(definition)

    monkeypatch.setattr(avatar, "prevalidated_style", counting)
    first = avatar._load_style(tmp_path)
    assert checked == [] and len(list(tmp_path.glob("dicebear-*.validated"))) == 1
    second = avatar._load_style(tmp_path)
    assert checked == [1]
    assert vars(first) == vars(second)


def test_style_marker_depends_on_the_definition(tmp_path: Path) -> None:
    raw = (importlib.resources.files("dicebear_styles") / f"{avatar.STYLE_NAME}.json").read_bytes()
    marker = avatar._validated_marker(tmp_path, raw)
    assert marker != avatar._validated_marker(tmp_path, raw + b" ")
    assert marker.parent == tmp_path
