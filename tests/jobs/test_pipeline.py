"""Pipeline orchestration: progress, retries with an injected clock, timeouts, typed errors."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from petavatar.domain.models import (
    AvatarImage,
    CareerProfile,
    IdentityPackage,
    PetAnalysis,
    PetHints,
)
from petavatar.errors import (
    NoPetFoundError,
    ProviderUnavailableError,
    StepTimeoutError,
    TransientProviderError,
    UnsupportedImageError,
)
from petavatar.jobs.pipeline import STEP_PROGRESS, Pipeline
from petavatar.jobs.retry import RetryPolicy
from petavatar.ports.provider import StepResult
from petavatar.providers.local.provider import LocalProvider
from petavatar.rendering.decode import LoadedImage
from tests.support.builders import open_png
from tests.support.clock import ManualClock


def photo_bytes() -> bytes:
    rng = np.random.default_rng(7)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


class ScriptedProvider(LocalProvider):
    """The real local provider, except ``analyze`` fails as scripted before succeeding."""

    def __init__(self, inner: LocalProvider, failures: list[Exception]) -> None:
        super().__init__(inner.config, classifier=inner.classifier)
        self.failures = list(failures)
        self.analyze_calls = 0
        self.block = threading.Event()
        self.hang = False

    def analyze(self, photo: LoadedImage, hints: PetHints) -> StepResult[PetAnalysis]:
        self.analyze_calls += 1
        if self.hang:
            self.block.wait(5)
        if self.failures:
            raise self.failures.pop(0)
        return super().analyze(photo, PetHints(species="dog", breed="Beagle"))


@pytest.fixture(scope="module")
def local_provider(classifier: object) -> LocalProvider:
    return LocalProvider(classifier=classifier)  # type: ignore[arg-type]


def test_progress_is_monotonic_and_ends_at_100(local_provider: LocalProvider) -> None:
    seen: list[tuple[int, str]] = []
    pipeline = Pipeline(ScriptedProvider(local_provider, []), clock=ManualClock())
    result = pipeline.run(photo_bytes(), progress=lambda p, s: seen.append((p, s)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents)
    assert seen[-1] == (100, "report_card")
    assert [s for _, s in seen] == list(STEP_PROGRESS)
    assert isinstance(result.avatar, AvatarImage)
    assert isinstance(result.career, CareerProfile)
    assert isinstance(result.identity, IdentityPackage)
    assert open_png(result.report_card_png).size == (1600, 900)
    assert open_png(result.report_card_og_png).size == (1200, 630)
    assert result.usage.model_calls == 4
    assert result.usage.images_generated == 1
    assert set(STEP_PROGRESS) <= set(result.step_seconds)


@settings(max_examples=8, deadline=None)
@given(failures=st.integers(min_value=0, max_value=3))
def test_transient_errors_retry_with_backoff(local_provider: LocalProvider, failures: int) -> None:
    clock = ManualClock()
    provider = ScriptedProvider(local_provider, [TransientProviderError("throttled")] * failures)
    Pipeline(provider, clock=clock).run(photo_bytes())
    assert provider.analyze_calls == failures + 1
    assert clock.sleeps == [1.0, 2.0, 4.0][:failures]


def test_gives_up_with_503_after_three_retries(local_provider: LocalProvider) -> None:
    clock = ManualClock()
    provider = ScriptedProvider(local_provider, [TransientProviderError("throttled")] * 4)
    with pytest.raises(ProviderUnavailableError) as info:
        Pipeline(provider, clock=clock).run(photo_bytes())
    assert info.value.status_code == 503
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_permanent_error_is_not_retried(local_provider: LocalProvider) -> None:
    clock = ManualClock()
    provider = ScriptedProvider(local_provider, [NoPetFoundError("no pet found: a car")])
    with pytest.raises(NoPetFoundError):
        Pipeline(provider, clock=clock).run(photo_bytes())
    assert provider.analyze_calls == 1
    assert clock.sleeps == []


def test_step_timeout_is_504(local_provider: LocalProvider) -> None:
    provider = ScriptedProvider(local_provider, [])
    provider.hang = True
    pipeline = Pipeline(provider, clock=ManualClock(), step_timeout=0.05, retry=RetryPolicy())
    try:
        with pytest.raises(StepTimeoutError) as info:
            pipeline.run(photo_bytes())
    finally:
        provider.block.set()
    assert info.value.status_code == 504
    assert "analyze" in info.value.message


def test_undecodable_bytes_fail_before_any_model_call(local_provider: LocalProvider) -> None:
    provider = ScriptedProvider(local_provider, [])
    with pytest.raises(UnsupportedImageError):
        Pipeline(provider, clock=ManualClock()).run(b"definitely not an image")
    assert provider.analyze_calls == 0
