"""One owner per database: only the process holding the lease polls Telegram and sends.

Two processes on one database double every broadcast (each resends what the other has in
flight), so ``budaya-bot run`` takes ownership before it polls or sends, and keeps it with a
heartbeat:

- the store's :class:`LeaseStore` holds one lease row (holder, host, pid, since, expiry) and,
  where the platform has one, an OS-level lock that the kernel frees the moment the owner
  dies (SQLite: ``flock`` on the database file; PostgreSQL: ``pg_try_advisory_lock`` on the
  owner's session, with the same row for the operator to read);
- :meth:`Ownership.acquire` takes it, or refuses with :class:`HeldElsewhere` naming the owner,
  or with ``standby`` waits, polling every ``poll`` seconds, and takes over within ``poll``
  seconds of the owner stopping (or of its lease expiring, when the owner was on another
  machine and no lock can tell that it died);
- :meth:`Ownership.keep` renews the lease every ``renew_every`` seconds; an owner that finds
  its lease taken by another has lost it and must stop (``on_lost``).

The lease uses the wall clock of the machine, never the bot's adjustable :class:`~bot.clock.
Clock`: it is about processes, not about the working day.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)

LEASE_TTL = timedelta(seconds=30)
"""A lease not renewed for this long is free (only matters across machines)."""
RENEW_EVERY = 10.0
"""Seconds between renewals: well inside the TTL."""
STANDBY_POLL = 1.0
"""Seconds between a standby's attempts to take over."""


@dataclass(frozen=True)
class Owner:
    holder: str
    """A random id of the owning process (host and pid can repeat across containers)."""
    host: str
    pid: int
    since: datetime
    expires_at: datetime

    @classmethod
    def me(cls, now: datetime, ttl: timedelta = LEASE_TTL) -> Owner:
        return cls(uuid.uuid4().hex, socket.gethostname(), os.getpid(), now, now + ttl)

    def renewed(self, now: datetime, ttl: timedelta = LEASE_TTL) -> Owner:
        return Owner(self.holder, self.host, self.pid, self.since, now + ttl)


class LeaseStore(Protocol):
    """Where the lease lives; implemented by the storage (bot/storage/lease.py)."""

    async def take(self, me: Owner, now: datetime) -> Owner | None:
        """Take the lease for ``me``: None when it is now ours, else the owner holding it."""
        ...

    async def renew(self, me: Owner, now: datetime) -> bool:
        """Extend ``me``'s lease to ``me.expires_at``; False if it is no longer ours."""
        ...

    async def release(self, me: Owner) -> None:
        """Give the lease up (a stopping owner): a standby takes over at once."""
        ...

    async def current(self) -> Owner | None:
        """Who holds the lease (for ``budaya-bot health``)."""
        ...


class HeldElsewhere(Exception):
    def __init__(self, owner: Owner) -> None:
        super().__init__(f"held by {owner.host} pid {owner.pid} since {owner.since}")
        self.owner = owner


def wall_clock() -> datetime:
    return datetime.now(UTC)


class Ownership:
    """The owning side of a lease: :meth:`acquire`, then :meth:`keep`, :meth:`release`."""

    def __init__(
        self,
        store: LeaseStore,
        *,
        ttl: timedelta = LEASE_TTL,
        renew_every: float = RENEW_EVERY,
        poll: float = STANDBY_POLL,
        now: Callable[[], datetime] = wall_clock,
    ) -> None:
        self._store = store
        self._ttl = ttl
        self._renew_every = renew_every
        self._poll = poll
        self._now = now
        self.me: Owner | None = None
        """Our lease while we hold it."""
        self.lost = False
        """Another process took the lease from us (we stalled past its expiry)."""
        self._keeper: asyncio.Task[None] | None = None

    async def acquire(
        self, *, standby: bool, waiting: Callable[[Owner], None] | None = None
    ) -> Owner:
        """Take the lease. Without ``standby`` raise :class:`HeldElsewhere` if another
        process holds it; with it, wait until it is free (``waiting`` is told once)."""
        told = False
        while True:
            now = self._now()
            me = Owner.me(now, self._ttl)
            other = await self._store.take(me, now)
            if other is None:
                self.me = me
                log.info("took ownership of the database (host %s, pid %d)", me.host, me.pid)
                return me
            if not standby:
                raise HeldElsewhere(other)
            if not told:
                told = True
                if waiting is not None:
                    waiting(other)
            await asyncio.sleep(self._poll)

    def keep(self, on_lost: Callable[[], None]) -> None:
        """Renew the lease in the background; ``on_lost`` if another process took it."""
        if self._keeper is None or self._keeper.done():
            self._keeper = asyncio.create_task(self._renewing(on_lost), name="owner-lease")

    async def _renewing(self, on_lost: Callable[[], None]) -> None:
        while self.me is not None:
            await asyncio.sleep(self._renew_every)
            me = self.me.renewed(self._now(), self._ttl)
            try:
                ours = await self._store.renew(me, self._now())
            except Exception:
                # The database is in trouble; the lock still holds on this machine, and
                # the next renewal may succeed before the lease expires.
                log.warning("could not renew the database lease", exc_info=True)
                continue
            if not ours:
                log.error("another process took over the database: stopping")
                self.lost = True
                self.me = None
                on_lost()
                return
            self.me = me

    async def release(self) -> None:
        """Stop renewing and give the lease up (nothing to do if never held)."""
        if self._keeper is not None:
            self._keeper.cancel()
            await asyncio.gather(self._keeper, return_exceptions=True)
            self._keeper = None
        me, self.me = self.me, None
        if me is not None:
            await self._store.release(me)
