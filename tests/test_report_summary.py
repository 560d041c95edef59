"""Every figure of a KBK summary against a small data set computed by hand.

Kominfo (8 members, 6 registered) in the week of Monday 17 August 2026: the 17th is
Independence Day, so the week has 4 working days (18-21). Person 6 is on leave on the 20th
and 21st. Expected check-ins: 6 x 4 - 2 = 22.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.content import load_content
from bot.org.models import Unit
from bot.reports.build import ReportSources, build_kbk_summary, build_pemda_rows, problems_from
from bot.reports.period import (
    Period,
    PeriodError,
    PeriodKind,
    month_of,
    parse_key,
    parse_period,
    week_of,
)
from bot.reports.rows import AnswerCells
from bot.reports.summary import (
    ANSWERS,
    Held,
    ProblemStats,
    ValueAnswers,
    problem_stats,
    value_answers,
)
from bot.reports.workbook import kbk_workbook
from bot.storage import Database, OrgRepository
from bot.storage.reports import ATOM, ReportRepository, atom_of
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from tests.engines import DatabaseTarget
from tests.org_fixtures import KOMINFO, import_sample_roster
from tests.report_fixtures import add_checkin

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = PACK.value_set("berakhlak")
WEEK = week_of(date(2026, 8, 19))
TODAY = date(2026, 8, 24)  # the Monday after: the week is complete
NOW = datetime(2026, 8, 1, tzinfo=UTC)
AKUNTABEL, KOMPETEN = "berakhlak.akuntabel", "berakhlak.kompeten"


async def _problems(unit_id: int | None, start: date, end: date) -> ProblemStats:
    return problem_stats(opened=3, open_now=4, resolve_days=[1.0, 4.0])


@dataclass
class Data:
    sources: ReportSources
    org: OrgRepository
    unit: Unit
    db: Database


@pytest.fixture
async def data(database_target: DatabaseTarget) -> AsyncIterator[Data]:
    db = database_target.database()
    await db.open()
    org = OrgRepository(db)
    await import_sample_roster(org)
    unit = await org.unit_by_name(KOMINFO)
    assert unit is not None
    people = [p.id for p in await org.people_of_unit(unit.id)]
    for n, person_id in enumerate(people[:6]):
        await org.bind_telegram(person_id, 5000 + n, NOW)
    settings = PersonSettingsRepository(db)
    await settings.pause(people[5], date(2026, 8, 20), date(2026, 8, 21), "cuti", NOW)
    # This week: people 0-2 every working day (12), person 3 on the 18th-20th (3).
    for person_id in people[:3]:
        for day in (18, 19, 20, 21):
            await add_checkin(
                db,
                person_id,
                date(2026, 8, day),
                AKUNTABEL,
                "sudah",
                practised=["berakhlak.kompeten.2"],
                malu=["malu.1"],
            )
    for day in (18, 19, 20):
        await add_checkin(
            db,
            people[3],
            date(2026, 8, day),
            KOMPETEN,
            "sebagian",
            practised=["berakhlak.kompeten.2"],
            malu=["malu.1"],
        )
    # Kompeten also by person 4 once and person 5 once: 3 people in all -> withheld.
    await add_checkin(db, people[4], date(2026, 8, 18), KOMPETEN, "belum", malu=["malu.2"])
    await add_checkin(db, people[5], date(2026, 8, 19), KOMPETEN, "sudah", malu=["malu.2"])
    # Previous week (10-14 Aug, 5 working days, 30 expected): 20 check-ins.
    for person_id in people[:4]:
        for day in (10, 11, 12, 13, 14):
            await add_checkin(db, person_id, date(2026, 8, day), AKUNTABEL, "sudah")
    sources = ReportSources(
        ReportRepository(db), CalendarRepository(db), PersonSettingsRepository(db), _problems
    )
    yield Data(sources, org, unit, db)
    await db.close()


async def test_every_figure(data: Data) -> None:
    s = await build_kbk_summary(data.sources, PACK, BERAKHLAK, data.unit, WEEK, TODAY, 5)
    assert (s.members, s.registered, s.unreachable) == (8, 6, 0)
    assert s.active.value == 6
    assert s.working_days == 4  # 17 August is a holiday
    # 3 x 4 + 3 + 1 + 1 = 17 check-ins, of 6 x 4 - 2 (leave) = 22 expected.
    assert (s.checkins, s.expected) == (17, 22)
    assert s.participation.value == pytest.approx(17 / 22)
    assert s.previous_participation.value == pytest.approx(20 / 30)
    assert s.change.value == pytest.approx(round(100 * (17 / 22 - 20 / 30), 1))
    # A week has no answer breakdown: answers are broken down per whole month.
    assert s.held is Held.WEEKS
    assert not any(v.prompted for v in s.values)
    august = await build_kbk_summary(
        data.sources, PACK, BERAKHLAK, data.unit, month_of(WEEK.start), date(2026, 9, 1), 5
    )
    assert august.held is None
    by_value = {v.value_id: v for v in august.values}
    # Only 4 people answered about Akuntabel, 3 about Kompeten: every cell withheld.
    assert all(not c.shown for v in august.values for c in v.cells)
    assert not august.breakdown_shown
    assert by_value[AKUNTABEL].prompted
    assert by_value[KOMPETEN].prompted
    assert not by_value["berakhlak.loyal"].prompted
    # Kompeten 2 was ticked 15 times by 4 people: too few, so no ranking is shown.
    assert august.most_practised == []
    assert august.least_practised == []
    assert august.malu == []  # 4 and 2 people slipped: withheld, so not listed
    assert s.problems.median_days_to_resolve == 2.5
    assert [p.label for p in s.trend] == ["18/08", "19/08", "20/08", "21/08"]
    assert s.trend[0].rate.value == pytest.approx(5 / 6)  # 18th: people 0-4 of 6
    assert s.trend[2].rate.value == pytest.approx(4 / 5)  # 20th: person 5 away
    # Asked on Friday the 21st, the week is running: counted up to Thursday, compared with
    # nothing, and its answers are not broken down.
    friday = await build_kbk_summary(
        data.sources, PACK, BERAKHLAK, data.unit, WEEK, date(2026, 8, 21), 5
    )
    assert friday.running
    assert friday.counted_until == date(2026, 8, 20)
    assert [p.label for p in friday.trend] == ["18/08", "19/08", "20/08"]
    assert [p.rate for p in friday.trend] == [p.rate for p in s.trend[:3]]
    assert not friday.change.shown
    assert not friday.values[0].prompted


async def test_threshold_three_still_hides_what_everyone_said(data: Data) -> None:
    august = month_of(WEEK.start)
    s = await build_kbk_summary(data.sources, PACK, BERAKHLAK, data.unit, august, TODAY, 1)
    assert s.running  # asked on 24 August: running, so no breakdown yet
    assert s.held is Held.RUNNING
    s = await build_kbk_summary(
        data.sources, PACK, BERAKHLAK, data.unit, august, date(2026, 9, 1), 1
    )
    akuntabel = next(v for v in s.values if v.value_id == AKUNTABEL)
    # 4 people all said Sudah: "32 / 0 / 0" would tell each one's answer, so it is hidden.
    assert all(not c.shown for c in akuntabel.cells)
    # Kompeten 2: 4 of the 6 who checked in ticked it, 2 did not: too few behind the rest
    # (the busiest day of August had 6 check-ins, a lower bound of who checked in).
    assert s.most_practised == []


def _answers(*groups: tuple[int, str]) -> list[AnswerCells]:
    """One value's cells over a one-part period (a week): ``count`` people each gave
    ``answer`` twice."""
    people = [0, 0, 0]
    for count, answer in groups:
        people[ANSWERS.index(answer)] += count
    everyone = sum(people)
    counts = (2 * people[0], 2 * people[1], 2 * people[2])
    others = (everyone - people[0], everyone - people[1], everyone - people[2])
    return [
        AnswerCells(
            AKUNTABEL, date(2026, 11, 2), counts, (people[0], people[1], people[2]), others
        )
    ]


def _akuntabel(rows: list[AnswerCells]) -> ValueAnswers:
    return next(v for v in value_answers(BERAKHLAK, rows, 3) if v.value_id == AKUNTABEL)


def test_a_cell_needs_people_behind_it_and_behind_the_rest() -> None:
    # 6 said Sudah, 3 Sebagian, 1 Belum; threshold 3.
    akuntabel = _akuntabel(_answers((6, "sudah"), (3, "sebagian"), (1, "belum")))
    sudah, sebagian, belum = akuntabel.cells
    assert sudah.value == 12  # 6 people said it, 4 did not
    assert belum.withheld  # one person
    # Sebagian alone (3 people) would pass, but with Belum hidden, total minus Sudah minus
    # Sebagian would give Belum back: the smaller shown cell is withheld as well.
    assert sebagian.withheld
    # 8 / 2 / 0 with threshold 3: Sudah has only 2 people behind the rest.
    again = _akuntabel(_answers((8, "sudah"), (2, "sebagian")))
    assert all(not c.shown for c in again.cells)


async def test_pemda_rows(data: Data) -> None:
    rows = await build_pemda_rows(data.sources, await data.org.units(), WEEK, TODAY, 5)
    assert rows[0].unit.id == data.unit.id  # the only unit with registered people
    assert rows[0].participation.value == pytest.approx(17 / 22)
    assert rows[0].open_problems == 4
    assert all(r.participation.withheld for r in rows[1:])  # nobody registered there


def test_periods() -> None:
    today = date(2026, 11, 25)  # a Wednesday
    last_week = Period(PeriodKind.WEEK, date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period([], today) == last_week
    assert parse_period(["minggu"], today) == last_week
    assert not last_week.running(today)
    this_week = parse_period(["minggu", "ini"], today)
    assert this_week.running(today)
    assert this_week.clipped(today).end == date(2026, 11, 24)
    assert parse_period(["bulan"], today).start == date(2026, 10, 1)
    assert parse_period(["bulan", "ini"], today).start == date(2026, 11, 1)
    semester = parse_period(["semester"], today)
    assert (semester.start, semester.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert semester.previous().start == date(2025, 7, 1)
    weeks = parse_period(["02-11-2026", "15-11-2026"], today)
    assert weeks.previous() == Period(PeriodKind.RANGE, date(2026, 10, 19), date(2026, 11, 1))
    assert parse_period(["01-10-2026", "31-10-2026"], today).days == 31
    for words, reason in (
        (["kemarin"], "tulis minggu"),
        (["31-02-2026", "01-03-2026"], "tidak ada di kalender"),
        (["2026-11-01", "2026-11-30"], "DD-MM-YYYY"),
        (["16-11-2026", "02-11-2026"], "lebih awal"),
        (["01-01-2024", "31-10-2026"], "paling panjang"),
        (["02-11-2026", "05-11-2026"], "minggu utuh"),  # Monday to Thursday
        (["23-11-2026", "29-11-2026"], "belum selesai"),
    ):
        with pytest.raises(PeriodError, match=reason):
            parse_period(words, today)
    assert parse_key("20261102-20261105") is None  # a forged Monday-Thursday button
    assert parse_key("20261116-20261122") == last_week


async def _problem(
    data: Data, reporter: int, opened: str, status: str, closed: str | None = None
) -> None:
    async with data.db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO problems (unit_id, reporter_id, anonymous, category, description,"
            " status, created_at, status_since, updated_at) VALUES (?, ?, 0, 'sarana', 'x',"
            " ?, ?, ?, ?) RETURNING id",
            (data.unit.id, reporter, status, opened, opened, opened),
        )
        assert row is not None
        if closed:
            await tx.execute(
                "INSERT INTO problem_events (problem_id, at, action, from_status, to_status,"
                " actor_role) VALUES (?, ?, 'selesai', 'ditindaklanjuti', 'selesai', 'pelapor')",
                (row[0], closed),
            )


async def test_problem_figures(data: Data) -> None:
    reporter = (await data.org.people_of_unit(data.unit.id))[0].id
    # Opened in the week (WIB): Tuesday 18 Aug 09:00 WIB = 02:00 UTC; Monday 17 Aug 06:00 WIB
    # is 16 Aug 23:00 UTC but still in the week; one opened the week before.
    await _problem(
        data, reporter, "2026-08-18T02:00:00+00:00", "selesai", closed="2026-08-19T14:00:00+00:00"
    )  # 1.5 days
    await _problem(
        data, reporter, "2026-08-16T23:00:00+00:00", "selesai", closed="2026-08-20T23:00:00+00:00"
    )  # 4 days
    await _problem(data, reporter, "2026-08-11T02:00:00+00:00", "dieskalasi")
    await _problem(data, reporter, "2026-08-19T02:00:00+00:00", "baru")
    source = problems_from(data.sources.reports, ZoneInfo("Asia/Jakarta"))
    stats = await source(data.unit.id, WEEK.start, WEEK.end)
    assert (stats.opened, stats.resolved, stats.open_now) == (3, 2, 2)
    assert stats.median_days_to_resolve == 2.8  # median of 1.5 and 4 days = 2.75
    everywhere = await source(None, WEEK.start, WEEK.end)
    assert everywhere.opened == 3


def test_months_in_sql_and_python_agree() -> None:
    days = [date(2026, 11, 1) + timedelta(days=n) for n in range(70)]
    with sqlite3.connect(":memory:") as conn:
        sql = [
            date.fromisoformat(
                conn.execute(
                    "SELECT " + ATOM.replace("c.day", ":d"), {"d": day.isoformat()}
                ).fetchone()[0]
            )
            for day in days
        ]
    assert sql == [atom_of(day) for day in days]
    assert atom_of(date(2026, 11, 30)) == date(2026, 11, 1)
    assert atom_of(date(2026, 12, 4)) == date(2026, 12, 1)


async def test_problem_list_in_the_workbook(data: Data) -> None:
    reporter = (await data.org.people_of_unit(data.unit.id))[0].id
    await _problem(
        data, reporter, "2026-08-18T02:00:00+00:00", "selesai", closed="2026-08-21T02:00:00+00:00"
    )
    await _problem(data, reporter, "2026-08-11T02:00:00+00:00", "dieskalasi")
    await _problem(
        data, reporter, "2026-07-01T02:00:00+00:00", "selesai", closed="2026-07-03T02:00:00+00:00"
    )
    await _problem(data, reporter, "2026-08-19T02:00:00+00:00", "baru")
    async with data.db.transaction() as tx:
        # The first is anonymous (its own number); the fourth a complaint about the unit's
        # leaders, handled by the Pemda desk: not the unit's to list.
        await tx.execute("UPDATE problems SET code = 'LA-482913' WHERE id = 1")
        await tx.execute("UPDATE problems SET desk = 'pemda' WHERE id = 4")
        await tx.execute(
            "INSERT INTO problem_escalations (problem_id, route, level, created_at, level_since)"
            " VALUES (2, 'langsung', 'kepala', '2026-08-12T02:00:00+00:00',"
            " '2026-08-12T02:00:00+00:00')"
        )
    sources = replace(
        data.sources,
        problems=problems_from(data.sources.reports, ZoneInfo("Asia/Jakarta")),
        zone=ZoneInfo("Asia/Jakarta"),
    )
    s = await build_kbk_summary(sources, PACK, BERAKHLAK, data.unit, WEEK, TODAY, 5)
    book = load_workbook(io.BytesIO(kbk_workbook(s, BERAKHLAK.legal_basis)))
    rows = list(book["Daftar Masalah"].iter_rows(values_only=True))
    assert rows[0] == (
        "Nomor",
        "Kategori",
        "Status",
        "Dibuka",
        "Hari terbuka",
        "Tingkat tertinggi",
    )
    # The one closed in July is not of this week; the escalated one is still open on Sunday.
    # Oldest first, by when they were opened.
    assert [r[0] for r in rows[1:]] == ["LP-0002", "LA-482913"]
    assert rows[1][2:] == ("Dieskalasi", rows[1][3], 12, "Kepala Unit")
    assert rows[2][2:] == ("Selesai", rows[2][3], 3, "belum dieskalasi")
    opened = [r[3] for r in rows[1:]]
    assert all(isinstance(day, datetime) for day in opened)
    assert [str(day)[:10] for day in opened] == ["2026-08-11", "2026-08-18"]
    figures = {r[0]: r[1:] for r in book["Masalah"].iter_rows(values_only=True)}
    assert figures["Median hari penyelesaian"] == (3.0, None)
    assert isinstance(book["Daftar Masalah"]["D2"].value, datetime)
