"""The rules of personal settings (``/atur``): allowed times, pause reasons and lengths, and
reading what people type ("7.30", "30/11", "30 November 2026").

Pure code; the texts that explain a refusal live in :mod:`bot.texts.atur`.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from enum import Enum

from bot.delivery.due import Kind

TIME_RANGES = {
    Kind.MORNING: (time(5, 0), time(11, 59)),
    Kind.AFTERNOON: (time(12, 0), time(21, 0)),
}
"""Allowed local times, both ends included: the morning reminder always comes first."""

PAUSE_REASONS = ("cuti", "dinas_luar", "sakit")
"""Why someone is away; stored in ``pauses.reason``."""
PAUSE_MAX_DAYS = 180
"""Longest pause set at once (cuti besar and cuti melahirkan last up to three months)."""

_TIME = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?$")
_COMPACT_TIME = re.compile(r"^(\d{2})(\d{2})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
MONTH_PREFIXES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6,
    "jul": 7, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "sep": 9, "okt": 10,
    "oct": 10, "nov": 11, "des": 12, "dec": 12,
}  # fmt: skip
_ZONE_WORDS = ("wib", "wita", "wit")


class TimeProblem(Enum):
    UNREADABLE = "unreadable"
    OUT_OF_RANGE = "out_of_range"


class DayProblem(Enum):
    UNREADABLE = "unreadable"
    PAST = "past"
    TOO_FAR = "too_far"


def parse_time(text: str) -> time | None:
    """``7``, ``7.30``, ``07:30``, ``0730`` (an added ``WIB`` is ignored); None if unreadable."""
    words = text.strip().lower().split()
    if words and words[-1] in _ZONE_WORDS:
        words = words[:-1]
    if len(words) == 2 and words[0] in ("jam", "pukul"):
        words = words[1:]
    if len(words) != 1:
        return None
    match = _TIME.match(words[0]) or _COMPACT_TIME.match(words[0])
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def check_time(kind: Kind, at: time) -> TimeProblem | None:
    low, high = TIME_RANGES[kind]
    return None if low <= at <= high else TimeProblem.OUT_OF_RANGE


def read_time(kind: Kind, text: str) -> time | TimeProblem:
    """The time typed for ``kind``, or why it cannot be used."""
    at = parse_time(text)
    if at is None:
        return TimeProblem.UNREADABLE
    return check_time(kind, at) or at


def parse_day(text: str, today: date) -> date | None:
    """``30-11-2026``, ``30/11/2026``, ``30/11`` (the next 30 November), ``2026-11-30``,
    ``30 November 2026``, ``30 Nov``; None if unreadable."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    try:
        if match := _ISO_DATE.match(cleaned):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _NUMERIC_DATE.match(cleaned):
            day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
            return _with_year(day, month, year, today)
        if match := _NAMED_DATE.match(cleaned):
            month_number = MONTH_PREFIXES.get(match.group(2)[:3])
            if month_number is None:
                return None
            return _with_year(int(match.group(1)), month_number, match.group(3), today)
    except ValueError:  # 31 February and the like
        return None
    return None


def _with_year(day: int, month: int, year: str | None, today: date) -> date:
    if year is None:
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    full = int(year) if len(year) == 4 else 2000 + int(year)
    return date(full, month, day)


def check_pause_end(end: date, today: date) -> DayProblem | None:
    if end < today:
        return DayProblem.PAST
    if end > today + timedelta(days=PAUSE_MAX_DAYS):
        return DayProblem.TOO_FAR
    return None


def read_pause_end(text: str, today: date) -> date | DayProblem:
    """The last day of a pause as typed, or why it cannot be used."""
    end = parse_day(text, today)
    if end is None:
        return DayProblem.UNREADABLE
    return check_pause_end(end, today) or end


def pause_end_choices(today: date) -> list[date]:
    """Quick choices for a pause's last day: today, the coming Friday, two weeks."""
    friday = today + timedelta(days=(4 - today.weekday()) % 7)
    if friday == today:
        friday += timedelta(days=7)
    return [today, friday, today + timedelta(days=13)]
