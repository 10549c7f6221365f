"""The agents' Strands tools, over the same :class:`PersonaSteps` the pipeline runs.

The PetAvatar agent's four tools (``analyze_pet_image``, ``map_personality_to_career``,
``generate_avatar_image``, ``generate_identity_package``) call
``PersonaSteps.analyze`` / ``map_career`` / ``render_avatar`` / ``write_identity``, so
an agent-made persona is exactly a pipeline-made one. Large values (the photo, the
PNG) never pass through the model: each invocation has a :class:`PersonaWork` in the
Strands invocation state, the tools read and fill it, and they hand the model small
JSON summaries plus references (``analysis_ref`` = the photo fingerprint, ``career_id``)
that the next tool must be given back. A tool called out of order or with a reference
that does not match answers an error result the model can recover from; a provider
failure is also recorded on the work, so the runtime can answer with its HTTP status.

The coach's tools (:func:`coach_tools`) change a :class:`CoachWork` draft through the
domain rules in :mod:`petavatar.domain.coaching` and the same provider steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, TypeAlias, TypeVar

from strands import tool
from strands.tools.decorator import DecoratedFunctionTool
from strands.types.tools import ToolContext

from petavatar.domain import coaching
from petavatar.domain.careers import explain_score, get_career, species_bonus
from petavatar.domain.dimensions import high_phrases, low_phrases
from petavatar.domain.models import (
    SENIORITIES,
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PetAnalysis,
    PetHints,
    Seniority,
    Usage,
)
from petavatar.errors import InvalidInputError, PetAvatarError
from petavatar.jobs.pipeline import Made, PersonaSteps
from petavatar.providers.local.provider import photo_seed
from petavatar.rendering.decode import LoadedImage

AgentTool: TypeAlias = DecoratedFunctionTool[..., dict[str, Any]]
"""A tool an agent is given: it answers a JSON-ready dict."""

T = TypeVar("T")

WORK_KEY = "petavatar_work"
"""The invocation-state key the tools find their work under."""

PERSONA_TOOL_ORDER: tuple[str, ...] = (
    "analyze_pet_image",
    "map_personality_to_career",
    "generate_avatar_image",
    "generate_identity_package",
)


@dataclass
class PersonaWork:
    """What one PetAvatar invocation has so far."""

    image: bytes
    hints: PetHints = field(default_factory=PetHints)
    image_ref: str = "photo"
    photo: LoadedImage | None = None
    analysis: PetAnalysis | None = None
    career: CareerProfile | None = None
    avatar: AvatarImage | None = None
    identity: IdentityPackage | None = None
    timings: dict[str, float] = field(default_factory=dict)
    made: Made = field(default_factory=dict)
    """Each finished step's result, for usage, provenance and cost (as in the pipeline)."""
    calls: list[str] = field(default_factory=list)
    failures: list[PetAvatarError] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return None not in (self.analysis, self.career, self.avatar, self.identity)


def _work(context: ToolContext, kind: type[T]) -> T:
    work = context.invocation_state.get(WORK_KEY)
    if not isinstance(work, kind):
        raise InvalidInputError("this tool can only run inside a PetAvatar agent invocation")
    return work


def _provider_call(work: PersonaWork | CoachWork, call: Callable[[], T]) -> T:
    """Run a provider step, recording a PetAvatarError for the runtime before re-raising."""
    try:
        return call()
    except PetAvatarError as error:
        work.failures.append(error)
        raise


def _need_analysis(work: PersonaWork, analysis_ref: str) -> PetAnalysis:
    if work.analysis is None:
        raise InvalidInputError("no analysis yet: call analyze_pet_image first")
    if analysis_ref != work.analysis.photo_fingerprint:
        raise InvalidInputError(
            f"unknown analysis_ref {analysis_ref[:80]!r}: pass the analysis_ref that "
            "analyze_pet_image returned"
        )
    return work.analysis


def _need_career(work: PersonaWork, career_id: str) -> CareerProfile:
    if work.career is None:
        raise InvalidInputError("no career yet: call map_personality_to_career first")
    if career_id != work.career.career_id:
        raise InvalidInputError(
            f"unknown career_id {career_id[:80]!r}: pass the career_id that "
            "map_personality_to_career returned"
        )
    return work.career


CareerStep = Callable[[PetAnalysis, CareerProfile], tuple[T, Usage]]


def _career_step(
    work: PersonaWork, name: str, analysis_ref: str, career_id: str, step: CareerStep[T]
) -> T:
    """Record the call, check both references and run ``step`` (it records into ``made``)."""
    work.calls.append(name)
    analysis, career = _need_analysis(work, analysis_ref), _need_career(work, career_id)
    value, _usage = _provider_call(work, lambda: step(analysis, career))
    return value


def analysis_summary(analysis: PetAnalysis) -> dict[str, Any]:
    return {
        "analysis_ref": analysis.photo_fingerprint,
        "species": analysis.species,
        "breed": analysis.breed,
        "dominant_traits": analysis.dominant_traits,
        "vibe": analysis.vibe,
        "expression": analysis.expression,
    }


def career_summary(career: CareerProfile) -> dict[str, Any]:
    return {
        "career_id": career.career_id,
        "job_title": career.job_title,
        "seniority": career.seniority,
        "industry": career.industry,
        "confidence": career.confidence,
        "rationale": career.rationale,
    }


def persona_tools(steps: PersonaSteps) -> list[AgentTool]:
    """The PetAvatar agent's four tools over ``steps``."""
    return [factory(steps) for factory in _PERSONA_TOOL_FACTORIES]


def _analyze_pet_image_tool(steps: PersonaSteps) -> AgentTool:
    """The analysis tool (step 1)."""

    @tool(context=True)
    def analyze_pet_image(
        image_ref: str,
        tool_context: ToolContext,
        species: str | None = None,
        breed: str | None = None,
        pet_name: str | None = None,
    ) -> dict[str, Any]:
        """Analyze the pet photo: species, breed, expression, 47 personality dimensions, vibe.

        Args:
            image_ref: The reference of the photo given in the request (e.g. "photo").
            species: Optional species the user stated (overrides the classifier).
            breed: Optional breed the user stated.
            pet_name: Optional name of the pet.
        """
        work = _work(tool_context, PersonaWork)
        work.calls.append("analyze_pet_image")
        if image_ref != work.image_ref:
            raise InvalidInputError(f"unknown image_ref {image_ref[:80]!r}; use {work.image_ref!r}")
        stated = {"species": species, "breed": breed, "pet_name": pet_name}
        hints = work.hints.model_copy(update={k: v for k, v in stated.items() if v})
        hints = PetHints.model_validate(hints.model_dump())
        photo = work.photo or _provider_call(work, lambda: steps.decode(work.image, work.timings))
        work.photo = photo
        analysis, _usage = _provider_call(
            work, lambda: steps.analyze(photo, hints, work.timings, work.made)
        )
        work.analysis = analysis
        return analysis_summary(analysis)

    return analyze_pet_image


def _map_personality_to_career_tool(
    steps: PersonaSteps,
) -> AgentTool:
    """The career tool (step 2)."""

    @tool(context=True)
    def map_personality_to_career(analysis_ref: str, tool_context: ToolContext) -> dict[str, Any]:
        """Map the analysed personality to the best-fitting human career.

        Args:
            analysis_ref: The analysis_ref returned by analyze_pet_image.
        """
        work = _work(tool_context, PersonaWork)
        work.calls.append("map_personality_to_career")
        analysis = _need_analysis(work, analysis_ref)
        career, _usage = _provider_call(
            work, lambda: steps.map_career(analysis, work.timings, work.made)
        )
        work.career = career
        return career_summary(career)

    return map_personality_to_career


def _generate_avatar_image_tool(steps: PersonaSteps) -> AgentTool:
    """The avatar tool (step 3)."""

    @tool(context=True)
    def generate_avatar_image(
        analysis_ref: str, career_id: str, tool_context: ToolContext
    ) -> dict[str, Any]:
        """Render the professional human headshot (PNG, 1024x1024 or larger) for the career.

        Args:
            analysis_ref: The analysis_ref returned by analyze_pet_image.
            career_id: The career_id returned by map_personality_to_career.
        """
        work = _work(tool_context, PersonaWork)
        avatar = _career_step(
            work,
            "generate_avatar_image",
            analysis_ref,
            career_id,
            lambda a, c: steps.render_avatar(a, c, work.timings, work.made, photo=work.photo),
        )
        work.avatar = avatar
        return {"width": avatar.width, "height": avatar.height, "prompt": avatar.prompt}

    return generate_avatar_image


def _generate_identity_package_tool(steps: PersonaSteps) -> AgentTool:
    """The identity tool (step 4)."""

    @tool(context=True)
    def generate_identity_package(
        analysis_ref: str, career_id: str, tool_context: ToolContext
    ) -> dict[str, Any]:
        """Write the identity: human name, 3-paragraph bio, skills, trajectory, similarity.

        Args:
            analysis_ref: The analysis_ref returned by analyze_pet_image.
            career_id: The career_id returned by map_personality_to_career.
        """
        work = _work(tool_context, PersonaWork)
        identity = _career_step(
            work,
            "generate_identity_package",
            analysis_ref,
            career_id,
            lambda a, c: steps.write_identity(a, c, work.timings, work.made),
        )
        work.identity = identity
        return {
            "human_name": identity.human_name,
            "job_title": identity.job_title,
            "seniority": identity.seniority,
            "similarity_score": identity.similarity_score,
        }

    return generate_identity_package


_PERSONA_TOOL_FACTORIES: Final = (
    _analyze_pet_image_tool,
    _map_personality_to_career_tool,
    _generate_avatar_image_tool,
    _generate_identity_package_tool,
)


# -- the coach ------------------------------------------------------------------------


@dataclass
class CoachWork:
    """A coach session's draft persona and what the tools did to it in this turn."""

    analysis: PetAnalysis
    career: CareerProfile
    identity: IdentityPackage
    avatar_png: bytes
    job_id: str | None = None
    tones: list[str] = field(default_factory=list)
    avatar_stale: bool = False
    saved_version: int = 0
    usage: Usage = field(default_factory=Usage)
    calls: list[str] = field(default_factory=list)
    failures: list[PetAvatarError] = field(default_factory=list)
    save: Callable[[CoachWork, str], int] | None = None
    """Stores the draft as a new version of its job; returns the version number."""


def _apply_tones(work: CoachWork, identity: IdentityPackage) -> IdentityPackage:
    bio = identity.bio
    for tone in work.tones:
        bio = coaching.bio_in_tone(
            work.analysis,
            work.career,
            identity.human_name,
            bio,
            tone,
            seed=photo_seed(work.analysis.photo_fingerprint),
        )
    return identity.model_copy(update={"bio": bio})


def _rewrite_identity(steps: PersonaSteps, work: CoachWork) -> None:
    timings: dict[str, float] = {}
    identity, usage = _provider_call(
        work, lambda: steps.write_identity(work.analysis, work.career, timings)
    )
    work.identity = _apply_tones(work, identity)
    work.usage = work.usage + usage


def _article(text: str) -> str:
    return "an" if text[:1].lower() in "aeiou" else "a"


def persona_line(work: CoachWork) -> str:
    """One line naming the draft persona as it stands."""
    career, name = work.career, work.identity.human_name
    title = career.job_title
    return f"{name}, {_article(career.seniority)} {career.seniority} {title} in {career.industry}"


def explain(work: CoachWork) -> dict[str, Any]:
    """Why the draft has its career: the rationale and the traits that scored it."""
    career = get_career(work.career.career_id)
    dims = work.analysis.personality_dimensions
    parts = [(d, p) for d, p in explain_score(career, dims) if p > 0][:3]
    high, low = high_phrases(), low_phrases()
    phrases = {d: high[d] if career.signature[d] > 0 else low[d] for d, _ in parts}
    traits = [f"{phrases[d]} ({dims[d]}/100)" for d, _ in parts]
    bonus = species_bonus(career, work.analysis.species)
    runner_ups = ", ".join(r.job_title for r in work.career.runner_ups)
    summary = (
        f"{persona_line(work)}. {work.career.rationale} "
        f"The traits that count most: {'; '.join(traits) or 'an even profile'}."
        + (f" Being a {work.analysis.species} helps too." if bonus > 0 else "")
        + (f" Close runners-up: {runner_ups}." if runner_ups else "")
    )
    return {
        "summary": summary,
        "career_id": work.career.career_id,
        "confidence": work.career.confidence,
        "vibe": work.analysis.vibe,
        "dominant_traits": work.analysis.dominant_traits,
    }


def coach_snapshot(work: CoachWork, summary: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "career_id": work.career.career_id,
        "job_title": work.career.job_title,
        "seniority": work.career.seniority,
        "industry": work.career.industry,
        "human_name": work.identity.human_name,
        "tones": list(work.tones),
        "avatar_stale": work.avatar_stale,
    }


def with_tone(tones: list[str], tone: str) -> list[str]:
    """The tones after asking for ``tone``: formal and funnier replace each other; shorter
    stays and is applied last."""
    if tone not in coaching.TONES:
        raise InvalidInputError(f"unknown tone {tone!r}; use one of {', '.join(coaching.TONES)}")
    if tone == "shorter":
        return [*[t for t in tones if t != "shorter"], "shorter"]
    return [tone, *[t for t in tones if t == "shorter"]]


def _set_seniority(work: CoachWork, direction: str, steps_count: int, level: str) -> Seniority:
    if level:
        if level not in SENIORITIES:
            raise InvalidInputError(f"unknown level {level!r}; use one of {', '.join(SENIORITIES)}")
        return SENIORITIES[SENIORITIES.index(level)]
    if direction not in ("up", "down"):
        raise InvalidInputError("direction must be 'up' or 'down' (or give a level)")
    sign = 1 if direction == "up" else -1
    return coaching.step_seniority(work.career.seniority, sign * max(1, steps_count))


def coach_tools(steps: PersonaSteps) -> list[AgentTool]:
    """The coach-companion's tools over ``steps``."""
    return [factory(steps) for factory in _COACH_TOOL_FACTORIES]


def _explain_persona_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's explain tool."""

    @tool(context=True)
    def explain_persona(tool_context: ToolContext, question: str = "") -> dict[str, Any]:
        """Explain why the persona has its career, from the traits that scored it.

        Args:
            question: The user's question, for context.
        """
        work = _work(tool_context, CoachWork)
        work.calls.append("explain_persona")
        return explain(work)

    return explain_persona


def _change_career_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's career-change tool."""

    @tool(context=True)
    def change_career(
        tool_context: ToolContext,
        career: str = "",
        industry: str = "",
        direction: str = "",
        seniority: str = "",
    ) -> dict[str, Any]:
        """Change the persona's career: by career id or job title, by industry, or by direction.

        Args:
            career: A career id or job title from the catalog (e.g. "Creative Director").
            industry: An industry (e.g. "healthcare"); the best-fitting career in it is chosen.
            direction: One of creative, analytical, outdoors, people, leadership, hands-on.
            seniority: Optional level to keep (entry-level, mid-level, senior, executive).
        """
        work = _work(tool_context, CoachWork)
        work.calls.append("change_career")
        try:
            work.career = coaching.choose_career(
                work.analysis,
                career_id=career or None,
                industry=industry or None,
                direction=direction or None,
                exclude=[work.career.career_id],
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from exc
        if seniority:
            level = _set_seniority(work, "", 0, seniority)
            work.career = work.career.model_copy(update={"seniority": level})
        _rewrite_identity(steps, work)
        work.avatar_stale = True
        return coach_snapshot(work, f"New career: {persona_line(work)}.")

    return change_career


def _change_seniority_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's seniority tool."""

    @tool(context=True)
    def change_seniority(
        tool_context: ToolContext, direction: str = "up", steps_count: int = 1, level: str = ""
    ) -> dict[str, Any]:
        """Move the persona's seniority up or down the ladder, or set a level.

        Args:
            direction: "up" or "down".
            steps_count: How many levels to move (default 1).
            level: Optional exact level: entry-level, mid-level, senior or executive.
        """
        work = _work(tool_context, CoachWork)
        work.calls.append("change_seniority")
        before = work.career.seniority
        after = _set_seniority(work, direction, steps_count, level)
        work.career = work.career.model_copy(update={"seniority": after})
        _rewrite_identity(steps, work)
        note = "already there" if after == before else f"was {before}"
        return coach_snapshot(work, f"Seniority is now {after} ({note}): {persona_line(work)}.")

    return change_seniority


def _rewrite_bio_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's bio tool."""

    @tool(context=True)
    def rewrite_bio(tone: str, tool_context: ToolContext) -> dict[str, Any]:
        """Rewrite the persona's bio in a tone: formal, funnier or shorter.

        Args:
            tone: One of formal, funnier, shorter.
        """
        work = _work(tool_context, CoachWork)
        work.calls.append("rewrite_bio")
        work.tones = with_tone(work.tones, tone)
        _rewrite_identity(steps, work)
        result = coach_snapshot(work, f"Bio rewritten ({', '.join(work.tones)}).")
        result["bio"] = work.identity.bio
        return result

    return rewrite_bio


def _rerender_avatar_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's avatar tool."""

    @tool(context=True)
    def rerender_avatar(tool_context: ToolContext) -> dict[str, Any]:
        """Render the avatar again for the persona's current career (attire and setting)."""
        work = _work(tool_context, CoachWork)
        work.calls.append("rerender_avatar")
        rerender(steps, work)
        return coach_snapshot(work, f"New headshot rendered for {persona_line(work)}.")

    return rerender_avatar


def _save_version_tool(steps: PersonaSteps) -> AgentTool:
    """The coach's save tool."""

    @tool(context=True)
    def save_version(tool_context: ToolContext, note: str = "") -> dict[str, Any]:
        """Save the persona as it stands as a new version of its job (served by /results).

        Args:
            note: Optional note stored with the version.
        """
        work = _work(tool_context, CoachWork)
        work.calls.append("save_version")
        save = work.save
        if save is None or work.job_id is None:
            raise InvalidInputError("this persona has no job to save a version to")
        if work.avatar_stale:
            rerender(steps, work)
        work.saved_version = _provider_call(work, lambda: save(work, note))
        summary = f"Saved as version {work.saved_version} of job {work.job_id}."
        result = coach_snapshot(work, summary)
        result["version"] = work.saved_version
        return result

    return save_version


_COACH_TOOL_FACTORIES: Final = (
    _explain_persona_tool,
    _change_career_tool,
    _change_seniority_tool,
    _rewrite_bio_tool,
    _rerender_avatar_tool,
    _save_version_tool,
)


def rerender(steps: PersonaSteps, work: CoachWork) -> None:
    """Render the draft's avatar again with the provider step."""
    timings: dict[str, float] = {}
    avatar, usage = _provider_call(
        work, lambda: steps.render_avatar(work.analysis, work.career, timings)
    )
    work.avatar_png, work.avatar_stale = avatar.png, False
    work.usage = work.usage + usage
