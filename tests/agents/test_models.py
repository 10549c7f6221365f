"""Which Strands model an agent gets from the settings."""

from __future__ import annotations

import pytest
from strands.models.bedrock import BedrockModel
from strands.models.openai import OpenAIModel

from petavatar.agents.models import build_model
from petavatar.agents.offline_model import OfflineModel
from petavatar.agents.petavatar import PersonaPlanner
from petavatar.config import Settings
from petavatar.errors import InvalidInputError


def test_models_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    planner = PersonaPlanner()
    assert isinstance(build_model(Settings(), planner), OfflineModel)
    bedrock = build_model(Settings(agent_model="bedrock", agent_model_id="m-1"), planner)
    assert isinstance(bedrock, BedrockModel) and bedrock.get_config()["model_id"] == "m-1"
    openai = build_model(Settings(agent_model="openai", agent_model_id="gpt-x"), planner)
    assert isinstance(openai, OpenAIModel) and openai.get_config()["model_id"] == "gpt-x"
    with pytest.raises(InvalidInputError, match="PETAVATAR_AGENT_MODEL_ID"):
        build_model(Settings(agent_model="bedrock"), planner)
