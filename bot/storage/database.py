"""The database of one Pemda: SQLite (the embedded default) or PostgreSQL, through SQLAlchemy
2 Core's async engines (aiosqlite, asyncpg), its transactions, and its Alembic migrations.

Repositories write plain SQL valid on both engines, with ``?`` placeholders, and use only
:class:`Database` and :class:`Transaction`; no engine's connection, cursor or row class
passes this module.

- **SQLite**: one connection (WAL, foreign keys, busy timeout, secure delete), every
  transaction ``BEGIN IMMEDIATE`` behind one lock, so the updates handled concurrently never
  interleave inside a transaction. Opening fails fast with
  :class:`~bot.storage.diagnosis.DatabaseUnusable` (garbage, truncated, read-only, disk full);
  a database another program keeps busy is waited for a little longer, with backoff, up to
  ``retry_seconds`` on top of SQLite's own ``busy_timeout``.
- **PostgreSQL**: a pool of connections; transactions run side by side at READ COMMITTED. A
  Pemda's tables live in its own schema (``schema``), which the connection's
  ``search_path`` names: one engine can serve many Pemda (``engine``), each transaction then
  says which Pemda it is for.

Migrations are Alembic revisions in ``bot/storage/schema/versions`` applied at :meth:`open`;
a database made by the hand-written runner of before (``schema_version``) is brought up to
its last version and then handed to Alembic (:mod:`bot.storage.legacy`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import asyncpg
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.config import Settings
from bot.storage import legacy
from bot.storage.diagnosis import DatabaseUnusable, diagnose, inspect_file, is_busy

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

POOL_OPTIONS: dict[str, Any] = {"pool_recycle": 1800}
"""PostgreSQL pools: no ``pool_pre_ping`` (on asyncpg a BEGIN, a ping and a ROLLBACK before
every use of a pooled connection: a third of the daily broadcast's database work). A
connection that died meanwhile (the server restarted) fails the one statement that finds
it, and SQLAlchemy then drops every connection of the pool opened before; callers treat it as
any failed statement (the broadcast retries, a reply says to try again). Connections are
renewed every half hour, before a firewall forgets them idle."""
T = TypeVar("T")

SCHEMA_FOLDER = Path(__file__).parent / "schema"
HEAD = "head"


class Row(Protocol):
    """One result row, read by column name or position; what the repositories map into models.

    The only row type a repository sees: no engine's own row class leaks past this module.
    """

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def keys(self) -> list[str]: ...


class Record:
    """A :class:`Row`: the values of one result row and the shared column positions."""

    __slots__ = ("_positions", "_values")

    def __init__(self, values: Sequence[Any], positions: dict[str, int]) -> None:
        self._values = values
        self._positions = positions

    def __getitem__(self, key: int | str, /) -> Any:
        return self._values[self._positions[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._positions)

    def __repr__(self) -> str:
        return f"Record({dict(zip(self._positions, self._values, strict=True))!r})"


def _records(result: sa.CursorResult[Any]) -> list[Row]:
    if not result.returns_rows:
        return []
    positions = {name: i for i, name in enumerate(result.keys())}
    return [Record(tuple(row), positions) for row in result.fetchall()]


@functools.lru_cache(maxsize=4096)
def _statement(sql: str) -> sa.TextClause:
    """``sql`` with its ``?`` placeholders (outside quotes) numbered ``:p1``, ``:p2`` ..."""
    out: list[str] = []
    quote: str | None = None
    number = 0
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "?":
            number += 1
            out.append(f":p{number}")
            continue
        out.append(char)
    return sa.text("".join(out))


_READ = re.compile(r"\s*(SELECT|WITH|PRAGMA)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _numbered(sql: str) -> str:
    """``sql`` with its ``?`` placeholders (outside quotes) as asyncpg's ``$1``, ``$2`` ..."""
    return re.sub(r":p(\d+)", r"$\1", str(_statement(sql)))


async def _driver_rows(conn: AsyncConnection, dialect: str, sql: str, params: Params) -> list[Row]:
    """Read through the driver itself, on ``conn`` (in its transaction, if one is open).

    The drivers' own rows (sqlite3.Row, asyncpg.Record) already read by name and position;
    SQLAlchemy's result rows would each need wrapping, which costs more than the query on a
    report's tens of thousands of rows.
    """
    if isinstance(params, dict) or not _READ.match(sql):
        # A write with RETURNING goes through SQLAlchemy, which names its errors alike on
        # both engines (IntegrityError for a constraint, whatever the driver).
        return _records(await conn.execute(_statement(sql), _bind(params)))
    driver: Any = (await conn.get_raw_connection()).driver_connection
    if dialect == "sqlite":
        cursor = await driver.execute(sql, tuple(params))
        try:
            cursor.row_factory = sqlite3.Row
            rows: list[Row] = await cursor.fetchall()
            return rows
        finally:
            await cursor.close()
    records: list[Row] = await driver.fetch(_numbered(sql), *params)
    return records


def _bind(params: Params) -> dict[str, Any]:
    if isinstance(params, dict):
        return params
    return {f"p{i}": value for i, value in enumerate(params, start=1)}


class Transaction:
    """The statements of one open transaction, yielded by :meth:`Database.transaction`.

    Writes return plain numbers (rows changed, the new row's id) and reads return
    :class:`Row`, so no repository touches a connection, a cursor or an engine's row class.
    """

    def __init__(self, conn: AsyncConnection, dialect: str) -> None:
        self._conn = conn
        self._dialect = dialect

    def _check(self, sql: str) -> None:
        """Called with every statement before it runs; may refuse it (:class:`_Qualified`)."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the rows it changed."""
        self._check(sql)
        result = await self._conn.execute(_statement(sql), _bind(params))
        return result.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one ``INSERT`` into a table with an ``id``; returns the id of the row it made."""
        self._check(sql)
        if self._dialect == "sqlite":
            result = await self._conn.execute(_statement(sql), _bind(params))
            new_id: Any = result.lastrowid
        else:
            result = await self._conn.execute(_statement(sql + " RETURNING id"), _bind(params))
            new_id = result.scalar()
        if new_id is None:
            raise RuntimeError("the statement inserted no row")
        return int(new_id)

    async def executemany(self, sql: str, params: Iterable[Params]) -> int:
        """Run one statement once per parameter set; returns the rows changed in all."""
        self._check(sql)
        changed = 0
        statement = _statement(sql)
        for one in params:
            # One by one: only that counts the rows changed on every engine (an INSERT ...
            # ON CONFLICT DO NOTHING that changed some); the round trips stay in the
            # transaction, on one connection.
            result = await self._conn.execute(statement, _bind(one))
            changed += max(result.rowcount, 0)
        return changed

    async def execute_batch(self, sql: str, params: Sequence[Params]) -> None:
        """Run one statement for every parameter set in one driver call (asyncpg pipelines
        them: one round trip, not one each); no count of the rows changed."""
        self._check(sql)
        if params:
            await self._conn.execute(_statement(sql), [_bind(one) for one in params])

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self._check(sql)
        return await _driver_rows(self._conn, self._dialect, sql, params)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class _Qualified(Transaction):
    """:meth:`Database.statements` on PostgreSQL: refuses a statement that does not name
    the schema (it would resolve its tables on whatever ``search_path`` the pooled
    connection has: maybe another Pemda's)."""

    def __init__(self, conn: AsyncConnection, dialect: str, prefix: str) -> None:
        super().__init__(conn, dialect)
        self._prefix = prefix

    def _check(self, sql: str) -> None:
        if self._prefix not in sql:
            raise ValueError(f"statement without the schema {self._prefix!r}: {sql[:80]!r}")


def database_url(target: str | Path) -> URL:
    """The engine's URL for ``target``: a path (SQLite), ``sqlite:///…`` or
    ``postgresql://…`` (the async drivers are filled in)."""
    if isinstance(target, Path):
        return URL.create("sqlite+aiosqlite", database=str(target))
    url = make_url(target)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database {url.drivername!r}: use sqlite:/// or postgresql://")


def quote_identifier(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a schema name: {name!r}")
    return f'"{name}"'


class Database:
    """An open database. Use :meth:`open` / :meth:`close`, or ``async with``.

    ``target``: a path or URL (see :func:`database_url`). On PostgreSQL ``schema`` is where
    this Pemda's tables live (default ``public``) and ``engine`` an engine shared with other
    Pemda (closed by its owner, not here).
    """

    def __init__(
        self,
        target: str | Path,
        *,
        schema: str | None = None,
        engine: AsyncEngine | None = None,
        busy_timeout_ms: int = 5000,
        retry_seconds: float = 10.0,
        pool_size: int = 5,
    ) -> None:
        self.url = database_url(target)
        self.dialect = self.url.get_backend_name()
        self.path: Path | None = (
            Path(self.url.database or "") if self.dialect == "sqlite" else None
        )
        self.schema = schema or ("main" if self.dialect == "sqlite" else "public")
        self._quoted_schema = quote_identifier(self.schema)
        self._shared_engine = engine
        self._busy_timeout_ms = busy_timeout_ms
        self._retry_seconds = retry_seconds
        self._pool_size = pool_size
        self._engine: AsyncEngine | None = None
        self._conn: AsyncConnection | None = None
        """SQLite: the one connection."""
        self._lock = asyncio.Lock()

    def again(self) -> Database:
        """Another, unopened :class:`Database` on the same data (its own connections)."""
        return Database(
            self.url.render_as_string(hide_password=False),
            schema=None if self.sqlite else self.schema,
            busy_timeout_ms=self._busy_timeout_ms,
            retry_seconds=self._retry_seconds,
            pool_size=self._pool_size,
        )

    @property
    def sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def label(self) -> str:
        """The database for an operator's eyes: the file, or the server and schema (no
        password)."""
        if self.path is not None:
            return str(self.path)
        return f"{self.url.render_as_string(hide_password=True)} schema {self.schema}"

    # --- opening and closing -----------------------------------------------------------

    async def open(self, *, migrate: bool = True) -> None:
        """Connect and apply every pending migration; raises
        :class:`~bot.storage.diagnosis.DatabaseUnusable` when the database cannot be used."""
        if self.sqlite:
            await self._open_sqlite(migrate)
        else:
            await self._open_postgresql(migrate)

    async def _open_sqlite(self, migrate: bool) -> None:
        assert self.path is not None
        try:
            inspect_file(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = create_async_engine(self.url, poolclass=sa.pool.StaticPool)
            _sqlite_events(self._engine, self._busy_timeout_ms)
            self._conn = await self._engine.connect()
            if migrate:
                await self._conn.run_sync(_upgrade_sqlite)
                await self._conn.commit()
        except (SQLAlchemyError, OSError) as error:
            await self._abandon()
            log.debug("cannot use database %s", self.path, exc_info=True)
            raise diagnose(self.path, original_error(error)) from error
        except BaseException:
            await self._abandon()
            raise

    async def _open_postgresql(self, migrate: bool) -> None:
        if self._shared_engine is not None:
            self._engine = self._shared_engine
        else:
            self._engine = create_async_engine(
                self.url,
                pool_size=self._pool_size,
                max_overflow=self._pool_size,
                **POOL_OPTIONS,
                connect_args={"server_settings": {"search_path": self.schema}},
            )
        if migrate:
            async with self._engine.connect() as conn:
                await conn.run_sync(_upgrade_postgresql, self.schema)
                await conn.commit()

    async def _abandon(self) -> None:
        conn, self._conn = self._conn, None
        engine, self._engine = self._engine, None
        try:
            if conn is not None:
                await conn.close()
        except (SQLAlchemyError, OSError):
            log.debug("closing an unusable database failed", exc_info=True)
        if engine is not None and engine is not self._shared_engine:
            await engine.dispose()

    async def close(self) -> None:
        await self._abandon()

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("database is not open")
        return self._engine

    # --- transactions ------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One transaction: committed when the block ends, rolled back if it raises.

        SQLite: ``BEGIN IMMEDIATE`` ... ``COMMIT`` on the one connection, behind the lock,
        so no other coroutine's statement can land inside it; the one-statement helpers
        below take the same lock, so inside the block use the yielded :class:`Transaction`.
        Writes that depend on what another chat may change meanwhile check it in their own
        ``WHERE`` (e.g. ``status = 'pending'``), not in an earlier read: on PostgreSQL
        transactions run side by side.
        """
        if self.sqlite:
            async with self._lock:
                conn = self._connection()
                await self._patiently(lambda: _begin_immediate(conn))
                try:
                    yield Transaction(conn, self.dialect)
                    await conn.commit()
                except BaseException:
                    # Also after a failed COMMIT (e.g. SQLITE_BUSY, a deferred foreign key):
                    # never leave the shared connection inside an open transaction for the
                    # next caller (SQLAlchemy considers it ended; SQLite may not).
                    await conn.rollback()
                    driver = (await conn.get_raw_connection()).driver_connection
                    if driver is not None and driver.in_transaction:
                        await driver.rollback()
                    raise
        else:
            async with self._postgresql_transaction() as conn:
                yield Transaction(conn, self.dialect)

    def qualified(self, table: str) -> str:
        """``table`` named with this database's schema, for :meth:`statements`."""
        return f"{self._quoted_schema}.{table}"

    @asynccontextmanager
    async def statements(self) -> AsyncIterator[Transaction]:
        """Writes that need no transaction around them, for the hottest path (the delivery
        log's claims and outcomes): on PostgreSQL each statement commits by itself (a batch
        of :meth:`Transaction.execute_batch` as one), which saves the two round trips of
        BEGIN and COMMIT. The pooled connection's ``search_path`` is not this Pemda's, so
        every statement must name its tables with :meth:`qualified` (checked: a statement
        without the schema is refused). On SQLite: one transaction, as :meth:`transaction`.
        """
        if self.sqlite:
            async with self.transaction() as tx:
                yield tx
            return
        async with self.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            try:
                yield _Qualified(conn, self.dialect, self._quoted_schema + ".")
            finally:
                driver: Any = (await conn.get_raw_connection()).driver_connection
                if driver.is_in_transaction():  # e.g. cancelled amid a batch
                    await conn.invalidate()

    @asynccontextmanager
    async def _postgresql_transaction(self) -> AsyncIterator[AsyncConnection]:
        """A pooled connection inside ``BEGIN`` with this Pemda's schema first on the
        ``search_path`` (for the transaction only: the pool is shared by every Pemda).

        BEGIN and SET LOCAL go in one simple-protocol round trip, COMMIT in another;
        SQLAlchemy's connection is in autocommit (it starts no transaction of its own), so
        its statements and the driver-level reads run inside this one. A connection whose
        transaction could not be ended is dropped, never handed to the next caller.
        """
        async with self.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            driver: Any = (await conn.get_raw_connection()).driver_connection
            await _simple(driver, f"BEGIN; SET LOCAL search_path TO {self._quoted_schema}")
            try:
                yield conn
            except BaseException:
                try:
                    await asyncio.shield(_simple(driver, "ROLLBACK"))
                except BaseException:  # e.g. cancelled with a statement still running
                    log.debug("rollback failed; dropping the connection", exc_info=True)
                finally:
                    if driver.is_in_transaction():
                        await conn.invalidate()
                raise
            try:
                await _simple(driver, "COMMIT")
            finally:
                if driver.is_in_transaction():
                    await conn.invalidate()

    def _connection(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; returns the rows changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one ``INSERT`` in its own transaction; returns the id of the row it made."""
        async with self.transaction() as tx:
            return await tx.insert(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        if not self.sqlite:
            if self._shared_engine is None:  # the connection's search_path is ours
                async with self.engine.connect() as conn:
                    return await _driver_rows(conn, self.dialect, sql, params)
            async with self._postgresql_transaction() as conn:
                return await _driver_rows(conn, self.dialect, sql, params)

        async def read() -> list[Row]:
            # In SQLite's autocommit, as a read always ran here: no BEGIN.
            return await _driver_rows(self._connection(), self.dialect, sql, params)

        async with self._lock:
            return await self._patiently(read)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def _patiently(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt``; while SQLite is busy or locked, again with backoff for up to
        ``retry_seconds`` (on top of SQLite's own ``busy_timeout``)."""
        give_up = time.monotonic() + self._retry_seconds
        pause = 0.05
        while True:
            try:
                return await attempt()
            except (DBAPIError, sqlite3.OperationalError) as error:
                if not is_busy(original_error(error)) or time.monotonic() + pause > give_up:
                    raise
                log.debug(
                    "database busy (%s); trying again in %.2f s", original_error(error), pause
                )
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    async def upgrade(self, folder: Path) -> None:
        """Apply the migrations of another Alembic script location to this open database
        (the Pemda registry's, kept in the home database with a version table of its own)."""
        if self.sqlite:
            async with self._lock:
                conn = self._connection()
                if conn.in_transaction():
                    await conn.rollback()
                await conn.run_sync(lambda sync: _alembic_upgrade(sync, folder))
                await conn.commit()
        else:
            async with self.engine.connect() as pg:
                await pg.run_sync(_upgrade_postgresql, self.schema, folder)
                await pg.commit()

    # --- maintenance -------------------------------------------------------------------

    async def trace(self, callback: Callable[[str], None] | None) -> None:
        """SQLite: call ``callback`` with every statement the connection runs (None: stop);
        for counting a flow's statements in tests and when debugging."""
        driver: Any = (await self._connection().get_raw_connection()).driver_connection
        await driver.set_trace_callback(callback)

    async def checkpoint(self) -> None:
        """SQLite: copy the WAL into the database file and truncate it, so text deleted or
        overwritten a moment ago survives in neither file (after an erasure). PostgreSQL
        keeps no such copy for the bot to clear (its WAL is the server's)."""
        if not self.sqlite:
            return
        async with self._lock:
            conn = self._connection()
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            await conn.rollback()

    async def schema_version(self) -> str:
        """The Alembic revision the database is at."""
        return str(await self.fetchval("SELECT version_num FROM alembic_version"))

    async def tables(self) -> dict[str, list[str]]:
        """Every table of the bot's schema and its columns (the migrations' own excluded)."""
        if self.sqlite:
            names = await self.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            found: dict[str, list[str]] = {}
            for (name,) in names:
                columns = await self.fetchall(f"SELECT name FROM pragma_table_info('{name}')")
                found[name] = [column for (column,) in columns]
        else:
            found = {}
            for table, column in await self.fetchall(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = ? ORDER BY table_name, ordinal_position",
                (self.schema,),
            ):
                found.setdefault(table, []).append(column)
        found.pop("alembic_version", None)
        return found


async def _simple(driver: Any, sql: str) -> None:
    """``sql`` on the asyncpg connection itself (simple protocol: several statements, one
    round trip); its failure as SQLAlchemy's, as every other statement's here."""
    try:
        await driver.execute(sql)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise sa.exc.OperationalError(sql, None, error) from error


def original_error(error: BaseException) -> BaseException:
    """The driver's own exception behind SQLAlchemy's wrapper (what diagnosis reads)."""
    return error.orig if isinstance(error, DBAPIError) and error.orig is not None else error


async def _begin_immediate(conn: AsyncConnection) -> None:
    if conn.in_transaction():  # the autobegun no-op of an earlier read
        await conn.rollback()
    conn.sync_connection.info["begin"] = "BEGIN IMMEDIATE"  # type: ignore[union-attr]
    await conn.begin()


def _sqlite_events(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    """SQLite's settings on connecting, and the transaction control SQLAlchemy's pysqlite
    driver leaves out: ``BEGIN IMMEDIATE`` for a write (the lock up front), ``BEGIN`` for a
    read."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver issues no BEGIN of its own
        cursor = dbapi_connection.cursor()
        for pragma in (
            f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
            "PRAGMA foreign_keys = ON",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            # What is deleted is overwritten, not left in free pages (erasure, UU 27/2022).
            "PRAGMA secure_delete = ON",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Connection) -> None:
        # A read runs on its own, in SQLite's autocommit, as it always did: no BEGIN.
        statement = conn.info.pop("begin", None)
        if statement is not None:
            conn.exec_driver_sql(statement)


def _alembic_config(conn: Connection, folder: Path = SCHEMA_FOLDER) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(folder))
    config.attributes["connection"] = conn
    return config


@functools.cache
def _data_head() -> str:
    """The newest revision of the bot's schema (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCHEMA_FOLDER))
    return str(ScriptDirectory.from_config(config).get_current_head())


def _at_head(conn: Connection, sqlite: bool) -> bool:
    """Whether the schema is at the newest revision already: then opening skips Alembic,
    which costs a tenth of a second of CPU even with nothing to do."""
    exists = (
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        if sqlite
        else "SELECT 1 WHERE to_regclass('alembic_version') IS NOT NULL"
    )
    found = conn.exec_driver_sql(exists).first() is not None and (
        conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == _data_head()
    )
    conn.rollback()
    return found


def _upgrade_sqlite(conn: Connection) -> None:
    from alembic import command

    if _at_head(conn, sqlite=True):
        return
    config = _alembic_config(conn)
    if legacy.is_legacy(conn):
        legacy.finish(conn, lambda: command.stamp(config, legacy.LAST_REVISION))
    command.upgrade(config, HEAD)


def _alembic_upgrade(conn: Connection, folder: Path) -> None:
    from alembic import command

    command.upgrade(_alembic_config(conn, folder), HEAD)


def _upgrade_postgresql(conn: Connection, schema: str, folder: Path = SCHEMA_FOLDER) -> None:
    """Create the schema and migrate it, one process at a time (workers start together)."""
    from alembic import command

    key = {"key": f"budaya-bot migrate {schema}"}
    conn.execute(sa.text("SELECT pg_advisory_lock(hashtext(:key))"), key)
    try:
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}")
        conn.exec_driver_sql(f"SET search_path TO {quote_identifier(schema)}")
        conn.commit()
        if folder != SCHEMA_FOLDER or not _at_head(conn, sqlite=False):
            command.upgrade(_alembic_config(conn, folder), HEAD)
    finally:
        conn.execute(sa.text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
        # Back to the connection's own search_path: a pooled connection shared by every
        # Pemda must not keep pointing at this one (see Database.statements).
        conn.exec_driver_sql("RESET search_path")
        conn.commit()


def open_database(settings: Settings) -> Database:
    """The database the settings name (not yet opened): DATABASE_URL, else DATABASE_PATH."""
    return Database(settings.database_target, schema=settings.database_schema)


__all__ = [
    "Database",
    "DatabaseUnusable",
    "Params",
    "Record",
    "Row",
    "Transaction",
    "database_url",
    "open_database",
    "original_error",
]
