"""Benchmark of the summaries (issue 7): 10,000 people, one year of check-ins.

Builds a synthetic database (50 units of 200 people, every working day of 2026 with a
check-in from about 97% of people, some practised behaviours and budaya-malu slips), then
times `/laporan semester` for one KBK (p50/p95 over repeated runs), `/laporan pemda
semester`, a plain `SELECT COUNT(*)` over the check-ins as the yardstick, and the chart and
the workbook of one KBK. Run: `make bench` (or `.venv/bin/python -m bench.reports_bench`).

On PostgreSQL (`--engine postgresql`, the server of `--url`): the same data, written by the
server itself (INSERT ... SELECT over generate_series), in a schema of its own
(`--schema`, dropped afterwards unless `--keep-schema`), then ANALYZE and the same timings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.content import load_content
from bot.reports.build import ReportSources, build_kbk_summary, build_pemda_rows
from bot.reports.chart import kbk_chart
from bot.reports.period import semester_of
from bot.reports.summary import KbkSummary
from bot.reports.workbook import kbk_workbook
from bot.schedule.calendar import WorkCalendar
from bot.storage import Database, OrgRepository
from bot.storage.reports import ReportRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository

ROOT = Path(__file__).parents[1]
STAMP = "2026-01-01T00:00:00+00:00"
POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test"
"""The server of the project's machines (as the tests' default)."""


def build_database(path: Path, units: int, per_unit: int, year: int) -> int:
    """Write the synthetic data with plain sqlite3 (fast bulk inserts); returns check-ins."""
    rng = random.Random(7)
    pack = load_content(ROOT / "content" / "values_id.yaml")
    pairs = list(pack.value_set("berakhlak").behaviours())
    malu = [item.id for item in pack.budaya_malu.items]
    days = WorkCalendar().working_days(date(year, 1, 1), date(year, 12, 31))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        conn.executemany(
            "INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)",
            [(u, f"Unit {u:02d}", STAMP) for u in range(1, units + 1)],
        )
        people = []
        for u in range(1, units + 1):
            for n in range(per_unit):
                pid = (u - 1) * per_unit + n + 1
                people.append(
                    (
                        pid,
                        f"{pid:018d}",
                        f"Pegawai {pid}",
                        "Staf",
                        u,
                        "ketua" if n == 0 else "anggota",
                        7_000_000 + pid,
                        STAMP,
                        STAMP,
                    )
                )
        conn.executemany(
            "INSERT INTO people (id, nip, name, position, unit_id, kbk_role, telegram_user_id,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            people,
        )  # fmt: skip
        rows, ticks, slips = [], [], []
        checkin_id = 0
        for pid, *_ in people:
            for index, day in enumerate(days):
                if rng.random() > 0.97:
                    continue
                checkin_id += 1
                value, behaviour = pairs[(pid + index) % len(pairs)]
                answer = rng.choices(("sudah", "sebagian", "belum"), (6, 3, 1))[0]
                rows.append((checkin_id, pid, day.isoformat(), value.id, behaviour.id, answer,
                             STAMP, STAMP))  # fmt: skip
                if rng.random() < 0.3:
                    ticks.append((checkin_id, pid, day.isoformat(),
                                  pairs[rng.randrange(len(pairs))][1].id))  # fmt: skip
                if rng.random() < 0.05:
                    slips.append((checkin_id, pid, day.isoformat(),
                                  malu[rng.randrange(len(malu))]))  # fmt: skip
        conn.executemany(
            "INSERT INTO checkins (id, person_id, day, value_id, behaviour_id, answer,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO checkin_behaviours (checkin_id, person_id, day, behaviour_id)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            ticks,
        )
        conn.executemany(
            "INSERT INTO checkin_malu (checkin_id, person_id, day, malu_id)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            slips,
        )
    conn.execute("ANALYZE")
    conn.close()
    return len(rows)


BULK_TABLES = ("checkins", "checkin_behaviours", "checkin_malu")
"""Filled in bulk on PostgreSQL: their indexes and keys are built after the rows."""


async def build_postgresql(db: Database, units: int, per_unit: int, year: int) -> int:
    """The data of :func:`build_database` on PostgreSQL, written by the server itself
    (generate_series, the same shares drawn by random()); returns the check-ins.

    The check-ins are written day by day (as a Pemda's arrive), the indexes and keys of the
    bulk tables dropped meanwhile and made again after; then VACUUM ANALYZE (what
    autovacuum leaves on a live database: statistics and the visibility map)."""
    pack = load_content(ROOT / "content" / "values_id.yaml")
    pairs = list(pack.value_set("berakhlak").behaviours())
    values = [value.id for value, _ in pairs]
    behaviours = [behaviour.id for _, behaviour in pairs]
    malu = [item.id for item in pack.budaya_malu.items]
    calendar = WorkCalendar().working_days(date(year, 1, 1), date(year, 12, 31))
    days = [day.isoformat() for day in calendar]
    people = units * per_unit
    async with db.transaction() as tx:
        await tx.execute("SET LOCAL synchronous_commit = off")
        await tx.execute("SET LOCAL work_mem = '256MB'")
        await tx.execute("SET LOCAL maintenance_work_mem = '256MB'")
        await tx.execute("SELECT setseed(0.7)")
        await tx.execute(
            "INSERT INTO units (id, name, created_at) SELECT u, 'Unit ' || lpad(CAST(u AS text),"
            " 2, '0'), ? FROM generate_series(1, ?) u",
            (STAMP, units),
        )
        await tx.execute(
            "INSERT INTO people (id, nip, name, position, unit_id, kbk_role, telegram_user_id,"
            " created_at, updated_at) SELECT pid, lpad(CAST(pid AS text), 18, '0'),"
            " 'Pegawai ' || pid, 'Staf', (pid - 1) / ? + 1,"
            " CASE WHEN (pid - 1) % ? = 0 THEN 'ketua' ELSE 'anggota' END, 7000000 + pid, ?, ?"
            " FROM generate_series(1, ?) pid",
            (per_unit, per_unit, STAMP, STAMP, people),
        )
        keys = await tx.fetchall(
            "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def"
            " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
            " AND contype IN ('f', 'u') AND conrelid::regclass::text = ANY(?)"
            " ORDER BY contype DESC",
            (list(BULK_TABLES),),
        )  # foreign keys first (dropped first, made last)
        indexes = await tx.fetchall(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = ANY(?) AND indexname NOT IN (SELECT conname FROM pg_constraint"
            " WHERE connamespace = current_schema()::regnamespace)",
            (list(BULK_TABLES),),
        )
        for key in keys:
            await tx.execute(f'ALTER TABLE {key["t"]} DROP CONSTRAINT "{key["conname"]}"')
        for index in indexes:
            await tx.execute(f'DROP INDEX "{index["indexname"]}"')
        # About 97% of people check in on each working day; the value and behaviour asked
        # go round the set; answers sudah/sebagian/belum 6:3:1.
        await tx.execute(
            "INSERT INTO checkins (id, person_id, day, value_id, behaviour_id, answer,"
            " created_at, updated_at)"
            " SELECT row_number() OVER (ORDER BY idx, pid), pid, day,"
            " (CAST(? AS text[]))[(pid + idx - 2) % ? + 1],"
            " (CAST(? AS text[]))[(pid + idx - 2) % ? + 1], CASE WHEN r < 0.6 THEN 'sudah'"
            " WHEN r < 0.9 THEN 'sebagian' ELSE 'belum' END, ?, ?"
            " FROM (SELECT pid, d.day, d.idx, random() AS r"
            " FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS d(day, idx)"
            " CROSS JOIN generate_series(1, ?) pid WHERE random() <= 0.97) s",
            (values, len(values), behaviours, len(behaviours), STAMP, STAMP, days, people),
        )
        await tx.execute(
            "INSERT INTO checkin_behaviours (checkin_id, person_id, day, behaviour_id)"
            " SELECT id, person_id, day,"
            " (CAST(? AS text[]))[1 + floor(random() * ?)] FROM checkins WHERE random() < 0.3",
            (behaviours, len(behaviours)),
        )
        await tx.execute(
            "INSERT INTO checkin_malu (checkin_id, person_id, day, malu_id)"
            " SELECT id, person_id, day,"
            " (CAST(? AS text[]))[1 + floor(random() * ?)] FROM checkins WHERE random() < 0.05",
            (malu, len(malu)),
        )
        for index in indexes:
            await tx.execute(index["indexdef"])
        for key in reversed(keys):
            await tx.execute(f'ALTER TABLE {key["t"]} ADD CONSTRAINT "{key["conname"]}"'
                             f" {key['def']}")  # fmt: skip
    async with db.engine.connect() as conn:
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("VACUUM ANALYZE")
    return int(await db.fetchval("SELECT COUNT(*) FROM checkins"))


async def prepare_postgresql(
    url: str, schema: str, units: int, per_unit: int, year: int
) -> Database:
    """The bench's schema on ``url`` (made by the real migrations), filled unless it holds
    check-ins already (``--keep-schema`` of an earlier run); returned open."""
    db = Database(url, schema=schema)
    await db.open()
    if not await db.fetchval("SELECT COUNT(*) FROM (SELECT 1 FROM checkins LIMIT 1) x"):
        started = time.perf_counter()
        count = await build_postgresql(db, units, per_unit, year)
        print(f"synthetic data on PostgreSQL (schema {schema}): {units * per_unit} people in"
              f" {units} units, {count:,} check-ins ({time.perf_counter() - started:.1f} s to"
              " build and ANALYZE)")  # fmt: skip
    return db


async def drop_schema(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(f'DROP SCHEMA "{db.schema}" CASCADE')


@dataclass
class Timings:
    total: int
    yardstick: float
    p50: float
    p95: float
    repeats: int
    pemda: float
    units: int
    chart: float
    chart_bytes: int
    workbook: float
    workbook_bytes: int
    summary: KbkSummary


async def measure(db: Database, per_unit: int, repeats: int, year: int) -> Timings:
    pack = load_content(ROOT / "content" / "values_id.yaml")
    value_set = pack.value_set("berakhlak")
    org = OrgRepository(db)
    sources = ReportSources(
        ReportRepository(db), CalendarRepository(db), PersonSettingsRepository(db)
    )
    unit = await org.unit(1)
    assert unit is not None
    semester = semester_of(date(year, 12, 31))
    # The day after: the semester is complete, so every figure is computed (a
    # running period skips the answer breakdowns and the comparisons).
    today = date(year + 1, 1, 1)

    await db.fetchval("SELECT COUNT(*) FROM units")  # a warm connection for the yardstick
    started = time.perf_counter()
    total = await db.fetchval("SELECT COUNT(*) FROM checkins")
    yardstick = time.perf_counter() - started

    timings = []
    summary = None
    for _ in range(repeats):
        started = time.perf_counter()
        summary = await build_kbk_summary(sources, pack, value_set, unit, semester, today, 5)
        timings.append(time.perf_counter() - started)
    assert summary is not None
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]

    started = time.perf_counter()
    rows = await build_pemda_rows(sources, await org.units(), semester, today, 5)
    pemda = time.perf_counter() - started

    started = time.perf_counter()
    png = kbk_chart(summary)
    chart = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = kbk_workbook(summary, value_set.legal_basis, semester=True)
    workbook = time.perf_counter() - started
    return Timings(
        total=int(total),
        yardstick=yardstick,
        p50=statistics.median(timings),
        p95=p95,
        repeats=repeats,
        pemda=pemda,
        units=len(rows),
        chart=chart,
        chart_bytes=len(png),
        workbook=workbook,
        workbook_bytes=len(xlsx),
        summary=summary,
    )


def report(t: Timings, per_unit: int, engine: str = "") -> None:
    on = f" on {engine}" if engine else ""
    print(f"SELECT COUNT(*) over {t.total:,} check-ins{on} (yardstick):"
          f" {1000 * t.yardstick:.0f} ms")  # fmt: skip
    print(f"/laporan semester{on}, one KBK of {per_unit}: p50 {1000 * t.p50:.0f} ms,"
          f" p95 {1000 * t.p95:.0f} ms over {t.repeats} runs (target p95 < 100 ms)")  # fmt: skip
    print(f"/laporan pemda semester{on}, {t.units} units: {1000 * t.pemda:.0f} ms"
          " (target < 2000 ms)")  # fmt: skip
    print(f"chart of one KBK: {1000 * t.chart:.0f} ms ({t.chart_bytes:,} bytes, target < 1000 ms)")
    print(f"xlsx of one KBK: {1000 * t.workbook:.0f} ms ({t.workbook_bytes:,} bytes,"
          " target < 1000 ms)")  # fmt: skip
    shown = sum(1 for v in t.summary.values if not v.all_withheld)
    print(f"participation of the KBK: {t.summary.checkins:,} of {t.summary.expected:,};"
          f" values shown: {shown}")  # fmt: skip


async def run(units: int, per_unit: int, repeats: int, keep: Path | None) -> None:
    year = 2026
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.db"
        if not path.exists():
            db = Database(path)
            await db.open()  # the real schema, by the real migrations
            await db.close()
            started = time.perf_counter()
            count = build_database(path, units, per_unit, year)
            print(f"synthetic data: {units * per_unit} people in {units} units, {count:,}"
                  f" check-ins ({time.perf_counter() - started:.1f} s to build)")  # fmt: skip
        async with Database(path) as db:
            timings = await measure(db, per_unit, repeats, year)
    report(timings, per_unit)


async def run_postgresql(
    url: str, schema: str, units: int, per_unit: int, repeats: int, keep: bool
) -> Timings:
    """The bench on PostgreSQL; prints the figures and returns them."""
    year = 2026
    db = await prepare_postgresql(url, schema, units, per_unit, year)
    try:
        timings = await measure(db, per_unit, repeats, year)
    finally:
        if not keep:
            await drop_schema(db)
        await db.close()
    report(timings, per_unit, "PostgreSQL")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--per-unit", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument(
        "--keep", type=Path, help="database file to reuse (built there if missing)"
    )
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--url",
        default=os.environ.get("BENCH_DATABASE_URL", POSTGRESQL_URL),
        help="PostgreSQL server (default $BENCH_DATABASE_URL, else the local one)",
    )
    parser.add_argument("--schema", default="bench_reports", help="PostgreSQL schema")
    parser.add_argument(
        "--keep-schema", action="store_true", help="PostgreSQL: keep (and reuse) the schema"
    )
    args = parser.parse_args()
    if args.engine == "postgresql":
        asyncio.run(
            run_postgresql(
                args.url, args.schema, args.units, args.per_unit, args.repeats, args.keep_schema
            )
        )
    else:
        asyncio.run(run(args.units, args.per_unit, args.repeats, args.keep))


if __name__ == "__main__":
    main()
