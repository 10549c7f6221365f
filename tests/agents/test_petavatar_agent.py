"""The petavatar agent: the Strands loop with the offline model over the pipeline's steps."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strands.types.content import Messages

from petavatar.agents.hosting import build_agent, create_agent_app
from petavatar.agents.offline_model import OfflineModel, Plan, ToolCall
from petavatar.agents.petavatar import PersonaPlanner, PetAvatarAgent
from petavatar.agents.runtime import AgentLimits, create_app
from petavatar.config import Settings
from petavatar.jobs.pipeline import Pipeline
from tests.support.clock import ManualClock

ORDER = ["analyze_pet_image", "map_personality_to_career"]
PARALLEL = {"generate_avatar_image", "generate_identity_package"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_agent_app("petavatar", settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.runtime.close()


def _agent_client(
    settings: Settings, pipeline: Pipeline, planner: Any, **limits: Any
) -> TestClient:
    chosen = AgentLimits(**{"invocation_timeout": 60.0, **limits})
    agent = PetAvatarAgent(pipeline, OfflineModel(planner), chosen, ManualClock())
    return TestClient(create_app(agent, chosen))


def test_tools_run_in_order_and_the_persona_is_the_pipelines(
    client: TestClient, pipeline: Pipeline, cat_photo: bytes, cat_b64: str
) -> None:
    response = client.post("/invocations", json={"image_base64": cat_b64, "job_id": "j-1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["tool_calls"][:2] == ORDER and set(body["tool_calls"][2:]) == PARALLEL
    expected = pipeline.run(cat_photo)
    assert body["identity"] == expected.identity.model_dump(mode="json")
    assert body["career"] == expected.career.model_dump(mode="json")
    assert body["pet_analysis"]["personality_traits"] == expected.analysis.dominant_traits
    assert base64.b64decode(body["avatar"]["png_base64"]) == expected.avatar.png
    assert base64.b64decode(body["report_card"]["png_base64"]) == expected.report_card_png
    assert expected.identity.human_name in body["message"]
    assert body["usage"]["model_calls"] == 4 and set(body["usage"]["by_step"]) == {
        "analyze",
        "map",
        "render",
        "write",
    }
    assert expected.cost is not None
    assert body["cost"]["total"] == expected.cost.model_dump(mode="json")["total"]
    assert [(x["part"], x["model"]) for x in body["cost"]["lines"]] == [
        (x.part, x.model) for x in expected.cost.lines
    ]
    assert body["provenance"]["analyze"]["provider"] == "local"
    og = base64.b64decode(body["report_card"]["og_png_base64"])
    assert og == expected.report_card_og_png


def test_hints_reach_the_analysis(client: TestClient, cat_b64: str) -> None:
    response = client.post(
        "/invocations",
        json={"image_base64": cat_b64, "hints": {"pet_name": "Biscuit", "breed": "Siamese"}},
    )
    analysis = response.json()["pet_analysis"]
    assert analysis["pet_name"] == "Biscuit" and analysis["breed"] == "Siamese"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 400, "bad_request"),
        ({"image_base64": "***"}, 400, "bad_request"),
        ({"image_base64": base64.b64encode(b"not an image").decode()}, 400, "unsupported_image"),
        ({"s3_uri": "s3://petavatar-local/uploads/none/image.jpg"}, 404, "not_found"),
    ],
)
def test_payload_problems_are_4xx(
    client: TestClient, payload: dict[str, Any], status: int, code: str
) -> None:
    response = client.post("/invocations", json=payload)
    assert (response.status_code, response.json()["error"]) == (status, code)


def test_no_pet_is_422(client: TestClient, rocket_photo: bytes) -> None:
    response = client.post(
        "/invocations", json={"image_base64": base64.b64encode(rocket_photo).decode()}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "no_pet_found"


class CorruptingPlanner(PersonaPlanner):
    """Sends a malformed input the first time it calls ``target`` (then plans as usual)."""

    def __init__(self, target: str, bad_input: dict[str, Any]) -> None:
        self.target = target
        self.bad_input = bad_input
        self.corrupted = False

    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan:
        plan = super().plan(messages, tools)
        names = [c.name for c in plan.calls]
        if not self.corrupted and self.target in names:
            self.corrupted = True
            calls = tuple(
                ToolCall(c.name, self.bad_input) if c.name == self.target else c for c in plan.calls
            )
            return Plan(calls=calls)
        return plan


@pytest.mark.parametrize(
    ("target", "bad_input"),
    [
        ("map_personality_to_career", {"analysis_ref": "not-the-ref"}),
        ("generate_identity_package", {"analysis_ref": 42}),
        ("analyze_pet_image", {}),
    ],
)
def test_malformed_tool_input_is_reported_to_the_model_and_retried(
    settings: Settings, pipeline: Pipeline, cat_b64: str, target: str, bad_input: dict[str, Any]
) -> None:
    planner = CorruptingPlanner(target, bad_input)
    with _agent_client(settings, pipeline, planner) as client:
        response = client.post("/invocations", json={"image_base64": cat_b64})
    assert response.status_code == 200, response.text
    body = response.json()
    assert planner.corrupted and body["agent_tool_calls"] == 5
    assert body["tool_calls"][-1] in PARALLEL and body["identity"]["human_name"]


class LoopingPlanner:
    """A runaway model: asks for analyze_pet_image again and again."""

    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan:
        return Plan(calls=(ToolCall("analyze_pet_image", {"image_ref": "photo"}),))


def test_the_tool_call_limit_stops_a_runaway_loop(
    settings: Settings, pipeline: Pipeline, cat_b64: str
) -> None:
    with _agent_client(settings, pipeline, LoopingPlanner(), max_tool_calls=3) as client:
        response = client.post("/invocations", json={"image_base64": cat_b64})
        metrics = client.get("/metrics").text
    assert response.status_code == 500
    assert response.json()["error"] == "tool_call_limit"
    assert 'code="tool_call_limit"' in metrics


def test_the_limit_counts_real_work_too(
    settings: Settings, pipeline: Pipeline, cat_b64: str
) -> None:
    with _agent_client(settings, pipeline, PersonaPlanner(), max_tool_calls=2) as client:
        response = client.post("/invocations", json={"image_base64": cat_b64})
    assert (response.status_code, response.json()["error"]) == (500, "tool_call_limit")


def test_offline_model_streams_strands_events(settings: Settings) -> None:
    agent = build_agent("petavatar", settings)
    assert isinstance(agent, PetAvatarAgent)
    messages: Messages = [{"role": "user", "content": [{"text": "go\nimage_ref: photo"}]}]
    specs = [tool.tool_spec for tool in agent.tools]

    async def collect() -> list[dict[str, Any]]:
        return [event async for event in agent.model.stream(messages, specs)]

    import asyncio

    events = asyncio.run(collect())
    assert [next(iter(e)) for e in events] == [
        "messageStart",
        "contentBlockStart",
        "contentBlockDelta",
        "contentBlockStop",
        "messageStop",
        "metadata",
    ]
    assert events[1]["contentBlockStart"]["start"]["toolUse"]["name"] == "analyze_pet_image"
    assert json.loads(events[2]["contentBlockDelta"]["delta"]["toolUse"]["input"]) == {
        "image_ref": "photo"
    }
    assert events[4]["messageStop"]["stopReason"] == "tool_use"
    agent.close()
