"""Evaluation windows: consecutive blocks of whole months aligned on the calendar year.

With the default of three months the windows are the quarters (1 January-31 March, ...);
one, two, four, six or twelve months divide the year as well. A window is identified by its
key ``YYYYMMDD-YYYYMMDD``, the same form as a report period's key.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_MONTHS = (1, 2, 3, 4, 6, 12)
"""Lengths that divide the year, so every window starts on the same months every year."""
DEFAULT_MONTHS = 3


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    """Inclusive."""
    months: int

    @property
    def key(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def stamp(self) -> str:
        """The start as ``YYYYMMDD``: enough to name the window in a button."""
        return f"{self.start:%Y%m%d}"

    @property
    def number(self) -> int:
        """1 for the year's first window, 2 for the next..."""
        return (self.start.month - 1) // self.months + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Window:
        return window_of(self.end + timedelta(days=1), self.months)

    def previous(self) -> Window:
        return window_of(self.start - timedelta(days=1), self.months)


def _check(months: int) -> None:
    if months not in WINDOW_MONTHS:
        raise ValueError(f"an evaluation window lasts one of {WINDOW_MONTHS} months, not {months}")


def window_of(day: date, months: int = DEFAULT_MONTHS) -> Window:
    """The window ``day`` falls in."""
    _check(months)
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Window(date(day.year, first_month, 1), date(day.year, last_month, last_day), months)


def windows_between(start: date, end: date, months: int = DEFAULT_MONTHS) -> list[Window]:
    """The windows overlapping the days ``start``..``end``, oldest first."""
    if end < start:
        return []
    windows = [window_of(start, months)]
    while windows[-1].end < end:
        windows.append(windows[-1].next())
    return windows


def window_from_stamp(stamp: str, months: int = DEFAULT_MONTHS) -> Window | None:
    """The window starting on ``YYYYMMDD``, or None if no window starts that day."""
    if len(stamp) != 8 or not stamp.isdigit():
        return None
    try:
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
    except ValueError:
        return None
    window = window_of(day, months)
    return window if window.start == day else None
