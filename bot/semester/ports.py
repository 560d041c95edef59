"""What the semester reports read and write through storage: the reports being prepared
and the people who prepare, approve and receive them (``bot.storage.semester_reports``,
``bot.storage.org``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.org.models import Unit
from bot.org.ports import PersonById, ReportRecipients
from bot.semester.models import PreparedAs, ProblemAnswer, Scope, SemesterReport


class SemesterReports(Protocol):
    async def answered_problems(
        self, unit_id: int, start: datetime, end: datetime
    ) -> list[ProblemAnswer]: ...

    async def draft(
        self,
        scope: Scope,
        unit_id: int | None,
        period_key: str,
        preparer_id: int,
        preparer_as: PreparedAs,
        now: datetime,
    ) -> SemesterReport | None: ...

    async def mark_sent(self, report: SemesterReport, now: datetime) -> bool: ...

    async def of_period(self, period_key: str) -> list[SemesterReport]: ...


class SemesterPeople(ReportRecipients, PersonById, Protocol):
    """Who prepares a unit's report (its head, or the Ketua), who approved it, who gets it."""

    async def unit(self, unit_id: int) -> Unit | None: ...
