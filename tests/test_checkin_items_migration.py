"""Revision 0023 on both engines: the behaviours and budaya-malu slips ticked before it get
their check-in's person and day, the summaries count them, and a downgrade keeps them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.engine import Connection

from bot.storage import Database
from bot.storage.checkins import CheckinRepository
from bot.storage.database import _alembic_config
from bot.storage.reports import ReportRepository
from tests.engines import DatabaseTarget, new_target

STAMP = "2026-01-05T00:00:00+00:00"
NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
DAYS = ("2026-03-02", "2026-03-03", "2026-04-01")


def _migrate(conn: Connection, revision: str, schema: str | None) -> None:
    if schema is not None:
        conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        conn.exec_driver_sql(f'SET search_path TO "{schema}"')
        conn.commit()
    config = _alembic_config(conn)
    if revision == "-1":
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


@contextlib.asynccontextmanager
async def _as_it_is(target: DatabaseTarget) -> AsyncIterator[Database]:
    """The target's database opened without migrating it."""
    db = target.database()
    await db.open(migrate=False)
    try:
        yield db
    finally:
        await db.close()


async def _at(target: DatabaseTarget, revision: str) -> None:
    """The target's schema brought to ``revision`` (up or one step down) by Alembic."""
    async with _as_it_is(target) as db, db.engine.connect() as conn:
        await conn.run_sync(_migrate, revision, target.schema)
        await conn.commit()


@pytest.fixture
async def target(engine_name: str, tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    found = new_target(engine_name, tmp_path)
    try:
        yield found
    finally:
        await found.drop()


async def _fill_at_0022(db: Database) -> None:
    """Two people of one unit, three check-ins, items ticked the way 0022 stored them."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO units (id, name, created_at) VALUES (1, 'Dinas Kominfo', ?)", (STAMP,)
        )
        for pid in (1, 2):
            await tx.execute(
                "INSERT INTO people (id, nip, name, position, unit_id, kbk_role, created_at,"
                " updated_at) VALUES (?, ?, ?, 'Staf', 1, 'anggota', ?, ?)",
                (pid, f"19800101200501100{pid}", f"Pegawai {pid}", STAMP, STAMP),
            )
        for cid, (pid, day) in enumerate(((1, DAYS[0]), (2, DAYS[1]), (1, DAYS[2])), start=1):
            await tx.execute(
                "INSERT INTO checkins (id, person_id, day, value_id, behaviour_id, answer,"
                " created_at, updated_at) VALUES (?, ?, ?, 'akuntabel', 'akuntabel.1', 'sudah',"
                " ?, ?)",
                (cid, pid, day, STAMP, STAMP),
            )
        for cid, behaviour in ((1, "akuntabel.1"), (1, "akuntabel.2"), (2, "akuntabel.1")):
            await tx.execute(
                "INSERT INTO checkin_behaviours (checkin_id, behaviour_id) VALUES (?, ?)",
                (cid, behaviour),
            )
        await tx.execute("INSERT INTO checkin_malu (checkin_id, malu_id) VALUES (3, 'malu.1')")


async def test_items_ticked_before_0023_carry_their_checkin_and_still_count(
    target: DatabaseTarget,
) -> None:
    await _at(target, "0022")
    async with _as_it_is(target) as db:
        await _fill_at_0022(db)

    async with target.database() as db:  # opening migrates to the newest revision
        assert await db.schema_version() == "0023"
        carried = await db.fetchall(
            "SELECT checkin_id, behaviour_id, person_id, day FROM checkin_behaviours"
            " ORDER BY checkin_id, behaviour_id"
        )
        assert [tuple(r) for r in carried] == [
            (1, "akuntabel.1", 1, DAYS[0]),
            (1, "akuntabel.2", 1, DAYS[0]),
            (2, "akuntabel.1", 2, DAYS[1]),
        ]
        malu = await db.fetchall("SELECT checkin_id, malu_id, person_id, day FROM checkin_malu")
        assert [tuple(r) for r in malu] == [(3, "malu.1", 1, DAYS[2])]

        first = await CheckinRepository(db).get(1, date(2026, 3, 2))
        assert first is not None
        assert first.practised == {"akuntabel.1", "akuntabel.2"}
        reports = ReportRepository(db)
        counted = await reports.behaviours(1, date(2026, 1, 1), date(2026, 6, 30))
        assert [(r.key, r.count, r.people) for r in counted] == [
            ("akuntabel.1", 2, 2),
            ("akuntabel.2", 1, 1),
        ]
        slips = await reports.malu(1, date(2026, 1, 1), date(2026, 6, 30))
        assert [(r.key, r.count, r.atom) for r in slips] == [("malu.1", 1, date(2026, 4, 1))]

        # A tick after the upgrade is written with its check-in's person and day too.
        assert await CheckinRepository(db).toggle_practised(3, "akuntabel.3", NOW)
        row = await db.fetchone(
            "SELECT person_id, day FROM checkin_behaviours WHERE checkin_id = 3"
        )
        assert row is not None
        assert tuple(row) == (1, DAYS[2])

    await _at(target, "-1")  # back to 0022: the items stay, without the carried columns
    async with _as_it_is(target) as db:
        assert await db.schema_version() == "0022"
        tables = await db.tables()
        assert tables["checkin_behaviours"] == ["checkin_id", "behaviour_id"]
        assert tables["checkin_malu"] == ["checkin_id", "malu_id"]
        assert await db.fetchval("SELECT COUNT(*) FROM checkin_behaviours") == 4
        assert await db.fetchval("SELECT COUNT(*) FROM checkin_malu") == 1
