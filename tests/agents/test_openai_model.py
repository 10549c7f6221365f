"""The petavatar agent on Strands' OpenAIModel, with the real openai client and an HTTP fake.

The fake is an OpenAI-compatible chat-completions endpoint (SSE chunks, tool calls,
usage) whose "model" reads the conversation it is sent, as an LLM would, and asks for the
four tools in order. It proves the tools, specs and results work through a real model
protocol, not only through the offline model.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from petavatar.agents.hosting import create_agent_app
from petavatar.config import Settings
from petavatar.jobs.pipeline import Pipeline
from tests.agents.servers import serving


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake-gpt",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def _results(messages: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for message in messages:
        if message["role"] == "tool":
            content = message["content"]
            text = (
                content if isinstance(content, str) else "".join(p.get("text", "") for p in content)
            )
            try:
                merged.update(json.loads(text))
            except ValueError:
                continue
    return merged


def _next_calls(messages: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    seen = _results(messages)
    if "analysis_ref" not in seen:
        return [("analyze_pet_image", {"image_ref": "photo"})]
    ref = {"analysis_ref": seen["analysis_ref"]}
    if "career_id" not in seen:
        return [("map_personality_to_career", ref)]
    if "human_name" not in seen:
        both = {**ref, "career_id": seen["career_id"]}
        return [("generate_avatar_image", both), ("generate_identity_package", both)]
    return []


def fake_openai(requests: list[dict[str, Any]]) -> Starlette:
    async def completions(request: Request) -> StreamingResponse:
        body = await request.json()
        requests.append(body)
        calls = _next_calls(body["messages"])

        def frames() -> Iterator[str]:
            yield _chunk({"role": "assistant"})
            for index, (name, arguments) in enumerate(calls):
                yield _chunk(
                    {
                        "tool_calls": [
                            {
                                "index": index,
                                "id": f"call_{len(requests)}_{index}",
                                "type": "function",
                                "function": {"name": name, "arguments": json.dumps(arguments)},
                            }
                        ]
                    }
                )
            if calls:
                yield _chunk({}, "tool_calls")
            else:
                yield _chunk({"content": "Here is your persona."})
                yield _chunk({}, "stop")
            usage = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
            tail = {"id": "u", "object": "chat.completion.chunk", "created": 0, "model": "fake-gpt"}
            yield f"data: {json.dumps({**tail, 'choices': [], 'usage': usage})}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(frames(), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


def test_petavatar_agent_on_an_openai_compatible_model(
    settings: Settings,
    pipeline: Pipeline,
    cat_photo: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    requests: list[dict[str, Any]] = []
    with serving(fake_openai(requests)) as url:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        chosen = settings.model_copy(update={"agent_model": "openai", "agent_model_id": "fake-gpt"})
        app = create_agent_app("petavatar", chosen)
        with TestClient(app) as client:
            response = client.post(
                "/invocations", json={"image_base64": base64.b64encode(cat_photo).decode()}
            )
        app.state.runtime.close()
    assert response.status_code == 200, response.text
    body = response.json()
    expected = pipeline.run(cat_photo)
    assert body["identity"] == expected.identity.model_dump(mode="json")
    assert body["message"] == "Here is your persona."
    assert len(requests) == 4 and requests[0]["model"] == "fake-gpt"
    offered = {tool["function"]["name"] for tool in requests[0]["tools"]}
    assert offered == {
        "analyze_pet_image",
        "map_personality_to_career",
        "generate_avatar_image",
        "generate_identity_package",
    }
    assert "Always use the tools" in requests[0]["messages"][0]["content"]
