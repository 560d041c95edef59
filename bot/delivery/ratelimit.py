"""Pacing of sends: an even rate with a small burst, and a hard cap per time window.

Pure code over plain numbers (seconds on a monotonic clock), so it is tested without sleeping.
"""

from __future__ import annotations

import math
from collections import deque

_EPSILON = 1e-6
"""Keeps float rounding from squeezing one start too many into a window."""


class RateLimiter:
    """At most ``rate`` starts in any ``window`` seconds, spread evenly.

    Two rules together: a GCRA pace (one start every ``1/rate`` s, with a burst of a few
    starts to make up for a late timer, so the achieved rate stays at ``rate``), and a
    sliding log of the last starts, so no window of ``window`` seconds ever holds more than
    ``rate * window`` of them whatever the timer does.
    """

    def __init__(
        self, rate: float, *, window: float = 1.0, burst: int | None = None, jitter: float = 0.0
    ) -> None:
        if rate <= 0 or window <= 0:
            raise ValueError("rate and window must be positive")
        self.rate = rate
        self.window = window
        self.interval = 1.0 / rate
        self.limit = max(1, math.floor(rate * window + 1e-9))
        default_burst = max(1, min(self.limit, math.ceil(rate / 50)))
        self.burst = max(1, min(burst or default_burst, self.limit))
        self._tat = -math.inf
        """GCRA's theoretical arrival time of the next start."""
        self._starts: deque[float] = deque(maxlen=self.limit)
        self._span = window + max(jitter, 0.0)
        """The sliding log's window, with room for starts that arrive closer together
        than they left (the network's jitter)."""

    def next_start(self, now: float) -> float:
        """The earliest moment (``now`` or later) another start is allowed."""
        allowed = max(now, self._tat - (self.burst - 1) * self.interval)
        if len(self._starts) == self.limit:
            allowed = max(allowed, self._starts[0] + self._span + _EPSILON)
        return allowed

    def record(self, now: float) -> None:
        """A start happened at ``now`` (which :meth:`next_start` allowed)."""
        self._tat = max(self._tat, now) + self.interval
        self._starts.append(now)

    def idle(self, now: float) -> bool:
        """Whether a full burst is allowed again at ``now`` (nothing recent to remember)."""
        return now >= self._tat and (not self._starts or self._starts[-1] + self._span <= now)


class Pace:
    """One start every ``1/rate`` seconds, after a quiet spell a burst of ``burst`` (GCRA
    alone, no window: a private chat's pace)."""

    def __init__(self, rate: float, *, burst: int = 1) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.interval = 1.0 / rate
        self.burst = burst
        self._tat = -math.inf

    def next_start(self, now: float) -> float:
        return max(now, self._tat - (self.burst - 1) * self.interval)

    def record(self, now: float) -> None:
        self._tat = max(self._tat, now) + self.interval

    def idle(self, now: float) -> bool:
        return now >= self._tat
