"""Benchmark of the summaries (issue 7): 10,000 people, one year of check-ins.

Builds a synthetic database (50 units of 200 people, every working day of 2026 with a
check-in from about 97% of people, some practised behaviours and budaya-malu slips), then
times `/laporan semester` for one KBK (p50/p95 over repeated runs), `/laporan pemda
semester`, a plain `SELECT COUNT(*)` over the check-ins as the yardstick, and the chart and
the workbook of one KBK. Run: `make bench` (or `.venv/bin/python -m bench.reports_bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.content import load_content
from bot.reports.build import ReportSources, build_kbk_summary, build_pemda_rows
from bot.reports.chart import kbk_chart
from bot.reports.period import semester_of
from bot.reports.workbook import kbk_workbook
from bot.schedule.calendar import WorkCalendar
from bot.storage import Database, OrgRepository
from bot.storage.reports import ReportRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository

ROOT = Path(__file__).parents[1]
STAMP = "2026-01-01T00:00:00+00:00"


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
                    ticks.append((checkin_id, pairs[rng.randrange(len(pairs))][1].id))
                if rng.random() < 0.05:
                    slips.append((checkin_id, malu[rng.randrange(len(malu))]))
        conn.executemany(
            "INSERT INTO checkins (id, person_id, day, value_id, behaviour_id, answer,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO checkin_behaviours (checkin_id, behaviour_id) VALUES (?, ?)",
            ticks,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO checkin_malu (checkin_id, malu_id) VALUES (?, ?)", slips
        )
    conn.execute("ANALYZE")
    conn.close()
    return len(rows)


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

            started = time.perf_counter()
            total = await db.fetchval("SELECT COUNT(*) FROM checkins")
            yardstick = time.perf_counter() - started

            timings = []
            summary = None
            for _ in range(repeats):
                started = time.perf_counter()
                summary = await build_kbk_summary(
                    sources, pack, value_set, unit, semester, today, 5
                )
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

        print(f"SELECT COUNT(*) over {total:,} check-ins (yardstick): {1000 * yardstick:.0f} ms")
        print(f"/laporan semester, one KBK of {per_unit}: p50 "
              f"{1000 * statistics.median(timings):.0f} ms, p95 {1000 * p95:.0f} ms"
              f" over {repeats} runs (target p95 < 100 ms)")  # fmt: skip
        print(f"/laporan pemda semester, {len(rows)} units: {1000 * pemda:.0f} ms"
              " (target < 2000 ms)")  # fmt: skip
        print(f"chart of one KBK: {1000 * chart:.0f} ms ({len(png):,} bytes, target < 1000 ms)")
        print(f"xlsx of one KBK: {1000 * workbook:.0f} ms ({len(xlsx):,} bytes, target < 1000 ms)")
        shown = sum(1 for v in summary.values if not v.all_withheld)
        print(f"participation of the KBK: {summary.checkins:,} of {summary.expected:,};"
              f" values shown: {shown}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--per-unit", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument(
        "--keep", type=Path, help="database file to reuse (built there if missing)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.units, args.per_unit, args.repeats, args.keep))


if __name__ == "__main__":
    main()
