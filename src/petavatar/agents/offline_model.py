"""An offline Strands model: plans tool calls deterministically from the conversation.

:class:`OfflineModel` is a real ``strands.models.Model``: the Strands agent loop sends it
the messages and the tool specs and it streams back the Bedrock-shaped events
(``messageStart``, ``contentBlockStart/Delta/Stop`` for tool uses or text,
``messageStop`` with ``tool_use`` or ``end_turn``, ``metadata`` with usage), so tool
specs, tool calls, results and the final answer all go through Strands with no account.
What to say is decided by a :class:`Planner` (each agent has its own) from the
conversation alone: the latest user text and the tool results since then.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncGenerator, AsyncIterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from strands.models import Model
from strands.types.content import Messages
from strands.types.event_loop import StopReason
from strands.types.streaming import StreamEvent
from strands.types.tools import ToolSpec

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class ToolCall:
    name: str
    input: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """What the model answers: tool calls (run together), or else a final text."""

    calls: tuple[ToolCall, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class ToolOutcome:
    """A tool call of this turn and what came back."""

    name: str
    input: dict[str, Any]
    ok: bool
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    @property
    def input_error(self) -> bool:
        """True when the tool refused its input (worth a corrected retry)."""
        return not self.ok and (
            "InvalidInputError" in self.text or "Validation failed" in self.text
        )


class Planner(Protocol):
    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan: ...


def _user_text(message: Any) -> str | None:
    if message.get("role") != "user":
        return None
    texts = [block["text"] for block in message.get("content", []) if "text" in block]
    return "\n".join(texts) if texts else None


def last_user_index(messages: Messages) -> int:
    """Index of the latest user message that carries text (not only tool results)."""
    for index in range(len(messages) - 1, -1, -1):
        if _user_text(messages[index]) is not None:
            return index
    return -1


def user_texts(messages: Messages) -> list[str]:
    """Every user text of the conversation, oldest first."""
    return [text for m in messages if (text := _user_text(m)) is not None]


def _result_payload(result: Any) -> tuple[dict[str, Any], str]:
    text = "\n".join(item.get("text", "") for item in result.get("content", []))
    for item in result.get("content", []):
        if isinstance(item.get("json"), dict):
            return item["json"], text
    try:
        parsed = json.loads(text)
    except ValueError:
        return {}, text
    return (parsed if isinstance(parsed, dict) else {}), text


def tool_outcomes(messages: Messages, start: int = 0) -> list[ToolOutcome]:
    """The tool calls made after ``messages[start]`` with their results, in call order."""
    uses: dict[str, tuple[str, dict[str, Any]]] = {}
    order: list[str] = []
    results: dict[str, Any] = {}
    for message in messages[start:]:
        for block in message.get("content", []):
            if "toolUse" in block:
                use = block["toolUse"]
                raw = use.get("input")
                uses[use["toolUseId"]] = (use["name"], raw if isinstance(raw, dict) else {})
                order.append(use["toolUseId"])
            elif "toolResult" in block:
                results[block["toolResult"]["toolUseId"]] = block["toolResult"]
    outcomes = []
    for use_id in order:
        name, tool_input = uses[use_id]
        result = results.get(use_id)
        if result is None:
            continue
        data, text = _result_payload(result)
        ok = result.get("status") == "success"
        outcomes.append(ToolOutcome(name, tool_input, ok, data, text))
    return outcomes


def _estimate_tokens(value: Any) -> int:
    return max(1, len(json.dumps(value, default=str)) // 4)


class OfflineModel(Model):
    """A Strands model whose answers come from a deterministic :class:`Planner`."""

    def __init__(self, planner: Planner, *, model_id: str = "petavatar-offline") -> None:
        self.planner = planner
        self.config: dict[str, Any] = {"model_id": model_id}

    def update_config(self, **model_config: Any) -> None:
        self.config.update(model_config)

    def get_config(self) -> dict[str, Any]:
        return dict(self.config)

    def plan(self, messages: Messages, tool_specs: list[ToolSpec] | None) -> Plan:
        names = frozenset(spec["name"] for spec in tool_specs or [])
        plan = self.planner.plan(messages, names)
        unknown = [call.name for call in plan.calls if call.name not in names]
        if unknown:
            return Plan(text=f"I cannot do that here: no tool named {', '.join(unknown)}.")
        return plan

    async def stream(
        self,
        messages: Messages,
        tool_specs: list[ToolSpec] | None = None,
        system_prompt: str | None = None,
        **kwargs: Any,
    ) -> AsyncIterable[StreamEvent]:
        """Stream one assistant message: the planned tool uses, or the final text."""
        plan = self.plan(messages, tool_specs)
        yield {"messageStart": {"role": "assistant"}}
        for index, call in enumerate(plan.calls):
            use_id = f"tooluse-{len(messages)}-{index}-{call.name}"
            yield {
                "contentBlockStart": {
                    "contentBlockIndex": index,
                    "start": {"toolUse": {"toolUseId": use_id, "name": call.name}},
                }
            }
            yield {
                "contentBlockDelta": {
                    "contentBlockIndex": index,
                    "delta": {"toolUse": {"input": json.dumps(call.input)}},
                }
            }
            yield {"contentBlockStop": {"contentBlockIndex": index}}
        if not plan.calls:
            yield {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"text": plan.text}}}
            yield {"contentBlockStop": {"contentBlockIndex": 0}}
        stop: StopReason = "tool_use" if plan.calls else "end_turn"
        yield {"messageStop": {"stopReason": stop}}
        prompt_tokens = _estimate_tokens([system_prompt, messages, tool_specs])
        output_tokens = _estimate_tokens([c.input for c in plan.calls] or plan.text)
        yield {
            "metadata": {
                "usage": {
                    "inputTokens": prompt_tokens,
                    "outputTokens": output_tokens,
                    "totalTokens": prompt_tokens + output_tokens,
                },
                "metrics": {"latencyMs": 0},
            }
        }

    async def structured_output(
        self,
        output_model: type[T],
        prompt: Messages,
        system_prompt: str | None = None,
        **kwargs: Any,
    ) -> AsyncGenerator[dict[str, T | Any], None]:
        """The newest tool result of the conversation that validates as ``output_model``."""
        for outcome in reversed(tool_outcomes(prompt)):
            if outcome.ok:
                try:
                    yield {"output": output_model.model_validate(outcome.data)}
                    return
                except ValueError:
                    continue
        raise ValueError(f"nothing in the conversation validates as {output_model.__name__}")


_REF = re.compile(r"image_ref[\"']?\s*[:=]\s*[\"']?([\w.-]+)")


def image_ref_in(text: str, default: str = "photo") -> str:
    """The ``image_ref`` a prompt names (``image_ref: photo``), else ``default``."""
    match = _REF.search(text)
    return match.group(1) if match else default
