"""The onnxruntime graphs must reproduce the reference PyTorch networks' logits.

``tests/data/reference_logits*.json`` (Lite0, Lite1, Lite2) were produced by
``scripts/reference_logits.py`` with torch 2.13.0 and ``efficientnet-lite-pytorch``;
CI needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from petavatar.providers.local.classifier import preprocess, shared_classifier
from tests.conftest import PROJECT_ROOT, SHARED_PETS

PETS = SHARED_PETS
CASES = [
    (document["model"], document.get("size", 224), entry)
    for path in sorted((PROJECT_ROOT / "tests" / "data").glob("reference_logits*.json"))
    for document in [json.loads(path.read_text())]
    for entry in document["entries"]
]


@pytest.mark.parametrize(
    ("model", "size", "entry"), CASES, ids=[f"{m}-{e['name']}" for m, _, e in CASES]
)
def test_logits_match_reference_network(
    model_cache_dir: Path, model: str, size: int, entry: dict
) -> None:
    classifier = shared_classifier(model_cache_dir, model)
    assert classifier.input_size == size
    if entry["kind"] == "photo":
        if not (PETS / entry["name"]).exists():
            pytest.skip("shared fixtures not present")
        with Image.open(PETS / entry["name"]) as image:
            tensor = preprocess(image, size)
    else:
        tensor = (
            np.random.default_rng(entry["seed"])
            .uniform(-1.0, 1.0, (1, 3, size, size))
            .astype(np.float32)
        )
    ours = classifier.run_tensor(tensor)[0]
    reference = np.asarray(entry["logits"], dtype=np.float32)
    diff = float(np.abs(ours - reference).max())
    assert diff <= 1e-3, f"{entry['name']}: max abs logit difference {diff:.2e} > 1e-3"
    assert [int(i) for i in np.argsort(-ours)[:5]] == entry["top5"]
