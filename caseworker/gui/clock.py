"""Time, injected: the idle lock and "due today" read the clock through this, so tests use a fake one."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (idle timing)."""
        ...

    def today(self) -> dt.date:
        """The local calendar date (follow-ups due/overdue)."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def today(self) -> dt.date:
        return dt.date.today()


class FakeClock:
    """A clock a test moves by hand."""

    def __init__(self, start: float = 1000.0, today: dt.date | None = None) -> None:
        self.now = start
        self.date = today or dt.date(2026, 11, 28)

    def monotonic(self) -> float:
        return self.now

    def today(self) -> dt.date:
        return self.date

    def advance(self, seconds: float) -> None:
        self.now += seconds
