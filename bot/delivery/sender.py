"""The sender: one asyncio worker that hands messages to Telegram within its limits.

It takes its send slots from the process's one :class:`~bot.delivery.budget.Budget`
(Telegram: about 30 messages per second per bot, about 1 per second per chat), after the
replies and notices waiting for one, obeys a 429's ``retry_after`` by pausing *every* send,
retries server errors and time-outs with exponential backoff, and stops writing to a chat
that blocked the bot or no longer exists. Nothing queued is dropped while the process lives;
what happens to each message is reported to :class:`Hooks` (the dispatcher records it in the
delivery log).

Telegram is reached through the small :class:`Transport` protocol, implemented with PTB in
the handlers layer, so this module knows no ``telegram``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections import deque
from collections.abc import Awaitable, Coroutine
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from bot.delivery.budget import Budget, MonotonicTimer, Timer

log = logging.getLogger(__name__)

LOOKAHEAD = 4
"""Jobs prepared (rendered, and recorded as in flight by :meth:`Hooks.sending`) ahead of
their send slot: enough to hide the database's latency, so each request leaves in its
slot. (Telegram counts arrivals: a commit between slot and request would bunch them.)"""


@dataclass(frozen=True)
class Outgoing:
    """One message as the transport sends it (Telegram HTML)."""

    chat_id: int
    text: str
    checkin_day: date | None = None
    """Put the one-tap check-in buttons of this day under the message."""


class SendError(Exception):
    """A send failed; the subclass says what the sender does about it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RateLimited(SendError):
    """429: wait ``retry_after`` seconds before *any* further send."""

    def __init__(self, retry_after: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {retry_after:g} s")
        self.retry_after = retry_after


class Unreachable(SendError):
    """403 (blocked, deactivated) or "chat not found": stop writing to this chat."""


class Rejected(SendError):
    """Telegram refused this message for good (e.g. a bad request); not retried."""


class Transient(SendError):
    """A server error, time-out or network fault: retried with backoff."""

    def __init__(self, reason: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(reason)
        self.maybe_delivered = maybe_delivered
        """No answer came (time-out): Telegram may have delivered it anyway."""


class Transport(Protocol):
    async def open(self) -> None: ...

    async def send(self, message: Outgoing) -> None:
        """Send, or raise a :class:`SendError`."""
        ...

    async def close(self) -> None: ...


class NoTransport:
    """Stands in until the bot's transport is wired in; refuses every message."""

    async def open(self) -> None:
        return None

    async def send(self, message: Outgoing) -> None:
        raise Rejected("no transport configured")

    async def close(self) -> None:
        return None


class Hooks(Protocol):
    """What the sender's owner does at each step of a job (keyed by an int)."""

    async def prepare(self, key: int) -> Outgoing | None:
        """Right before each attempt: the message to send, or None if no longer wanted."""
        ...

    async def sending(self, key: int) -> bool:
        """The job is prepared, its request a few slots away: record that it is in flight
        (committed before this returns), or False if it is no longer wanted. A job stopped
        before its request gets :meth:`retrying` with ``maybe_delivered=False``."""
        ...

    async def expired(self, key: int) -> bool:
        """Right before the request: whether its cut-off passed while it waited for a slot
        (then the owner records it so, and nothing is sent)."""
        ...

    async def delivered(self, key: int) -> None: ...

    async def retrying(self, key: int, reason: str, *, maybe_delivered: bool) -> None:
        """The attempt failed and the job waits for another one."""
        ...

    async def gave_up(self, key: int, reason: str, *, unreachable: bool) -> None: ...


@dataclass(eq=False)
class _Job:
    key: int
    chat_id: int
    failures: int = 0


@dataclass
class SenderStats:
    sent: int = 0
    rate_limited: int = 0
    """429 answers."""
    retried: int = 0
    """Server errors and time-outs retried."""
    unreachable: int = 0
    rejected: int = 0
    dropped: int = 0
    """Left in the queue when the sender stopped (still 'pending' in the log)."""
    paused_seconds: float = 0.0
    """Total time every send was held back by 429s."""


@dataclass
class _State:
    ready: deque[_Job] = field(default_factory=deque)
    """Waiting for their turn, oldest first."""
    delayed: list[tuple[float, int, _Job]] = field(default_factory=list)
    """Waiting for a moment (a retry's backoff, their chat's next slot): a heap."""
    prepared: deque[tuple[_Job, Outgoing]] = field(default_factory=deque)
    """Prepared (rendered) and waiting for a send slot."""
    preparing: set[asyncio.Task[None]] = field(default_factory=set)
    sending: set[asyncio.Task[None]] = field(default_factory=set)
    other: set[asyncio.Task[None]] = field(default_factory=set)
    busy_chats: set[int] = field(default_factory=set)
    """Chats with a job being prepared or sent: one at a time per chat."""
    chat_next: dict[int, float] = field(default_factory=dict)
    dead_chats: set[int] = field(default_factory=set)

    def tasks(self) -> set[asyncio.Task[None]]:
        return self.preparing | self.sending | self.other

    def empty(self) -> bool:
        return not (
            self.ready
            or self.delayed
            or self.prepared
            or self.preparing
            or self.sending
            or self.other
        )


class Sender:
    """Use :meth:`submit`, and :meth:`start` / :meth:`stop` with the process.

    Two stages: a few jobs ahead are *prepared* (the owner renders the message and records
    it as in flight, :meth:`Hooks.sending`), then each prepared message is *sent* in the
    next slot of the rate limiter.
    Pacing the sends themselves, not the preparing, keeps the rate Telegram sees even
    whatever the database's latency.
    """

    def __init__(
        self,
        transport: Transport,
        hooks: Hooks,
        *,
        rate: float = 30.0,
        chat_rate: float = 1.0,
        max_in_flight: int = 16,
        timer: Timer | None = None,
        retry_base: float = 1.0,
        retry_cap: float = 60.0,
        stop_grace: float = 10.0,
        budget: Budget | None = None,
    ) -> None:
        if chat_rate <= 0 or max_in_flight < 1:
            raise ValueError("chat_rate must be positive and max_in_flight at least 1")
        self._transport = transport
        self._hooks = hooks
        self._chat_interval = 1.0 / chat_rate
        self._max_in_flight = max_in_flight
        self._lookahead = min(max_in_flight, LOOKAHEAD)
        self._timer = timer or MonotonicTimer()
        self._budget = budget or Budget(rate, chat_rate=chat_rate, timer=self._timer)
        """Shared with every other send of the process; the broadcast gets what is left."""
        self._retry_base = retry_base
        self._retry_cap = retry_cap
        self._stop_grace = stop_grace
        self._state = _State()
        self._sequence = itertools.count()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_prune = 0.0
        self.stats = SenderStats()

    # --- The owner's side ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.done()

    @property
    def backlog(self) -> int:
        """Jobs queued, waiting for a retry, prepared or in flight."""
        state = self._state
        return len(state.ready) + len(state.delayed) + len(state.prepared) + len(state.tasks())

    def submit(self, key: int, chat_id: int) -> bool:
        """Queue a job; the sender calls ``hooks.prepare(key)`` when its turn comes.
        False (not queued) once the sender is stopping."""
        if self._stopping:
            log.debug("sender stopping; job %s stays for the next start", key)
            return False
        self._state.dead_chats.discard(chat_id)
        self._state.ready.append(_Job(key, chat_id))
        self._changed()
        return True

    async def start(self) -> None:
        if self.running:
            return
        self._stopping = False
        self._worker = asyncio.create_task(self._run(), name="delivery-sender")

    async def stop(self, grace: float | None = None) -> None:
        """Stop taking jobs, let the sends in flight finish (up to ``grace`` seconds, by
        default ``stop_grace``); the ones cut off keep an unknown outcome."""
        self._stopping = True
        self._wake.set()
        if self._worker is not None:
            await self._worker
            self._worker = None
        state = self._state
        tasks = state.tasks()
        if tasks:
            wait = self._stop_grace if grace is None else grace
            _, late = await asyncio.wait(tasks, timeout=wait) if wait > 0 else (set(), tasks)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        # Prepared but never sent: surely not delivered, so back to the queue of the log.
        while state.prepared:
            job, _ = state.prepared.popleft()
            await self._tell(self._hooks.retrying(job.key, "stopped", maybe_delivered=False))
            state.ready.append(job)
        dropped = len(state.ready) + len(state.delayed)
        if dropped:
            log.info("sender stopped with %d messages queued; sent after restart", dropped)
        self.stats.dropped += dropped
        state.ready.clear()
        state.delayed.clear()
        state.busy_chats.clear()
        self._changed()

    async def idle(self) -> None:
        """Wait until nothing is queued, waiting for a retry, prepared or in flight."""
        await self._idle.wait()

    # --- The worker --------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            wait = self._step(self._timer.now())
            if wait == 0.0:
                await asyncio.sleep(0)  # let the tasks just started make progress
                continue
            await self._timer.wait(self._wake, wait)

    def _step(self, now: float) -> float | None:
        """Start one send or one preparation; 0 if something happened, else how long to
        wait (None: until woken)."""
        state = self._state
        self._release_delayed(now)
        paused_until = self._budget.paused_until
        if paused_until > now:
            return paused_until - now
        waits: list[float] = []
        if state.delayed:
            waits.append(state.delayed[0][0] - now)
        if state.prepared and len(state.sending) < self._max_in_flight:
            # The first prepared message whose chat may get one now, if the budget has a
            # slot that no reply or notice is waiting for.
            for index, (job, message) in enumerate(state.prepared):
                wait = self._budget.try_take(job.chat_id, now)
                if wait == 0.0:
                    del state.prepared[index]
                    state.chat_next[job.chat_id] = now + self._chat_interval
                    self._spawn(self._send(job, message), state.sending)
                    return 0.0
                waits.append(wait)
        if state.ready and len(state.preparing) + len(state.prepared) < self._lookahead:
            job = state.ready.popleft()
            if job.chat_id in state.dead_chats:
                self._spawn(self._drop_dead(job), state.other)
            elif job.chat_id in state.busy_chats:
                self._delay(job, now + self._chat_interval)
            elif (chat_at := state.chat_next.get(job.chat_id, 0.0)) > now:
                self._delay(job, chat_at)
            else:
                state.busy_chats.add(job.chat_id)
                self._spawn(self._prepare(job), state.preparing)
            self._prune_chats(now)
            return 0.0
        return min(waits) if waits else None

    def _release_delayed(self, now: float) -> None:
        state = self._state
        due: list[_Job] = []
        while state.delayed and state.delayed[0][0] <= now:
            due.append(heapq.heappop(state.delayed)[2])
        # Jobs back from a wait are older than the queue: they go first, oldest first.
        state.ready.extendleft(reversed(due))

    def _delay(self, job: _Job, until: float) -> None:
        heapq.heappush(self._state.delayed, (until, next(self._sequence), job))

    def _prune_chats(self, now: float) -> None:
        if now - self._last_prune < 60.0:
            return
        self._last_prune = now
        chats = self._state.chat_next
        for chat_id in [c for c, at in chats.items() if at <= now]:
            del chats[chat_id]

    def _spawn(self, work: Coroutine[Any, Any, None], group: set[asyncio.Task[None]]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)
        group.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            group.discard(finished)
            if not finished.cancelled() and (error := finished.exception()) is not None:
                log.error("delivery task failed", exc_info=error)
            self._changed()

        task.add_done_callback(done)
        self._changed()

    def _changed(self) -> None:
        if self._state.empty():
            self._idle.set()
        else:
            self._idle.clear()
        self._wake.set()

    # --- One job: prepare, then send -------------------------------------------------------

    async def _prepare(self, job: _Job) -> None:
        """Render the job and record it in flight; unless both happen, its chat is free
        again (and a failure retries it later)."""
        message: Outgoing | None = None
        try:
            message = await self._hooks.prepare(job.key)
            if message is not None and not await self._hooks.sending(job.key):
                message = None
        except Exception:
            log.exception("preparing delivery %s failed; retrying", job.key)
            message = None
            self._retry_later(job)
        if message is None:
            self._state.busy_chats.discard(job.chat_id)
            return
        self._state.prepared.append((job, message))

    async def _send(self, job: _Job, message: Outgoing) -> None:
        try:
            if not await self._hooks.expired(job.key):
                await self._attempt(job, message)
        finally:
            self._state.busy_chats.discard(job.chat_id)

    async def _attempt(self, job: _Job, message: Outgoing) -> None:
        try:
            await self._transport.send(message)
        except RateLimited as error:
            self._pause(error.retry_after)
            self.stats.rate_limited += 1
            self._state.ready.appendleft(job)
            await self._tell(self._hooks.retrying(job.key, error.reason, maybe_delivered=False))
        except Unreachable as error:
            self.stats.unreachable += 1
            self._state.dead_chats.add(job.chat_id)
            await self._tell(self._hooks.gave_up(job.key, error.reason, unreachable=True))
        except Rejected as error:
            self.stats.rejected += 1
            log.error("Telegram refused delivery %s: %s", job.key, error.reason)
            await self._tell(self._hooks.gave_up(job.key, error.reason, unreachable=False))
        except Transient as error:
            self.stats.retried += 1
            delay = self._retry_later(job)
            log.info("delivery %s: %s; retrying in %.0f s", job.key, error.reason, delay)
            await self._tell(
                self._hooks.retrying(job.key, error.reason, maybe_delivered=error.maybe_delivered)
            )
        except Exception as error:  # a transport bug: keep the job, log loudly
            log.exception("unexpected error sending delivery %s", job.key)
            self.stats.retried += 1
            self._retry_later(job)
            await self._tell(self._hooks.retrying(job.key, repr(error), maybe_delivered=True))
        else:
            self.stats.sent += 1
            await self._tell(self._hooks.delivered(job.key))

    async def _drop_dead(self, job: _Job) -> None:
        self.stats.unreachable += 1
        await self._tell(self._hooks.gave_up(job.key, "unreachable", unreachable=True))

    def _retry_later(self, job: _Job) -> float:
        job.failures += 1
        delay = min(self._retry_cap, self._retry_base * 2 ** (job.failures - 1))
        self._delay(job, self._timer.now() + delay)
        self._changed()
        return delay

    def _pause(self, seconds: float) -> None:
        self.stats.paused_seconds += self._budget.pause(seconds)
        self._changed()

    async def _tell(self, report: Awaitable[None]) -> None:
        """Await a hook; its failure is logged, never lost silently, never fatal."""
        try:
            await report
        except Exception:
            log.exception("delivery hook failed")
