"""The onnxruntime graph must reproduce the reference PyTorch network's logits.

``tests/data/reference_logits.json`` was produced by ``scripts/reference_logits.py``
with torch 2.13.0 and ``efficientnet-lite-pytorch``; CI needs no torch.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from petavatar.providers.local.classifier import ImageClassifier, preprocess
from tests.conftest import PROJECT_ROOT, SHARED_PETS

REFERENCE = PROJECT_ROOT / "tests" / "data" / "reference_logits.json"
PETS = SHARED_PETS
ENTRIES = json.loads(REFERENCE.read_text())["entries"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_logits_match_reference_network(classifier: ImageClassifier, entry: dict) -> None:
    if entry["kind"] == "photo":
        if not (PETS / entry["name"]).exists():
            pytest.skip("shared fixtures not present")
        with Image.open(PETS / entry["name"]) as image:
            tensor = preprocess(image)
    else:
        tensor = (
            np.random.default_rng(entry["seed"])
            .uniform(-1.0, 1.0, (1, 3, 224, 224))
            .astype(np.float32)
        )
    ours = classifier.run_tensor(tensor)[0]
    reference = np.asarray(entry["logits"], dtype=np.float32)
    diff = float(np.abs(ours - reference).max())
    assert diff <= 1e-3, f"{entry['name']}: max abs logit difference {diff:.2e} > 1e-3"
    assert [int(i) for i in np.argsort(-ours)[:5]] == entry["top5"]
