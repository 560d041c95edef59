"""``budaya-bot pindah-ke-postgres``: an SQLite deployment copied into a Pemda on PostgreSQL,
verified, with the SQLite file left byte for byte as it was.

The deployment is the demo's (the sample roster, everyone joined, weeks of check-ins, the
problems, a KBK's year) after a morning's deliveries, plus a problem escalated with three
solutions of which the head chose one (the two tables that refer to each other). Runs
against the PostgreSQL server of tests/engines.py; skipped without one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, start_polling, stop_polling
from bot.cli import main
from bot.clock import Clock
from bot.config import Settings
from bot.demo.seed import seed
from bot.demo.timeshift import start_moment
from bot.emulator import FakeBotApi
from bot.problems.models import Level, Route
from bot.storage import Database, OrgRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.lease import FileLock
from bot.storage.problem_escalations import EscalationRepository
from bot.storage.problems import ProblemRepository
from bot.storage.reports import ReportRepository
from bot.storage.transfer import Reason, Refused, SqliteSource, transfer
from tests.conftest import CONTENT_FILE
from tests.engines import DatabaseTarget, new_target, postgres_status
from tests.org_fixtures import FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO, SAMPLE_ROSTER

pytestmark = pytest.mark.skipif(
    postgres_status().url is None, reason="needs PostgreSQL (tests/engines.py)"
)

CODE = "kab_contoh"
_BUILT: dict[str, bytes] = {}
"""The deployment's file, built once per run and copied for each test."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


async def _build(path: Path) -> None:
    async with FakeBotApi() as fake:
        settings = Settings(
            _env_file=None,
            bot_token=fake.token,
            bot_api_url=fake.api_url,
            bot_api_file_url=fake.file_url,
            database_path=path,
            content_file=CONTENT_FILE,
            value_set="berakhlak",
            delivery_chat_rate=30,
        )
        clock = Clock.at(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
        app = build_application(settings, clock=clock)
        services = app.bot_data.services
        async with services.db:
            start = start_moment(clock.now(), settings.tz, await services.calendar.calendar())
            clock.set(start)
            await seed(services, fake, SAMPLE_ROSTER, start.date(), start)
            await _escalate_and_answer(services.db, start)
        # The morning's reminders go out at start-up: the delivery log fills.
        await start_polling(app, poll_timeout=1)
        try:
            async with asyncio.timeout(30):
                await services.dispatcher.idle()
        finally:
            await stop_polling(app)


async def _escalate_and_answer(db: Database, now: datetime) -> None:
    org, problems, escalations = OrgRepository(db), ProblemRepository(db), EscalationRepository(db)
    rizky = await org.person_by_nip(RIZKY_AGEN_KOMINFO)
    fitri = await org.person_by_nip(FITRI_KETUA_KOMINFO)
    assert rizky is not None
    assert fitri is not None
    problem_id = await db.fetchval(
        "SELECT id FROM problems WHERE status = 'ditangani' ORDER BY id LIMIT 1"
    )
    problem = await problems.get(problem_id)
    assert problem is not None
    for text in ("Ganti router lantai 2.", "Tambah access point.", "Pindahkan meja layanan."):
        await escalations.add_draft_solution(problem.id, rizky.id, text, now)
    done = await escalations.escalate(
        problem, Route.TIERED, Level.KETUA, by=rizky.id, now=now, detail=""
    )
    assert done is not None
    moved, escalation = done
    chosen = (await escalations.solutions(escalation.id))[1]
    answered = await escalations.answer(
        moved,
        escalation,
        by=fitri.id,
        solution_id=chosen.id,
        direction=None,
        now=now + timedelta(hours=2),
    )
    assert answered is not None


@pytest.fixture
async def deployment(tmp_path: Path) -> Path:
    """A stopped bot's SQLite file (no -wal, no -shm beside it)."""
    folder = tmp_path / "sqlite"
    folder.mkdir()
    path = folder / "budaya.db"
    if "file" not in _BUILT:
        built = tmp_path / "build" / "budaya.db"
        built.parent.mkdir()
        await _build(built)
        _BUILT["file"] = built.read_bytes()
    path.write_bytes(_BUILT["file"])
    return path


@pytest.fixture
async def home(tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    """The deployment's home schema on PostgreSQL; the Pemda's schema is named after it
    (``<home>_pemda_<code>``), so it is dropped with it."""
    target = new_target("postgresql", tmp_path)
    try:
        yield target
    finally:
        await target.drop()


def pemda_schema(home: DatabaseTarget) -> str:
    return f"{home.schema}_pemda_{CODE}"


def run_cli(home: DatabaseTarget, *args: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("DATABASE_URL", str(home.url))
    monkeypatch.setenv("DATABASE_SCHEMA", str(home.schema))
    return main(["pindah-ke-postgres", *args])


@dataclass
class Figures:
    people: list[tuple[Any, ...]]
    units: list[Any]
    unit_people: dict[int, list[Any]]
    pemda_people: list[Any]
    unit_stats: list[Any]
    activity: dict[int, Any]
    problem_counts: dict[int, Any]
    members: dict[int, list[Any]]
    per_day: dict[int, dict[date, int]]
    behaviours: dict[int, list[Any]]
    malu: dict[int, list[Any]]
    problems: dict[int, list[Any]]
    deliveries: dict[Any, int]
    escalations: list[tuple[Any, list[Any]]]


async def figures(db: Database) -> Figures:
    """What the bot's reports and lists show, read through its repositories."""
    org, reports, escalations = OrgRepository(db), ReportRepository(db), EscalationRepository(db)
    units = [int(row[0]) for row in await db.fetchall("SELECT id FROM units ORDER BY id")]
    start, end = date(2026, 10, 1), date(2026, 11, 30)
    moments = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    day = date.fromisoformat(await db.fetchval("SELECT MAX(local_date) FROM deliveries"))
    opened = []
    for (escalation_id,) in await db.fetchall("SELECT id FROM problem_escalations ORDER BY id"):
        escalation = await escalations.escalation(escalation_id)
        opened.append((escalation, await escalations.solutions(escalation_id)))
    people = await db.fetchall(
        "SELECT id, nip, name, position, unit_id, kbk_role, pemda_role, telegram_user_id,"
        " registered_at FROM people ORDER BY id"
    )
    return Figures(
        people=[tuple(row) for row in people],
        units=await org.units(),
        unit_people={u: await org.people_of_unit(u, active_only=False) for u in units},
        pemda_people=await org.pemda_people(),
        unit_stats=await org.unit_stats(include_empty=True),
        activity={u: await reports.activity(u, start, end) for u in units},
        problem_counts={u: await reports.problem_counts(u, *moments) for u in units},
        members={u: await reports.members(u, start, end) for u in units},
        per_day={u: await reports.checkins_per_day(u, start, end) for u in units},
        behaviours={u: await reports.behaviours(u, start, end) for u in units},
        malu={u: await reports.malu(u, start, end) for u in units},
        problems={u: await reports.problem_list(u, *moments) for u in units},
        deliveries=await DeliveryRepository(db).counts(day),
        escalations=opened,
    )


async def test_a_deployment_moves_up_verified_and_the_sqlite_file_is_untouched(
    deployment: Path, home: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    before = sha256(deployment)
    assert sidecars(deployment) == []

    code = await asyncio.to_thread(
        run_cli, home, "--dari", str(deployment), "--pemda", CODE, monkeypatch=monkeypatch
    )

    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Selesai" in out.out
    assert "TIDAK COCOK" not in out.out
    assert "owner_lease" in out.out  # named as not copied
    for table in ("people", "checkins", "deliveries", "problem_solutions", "unit_memberships"):
        assert any(line.startswith(f"{table} ") for line in out.out.splitlines()), table
    assert sha256(deployment) == before
    assert sidecars(deployment) == []

    assert home.url is not None
    sqlite = Database(deployment.parent / "reread" / "budaya.db")
    (deployment.parent / "reread").mkdir()
    shutil.copy(deployment, deployment.parent / "reread" / "budaya.db")
    async with sqlite, Database(home.url, schema=pemda_schema(home)) as postgres:
        ours, theirs = await figures(sqlite), await figures(postgres)
        assert theirs == ours
        assert len(ours.people) > 20
        assert len(ours.units) == len(ours.unit_stats) >= 5
        assert ours.pemda_people
        assert sum(len(days) for days in ours.per_day.values()) > 10
        assert sum(len(found) for found in ours.problems.values()) >= 4
        assert sum(ours.deliveries.values()) > 20
        escalation, solutions = ours.escalations[-1]
        assert escalation.chosen_solution_id == solutions[1].id
        # The sequences continue after the copied ids: the next row gets a new id.
        last = await postgres.fetchval("SELECT MAX(id) FROM problem_events")
        problem = await ProblemRepository(postgres).get(escalation.problem_id)
        assert problem is not None
        await EscalationRepository(postgres).mark_head_reminded(
            escalation, datetime(2026, 11, 30, tzinfo=UTC)
        )
        assert await postgres.fetchval("SELECT MAX(id) FROM problem_events") == last + 1
        # The triggers are on again: a new person gets a membership.
        memberships = await postgres.fetchval("SELECT count(*) FROM unit_memberships")
        await postgres.insert(
            "INSERT INTO people (nip, name, position, unit_id, created_at, updated_at)"
            " VALUES ('199901012024011001', 'Pegawai Baru', 'Staf', ?, ?, ?)",
            (ours.people[0][4], "2026-12-01", "2026-12-01"),
        )
        assert await postgres.fetchval("SELECT count(*) FROM unit_memberships") == memberships + 1


async def test_a_schema_with_data_is_refused_and_left_as_it_was(
    deployment: Path, home: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    assert home.url is not None
    async with Database(home.url, schema=pemda_schema(home)) as postgres:
        await postgres.execute(
            "INSERT INTO units (name, created_at) VALUES ('Dinas Lain', '2026-01-01')"
        )
    code = await asyncio.to_thread(
        run_cli, home, "--dari", str(deployment), "--pemda", CODE, monkeypatch=monkeypatch
    )
    out = capsys.readouterr()
    assert code == 2
    assert "sudah berisi data" in out.err
    assert "units" in out.err
    async with Database(home.url, schema=pemda_schema(home)) as postgres:
        assert await postgres.fetchval("SELECT count(*) FROM units") == 1
        assert await postgres.fetchval("SELECT count(*) FROM people") == 0


@pytest.mark.parametrize("kind", ["missing", "folder", "text", "other_sqlite"])
async def test_a_wrong_path_or_not_the_bots_database_is_refused_clearly(
    kind: str, tmp_path: Path, home: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    path = tmp_path / "budaya.db"
    if kind == "folder":
        path.mkdir()
    elif kind == "text":
        path.write_text("NIP,nama\n", encoding="utf-8")
    elif kind == "other_sqlite":
        with contextlib.closing(sqlite3.connect(path)) as other:
            other.execute("CREATE TABLE notes (text TEXT)")
            other.commit()
    before = sha256(path) if path.is_file() else None
    code = await asyncio.to_thread(
        run_cli, home, "--dari", str(path), "--pemda", CODE, monkeypatch=monkeypatch
    )
    err = capsys.readouterr().err
    assert code == 2
    expected = {
        "missing": "tidak ditemukan",
        "folder": "tidak ditemukan",
        "text": "bukan basis data SQLite",
        "other_sqlite": "tidak dibuat oleh Budaya Kerja Bot",
    }[kind]
    assert expected in err
    assert "Move refused" in err
    if before is not None:
        assert sha256(path) == before


async def test_a_running_bot_keeps_its_file(deployment: Path, home: DatabaseTarget) -> None:
    assert home.url is not None
    lock = FileLock(deployment)  # what a running bot holds (bot/storage/lease.py)
    assert lock.try_lock()
    try:
        with pytest.raises(Refused) as refused:
            await transfer(deployment, home.url, pemda_schema(home))
        assert refused.value.reason is Reason.IN_USE
    finally:
        lock.close()


async def test_an_older_database_moves_through_an_upgraded_temporary_copy(
    deployment: Path, home: DatabaseTarget, tmp_path: Path
) -> None:
    # 0021 is Alembic's first revision: the older database is one of the hand-written
    # runner (schema_version), at its last version 21.
    with contextlib.closing(sqlite3.connect(deployment)) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
        conn.execute("INSERT INTO schema_version VALUES (21, '2026-11-01')")
        conn.commit()
    before = sha256(deployment)
    assert home.url is not None
    report = await transfer(deployment, home.url, pemda_schema(home))
    assert report.committed
    assert report.ok
    assert report.upgraded_from == "legacy-21"
    assert "schema_version" not in {t.name for t in report.tables}
    assert sha256(deployment) == before
    assert sidecars(deployment) == []


async def test_a_mismatch_rolls_everything_back_and_fails(
    deployment: Path,
    home: DatabaseTarget,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    # As if a row of checkins had not arrived: the SQLite side is read one row longer.
    real = SqliteSource.ordered

    def ordered(self: SqliteSource, table: str, *args: Any) -> Iterator[Any]:
        rows = real(self, table, *args)
        if table == "checkins":
            yield ("an extra row",)
        yield from rows

    monkeypatch.setattr(SqliteSource, "ordered", ordered)
    code = await asyncio.to_thread(
        run_cli, home, "--dari", str(deployment), "--pemda", CODE, monkeypatch=monkeypatch
    )
    out = capsys.readouterr().out
    assert code == 1
    mismatched = [line for line in out.splitlines() if "TIDAK COCOK" in line]
    assert len(mismatched) == 1
    assert mismatched[0].startswith("checkins ")
    assert "Verification FAILED" in out
    assert home.url is not None
    async with Database(home.url, schema=pemda_schema(home)) as postgres:
        for table in ("units", "people", "checkins", "problem_solutions"):
            assert await postgres.fetchval(f"SELECT count(*) FROM {table}") == 0


async def test_a_bot_that_stopped_without_closing_moves_with_its_wal(
    deployment: Path, home: DatabaseTarget, tmp_path: Path
) -> None:
    # A row committed into the -wal file, not yet in the main file, as a killed bot leaves
    # it: the files are copied while the connection that wrote it is still open.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with contextlib.closing(sqlite3.connect(deployment)) as writer:
        writer.execute(
            "INSERT INTO units (name, created_at) VALUES ('Dinas Dari WAL', '2026-11-30')"
        )
        writer.commit()
        for name in ("budaya.db", "budaya.db-wal", "budaya.db-shm"):
            shutil.copy(deployment.parent / name, crashed / name)
    path = crashed / "budaya.db"
    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as main:
        assert main.execute("SELECT count(*) FROM units WHERE name LIKE '%WAL'").fetchone() == (0,)
    before = {name: sha256(crashed / name) for name in ("budaya.db", "budaya.db-wal")}

    assert home.url is not None
    report = await transfer(path, home.url, pemda_schema(home))

    assert report.committed
    assert report.ok
    assert {name: sha256(crashed / name) for name in before} == before
    async with Database(home.url, schema=pemda_schema(home)) as postgres:
        assert await postgres.fetchval("SELECT name FROM units ORDER BY id DESC LIMIT 1") == (
            "Dinas Dari WAL"
        )
