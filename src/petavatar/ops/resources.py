"""The AWS resources of one deployed stage, by name, for the operations commands.

The names follow infra/template.yaml (``petavatar-<stage>-<part>``) and, for the data
plane, :func:`petavatar.adapters.aws.naming.stage_names`. Pure: no boto3 here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from petavatar.adapters.aws.naming import PROJECT, StageNames, stage_names

FUNCTION_PARTS: Final = ("api", "events", "worker", "maintenance")
QUEUE_CONSUMERS: Final = ("events", "worker")
"""Functions fed by an SQS event source mapping (pause disables those mappings)."""
ALARM_SUFFIXES: Final = (
    "api-error-rate",
    "job-error-rate",
    "job-duration-p95",
    "dlq-depth",
    "upload-events-dlq-depth",
    "throttles",
    "agent-errors",
)
"""Every alarm the template declares, as ``petavatar-<stage>-<suffix>``."""


@dataclass(frozen=True)
class StageResources:
    """Names of a deployed stage's functions, roles, logs, alarms and metrics."""

    names: StageNames

    @property
    def stage(self) -> str:
        return self.names.stage

    @property
    def prefix(self) -> str:
        """``petavatar-<stage>-``: the start of every function, role and alarm name."""
        return f"{PROJECT}-{self.stage}-"

    @property
    def functions(self) -> dict[str, str]:
        """Function name by part (api, events, worker, maintenance)."""
        return {part: f"{self.prefix}{part}" for part in FUNCTION_PARTS}

    @property
    def roles(self) -> list[str]:
        """One IAM role per function, named like it."""
        return list(self.functions.values())

    @property
    def alarms(self) -> list[str]:
        return [f"{self.prefix}{suffix}" for suffix in ALARM_SUFFIXES]

    @property
    def log_group_prefixes(self) -> tuple[str, str]:
        return (f"/aws/lambda/{self.prefix}", f"/aws/apigateway/{self.prefix}")

    @property
    def api_name(self) -> str:
        return f"{self.prefix}api"

    @property
    def metrics_namespace(self) -> str:
        """The EMF namespace the stage's functions write (``PetAvatar/<stage>``)."""
        return f"PetAvatar/{self.stage}"

    @property
    def pause_parameter(self) -> str:
        """The SSM parameter that records what ``ops pause`` changed."""
        return f"/{PROJECT}/{self.stage}/paused"


def stage_resources(stage: str | None, bucket_suffix: str = "") -> StageResources:
    """The resources of ``stage`` (validated)."""
    return StageResources(names=stage_names(stage, bucket_suffix))
