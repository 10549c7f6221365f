"""The model behind an agent: offline (deterministic planner), Bedrock or OpenAI-compatible.

``settings.agent_model`` chooses: ``offline`` (the default, no account), ``bedrock``
(Strands' ``BedrockModel``; boto3 reads the region and credentials as usual) or
``openai`` (Strands' ``OpenAIModel``; the ``openai`` client reads ``OPENAI_BASE_URL``
and ``OPENAI_API_KEY``, so OpenAI, Ollama, vLLM and LM Studio all work).
``settings.agent_model_id`` names the model for the last two.
"""

from __future__ import annotations

from strands.models import Model

from petavatar.agents.offline_model import OfflineModel, Planner
from petavatar.config import Settings
from petavatar.errors import InvalidInputError


def build_model(settings: Settings, planner: Planner) -> Model:
    """The model ``settings`` asks for; ``planner`` drives the offline one."""
    if settings.agent_model == "offline":
        return OfflineModel(planner)
    if not settings.agent_model_id:
        raise InvalidInputError(
            f"PETAVATAR_AGENT_MODEL={settings.agent_model} needs PETAVATAR_AGENT_MODEL_ID "
            "(a Bedrock model id or an OpenAI-compatible model name)"
        )
    if settings.agent_model == "bedrock":
        from strands.models.bedrock import BedrockModel

        return BedrockModel(model_id=settings.agent_model_id)
    try:
        from strands.models.openai import OpenAIModel
    except ImportError as exc:
        raise InvalidInputError(
            "the OpenAI-compatible agent model needs the openai package: "
            "pip install 'petavatar[agents]'"
        ) from exc
    return OpenAIModel(client_args={}, model_id=settings.agent_model_id)
