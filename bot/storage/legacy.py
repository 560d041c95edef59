"""SQLite databases made before Alembic: the hand-written migrations 0001-0021.

Until December 2026 the bot numbered its migrations itself (``legacy_migrations/NNNN_*.sql``,
recorded in a ``schema_version`` table). Such a database is upgraded in place: the
migrations it has not had yet are applied as they always were, then it is stamped with
Alembic's baseline revision (``0021``, the same schema) and ``schema_version`` is dropped.
A process killed half-way repeats the step on the next start: each part is idempotent.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

LAST_VERSION = 21
LAST_REVISION = "0021"
"""The Alembic revision whose schema equals the one legacy migration 21 left."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The legacy migrations: ``NNNN_name.sql``, in order."""
    folder = resources.files("bot.storage") / "legacy_migrations"
    found = []
    for entry in folder.iterdir():
        stem, dot, ext = entry.name.partition(".")
        if ext != "sql" or not dot:
            continue
        number, _, name = stem.partition("_")
        found.append(Migration(int(number), name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, LAST_VERSION + 1)):
        raise RuntimeError("the legacy migrations must run 1, 2, 3 ... 21")
    return found


def statements(script: str) -> list[str]:
    """Split a migration script into complete statements (``executescript`` would COMMIT)."""
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                found.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:80]}")
    return found


def is_legacy(conn: Connection) -> bool:
    """Whether the database was made by the hand-written runner."""
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).first()
    conn.rollback()
    return found is not None


def finish(conn: Connection, stamp: Callable[[], None]) -> None:
    """Apply the legacy migrations the database lacks, each in one transaction; then
    ``stamp`` it with the baseline revision and drop ``schema_version``."""
    current = conn.exec_driver_sql("SELECT COALESCE(MAX(version), 0) FROM schema_version").scalar()
    conn.rollback()
    for migration in bundled_migrations():
        if migration.version <= int(current or 0):
            continue
        log.info("applying legacy migration %04d_%s", migration.version, migration.name)
        conn.info["begin"] = "BEGIN IMMEDIATE"
        with conn.begin():
            for statement in statements(migration.sql):
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(
                "INSERT INTO schema_version (version, name, applied_at)"
                " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                (migration.version, migration.name),
            )
    log.info("handing the database over to Alembic at revision %s", LAST_REVISION)
    stamp()
    if conn.in_transaction():
        conn.commit()
    conn.info["begin"] = "BEGIN IMMEDIATE"
    with conn.begin():
        conn.exec_driver_sql("DROP TABLE schema_version")


def create(conn: sqlite3.Connection, up_to: int) -> None:
    """Build a database as the old runner left it at version ``up_to`` (what a release of
    before made; for the upgrade tests)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL, applied_at TEXT NOT NULL"
        " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    for migration in bundled_migrations()[:up_to]:
        conn.execute("BEGIN")
        for statement in statements(migration.sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (version, name) VALUES (?, ?)",
            (migration.version, migration.name),
        )
        conn.execute("COMMIT")
