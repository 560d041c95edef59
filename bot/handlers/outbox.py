"""Telegram glue of the outbox: every Bot API call of the Application's bot goes through
:class:`OutboxRateLimiter`, which takes its send slots from the process's one
:class:`~bot.delivery.budget.Budget` (shared with the daily broadcast), and Telegram's
errors are read in one place (:func:`classify`).

- Calls made while an update is handled (:data:`INTERACTIVE`, set by the update processor)
  are replies to someone waiting and go first; calls from jobs are proactive.
- A 429 pauses every send of the process for ``retry_after``, then the call is made again.
- A 5xx answer or a network fault is retried with backoff for up to ``retry_for`` seconds
  (a send only when it surely did not reach Telegram, so nobody gets a reply twice).
- 403 (blocked) or a chat that is gone marks the chat unreachable, here and nowhere else.
- Whoever could not be answered at all is told once, when Telegram is back
  (:meth:`OutboxRateLimiter.tell_when_back`): never silence.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

import aiohttp
import httpx
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

from bot.delivery.budget import Budget, Priority
from bot.delivery.sender import RateLimited, Rejected, SendError, Transient, Unreachable
from bot.handlers.aiohttp_request import surely_not_sent

log = logging.getLogger(__name__)

INTERACTIVE: ContextVar[bool] = ContextVar("interactive", default=False)
"""True while an update is being handled: the bot's calls then answer someone waiting."""

GONE = ("chat not found", "user not found", "peer_id_invalid")
"""Bad-request descriptions that mean the chat is gone for good (treated like a block)."""
PASS_THROUGH = frozenset(
    {"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "logOut", "close"}
)
"""Calls about the bot itself: no budget, no retry (PTB's updater retries its own)."""
NOT_SENDS = frozenset({"sendChatAction"})
RETRY_BASE = 0.5
RETRY_CAP = 8.0
LATER_CAP = 30.0
"""Longest wait between two tries of a message owed to someone while Telegram is away."""

OnUnreachable = Callable[[int, str], Awaitable[None]]


def retry_after_seconds(error: RetryAfter) -> float:
    """``retry_after`` is an int, or a timedelta with ``PTB_TIMEDELTA`` (PTB 22.2+)."""
    value: object = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    assert isinstance(value, int | float)
    return float(value)


def _maybe_delivered(error: NetworkError) -> bool:
    """Whether the request may have reached Telegram: no answer came back."""
    cause = error.__cause__
    if surely_not_sent(error) or isinstance(
        cause, httpx.PoolTimeout | httpx.ConnectError | httpx.ConnectTimeout
    ):
        return False  # never left this machine
    return isinstance(error, TimedOut) or isinstance(cause, httpx.HTTPError | aiohttp.ClientError)


def classify(error: TelegramError) -> SendError:
    """What a failed call means for whoever sent it: the one reading of Telegram's errors."""
    if isinstance(error, RetryAfter):
        return RateLimited(retry_after_seconds(error), error.message)
    if isinstance(error, Forbidden):
        return Unreachable(error.message)
    if isinstance(error, BadRequest):
        if any(words in error.message.lower() for words in GONE):
            return Unreachable(error.message)
        return Rejected(error.message)
    if isinstance(error, NetworkError):  # time-outs, 5xx answers, connection faults
        return Transient(error.message, maybe_delivered=_maybe_delivered(error))
    return Transient(error.message)


def is_send(endpoint: str) -> bool:
    """Whether the call posts a message (what Telegram's flood limits count)."""
    return (
        endpoint.startswith(("send", "copyMessage", "forwardMessage"))
        and endpoint not in NOT_SENDS
    )


def _chat_of(data: dict[str, Any]) -> int | None:
    """The numeric chat a call is about (a ``@channel`` name counts only in the total)."""
    with contextlib.suppress(TypeError, ValueError):
        return int(data.get("chat_id"))  # type: ignore[arg-type]
    return None


class OutboxRateLimiter(BaseRateLimiter[None]):
    """The Application's bot's rate limiter: one budget, one path for 403/429/5xx."""

    def __init__(self, budget: Budget, *, retry_for: float, on_unreachable: OnUnreachable) -> None:
        self.budget = budget
        self._retry_for = retry_for
        self._on_unreachable = on_unreachable
        self._owed: dict[int, asyncio.Task[None]] = {}
        """Chats owed a message until Telegram is back, one at most each."""

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        tasks = list(self._owed.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._owed.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in PASS_THROUGH:
            return await callback(*args, **kwargs)
        chat_id = _chat_of(data)
        send = is_send(endpoint)
        priority = Priority.INTERACTIVE if INTERACTIVE.get() else Priority.PROACTIVE
        deadline = time.monotonic() + self._retry_for
        failures = 0
        while True:
            if send:
                await self.budget.acquire(chat_id, priority)
            try:
                return await callback(*args, **kwargs)
            except TelegramError as error:
                failure = classify(error)
                if isinstance(failure, Unreachable) and chat_id is not None:
                    await self._unreachable(chat_id, failure.reason)
                delay = self._retry_delay(failure, send=send, failures=failures)
                if delay is None or time.monotonic() + delay > deadline:
                    raise
                failures += 1
                log.info("%s to %s failed (%s); again in %.1f s", endpoint, chat_id, error, delay)
                await asyncio.sleep(delay)

    def _retry_delay(self, failure: SendError, *, send: bool, failures: int) -> float | None:
        """Seconds until the next try, or None if this failure is not tried again."""
        if isinstance(failure, RateLimited):
            self.budget.pause(failure.retry_after)
            return 0.0 if send else failure.retry_after  # a send waits in the budget
        if isinstance(failure, Transient) and not (send and failure.maybe_delivered):
            return min(RETRY_CAP, RETRY_BASE * 2**failures)
        return None

    async def _unreachable(self, chat_id: int, reason: str) -> None:
        try:
            await self._on_unreachable(chat_id, reason)
        except Exception:
            log.exception("could not record chat %s as unreachable", chat_id)

    def tell_when_back(self, chat_id: int, send: Callable[[], Awaitable[object]]) -> None:
        """Send ``send()`` to ``chat_id`` as soon as Telegram answers again, trying with a
        growing pause; once per chat however many times it is asked meanwhile."""
        if chat_id in self._owed:
            return
        task = asyncio.create_task(self._keep_trying(chat_id, send), name=f"owed-{chat_id}")
        self._owed[chat_id] = task
        task.add_done_callback(lambda _: self._owed.pop(chat_id, None))

    async def _keep_trying(self, chat_id: int, send: Callable[[], Awaitable[object]]) -> None:
        failures = 0
        INTERACTIVE.set(True)  # owed to someone who waited
        while True:
            try:
                await send()
                log.info("chat %s got the message it was owed", chat_id)
                return
            except TelegramError as error:
                if not isinstance(classify(error), Transient | RateLimited):
                    log.warning("chat %s cannot get the message it was owed: %s", chat_id, error)
                    return
            await asyncio.sleep(min(LATER_CAP, RETRY_BASE * 2**failures))
            failures += 1
