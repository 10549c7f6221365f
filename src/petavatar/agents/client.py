"""The worker's side of ``PETAVATAR_ORCHESTRATOR=agent``: a job run by the agent runtime.

:class:`AgentPipeline` is a :class:`PersonaPipeline` that sends the photo to the
petavatar agent and turns its answer back into a :class:`PersonaResult`:

* locally over HTTP to ``settings.agent_runtime_url`` (:class:`HttpAgentTransport`),
  asking for SSE so each finished tool call moves the job's progress (and so the queue
  heartbeat) along;
* on AWS through ``bedrock-agentcore``'s ``InvokeAgentRuntime``
  (:class:`AgentCoreTransport`, boto3; endpoint and region from the usual variables).

The runtime's ``{error, message}`` answers become the matching PetAvatarError (a 422
stays "no pet found", a 503 stays transient, so the worker's retry policy is the
same as with the in-process pipeline); a runtime that cannot be reached is transient.
This module needs httpx (and boto3 for AWS) but not strands.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from typing import Any, Final, Protocol

import httpx

from petavatar import errors
from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PartProvenance,
    PetAnalysis,
    PetHints,
    Usage,
)
from petavatar.jobs.pipeline import STEP_PROGRESS, PersonaResult, ProgressCallback
from petavatar.providers.pricing import JobCost

SESSION_HEADER: Final = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"
TOOL_PROGRESS: Final[dict[str, tuple[int, str]]] = {
    "analyze_pet_image": (STEP_PROGRESS["analyze"], "analyze"),
    "map_personality_to_career": (STEP_PROGRESS["map"], "map"),
    "generate_avatar_image": (STEP_PROGRESS["render"], "render"),
    "generate_identity_package": (STEP_PROGRESS["write"], "write"),
}
Event = dict[str, Any]


def _subclasses(root: type[errors.PetAvatarError]) -> list[type[errors.PetAvatarError]]:
    found = []
    for sub in root.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def error_from_answer(status: int, body: Any) -> errors.PetAvatarError:
    """The PetAvatarError an ``{error, message}`` answer with HTTP ``status`` stands for."""
    code = body.get("error") if isinstance(body, dict) else None
    message = body.get("message") if isinstance(body, dict) else None
    text = str(message or body)[:500]
    for cls in _subclasses(errors.PetAvatarError):
        if cls.code == code and cls.status_code == status:
            return cls(text)
    by_status: dict[int, type[errors.PetAvatarError]] = {
        400: errors.InvalidInputError,
        404: errors.NotFoundError,
        413: errors.PayloadTooLargeError,
        422: errors.NoPetFoundError,
        503: errors.ProviderUnavailableError,
        504: errors.StepTimeoutError,
    }
    return by_status.get(status, errors.ProviderError)(
        f"the agent runtime answered HTTP {status}: {text}"
    )


class AgentTransport(Protocol):
    """Sends one payload to the petavatar agent and yields its events (last: the result)."""

    def invoke(self, payload: dict[str, Any], session_id: str) -> Iterator[Event]: ...

    def close(self) -> None: ...


def _sse_events(lines: Iterator[str]) -> Iterator[Event]:
    for line in lines:
        if line.startswith("data:"):
            yield json.loads(line[5:].strip())


class HttpAgentTransport:
    """POST /invocations on a runtime URL, reading the SSE stream."""

    def __init__(
        self, base_url: str, *, client: httpx.Client | None = None, timeout: float = 300.0
    ):
        self.client = client or httpx.Client(
            base_url=base_url, timeout=httpx.Timeout(timeout, connect=5.0)
        )

    def invoke(self, payload: dict[str, Any], session_id: str) -> Iterator[Event]:
        headers = {SESSION_HEADER: session_id, "accept": "text/event-stream"}
        try:
            with self.client.stream(
                "POST", "/invocations", json={**payload, "stream": True}, headers=headers
            ) as response:
                if response.status_code != 200:
                    response.read()
                    raise error_from_answer(response.status_code, _json_or_text(response.text))
                yield from _sse_events(response.iter_lines())
        except httpx.HTTPError as exc:
            raise errors.ProviderUnavailableError(
                f"the agent runtime at {self.client.base_url} could not be reached: {exc}"
            ) from exc

    def close(self) -> None:
        self.client.close()


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


_TRANSIENT_AWS: Final = frozenset(
    {"ThrottlingException", "ServiceQuotaExceededException", "InternalServerException",
     "RetryableConflictException"}
)  # fmt: skip


class AgentCoreTransport:
    """InvokeAgentRuntime on Bedrock AgentCore (boto3 ``bedrock-agentcore`` client)."""

    def __init__(self, runtime_arn: str, *, client: Any = None, timeout: float = 300.0) -> None:
        import boto3
        from botocore.config import Config

        self.runtime_arn = runtime_arn
        config = Config(read_timeout=timeout, connect_timeout=5, retries={"mode": "standard"})
        self.client = client or boto3.client("bedrock-agentcore", config=config)

    def invoke(self, payload: dict[str, Any], session_id: str) -> Iterator[Event]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.invoke_agent_runtime(
                agentRuntimeArn=self.runtime_arn,
                runtimeSessionId=session_id,
                contentType="application/json",
                accept="application/json",
                payload=json.dumps(payload).encode(),
            )
            body = answer["response"].read()
        except ClientError as exc:
            raise _aws_error(exc) from exc
        except BotoCoreError as exc:
            raise errors.ProviderUnavailableError(f"AgentCore could not be reached: {exc}") from exc
        status = int(answer.get("statusCode", 200))
        parsed = _json_or_text(body.decode("utf-8", "replace"))
        if status != 200:
            raise error_from_answer(status, parsed)
        yield {"event": "result", **parsed}

    def close(self) -> None:
        self.client.close()


def _aws_error(exc: Any) -> errors.PetAvatarError:
    error = exc.response.get("Error", {})
    code, message = error.get("Code", ""), error.get("Message", "")
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500))
    if code in _TRANSIENT_AWS:
        return errors.TransientProviderError(f"AgentCore {code}: {message}")
    inner = _json_or_text(message)
    if isinstance(inner, dict) and "error" in inner:
        return error_from_answer(status, inner)
    if code == "ValidationException":
        return errors.InvalidInputError(f"AgentCore rejected the request: {message}")
    return errors.ProviderError(f"AgentCore {code or 'error'} (HTTP {status}): {message}")


def result_from_answer(body: dict[str, Any]) -> PersonaResult:
    """The petavatar agent's answer as a :class:`PersonaResult`."""
    try:
        analysis = {k: v for k, v in body["pet_analysis"].items() if k != "personality_traits"}
        avatar = dict(body["avatar"])
        png = base64.b64decode(avatar.pop("png_base64"))
        usage = dict(body.get("usage", {}))
        by_step = usage.pop("by_step", {})
        cost = body.get("cost")
        return PersonaResult(
            analysis=PetAnalysis.model_validate(analysis),
            career=CareerProfile.model_validate(body["career"]),
            avatar=AvatarImage(png=png, **avatar),
            identity=IdentityPackage.model_validate(body["identity"]),
            report_card_png=base64.b64decode(body["report_card"]["png_base64"]),
            report_card_og_png=base64.b64decode(body["report_card"]["og_png_base64"]),
            usage=Usage.model_validate(usage),
            step_seconds=dict(body.get("step_seconds", {})),
            usage_by_step={p: Usage.model_validate(u) for p, u in by_step.items()},
            provenance={
                p: PartProvenance.model_validate(m) for p, m in body.get("provenance", {}).items()
            },
            cost=None if cost is None else JobCost.model_validate(cost),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.ProviderError(f"the agent runtime's answer is not a persona: {exc}") from exc


class AgentPipeline:
    """A :class:`PersonaPipeline` run by the petavatar agent runtime."""

    def __init__(self, transport: AgentTransport) -> None:
        self.transport = transport

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        report: Callable[[int, str], None] = progress or (lambda _p, _s: None)
        payload: dict[str, Any] = {"image_base64": base64.b64encode(image_bytes).decode()}
        if hints is not None:
            payload["hints"] = hints.model_dump(exclude_none=True)
        if job_id is not None:
            payload["job_id"] = job_id
        session = f"petavatar-job-{job_id or 'adhoc'}".ljust(33, "0")
        reached = 0
        for event in self.transport.invoke(payload, session):
            kind = event.get("event")
            if kind == "tool_end" and event.get("status") == "success":
                percent, step = TOOL_PROGRESS.get(str(event.get("tool")), (0, ""))
                if step and percent > reached:
                    reached = percent
                    report(percent, step)
            elif kind == "error":
                raise error_from_answer(_status_of(event), event)
            elif kind == "result":
                result = result_from_answer(event)
                report(STEP_PROGRESS["report_card"], "report_card")
                return result
        raise errors.ProviderUnavailableError("the agent runtime ended the stream without a result")

    def close(self) -> None:
        self.transport.close()


def _status_of(event: Event) -> int:
    for cls in _subclasses(errors.PetAvatarError):
        if cls.code == event.get("error"):
            return cls.status_code
    return 500
