"""PETAVATAR_ORCHESTRATOR=agent: jobs run by the agent runtime give the pipeline's persona."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from petavatar.agents.client import AgentCoreTransport, AgentPipeline, HttpAgentTransport
from petavatar.agents.hosting import create_agent_app
from petavatar.agents.runtime import SESSION_HEADER
from petavatar.bootstrap import Stack, build_job_pipeline
from petavatar.config import Settings
from petavatar.errors import NoPetFoundError, ProviderUnavailableError
from petavatar.jobs.keys import upload_prefix
from petavatar.jobs.pipeline import Pipeline
from tests.agents.servers import serving

ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/petavatar-abc123"


@pytest.fixture
def runtime(settings: Settings) -> Iterator[TestClient]:
    app = create_agent_app("petavatar", settings)
    with TestClient(app) as client:
        yield client
    app.state.runtime.close()


def same_persona(result: Any, expected: Any) -> None:
    assert result.identity == expected.identity
    assert result.career == expected.career
    assert result.analysis == expected.analysis
    assert result.avatar.png == expected.avatar.png
    assert result.report_card_png == expected.report_card_png
    assert result.report_card_og_png == expected.report_card_og_png
    calls = {p: (u.model_calls, u.images_generated) for p, u in result.usage_by_step.items()}
    assert calls == {
        p: (u.model_calls, u.images_generated) for p, u in expected.usage_by_step.items()
    }
    assert result.provenance == expected.provenance
    assert (result.cost is None) == (expected.cost is None)


def test_agent_pipeline_over_http_matches_the_pipeline(
    runtime: TestClient, pipeline: Pipeline, cat_photo: bytes
) -> None:
    steps: list[tuple[int, str]] = []
    agent = AgentPipeline(HttpAgentTransport("http://testserver", client=runtime))
    result = agent.run(cat_photo, job_id="job-1", progress=lambda p, s: steps.append((p, s)))
    same_persona(result, pipeline.run(cat_photo))
    assert [s for _, s in steps][:2] == ["analyze", "map"] and steps[-1] == (100, "report_card")
    assert [p for p, _ in steps] == sorted({p for p, _ in steps})


def test_the_worker_runs_a_job_through_the_runtime(
    settings: Settings, stack: Stack, runtime: TestClient, cat_photo: bytes, finished_job: str
) -> None:
    configured = build_job_pipeline(settings.model_copy(update={"orchestrator": "agent"}))
    assert isinstance(configured, AgentPipeline)
    configured.close()
    ticket = stack.service.create_upload()
    key = f"{upload_prefix(ticket.job_id)}image.jpg"
    stack.blobs.put_bytes(key, cat_photo, "image/jpeg")
    stack.service.start_processing(stack.blobs.uri(key))
    worker = stack.worker(AgentPipeline(HttpAgentTransport("http://testserver", client=runtime)))
    assert worker.run_once()
    record, reference = stack.jobs.get(ticket.job_id), stack.jobs.get(finished_job)
    assert record.status == "completed"
    assert record.identity_package == reference.identity_package
    assert record.career_profile == reference.career_profile
    ours = stack.blobs.get_bytes(record.s3_avatar_key or "")
    assert ours == stack.blobs.get_bytes(reference.s3_avatar_key or "")


def test_runtime_errors_keep_their_meaning(runtime: TestClient, rocket_photo: bytes) -> None:
    agent = AgentPipeline(HttpAgentTransport("http://testserver", client=runtime))
    with pytest.raises(NoPetFoundError):
        agent.run(rocket_photo)
    unreachable = AgentPipeline(HttpAgentTransport("http://127.0.0.1:9", timeout=2))
    with pytest.raises(ProviderUnavailableError):
        unreachable.run(rocket_photo)


def fake_agentcore(runtime: TestClient) -> Starlette:
    """The InvokeAgentRuntime data plane in front of one runtime (REST shape of the service)."""

    async def invoke(request: Request) -> Response:
        assert request.path_params["arn"] == ARN
        session = request.headers[SESSION_HEADER]
        answer = runtime.post(
            "/invocations", content=await request.body(), headers={SESSION_HEADER: session}
        )
        if answer.status_code != 200:
            return JSONResponse(
                {"message": answer.text},
                status_code=answer.status_code,
                headers={"x-amzn-ErrorType": "RuntimeClientError"},
            )
        return Response(
            answer.content, media_type="application/json", headers={SESSION_HEADER: session}
        )

    return Starlette(routes=[Route("/runtimes/{arn:path}/invocations", invoke, methods=["POST"])])


def test_invoke_agent_runtime_through_boto3(
    runtime: TestClient, pipeline: Pipeline, cat_photo: bytes, rocket_photo: bytes
) -> None:
    with serving(fake_agentcore(runtime)) as endpoint:
        client = boto3.client(
            "bedrock-agentcore",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        agent = AgentPipeline(AgentCoreTransport(ARN, client=client))
        same_persona(agent.run(cat_photo, job_id="0b7e3a52-4d7c"), pipeline.run(cat_photo))
        with pytest.raises(NoPetFoundError) as caught:
            agent.run(rocket_photo)
        assert "no pet found" in caught.value.message
        agent.close()


def test_sse_frames_are_json(runtime: TestClient, cat_photo: bytes) -> None:
    transport = HttpAgentTransport("http://testserver", client=runtime)
    import base64

    events = list(
        transport.invoke({"image_base64": base64.b64encode(cat_photo).decode()}, "s" * 33)
    )
    assert events[-1]["event"] == "result"
    assert all(json.dumps(e) for e in events)
