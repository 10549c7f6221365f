"""Read a PyTorch state dict saved in torch's legacy (non-zip) format, without torch.

The EfficientNet-Lite0 weights ship as a ``.pth`` written by ``torch.save`` with
the pre-1.6 serialisation: five consecutive pickles (magic number, protocol
version, system info, the object with persistent storage ids, the list of
storage keys) followed by each storage's raw bytes, each prefixed by its
element count as a little-endian int64. Only the pieces a state dict of float
tensors needs are supported; anything else raises :class:`WeightsFormatError`.
"""

from __future__ import annotations

import collections
import pickle
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt

LEGACY_MAGIC: Final[int] = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL: Final[int] = 1001

_STORAGE_DTYPES: Final[dict[str, np.dtype[Any]]] = {
    "FloatStorage": np.dtype("<f4"),
    "DoubleStorage": np.dtype("<f8"),
    "HalfStorage": np.dtype("<f2"),
    "LongStorage": np.dtype("<i8"),
    "IntStorage": np.dtype("<i4"),
    "ShortStorage": np.dtype("<i2"),
    "CharStorage": np.dtype("i1"),
    "ByteStorage": np.dtype("u1"),
    "BoolStorage": np.dtype("?"),
}


class WeightsFormatError(ValueError):
    """The file is not a legacy torch state dict of the kind we can read."""


@dataclass(frozen=True)
class _StorageType:
    name: str

    @property
    def dtype(self) -> np.dtype[Any]:
        return _STORAGE_DTYPES[self.name]


@dataclass
class _Storage:
    key: str
    dtype: np.dtype[Any]
    numel: int
    data: npt.NDArray[Any] | None = None


@dataclass(frozen=True)
class _TensorRef:
    storage: _Storage
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]

    def materialise(self) -> npt.NDArray[Any]:
        if self.storage.data is None:
            raise WeightsFormatError(f"storage {self.storage.key} was never read")
        itemsize = self.storage.dtype.itemsize
        base = self.storage.data[self.offset :]
        array = np.lib.stride_tricks.as_strided(
            base, shape=self.size, strides=tuple(s * itemsize for s in self.stride)
        )
        return np.array(array, copy=True)


def _rebuild_tensor_v2(
    storage: _Storage,
    storage_offset: int,
    size: tuple[int, ...],
    stride: tuple[int, ...],
    *_ignored: Any,
) -> _TensorRef:
    return _TensorRef(storage, int(storage_offset), tuple(size), tuple(stride))


def _rebuild_parameter(data: _TensorRef, *_ignored: Any) -> _TensorRef:
    return data


class _StateDictUnpickler(pickle.Unpickler):
    """Resolves only the handful of globals a torch state dict refers to."""

    def __init__(self, file: IO[bytes], storages: dict[str, _Storage]) -> None:
        super().__init__(file)
        self._storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        raise WeightsFormatError(f"unsupported global in weights file: {module}.{name}")

    def persistent_load(self, pid: Any) -> _Storage:
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise WeightsFormatError(f"unsupported persistent id {pid!r}")
        _, storage_type, key, _location, numel, view_metadata = pid
        if view_metadata is not None:
            raise WeightsFormatError("storage views are not supported")
        if not isinstance(storage_type, _StorageType):
            raise WeightsFormatError(f"unsupported storage type {storage_type!r}")
        if key not in self._storages:
            self._storages[key] = _Storage(str(key), storage_type.dtype, int(numel))
        return self._storages[key]


def _read_exact(file: IO[bytes], n: int) -> bytes:
    data = file.read(n)
    if len(data) != n:
        raise WeightsFormatError("weights file is truncated")
    return data


def load_legacy_state_dict(path: Path) -> dict[str, npt.NDArray[Any]]:
    """Load every tensor of a legacy-format ``torch.save`` state dict as numpy arrays."""
    with path.open("rb") as file:
        try:
            if pickle.load(file) != LEGACY_MAGIC:
                raise WeightsFormatError(f"{path.name} is not a legacy torch file (bad magic)")
            if pickle.load(file) != LEGACY_PROTOCOL:
                raise WeightsFormatError(f"{path.name} uses an unsupported protocol version")
            sys_info = pickle.load(file)
            if not sys_info.get("little_endian", False):
                raise WeightsFormatError("big-endian weights are not supported")
            storages: dict[str, _Storage] = {}
            state = _StateDictUnpickler(file, storages).load()
            keys = pickle.load(file)
        except (pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise WeightsFormatError(f"cannot read {path.name}: {exc}") from exc
        for key in keys:
            storage = storages[key]
            (count,) = struct.unpack("<q", _read_exact(file, 8))
            if count != storage.numel:
                raise WeightsFormatError(
                    f"storage {key}: {count} elements, expected {storage.numel}"
                )
            raw = _read_exact(file, count * storage.dtype.itemsize)
            storage.data = np.frombuffer(raw, dtype=storage.dtype)
    if not isinstance(state, dict):
        raise WeightsFormatError("weights file does not hold a state dict")
    return {str(name): ref.materialise() for name, ref in state.items()}
