"""Moving up: copy an SQLite deployment into a Pemda's schema on PostgreSQL, verified.

``budaya-bot pindah-ke-postgres`` (bot/cli/pindah.py) calls :func:`transfer`:

1. The SQLite file is opened **read only** and left byte for byte as it was: SQLite's
   ``mode=ro`` (plus ``immutable=1`` when no ``-wal`` file is there, since a read-only
   connection to a WAL database would otherwise create ``-wal`` and ``-shm`` files beside
   it), after a shared ``flock`` on it that fails while a bot runs on the file (the bot holds
   an exclusive one, bot/storage/lease.py) and keeps a bot from starting meanwhile.
2. A database older than the bot's newest schema is copied (SQLite's backup API) into a
   temporary file, which is upgraded as the bot would upgrade it and read instead; one newer
   than this bot knows is refused.
3. The target schema is migrated to head (:meth:`Database.open`), its tables are locked, and
   the copy is refused if any of them holds a row (no merging).
4. Every table of the schema (reflected from PostgreSQL, in foreign-key order; the two
   tables that refer to each other get those columns filled in afterwards) is copied in
   batches with ``COPY``, with the tables' own triggers off (they would add rows the copy
   brings anyway), each id sequence is moved past the copied ids, and then every table is
   **verified**: its row count and a checksum of all its rows (in primary-key order, every
   value as text) must be equal on both sides. All of it is one PostgreSQL transaction,
   committed only when everything matches: a failed or mismatched copy leaves nothing.

``owner_lease`` is not copied: it names the process that ran the bot on the SQLite file, not
the Pemda's data; the PostgreSQL workers write their own.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import SCHEMA_FOLDER, Database, quote_identifier
from bot.storage.diagnosis import HEADER

log = logging.getLogger(__name__)

BATCH = 5000
"""Rows per ``COPY`` and per read of the SQLite file."""
NOT_COPIED = frozenset({"owner_lease", "alembic_version"})
"""The tables that describe the database or its owner, not the Pemda's data."""


class Reason(StrEnum):
    NO_FILE = "no_file"
    """The SQLite path does not exist or is not a file."""
    NOT_SQLITE = "not_sqlite"
    """The file is not an SQLite database (or SQLite cannot read it)."""
    NOT_BOT_DATABASE = "not_bot_database"
    """An SQLite database, but not one the bot made (no schema version)."""
    NEWER_SCHEMA = "newer_schema"
    """Made by a newer version of the bot than this one."""
    HOT_JOURNAL = "hot_journal"
    """A ``-journal`` file beside it: a write was cut off; only a writer can roll it back."""
    IN_USE = "in_use"
    """A bot runs on the file (it holds its lock)."""
    TARGET_NOT_EMPTY = "target_not_empty"
    """The Pemda's schema on PostgreSQL already holds rows."""
    TABLES_DIFFER = "tables_differ"
    """The two databases' tables or columns differ although both are at the same revision."""
    COPY_FAILED = "copy_failed"
    """PostgreSQL refused a row (nothing was written)."""


class Refused(Exception):
    """The transfer did not start, or was undone; :attr:`reason` says why, :attr:`detail`
    what was found (a path, the tables, the server's error)."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason.value}{f': {detail}' if detail else ''}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class TableCheck:
    """One table, counted and summed on both sides."""

    name: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return (
            self.source_rows == self.target_rows and self.source_checksum == self.target_checksum
        )


@dataclass
class TransferReport:
    source: Path
    schema: str
    tables: list[TableCheck] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Tables of the SQLite file not copied (the owner lease, tables not in the schema)."""
    upgraded_from: str | None = None
    """The source's revision when a temporary copy of it was upgraded and read instead."""
    committed: bool = False
    copy_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.tables)

    @property
    def rows(self) -> int:
        return sum(check.source_rows for check in self.tables)


@dataclass(frozen=True)
class Step:
    """Progress, for the operator of a long copy: ``upgrade`` (``name`` the source's
    revision), a table ``copied`` or ``verified`` (``name`` the table, ``rows`` its rows)."""

    stage: str
    name: str
    rows: int


Progress = Callable[[Step], None]


class Mismatch(Exception):
    """Raised inside the transaction so that it rolls back."""


# --- the source: an SQLite file, read only --------------------------------------------


def newest_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCHEMA_FOLDER))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCHEMA_FOLDER))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


class SqliteSource:
    """The SQLite file, opened read only, with a shared ``flock`` held until :meth:`close`
    (after the connection: closing a descriptor of the file would drop SQLite's own
    locks)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.conn: sqlite3.Connection | None = None

    def open(self) -> None:
        path = self.path
        if not path.is_file():
            raise Refused(Reason.NO_FILE, str(path))
        try:
            with path.open("rb") as file:
                head = file.read(len(HEADER))
        except OSError as error:
            raise Refused(Reason.NO_FILE, f"{path}: {error}") from error
        if head != HEADER:
            raise Refused(Reason.NOT_SQLITE, str(path))
        if sidecar(path, "-journal").exists():
            raise Refused(Reason.HOT_JOURNAL, str(sidecar(path, "-journal")))
        self._fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise Refused(Reason.IN_USE, str(path)) from None
        # Without a -wal file the main file holds everything: read it as immutable, which
        # creates no -wal and -shm. With one (a bot that stopped without closing), SQLite
        # must read it too; a read-only connection never checkpoints into the main file.
        immutable = not sidecar(path, "-wal").exists()
        uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
        if immutable:
            uri += "&immutable=1"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            self.conn.execute("BEGIN")  # one snapshot for the copy and its verification
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            self.close()
            raise Refused(Reason.NOT_SQLITE, f"{path}: {error}") from error

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise RuntimeError("the source is not open")
        return self.conn

    def tables(self) -> dict[str, list[str]]:
        conn = self._connection()
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            name: [column for (column,) in conn.execute(
                "SELECT name FROM pragma_table_info(?) ORDER BY cid", (name,)
            )]
            for name in names
        }  # fmt: skip

    def revision(self) -> str | None:
        """The Alembic revision; ``legacy-N`` for the hand-written runner's version N; None
        when the bot did not make this database."""
        tables = self.tables()
        conn = self._connection()
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return None if row is None else str(row[0])
        if "schema_version" in tables:
            row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
            return f"legacy-{row[0] if row else 0}"
        return None

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Any]]:
        cursor = self._connection().execute(
            f"SELECT {', '.join(_q(c) for c in columns)} FROM {_q(table)}"
        )
        while rows := cursor.fetchmany(size):
            yield rows

    def ordered(
        self, table: str, columns: Sequence[str], order: Sequence[str], texts: Set[str]
    ) -> Iterator[Any]:
        # Text in BINARY order: the bytes of its UTF-8, as PostgreSQL's "C" collation on the
        # other side (a column declared NOCASE would otherwise sort without regard to case).
        keys = ", ".join(f"{_q(c)}{' COLLATE BINARY' if c in texts else ''}" for c in order)
        cursor = self._connection().execute(
            f"SELECT {', '.join(_q(c) for c in columns)} FROM {_q(table)} ORDER BY {keys}"
        )
        while rows := cursor.fetchmany(BATCH):
            yield from rows

    def backup_to(self, target: Path) -> None:
        copy = sqlite3.connect(target)
        try:
            self._connection().backup(copy)
        finally:
            copy.close()


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- the checksum ------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """One value as text, the same on both engines: NULL is ``\\N``; text keeps its
    characters (a backslash doubled, the separators escaped); bytes are ``\\x`` and hex."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\x1f", "\\u").replace("\x1e", "\\r")
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return str(value)


class Checksum:
    """SHA-256 of the rows in order, each row its values as text."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.rows = 0

    def add(self, row: Iterable[Any]) -> None:
        self._hash.update(("\x1f".join(as_text(v) for v in row) + "\x1e").encode("utf-8"))
        self.rows += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


# --- the transfer --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    tables: list[sa.Table]
    """In foreign-key order."""
    deferred: dict[str, list[str]]
    """Per table, the columns of a foreign key in a cycle: copied empty, filled in after."""
    also_empty: list[str]
    """Tables not copied that must be empty too (a worker's lease: it serves the Pemda)."""


def _plan(metadata: sa.MetaData) -> _Plan:
    """The tables in foreign-key order; where two refer to each other, as few nullable
    foreign keys as break the cycle are filled in after the copy (chosen_solution_id)."""
    tables = [t for t in metadata.tables.values() if t.name not in NOT_COPIED]
    cycles = {
        fkc
        for table, fkcs in sa.schema.sort_tables_and_constraints(tables)
        if table is None
        for fkc in fkcs
    }
    candidates = sorted(
        (
            fkc
            for fkc in cycles
            if fkc.referred_table is not fkc.table
            and fkc.referred_table in {other.table for other in cycles}
            and all(column.nullable for column in fkc.columns)
        ),
        key=lambda fkc: (fkc.table.name, [c.name for c in fkc.columns]),
    )
    later: set[sa.ForeignKeyConstraint] = set()
    while True:
        try:
            order = sa.schema.sort_tables_and_constraints(
                tables, filter_fn=lambda fkc: fkc in later
            )
            break
        except sa.exc.CircularDependencyError:
            if not candidates:
                raise RuntimeError(
                    "tables refer to each other through foreign keys that cannot be empty:"
                    " the copy cannot order them"
                ) from None
            later.add(candidates.pop(0))
    deferred: dict[str, list[str]] = {}
    for fkc in sorted(later, key=lambda fkc: fkc.table.name):
        deferred.setdefault(fkc.table.name, []).extend(c.name for c in fkc.columns)
    others = sorted(t.name for t in metadata.tables.values() if t.name == "owner_lease")
    return _Plan([table for table, _ in order if table is not None], deferred, others)


async def transfer(
    source_path: Path,
    target_url: str,
    schema: str,
    *,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> TransferReport:
    """Copy the SQLite deployment at ``source_path`` into ``schema`` of the PostgreSQL
    server at ``target_url`` and verify it; see the module's notes. Raises
    :class:`Refused` when it does not start or was undone (nothing written); returns the
    report, :attr:`TransferReport.committed` only when every table matched."""
    started = time.monotonic()
    say = progress or (lambda _line: None)
    report = TransferReport(source_path, schema)
    source = SqliteSource(source_path)
    source.open()
    workdir: Path | None = None
    try:
        revision = source.revision()
        if revision is None:
            raise Refused(Reason.NOT_BOT_DATABASE, str(source_path))
        head = newest_revision()
        if revision != head:
            if not revision.startswith("legacy-") and revision not in known_revisions():
                raise Refused(Reason.NEWER_SCHEMA, f"{revision} (this bot: {head})")
            workdir = Path(tempfile.mkdtemp(prefix="budaya-pindah-"))
            upgraded = workdir / source_path.name
            say(Step("upgrade", revision, 0))
            source.backup_to(upgraded)
            async with Database(upgraded):
                pass  # opening migrates it
            source.close()
            source = SqliteSource(upgraded)
            source.open()
            report.upgraded_from = revision
        await _copy(source, target_url, schema, batch, report, say)
    finally:
        source.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    report.total_seconds = time.monotonic() - started
    return report


async def _copy(
    source: SqliteSource,
    target_url: str,
    schema: str,
    batch: int,
    report: TransferReport,
    say: Progress,
) -> None:
    quote_identifier(schema)  # a plain name, or ValueError
    source_tables = source.tables()
    db = Database(target_url, schema=schema, pool_size=1)
    await db.open()  # creates the schema and migrates it to head
    try:
        async with db.engine.connect() as conn:
            metadata = sa.MetaData()
            await conn.run_sync(lambda sync: metadata.reflect(sync, schema=schema))
            await conn.rollback()
            plan = _plan(metadata)
            _compare(plan, source_tables, report)
            try:
                async with conn.begin():
                    await _fill(conn, source, schema, plan, batch, report, say)
            except Mismatch:
                return
            except (SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                raise Refused(Reason.COPY_FAILED, str(getattr(error, "orig", error))) from error
            report.committed = True
    finally:
        await db.close()


def _compare(plan: _Plan, source: dict[str, list[str]], report: TransferReport) -> None:
    problems = []
    for table in plan.tables:
        columns = source.get(table.name)
        if columns is None:
            problems.append(f"{table.name}: missing in SQLite")
        elif sorted(columns) != sorted(c.name for c in table.columns):
            problems.append(f"{table.name}: columns {sorted(columns)}")
    if problems:
        raise Refused(Reason.TABLES_DIFFER, "; ".join(problems))
    copied = {table.name for table in plan.tables}
    report.skipped = sorted(n for n in source if n not in copied and n != "alembic_version")


async def _fill(
    conn: AsyncConnection,
    source: SqliteSource,
    schema: str,
    plan: _Plan,
    batch: int,
    report: TransferReport,
    say: Progress,
) -> None:
    """Inside the one transaction: lock, check empty, copy, fill in the cycle's columns,
    move the sequences, verify (raising :class:`Mismatch` rolls it all back)."""
    every = [*names_of(plan), *plan.also_empty]
    # No worker may write to the Pemda while it is filled (they wait for the commit).
    await conn.exec_driver_sql(
        f"LOCK TABLE {', '.join(_qualified(schema, n) for n in every)} IN ACCESS EXCLUSIVE MODE"
    )
    filled = [
        name
        for name in every
        if await conn.scalar(sa.text(f"SELECT EXISTS (SELECT 1 FROM {_qualified(schema, name)})"))
    ]
    if filled:
        raise Refused(Reason.TARGET_NOT_EMPTY, ", ".join(filled))
    triggered = (
        (
            await conn.execute(
                sa.text(
                    "SELECT DISTINCT c.relname FROM pg_trigger t"
                    " JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = :schema AND NOT t.tgisinternal"
                ),
                {"schema": schema},
            )
        )
        .scalars()
        .all()
    )
    for table in triggered:
        # The triggers keep unit_memberships as people change; the copy brings those rows.
        await conn.exec_driver_sql(f"ALTER TABLE {_qualified(schema, table)} DISABLE TRIGGER USER")

    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    assert raw.is_in_transaction(), "COPY must run in the transaction"
    copy_started = time.monotonic()
    updates: list[tuple[str, list[tuple[Any, ...]]]] = []
    for table in plan.tables:
        columns = [c.name for c in table.columns]
        later = plan.deferred.get(table.name, [])
        positions = [columns.index(c) for c in later]
        key = [columns.index(c.name) for c in table.primary_key.columns]
        fill_in: list[tuple[Any, ...]] = []
        copied = 0
        for rows in source.batches(table.name, columns, batch):
            if positions:
                rows = [list(row) for row in rows]
                for row in rows:
                    if any(row[p] is not None for p in positions):
                        fill_in.append(
                            tuple(row[p] for p in positions) + tuple(row[k] for k in key)
                        )
                        for p in positions:
                            row[p] = None
            await raw.copy_records_to_table(
                table.name, records=rows, columns=columns, schema_name=schema
            )
            copied += len(rows)
        if fill_in:
            sets = ", ".join(f"{_q(c)} = ${i}" for i, c in enumerate(later, start=1))
            where = " AND ".join(
                f"{_q(columns[k])} = ${i}" for i, k in enumerate(key, start=len(later) + 1)
            )
            updates.append(
                (f"UPDATE {_qualified(schema, table.name)} SET {sets} WHERE {where}", fill_in)
            )
        say(Step("copied", table.name, copied))
    for statement, values in updates:  # once the rows they refer to are there
        await raw.executemany(statement, values)
    report.copy_seconds = time.monotonic() - copy_started
    for table in triggered:
        await conn.exec_driver_sql(f"ALTER TABLE {_qualified(schema, table)} ENABLE TRIGGER USER")
    await _move_sequences(conn, schema)

    for table in plan.tables:
        check = await _verify(raw, source, schema, table)
        report.tables.append(check)
        say(Step("verified", table.name, check.target_rows))
    if not report.ok:
        raise Mismatch()


def names_of(plan: _Plan) -> list[str]:
    return [t.name for t in plan.tables]


async def _move_sequences(conn: AsyncConnection, schema: str) -> None:
    """Each serial column's sequence continues after the highest copied value."""
    serials = (
        await conn.execute(
            sa.text(
                "SELECT table_name, column_name, seq FROM (SELECT table_name, column_name,"
                " pg_get_serial_sequence(quote_ident(table_schema) || '.'"
                " || quote_ident(table_name), column_name) AS seq"
                " FROM information_schema.columns WHERE table_schema = :schema) s"
                " WHERE seq IS NOT NULL"
            ),
            {"schema": schema},
        )
    ).all()
    for table, column, sequence in serials:
        await conn.execute(
            sa.text(
                f"SELECT setval(:seq, COALESCE(MAX({_q(column)}), 1),"
                f" MAX({_q(column)}) IS NOT NULL) FROM {_qualified(schema, table)}"
            ),
            {"seq": sequence},
        )


async def _verify(raw: Any, source: SqliteSource, schema: str, table: sa.Table) -> TableCheck:
    columns = [c.name for c in table.columns]
    order = [c.name for c in table.primary_key.columns] or columns
    texts = {c.name for c in table.columns if isinstance(c.type, sa.String)}
    theirs = Checksum()
    for row in source.ordered(table.name, columns, order, texts):
        theirs.add(row)
    collate = ' COLLATE "C"'
    keys = ", ".join(f"{_q(c)}{collate if c in texts else ''} NULLS FIRST" for c in order)
    query = (
        f"SELECT {', '.join(_q(c) for c in columns)} FROM {_qualified(schema, table.name)}"
        f" ORDER BY {keys}"
    )
    ours = Checksum()
    async for record in raw.cursor(query, prefetch=BATCH):
        ours.add(record.values())
    return TableCheck(
        table.name,
        source_rows=theirs.rows,
        target_rows=ours.rows,
        source_checksum=theirs.hexdigest(),
        target_checksum=ours.hexdigest(),
    )


def _qualified(schema: str, table: str) -> str:
    return f"{quote_identifier(schema)}.{_q(table)}"
