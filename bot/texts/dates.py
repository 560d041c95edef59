"""Dates and numbers as Indonesians write them: ``Senin, 23 November 2026``, ``72,5%``."""

from __future__ import annotations

from datetime import date

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def long_date(day: date) -> str:
    """``Senin, 23 November 2026``."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(start: date, end: date) -> str:
    """``1-30 November 2026``, ``28 November - 4 Desember 2026``, across years in full."""
    if start.year != end.year:
        return f"{short_date(start)} - {short_date(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTHS[start.month - 1]} - {short_date(end)}"
    return f"{start.day}-{short_date(end)}"


def decimal(value: float, places: int = 1) -> str:
    """``2,5``: the decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def percent(rate: float) -> str:
    """A 0-1 rate as ``72%`` (or ``72,5%`` when the tenth matters)."""
    pct = 100 * rate
    return f"{round(pct)}%" if abs(pct - round(pct)) < 0.05 else f"{decimal(pct)}%"


def number(value: int) -> str:
    """``24.836``: the thousands dot."""
    return f"{value:,}".replace(",", ".")
