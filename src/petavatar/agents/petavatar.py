"""The PetAvatar agent: a Strands agent whose four tools turn a pet photo into a persona.

Payload: ``{"prompt"?, "image_base64" | "s3_uri", "hints"?, "job_id"?, "stream"?}``.
The answer has the shape of ``/results`` (``identity``, ``career``, ``pet_analysis``,
``usage``, ``cost``, ``provenance``) plus the ``avatar`` and both ``report_card`` PNGs as
base64, the tool calls made and the model's closing message. Errors: 400 bad payload or photo,
404 missing ``s3_uri`` object, 422 no pet, 503/504 provider, 500 tool-call limit.

Offline, :class:`PersonaPlanner` drives the loop: analyze → map → render + write (the
last two in one turn, so Strands runs them side by side, as the pipeline does), then a
closing message built from the tool results; a tool that refused its input is retried
once with the references the earlier results gave.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from strands.types.content import Messages

from petavatar.agents.loop import AgentLoop, Emit
from petavatar.agents.offline_model import (
    Plan,
    ToolCall,
    ToolOutcome,
    image_ref_in,
    last_user_index,
    tool_outcomes,
)
from petavatar.agents.runtime import AgentLimits, MemorySessions
from petavatar.agents.tools import PERSONA_TOOL_ORDER, WORK_KEY, PersonaWork, persona_tools
from petavatar.clock import Clock
from petavatar.domain.models import PetHints
from petavatar.errors import InvalidInputError, ProviderError
from petavatar.jobs.pipeline import PersonaResult, Pipeline, timed_into
from petavatar.observability.logs import bind_job, get_logger
from petavatar.ports.blobstore import BlobStore
from petavatar.rendering.report_card import finish_report_cards, prepare_report_cards

SYSTEM_PROMPT = """You are PetAvatar, a service that turns a photo of a pet into a \
professional human persona. Always use the tools, in this order:
1. analyze_pet_image with the image_ref given in the request (and any hints the user states);
2. map_personality_to_career with the analysis_ref that step returned;
3. generate_avatar_image and generate_identity_package, both with that analysis_ref and \
the career_id step 2 returned (you may call them together).
Never invent values the tools did not return. When all four succeeded, answer with a \
two-sentence summary of the persona: name, job title, seniority and similarity score. \
If a tool fails, fix its input if you can; otherwise say what failed."""

IMAGE_REF = "photo"

_log = get_logger("agent", agent="petavatar")


class PetAvatarRequest(BaseModel):
    """The petavatar agent's payload."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(default="Turn this pet photo into a professional persona.", max_length=4000)
    image_base64: str | None = None
    s3_uri: str | None = Field(default=None, max_length=2048)
    hints: PetHints | None = None
    job_id: str | None = Field(default=None, max_length=128)
    stream: bool = False

    @model_validator(mode="after")
    def _one_photo(self) -> PetAvatarRequest:
        if (self.image_base64 is None) == (self.s3_uri is None):
            raise ValueError("give exactly one of image_base64 or s3_uri")
        return self


def parse_request(payload: dict[str, Any]) -> PetAvatarRequest:
    """The validated payload, or InvalidInputError (400) that says what is wrong."""
    try:
        return PetAvatarRequest.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'payload'}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidInputError(f"bad payload: {problems}") from exc


def decode_base64(text: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError("image_base64 is not valid base64") from exc
    if not data:
        raise InvalidInputError("image_base64 is empty")
    return data


class PersonaPlanner:
    """Plans the PetAvatar tool calls from the conversation (the offline model's brain)."""

    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan:
        start = last_user_index(messages)
        prompt_text = "".join(b.get("text", "") for b in messages[start]["content"])
        outcomes = tool_outcomes(messages, max(0, start))
        done = {o.name: o.data for o in outcomes if o.ok}
        for name in PERSONA_TOOL_ORDER[:2]:
            if name not in done:
                return self._call_or_stop([name], outcomes, done, image_ref_in(prompt_text))
        missing = [n for n in PERSONA_TOOL_ORDER[2:] if n not in done]
        if missing:
            return self._call_or_stop(missing, outcomes, done, image_ref_in(prompt_text))
        return Plan(text=_closing(done))

    def _call_or_stop(
        self, names: list[str], outcomes: list[ToolOutcome], done: dict[str, Any], ref: str
    ) -> Plan:
        calls = []
        for name in names:
            tries = [o for o in outcomes if o.name == name]
            if tries and (not tries[-1].input_error or len(tries) > 1):
                return Plan(text=f"I could not finish the persona: {name} failed: {tries[-1].text}")
            calls.append(ToolCall(name, _inputs(name, done, ref)))
        return Plan(calls=tuple(calls))


def _inputs(name: str, done: dict[str, Any], ref: str) -> dict[str, Any]:
    if name == "analyze_pet_image":
        return {"image_ref": ref}
    analysis_ref = done["analyze_pet_image"]["analysis_ref"]
    if name == "map_personality_to_career":
        return {"analysis_ref": analysis_ref}
    return {
        "analysis_ref": analysis_ref,
        "career_id": done["map_personality_to_career"]["career_id"],
    }


def _closing(done: dict[str, Any]) -> str:
    identity = done["generate_identity_package"]
    analysis = done["analyze_pet_image"]
    return (
        f"Meet {identity['human_name']}, {identity['seniority']} {identity['job_title']}: "
        f"a {analysis['breed']} ({analysis['species']}) with {analysis['vibe']!s}. "
        f"Pet-to-human similarity: {identity['similarity_score']}%."
    )


def _png(data: bytes) -> str:
    return base64.b64encode(data).decode()


def persona_response(result: PersonaResult) -> dict[str, Any]:
    """The answer body: the /results shape plus the PNGs, usage, provenance and cost."""
    usage = result.usage_document()
    cost, provenance = usage.pop("cost"), usage.pop("provenance")
    return {
        "identity": result.identity.model_dump(mode="json"),
        "career": result.career.model_dump(mode="json"),
        "pet_analysis": {
            **result.analysis.model_dump(mode="json"),
            "personality_traits": result.analysis.dominant_traits,
        },
        "avatar": {**result.avatar.model_dump(mode="json"), "png_base64": _png(result.avatar.png)},
        "report_card": {
            "png_base64": _png(result.report_card_png),
            "og_png_base64": _png(result.report_card_og_png),
        },
        "usage": usage,
        "cost": cost,
        "provenance": provenance,
        "step_seconds": dict(result.step_seconds),
    }


@dataclass
class PersonaInvocation:
    """One petavatar invocation: the photo in, the persona out."""

    loop: AgentLoop
    work: PersonaWork
    prompt: str
    pipeline: Pipeline
    job_id: str | None
    session_id: str | None

    def run(self, emit: Emit) -> dict[str, Any]:
        with bind_job(self.job_id, session_id=self.session_id):
            outcome = self.loop.run(self.prompt, self.work, WORK_KEY, emit=emit)
            result = self._result(outcome.text)
            _log.info("persona generated", operation="invoke", tool_calls=outcome.tool_calls)
        return {
            "job_id": self.job_id,
            "session_id": self.session_id,
            **persona_response(result),
            "tool_calls": list(self.work.calls),
            "message": outcome.text,
            "agent_tool_calls": outcome.tool_calls,
        }

    def _result(self, closing: str) -> PersonaResult:
        """The tools' work assembled as the pipeline assembles its own (cards, cost)."""
        work = self.work
        if not work.complete:
            if work.failures:
                raise work.failures[-1]
            raise ProviderError(f"the agent stopped without a persona: {closing[:300]}")
        assert work.photo and work.analysis and work.career and work.identity and work.avatar
        photo, analysis, identity, career = work.photo, work.analysis, work.identity, work.career
        avatar = work.avatar
        canvases = timed_into(
            work.timings,
            "report_card",
            lambda: prepare_report_cards(photo.image, analysis, identity, career),
        )
        cards = timed_into(
            work.timings, "report_card_finish", lambda: finish_report_cards(canvases, avatar.png)
        )
        return self.pipeline.result_of(
            analysis, career, avatar, identity, cards, work.timings, work.made
        )

    def cancel(self) -> None:
        self.loop.cancel()


class PetAvatarAgent:
    """The hosted petavatar agent (see the module docstring)."""

    name = "petavatar"

    def __init__(
        self,
        pipeline: Pipeline,
        model: Any,
        limits: AgentLimits,
        clock: Clock,
        *,
        blobs: BlobStore | None = None,
        on_close: Any = None,
    ) -> None:
        self.pipeline = pipeline
        self.steps = pipeline.steps
        self.model = model
        self.limits = limits
        self.blobs = blobs
        self.sessions = MemorySessions(limits, clock)
        self.tools = persona_tools(self.steps)
        self._on_close = on_close

    def _image(self, request: PetAvatarRequest) -> bytes:
        if request.image_base64 is not None:
            return decode_base64(request.image_base64)
        if self.blobs is None:
            raise InvalidInputError("this runtime has no blob store; send image_base64")
        assert request.s3_uri is not None
        return self.blobs.get_bytes(self.blobs.parse_uri(request.s3_uri))

    def prepare(self, payload: dict[str, Any], session_id: str | None) -> PersonaInvocation:
        request = parse_request(payload)
        work = PersonaWork(image=self._image(request), hints=request.hints or PetHints())
        work.image_ref = IMAGE_REF
        prompt = f"{request.prompt}\nimage_ref: {IMAGE_REF}"
        loop = AgentLoop(self.model, self.tools, SYSTEM_PROMPT, self.limits.max_tool_calls)
        return PersonaInvocation(loop, work, prompt, self.pipeline, request.job_id, session_id)

    def warm_up(self) -> None:
        self.steps.provider.warm_up()

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()
