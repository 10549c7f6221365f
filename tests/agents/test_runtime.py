"""The AgentCore-contract runtime around a hosted agent: ping, limits, errors, SSE, metrics."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from petavatar.agents.runtime import (
    SESSION_HEADER,
    AgentLimits,
    Emit,
    MemorySessions,
    create_app,
)
from petavatar.errors import InvalidInputError, NoPetFoundError, ProviderUnavailableError
from tests.support.clock import ManualClock


class GatedInvocation:
    """Waits for the test to open the gate; answers what the payload asks for."""

    def __init__(self, agent: GatedAgent, payload: dict[str, Any]) -> None:
        self.agent = agent
        self.payload = payload
        self.cancelled = False

    def run(self, emit: Emit) -> dict[str, Any]:
        self.agent.started.set()
        emit({"event": "tool_start", "tool": "echo"})
        if self.payload.get("wait"):
            self.agent.gate.wait(10)
        failure = self.payload.get("fail")
        if failure == "no_pet":
            raise NoPetFoundError("no pet found: looks like a rocket")
        if failure == "provider":
            raise ProviderUnavailableError("the model provider stayed unavailable")
        return {"echo": self.payload.get("prompt")}

    def cancel(self) -> None:
        self.cancelled = True
        self.agent.gate.set()


class GatedAgent:
    """A hosted agent for runtime tests (implements the HostedAgent protocol)."""

    name = "gated"

    def __init__(self, limits: AgentLimits, clock: ManualClock) -> None:
        self.sessions = MemorySessions(limits, clock)
        self.gate = threading.Event()
        self.started = threading.Event()
        self.invocations: list[GatedInvocation] = []

    def prepare(self, payload: dict[str, Any], session_id: str | None) -> GatedInvocation:
        if "prompt" not in payload:
            raise InvalidInputError("bad payload: prompt is required")
        invocation = GatedInvocation(self, payload)
        self.invocations.append(invocation)
        return invocation

    def warm_up(self) -> None:
        """Nothing to load."""

    def close(self) -> None:
        self.gate.set()


LIMITS = AgentLimits(
    max_request_bytes=2048,
    invocation_timeout=0.5,
    max_tool_calls=3,
    session_idle_seconds=60,
    session_max_seconds=300,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def agent(clock: ManualClock) -> GatedAgent:
    return GatedAgent(LIMITS, clock)


@pytest.fixture
def client(agent: GatedAgent) -> Iterator[TestClient]:
    app = create_app(agent, LIMITS)
    with TestClient(app) as test_client:
        yield test_client
    app.state.runtime.close()


def test_ping_names_the_agent_and_is_healthy(client: TestClient) -> None:
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.json()["status"] == "Healthy"
    assert response.headers["x-petavatar-agent"] == "gated"


def test_json_in_json_out(client: TestClient) -> None:
    response = client.post("/invocations", json={"prompt": "hello"})
    assert response.status_code == 200
    assert response.json() == {"echo": "hello"}


def test_ping_is_busy_while_an_invocation_runs(client: TestClient, agent: GatedAgent) -> None:
    agent.gate.clear()
    outcome: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: outcome.update(
            r=client.post("/invocations", json={"prompt": "x", "wait": 1})
        )
    )
    thread.start()
    assert agent.started.wait(5)
    assert client.get("/ping").json()["status"] == "HealthyBusy"
    agent.gate.set()
    thread.join(5)
    assert outcome["r"].status_code == 200
    assert client.get("/ping").json()["status"] == "Healthy"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "bad_request"),
        (b"[1, 2]", 400, "bad_request"),
        (b'{"other": 1}', 400, "bad_request"),
        (b'{"prompt": "' + b"x" * 4096 + b'"}', 413, "payload_too_large"),
    ],
)
def test_bad_requests_are_http_errors(
    client: TestClient, body: bytes, status: int, code: str
) -> None:
    response = client.post(
        "/invocations", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert response.json()["error"] == code
    assert response.json()["message"]


@pytest.mark.parametrize(
    ("fail", "status", "code"),
    [("no_pet", 422, "no_pet_found"), ("provider", 503, "provider_unavailable")],
)
def test_agent_errors_keep_their_status_and_are_counted(
    client: TestClient, fail: str, status: int, code: str
) -> None:
    response = client.post("/invocations", json={"prompt": "x", "fail": fail})
    assert response.status_code == status
    assert response.json()["error"] == code
    metrics = client.get("/metrics").text
    assert f'petavatar_agent_errors_total{{agent="gated",code="{code}"}} 1.0' in metrics
    assert f'petavatar_agent_invocations_total{{agent="gated",status="{status}"}} 1.0' in metrics


def test_an_invocation_over_its_time_budget_is_504_and_cancelled(
    client: TestClient, agent: GatedAgent
) -> None:
    agent.gate.clear()
    response = client.post("/invocations", json={"prompt": "x", "wait": 1})
    assert response.status_code == 504
    assert response.json()["error"] == "timeout"
    assert agent.invocations[-1].cancelled


def test_sessions_end_after_idle_and_max_lifetimes(client: TestClient, clock: ManualClock) -> None:
    headers = {SESSION_HEADER: "s" * 40}
    assert client.post("/invocations", json={"prompt": "1"}, headers=headers).status_code == 200
    clock.advance(LIMITS.session_idle_seconds + 1)
    expired = client.post("/invocations", json={"prompt": "2"}, headers=headers)
    assert expired.status_code == 410
    assert expired.json()["error"] == "session_expired"
    again = client.post("/invocations", json={"prompt": "3"}, headers=headers)
    assert again.status_code == 410

    other = {SESSION_HEADER: "t" * 40}
    for _ in range(6):
        assert client.post("/invocations", json={"prompt": "x"}, headers=other).status_code == 200
        clock.advance(55)
    assert client.post("/invocations", json={"prompt": "x"}, headers=other).status_code == 410


def test_sse_when_asked_and_errors_before_the_stream_stay_http(client: TestClient) -> None:
    response = client.post(
        "/invocations", json={"prompt": "s"}, headers={"accept": "text/event-stream"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = [line for line in response.text.splitlines() if line.startswith("data: ")]
    assert frames[0] == 'data: {"event": "tool_start", "tool": "echo"}'
    assert frames[-1] == 'data: {"event": "result", "echo": "s"}'
    refused = client.post("/invocations", json={"stream": True})
    assert refused.status_code == 400


def test_a_failure_after_the_stream_started_ends_it_with_an_error_event(client: TestClient) -> None:
    response = client.post("/invocations", json={"prompt": "s", "fail": "no_pet", "stream": True})
    frames = [line for line in response.text.splitlines() if line.startswith("data: ")]
    assert '"event": "error"' in frames[-1] and '"no_pet_found"' in frames[-1]
    assert 'code="no_pet_found"' in client.get("/metrics").text


def test_session_tables_stay_bounded(clock: ManualClock) -> None:
    sessions = MemorySessions(LIMITS, clock, prune_every=10)
    for number in range(200):
        sessions.touch(f"session-{number}")
        clock.advance(LIMITS.session_max_seconds / 20)
    assert len(sessions) < 60
