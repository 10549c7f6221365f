"""The deterministic PetAvatar workflow: analyze → map → render → write, then the report card.

Rendering the avatar and writing the identity (plus laying out the report
card) both need only the analysis and the career, so they run side by side;
the avatar is pasted into the card last. Each provider step runs with a time
budget (a step that overruns raises :class:`StepTimeoutError`, HTTP 504), is
retried with exponential backoff on transient provider errors only, reports
progress (0–100) through a callback,
and logs structured JSON with component, operation and job id. The same
workflow serves the CLI, the local worker and (later) Lambda.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

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
from petavatar.rendering.decode import load_image
from petavatar.rendering.report_card import finish_report_card, prepare_report_card

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


class Pipeline:
    """Runs the four provider steps with retries, timeouts, progress and structured logs."""

    def __init__(
        self,
        provider: Provider,
        *,
        clock: Clock | None = None,
        step_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        self.provider = provider
        self.prices = prices
        self.clock = clock or SystemClock()
        self.step_timeout = step_timeout
        self.retry = retry or RetryPolicy()
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=16, thread_name_prefix="pipeline-step"
        )
        self._parallel = concurrent.futures.ThreadPoolExecutor(
            max_workers=8, thread_name_prefix="pipeline-branch"
        )
        self._log = get_logger("pipeline", provider=provider.name)

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        """Turn one photo's bytes into a persona. Raises PetAvatarError subclasses."""
        hints = hints or PetHints()
        report = progress or (lambda _percent, _step: None)
        timings: dict[str, float] = {}
        made: dict[PersonaPart, StepResult[Any]] = {}
        with bind_job(job_id):
            try:
                photo = self._timed(timings, "decode", lambda: load_image(image_bytes))
                report(STEP_PROGRESS["decode"], "decode")
                analysis, u1 = self._step(
                    timings, "analyze", lambda: self.provider.analyze(photo, hints), made
                )
                report(STEP_PROGRESS["analyze"], "analyze")
                career, u2 = self._step(
                    timings, "map", lambda: self.provider.map_career(analysis), made
                )
                report(STEP_PROGRESS["map"], "map")
                render_job = self._parallel.submit(
                    contextvars.copy_context().run,
                    self._step,
                    timings,
                    "render",
                    lambda: self.provider.render_avatar_from_photo(photo, analysis, career),
                    made,
                )
                try:
                    identity, u4 = self._step(
                        timings,
                        "write",
                        lambda: self.provider.write_identity(analysis, career),
                        made,
                    )
                    canvas = self._timed(
                        timings,
                        "report_card",
                        lambda: prepare_report_card(photo.image, analysis, identity, career),
                    )
                finally:
                    concurrent.futures.wait([render_job])
                avatar, u3 = render_job.result()
                report(STEP_PROGRESS["render"], "render")
                report(STEP_PROGRESS["write"], "write")
                card = self._timed(
                    timings, "report_card_finish", lambda: finish_report_card(canvas, avatar.png)
                )
                report(STEP_PROGRESS["report_card"], "report_card")
            except PetAvatarError as error:
                log_error(self._log, "pipeline.run", error, error_code=error.code)
                raise
            self._log.info(
                "persona generated",
                operation="pipeline.run",
                species=analysis.species,
                breed=analysis.breed,
                career=career.career_id,
                step_seconds=timings,
            )
        parts = [part for part in PERSONA_PARTS if part in made]
        usage_by_step = {part: made[part].usage for part in parts}
        provenance = {
            part: made[part].provenance
            or PartProvenance(provider=self.provider.name, model="unknown")
            for part in parts
        }
        return PersonaResult(
            analysis=analysis,
            career=career,
            avatar=avatar,
            identity=identity,
            report_card_png=card,
            usage=u1 + u2 + u3 + u4,
            step_seconds=timings,
            usage_by_step=usage_by_step,
            provenance=provenance,
            cost=None if self.prices is None else self.prices.job_cost(usage_by_step, provenance),
        )

    def _timed(self, timings: dict[str, float], step: str, compute: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return compute()
        finally:
            timings[step] = round(time.perf_counter() - start, 6)

    def _step(
        self,
        timings: dict[str, float],
        step: PersonaPart,
        call: Callable[[], StepResult[T]],
        made: dict[PersonaPart, StepResult[Any]],
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

        result = self._timed(
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
        made[step] = result
        return result.value, result.usage

    def _with_timeout(self, step: str, call: Callable[[], StepResult[T]]) -> StepResult[T]:
        future = self._executor.submit(call)
        try:
            return future.result(timeout=self.step_timeout)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise StepTimeoutError(
                f"the {step} step took longer than {self.step_timeout:g} s and was stopped; "
                "try again, or use a smaller photo"
            ) from exc
