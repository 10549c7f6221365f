"""test-agent: checks a running agent runtime end to end and reports pass/fail.

:class:`SmokeRunner` runs the checks over any httpx client (a real URL, or a Starlette
test client in tests):

============  ===============================================================
ping          ``GET /ping`` answers 200 with ``Healthy`` or ``HealthyBusy``
invocation    a known input for the hosted agent answers 200 with the right shape
tool_call     that invocation made the agent's tool calls (in order, for petavatar)
model         the model answered (a closing message after the tool results)
latency       the invocation took at most ``max_latency`` seconds
memory        (coach-companion) a second turn in the same session builds on the first
bad_payload   a payload with an unknown field answers 4xx with ``{error, message}``
bad_json      a body that is not JSON answers 400 with ``{error, message}``
============  ===============================================================

Which agent a runtime hosts is read from the ``x-petavatar-agent`` header of ``/ping``
unless given. ``petavatar agent smoke URL`` runs it from the CLI; hosted as an agent,
``{"prompt": "run"}`` checks its configured target (default: itself) and
``{"target_url": "…", "agent"?: "…"}`` another runtime, through the Strands tool
``check_agent_runtime``.
"""

from __future__ import annotations

import base64
import io
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from strands import tool
from strands.types.content import Messages
from strands.types.tools import ToolContext

from petavatar.agents.loop import AgentLoop, Emit
from petavatar.agents.offline_model import Plan, ToolCall, last_user_index, tool_outcomes
from petavatar.agents.petavatar import decode_base64
from petavatar.agents.runtime import AGENT_HEADER, SESSION_HEADER, AgentLimits, MemorySessions
from petavatar.agents.tools import WORK_KEY
from petavatar.clock import Clock
from petavatar.errors import InvalidInputError, ProviderError
from petavatar.jobs.pipeline import PersonaResult

PETAVATAR_ORDER: Final = ("analyze_pet_image", "map_personality_to_career")
PersonaFactory = Callable[[bytes], dict[str, Any]]


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.name,
            "passed": self.passed,
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }


def sample_photo() -> bytes | None:
    """The CC0 cat photo scikit-image ships, as JPEG bytes (None without scikit-image)."""
    try:
        from skimage import data
    except ImportError:
        return None
    from PIL import Image

    buffer = io.BytesIO()
    pixels: Any = data.chelsea()  # type: ignore[no-untyped-call]
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def _is_error_body(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and {"error", "message"} <= set(body)


@dataclass
class SmokeRunner:
    """Runs the checks against one runtime (``client`` has the runtime's base URL)."""

    client: httpx.Client
    agent: str | None = None
    photo: bytes | None = None
    persona_factory: PersonaFactory | None = None
    max_latency: float = 30.0
    checks: tuple[str, ...] | None = None
    results: list[CheckResult] = field(default_factory=list)

    def record(self, name: str, passed: bool, detail: str, seconds: float = 0.0) -> bool:
        if self.checks is None or name in self.checks:
            self.results.append(CheckResult(name, passed, detail, seconds))
        return passed

    def run(self) -> list[CheckResult]:
        self.results = []
        self._ping()
        wanted = self.checks
        if wanted is None or {"invocation", "tool_call", "model", "latency", "memory"} & set(
            wanted
        ):
            self._invocation()
        if wanted is None or "bad_payload" in wanted:
            self._bad_payload()
        if wanted is None or "bad_json" in wanted:
            self._bad_json()
        return self.results

    def _ping(self) -> None:
        try:
            response = self.client.get("/ping")
            status = response.json().get("status")
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            self.record("ping", False, f"no answer: {exc}")
            return
        self.agent = self.agent or response.headers.get(AGENT_HEADER.decode()) or "petavatar"
        ok = response.status_code == 200 and status in ("Healthy", "HealthyBusy")
        self.record("ping", ok, f"HTTP {response.status_code}, status {status!r}")

    def _post(self, payload: Any, session: str | None = None) -> tuple[httpx.Response, float]:
        headers = {SESSION_HEADER: session} if session else {}
        start = time.perf_counter()
        response = self.client.post("/invocations", json=payload, headers=headers)
        return response, time.perf_counter() - start

    def _known_input(self) -> dict[str, Any] | str:
        if self.agent == "test-agent":
            return {"prompt": "run", "checks": ["ping", "bad_payload"]}
        if self.photo is None:
            return "no sample photo: install scikit-image or pass --photo"
        image = base64.b64encode(self.photo).decode()
        if self.agent == "coach-companion":
            if self.persona_factory is None:
                return "no persona factory to make a persona for the coach"
            return {"prompt": "Why this career?", "persona": self.persona_factory(self.photo)}
        return {"image_base64": image, "hints": {"pet_name": "Smoke"}}

    def _invocation(self) -> None:
        payload = self._known_input()
        if isinstance(payload, str):
            self.record("invocation", False, payload)
            return
        session = f"smoke-{uuid.uuid4()}"
        try:
            response, seconds = self._post(payload, session)
        except httpx.HTTPError as exc:
            self.record("invocation", False, f"request failed: {exc}")
            return
        body = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        shape_ok = response.status_code == 200 and self._shape_ok(body)
        detail = f"HTTP {response.status_code}" + ("" if shape_ok else f": {str(body)[:200]}")
        self.record("invocation", shape_ok, detail, seconds)
        if not shape_ok:
            return
        self._tool_calls(body)
        message = str(body.get("message", ""))
        self.record("model", bool(message.strip()), f"closing message: {message[:80]!r}")
        self.record(
            "latency",
            seconds <= self.max_latency,
            f"{seconds:.2f} s (limit {self.max_latency:g} s)",
        )
        if self.agent == "coach-companion":
            self._memory(session, body)

    def _shape_ok(self, body: dict[str, Any]) -> bool:
        if self.agent == "petavatar":
            avatar = body.get("avatar", {})
            return (
                bool(body.get("identity", {}).get("human_name")) and avatar.get("width", 0) >= 1024
            )
        if self.agent == "coach-companion":
            return "persona" in body and "session_id" in body
        return isinstance(body.get("checks"), list)

    def _tool_calls(self, body: dict[str, Any]) -> None:
        calls = list(body.get("tool_calls", []))
        if self.agent == "petavatar":
            ok = tuple(calls[:2]) == PETAVATAR_ORDER and len(set(calls)) == 4
        else:
            ok = bool(calls)
        self.record("tool_call", ok, f"tools: {', '.join(calls) or 'none'}")

    def _memory(self, session: str, first: dict[str, Any]) -> None:
        before = first["persona"]["career"]["seniority"]
        response, _seconds = self._post({"prompt": "Make her more senior."}, session)
        body = response.json() if response.status_code == 200 else {}
        after = body.get("persona", {}).get("career", {}).get("seniority")
        ok = response.status_code == 200 and "change_seniority" in body.get("tool_calls", [])
        ok = ok and (after != before or before == "executive")
        self.record("memory", ok, f"second turn: HTTP {response.status_code}, {before} → {after}")

    def _bad_payload(self) -> None:
        response, _ = self._post({"unexpected_field": True})
        ok = 400 <= response.status_code < 500 and _is_error_body(response)
        self.record("bad_payload", ok, f"HTTP {response.status_code}: {response.text[:120]}")

    def _bad_json(self) -> None:
        start = time.perf_counter()
        response = self.client.post(
            "/invocations", content=b"{not json", headers={"content-type": "application/json"}
        )
        ok = response.status_code == 400 and _is_error_body(response)
        self.record(
            "bad_json", ok, f"HTTP {response.status_code}: {response.text[:120]}",
            time.perf_counter() - start,
        )  # fmt: skip


def render_table(results: list[CheckResult]) -> str:
    """The results as a fixed-width pass/fail table."""
    width = max([len(r.name) for r in results] + [5])
    lines = [f"{'check':<{width}}  result  seconds  detail"]
    for r in results:
        mark = "PASS" if r.passed else "FAIL"
        lines.append(f"{r.name:<{width}}  {mark:<6}  {r.seconds:7.3f}  {r.detail}")
    passed = sum(r.passed for r in results)
    lines.append(f"{passed}/{len(results)} checks passed")
    return "\n".join(lines)


def all_passed(results: list[CheckResult]) -> bool:
    return bool(results) and all(r.passed for r in results)


# -- hosted as an agent ------------------------------------------------------------------

ClientFactory = Callable[[str], httpx.Client]

TEST_AGENT_PROMPT = """You are test-agent. Check the agent runtime named in the request \
with the check_agent_runtime tool (pass target_url, and agent and checks when given), then \
report how many checks passed and name any that failed."""

_TARGET = re.compile(r"\[target\] url=(\S+) agent=(\S*) checks=(\S*)")


def persona_payload(result: PersonaResult) -> dict[str, Any]:
    """A pipeline result as the persona document coach-companion accepts."""
    return {
        "identity": result.identity.model_dump(mode="json"),
        "career": result.career.model_dump(mode="json"),
        "pet_analysis": result.analysis.model_dump(mode="json"),
        "avatar_png_base64": base64.b64encode(result.avatar.png).decode(),
    }


@dataclass
class SmokeWork:
    """What the check tool needs and what it found."""

    client_factory: ClientFactory
    photo: bytes | None
    persona_factory: PersonaFactory | None
    max_latency: float
    results: list[CheckResult] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    agent: str | None = None


def smoke_tools() -> list[Any]:
    """test-agent's one tool."""

    @tool(context=True)
    def check_agent_runtime(
        target_url: str, tool_context: ToolContext, agent_name: str = "", checks: str = ""
    ) -> dict[str, Any]:
        """Run the smoke checks against an agent runtime and return the pass/fail table.

        Args:
            target_url: Base URL of the runtime (it serves /ping and /invocations).
            agent_name: The hosted agent (petavatar, test-agent, coach-companion); empty: ask /ping.
            checks: Comma-separated subset of checks to run (default: all).
        """
        work = tool_context.invocation_state[WORK_KEY]
        work.calls.append("check_agent_runtime")
        wanted = tuple(c for c in checks.split(",") if c) or None
        with work.client_factory(target_url) as client:
            runner = SmokeRunner(
                client,
                agent=agent_name or None,
                photo=work.photo,
                persona_factory=work.persona_factory,
                max_latency=work.max_latency,
                checks=wanted,
            )
            work.results = runner.run()
            work.agent = runner.agent
        return {
            "passed": all_passed(work.results),
            "agent": runner.agent,
            "failed": [r.name for r in work.results if not r.passed],
            "table": render_table(work.results),
        }

    return [check_agent_runtime]


class SmokePlanner:
    """Plans test-agent's one tool call and its report (the offline model's brain)."""

    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan:
        start = last_user_index(messages)
        text = "".join(b.get("text", "") for b in messages[start]["content"])
        done = tool_outcomes(messages, max(0, start))
        if not done:
            match = _TARGET.search(text)
            if match is None:
                return Plan(text="Tell me which runtime to check: a target_url.")
            url, agent, checks = match.groups()
            return Plan(
                calls=(
                    ToolCall(
                        "check_agent_runtime",
                        {"target_url": url, "agent_name": agent, "checks": checks},
                    ),
                )
            )
        outcome = done[-1]
        if not outcome.ok:
            return Plan(text=f"The checks could not run: {outcome.text}")
        failed = outcome.data.get("failed", [])
        verdict = "all checks passed" if not failed else f"failed: {', '.join(failed)}"
        return Plan(text=f"{outcome.data.get('agent')} runtime: {verdict}.")


class SmokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(default="run", max_length=4000)
    target_url: str | None = Field(default=None, max_length=2048)
    agent: str | None = Field(default=None, pattern=r"^[a-z-]{1,40}$")
    checks: list[str] | None = None
    image_base64: str | None = None
    stream: bool = False


@dataclass
class SmokeInvocation:
    loop: AgentLoop
    work: SmokeWork
    prompt: str
    target: str

    def run(self, emit: Emit) -> dict[str, Any]:
        outcome = self.loop.run(self.prompt, self.work, WORK_KEY, emit=emit)
        if not self.work.results:
            raise ProviderError(f"test-agent ran no checks: {outcome.text[:300]}")
        return {
            "target_url": self.target,
            "agent": self.work.agent,
            "passed": all_passed(self.work.results),
            "checks": [r.as_dict() for r in self.work.results],
            "table": render_table(self.work.results),
            "message": outcome.text,
            "tool_calls": list(self.work.calls),
        }

    def cancel(self) -> None:
        self.loop.cancel()


class TestAgent:
    """The hosted test-agent (see the module docstring)."""

    __test__ = False
    name = "test-agent"

    def __init__(
        self,
        model: Any,
        limits: AgentLimits,
        clock: Clock,
        *,
        default_target: str,
        client_factory: ClientFactory,
        persona_factory: PersonaFactory | None,
        max_latency: float = 30.0,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.model = model
        self.limits = limits
        self.sessions = MemorySessions(limits, clock)
        self.default_target = default_target
        self.client_factory = client_factory
        self.persona_factory = persona_factory
        self.max_latency = max_latency
        self.tools = smoke_tools()
        self._on_close = on_close

    def prepare(self, payload: dict[str, Any], session_id: str | None) -> SmokeInvocation:
        try:
            request = SmokeRequest.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInputError(f"bad payload: {exc.errors()[0]['msg']}") from exc
        photo = decode_base64(request.image_base64) if request.image_base64 else sample_photo()
        target = request.target_url or self.default_target
        work = SmokeWork(self.client_factory, photo, self.persona_factory, self.max_latency)
        checks = ",".join(request.checks or [])
        prompt = (
            f"{request.prompt}\n[target] url={target} agent={request.agent or ''} checks={checks}"
        )
        loop = AgentLoop(self.model, self.tools, TEST_AGENT_PROMPT, self.limits.max_tool_calls)
        return SmokeInvocation(loop, work, prompt, target)

    def warm_up(self) -> None:
        """Nothing to load: the checks run over HTTP."""

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()
