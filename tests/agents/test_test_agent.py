"""test-agent: passes against each agent (in process), fails against a broken runtime."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bedrock_agentcore.runtime import BedrockAgentCoreApp
from starlette.testclient import TestClient

from petavatar.agents.hosting import AGENT_NAMES, create_agent_app
from petavatar.agents.test_agent import SmokeRunner, all_passed, persona_payload, render_table
from petavatar.config import Settings
from petavatar.jobs.pipeline import Pipeline


def broken_app() -> BedrockAgentCoreApp:
    """The reference deployment's habit: every answer a 200, errors inside the body."""
    app = BedrockAgentCoreApp()

    @app.entrypoint
    def invoke(payload: dict[str, Any]) -> dict[str, Any]:
        return {"error": "something went wrong", "status": "failed"}

    return app


@pytest.fixture
def apps(settings: Settings) -> Iterator[dict[str, Any]]:
    built: dict[str, Any] = {}

    def factory(url: str) -> httpx.Client:
        return TestClient(built[url], base_url=url)

    own = settings.model_copy(update={"agent_smoke_target_url": "http://test-agent"})
    for name in AGENT_NAMES:
        built[f"http://{name}"] = create_agent_app(name, own, client_factory=factory)
    built["http://broken"] = broken_app()
    yield built
    for name in AGENT_NAMES:
        built[f"http://{name}"].state.runtime.close()


@pytest.mark.parametrize("name", AGENT_NAMES)
def test_smoke_passes_against_each_agent(
    apps: dict[str, Any], name: str, pipeline: Pipeline, cat_photo: bytes
) -> None:
    url = f"http://{name}"
    with TestClient(apps[url], base_url=url) as client:
        runner = SmokeRunner(
            client,
            photo=cat_photo,
            persona_factory=lambda image: persona_payload(pipeline.run(image)),
        )
        results = runner.run()
    assert runner.agent == name
    assert all_passed(results), render_table(results)
    names = {r.name for r in results}
    assert {"ping", "invocation", "bad_payload", "bad_json"} <= names
    if name != "test-agent":
        assert {"tool_call", "model", "latency"} <= names


def test_smoke_fails_against_a_runtime_that_hides_errors(
    apps: dict[str, Any], cat_photo: bytes
) -> None:
    with TestClient(apps["http://broken"], base_url="http://broken") as client:
        results = SmokeRunner(client, agent="petavatar", photo=cat_photo).run()
    failed = {r.name for r in results if not r.passed}
    assert not all_passed(results)
    assert {"invocation", "bad_payload"} <= failed


def test_hosted_test_agent_checks_another_runtime_through_its_tool(apps: dict[str, Any]) -> None:
    with TestClient(apps["http://test-agent"]) as client:
        good = client.post("/invocations", json={"target_url": "http://petavatar"}).json()
        bad = client.post(
            "/invocations", json={"target_url": "http://broken", "agent": "petavatar"}
        ).json()
    assert good["passed"] and good["tool_calls"] == ["check_agent_runtime"]
    assert good["agent"] == "petavatar" and "all checks passed" in good["message"]
    assert not bad["passed"] and "failed:" in bad["message"]
