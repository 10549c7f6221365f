"""coach-companion: a career coach for a finished persona that remembers the conversation.

Payload: ``{"prompt", "job_id"}`` (a completed job) or ``{"prompt", "persona"}`` (the
``identity``, ``career`` and full ``pet_analysis`` documents); later turns of the same
session need only ``prompt``. The session is the AgentCore session header (a new id is
made and returned when it is missing). Per session the coach keeps the Strands
conversation and the draft persona in :mod:`petavatar.agents.memory`, so a restarted
runtime carries on where it left off.

Its tools (:func:`petavatar.agents.tools.coach_tools`) explain the persona, change the
career (by name, industry or direction), move the seniority, rewrite the bio in a
tone, re-render the avatar and save a version that ``/results`` serves. With a real
model the tools serve free conversation; offline, :class:`CoachPlanner` reads plain
English: each clause of the latest message becomes one tool call, run one per turn of
the loop, and references to earlier turns ("the previous career", "more senior than
that") are resolved from the conversation's own tool results.
"""

from __future__ import annotations

import base64
import re
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from strands.types.content import Messages

from petavatar.agents.loop import AgentLoop, Emit
from petavatar.agents.memory import CoachMemory, CoachSession
from petavatar.agents.offline_model import (
    Plan,
    ToolCall,
    ToolOutcome,
    last_user_index,
    tool_outcomes,
    user_texts,
)
from petavatar.agents.runtime import AgentLimits
from petavatar.agents.tools import WORK_KEY, CoachWork, coach_tools, persona_line
from petavatar.domain import coaching
from petavatar.domain.models import CareerProfile, IdentityPackage, PetAnalysis
from petavatar.errors import ConflictError, InvalidInputError, NotFoundError
from petavatar.jobs.keys import validate_job_id
from petavatar.jobs.pipeline import PersonaSteps
from petavatar.jobs.versions import PersonaVersions
from petavatar.observability.logs import bind_job, get_logger
from petavatar.ports.blobstore import BlobStore
from petavatar.ports.jobstore import JobStore
from petavatar.rendering.decode import load_image
from petavatar.rendering.report_card import finish_report_cards, prepare_report_cards

SYSTEM_PROMPT = """You are coach-companion, a friendly career coach for a PetAvatar \
persona (a pet imagined as a human professional). Use the tools for every change: \
explain_persona to say why the persona has its career; change_career by career name, \
industry or direction (creative, analytical, outdoors, people, leadership, hands-on); \
change_seniority up or down; rewrite_bio with tone formal, funnier or shorter; \
rerender_avatar; save_version when the user wants to keep the result. Resolve references \
to earlier turns from the conversation. Never invent persona details the tools did not \
return; answer briefly with what changed."""

HELP: Final = (
    "I can explain the persona, change the career (by name, by industry, or in a direction "
    "such as something more creative), move the seniority up or down, rewrite the bio "
    "(formal, funnier or shorter), re-render the avatar and save a version."
)

_log = get_logger("agent", agent="coach-companion")

# -- understanding plain English (the offline model) -----------------------------------

_SPLIT = re.compile(r"\s*(?:[.;!?]+|,?\s+\band then\b|,?\s+\bthen\b|,?\s+\band\b|,?\s+\balso\b)\s*")
_EXPLAIN = re.compile(r"\b(why|explain|how come|what makes|reason|tell me about)\b")
_SAVE = re.compile(r"\b(save|keep (this|it)|publish|store)\b")
_AVATAR = re.compile(r"\b(re-?render|re-?draw|avatar|headshot|portrait|picture)\b")
_TONES: Final[dict[str, re.Pattern[str]]] = {
    "funnier": re.compile(r"\b(funn|humou?r|joke|jok|playful|witty|light-?hearted)"),
    "formal": re.compile(r"\b(formal|professional|serious|corporate|polished)"),
    "shorter": re.compile(r"\b(short|concise|brief|trim|tighten)"),
}
_LEVELS: Final[dict[str, re.Pattern[str]]] = {
    "entry-level": re.compile(r"\bentry[- ]level\b"),
    "mid-level": re.compile(r"\bmid[- ]level\b"),
    "executive": re.compile(r"\bexecutive level\b|\bc-suite\b"),
}
_DOWN = re.compile(r"\b(less senior|more junior|junior|demot\w*|step down|less experienced)\b")
_UP = re.compile(r"\b(more senior|senior|promot\w*|step up|more experienced|level up)\b")
_TOO = re.compile(r"\btoo (senior|junior)\b")
_MORE = re.compile(r"\b(a lot|much|two levels|2 levels)\b")
_BACK_FIRST = re.compile(r"\b(original|first (one|career|job)|start(ed)? with)\b")
_BACK = re.compile(r"\b(go back|back to|previous|before that|undo|last one)\b")
_CAREER_WORDS = re.compile(
    r"\b(career|job|role|work|position|profession|instead|switch|become|field|industry|"
    r"something|different|another)\b"
)
_DIRECTIONS: Final[dict[str, re.Pattern[str]]] = {
    "creative": re.compile(r"\b(creativ\w*|artsy|artistic|arty)\b"),
    "analytical": re.compile(r"\b(analytic\w*|numbers|technical|data)\b"),
    "outdoors": re.compile(r"\b(outdoors?|outside|nature)\b"),
    "people": re.compile(r"\b(people|social|caring)\b"),
    "leadership": re.compile(r"\b(leader\w*|boss|in charge)\b"),
    "hands-on": re.compile(r"\b(hands-on|practical|manual)\b"),
}
_CONTEXT = re.compile(r"\[persona\][^\n]*career_id=([a-z0-9-]+) seniority=([a-z-]+)")


def career_history(messages: Messages) -> list[tuple[str, str]]:
    """The (career id, seniority) the persona ended each career spell with, oldest first."""
    states: list[tuple[str, str]] = []
    for text in user_texts(messages):
        states += _CONTEXT.findall(text)
    for outcome in tool_outcomes(messages):
        career, seniority = outcome.data.get("career_id"), outcome.data.get("seniority")
        if outcome.ok and career and seniority:
            states.append((str(career), str(seniority)))
    spells: list[tuple[str, str]] = []
    for career, seniority in states:
        if spells and spells[-1][0] == career:
            spells[-1] = (career, seniority)
        else:
            spells.append((career, seniority))
    return spells


def _tone_call(clause: str) -> ToolCall | None:
    for tone, pattern in _TONES.items():
        if pattern.search(clause):
            return ToolCall("rewrite_bio", {"tone": tone})
    return None


def _seniority_call(clause: str) -> ToolCall | None:
    for level, pattern in _LEVELS.items():
        if pattern.search(clause):
            return ToolCall("change_seniority", {"level": level})
    steps = 2 if _MORE.search(clause) else 1
    too = _TOO.search(clause)
    if too is not None:
        direction = "down" if too.group(1) == "senior" else "up"
        return ToolCall("change_seniority", {"direction": direction, "steps_count": steps})
    if _DOWN.search(clause):
        return ToolCall("change_seniority", {"direction": "down", "steps_count": steps})
    if _UP.search(clause):
        return ToolCall("change_seniority", {"direction": "up", "steps_count": steps})
    return None


def _back_to(spell: tuple[str, str]) -> ToolCall:
    return ToolCall("change_career", {"career": spell[0], "seniority": spell[1]})


def _career_call(clause: str, history: list[tuple[str, str]]) -> ToolCall | None:
    named = coaching.find_career(clause)
    if named is not None:
        return ToolCall("change_career", {"career": named.career_id})
    if _BACK_FIRST.search(clause) and history:
        return _back_to(history[0])
    if _BACK.search(clause) and len(history) >= 2:
        return _back_to(history[-2])
    industry = coaching.find_industry(clause)
    if industry is not None:
        return ToolCall("change_career", {"industry": industry})
    for direction, pattern in _DIRECTIONS.items():
        if pattern.search(clause):
            return ToolCall("change_career", {"direction": direction})
    if _CAREER_WORDS.search(clause) and re.search(r"\b(different|another|new|else)\b", clause):
        return ToolCall("change_career", {})
    return None


def intents(text: str, history: list[tuple[str, str]]) -> list[ToolCall]:
    """The tool calls a user message asks for, one per clause, in the order asked."""
    calls: list[ToolCall] = []
    for clause in (c.strip().lower() for c in _SPLIT.split(text)):
        if not clause:
            continue
        call: ToolCall | None = None
        if _EXPLAIN.search(clause):
            call = ToolCall("explain_persona", {"question": clause})
        elif _SAVE.search(clause):
            call = ToolCall("save_version", {})
        elif _AVATAR.search(clause):
            call = ToolCall("rerender_avatar", {})
        else:
            call = _tone_call(clause) or _seniority_call(clause) or _career_call(clause, history)
        if call is not None:
            calls.append(call)
    return calls


def _reply(outcome: ToolOutcome) -> str:
    if not outcome.ok:
        reason = outcome.text.split(" - ", 1)[-1]
        return f"I couldn't do that ({outcome.name}): {reason}"
    summary = str(outcome.data.get("summary", ""))
    if outcome.name == "rewrite_bio" and outcome.data.get("bio"):
        return f"{summary}\n\n{outcome.data['bio']}"
    return summary


class CoachPlanner:
    """Plans the coach's tool calls from the conversation (the offline model's brain)."""

    def plan(self, messages: Messages, tools: frozenset[str]) -> Plan:
        start = last_user_index(messages)
        text = "".join(b.get("text", "") for b in messages[start]["content"])
        text = _CONTEXT.sub("", text)
        wanted = intents(text, career_history(messages))
        done = tool_outcomes(messages, max(0, start))
        if len(done) < len(wanted):
            return Plan(calls=(wanted[len(done)],))
        if not wanted:
            return Plan(text=HELP)
        return Plan(text="\n\n".join(_reply(o) for o in done))


# -- the hosted agent --------------------------------------------------------------------


class PersonaDocument(BaseModel):
    """A persona given inline instead of a job id."""

    model_config = ConfigDict(extra="ignore")

    identity: IdentityPackage
    career: CareerProfile
    pet_analysis: dict[str, Any]
    avatar_png_base64: str | None = None


class CoachRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=4000)
    job_id: str | None = None
    persona: PersonaDocument | None = None
    stream: bool = False


def _draft(work: CoachWork) -> dict[str, Any]:
    return {
        "analysis": work.analysis.model_dump(mode="json"),
        "career": work.career.model_dump(mode="json"),
        "identity": work.identity.model_dump(mode="json"),
        "tones": work.tones,
        "avatar_stale": work.avatar_stale,
        "saved_version": work.saved_version,
    }


def _work_from_draft(session: CoachSession) -> CoachWork:
    assert session.draft is not None and session.avatar_png is not None
    draft = session.draft
    return CoachWork(
        analysis=PetAnalysis.model_validate(draft["analysis"]),
        career=CareerProfile.model_validate(draft["career"]),
        identity=IdentityPackage.model_validate(draft["identity"]),
        avatar_png=session.avatar_png,
        job_id=session.job_id,
        tones=list(draft.get("tones", [])),
        avatar_stale=bool(draft.get("avatar_stale", False)),
        saved_version=int(draft.get("saved_version", 0)),
    )


@dataclass
class CoachTurn:
    """One coach invocation (a turn of the conversation)."""

    agent: CoachCompanionAgent
    session: CoachSession
    work: CoachWork
    prompt: str
    loop: AgentLoop

    def run(self, emit: Emit) -> dict[str, Any]:
        with bind_job(self.work.job_id, session_id=self.session.session_id):
            with self.agent.session_lock(self.session.session_id):
                outcome = self.loop.run(
                    self.prompt, self.work, WORK_KEY, emit=emit, history=self.session.messages
                )
                if self.work.failures and not self.work.calls:
                    raise self.work.failures[-1]
                self.session.messages = outcome.messages
                self.session.draft = _draft(self.work)
                self.session.avatar_png = self.work.avatar_png
                self.agent.memory.save(self.session)
            _log.info("coach turn", operation="invoke", tools=self.work.calls)
        work = self.work
        body: dict[str, Any] = {
            "session_id": self.session.session_id,
            "job_id": work.job_id,
            "message": outcome.text,
            "tool_calls": list(work.calls),
            "persona": {
                "summary": persona_line(work),
                "identity": work.identity.model_dump(mode="json"),
                "career": work.career.model_dump(mode="json"),
                "tones": list(work.tones),
                "saved_version": work.saved_version,
            },
            "usage": work.usage.model_dump(mode="json"),
        }
        if "rerender_avatar" in work.calls:
            body["avatar"] = {"png_base64": base64.b64encode(work.avatar_png).decode()}
        return body

    def cancel(self) -> None:
        self.loop.cancel()


class CoachCompanionAgent:
    """The hosted coach-companion agent (see the module docstring)."""

    name = "coach-companion"

    def __init__(
        self,
        steps: PersonaSteps,
        model: Any,
        limits: AgentLimits,
        memory: CoachMemory,
        *,
        jobs: JobStore | None,
        blobs: BlobStore | None,
        versions: PersonaVersions | None,
        on_close: Any = None,
    ) -> None:
        self.steps = steps
        self.model = model
        self.limits = limits
        self.memory = memory
        self.sessions = memory
        self.jobs, self.blobs, self.versions = jobs, blobs, versions
        self.tools = coach_tools(steps)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._on_close = on_close

    def session_lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(session_id, threading.Lock())

    def prepare(self, payload: dict[str, Any], session_id: str | None) -> CoachTurn:
        try:
            request = CoachRequest.model_validate(payload)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise InvalidInputError(f"bad payload: {problems}") from exc
        sid = session_id or str(uuid.uuid4())
        if session_id is None:
            self.memory.touch(sid)
        session = self.memory.load(sid) or CoachSession(sid, 0.0, 0.0)
        prompt = request.prompt
        if session.draft is None:
            work = self._start(request, session)
            prompt = (
                f"[persona] job_id={work.job_id} career_id={work.career.career_id} "
                f"seniority={work.career.seniority}\n{prompt}"
            )
        else:
            if request.job_id and request.job_id != session.job_id:
                raise ConflictError(
                    f"session {sid[:80]} coaches job {session.job_id}; use a new session id "
                    f"for job {request.job_id}"
                )
            work = _work_from_draft(session)
        work.save = self._save_version
        loop = AgentLoop(self.model, self.tools, SYSTEM_PROMPT, self.limits.max_tool_calls)
        return CoachTurn(self, session, work, prompt, loop)

    def _start(self, request: CoachRequest, session: CoachSession) -> CoachWork:
        if request.job_id:
            work = self._from_job(validate_job_id(request.job_id))
        elif request.persona is not None:
            work = self._from_document(request.persona)
        else:
            raise InvalidInputError("the first turn of a session needs a job_id or a persona")
        session.job_id = work.job_id
        return work

    def _from_job(self, job_id: str) -> CoachWork:
        if self.jobs is None or self.blobs is None:
            raise InvalidInputError("this runtime has no job store; send the persona instead")
        record = self.jobs.find(job_id)
        if record is None:
            raise NotFoundError(f"job {job_id} not found: it does not exist or has expired")
        if record.status != "completed" or not record.s3_avatar_key:
            raise ConflictError(f"job {job_id} is {record.status}; coach a completed job")
        identity, career = record.identity_package or {}, record.career_profile or {}
        analysis, avatar_key = record.pet_analysis or {}, record.s3_avatar_key
        saved = self.versions.latest(job_id) if self.versions else None
        if saved is not None:
            identity, career, analysis = saved.identity, saved.career, saved.pet_analysis
            avatar_key = saved.avatar_key
        return CoachWork(
            analysis=PetAnalysis.model_validate(analysis),
            career=CareerProfile.model_validate(career),
            identity=IdentityPackage.model_validate(identity),
            avatar_png=self.blobs.get_bytes(avatar_key),
            job_id=job_id,
            saved_version=saved.version if saved else 0,
        )

    def _from_document(self, doc: PersonaDocument) -> CoachWork:
        analysis = {k: v for k, v in doc.pet_analysis.items() if k != "personality_traits"}
        try:
            pet = PetAnalysis.model_validate(analysis)
        except ValidationError as exc:
            raise InvalidInputError(f"persona.pet_analysis is not a full analysis: {exc}") from exc
        work = CoachWork(analysis=pet, career=doc.career, identity=doc.identity, avatar_png=b"")
        if doc.avatar_png_base64:
            work.avatar_png = base64.b64decode(doc.avatar_png_base64)
        else:
            work.avatar_stale = True
        return work

    def _save_version(self, work: CoachWork, note: str) -> int:
        assert work.job_id is not None
        if self.versions is None or self.jobs is None or self.blobs is None:
            raise InvalidInputError("this runtime has no job store to save versions to")
        record = self.jobs.get(work.job_id)
        if not record.s3_upload_key:
            raise ConflictError(f"job {work.job_id} has no upload to draw the report card from")
        photo = load_image(self.blobs.get_bytes(record.s3_upload_key))
        canvases = prepare_report_cards(photo.image, work.analysis, work.identity, work.career)
        cards = finish_report_cards(canvases, work.avatar_png)
        saved = self.versions.save(
            work.job_id,
            identity=work.identity.model_dump(mode="json"),
            career=work.career.model_dump(mode="json"),
            pet_analysis=work.analysis.model_dump(mode="json"),
            avatar_png=work.avatar_png,
            report_card_png=cards.card_png,
            report_card_og_png=cards.og_png,
            note=note,
        )
        return saved.version

    def warm_up(self) -> None:
        self.steps.provider.warm_up()

    def close(self) -> None:
        self.memory.close()
        if self._on_close is not None:
            self._on_close()
