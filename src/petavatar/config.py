"""One settings object, read once: explicit argument > environment variable > default.

Environment variables use the ``PETAVATAR_`` prefix (``PETAVATAR_BACKEND=aws``,
``PETAVATAR_DATA_DIR=/var/lib/petavatar``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from petavatar.domain.models import PersonaPart
from petavatar.rendering.formats import MAX_UPLOAD_BYTES

ProviderName = Literal["local", "bedrock", "openai"]


def default_data_dir() -> Path:
    """Per-user data directory: ``$XDG_DATA_HOME/petavatar`` or ``~/.local/share/petavatar``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "petavatar"


def default_cache_dir() -> Path:
    """Per-user cache directory for the prepared ONNX model."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "petavatar"


ClassifierModel = Literal["efficientnet-lite0", "efficientnet-lite1", "efficientnet-lite2"]
ClassifierView = Literal["centre", "flip", "wide"]
#: The offline classifier and its test-time views, chosen by measured accuracy against time.
DEFAULT_CLASSIFIER_MODEL: Final[ClassifierModel] = "efficientnet-lite2"
DEFAULT_CLASSIFIER_VIEWS: Final[tuple[ClassifierView, ...]] = ("centre", "flip")


class Settings(BaseSettings):
    """Every knob PetAvatar reads. Construct once and pass it down."""

    model_config = SettingsConfigDict(env_prefix="PETAVATAR_", extra="ignore")

    backend: Literal["local", "aws"] = "local"
    provider: ProviderName = "local"
    data_dir: Path = Field(default_factory=default_data_dir)
    cache_dir: Path = Field(default_factory=default_cache_dir)
    bucket: str = "petavatar-local"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    public_base_url: str | None = None
    workers: int = Field(default=1, ge=0, le=32)
    log_level: str = "WARNING"
    """Structured JSON logs on stderr at this level and above (errors always show)."""
    cors_origins: list[str] = Field(default_factory=list)
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    upload_url_expires_in: int = 900
    download_url_expires_in: int = 3600
    visibility_timeout: int = 900
    max_receives: int = 3
    job_ttl_seconds: int = 7 * 24 * 3600
    step_timeout_seconds: float = 60.0
    retry_base_delay: float = 1.0
    max_retries: int = 3
    # -- aws (backend=aws; boto3 reads AWS_ENDPOINT_URL, AWS_DEFAULT_REGION and credentials)
    stage: str | None = Field(default=None, description="AWS stage name (dev, prod…)")
    aws_bucket_suffix: str = Field(
        default="", description="appended to bucket names to make them globally unique"
    )
    aws_cost_center: str = "petavatar"
    aws_receive_wait_seconds: int = Field(default=1, ge=0, le=20)
    aws_key_cache_seconds: float = Field(default=30.0, ge=0)

    # -- reliability: reconciling jobs whose queue message is dead or lost
    stale_after_seconds: float | None = Field(default=None, gt=0)
    """A non-terminal job not updated for this long has lost its message (default:
    visibility_timeout × (max_receives + 1))."""
    max_requeues: int = Field(default=1, ge=0, le=10)
    """How many times the reconciler re-sends a stale job's message before failing it."""
    reconcile_interval_seconds: float = Field(default=60.0, gt=0)
    """How often ``serve`` runs the reconciler."""

    # -- webhooks
    webhook_allow_private: bool = False
    """Allow webhooks to private, link-local and unique-local addresses (trusted networks)."""
    webhook_allow_loopback: bool = False
    """Allow webhooks to loopback addresses (local demos and tests)."""

    # -- client commands (petavatar submit)
    api_key: str | None = None
    """The API key ``petavatar submit`` sends (``PETAVATAR_API_KEY``)."""
    url: str = "http://127.0.0.1:8000"
    """The service ``petavatar submit`` talks to (``PETAVATAR_URL``)."""

    # -- providers (cloud AI providers, per-step mixing, cost) --
    provider_analyze: ProviderName | None = Field(
        default=None, description="Provider of the analyze step; None: `provider`."
    )
    provider_map: ProviderName | None = None
    provider_render: ProviderName | None = None
    provider_write: ProviderName | None = None
    price_file: Path | None = Field(
        default=None, description="A TOML price table whose entries override the packaged ones."
    )
    provider_request_timeout: float = Field(
        default=45.0, gt=0, description="Seconds one cloud model request may take."
    )
    bedrock_region: str | None = Field(
        default=None, description="None: boto3's region (AWS_DEFAULT_REGION, profile)."
    )
    bedrock_text_model_id: str = "us.anthropic.claude-sonnet-5-5"
    bedrock_image_model_id: str = "stability.sd3-5-large-v1:0"
    bedrock_image_region: str | None = Field(
        default=None, description="Region of the image model; None: bedrock_region."
    )
    bedrock_structured_output: Literal["auto", "output_config", "tool"] = "auto"
    bedrock_condition_on_photo: bool = True
    bedrock_max_tokens: int = Field(default=4096, ge=256)
    openai_base_url: str | None = Field(
        default=None, description="Overrides OPENAI_BASE_URL (which the openai client reads)."
    )
    openai_api_key: SecretStr | None = Field(
        default=None, description="Overrides OPENAI_API_KEY (which the openai client reads)."
    )
    openai_chat_model: str = "gpt-5-mini"
    openai_image_model: str = "gpt-image-1"
    openai_output_mode: Literal["auto", "json_schema", "tools", "json"] = "auto"
    openai_images: Literal["auto", "generate", "offline"] = "auto"

    # -- lambda
    metrics_namespace: str = "PetAvatar"
    """CloudWatch namespace of the EMF metrics the Lambda handlers write."""
    maintenance_batch: int = Field(default=100, ge=1, le=1000)
    """Jobs the scheduled maintenance handler sweeps (and reconciles) per run."""

    # -- offline classifier (providers/local; figures: bench/accuracy_bench.py)
    classifier_model: ClassifierModel = Field(
        default=DEFAULT_CLASSIFIER_MODEL,
        description="EfficientNet-Lite variant the offline provider classifies with.",
    )
    classifier_views: tuple[ClassifierView, ...] = Field(
        default=DEFAULT_CLASSIFIER_VIEWS,
        description="Test-time views averaged per photo (centre, flip, wide).",
    )

    def provider_for(self, step: PersonaPart) -> ProviderName:
        """The provider chosen for ``step``: its own setting, else the global one."""
        chosen: ProviderName | None = getattr(self, f"provider_{step}")
        return chosen or self.provider

    # -- agents
    orchestrator: Literal["pipeline", "agent"] = "pipeline"
    """How the worker runs a job: the pipeline in-process, or through the agent runtime."""
    agent_runtime_url: str = "http://127.0.0.1:8080"
    """Where the worker reaches the petavatar agent runtime locally (``/invocations``)."""
    agent_runtime_arn: str | None = None
    """On AWS: the AgentCore runtime the worker invokes (InvokeAgentRuntime) instead of a URL."""
    agent_model: Literal["offline", "bedrock", "openai"] = "offline"
    agent_model_id: str | None = None
    """Bedrock model id or OpenAI-compatible model name (required for those models)."""
    agent_port: int = Field(default=8080, ge=1, le=65535)
    agent_max_request_bytes: int = Field(default=MAX_UPLOAD_BYTES * 4 // 3 + 65536, gt=0)
    agent_invocation_timeout_seconds: float = Field(default=120.0, gt=0)
    agent_max_tool_calls: int = Field(default=12, ge=1)
    agent_session_idle_seconds: int = Field(default=900, gt=0)
    agent_session_max_seconds: int = Field(default=8 * 3600, gt=0)
    agent_memory_table: str | None = None
    """On AWS: the DynamoDB table (partition key ``session_id``) of the coach's sessions
    (default: the stage's ``petavatar-<stage>-coach-sessions``)."""
    agent_smoke_target_url: str | None = None
    """What test-agent checks when asked to ``run`` with no target (default: itself)."""

    @property
    def base_url(self) -> str:
        """The URL clients use to reach this service (for signed links)."""
        return self.public_base_url or f"http://{self.host}:{self.port}"
