"""Report periods: this week, this month, this semester, or two dates a leader types."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

MAX_DAYS = 366
"""A typed range longer than a year is refused: it would say little and cost much."""


class PeriodKind(Enum):
    WEEK = "minggu"
    MONTH = "bulan"
    SEMESTER = "semester"
    RANGE = "rentang"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    """Inclusive. May lie in the future (this week): figures only count days up to today."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length right before this one."""
        if self.kind is PeriodKind.MONTH:
            end = self.start - timedelta(days=1)
            return Period(self.kind, end.replace(day=1), end)
        if self.kind is PeriodKind.SEMESTER:
            end = self.start - timedelta(days=1)
            return semester_of(end)
        length = timedelta(days=self.days)
        return Period(self.kind, self.start - length, self.end - length)

    def clipped(self, today: date) -> Period:
        """The part of the period that has happened (up to ``today``)."""
        return Period(self.kind, self.start, min(self.end, today))

    @property
    def key(self) -> str:
        """Compact form for callback data and logs: ``YYYYMMDD-YYYYMMDD``."""
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


class PeriodError(ValueError):
    """What the leader typed is not a period; the message says why, in Indonesian."""


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period(PeriodKind.WEEK, start, start + timedelta(days=6))


def month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(PeriodKind.MONTH, day.replace(day=1), day.replace(day=last))


def semester_of(day: date) -> Period:
    """January-June or July-December (Perbup Bangka Selatan 8/2020 Pasal 16)."""
    if day.month <= 6:
        return Period(PeriodKind.SEMESTER, date(day.year, 1, 1), date(day.year, 6, 30))
    return Period(PeriodKind.SEMESTER, date(day.year, 7, 1), date(day.year, 12, 31))


def _parse_date(text: str) -> date:
    parts = text.replace("/", "-").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise PeriodError(f"tanggal “{text}” harus ditulis DD-MM-YYYY, misalnya 01-11-2026")
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise PeriodError(f"tanggal “{text}” tidak ada di kalender") from None


def parse_period(words: list[str], today: date) -> Period:
    """``[]``/minggu, bulan, semester, or ``DD-MM-YYYY DD-MM-YYYY``."""
    if not words or words == ["minggu"]:
        return week_of(today)
    if words == ["bulan"]:
        return month_of(today)
    if words == ["semester"]:
        return semester_of(today)
    if len(words) == 2:
        start, end = _parse_date(words[0]), _parse_date(words[1])
        if end < start:
            raise PeriodError("tanggal akhir lebih awal dari tanggal mulai")
        if (end - start).days + 1 > MAX_DAYS:
            raise PeriodError(f"rentang paling panjang {MAX_DAYS} hari")
        if start > today:
            raise PeriodError("rentang itu belum dimulai")
        return Period(PeriodKind.RANGE, start, end)
    raise PeriodError("tulis minggu, bulan, semester, atau dua tanggal DD-MM-YYYY DD-MM-YYYY")


def parse_key(key: str) -> Period | None:
    """The inverse of :attr:`Period.key` (kind RANGE), or None if malformed."""
    start_text, sep, end_text = key.partition("-")
    if not sep or len(start_text) != 8 or len(end_text) != 8:
        return None
    try:
        start = date(int(start_text[:4]), int(start_text[4:6]), int(start_text[6:]))
        end = date(int(end_text[:4]), int(end_text[4:6]), int(end_text[6:]))
    except ValueError:
        return None
    if end < start or (end - start).days + 1 > MAX_DAYS:
        return None
    return Period(PeriodKind.RANGE, start, end)
