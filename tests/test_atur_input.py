"""What people type into /atur: times, dates, and the limits on them."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.delivery.due import Kind
from bot.schedule.personal import (
    DayProblem,
    TimeProblem,
    parse_day,
    parse_time,
    pause_end_choices,
    read_pause_end,
    read_time,
)

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7", time(7, 0)),
        ("7.30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("0730", time(7, 30)),
        (" 06.45 WIB ", time(6, 45)),
        ("jam 16.15", time(16, 15)),
        ("pukul 8", time(8, 0)),
        ("25.00", None),
        ("7.75", None),
        ("tujuh", None),
        ("7.30 pagi", None),
        ("", None),
    ],
)
def test_times(typed: str, expected: time | None) -> None:
    assert parse_time(typed) == expected


def test_each_time_has_its_range() -> None:
    assert read_time(Kind.MORNING, "06.45") == time(6, 45)
    assert read_time(Kind.MORNING, "13.00") is TimeProblem.OUT_OF_RANGE
    assert read_time(Kind.MORNING, "4.59") is TimeProblem.OUT_OF_RANGE
    assert read_time(Kind.AFTERNOON, "16.15") == time(16, 15)
    assert read_time(Kind.AFTERNOON, "22.00") is TimeProblem.OUT_OF_RANGE
    assert read_time(Kind.AFTERNOON, "sore") is TimeProblem.UNREADABLE


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("30-11-2026", date(2026, 11, 30)),
        ("30/11/2026", date(2026, 11, 30)),
        ("30.11.26", date(2026, 11, 30)),
        ("2026-11-30", date(2026, 11, 30)),
        ("30/11", date(2026, 11, 30)),
        ("5/1", date(2027, 1, 5)),  # January has passed this year: the next one
        ("30 November 2026", date(2026, 11, 30)),
        ("30 nov", date(2026, 11, 30)),
        ("3 Agustus 2027", date(2027, 8, 3)),
        ("31-02-2027", None),
        ("30 Novembre", date(2026, 11, 30)),
        ("30 Brumaire", None),
        ("besok", None),
    ],
)
def test_dates(typed: str, expected: date | None) -> None:
    assert parse_day(typed, TODAY) == expected


def test_pause_ends_today_or_later_and_not_too_far() -> None:
    assert read_pause_end("23-11-2026", TODAY) == TODAY
    assert read_pause_end("22-11-2026", TODAY) is DayProblem.PAST
    assert read_pause_end("1-6-2027", TODAY) is DayProblem.TOO_FAR
    assert read_pause_end("kapan-kapan", TODAY) is DayProblem.UNREADABLE


def test_quick_pause_choices() -> None:
    assert pause_end_choices(TODAY) == [TODAY, date(2026, 11, 27), date(2026, 12, 6)]
    friday = date(2026, 11, 27)
    assert pause_end_choices(friday)[1] == date(2026, 12, 4)  # not today twice
