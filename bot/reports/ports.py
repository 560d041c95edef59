"""What the reports read through storage: the report queries, activities, appreciations and
the log of scheduled reports sent (``bot.storage.reports``, ``bot.storage.activities``,
``bot.storage.appreciations``).

Small :class:`~typing.Protocol` classes the repositories satisfy structurally.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.activities.models import Activity, Innovation
from bot.appreciation.candidates import AppreciationCount
from bot.reports.rows import Activity as ActivitySummary
from bot.reports.rows import CountRow, Member, ProblemRow


class ReportQueries(Protocol):
    async def activity(self, unit_id: int, start: date, end: date) -> ActivitySummary: ...

    async def behaviours(self, unit_id: int, start: date, end: date) -> list[CountRow]: ...

    async def checked_in_on(self, unit_id: int, day: date) -> int: ...

    async def checkins_by_unit(self, start: date, end: date) -> dict[int, int]: ...

    async def checkins_per_day(self, unit_id: int, start: date, end: date) -> dict[date, int]: ...

    async def malu(self, unit_id: int, start: date, end: date) -> list[CountRow]: ...

    async def members(self, unit_id: int, start: date, end: date) -> list[Member]: ...

    async def members_by_unit(self, start: date, end: date) -> dict[int, list[Member]]: ...

    async def problem_counts(
        self, unit_id: int | None, start: datetime, end: datetime
    ) -> tuple[int, int, list[float]]: ...

    async def problem_list(
        self, unit_id: int, start: datetime, end: datetime
    ) -> list[ProblemRow]: ...

    async def not_checked_in_names(self, unit_id: int, day: date) -> list[str]: ...


class UnitActivities(Protocol):
    async def attendance_times(self, activity_ids: list[int]) -> list[tuple[int, datetime]]: ...

    async def innovations_of_unit(
        self, unit_id: int, start: datetime, end: datetime
    ) -> list[Innovation]: ...

    async def of_unit(self, unit_id: int, start: datetime, end: datetime) -> list[Activity]: ...

    async def pledge_times(self, unit_id: int, year: int) -> list[datetime]: ...


class AppreciationCounts(Protocol):
    async def counts(self, unit_id: int, start: date, end: date) -> list[AppreciationCount]: ...


class SentReports(Protocol):
    async def record(self, kind: str, period_key: str, person_id: int, now: datetime) -> None: ...

    async def sent(self, kind: str, period_key: str) -> set[int]: ...
