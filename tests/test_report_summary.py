"""Every figure of a KBK summary against a small data set computed by hand.

Kominfo (8 members, 6 registered) in the week of Monday 17 August 2026: the 17th is
Independence Day, so the week has 4 working days (18-21). Person 6 is on leave on the 20th
and 21st. Expected check-ins: 6 x 4 - 2 = 22.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.content import load_content
from bot.org.models import Unit
from bot.reports.build import ReportSources, build_kbk_summary, build_pemda_rows, problems_from
from bot.reports.period import Period, PeriodError, PeriodKind, parse_period, week_of
from bot.reports.summary import ProblemStats, problem_stats
from bot.storage import Database, OrgRepository
from bot.storage.reports import ReportRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from tests.org_fixtures import KOMINFO, import_sample_roster
from tests.report_fixtures import add_checkin

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = PACK.value_set("berakhlak")
WEEK = week_of(date(2026, 8, 19))
TODAY = date(2026, 8, 23)
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
async def data(tmp_path: Path) -> AsyncIterator[Data]:
    db = Database(tmp_path / "r.db")
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
    by_value = {v.value_id: v.counts for v in s.values}
    assert by_value[AKUNTABEL].withheld  # only 3 people answered about Akuntabel
    assert by_value[KOMPETEN].withheld  # 3 people: 3, 4 and 5
    assert by_value["berakhlak.loyal"].withheld  # nobody
    assert s.most_practised.value is not None
    assert s.most_practised.value[0].label == "Kompeten: Membantu orang lain belajar"
    assert s.most_practised.value[0].count == 15
    malu = dict(s.malu)
    assert malu["Malu datang terlambat dan pulang lebih awal"].withheld  # 4 people
    assert malu["Malu tidak mengikuti apel/upacara"].withheld  # 2 people
    assert s.problems.median_days_to_resolve == 2.5
    assert [p.label for p in s.trend] == ["18/08", "19/08", "20/08", "21/08"]
    assert s.trend[0].rate.value == pytest.approx(5 / 6)  # 18th: people 0-4 of 6
    assert s.trend[2].rate.value == pytest.approx(4 / 5)  # 20th: person 5 away
    # Asked on Sunday the week is over; asked on Friday the 21st, that day is still running.
    assert not any(p.running for p in s.trend)
    friday = await build_kbk_summary(
        data.sources, PACK, BERAKHLAK, data.unit, WEEK, date(2026, 8, 21), 5
    )
    assert [p.running for p in friday.trend] == [False, False, False, True]
    assert [p.rate for p in friday.trend] == [p.rate for p in s.trend]


async def test_threshold_three_shows_what_three_people_said(data: Data) -> None:
    s = await build_kbk_summary(data.sources, PACK, BERAKHLAK, data.unit, WEEK, TODAY, 1)
    by_value = {v.value_id: v.counts for v in s.values}
    assert by_value[AKUNTABEL].value == (12, 0, 0)
    assert by_value[KOMPETEN].value == (1, 3, 1)
    assert by_value["berakhlak.loyal"].withheld  # still: never below 3 people
    assert dict(s.malu)["Malu datang terlambat dan pulang lebih awal"].value == 15


async def test_pemda_rows(data: Data) -> None:
    rows = await build_pemda_rows(data.sources, await data.org.units(), WEEK, TODAY, 5)
    assert rows[0].unit.id == data.unit.id  # the only unit with registered people
    assert rows[0].participation.value == pytest.approx(17 / 22)
    assert rows[0].open_problems == 4
    assert all(r.participation.withheld for r in rows[1:])  # nobody registered there


def test_periods() -> None:
    today = date(2026, 11, 25)
    assert parse_period([], today) == Period(
        PeriodKind.WEEK, date(2026, 11, 23), date(2026, 11, 29)
    )
    assert parse_period(["bulan"], today).start == date(2026, 11, 1)
    semester = parse_period(["semester"], today)
    assert (semester.start, semester.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert semester.previous().start == date(2026, 1, 1)
    typed = parse_period(["01-11-2026", "10-11-2026"], today)
    assert typed.previous() == Period(PeriodKind.RANGE, date(2026, 10, 22), date(2026, 10, 31))
    for words, reason in (
        (["kemarin"], "tulis minggu"),
        (["31-02-2026", "01-03-2026"], "tidak ada di kalender"),
        (["10-11-2026", "01-11-2026"], "lebih awal"),
        (["01-01-2024", "01-11-2026"], "paling panjang"),
    ):
        with pytest.raises(PeriodError, match=reason):
            parse_period(words, today)


async def _problem(
    data: Data, reporter: int, opened: str, status: str, closed: str | None = None
) -> None:
    async with data.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO problems (unit_id, reporter_id, anonymous, category, description,"
            " status, created_at, status_since, updated_at) VALUES (?, ?, 0, 'sarana', 'x',"
            " ?, ?, ?, ?) RETURNING id",
            (data.unit.id, reporter, status, opened, opened, opened),
        )
        row = await cursor.fetchone()
        await cursor.close()
        assert row is not None
        if closed:
            await conn.execute(
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
