"""Builds each hosted agent and its AgentCore app from one :class:`Settings`.

The agents get their provider steps from :func:`petavatar.bootstrap.build_pipeline`
(the same pipeline the worker runs, never the agent orchestrator, so an agent runtime
cannot call itself) and their stores from :func:`petavatar.bootstrap.build_stack`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import httpx

from petavatar.agents.coach_companion import CoachCompanionAgent, CoachPlanner
from petavatar.agents.memory import CoachMemory, DynamoCoachMemory, SQLiteCoachMemory
from petavatar.agents.models import build_model
from petavatar.agents.petavatar import PersonaPlanner, PetAvatarAgent
from petavatar.agents.runtime import AgentLimits, HostedAgent, RuntimeMetrics, create_app
from petavatar.agents.test_agent import ClientFactory, SmokePlanner, TestAgent, persona_payload
from petavatar.bootstrap import build_pipeline, build_stack
from petavatar.clock import Clock, SystemClock
from petavatar.config import Settings
from petavatar.errors import InvalidInputError
from petavatar.jobs.versions import PersonaVersions
from petavatar.ports.blobstore import BlobStore

if TYPE_CHECKING:
    from bedrock_agentcore.runtime import BedrockAgentCoreApp

AGENT_NAMES: Final = ("petavatar", "test-agent", "coach-companion")
COACH_DATABASE: Final = "coach.sqlite3"


def _http_client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=httpx.Timeout(120.0, connect=5.0))


def build_coach_memory(
    settings: Settings, blobs: BlobStore, limits: AgentLimits, clock: Clock
) -> CoachMemory:
    """SQLite in the data dir locally; DynamoDB on AWS (``agent_memory_table``, by default
    the stage's coach-sessions table)."""
    if settings.backend == "aws":
        from petavatar.adapters.aws.naming import stage_names
        from petavatar.adapters.aws.session import AwsClients

        table = settings.agent_memory_table or (
            stage_names(settings.stage, settings.aws_bucket_suffix).coach_sessions
        )
        dynamodb = AwsClients().client("dynamodb")
        return DynamoCoachMemory(dynamodb, table, blobs, limits, clock)
    return SQLiteCoachMemory(Path(settings.data_dir) / COACH_DATABASE, limits, clock)


def build_agent(
    name: str,
    settings: Settings,
    *,
    clock: Clock | None = None,
    client_factory: ClientFactory | None = None,
) -> HostedAgent:
    """The hosted agent called ``name`` (one of :data:`AGENT_NAMES`)."""
    if name not in AGENT_NAMES:
        raise InvalidInputError(f"unknown agent {name!r}; choose one of {', '.join(AGENT_NAMES)}")
    clock = clock or SystemClock()
    limits = AgentLimits.from_settings(settings)
    pipeline = build_pipeline(settings, clock)
    steps = pipeline.steps
    if name == "test-agent":
        target = settings.agent_smoke_target_url or f"http://127.0.0.1:{settings.agent_port}"
        return TestAgent(
            build_model(settings, SmokePlanner()),
            limits,
            clock,
            default_target=target,
            client_factory=client_factory or _http_client,
            persona_factory=lambda photo: persona_payload(pipeline.run(photo)),
            on_close=pipeline.close,
        )
    stack = build_stack(settings, clock)
    if name == "petavatar":
        model = build_model(settings, PersonaPlanner())
        return PetAvatarAgent(
            pipeline, model, limits, clock, blobs=stack.blobs, on_close=pipeline.close
        )
    memory = build_coach_memory(settings, stack.blobs, limits, clock)
    return CoachCompanionAgent(
        steps,
        build_model(settings, CoachPlanner()),
        limits,
        memory,
        jobs=stack.jobs,
        blobs=stack.blobs,
        versions=PersonaVersions(stack.blobs, clock),
        on_close=pipeline.close,
    )


def create_agent_app(
    name: str,
    settings: Settings,
    *,
    clock: Clock | None = None,
    client_factory: Callable[[str], httpx.Client] | None = None,
    debug: bool = False,
) -> BedrockAgentCoreApp:
    """The AgentCore-contract app hosting agent ``name``."""
    agent = build_agent(name, settings, clock=clock, client_factory=client_factory)
    return create_app(
        agent, AgentLimits.from_settings(settings), metrics=RuntimeMetrics(), debug=debug
    )
