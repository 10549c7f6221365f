"""Retry with exponential backoff: transient errors only, delays checked with a fake clock."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petavatar.errors import (
    NoPetFoundError,
    ProviderUnavailableError,
    TransientProviderError,
)
from petavatar.jobs.retry import RetryPolicy, call_with_retry
from tests.support.clock import ManualClock


class Flaky:
    """Fails with the given error ``failures`` times, then returns 'ok'."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "ok"


def test_default_delays_are_one_two_four_seconds() -> None:
    assert RetryPolicy().delays() == [1.0, 2.0, 4.0]


@given(failures=st.integers(min_value=0, max_value=3))
def test_recovers_within_three_retries_waiting_exponentially(failures: int) -> None:
    clock = ManualClock()
    flaky = Flaky(failures, TransientProviderError("throttled"))
    assert call_with_retry(flaky, policy=RetryPolicy(), clock=clock) == "ok"
    assert flaky.calls == failures + 1
    assert clock.sleeps == [1.0, 2.0, 4.0][:failures]


@given(
    retries=st.integers(min_value=0, max_value=6),
    base=st.floats(min_value=0.01, max_value=5.0, allow_nan=False),
)
def test_gives_up_after_max_retries_with_503(retries: int, base: float) -> None:
    clock = ManualClock()
    flaky = Flaky(100, TransientProviderError("still down"))
    with pytest.raises(ProviderUnavailableError) as info:
        call_with_retry(
            flaky, policy=RetryPolicy(max_retries=retries, base_delay=base), clock=clock
        )
    assert info.value.status_code == 503
    assert "still down" in info.value.message
    assert flaky.calls == retries + 1
    assert clock.sleeps == pytest.approx([base * 2**i for i in range(retries)])


@pytest.mark.parametrize("error", [NoPetFoundError("no pet"), ValueError("bug")])
def test_permanent_errors_are_not_retried(error: Exception) -> None:
    clock = ManualClock()
    flaky = Flaky(1, error)
    with pytest.raises(type(error)):
        call_with_retry(flaky, policy=RetryPolicy(), clock=clock)
    assert flaky.calls == 1
    assert clock.sleeps == []


def test_retry_after_lengthens_the_wait_up_to_the_cap() -> None:
    clock = ManualClock()
    flaky = Flaky(2, TransientProviderError("busy", retry_after=7.5))
    assert call_with_retry(flaky, policy=RetryPolicy(max_retry_after=5.0), clock=clock) == "ok"
    assert clock.sleeps == [5.0, 5.0]


def test_retry_after_shorter_than_the_backoff_is_ignored() -> None:
    clock = ManualClock()
    flaky = Flaky(1, TransientProviderError("busy", retry_after=0.2))
    call_with_retry(flaky, policy=RetryPolicy(), clock=clock)
    assert clock.sleeps == [1.0]
