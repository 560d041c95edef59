"""Figures of the sends a server accepted: how many, how fast, the busiest second."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["SendStats", "peak_in_window"]


@dataclass(frozen=True)
class SendStats:
    """The sends (sendMessage, sendPhoto, sendDocument) of one bot or of a whole server.

    ``sends`` were accepted; ``refused`` were answered 429 (by the rate cap or an injected
    fault); ``peak_per_second`` is the most accepted in any one-second window, sliding, as
    :class:`~bot.emulator.faults.RateCap` counts them. Times are ``time.monotonic()``."""

    sends: int
    refused: int
    peak_per_second: int
    first_at: float | None
    last_at: float | None

    @property
    def per_second(self) -> float:
        """The mean rate between the first and the last accepted send (0 with fewer than 2)."""
        if self.first_at is None or self.last_at is None or self.last_at <= self.first_at:
            return 0.0
        return (self.sends - 1) / (self.last_at - self.first_at)

    @classmethod
    def of(cls, times: Sequence[float], refused: int) -> SendStats:
        """The figures of accepted sends at ``times`` (ascending)."""
        return cls(
            sends=len(times),
            refused=refused,
            peak_per_second=peak_in_window(times, 1.0),
            first_at=times[0] if times else None,
            last_at=times[-1] if times else None,
        )

    @classmethod
    def combined(cls, times_per_bot: Iterable[Sequence[float]], refused: int) -> SendStats:
        """The figures of several bots' sends together (each bot's ``times`` ascending)."""
        return cls.of(list(heapq.merge(*times_per_bot)), refused)


def peak_in_window(times: Sequence[float], window: float) -> int:
    """The most of ``times`` (ascending) in any half-open window ``(t - window, t]``."""
    peak = start = 0
    for end, moment in enumerate(times):
        while times[start] <= moment - window:
            start += 1
        peak = max(peak, end - start + 1)
    return peak
