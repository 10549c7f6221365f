"""An injectable clock, so expiry, TTL, visibility timeouts and retries test without sleeping."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from datetime import UTC, datetime


class Clock(ABC):
    """Wall time in epoch seconds, and a sleep; tests inject a clock that only moves when told."""

    @abstractmethod
    def now(self) -> float:
        """Current time as epoch seconds."""

    @abstractmethod
    def sleep(self, seconds: float) -> None:
        """Block for ``seconds`` (or, in a test clock, advance time by that much)."""

    def monotonic(self) -> float:
        """A clock for measuring durations; defaults to :meth:`now`."""
        return self.now()


class SystemClock(Clock):
    """The real clock."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def monotonic(self) -> float:
        return time.monotonic()


def iso_utc(epoch_seconds: float) -> str:
    """Format epoch seconds as an ISO-8601 UTC timestamp with a trailing Z."""
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
