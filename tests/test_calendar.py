"""The working-day calendar, the behaviour rotation, and the schedule repositories."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.content import load_content
from bot.content.rotation import daily_focus, daily_malu
from bot.schedule.calendar import (
    MON_SAT,
    DayKind,
    DayOverride,
    OverrideKind,
    WorkCalendar,
    parse_workweek,
)
from bot.storage import Database
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from tests.org_fixtures import KOMINFO, import_sample_roster

CAL = WorkCalendar()
PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2026, 11, 23), DayKind.WORKING, ""),  # a Monday
        (date(2026, 11, 28), DayKind.WEEKEND, ""),  # a Saturday
        (date(2026, 8, 17), DayKind.HOLIDAY, "Hari Kemerdekaan Republik Indonesia"),
        (date(2026, 12, 24), DayKind.HOLIDAY, "Cuti Bersama Hari Raya Natal"),
        (date(2026, 3, 23), DayKind.HOLIDAY, "Cuti Bersama Hari Raya Idul Fitri"),
    ],
)
def test_day_kinds(day: date, kind: DayKind, name: str) -> None:
    info = CAL.info(day)
    assert info.kind is kind
    assert info.name == name


def test_six_day_units_work_saturdays() -> None:
    saturday = date(2026, 11, 28)
    assert not CAL.is_working_day(saturday)
    assert CAL.is_working_day(saturday, MON_SAT)
    assert not CAL.is_working_day(date(2026, 8, 17), MON_SAT)


def test_pemda_overrides_win() -> None:
    cal = WorkCalendar(
        [
            DayOverride(date(2026, 11, 24), OverrideKind.HOLIDAY, "HUT Kabupaten"),
            DayOverride(date(2026, 11, 28), OverrideKind.WORKING, "Pengganti cuti"),
            DayOverride(date(2026, 12, 24), OverrideKind.WORKING, "Pelayanan tetap buka"),
        ]
    )
    assert cal.info(date(2026, 11, 24)).name == "HUT Kabupaten"
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.is_working_day(date(2026, 11, 28))
    assert cal.is_working_day(date(2026, 12, 24))


def test_a_week_with_a_holiday_has_four_working_days() -> None:
    # 17 August 2026 is a Monday.
    days = CAL.working_days(date(2026, 8, 17), date(2026, 8, 23))
    assert days == [date(2026, 8, d) for d in (18, 19, 20, 21)]


def test_add_and_count_working_days() -> None:
    assert CAL.add_working_days(date(2026, 8, 14), 2) == date(2026, 8, 19)  # Fri + 2 skips Mon 17
    assert CAL.previous_working_days(date(2026, 8, 18), 3) == [
        date(2026, 8, 13),
        date(2026, 8, 14),
        date(2026, 8, 18),
    ]
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    assert CAL.working_day_number(tuesday) == CAL.working_day_number(monday) + 1
    assert CAL.working_day_number(date(2026, 11, 30)) == CAL.working_day_number(monday) + 5
    # Holidays do not advance the count: 17 Aug 2026 is skipped.
    assert CAL.working_day_number(date(2026, 8, 18)) == CAL.working_day_number(date(2026, 8, 17))


def test_workweek_parsing() -> None:
    assert parse_workweek("123456") == MON_SAT
    for bad in ("", "1238", "abc", "1 2"):
        with pytest.raises(ValueError, match="hari kerja"):
            parse_workweek(bad)


@pytest.mark.parametrize("set_id", ["berakhlak", "besaoh"])
def test_rotation_meets_every_behaviour_in_one_cycle(set_id: str) -> None:
    value_set = PACK.value_set(set_id)
    cycle = len(list(value_set.behaviours()))
    days = CAL.working_days(date(2026, 1, 1), date(2026, 12, 31))
    for person_id in (1, 7, 40):
        first = CAL.working_day_number(days[0])
        seen = [
            daily_focus(value_set, person_id, CAL.working_day_number(d)).behaviour.id
            for d in days[:cycle]
        ]
        assert len(set(seen)) == cycle, f"person {person_id} missed a behaviour"
        assert CAL.working_day_number(days[cycle - 1]) == first + cycle - 1
    # Colleagues do not all read the same sentence on the same day.
    today = CAL.working_day_number(date(2026, 11, 23))
    assert len({daily_focus(value_set, p, today).behaviour.id for p in range(1, 8)}) == 7


def test_malu_rotation_covers_all_ten() -> None:
    items = PACK.budaya_malu.items
    assert {daily_malu(items, 5, n).id for n in range(10)} == {i.id for i in items}


async def test_calendar_and_settings_repositories(tmp_path: Path) -> None:
    async with Database(tmp_path / "b.db") as db:
        from bot.storage import OrgRepository

        org = OrgRepository(db)
        await import_sample_roster(org)
        calendar = CalendarRepository(db)
        await calendar.set_override(
            DayOverride(date(2026, 11, 24), OverrideKind.HOLIDAY, "HUT Kabupaten"), NOW
        )
        assert not (await calendar.calendar()).is_working_day(date(2026, 11, 24))
        unit = await org.unit_by_name(KOMINFO)
        assert unit is not None
        assert await calendar.workweek(unit.id) == parse_workweek("12345")
        await calendar.set_workweek(unit.id, MON_SAT)
        assert (await calendar.workweeks())[unit.id] == MON_SAT
        assert await calendar.remove_override(date(2026, 11, 24))

        settings = PersonSettingsRepository(db)
        person = (await org.people_of_unit(unit.id))[0]
        await settings.pause(person.id, date(2026, 11, 23), date(2026, 11, 27), "cuti", NOW)
        assert await settings.is_paused(person.id, date(2026, 11, 25))
        assert not await settings.is_paused(person.id, date(2026, 11, 28))
        # Back early: from Wednesday on, the person is not away.
        assert await settings.resume(person.id, date(2026, 11, 25))
        assert await settings.is_paused(person.id, date(2026, 11, 24))
        assert not await settings.is_paused(person.id, date(2026, 11, 25))
        # An open-ended pause, then a new one replaces its tail.
        await settings.pause(person.id, date(2026, 12, 1), None, "sakit", NOW)
        await settings.pause(person.id, date(2026, 12, 3), date(2026, 12, 4), "dinas luar", NOW)
        pauses = await settings.pauses_between([person.id], date(2026, 12, 1), date(2026, 12, 31))
        assert [(p.start_day.day, p.end_day.day if p.end_day else None) for p in pauses] == [
            (1, 2),
            (3, 4),
        ]
