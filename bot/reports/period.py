"""Report periods: complete weeks, months and semesters by default, the running one when
asked for by name ("minggu ini"), or whole weeks or months a leader types as two dates.

A day counts only once it is over: a running period is counted up to yesterday, is always
labelled as running, and is never compared with a complete one."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from bot.texts import periods as texts

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
    """Inclusive. May lie in the future (this week): figures only count finished days."""

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
        """The finished part of the period: up to the day before ``today``. Its end may lie
        before its start (a week asked for on its Monday has no finished day yet)."""
        return Period(self.kind, self.start, min(self.end, today - timedelta(days=1)))

    @property
    def whole_months(self) -> bool:
        """The period is one or more whole calendar months (a month, a semester...)."""
        return self.start.day == 1 and self.end == month_of(self.end).end

    def running(self, today: date) -> bool:
        """``today`` (not over yet) or a later day belongs to the period."""
        return self.end >= today

    @property
    def key(self) -> str:
        """Compact form for callback data and logs: ``YYYYMMDD-YYYYMMDD``."""
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


class PeriodError(ValueError):
    """What the leader typed is not a period; the message (from bot.texts.periods) says why."""


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


def last_complete(kind: PeriodKind, today: date) -> Period:
    """The latest week, month or semester that is over."""
    current = {PeriodKind.WEEK: week_of, PeriodKind.MONTH: month_of}.get(kind, semester_of)
    return current(today).previous()


_NAMES = {"minggu": PeriodKind.WEEK, "bulan": PeriodKind.MONTH, "semester": PeriodKind.SEMESTER}
_OF = {PeriodKind.WEEK: week_of, PeriodKind.MONTH: month_of, PeriodKind.SEMESTER: semester_of}


def _parse_date(text: str) -> date:
    parts = text.replace("/", "-").replace(".", "-").split("-")
    well_formed = (
        len(parts) == 3
        and all(p.isdigit() for p in parts)
        and 1 <= len(parts[0]) <= 2
        and 1 <= len(parts[1]) <= 2
        and len(parts[2]) == 4
    )
    if not well_formed:
        raise PeriodError(texts.date_format(text))
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise PeriodError(texts.not_in_calendar(text)) from None


def _whole(start: date, end: date) -> PeriodKind | None:
    """WEEK if ``start``..``end`` is whole weeks (Monday to Sunday), MONTH if whole months."""
    if start.weekday() == 0 and end.weekday() == 6:
        return PeriodKind.WEEK
    if start.day == 1 and end == month_of(end).end:
        return PeriodKind.MONTH
    return None


def parse_period(words: list[str], today: date) -> Period:
    """``[]`` (the last complete week), ``minggu``/``bulan``/``semester`` (the last complete
    one), the same with ``ini`` (the running one), or two dates bounding whole weeks or
    whole months that are over."""
    if not words:
        return last_complete(PeriodKind.WEEK, today)
    if words[0] in _NAMES and len(words) <= 2:
        kind = _NAMES[words[0]]
        if len(words) == 1 or words[1] == "lalu":
            return last_complete(kind, today)
        if words[1] == "ini":
            return _OF[kind](today)
    if len(words) == 2:
        start, end = _parse_date(words[0]), _parse_date(words[1])
        if end < start:
            raise PeriodError(texts.END_BEFORE_START)
        if (end - start).days + 1 > MAX_DAYS:
            raise PeriodError(texts.too_long(MAX_DAYS))
        if _whole(start, end) is None:
            raise PeriodError(texts.NOT_WHOLE)
        if end >= today:
            raise PeriodError(texts.NOT_OVER)
        return _named(start, end)
    raise PeriodError(texts.UNKNOWN)


def parse_key(key: str) -> Period | None:
    """The inverse of :attr:`Period.key`, or None if malformed or not a period a leader
    could have asked for (whole weeks or months, a week, a month or a semester)."""
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
    return _named(start, end) if _whole(start, end) else None


def _named(start: date, end: date) -> Period:
    """A week, a month or a semester when ``start``..``end`` is exactly one, else a range."""
    for kind, of in _OF.items():
        if of(start) == Period(kind, start, end):
            return of(start)
    return Period(PeriodKind.RANGE, start, end)
