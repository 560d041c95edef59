"""What schedule-aware services read from storage: calendars, work weeks, pauses.

Small :class:`~typing.Protocol` classes, satisfied structurally by the repositories of
``bot.storage.schedule``; each service names just the methods it calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from bot.schedule.calendar import WorkCalendar
from bot.schedule.models import Pause, PersonSettings


class Calendars(Protocol):
    async def calendar(self) -> WorkCalendar: ...


class UnitWorkweek(Calendars, Protocol):
    async def workweek(self, unit_id: int) -> frozenset[int]: ...


class Workweeks(Calendars, Protocol):
    async def workweeks(self) -> dict[int, frozenset[int]]: ...


class CalendarStore(UnitWorkweek, Workweeks, Protocol):
    """The calendar, one unit's work week and every unit's."""


class Pauses(Protocol):
    async def pauses_between(
        self, person_ids: Iterable[int] | None, start: date, end: date
    ) -> list[Pause]: ...


class PersonSchedules(Pauses, Protocol):
    """A person's settings and pauses."""

    async def current(self, person_id: int, day: date) -> Pause | None: ...

    async def get(self, person_id: int) -> PersonSettings: ...
