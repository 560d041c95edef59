"""Group commit: concurrent small writes share one transaction.

The delivery sender marks every message in the log right before and right after sending it;
one transaction each would cap the whole bot at what one connection commits per second
(every statement is a hop to the database driver's thread and back). Here each caller still waits
until its own write is committed, but the callers that arrive while a transaction is being
written go together in the next one. A caller that can wait a moment says so (``linger``):
its write waits up to that long for company, so a steady trickle of writes (a Pemda's 30
sends a second) still shares transactions.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Calls :meth:`submit` concurrently; ``write`` gets a batch and returns one result each."""

    def __init__(self, write: Callable[[list[T]], Awaitable[Sequence[R]]]) -> None:
        self._write = write
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._due_at = math.inf
        """When the pending items are to be written: the earliest of their deadlines."""
        self._writer: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None

    async def submit(self, item: T, *, linger: float = 0.0) -> R:
        """Write ``item`` with whatever else is waiting, at most ``linger`` seconds from now
        (0: as soon as the transaction being written, if any, is done); its result once
        committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._pending.append((item, future))
        self._due_at = min(self._due_at, loop.time() + linger)
        self._kick()
        return await future

    async def flush(self) -> None:
        """Wait until everything submitted so far is written (lingering items at once)."""
        if self._pending:
            self._due_at = -math.inf
            self._kick()
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def _kick(self) -> None:
        if self._writer is not None and not self._writer.done():
            return  # the writer looks at the pending items when its transaction is done
        self._disarm()
        if self._due():
            self._writer = asyncio.create_task(self._drain())
        elif self._pending:
            self._timer = asyncio.get_running_loop().call_at(self._due_at, self._kick)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _due(self) -> bool:
        return bool(self._pending) and self._due_at <= asyncio.get_running_loop().time()

    async def _drain(self) -> None:
        while self._due():
            batch, self._pending, self._due_at = self._pending, [], math.inf
            try:
                results = await self._write([item for item, _ in batch])
            except Exception as error:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            except BaseException:  # cancelled with the event loop: nobody waits forever
                for _, future in (*batch, *self._pending):
                    future.cancel()
                self._pending = []
                raise
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():  # the caller may have been cancelled meanwhile
                    future.set_result(result)
        if self._pending:  # what came in meanwhile may linger a little longer
            self._timer = asyncio.get_running_loop().call_at(self._due_at, self._kick)
