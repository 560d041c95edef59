"""Which ``budaya-bot run`` workers are alive, and which Pemda some process owns: what a
worker needs to aim at its fair share of the Pemda (:mod:`bot.deployment`).

Both answers come from locks the kernel or the server frees the moment their holder dies,
so a worker killed with SIGKILL stops counting at once, and so do its Pemda:

- **PostgreSQL**: a live worker holds the advisory lock ``(deployment, worker id)`` on a
  connection of its own; the workers are counted in ``pg_locks``. A Pemda is owned while
  the advisory lock of its :class:`~bot.storage.pg_lease.PostgresLease` is held, also read
  from ``pg_locks`` (one query for every Pemda, nothing is taken).
- **SQLite** (several processes on one machine): a live worker holds ``flock`` on a file of
  its own in ``<stem>.workers/`` beside the main file; a Pemda is owned while its file is
  locked (:class:`~bot.storage.lease.SqliteLease`), which a probe of a few microseconds
  tells.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import uuid
import zlib
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.storage.database import POOL_OPTIONS, Database, database_url
from bot.storage.lease import FileLock

log = logging.getLogger(__name__)

LEASE_KEY = "budaya-bot owner {schema}"
"""The text whose ``hashtext`` is a Pemda's advisory lock (as :class:`PostgresLease` takes
it; tests/test_deployment_storage.py checks that the two agree)."""

_OURS = "locktype = 'advisory' AND granted AND database ="
_THIS_DATABASE = "(SELECT oid FROM pg_database WHERE datname = current_database())"
_TRY = sa.text("SELECT pg_try_advisory_lock(:deployment, :worker)")
_UNLOCK = sa.text("SELECT pg_advisory_unlock(:deployment, :worker)")
_LIVE = sa.text(
    f"SELECT count(DISTINCT objid) FROM pg_locks WHERE {_OURS} {_THIS_DATABASE}"
    " AND objsubid = 2 AND classid::bigint = :deployment"
)
_HELD = (
    f"SELECT classid::bigint, objid::bigint FROM pg_locks WHERE {_OURS} {_THIS_DATABASE}"
    " AND objsubid = 1"
)
_MASK64 = (1 << 64) - 1
_MASK32 = (1 << 32) - 1


def shared_engine(target: str | Path, *, pool_size: int, max_overflow: int) -> AsyncEngine:
    """PostgreSQL: one engine for every Pemda of a worker (``Database(engine=...)``: each
    transaction names its Pemda's schema), so the worker's connections are bounded however
    many Pemda it serves. ``max_overflow=-1``: unbounded (the leases' engine, where each
    owned Pemda keeps one connection for its lock)."""
    return create_async_engine(
        database_url(target), pool_size=pool_size, max_overflow=max_overflow, **POOL_OPTIONS
    )


class WorkerRoster(Protocol):
    """The live workers of one deployment, and the Pemda some process owns."""

    async def join(self) -> None:
        """Count this worker among the live ones (until :meth:`leave` or its death)."""
        ...

    async def live(self) -> int:
        """How many workers are alive, this one included."""
        ...

    async def owned(self, pemda: dict[str, Database]) -> set[str]:
        """Of the Pemda given (code -> its unopened database), those some process owns."""
        ...

    async def leave(self) -> None: ...


def worker_roster(home: Database) -> WorkerRoster:
    """The roster of the deployment whose home database ``home`` is (open, on PostgreSQL)."""
    return SqliteWorkers(home) if home.sqlite else PostgresWorkers(home)


class PostgresWorkers:
    """:class:`WorkerRoster` on PostgreSQL: advisory locks and ``pg_locks``."""

    def __init__(self, home: Database) -> None:
        self._home = home
        # Workers of another deployment (another home schema) on the server do not count.
        self._deployment = zlib.crc32(f"budaya-bot workers {home.schema}".encode()) & 0x7FFFFFFF
        self._worker = 0
        self._conn: AsyncConnection | None = None
        self._hashes: dict[str, tuple[int, int]] = {}

    async def join(self) -> None:
        await self._drop()
        conn = await self._home.engine.connect()
        # The lock belongs to the session: no transaction may stay open around it.
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        while True:
            worker = secrets.randbelow(0x7FFFFFFF) + 1
            params = {"deployment": self._deployment, "worker": worker}
            if (await conn.execute(_TRY, params)).scalar():
                break
        self._conn, self._worker = conn, worker

    async def live(self) -> int:
        try:
            if self._conn is None:
                await self.join()
            assert self._conn is not None
            count = (await self._conn.execute(_LIVE, {"deployment": self._deployment})).scalar()
        except (SQLAlchemyError, OSError):
            # The connection broke (a restarted server): join again on the next count.
            log.warning("the connection that counts this worker broke", exc_info=True)
            await self._drop()
            return 1
        return max(int(count or 0), 1)

    async def owned(self, pemda: dict[str, Database]) -> set[str]:
        if not pemda:
            return set()
        async with self._home.transaction() as tx:
            held = {(int(row[0]), int(row[1])) for row in await tx.fetchall(_HELD)}
            for db in pemda.values():
                if db.schema not in self._hashes:
                    key = LEASE_KEY.format(schema=db.schema)
                    value = int(await tx.fetchval("SELECT hashtext(?)", (key,)))
                    self._hashes[db.schema] = _lock_id(value)
        return {code for code, db in pemda.items() if self._hashes[db.schema] in held}

    async def leave(self) -> None:
        await self._drop(unlock=True)

    async def _drop(self, *, unlock: bool = False) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if unlock:
                await conn.execute(
                    _UNLOCK, {"deployment": self._deployment, "worker": self._worker}
                )
            await conn.close()
        except (SQLAlchemyError, OSError):
            log.debug("closing the worker's lock connection failed", exc_info=True)


def _lock_id(key: int) -> tuple[int, int]:
    """``pg_locks``' (classid, objid) of the advisory lock on the bigint ``key``."""
    unsigned = key & _MASK64
    return unsigned >> 32, unsigned & _MASK32


class SqliteWorkers:
    """:class:`WorkerRoster` on SQLite: ``flock`` on one file per worker, and on the Pemda's
    files."""

    def __init__(self, home: Database) -> None:
        if home.path is None:
            raise ValueError("SqliteWorkers needs an SQLite database")
        self.folder = home.path.parent / f"{home.path.stem}.workers"
        self._mine: Path | None = None
        self._lock: FileLock | None = None

    async def join(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        mine = self.folder / f"{uuid.uuid4().hex}.lock"
        mine.touch()
        lock = FileLock(mine)
        if not lock.try_lock():  # a fresh file nobody knows: cannot happen
            raise RuntimeError(f"cannot lock {mine}")
        self._mine, self._lock = mine, lock

    async def live(self) -> int:
        count = 0
        for path in sorted(self.folder.glob("*.lock")):
            if path == self._mine or _locked(path, remove_if_free=True):
                count += 1
        return max(count, 1)

    async def owned(self, pemda: dict[str, Database]) -> set[str]:
        # Never probe a file this process has open (closing a descriptor of it would drop
        # SQLite's own locks): the caller asks only about the Pemda it does not serve.
        return {
            code
            for code, db in pemda.items()
            if db.path is not None and db.path.exists() and _locked(db.path)
        }

    async def leave(self) -> None:
        lock, self._lock = self._lock, None
        mine, self._mine = self._mine, None
        if lock is not None:
            lock.close()
        if mine is not None:
            with contextlib.suppress(OSError):
                mine.unlink()


def _locked(path: Path, *, remove_if_free: bool = False) -> bool:
    """Whether another process holds ``flock`` on ``path`` (a file of a dead worker is
    removed when ``remove_if_free``)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        if remove_if_free:
            with contextlib.suppress(OSError):
                path.unlink()
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


__all__ = [
    "LEASE_KEY",
    "PostgresWorkers",
    "SqliteWorkers",
    "WorkerRoster",
    "shared_engine",
    "worker_roster",
]
