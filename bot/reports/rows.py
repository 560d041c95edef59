"""The rows a report is built from: members, counts per period, answers, activities, problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Member:
    """One membership of a person in a unit: the days ``since`` <= day < ``until``."""

    person_id: int
    since: date
    until: date | None
    registered_at: datetime | None
    """When the person bound their Telegram account (None: not registered)."""
    unreachable: bool
    active: bool
    """Still on the roster (a departed person's membership ends with ``until``)."""

    @property
    def registered(self) -> bool:
        return self.registered_at is not None


ANSWER_NAMES = ("sudah", "sebagian", "belum")


@dataclass(frozen=True)
class CountRow:
    """A count of answers in one month of the period, and how many distinct
    people gave them."""

    key: str
    count: int
    people: int
    atom: date


@dataclass(frozen=True)
class AnswerCells:
    """Sudah / Sebagian / Belum about one value in one month of the period:
    the counts, how many people gave each answer, and how many gave another answer (the
    people behind each cell's complement)."""

    value_id: str
    atom: date
    counts: tuple[int, int, int]
    people: tuple[int, int, int]
    others: tuple[int, int, int]


@dataclass(frozen=True)
class Activity:
    per_day: dict[date, int]
    cells: list[AnswerCells]
    active: dict[date | None, int]
    """Distinct people with a check-in, over the period (None) and per part."""


@dataclass(frozen=True)
class ProblemRow:
    """A problem as a report may list it: never its reporter or its text; an anonymous one
    by its own number (LA-...), not by its place among the others."""

    number: int
    code: str | None
    category: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    level: str | None
    """The highest escalation level it reached (ketua, kepala, pemda), if escalated."""
