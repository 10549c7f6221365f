"""``petavatar ops pause|resume``: stop a stage's spending at once, and undo exactly that.

Pause sets every function's reserved concurrency to 0 (nothing runs, not even a retry),
disables the SQS event source mappings of the events and worker functions (messages wait
in the queues instead of being received and failing), and throttles the HTTP API's
default route to 0 requests per second. Before changing anything it records each previous
value in an SSM parameter (``/petavatar/<stage>/paused``); resume puts those values back
and deletes the parameter. Both are idempotent: pausing a paused stage or resuming a
running one changes nothing and says so.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from petavatar.adapters.aws.naming import PROJECT
from petavatar.errors import NotFoundError
from petavatar.ops.resources import QUEUE_CONSUMERS, StageResources


class ApiThrottle(BaseModel):
    api_id: str
    stage: str
    rate: float | None
    burst: int | None


class PauseRecord(BaseModel):
    """What pause changed: the values resume restores."""

    concurrency: dict[str, int | None] = Field(default_factory=dict)
    """Function name → its reserved concurrency before the pause (None: unreserved)."""
    mappings: dict[str, bool] = Field(default_factory=dict)
    """Event source mapping UUID → whether it was enabled."""
    api: list[ApiThrottle] = Field(default_factory=list)


Change = tuple[str, str]
"""(resource, what changed) for the report."""


class StagePauser:
    """Pause and resume one stage through its Lambda, API Gateway v2 and SSM clients."""

    def __init__(self, clients: Any, res: StageResources, cost_center: str = PROJECT) -> None:
        self.res, self.cost_center = res, cost_center
        self.lam = clients.client("lambda")
        self.ssm = clients.client("ssm")
        self.api = clients.client("apigatewayv2")

    # -------------------------------------------------------------------- the record

    def record(self) -> PauseRecord | None:
        """The pause record, or None when the stage is not paused."""
        try:
            value = self.ssm.get_parameter(Name=self.res.pause_parameter)["Parameter"]["Value"]
        except self.ssm.exceptions.ParameterNotFound:
            return None
        return PauseRecord.model_validate_json(value)

    def _save(self, record: PauseRecord) -> None:
        names = self.res.names
        self.ssm.put_parameter(
            Name=self.res.pause_parameter,
            Value=record.model_dump_json(),
            Type="String",
            Tags=[{"Key": k, "Value": v} for k, v in names.tags(self.cost_center).items()],
        )

    # --------------------------------------------------------------------- pause

    def _existing_functions(self) -> list[str]:
        found = []
        for name in self.res.functions.values():
            try:
                self.lam.get_function(FunctionName=name)
            except self.lam.exceptions.ResourceNotFoundException:
                continue
            found.append(name)
        if not found:
            raise NotFoundError(
                f"stage {self.res.stage!r} not found: none of its functions exist "
                "(deploy the stage first)"
            )
        return found

    def _mappings(self) -> list[dict[str, Any]]:
        mappings = []
        for part in QUEUE_CONSUMERS:
            name = self.res.functions[part]
            paginator = self.lam.get_paginator("list_event_source_mappings")
            for page in paginator.paginate(FunctionName=name):
                mappings.extend(page["EventSourceMappings"])
        return mappings

    def _apis(self) -> list[ApiThrottle]:
        throttles = []
        for api in self.api.get_apis().get("Items", []):
            if api.get("Name") != self.res.api_name:
                continue
            for stage in self.api.get_stages(ApiId=api["ApiId"]).get("Items", []):
                settings = stage.get("DefaultRouteSettings", {})
                throttles.append(
                    ApiThrottle(
                        api_id=api["ApiId"],
                        stage=stage["StageName"],
                        rate=settings.get("ThrottlingRateLimit"),
                        burst=settings.get("ThrottlingBurstLimit"),
                    )
                )
        return throttles

    def snapshot(self) -> PauseRecord:
        """The stage's current values of everything pause changes."""
        concurrency: dict[str, int | None] = {}
        for name in self._existing_functions():
            answer = self.lam.get_function_concurrency(FunctionName=name)
            concurrency[name] = answer.get("ReservedConcurrentExecutions")
        mappings = {m["UUID"]: m["State"] in ("Enabled", "Enabling") for m in self._mappings()}
        return PauseRecord(concurrency=concurrency, mappings=mappings, api=self._apis())

    def pause(self) -> list[Change]:
        """Stop the stage; the changes made (none when it was already paused)."""
        if self.record() is not None:
            return []
        record = self.snapshot()
        self._save(record)
        changes: list[Change] = []
        for name in record.concurrency:
            self.lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
            changes.append((name, f"reserved concurrency {record.concurrency[name]} -> 0"))
        changes += self._switch_mappings(record, enabled=False)
        for api in record.api:
            self._throttle(api.api_id, api.stage, 0.0, 0)
            changes.append((f"api {api.api_id} stage {api.stage}", f"throttle {api.rate} -> 0"))
        return changes

    def _switch_mappings(self, record: PauseRecord, *, enabled: bool) -> list[Change]:
        """Turn the mappings that were enabled before the pause off (or back on)."""
        changes: list[Change] = []
        for uuid, was_enabled in record.mappings.items():
            if was_enabled:
                self.lam.update_event_source_mapping(UUID=uuid, Enabled=enabled)
                changes.append(
                    (f"event source mapping {uuid}", "enabled" if enabled else "disabled")
                )
        return changes

    def _throttle(self, api_id: str, stage: str, rate: float | None, burst: int | None) -> None:
        settings: dict[str, Any] = {}
        if rate is not None:
            settings["ThrottlingRateLimit"] = rate
        if burst is not None:
            settings["ThrottlingBurstLimit"] = burst
        self.api.update_stage(ApiId=api_id, StageName=stage, DefaultRouteSettings=settings)

    # -------------------------------------------------------------------- resume

    def resume(self) -> list[Change]:
        """Put back what pause changed; the changes made (none when it was not paused)."""
        record = self.record()
        if record is None:
            return []
        changes: list[Change] = []
        for name, previous in record.concurrency.items():
            if previous is None:
                self.lam.delete_function_concurrency(FunctionName=name)
            else:
                self.lam.put_function_concurrency(
                    FunctionName=name, ReservedConcurrentExecutions=previous
                )
            changes.append((name, f"reserved concurrency 0 -> {previous}"))
        changes += self._switch_mappings(record, enabled=True)
        for api in record.api:
            self._throttle(api.api_id, api.stage, api.rate, api.burst)
            changes.append((f"api {api.api_id} stage {api.stage}", f"throttle 0 -> {api.rate}"))
        self.ssm.delete_parameter(Name=self.res.pause_parameter)
        return changes
