"""The agent runtime: one AgentCore-contract app factory shared by every PetAvatar agent.

:func:`create_app` wraps a :class:`HostedAgent` in ``bedrock_agentcore``'s
``BedrockAgentCoreApp``, which serves ``POST /invocations`` and ``GET /ping`` and reads
the session header ``X-Amzn-Bedrock-AgentCore-Runtime-Session-Id``. Around the agent it
adds what a hosted agent needs:

* a request guard (ASGI middleware): bodies over ``max_request_bytes`` get 413, bodies
  that are not a JSON object get 400, both as ``{error, message}``;
* session lifetimes: a session idle for longer than ``session_idle_seconds`` or older
  than ``session_max_seconds`` is closed and further calls with it get 410;
* a per-invocation timeout (504) and the agent's own tool-call limit;
* ``HealthyBusy`` on ``/ping`` while any invocation runs (the SDK's async-task tracking);
* errors as HTTP errors: every :class:`PetAvatarError` becomes its status with
  ``{error, message}`` (never a 200 with an error inside), logged and counted;
* SSE when the request asks for a stream (``"stream": true`` or ``Accept:
  text/event-stream``): the payload is validated and the session checked *before* the
  stream starts, so those errors are still HTTP errors; a failure after the first event
  can only be reported as a final ``{"event": "error"}`` frame (and is logged and counted);
* ``GET /metrics``: Prometheus counters and latency histograms of this app.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import queue
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from petavatar.clock import Clock
from petavatar.config import Settings
from petavatar.errors import (
    InvalidInputError,
    PayloadTooLargeError,
    PetAvatarError,
    SessionExpiredError,
    StepTimeoutError,
)
from petavatar.observability.logs import get_logger, log_error

if TYPE_CHECKING:
    from bedrock_agentcore.runtime import BedrockAgentCoreApp
    from bedrock_agentcore.runtime.context import RequestContext
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_HEADER: Final = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"
AGENT_HEADER: Final = b"x-petavatar-agent"
"""Names the hosted agent on every response (test-agent reads it from /ping)."""
Emit = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class AgentLimits:
    """What one runtime allows an invocation and a session."""

    max_request_bytes: int = 16 * 1024 * 1024
    invocation_timeout: float = 120.0
    max_tool_calls: int = 12
    session_idle_seconds: int = 900
    session_max_seconds: int = 8 * 3600

    @classmethod
    def from_settings(cls, settings: Settings) -> AgentLimits:
        return cls(
            max_request_bytes=settings.agent_max_request_bytes,
            invocation_timeout=settings.agent_invocation_timeout_seconds,
            max_tool_calls=settings.agent_max_tool_calls,
            session_idle_seconds=settings.agent_session_idle_seconds,
            session_max_seconds=settings.agent_session_max_seconds,
        )


class SessionPolicy(Protocol):
    """Checks and records a session's use; raises SessionExpiredError when it is over."""

    def touch(self, session_id: str) -> None: ...


class MemorySessions:
    """Session lifetimes kept in this process (for agents that keep no session data).

    Every ``prune_every`` touches, sessions idle past their lifetime are forgotten and
    closed ids older than the maximum lifetime dropped, so the tables stay bounded.
    """

    def __init__(self, limits: AgentLimits, clock: Clock, *, prune_every: int = 1000) -> None:
        self.limits = limits
        self.clock = clock
        self.prune_every = prune_every
        self._seen: dict[str, tuple[float, float]] = {}
        self._closed: dict[str, float] = {}
        self._touches = 0
        self._lock = threading.Lock()

    def touch(self, session_id: str) -> None:
        now = self.clock.now()
        with self._lock:
            self._touches += 1
            if self._touches % self.prune_every == 0:
                self._prune(now)
            if session_id in self._closed:
                raise session_expired(session_id, "it was closed")
            created, last = self._seen.get(session_id, (now, now))
            reason = lifetime_exceeded(self.limits, created, last, now)
            if reason:
                self._seen.pop(session_id, None)
                self._closed[session_id] = now
                raise session_expired(session_id, reason)
            self._seen[session_id] = (created, now)

    def __len__(self) -> int:
        return len(self._seen) + len(self._closed)

    def _prune(self, now: float) -> None:
        for sid, (created, last) in list(self._seen.items()):
            if lifetime_exceeded(self.limits, created, last, now):
                del self._seen[sid]
                self._closed[sid] = now
        horizon = now - self.limits.session_max_seconds
        for sid, closed_at in list(self._closed.items()):
            if closed_at < horizon:
                del self._closed[sid]


def lifetime_exceeded(limits: AgentLimits, created: float, last_seen: float, now: float) -> str:
    """Why a session created at ``created`` and last used at ``last_seen`` is over ('' if not)."""
    if now - last_seen > limits.session_idle_seconds:
        return f"it was idle for more than {limits.session_idle_seconds} s"
    if now - created > limits.session_max_seconds:
        return f"it is older than {limits.session_max_seconds} s"
    return ""


def session_expired(session_id: str, reason: str) -> SessionExpiredError:
    return SessionExpiredError(
        f"session {session_id[:80]} has ended ({reason}); start a new session id",
        session_id=session_id[:80],
    )


class Invocation(Protocol):
    """One prepared invocation: validated, ready to run."""

    def run(self, emit: Emit) -> dict[str, Any]:
        """Do the work, calling ``emit`` with progress events; return the JSON answer."""
        ...

    def cancel(self) -> None:
        """Ask a running invocation to stop (after a timeout)."""
        ...


class HostedAgent(Protocol):
    """An agent the runtime hosts."""

    name: str

    @property
    def sessions(self) -> SessionPolicy: ...

    def prepare(self, payload: dict[str, Any], session_id: str | None) -> Invocation:
        """Validate ``payload`` (raise 4xx PetAvatarErrors) and return the invocation."""
        ...

    def warm_up(self) -> None:
        """Load models ahead of the first invocation."""
        ...

    def close(self) -> None: ...


class RuntimeMetrics:
    """Counters and histograms of one agent app, on its own registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.invocations = Counter(
            "petavatar_agent_invocations",
            "Agent invocations by agent and HTTP status.",
            ["agent", "status"],
            registry=self.registry,
        )
        self.errors = Counter(
            "petavatar_agent_errors",
            "Agent invocation errors by agent and error code.",
            ["agent", "code"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "petavatar_agent_invocation_seconds",
            "Wall time of agent invocations.",
            ["agent"],
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
            registry=self.registry,
        )

    def count(self, agent: str, status: int, code: str | None = None) -> None:
        self.invocations.labels(agent=agent, status=str(status)).inc()
        if code is not None:
            self.errors.labels(agent=agent, code=code).inc()


@dataclass
class AgentRuntime:
    """Runs one hosted agent's invocations with the limits; the app calls :meth:`invoke`."""

    agent: HostedAgent
    limits: AgentLimits
    metrics: RuntimeMetrics = field(default_factory=RuntimeMetrics)
    busy: Callable[[str], Callable[[], None]] = field(default=lambda _name: lambda: None)
    """Marks the runtime busy (``/ping`` → HealthyBusy); returns the function that ends it."""

    def __post_init__(self) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=64, thread_name_prefix=f"agent-{self.agent.name}"
        )
        self._log = get_logger("agent_runtime", agent=self.agent.name)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.agent.close()

    def error(
        self, error: PetAvatarError, started: float | None, **context: Any
    ) -> tuple[int, dict[str, str]]:
        """Log and count ``error``; the status and body to answer with."""
        log_error(self._log, "invoke", error, error_code=error.code, **context)
        self.metrics.count(self.agent.name, error.status_code, error.code)
        if started is not None:
            elapsed = time.perf_counter() - started
            self.metrics.latency.labels(agent=self.agent.name).observe(elapsed)
        return error.status_code, error_body(error)

    def invoke(
        self, payload: Any, session_id: str | None, *, stream: bool
    ) -> tuple[int, dict[str, Any]] | Iterator[dict[str, Any]]:
        """(status, body) for a JSON answer, or an iterator of SSE events."""
        started = time.perf_counter()
        try:
            if not isinstance(payload, dict):
                raise InvalidInputError("the payload must be a JSON object")
            if session_id:
                self.agent.sessions.touch(session_id)
            invocation = self.agent.prepare(payload, session_id)
        except PetAvatarError as error:
            return self.error(error, started, session_id=session_id)
        if stream:
            return self._stream(invocation, session_id, started)
        try:
            body = self._run(invocation, lambda _event: None)
        except PetAvatarError as error:
            return self.error(error, started, session_id=session_id)
        self.metrics.count(self.agent.name, 200)
        self.metrics.latency.labels(agent=self.agent.name).observe(time.perf_counter() - started)
        return 200, body

    def _run(self, invocation: Invocation, emit: Emit) -> dict[str, Any]:
        done = self.busy(self.agent.name)
        try:
            future = self._pool.submit(invocation.run, emit)
            try:
                return future.result(timeout=self.limits.invocation_timeout)
            except concurrent.futures.TimeoutError as exc:
                invocation.cancel()
                raise StepTimeoutError(
                    f"the {self.agent.name} agent took longer than "
                    f"{self.limits.invocation_timeout:g} s and was stopped"
                ) from exc
            except PetAvatarError:
                raise
            except Exception as exc:
                log_error(self._log, "invoke", exc, error_type=type(exc).__name__)
                raise PetAvatarError(
                    f"the {self.agent.name} agent failed unexpectedly ({type(exc).__name__})"
                ) from exc
        finally:
            done()

    def _stream(
        self, invocation: Invocation, session_id: str | None, started: float
    ) -> Iterator[dict[str, Any]]:
        events: queue.Queue[dict[str, Any] | None] = queue.Queue()

        def work() -> None:
            try:
                body = self._run(invocation, events.put)
                self.metrics.count(self.agent.name, 200)
                events.put({"event": "result", **body})
            except PetAvatarError as error:
                _, problem = self.error(error, started, session_id=session_id, streamed=True)
                events.put({"event": "error", **problem})
            finally:
                events.put(None)

        threading.Thread(target=work, name=f"agent-stream-{self.agent.name}", daemon=True).start()
        while (event := events.get()) is not None:
            yield event


class RequestGuard:
    """ASGI middleware: size limit and JSON-object check for ``POST /invocations``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        agent: str,
        max_bytes: int,
        on_error: Callable[[PetAvatarError], None],
    ) -> None:
        self.app = app
        self.agent = agent.encode()
        self.max_bytes = max_bytes
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        downstream = send

        async def named(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (AGENT_HEADER, self.agent)]
            await downstream(message)

        if scope["path"] != "/invocations":
            await self.app(scope, receive, named)
            return
        send = named
        try:
            body = await self._read(scope, receive)
            parsed = json.loads(body or b"null")
            if not isinstance(parsed, dict):
                raise InvalidInputError("the payload must be a JSON object")
        except PetAvatarError as error:
            await self._reject(error, send)
            return
        except (ValueError, UnicodeDecodeError) as exc:
            await self._reject(InvalidInputError(f"the payload is not valid JSON: {exc}"), send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(int(declared))
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(size)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large(self, size: int) -> PayloadTooLargeError:
        return PayloadTooLargeError(
            f"the request is {size} bytes or more; this runtime accepts at most "
            f"{self.max_bytes} bytes"
        )

    async def _reject(self, error: PetAvatarError, send: Send) -> None:
        self.on_error(error)
        body = json.dumps(error_body(error)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def error_body(error: PetAvatarError) -> dict[str, str]:
    """The ``{error, message}`` body a client receives for ``error``."""
    return {"error": error.code, "message": error.public_message}


def wants_stream(payload: Any, accept: str | None) -> bool:
    """True when the request asks for SSE."""
    flag = isinstance(payload, dict) and payload.get("stream") is True
    return flag or "text/event-stream" in (accept or "")


def create_app(
    agent: HostedAgent,
    limits: AgentLimits,
    *,
    metrics: RuntimeMetrics | None = None,
    debug: bool = False,
) -> BedrockAgentCoreApp:
    """The AgentCore-contract app hosting ``agent`` (``app.state.runtime`` is its runtime)."""
    from bedrock_agentcore.runtime import BedrockAgentCoreApp
    from starlette.middleware import Middleware

    chosen = metrics or RuntimeMetrics()

    def rejected(error: PetAvatarError) -> None:
        runtime.error(error, None, stage="request_guard")

    app = BedrockAgentCoreApp(
        debug=debug,
        middleware=[
            Middleware(
                RequestGuard,
                agent=agent.name,
                max_bytes=limits.max_request_bytes,
                on_error=rejected,
            )
        ],
    )
    if not debug:
        logging.getLogger("bedrock_agentcore.app").setLevel(logging.WARNING)

    def busy(name: str) -> Callable[[], None]:
        task_id = app.add_async_task(name)

        def done() -> None:
            app.complete_async_task(task_id)

        return done

    runtime = AgentRuntime(agent, limits, chosen, busy)
    app.entrypoint(_invocations(runtime))
    app.add_route("/metrics", _metrics_route(chosen), methods=["GET"])
    app.state.runtime = runtime
    return app


def _invocations(runtime: AgentRuntime) -> Callable[[Any, RequestContext], Any]:
    """The ``/invocations`` entrypoint: JSON answers (status and body) or an SSE stream."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    def invocations(payload: Any, context: RequestContext) -> Any:
        request = context.request
        accept = request.headers.get("accept") if isinstance(request, Request) else None
        stream = wants_stream(payload, accept)
        outcome = runtime.invoke(payload, context.session_id, stream=stream)
        if isinstance(outcome, tuple):
            status, body = outcome
            try:
                return JSONResponse(body, status_code=status)
            except (TypeError, ValueError) as exc:
                problem = PetAvatarError(f"the answer could not be encoded as JSON: {exc}")
                status, body = runtime.error(problem, None, session_id=context.session_id)
                return JSONResponse(body, status_code=status)
        return outcome

    return invocations


def _metrics_route(metrics: RuntimeMetrics) -> Callable[[Request], Awaitable[Response]]:
    """``GET /metrics``: the runtime's Prometheus registry."""
    from starlette.responses import Response

    async def metrics_route(_request: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type="text/plain; version=0.0.4")

    return metrics_route
