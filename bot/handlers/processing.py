"""How updates are processed: different chats at the same time, one chat in order.

PTB processes updates one at a time unless told otherwise. :class:`ChatOrderedProcessor`
lets up to ``limit`` updates be handled concurrently, while the updates of one chat wait
for each other in the order they arrived (someone tapping ten times gets ten answers, in
order, one at a time). While an update is handled, the bot's calls count as replies to
someone waiting (:data:`bot.handlers.outbox.INTERACTIVE`).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.handlers.outbox import INTERACTIVE

ADMITTED = 100_000
"""Updates PTB hands over at once (running or waiting for their chat's turn): PTB takes its
semaphore before :meth:`ChatOrderedProcessor.do_process_update`, and a burst from one chat
waiting for its turn must not hold the slots other chats need; ``limit`` bounds the work."""


@dataclass
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holders: int = 0
    """Updates of the chat running or waiting: the turn is forgotten when it drops to 0."""


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``limit`` updates at once; one chat's updates one at a time, in order."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        super().__init__(max_concurrent_updates=max(ADMITTED, limit))
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)
        self._turns: dict[int, _Turn] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def chats_waiting(self) -> int:
        """Chats with an update running or waiting (0 when idle: nothing is kept)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = False
        try:
            async with self._turn(_chat_key(update)), self._slots:
                started = True
                token = INTERACTIVE.set(True)
                try:
                    await coroutine
                finally:
                    INTERACTIVE.reset(token)
        finally:
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting (shutting down)

    @contextlib.asynccontextmanager
    async def _turn(self, key: int | None) -> AsyncIterator[None]:
        """Wait for the chat's earlier updates (first come, first served: asyncio.Lock)."""
        if key is None:
            yield
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.holders += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.holders -= 1
            if not turn.holders:
                del self._turns[key]


def _chat_key(update: object) -> int | None:
    """The chat whose order the update belongs to (the user's, for inline callbacks)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
