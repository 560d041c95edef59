"""Storage on a real SQLite file: PRAGMAs, transactions, migrations, the user repository."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import Database, Migration, UserRepository, bundled_migrations

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


async def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    async with Database(tmp_path / "sub" / "bot.db") as db:
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA busy_timeout") == 5000
        assert await db.schema_version() == len(bundled_migrations())


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    async with Database(tmp_path / "bot.db") as db:
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

        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await orphan_person()
        assert await db.fetchval("SELECT COUNT(*) FROM people") == 0
        await users.seen(1, "A", last_name=None, username=None, language_code="id", now=NOW)
        assert await users.count() == 1


async def test_concurrent_transactions_do_not_interleave(tmp_path: Path) -> None:
    async with Database(tmp_path / "bot.db") as db:
        users = UserRepository(db)

        async def add(user_id: int) -> None:
            await users.seen(
                user_id, f"U{user_id}", last_name=None, username=None, language_code="id", now=NOW
            )

        await asyncio.gather(*(add(i) for i in range(1, 51)))
        assert await users.count() == 50


async def test_database_of_migration_1_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first, *_ = bundled_migrations()
    assert first.version == 1
    old = Database(path)
    await old.open(migrations=[first])
    assert await old.schema_version() == 1
    await old.execute(
        "INSERT INTO telegram_users (user_id, first_name, username, first_seen_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (42, "Siti", "siti", "2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05+00:00"),
    )
    await old.close()

    async with Database(path) as db:  # opening applies every pending migration
        assert await db.schema_version() == len(bundled_migrations()) > 1
        user = await UserRepository(db).get(42)
    assert user is not None
    assert (user.first_name, user.username) == ("Siti", "siti")
    assert user.first_seen_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert user.reachable


async def test_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    shipped = bundled_migrations()
    broken = Migration(
        len(shipped) + 1, "broken", "CREATE TABLE t (x INTEGER);\nINSERT INTO nowhere VALUES (1);"
    )
    db = Database(path)
    with pytest.raises(Exception, match="nowhere"):
        await db.open(migrations=[*shipped, broken])
    async with Database(path) as reopened:
        assert await reopened.schema_version() == len(shipped)
        assert await reopened.fetchval("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'") == 0


async def test_unreachable_until_the_user_writes_again(tmp_path: Path) -> None:
    async with Database(tmp_path / "bot.db") as db:
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
