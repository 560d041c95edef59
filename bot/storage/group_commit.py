"""Group commit: concurrent small writes share one transaction.

The delivery sender marks every message in the log right before and right after sending it;
one transaction each would cap the whole bot at what one connection commits per second
(every statement is a hop to the database driver's thread and back). Here each caller still waits
until its own write is committed, but the callers that arrive while a transaction is being
written go together in the next one. A write nobody is held up by (``urgent=False``: the
outcome of a send already made) waits up to ``linger`` seconds for an urgent one to ride
along with, so a steady stream of both costs about one transaction per urgent write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Calls :meth:`submit` concurrently; ``write`` gets a batch and returns one result each."""

    def __init__(
        self, write: Callable[[list[T]], Awaitable[Sequence[R]]], *, linger: float = 0.0
    ) -> None:
        self._write = write
        self._linger = linger
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._due = False
        """The pending items are to be written now (one is urgent, or waited its linger)."""
        self._writer: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None

    async def submit(self, item: T, *, urgent: bool = True) -> R:
        """Write ``item`` with whatever else is waiting; its result once committed.
        ``urgent=False``: within ``linger`` seconds, with the next urgent item if one comes."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if urgent or self._linger <= 0:
            self._due = True
        self._kick()
        return await future

    async def flush(self) -> None:
        """Wait until everything submitted so far is written (lingering items at once)."""
        if self._pending:
            self._due = True
            self._kick()
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def _kick(self) -> None:
        if self._writer is not None and not self._writer.done():
            return  # the writer looks at the pending items when its transaction is done
        if self._due:
            self._disarm()
            self._writer = asyncio.create_task(self._drain())
        else:
            self._arm()

    def _arm(self) -> None:
        """Write the lingering items after ``linger`` seconds, unless something urgent comes."""
        if self._timer is None and self._pending:
            self._timer = asyncio.get_running_loop().call_later(self._linger, self._lingered)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _lingered(self) -> None:
        self._timer = None
        self._due = True
        self._kick()

    async def _drain(self) -> None:
        while self._pending and self._due:
            batch, self._pending, self._due = self._pending, [], False
            self._disarm()
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
        self._arm()  # what came in meanwhile, none of it urgent
