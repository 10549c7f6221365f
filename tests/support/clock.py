"""A test clock that moves only when told to."""

from __future__ import annotations

from petavatar.clock import Clock


class ManualClock(Clock):
    """``sleep`` advances time instantly and records each requested delay."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._now += max(0.0, seconds)
