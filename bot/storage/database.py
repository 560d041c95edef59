"""The one aiosqlite connection of the process, its PRAGMAs, transactions and migrations.

Modelled on mautrix's ``util/async_db``: one connection with WAL, foreign keys and a busy
timeout; every write in a :meth:`Database.transaction`; numbered migrations recorded in a
``schema_version`` table and applied at start-up.

Opening fails fast with :class:`~bot.storage.diagnosis.DatabaseUnusable` (garbage, truncated,
read-only, disk full) instead of a traceback. A busy or locked database (another program
holds a lock longer than SQLite's own ``busy_timeout``) is waited for a little longer, with
backoff, before the error reaches a caller: up to ``retry_seconds`` more.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiosqlite

from bot.storage.diagnosis import diagnose, inspect_file, is_busy

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class Row(Protocol):
    """One result row, read by column name or position; what the repositories map into models.

    The only row type a repository sees: no engine's own row class leaks past this module.
    """

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def keys(self) -> list[str]: ...


class Transaction:
    """The statements of one open transaction, yielded by :meth:`Database.transaction`.

    Writes return plain numbers (rows changed, the new row's id) and reads return
    :class:`Row`, so no repository touches a connection, a cursor or an engine's row class.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the rows it changed."""
        cursor = await self._conn.execute(sql, params)
        try:
            return cursor.rowcount
        finally:
            await cursor.close()

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one ``INSERT``; returns the id of the row it made."""
        cursor = await self._conn.execute(sql, params)
        try:
            if cursor.lastrowid is None:
                raise RuntimeError("the statement inserted no row")
            return cursor.lastrowid
        finally:
            await cursor.close()

    async def executemany(self, sql: str, params: Iterable[Params]) -> int:
        """Run one statement once per parameter set; returns the rows changed in all."""
        before = self._conn.total_changes
        await self._conn.executemany(sql, params)
        return self._conn.total_changes - before

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in ``bot/storage/migrations``: ``NNNN_name.sql``, in order."""
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        stem, dot, ext = entry.name.partition(".")
        if ext != "sql" or not dot:
            continue
        number, _, name = stem.partition("_")
        found.append(Migration(int(number), name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbers must run 1, 2, 3...; got {migration.version}")
    return found


class Database:
    """An open SQLite database. Use :meth:`open` / :meth:`close`, or ``async with``."""

    def __init__(
        self, path: Path, *, busy_timeout_ms: int = 5000, retry_seconds: float = 10.0
    ) -> None:
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._retry_seconds = retry_seconds
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self, migrations: Iterable[Migration] | None = None) -> None:
        """Connect, set the PRAGMAs and apply every pending migration; raises
        :class:`~bot.storage.diagnosis.DatabaseUnusable` when the database cannot be used."""
        conn: aiosqlite.Connection | None = None
        try:
            inspect_file(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(self.path, isolation_level=None)
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            # What is deleted is overwritten, not left in free pages (erasure, UU 27/2022).
            await conn.execute("PRAGMA secure_delete = ON")
            self._conn = conn
            await self.migrate(bundled_migrations() if migrations is None else migrations)
        except (sqlite3.Error, OSError) as error:
            # Close what was opened: aiosqlite's thread would keep the process alive.
            await self._abandon(conn)
            log.debug("cannot use database %s", self.path, exc_info=True)
            raise diagnose(self.path, error) from error
        except BaseException:
            await self._abandon(conn)
            raise

    async def _abandon(self, conn: aiosqlite.Connection | None) -> None:
        self._conn = None
        if conn is not None:
            try:
                await conn.close()
            except (sqlite3.Error, OSError):
                log.debug("closing an unusable database failed", exc_info=True)

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` if the block raises.

        Updates of different chats are handled concurrently (``UPDATE_CONCURRENCY``) and jobs
        run beside them, all on this one connection: a transaction holds the lock from
        ``BEGIN`` to ``COMMIT``, so no other coroutine's statement can land inside it, and the
        one-statement helpers below take the same lock. Inside the block use the yielded
        :class:`Transaction`, not the helpers, which would wait for the lock held by the block.
        Writes that depend on what another chat may change meanwhile check it in their own
        ``WHERE`` (e.g. ``status = 'pending'``), not in an earlier read.
        """
        async with self._lock:
            conn = self.conn
            await self._patiently(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield Transaction(conn)
                await conn.execute("COMMIT")
            except BaseException:
                # Also after a failed COMMIT (e.g. SQLITE_BUSY): never leave the shared
                # connection inside an open transaction for the next caller.
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; returns the rows changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one ``INSERT`` in its own transaction; returns the id of the row it made."""
        async with self.transaction() as tx:
            return await tx.insert(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._read(sql, params, one=True)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._read(sql, params, one=False)

    async def _read(self, sql: str, params: Params, *, one: bool) -> list[Row]:
        async def read() -> list[Row]:
            cursor = await self.conn.execute(sql, params)
            try:
                if one:
                    row = await cursor.fetchone()
                    return [] if row is None else [row]
                return list(await cursor.fetchall())
            finally:
                await cursor.close()

        async with self._lock:
            return await self._patiently(read)

    async def _patiently(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt``; while the database is busy or locked, again with backoff for up
        to ``retry_seconds`` (on top of SQLite's own ``busy_timeout``)."""
        give_up = time.monotonic() + self._retry_seconds
        pause = 0.05
        while True:
            try:
                return await attempt()
            except sqlite3.OperationalError as error:
                if not is_busy(error) or time.monotonic() + pause > give_up:
                    raise
                log.debug("database busy (%s); trying again in %.2f s", error, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it, so text deleted or
        overwritten a moment ago survives in neither file (after an erasure)."""
        async with self._lock:
            cursor = await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await cursor.fetchall()
            await cursor.close()

    async def schema_version(self) -> int:
        async with self._lock:
            return await _current_version(self.conn)

    async def migrate(self, migrations: Iterable[Migration]) -> int:
        """Apply the migrations newer than the recorded version, each in one transaction."""
        async with self._lock:
            conn = self.conn
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
            )
            current = await _current_version(conn)
            pending = [m for m in migrations if m.version > current]
            for migration in pending:
                log.info("applying migration %04d_%s", migration.version, migration.name)
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _statements(migration.sql):
                        await conn.execute(statement)
                    await conn.execute(
                        "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                        (migration.version, migration.name),
                    )
                except BaseException:
                    await conn.execute("ROLLBACK")
                    raise
                await conn.execute("COMMIT")
                current = migration.version
            return current


async def _current_version(conn: aiosqlite.Connection) -> int:
    cursor = await conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version")
    row = await cursor.fetchone()
    await cursor.close()
    return int(row[0]) if row else 0


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (``executescript`` would COMMIT)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:80]}")
    return statements
