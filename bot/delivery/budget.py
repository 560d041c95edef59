"""One budget for everything the bot sends, within Telegram's limits, and who goes first.

Telegram allows a bot about 30 messages per second in all, about 1 per second in one private
chat (short bursts are tolerated) and 20 per minute in one group; a 429 answer asks the bot
to send nothing for ``retry_after`` seconds. The :class:`Budget` is the one place that
counts: every send of the process takes a slot from it, so replies, notices, digests and the
daily broadcast can never add up to more than Telegram allows.

Who goes first when slots are scarce:

1. :attr:`Priority.INTERACTIVE`: a reply to someone who is waiting (a command, a tap);
2. :attr:`Priority.PROACTIVE`: what jobs send (notices, SLA reminders, digests, reports);
3. the daily broadcast (:class:`bot.delivery.sender.Sender`, through :meth:`Budget.try_take`),
   which fills whatever is left.

Pure asyncio over a monotonic clock: no ``telegram`` here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

from bot.delivery.ratelimit import Pace, RateLimiter

log = logging.getLogger(__name__)

CHAT_BURST = 3
"""Messages one chat may get in a quick burst (a reply in three parts), still at most
``chat_rate`` per second on average."""
GROUP_PER_MINUTE = 20
PRUNE_EVERY = 60.0
"""Seconds between two clean-ups of the per-chat pacing of chats gone quiet."""


class Priority(IntEnum):
    INTERACTIVE = 0
    """Someone is waiting for this (a reply while handling their update)."""
    PROACTIVE = 1
    """Sent on the bot's own initiative (a job)."""


class Timer(Protocol):
    """Monotonic seconds and a wait that an event can cut short (tests use a fake one)."""

    def now(self) -> float: ...

    async def wait(self, event: asyncio.Event, seconds: float | None) -> None: ...


class MonotonicTimer:
    def now(self) -> float:
        return time.monotonic()

    async def wait(self, event: asyncio.Event, seconds: float | None) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()


@dataclass(eq=False)
class _Waiter:
    chat_id: int | None
    granted: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class BudgetStats:
    granted: list[int] = field(default_factory=lambda: [0, 0, 0])
    """Slots given to interactive callers, proactive callers and the broadcast."""
    paused_seconds: float = 0.0
    """Total time every send was held back by 429s."""


class Budget:
    """Slots for sends: at most ``rate`` per second in all, ``chat_rate`` per private chat
    (with a burst of :data:`CHAT_BURST`), :data:`GROUP_PER_MINUTE` per group, none while
    paused by a 429.

    Callers that can wait use :meth:`acquire` (queued by priority, first come first served
    within one); the broadcast sender, which has its own loop, asks with :meth:`try_take`
    and gets a slot only when no queued caller could use it.
    """

    def __init__(
        self,
        rate: float,
        *,
        chat_rate: float = 1.0,
        jitter: float = 0.0,
        timer: Timer | None = None,
    ) -> None:
        """``jitter``: seconds by which sends may reach Telegram closer together than they
        left; no second of arrivals may then hold more than ``rate`` of them."""
        if chat_rate <= 0:
            raise ValueError("chat_rate must be positive")
        self.rate = rate
        self._global = RateLimiter(rate, jitter=jitter)
        self._chat_rate = chat_rate
        self._chats: dict[int, RateLimiter | Pace] = {}
        self._queues: tuple[deque[_Waiter], deque[_Waiter]] = (deque(), deque())
        self._paused_until = -math.inf
        self._timer: Timer = timer or MonotonicTimer()
        self._last_prune = -math.inf
        self.stats = BudgetStats()

    # --- Callers that wait ---------------------------------------------------------------

    async def acquire(self, chat_id: int | None, priority: Priority) -> None:
        """Wait for a slot to send to ``chat_id`` (None: counted only in the total)."""
        waiter = _Waiter(chat_id)
        queue = self._queues[priority]
        queue.append(waiter)
        try:
            while not waiter.granted.is_set():
                wait, _ = self._serve(self._timer.now())
                if waiter.granted.is_set():
                    break
                await self._timer.wait(waiter.granted, wait)
        finally:
            if not waiter.granted.is_set():
                queue.remove(waiter)

    # --- The broadcast -------------------------------------------------------------------

    def try_take(self, chat_id: int, now: float) -> float:
        """A slot for the broadcast, if nobody queued can use it now: 0.0 when taken, else
        the seconds to wait before asking again."""
        wait, blocked = self._serve(now)
        if blocked:
            assert wait is not None
            return wait
        if self._paused_until > now:
            return self._paused_until - now
        start = max(self._global.next_start(now), self._chat(chat_id).next_start(now))
        if start > now:
            return start - now
        self._take(chat_id, now, slot=2)
        return 0.0

    # --- Telegram's answer ---------------------------------------------------------------

    def pause(self, seconds: float) -> float:
        """A 429: no slot for anyone during ``seconds``; the seconds of pause added."""
        now = self._timer.now()
        until = now + max(seconds, 0.0)
        if until <= self._paused_until:
            return 0.0
        added = until - max(now, self._paused_until)
        self._paused_until = until
        self.stats.paused_seconds += added
        log.warning("Telegram asked to slow down: every send waits %.1f s", seconds)
        return added

    @property
    def paused_until(self) -> float:
        return self._paused_until

    @property
    def waiting(self) -> int:
        """Callers queued for a slot."""
        return len(self._queues[0]) + len(self._queues[1])

    # --- Inside --------------------------------------------------------------------------

    def _serve(self, now: float) -> tuple[float | None, bool]:
        """Grant every slot due to queued callers; then how long until the next grant is
        possible (None: nobody queued), and whether a queued caller could send now but for
        the total rate (so the broadcast must not take the slot)."""
        self._prune(now)
        while True:
            if not (self._queues[0] or self._queues[1]):
                return None, False
            if self._paused_until > now:
                return self._paused_until - now, True
            found, chat_wait = self._first_ready(now)
            if found is None:
                return chat_wait, False
            start = self._global.next_start(now)
            if start > now:
                return start - now, True
            priority, waiter = found
            self._queues[priority].remove(waiter)
            self._take(waiter.chat_id, now, slot=priority)
            waiter.granted.set()

    def _first_ready(self, now: float) -> tuple[tuple[Priority, _Waiter] | None, float | None]:
        """The first queued caller whose chat may get a message now (by priority, then
        arrival), else the seconds until one may."""
        soonest: float | None = None
        for priority in Priority:
            for waiter in self._queues[priority]:
                if waiter.chat_id is None:
                    return (priority, waiter), None
                at = self._chat(waiter.chat_id).next_start(now)
                if at <= now:
                    return (priority, waiter), None
                soonest = at - now if soonest is None else min(soonest, at - now)
        return None, soonest

    def _take(self, chat_id: int | None, now: float, *, slot: int) -> None:
        self._global.record(now)
        if chat_id is not None:
            self._chat(chat_id).record(now)
        self.stats.granted[slot] += 1

    def _chat(self, chat_id: int) -> RateLimiter | Pace:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if chat_id < 0:  # groups and channels: never more than 20 in any minute
                limiter = RateLimiter(GROUP_PER_MINUTE / 60, window=60.0, burst=CHAT_BURST)
            else:
                limiter = Pace(self._chat_rate, burst=CHAT_BURST)
            self._chats[chat_id] = limiter
        return limiter

    def _prune(self, now: float) -> None:
        """Forget the pacing of chats that could take a full burst again."""
        if now - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = now
        idle = [chat for chat, limiter in self._chats.items() if limiter.idle(now)]
        for chat in idle:
            del self._chats[chat]
