"""Storage on a real SQLite file: PRAGMAs, transactions, migrations, the user repository."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.storage import Database, UserRepository, legacy
from bot.storage.legacy import LAST_VERSION

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
HEAD = "0023"
"""The newest revision (change with each new one)."""


@pytest.mark.sqlite_only
async def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    async with Database(tmp_path / "sub" / "bot.db") as db:
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA busy_timeout") == 5000
        assert await db.schema_version() == HEAD


async def test_transaction_rolls_back_on_error(empty_db: Database) -> None:
    db = empty_db
    users = UserRepository(db)

    async def insert_then_fail() -> None:
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO telegram_users (user_id, first_name, first_seen_at,"
                " last_seen_at) VALUES (1, 'A', 'x', 'x')"
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await insert_then_fail()
    assert await users.count() == 0


@pytest.mark.sqlite_only
async def test_a_failed_commit_rolls_back_and_the_next_write_works(tmp_path: Path) -> None:
    async with Database(tmp_path / "bot.db") as db:
        users = UserRepository(db)

        async def orphan_person() -> None:
            async with db.transaction() as tx:
                # Deferred foreign keys are checked at COMMIT, which therefore fails.
                await tx.execute("PRAGMA defer_foreign_keys = ON")
                await tx.execute(
                    "INSERT INTO people (nip, name, position, unit_id, kbk_role, created_at,"
                    " updated_at) VALUES ('196703211992031008', 'X', 'Staf', 999, 'anggota',"
                    " 'x', 'x')"
                )

        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            await orphan_person()
        assert await db.fetchval("SELECT COUNT(*) FROM people") == 0
        await users.seen(1, "A", last_name=None, username=None, language_code="id", now=NOW)
        assert await users.count() == 1


async def test_concurrent_transactions_do_not_interleave(empty_db: Database) -> None:
    db = empty_db
    users = UserRepository(db)

    async def add(user_id: int) -> None:
        await users.seen(
            user_id, f"U{user_id}", last_name=None, username=None, language_code="id", now=NOW
        )

    await asyncio.gather(*(add(i) for i in range(1, 51)))
    assert await users.count() == 50


@pytest.mark.sqlite_only
@pytest.mark.parametrize("version", [1, 14, LAST_VERSION])
async def test_a_database_of_the_old_migrations_upgrades_in_place(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as old:
        legacy.create(old, up_to=version)
        old.execute(
            "INSERT INTO telegram_users (user_id, first_name, username, first_seen_at,"
            " last_seen_at) VALUES (?, ?, ?, ?, ?)",
            (42, "Siti", "siti", "2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05+00:00"),
        )

    async with Database(path) as db:  # opening applies every pending migration
        assert await db.schema_version() == HEAD
        user = await UserRepository(db).get(42)
        upgraded = await db.tables()
    assert user is not None
    assert (user.first_name, user.username) == ("Siti", "siti")
    assert user.first_seen_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert user.reachable
    assert "schema_version" not in upgraded
    async with Database(tmp_path / "new.db") as fresh:
        assert await fresh.tables() == upgraded  # the same tables and columns, in order


async def test_the_schema_is_the_same_on_every_engine(empty_db: Database, tmp_path: Path) -> None:
    async with Database(tmp_path / "reference.db") as reference:
        assert await empty_db.tables() == await reference.tables()
        assert await empty_db.schema_version() == await reference.schema_version()


@pytest.mark.sqlite_only
async def test_an_interrupted_hand_over_is_finished_on_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as old:
        legacy.create(old, up_to=LAST_VERSION)
        # Stamped, but killed before schema_version was dropped.
        old.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        old.execute("INSERT INTO alembic_version VALUES (?)", (legacy.LAST_REVISION,))
    async with Database(path) as db:
        assert await db.schema_version() == HEAD
        assert "schema_version" not in await db.tables()


async def test_unreachable_until_the_user_writes_again(empty_db: Database) -> None:
    db = empty_db
    users = UserRepository(db)
    await users.seen(7, "Budi", last_name=None, username=None, language_code=None, now=NOW)
    assert await users.mark_unreachable(7, "Forbidden: bot was blocked by the user", NOW)
    blocked = await users.get(7)
    assert blocked is not None
    assert not blocked.reachable
    assert await users.count(reachable_only=True) == 0
    # Marking twice keeps the first moment.
    assert not await users.mark_unreachable(7, "again", NOW + timedelta(hours=1))
    later = NOW + timedelta(days=1)
    await users.seen(7, "Budi", last_name="S", username="budi", language_code="id", now=later)
    back = await users.get(7)
    assert back is not None
    assert back.reachable
    assert back.first_seen_at == NOW
    assert back.last_seen_at == later
    assert back.last_name == "S"
