"""Who is due a daily message: working days, holidays, zones, personal times, pauses, the log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.due import Due, Kind, Recipient, Schedule, due_now, end_of_day, local_dates
from bot.schedule.calendar import MON_SAT, DayOverride, OverrideKind, WorkCalendar
from bot.schedule.models import Pause

WIB = ZoneInfo("Asia/Jakarta")
SCHEDULE = Schedule("Asia/Jakarta", time(7, 30), time(15, 30))
CAL = WorkCalendar()
SIX_DAY_UNIT = 2
WORKWEEKS = {SIX_DAY_UNIT: MON_SAT}

ANI = Recipient(1, "Ani", 1001, unit_id=1)
BUDI = Recipient(2, "Budi", 1002, unit_id=SIX_DAY_UNIT)
CITRA_WITA = Recipient(3, "Citra", 1003, unit_id=1, timezone="Asia/Makassar")
DEDI_EARLY = Recipient(4, "Dedi", 1004, unit_id=1, morning_time=time(6, 15))
EVERYONE = [ANI, BUDI, CITRA_WITA, DEDI_EARLY]


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = WIB) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def who(dues: list[Due], kind: Kind = Kind.MORNING) -> set[str]:
    return {d.recipient.name for d in dues if d.kind is kind}


MONDAY = date(2026, 11, 23)


def test_a_monday_morning() -> None:
    dues = due_now(at(MONDAY, 7, 45), EVERYONE, SCHEDULE, CAL, WORKWEEKS)
    # Citra lives in WITA: 07.45 WIB is 08.45 for her, past her 07.30 too.
    assert who(dues) == {"Ani", "Budi", "Citra", "Dedi"}
    assert who(dues, Kind.AFTERNOON) == set()
    assert all(d.day == MONDAY for d in dues)


def test_nobody_before_their_time() -> None:
    assert due_now(at(MONDAY, 6, 0), EVERYONE, SCHEDULE, CAL, WORKWEEKS) == []
    # 06.40 WIB: Dedi's own 06.15 has passed, and it is 07.40 in Citra's WITA.
    assert who(due_now(at(MONDAY, 6, 40), EVERYONE, SCHEDULE, CAL, WORKWEEKS)) == {
        "Dedi",
        "Citra",
    }


def test_afternoon_after_its_time_the_longest_waiting_first() -> None:
    dues = due_now(at(MONDAY, 16, 0), EVERYONE, SCHEDULE, CAL, WORKWEEKS)
    assert who(dues, Kind.AFTERNOON) == {"Ani", "Budi", "Citra", "Dedi"}
    # Mornings (hours overdue) come before afternoons; Citra's WITA clock runs an hour ahead.
    assert [d.kind for d in dues[:4]] == [Kind.MORNING] * 4
    assert dues[0].recipient is DEDI_EARLY
    assert dues[4].recipient is CITRA_WITA


@pytest.mark.parametrize(
    ("day", "names"),
    [
        (date(2026, 11, 28), {"Budi"}),  # a Saturday: only the six-day unit works
        (date(2026, 11, 29), set()),  # a Sunday
        (date(2026, 8, 17), set()),  # Hari Kemerdekaan, a Monday
        (date(2026, 12, 24), set()),  # cuti bersama Natal, a Thursday
    ],
)
def test_days_off(day: date, names: set[str]) -> None:
    assert who(due_now(at(day, 9, 0), EVERYONE, SCHEDULE, CAL, WORKWEEKS)) == names


def test_pemda_overrides() -> None:
    calendar = WorkCalendar(
        [
            DayOverride(MONDAY, OverrideKind.HOLIDAY, "HUT Kabupaten"),
            DayOverride(date(2026, 11, 29), OverrideKind.WORKING, "Pengganti"),
        ]
    )
    assert due_now(at(MONDAY, 9, 0), EVERYONE, SCHEDULE, calendar, WORKWEEKS) == []
    sunday = due_now(at(date(2026, 11, 29), 9, 0), EVERYONE, SCHEDULE, calendar, WORKWEEKS)
    assert who(sunday) == {"Ani", "Budi", "Citra", "Dedi"}


def test_paused_people_are_away() -> None:
    pauses = [
        Pause(1, ANI.person_id, MONDAY - timedelta(days=3), MONDAY, "cuti"),
        Pause(2, BUDI.person_id, MONDAY - timedelta(days=7), MONDAY - timedelta(days=1), "sakit"),
        Pause(3, DEDI_EARLY.person_id, MONDAY, None, "dinas_luar"),
    ]
    dues = due_now(at(MONDAY, 9, 0), EVERYONE, SCHEDULE, CAL, WORKWEEKS, pauses)
    assert who(dues) == {"Budi", "Citra"}  # Budi's pause ended yesterday


def test_what_is_logged_is_not_due_again() -> None:
    logged = {(ANI.person_id, MONDAY, Kind.MORNING), (BUDI.person_id, MONDAY, Kind.AFTERNOON)}
    dues = due_now(at(MONDAY, 16, 0), [ANI, BUDI], SCHEDULE, CAL, WORKWEEKS, logged=logged)
    assert {(d.recipient.name, d.kind) for d in dues} == {
        ("Ani", Kind.AFTERNOON),
        ("Budi", Kind.MORNING),
    }


def test_each_person_has_their_own_local_date() -> None:
    wit = Recipient(5, "Yohana", 1005, unit_id=1, timezone="Asia/Jayapura")
    # Sunday 22 November 22:45 UTC: Monday 07.45 in Jayapura (WIT), 05.45 in Jakarta.
    now = datetime(2026, 11, 22, 22, 45, tzinfo=UTC)
    dues = due_now(now, [ANI, wit], SCHEDULE, CAL, WORKWEEKS)
    assert [(d.recipient.name, d.day) for d in dues] == [("Yohana", MONDAY)]
    # Friday 27 November 16:00 UTC: Friday 23.00 in Jakarta, Saturday already in Jayapura.
    friday = date(2026, 11, 27)
    late = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    dues = due_now(late, [ANI, wit], SCHEDULE, CAL, WORKWEEKS)
    assert {(d.recipient.name, d.day) for d in dues} == {("Ani", friday)}
    assert local_dates(late, [ANI, wit], SCHEDULE) == {friday, friday + timedelta(days=1)}


def test_the_deadline_is_the_cut_off_in_local_time() -> None:
    wita = ZoneInfo("Asia/Makassar")
    (due,) = due_now(at(MONDAY, 8, 0, wita), [CITRA_WITA], SCHEDULE, CAL, {})
    # The morning's cut-off defaults to the Pemda's afternoon time: 15.30 WITA.
    assert due.deadline == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
    late = due_now(at(MONDAY, 16, 0, wita), [CITRA_WITA], SCHEDULE, CAL, {})
    nudge = next(d for d in late if d.kind is Kind.AFTERNOON)
    assert nudge.deadline == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 17.00 WITA
    assert end_of_day(MONDAY, WIB) == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def test_a_later_own_time_moves_the_cut_off() -> None:
    schedule = Schedule("Asia/Jakarta", time(7, 30), time(15, 30), time(10, 0), time(17, 0))
    late_riser = Recipient(7, "Late", 1007, unit_id=1, morning_time=time(11, 30))
    evening = Recipient(8, "Eve", 1008, unit_id=1, afternoon_time=time(18, 0))
    assert schedule.cutoff_of(late_riser, Kind.MORNING) == time(12, 30)
    assert schedule.cutoff_of(evening, Kind.MORNING) == time(10, 0)
    assert schedule.cutoff_of(evening, Kind.AFTERNOON) == time(19, 0)
    assert schedule.cutoff_of(late_riser, Kind.AFTERNOON) == time(17, 0)


def test_a_bad_stored_zone_falls_back_to_the_pemdas() -> None:
    odd = Recipient(6, "Odd", 1006, unit_id=1, timezone="Mars/Olympus")
    (due,) = due_now(at(MONDAY, 7, 45), [odd], SCHEDULE, CAL, {})
    assert due.day == MONDAY
    assert due.deadline == at(MONDAY, 15, 30)  # the Pemda's zone and cut-off
