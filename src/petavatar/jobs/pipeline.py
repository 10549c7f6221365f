"""The PetAvatar workflow: analyze → map → render → write, then the report card.

:class:`PersonaPipeline` is the interface the worker, the CLI and the agents
depend on; :class:`Pipeline` is the real one. It composes :class:`PersonaSteps`,
the provider steps with their policy: each step runs with a time budget (a step
that overruns raises :class:`StepTimeoutError`, HTTP 504), is retried with
exponential backoff on transient provider errors only, and logs structured JSON
with component, operation and job id. The agents' tools call the same
:class:`PersonaSteps`, so there is one implementation of every step.

Rendering the avatar and writing the identity (plus laying out the report card)
both need only the analysis and the career, so they run side by side; the
avatar is pasted into the card last. Step threads come from a
:class:`StepExecutor`; the composition root builds one pipeline per process and
every worker thread shares it.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, TypeVar

from petavatar.clock import Clock, SystemClock
from petavatar.domain.models import (
    PERSONA_PARTS,
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PartProvenance,
    PersonaPart,
    PetAnalysis,
    PetHints,
    Usage,
)
from petavatar.errors import PetAvatarError, StepTimeoutError
from petavatar.jobs.retry import RetryPolicy, call_with_retry
from petavatar.observability.logs import bind_job, get_logger, log_error
from petavatar.ports.provider import Provider, StepResult
from petavatar.providers.pricing import JobCost, PriceTable
from petavatar.rendering.decode import LoadedImage, load_image
from petavatar.rendering.report_card import (
    ReportCards,
    finish_report_cards,
    prepare_report_cards,
)

T = TypeVar("T")

ProgressCallback = Callable[[int, str], None]
"""Called with (percent 0–100, step name) as the pipeline advances."""

#: Progress reached when each step finishes.
STEP_PROGRESS: Final[dict[str, int]] = {
    "decode": 5,
    "analyze": 30,
    "map": 45,
    "render": 70,
    "write": 85,
    "report_card": 100,
}


@dataclass(frozen=True)
class PersonaResult:
    """Everything one run produces."""

    analysis: PetAnalysis
    career: CareerProfile
    avatar: AvatarImage
    identity: IdentityPackage
    report_card_png: bytes
    report_card_og_png: bytes
    """The same card at the Open Graph size, 1200×630."""
    usage: Usage
    step_seconds: dict[str, float] = field(default_factory=dict)
    usage_by_step: dict[PersonaPart, Usage] = field(default_factory=dict)
    provenance: dict[PersonaPart, PartProvenance] = field(default_factory=dict)
    cost: JobCost | None = None

    def usage_document(self) -> dict[str, Any]:
        """Usage totals plus per-step usage, provenance and cost (the job record's ``usage``)."""
        return {
            **self.usage.model_dump(mode="json"),
            "by_step": {p: u.model_dump(mode="json") for p, u in self.usage_by_step.items()},
            "provenance": {p: m.model_dump(mode="json") for p, m in self.provenance.items()},
            "cost": None if self.cost is None else self.cost.model_dump(mode="json"),
        }


class PersonaPipeline(Protocol):
    """Runs one photo to a persona: the real :class:`Pipeline`, the bench's no-op, test fakes."""

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        """Turn one photo's bytes into a persona. Raises PetAvatarError subclasses."""
        ...

    def close(self) -> None:
        """Release threads and sessions; the pipeline is not used afterwards."""
        ...


class StepExecutor:
    """The threads provider steps run on (for time budgets and the parallel branch).

    One per process is enough: every pipeline and agent built by the composition
    root shares it. ``close`` shuts the threads down; it is idempotent.
    """

    def __init__(self, max_workers: int = 16) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="pipeline-step"
        )

    def submit(self, call: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run ``call`` on a step thread, in a copy of the caller's context (log bindings)."""
        return self._pool.submit(contextvars.copy_context().run, call)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> StepExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Made = dict[PersonaPart, StepResult[Any]]
"""Each finished step's result (value, usage, provenance), filled in as a run goes."""


class PersonaSteps:
    """The provider steps with time budgets, retries on transient errors and step timings.

    Each step optionally records its :class:`StepResult` in ``made``, so a run can
    report per-step usage, provenance and cost.
    """

    def __init__(
        self,
        provider: Provider,
        executor: StepExecutor,
        *,
        clock: Clock | None = None,
        step_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.provider = provider
        self.executor = executor
        self.clock = clock or SystemClock()
        self.step_timeout = step_timeout
        self.retry = retry or RetryPolicy()
        self._log = get_logger("pipeline", provider=provider.name)

    def decode(self, image_bytes: bytes, timings: dict[str, float]) -> LoadedImage:
        return timed_into(timings, "decode", lambda: load_image(image_bytes))

    def analyze(
        self,
        photo: LoadedImage,
        hints: PetHints,
        timings: dict[str, float],
        made: Made | None = None,
    ) -> tuple[PetAnalysis, Usage]:
        return self._step(timings, "analyze", lambda: self.provider.analyze(photo, hints), made)

    def map_career(
        self, analysis: PetAnalysis, timings: dict[str, float], made: Made | None = None
    ) -> tuple[CareerProfile, Usage]:
        return self._step(timings, "map", lambda: self.provider.map_career(analysis), made)

    def render_avatar(
        self,
        analysis: PetAnalysis,
        career: CareerProfile,
        timings: dict[str, float],
        made: Made | None = None,
        *,
        photo: LoadedImage | None = None,
    ) -> tuple[AvatarImage, Usage]:
        """The avatar; with ``photo``, image models that can are conditioned on the pet."""
        return self._step(
            timings,
            "render",
            lambda: self.provider.render_avatar_from_photo(photo, analysis, career),
            made,
        )

    def write_identity(
        self,
        analysis: PetAnalysis,
        career: CareerProfile,
        timings: dict[str, float],
        made: Made | None = None,
    ) -> tuple[IdentityPackage, Usage]:
        return self._step(
            timings, "write", lambda: self.provider.write_identity(analysis, career), made
        )

    def _step(
        self,
        timings: dict[str, float],
        step: PersonaPart,
        call: Callable[[], StepResult[T]],
        made: Made | None = None,
    ) -> tuple[T, Usage]:
        def attempt() -> StepResult[T]:
            return self._with_timeout(step, call)

        def on_retry(number: int, delay: float, error: BaseException) -> None:
            self._log.warning(
                "transient provider error; retrying",
                operation=step,
                attempt=number,
                delay_seconds=delay,
                error_type=type(error).__name__,
                error_message=getattr(error, "message", str(error)),
            )

        result = timed_into(
            timings,
            step,
            lambda: call_with_retry(
                attempt,
                policy=self.retry,
                clock=self.clock,
                on_retry=on_retry,
                description=f"the {self.provider.name} provider ({step} step)",
            ),
        )
        if made is not None:
            made[step] = result
        return result.value, result.usage

    def _with_timeout(self, step: str, call: Callable[[], StepResult[T]]) -> StepResult[T]:
        future = self.executor.submit(call)
        try:
            return future.result(timeout=self.step_timeout)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise StepTimeoutError(
                f"the {step} step took longer than {self.step_timeout:g} s and was stopped; "
                "try again, or use a smaller photo"
            ) from exc


def timed_into(timings: dict[str, float], step: str, compute: Callable[[], T]) -> T:
    """Run ``compute``, recording its wall time under ``step`` in ``timings``."""
    start = time.perf_counter()
    try:
        return compute()
    finally:
        timings[step] = round(time.perf_counter() - start, 6)


class Pipeline:
    """The real :class:`PersonaPipeline` over :class:`PersonaSteps`.

    Without an ``executor`` the pipeline makes one and owns it (``close`` shuts it
    down); a shared executor stays its creator's to close.
    """

    def __init__(
        self,
        provider: Provider,
        *,
        executor: StepExecutor | None = None,
        clock: Clock | None = None,
        step_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        self._owned = executor is None
        self.prices = prices
        self.steps = PersonaSteps(
            provider,
            executor or StepExecutor(),
            clock=clock,
            step_timeout=step_timeout,
            retry=retry,
        )
        self._log = get_logger("pipeline", provider=provider.name)

    def close(self) -> None:
        if self._owned:
            self.steps.executor.close()

    @property
    def provider(self) -> Provider:
        return self.steps.provider

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        """Turn one photo's bytes into a persona. Raises PetAvatarError subclasses."""
        report = progress or (lambda _percent, _step: None)
        timings: dict[str, float] = {}
        with bind_job(job_id):
            try:
                result = self._run(image_bytes, hints or PetHints(), report, timings)
            except PetAvatarError as error:
                log_error(self._log, "pipeline.run", error, error_code=error.code)
                raise
            self._log.info(
                "persona generated",
                operation="pipeline.run",
                species=result.analysis.species,
                breed=result.analysis.breed,
                career=result.career.career_id,
                step_seconds=timings,
            )
        return result

    def _run(
        self,
        image_bytes: bytes,
        hints: PetHints,
        report: ProgressCallback,
        timings: dict[str, float],
    ) -> PersonaResult:
        steps = self.steps
        made: Made = {}
        photo = steps.decode(image_bytes, timings)
        report(STEP_PROGRESS["decode"], "decode")
        analysis, _ = steps.analyze(photo, hints, timings, made)
        report(STEP_PROGRESS["analyze"], "analyze")
        career, _ = steps.map_career(analysis, timings, made)
        report(STEP_PROGRESS["map"], "map")
        render_job = steps.executor.submit(
            lambda: steps.render_avatar(analysis, career, timings, made, photo=photo)
        )
        try:
            identity, _ = steps.write_identity(analysis, career, timings, made)
            canvases = timed_into(
                timings,
                "report_card",
                lambda: prepare_report_cards(photo.image, analysis, identity, career),
            )
        finally:
            concurrent.futures.wait([render_job])
        avatar, _ = render_job.result()
        report(STEP_PROGRESS["render"], "render")
        report(STEP_PROGRESS["write"], "write")
        cards = timed_into(
            timings,
            "report_card_finish",
            lambda: finish_report_cards(canvases, avatar.png, steps.executor.submit),
        )
        report(STEP_PROGRESS["report_card"], "report_card")
        return self.result_of(analysis, career, avatar, identity, cards, timings, made)

    def result_of(
        self,
        analysis: PetAnalysis,
        career: CareerProfile,
        avatar: AvatarImage,
        identity: IdentityPackage,
        cards: ReportCards,
        timings: dict[str, float],
        made: Made,
    ) -> PersonaResult:
        """The result of finished steps (``made``): usage, provenance and cost added.

        The agents' tools run the same steps one by one and assemble through here too.
        """
        usage_by_step, provenance = self._accounts(made)
        return PersonaResult(
            analysis=analysis,
            career=career,
            avatar=avatar,
            identity=identity,
            report_card_png=cards.card_png,
            report_card_og_png=cards.og_png,
            usage=sum(usage_by_step.values(), Usage()),
            step_seconds=timings,
            usage_by_step=usage_by_step,
            provenance=provenance,
            cost=None if self.prices is None else self.prices.job_cost(usage_by_step, provenance),
        )

    def _accounts(
        self, made: Made
    ) -> tuple[dict[PersonaPart, Usage], dict[PersonaPart, PartProvenance]]:
        """Per-step usage and provenance, in step order (unknown makers named as such)."""
        parts = [part for part in PERSONA_PARTS if part in made]
        unknown = PartProvenance(provider=self.provider.name, model="unknown")
        return (
            {part: made[part].usage for part in parts},
            {part: made[part].provenance or unknown for part in parts},
        )
