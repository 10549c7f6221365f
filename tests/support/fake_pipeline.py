"""Fake pipelines for service, worker and HTTP tests: one tiny class per behaviour.

Each implements :class:`PersonaPipeline`, the interface the worker depends on, and
returns valid domain models (the shapes the offline provider produces) built from
fixed values, instantly.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from petavatar.domain.dimensions import DIMENSIONS
from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    CareerTrajectory,
    IdentityPackage,
    PetAnalysis,
    PetHints,
    SimilarityBreakdown,
    Usage,
)
from petavatar.errors import NoPetFoundError, StepTimeoutError, TransientProviderError
from petavatar.jobs.pipeline import PersonaPipeline, PersonaResult, ProgressCallback

STEPS = (("analyze", 25), ("map", 50), ("render", 75), ("write", 95))


def tiny_png(color: tuple[int, int, int] = (200, 120, 40), size: int = 8) -> bytes:
    """A valid small PNG."""
    buf = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buf, format="PNG")
    return buf.getvalue()


def tiny_jpeg(color: tuple[int, int, int] = (90, 60, 30), size: int = 16) -> bytes:
    """A valid small JPEG."""
    buf = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buf, format="JPEG")
    return buf.getvalue()


def make_result(hints: PetHints | None = None) -> PersonaResult:
    """A complete, schema-valid PersonaResult."""
    breakdown = SimilarityBreakdown(trait_alignment=80, career_fit=70, name_fit=60, coherence=90)
    analysis = PetAnalysis(
        species=(hints.species if hints and hints.species else "cat"),
        species_confidence=0.93,
        breed=(hints.breed if hints and hints.breed else "Tabby"),
        breed_confidence=0.71,
        expression="unimpressed",
        posture="loaf",
        coat_colors=["orange"],
        coat_color_hex=["#c87828"],
        personality_dimensions={name: 50 for name in DIMENSIONS},
        dominant_traits=["independent", "strategic", "aloof"],
        vibe="CFO energy",
        pet_name=hints.pet_name if hints else None,
        photo_fingerprint="0" * 64,
    )
    career = CareerProfile(
        career_id="cfo",
        job_title="Chief Financial Officer",
        seniority="executive",
        industry="Finance",
        work_style="Decisive and private",
        attire_style="suit",
        background_setting="corner_office_city_view",
        confidence=88,
        rationale="Independent, strategic and unimpressed by everyone.",
    )
    identity = IdentityPackage(
        human_name="Margaret Whiskerton",
        job_title="Chief Financial Officer",
        seniority="executive",
        bio="Paragraph one.\n\nParagraph two.\n\nParagraph three.",
        skills=["Budgeting", "Napping", "Negotiation", "Risk", "Strategy"],
        career_trajectory=CareerTrajectory(past="Analyst", present="CFO", future="Board chair"),
        similarity_score=breakdown.weighted_score(),
        similarity_breakdown=breakdown,
    )
    avatar = AvatarImage(png=tiny_png(), width=1024, height=1024, prompt="a CFO headshot")
    return PersonaResult(
        analysis=analysis,
        career=career,
        avatar=avatar,
        identity=identity,
        report_card_png=tiny_png((10, 20, 30)),
        report_card_og_png=tiny_png((30, 20, 10)),
        usage=Usage(model_calls=4),
        step_seconds={"analyze": 0.01, "map": 0.001, "render": 0.02, "write": 0.001},
    )


class FakePipeline:
    """Succeeds, reporting progress per step; records every call."""

    def __init__(self) -> None:
        self.calls: list[str | None] = []
        self.hints_seen: list[PetHints | None] = []
        self._lock = threading.Lock()

    def run(
        self,
        image_bytes: bytes,
        *,
        hints: PetHints | None = None,
        job_id: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> PersonaResult:
        with self._lock:
            self.calls.append(job_id)
            self.hints_seen.append(hints)
        self.before_steps(job_id)
        for step, percent in STEPS:
            if progress is not None:
                progress(percent, step)
        return make_result(hints)

    def before_steps(self, job_id: str | None) -> None:
        """Hook for the failing variants."""

    def close(self) -> None:
        """Nothing to release."""


class NoPetPipeline(FakePipeline):
    """A permanent failure: the photo shows no pet."""

    def before_steps(self, job_id: str | None) -> None:
        raise NoPetFoundError("no animal found in the photo; try a clearer picture of your pet")


class TransientPipeline(FakePipeline):
    """Fails with a transient provider error the first ``failures`` times, then succeeds."""

    def __init__(self, failures: int = 10**9) -> None:
        super().__init__()
        self.failures = failures

    def before_steps(self, job_id: str | None) -> None:
        if len(self.calls) <= self.failures:
            raise TransientProviderError("the model provider is throttling; retry later")


class TimeoutPipeline(FakePipeline):
    """A step runs past its time budget."""

    def before_steps(self, job_id: str | None) -> None:
        raise StepTimeoutError("step 'render' took longer than 60 s")


class CrashingPipeline(FakePipeline):
    """An unexpected (non-PetAvatar) exception."""

    def before_steps(self, job_id: str | None) -> None:
        raise RuntimeError("boom")


class BlockingPipeline(FakePipeline):
    """Waits (really) until ``release_file`` exists, after touching ``started_file``.

    For the crash test: the worker process is killed while it blocks here.
    """

    def __init__(self, started_file: Path, release_file: Path, timeout: float = 30.0) -> None:
        super().__init__()
        self.started_file = started_file
        self.release_file = release_file
        self.timeout = timeout

    def before_steps(self, job_id: str | None) -> None:
        self.started_file.write_text(job_id or "")
        deadline = time.monotonic() + self.timeout
        while not self.release_file.exists() and time.monotonic() < deadline:
            time.sleep(0.02)


class CallbackPipeline(FakePipeline):
    """Calls ``hook(job_id)`` before succeeding (to observe state mid-run)."""

    def __init__(self, hook: Callable[[str | None], None]) -> None:
        super().__init__()
        self.hook = hook

    def before_steps(self, job_id: str | None) -> None:
        self.hook(job_id)


def blocking_from_env(settings: object) -> PersonaPipeline:
    """Factory for ``petavatar worker --pipeline``: a BlockingPipeline driven by env vars.

    ``PETAVATAR_TEST_STARTED`` is touched when a job starts; the job proceeds once
    ``PETAVATAR_TEST_RELEASE`` exists. Used by the crash test's worker processes.
    """
    import os

    return BlockingPipeline(
        Path(os.environ["PETAVATAR_TEST_STARTED"]), Path(os.environ["PETAVATAR_TEST_RELEASE"])
    )


class SlowPipeline(FakePipeline):
    """Takes ``seconds`` (really) per job, appending the job id to ``started_log`` first.

    For the repeated crash test: the test reads the log to know which job a worker
    process is in the middle of, and kills the process there.
    """

    def __init__(self, started_log: Path, seconds: float) -> None:
        super().__init__()
        self.started_log = started_log
        self.seconds = seconds

    def before_steps(self, job_id: str | None) -> None:
        with self.started_log.open("a", encoding="utf-8") as log:
            log.write(f"{job_id}\n")
        time.sleep(self.seconds)


def slow_from_env(settings: object) -> PersonaPipeline:
    """Factory for ``petavatar worker --pipeline``: a SlowPipeline driven by env vars.

    ``PETAVATAR_TEST_STARTED`` is the log of job starts; ``PETAVATAR_TEST_JOB_SECONDS``
    how long each job takes.
    """
    import os

    return SlowPipeline(
        Path(os.environ["PETAVATAR_TEST_STARTED"]),
        float(os.environ.get("PETAVATAR_TEST_JOB_SECONDS", "0.5")),
    )
