"""Repository of the semester reports being prepared, approved and delivered."""

from __future__ import annotations

from datetime import datetime

from bot.problems.models import Category, Status, ticket_number
from bot.semester.models import PreparedAs, ProblemAnswer, Scope, SemesterReport
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso


def _when(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _report(row: Row) -> SemesterReport:
    return SemesterReport(
        id=row["id"],
        scope=Scope(row["scope"]),
        unit_id=row["unit_id"],
        period_key=row["period_key"],
        preparer_id=row["preparer_id"],
        preparer_as=PreparedAs(row["preparer_as"]),
        obstacles=row["obstacles"],
        follow_up=row["follow_up"],
        drafted_at=from_iso(row["drafted_at"]),
        approved_by=row["approved_by"],
        approved_at=_when(row["approved_at"]),
        sent_at=_when(row["sent_at"]),
    )


class SemesterReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def draft(
        self,
        scope: Scope,
        unit_id: int | None,
        period_key: str,
        preparer_id: int,
        preparer_as: PreparedAs,
        now: datetime,
    ) -> SemesterReport | None:
        """Start the report; None if it was already drafted."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO semester_reports (scope, unit_id, period_key, preparer_id,"
                " preparer_as, drafted_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING *",
                (scope.value, unit_id, period_key, preparer_id, preparer_as.value, to_iso(now)),
            )
        return _report(row) if row else None

    async def get(self, report_id: int) -> SemesterReport | None:
        row = await self._db.fetchone("SELECT * FROM semester_reports WHERE id = ?", (report_id,))
        return _report(row) if row else None

    async def of_period(self, period_key: str) -> list[SemesterReport]:
        rows = await self._db.fetchall(
            "SELECT * FROM semester_reports WHERE period_key = ? ORDER BY id", (period_key,)
        )
        return [_report(row) for row in rows]

    async def write(self, report: SemesterReport, field: str, text: str) -> SemesterReport | None:
        """Set the obstacles or the follow-up of a report not yet approved."""
        column = {"obstacles": "obstacles", "follow_up": "follow_up"}[field]
        changed = await self._db.execute(
            f"UPDATE semester_reports SET {column} = ? WHERE id = ? AND approved_at IS NULL",
            (text, report.id),
        )
        return await self.get(report.id) if changed else None

    async def approve(
        self, report: SemesterReport, by: int, now: datetime
    ) -> SemesterReport | None:
        changed = await self._db.execute(
            "UPDATE semester_reports SET approved_by = ?, approved_at = ?"
            " WHERE id = ? AND approved_at IS NULL",
            (by, to_iso(now), report.id),
        )
        return await self.get(report.id) if changed else None

    async def mark_sent(self, report: SemesterReport, now: datetime) -> bool:
        changed = await self._db.execute(
            "UPDATE semester_reports SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            (to_iso(now), report.id),
        )
        return changed == 1

    async def answered_problems(
        self, unit_id: int, start: datetime, end: datetime
    ) -> list[ProblemAnswer]:
        """The unit's problems reported in [start, end) and the answer to each escalation:
        the chosen solution or the written direction, and who gave it. No description and
        no reporter: the report goes beyond the unit."""
        rows = await self._db.fetchall(
            "SELECT p.id, p.code, p.category, p.status, e.direction, s.text AS solution,"
            " a.name AS answered_by, e.level"
            " FROM problems p"
            " JOIN problem_escalations e ON e.problem_id = p.id AND e.answered_at IS NOT NULL"
            " LEFT JOIN problem_solutions s ON s.id = e.chosen_solution_id"
            " LEFT JOIN people a ON a.id = e.answered_by"
            " WHERE p.unit_id = ? AND p.desk = 'unit' AND p.created_at >= ? AND p.created_at < ?"
            " ORDER BY p.id, e.id",
            (unit_id, to_iso(start), to_iso(end)),
        )
        return [
            ProblemAnswer(
                number=ticket_number(row["id"], row["code"]),
                category=Category(row["category"]),
                status=Status(row["status"]),
                answer=row["solution"] or row["direction"] or "",
                chosen=row["solution"] is not None,
                answered_by=row["answered_by"] or "",
            )
            for row in rows
        ]
