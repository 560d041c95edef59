"""The working-day calendar: weekends, Indonesian public holidays and cuti bersama, and the
Pemda's own extra holidays and extra working days.

Pure code. National holidays come from the ``holidays`` package (country ``ID``, categories
``public`` and ``government`` = cuti bersama, Indonesian names); the Pemda's overrides are
passed in (stored in the ``calendar_days`` table). An override wins over everything: an extra
working day on a Saturday is a working day, an extra holiday on a Tuesday is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

import holidays

MON_FRI = frozenset({1, 2, 3, 4, 5})
"""ISO weekdays (1 = Monday) of the usual five-day week."""
MON_SAT = frozenset({1, 2, 3, 4, 5, 6})

ROTATION_EPOCH = date(2024, 1, 1)
"""Working days are numbered from here (a Monday) for the behaviour rotation."""


def parse_workweek(text: str) -> frozenset[int]:
    """``"12345"`` (ISO weekday digits) to a set; ValueError if malformed."""
    days = frozenset(int(ch) for ch in text if ch.isdigit())
    if not days or any(d < 1 or d > 7 for d in days) or len(days) != len(text.strip()):
        raise ValueError(f"hari kerja harus angka 1-7 (1 = Senin), misalnya 12345; bukan {text!r}")
    return days


def format_workweek(days: frozenset[int]) -> str:
    return "".join(str(d) for d in sorted(days))


class OverrideKind(Enum):
    HOLIDAY = "libur"
    WORKING = "kerja"


@dataclass(frozen=True)
class DayOverride:
    """A Pemda decision about one date, with its reason (e.g. a regional anniversary)."""

    day: date
    kind: OverrideKind
    reason: str


class DayKind(Enum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    """A national public holiday or cuti bersama, or a Pemda extra holiday."""


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: DayKind
    name: str = ""
    """The holiday's name or the override's reason; empty for ordinary days."""

    @property
    def working(self) -> bool:
        return self.kind is DayKind.WORKING


class WorkCalendar:
    """Which days are working days, for a given work week (units may work six days)."""

    def __init__(self, overrides: Iterable[DayOverride] = ()) -> None:
        self._overrides = {o.day: o for o in overrides}
        self._national = holidays.country_holidays(
            "ID", categories=("public", "government"), language="id"
        )
        self._numbers = lru_cache(maxsize=4096)(self._working_day_number)

    @property
    def overrides(self) -> list[DayOverride]:
        return sorted(self._overrides.values(), key=lambda o: o.day)

    def national_holiday(self, day: date) -> str | None:
        name = self._national.get(day)
        return str(name) if name else None

    def info(self, day: date, workweek: frozenset[int] = MON_FRI) -> DayInfo:
        override = self._overrides.get(day)
        if override is not None:
            if override.kind is OverrideKind.WORKING:
                return DayInfo(day, DayKind.WORKING, override.reason)
            return DayInfo(day, DayKind.HOLIDAY, override.reason)
        national = self.national_holiday(day)
        if national is not None:
            return DayInfo(day, DayKind.HOLIDAY, national)
        if day.isoweekday() not in workweek:
            return DayInfo(day, DayKind.WEEKEND)
        return DayInfo(day, DayKind.WORKING)

    def is_working_day(self, day: date, workweek: frozenset[int] = MON_FRI) -> bool:
        return self.info(day, workweek).working

    def working_days(
        self, start: date, end: date, workweek: frozenset[int] = MON_FRI
    ) -> list[date]:
        """Working days from ``start`` to ``end``, both included."""
        days = []
        day = start
        while day <= end:
            if self.is_working_day(day, workweek):
                days.append(day)
            day += timedelta(days=1)
        return days

    def previous_working_days(
        self, day: date, count: int, workweek: frozenset[int] = MON_FRI
    ) -> list[date]:
        """The ``count`` working days up to and including ``day``, oldest first."""
        found: list[date] = []
        current = day
        guard = 0
        while len(found) < count and guard < count * 7 + 60:
            if self.is_working_day(current, workweek):
                found.append(current)
            current -= timedelta(days=1)
            guard += 1
        return list(reversed(found))

    def add_working_days(self, day: date, count: int, workweek: frozenset[int] = MON_FRI) -> date:
        """The date ``count`` working days after ``day`` (for deadlines such as SLAs)."""
        current = day
        left = count
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current, workweek):
                left -= 1
        return current

    def working_day_number(self, day: date, workweek: frozenset[int] = MON_FRI) -> int:
        """How many working days lie between :data:`ROTATION_EPOCH` and ``day`` (excluded)."""
        return self._numbers(day, workweek)

    def _working_day_number(self, day: date, workweek: frozenset[int]) -> int:
        # Built on the previous year's count so a year's worth is walked at most once.
        if day <= ROTATION_EPOCH:
            return 0
        year_start = date(day.year, 1, 1)
        if year_start > ROTATION_EPOCH and day != year_start:
            base = self._numbers(year_start, workweek)
            start = year_start
        else:
            base, start = 0, ROTATION_EPOCH
        count = 0
        current = start
        while current < day:
            if self.is_working_day(current, workweek):
                count += 1
            current += timedelta(days=1)
        return base + count
