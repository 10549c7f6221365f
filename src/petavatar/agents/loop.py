"""One run of a Strands agent loop with PetAvatar's limits and events.

:class:`AgentLoop` builds a fresh ``strands.Agent`` per invocation (cheap: about a
millisecond) from a model, tools, a system prompt and an optional history, and runs
it with the invocation's work object in the Strands invocation state. A hook counts
tool calls: past ``max_tool_calls`` the call is cancelled, the loop ends after that
batch and :class:`ToolCallLimitError` is raised. Another reports each tool call to
``emit`` (the SSE stream). ``cancel`` stops a loop that ran out of time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from strands import Agent
from strands.hooks import AfterToolCallEvent, AfterToolsEvent, BeforeToolCallEvent, HookRegistry
from strands.models import Model
from strands.types.content import Messages

from petavatar.errors import ToolCallLimitError
from petavatar.observability.logs import get_logger

Emit = Callable[[dict[str, Any]], None]
_log = get_logger("agent_loop")


class ToolCallGuard:
    """Strands hooks: enforce the tool-call limit and report tool calls."""

    def __init__(self, limit: int, emit: Emit) -> None:
        self.limit = limit
        self.emit = emit
        self.count = 0
        self.exceeded = False
        self._lock = threading.Lock()

    def register_hooks(self, registry: HookRegistry, **_kwargs: Any) -> None:
        registry.add_callback(BeforeToolCallEvent, self._before)
        registry.add_callback(AfterToolCallEvent, self._after)
        registry.add_callback(AfterToolsEvent, self._after_batch)

    def _before(self, event: BeforeToolCallEvent) -> None:
        with self._lock:
            self.count += 1
            over = self.count > self.limit
            self.exceeded = self.exceeded or over
        name = event.tool_use["name"]
        if over:
            event.cancel_tool = f"tool-call limit reached ({self.limit} per invocation)"
            _log.warning("tool call refused", operation="tool_call", tool=name, limit=self.limit)
            return
        self.emit({"event": "tool_start", "tool": name, "input": event.tool_use.get("input")})

    def _after(self, event: AfterToolCallEvent) -> None:
        status = event.result.get("status", "error")
        self.emit({"event": "tool_end", "tool": event.tool_use["name"], "status": status})

    def _after_batch(self, event: AfterToolsEvent) -> None:
        if self.exceeded:
            event.end_turn = True


@dataclass
class LoopResult:
    text: str
    messages: Messages
    tool_calls: int
    stop_reason: str


@dataclass
class AgentLoop:
    """The parts of an agent; :meth:`run` runs one invocation of it."""

    model: Model
    tools: list[Any]
    system_prompt: str
    max_tool_calls: int
    _agent: Agent | None = field(default=None, init=False)

    def run(
        self,
        prompt: str,
        work: Any,
        work_key: str,
        *,
        emit: Emit,
        history: Messages | None = None,
    ) -> LoopResult:
        guard = ToolCallGuard(self.max_tool_calls, emit)
        agent = Agent(
            model=self.model,
            tools=list(self.tools),
            system_prompt=self.system_prompt,
            messages=[dict(m) for m in history or []],  # type: ignore[misc]
            hooks=[guard],
            callback_handler=None,
        )
        self._agent = agent
        result = agent(prompt, invocation_state={work_key: work})
        if guard.exceeded:
            raise ToolCallLimitError(
                f"the agent asked for more than {self.max_tool_calls} tool calls in one "
                "invocation and was stopped",
                tool_calls=guard.count,
            )
        return LoopResult(
            text=str(result).strip(),
            messages=agent.messages,
            tool_calls=guard.count,
            stop_reason=str(result.stop_reason),
        )

    def cancel(self) -> None:
        if self._agent is not None:
            self._agent.cancel(message="stopped: the invocation ran out of time")
