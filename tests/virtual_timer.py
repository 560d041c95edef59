"""A virtual monotonic clock for the sender and the budget (bot.delivery.budget.Timer)."""

from __future__ import annotations

import asyncio


class VirtualTimer:
    """Time stands still while tasks run; a wait that nothing cuts short moves it to the
    wait's end (never back: several waiters share one clock)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        return self.t

    async def wait(self, event: asyncio.Event, seconds: float | None) -> None:
        end = self.t + (seconds or 0.0)
        for _ in range(20):  # let the tasks just started (e.g. sends in flight) finish first
            if event.is_set():
                return
            await asyncio.sleep(0)
        if seconds is None:
            await event.wait()
        else:
            self.t = max(self.t, end)
