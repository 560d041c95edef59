"""The SQLite side of :mod:`bot.ownership`: the ``owner_lease`` row plus ``flock`` on the
database file (see migration 0014).

The kernel frees the ``flock`` the moment its process dies (kill -9 included), also between
containers that share the volume, so on one machine a dead owner is known at once and its
row is taken over without waiting for it to expire. Without the lock (another machine on a
shared disk) only an expired row may be taken over.

The lock's file descriptor stays open until :meth:`SqliteLease.close`, after the database is
closed: closing any descriptor of the file would drop SQLite's own POSIX locks on it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from datetime import datetime

from bot.ownership import Owner
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

NAME = "bot"


class FileLock:
    """A non-blocking exclusive ``flock`` on one file, on a descriptor kept open."""

    def __init__(self, path: os.PathLike[str]) -> None:
        self._path = path
        self._fd: int | None = None
        self.held = False

    def try_lock(self) -> bool:
        if self.held:
            return True
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CLOEXEC)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held = True
        return True

    def unlock(self) -> None:
        if self._fd is not None and self.held:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self.held = False

    def close(self) -> None:
        self.unlock()
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.close(fd)


class SqliteLease:
    """A :class:`bot.ownership.LeaseStore` in the open database ``db``."""

    def __init__(self, db: Database) -> None:
        if db.path is None:
            raise ValueError("SqliteLease needs an SQLite database")
        self._db = db
        self._lock = FileLock(db.path)

    async def take(self, me: Owner, now: datetime) -> Owner | None:
        if not self._lock.try_lock():
            # A live process on this machine holds the file (its row may not be written yet).
            return await self.current() or Owner("", "?", 0, now, now)
        async with self._db.transaction() as tx:
            row = await tx.fetchone("SELECT * FROM owner_lease WHERE name = ?", (NAME,))
            if row is not None:
                other = owner_of(row)
                # Another machine's owner, not expired: no lock here can tell if it lives.
                if other.holder != me.holder and other.host != me.host and other.expires_at > now:
                    return other
            await tx.execute(
                "INSERT INTO owner_lease (name, holder, host, pid, since, renewed_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " holder = excluded.holder, host = excluded.host, pid = excluded.pid,"
                " since = excluded.since, renewed_at = excluded.renewed_at,"
                " expires_at = excluded.expires_at",
                (NAME, me.holder, me.host, me.pid, to_iso(me.since), to_iso(now),
                 to_iso(me.expires_at)),
            )  # fmt: skip
        return None

    async def renew(self, me: Owner, now: datetime) -> bool:
        changed = await self._db.execute(
            "UPDATE owner_lease SET renewed_at = ?, expires_at = ? WHERE name = ? AND holder = ?",
            (to_iso(now), to_iso(me.expires_at), NAME, me.holder),
        )
        return changed == 1

    async def release(self, me: Owner) -> None:
        try:
            await self._db.execute(
                "DELETE FROM owner_lease WHERE name = ? AND holder = ?", (NAME, me.holder)
            )
        finally:
            self._lock.unlock()

    async def current(self) -> Owner | None:
        row = await self._db.fetchone("SELECT * FROM owner_lease WHERE name = ?", (NAME,))
        return owner_of(row) if row is not None else None

    def close(self) -> None:
        """Close the lock's descriptor; call after the database is closed."""
        self._lock.close()


def owner_of(row: Row) -> Owner:
    return Owner(
        holder=row["holder"],
        host=row["host"],
        pid=row["pid"],
        since=from_iso(row["since"]),
        expires_at=from_iso(row["expires_at"]),
    )
