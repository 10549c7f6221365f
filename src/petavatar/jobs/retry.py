"""Retry with exponential backoff for transient provider errors only.

Delays are ``base * 2**attempt`` (1 s, 2 s, 4 s by default) for at most
``max_retries`` retries; waiting goes through the injected clock, so tests
check the delays without sleeping. A transient error may ask for a longer
wait (an HTTP ``retry-after``, carried as ``context["retry_after"]``): the
wait is then that long, capped at ``max_retry_after``. A permanent error is raised at once; when
the retries run out the last transient error becomes a
:class:`ProviderUnavailableError` (HTTP 503).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from petavatar.clock import Clock
from petavatar.errors import PetAvatarError, ProviderUnavailableError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait before each retry."""

    max_retries: int = 3
    base_delay: float = 1.0
    max_retry_after: float = 30.0

    def delays(self) -> list[float]:
        """The waits before retry 1, 2, 3…: ``[1.0, 2.0, 4.0]`` by default."""
        return [self.base_delay * (2**attempt) for attempt in range(self.max_retries)]


def is_transient(error: BaseException) -> bool:
    """Only errors that declare themselves transient are worth another try."""
    return isinstance(error, PetAvatarError) and error.transient


def wait_before_retry(policy: RetryPolicy, delay: float, error: BaseException) -> float:
    """The backoff ``delay``, lengthened to the server's ``retry_after`` when it asks for more."""
    context = getattr(error, "context", None) or {}
    asked = context.get("retry_after")
    if isinstance(asked, int | float) and asked > delay:
        return min(float(asked), max(delay, policy.max_retry_after))
    return delay


def call_with_retry(
    operation: Callable[[], T],
    *,
    policy: RetryPolicy,
    clock: Clock,
    on_retry: Callable[[int, float, BaseException], None] | None = None,
    description: str = "the model provider",
) -> T:
    """Call ``operation``; on a transient error wait and retry per ``policy``."""
    delays = policy.delays()
    attempt = 0
    while True:
        try:
            return operation()
        except Exception as error:
            if not is_transient(error):
                raise
            if attempt >= len(delays):
                raise ProviderUnavailableError(
                    f"{description} is unavailable after {attempt + 1} attempts: "
                    f"{getattr(error, 'message', error)}. Try again in a few minutes."
                ) from error
            delay = wait_before_retry(policy, delays[attempt], error)
            if on_retry is not None:
                on_retry(attempt + 1, delay, error)
            clock.sleep(delay)
            attempt += 1
