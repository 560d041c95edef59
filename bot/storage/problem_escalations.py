"""Repository of escalations: the alternative solutions and the escalations of a problem.

A handler drafts up to ``MAX_SOLUTIONS`` alternative solutions, then escalates (or the SLA
does): the problem moves to dieskalasi and the drafts attach to the new escalation. The
escalation may be forwarded up a level (berjenjang) and is closed by the head's answer.
As for every change of status, each step happens in one transaction with its event, and
only if the problem or escalation is still as the caller saw it (else the method returns
None).
"""

from __future__ import annotations

from datetime import datetime

from bot.problems.models import (
    MAX_SOLUTIONS,
    Action,
    ActorRole,
    Escalation,
    Level,
    Problem,
    Route,
    Solution,
    Status,
)
from bot.storage import problem_rows
from bot.storage.database import Database
from bot.storage.timestamps import to_iso


class EscalationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- Alternative solutions -------------------------------------------------------------

    async def add_draft_solution(
        self, problem_id: int, person_id: int, text: str, now: datetime
    ) -> Solution | None:
        """Add a solution to the person's draft escalation; None once it has the maximum."""
        async with self._db.transaction() as tx:
            row = await problem_rows.one(
                tx,
                "SELECT COUNT(*) FROM problem_solutions WHERE problem_id = ? AND created_by = ?"
                " AND escalation_id IS NULL",
                (problem_id, person_id),
            )
            count = int(row[0])
            if count >= MAX_SOLUTIONS:
                return None
            added = await tx.fetchone(
                "INSERT INTO problem_solutions (problem_id, position, text, created_by,"
                " created_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
                (problem_id, count + 1, text, person_id, to_iso(now)),
            )
        assert added is not None
        return problem_rows.solution(added)

    async def draft_solutions(self, problem_id: int, person_id: int) -> list[Solution]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_solutions WHERE problem_id = ? AND created_by = ?"
            " AND escalation_id IS NULL ORDER BY position",
            (problem_id, person_id),
        )
        return [problem_rows.solution(row) for row in rows]

    async def drop_draft_solutions(self, problem_id: int, person_id: int) -> None:
        await self._db.execute(
            "DELETE FROM problem_solutions WHERE problem_id = ? AND created_by = ?"
            " AND escalation_id IS NULL",
            (problem_id, person_id),
        )

    async def solutions(self, escalation_id: int) -> list[Solution]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_solutions WHERE escalation_id = ? ORDER BY position",
            (escalation_id,),
        )
        return [problem_rows.solution(row) for row in rows]

    # --- Escalations -----------------------------------------------------------------------

    async def escalate(
        self,
        problem: Problem,
        route: Route,
        level: Level,
        *,
        by: int | None,
        now: datetime,
        detail: str,
    ) -> tuple[Problem, Escalation] | None:
        """Escalate (status dieskalasi) with the escalator's draft solutions; ``by`` None is
        the SLA. None if the problem's status changed meanwhile."""
        action = Action.ESCALATE if by is not None else Action.AUTO_ESCALATE
        role = ActorRole.HANDLER if by is not None else ActorRole.SYSTEM
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            moved = await problem_rows.move(
                tx, problem, action, Status.DIESKALASI, by, role, now, detail, by
            )
            if not moved:
                return None
            row = await tx.fetchone(
                "INSERT INTO problem_escalations (problem_id, route, level, escalated_by,"
                " created_at, level_since) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
                (problem.id, route.value, level.value, by, stamp, stamp),
            )
            assert row is not None
            escalation = problem_rows.escalation(row)
            if by is not None:
                await tx.execute(
                    "UPDATE problem_solutions SET escalation_id = ? WHERE problem_id = ?"
                    " AND created_by = ? AND escalation_id IS NULL",
                    (escalation.id, problem.id, by),
                )
            else:
                # The SLA carries every draft the Agen Perubahan had begun, numbered anew.
                rows = await tx.fetchall(
                    "SELECT id FROM problem_solutions WHERE problem_id = ?"
                    " AND escalation_id IS NULL ORDER BY id",
                    (problem.id,),
                )
                drafts = [int(r[0]) for r in rows]
                await tx.executemany(
                    "UPDATE problem_solutions SET escalation_id = ?, position = ? WHERE id = ?",
                    [(escalation.id, i, d) for i, d in enumerate(drafts, start=1)],
                )
            moved_row = await problem_rows.one(
                tx, f"{problem_rows.PROBLEM} WHERE p.id = ?", (problem.id,)
            )
        return problem_rows.problem(moved_row), escalation

    async def escalation(self, escalation_id: int) -> Escalation | None:
        row = await self._db.fetchone(
            "SELECT * FROM problem_escalations WHERE id = ?", (escalation_id,)
        )
        return problem_rows.escalation(row) if row else None

    async def latest_escalation(self, problem_id: int) -> Escalation | None:
        row = await self._db.fetchone(
            "SELECT * FROM problem_escalations WHERE problem_id = ? ORDER BY id DESC LIMIT 1",
            (problem_id,),
        )
        return problem_rows.escalation(row) if row else None

    async def open_escalations(self) -> list[Escalation]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_escalations WHERE answered_at IS NULL ORDER BY id"
        )
        return [problem_rows.escalation(row) for row in rows]

    async def reached_pemda(self, problem_id: int) -> bool:
        """Whether an escalation of the problem ever went up to the Pemda."""
        found = await self._db.fetchval(
            "SELECT 1 FROM problem_escalations WHERE problem_id = ? AND level = 'pemda' LIMIT 1",
            (problem_id,),
        )
        return found is not None

    async def forward(
        self,
        escalation: Escalation,
        level: Level,
        *,
        by: int,
        now: datetime,
        note: str | None = None,
    ) -> Escalation | None:
        """Pass an open escalation up to ``level`` (berjenjang), with the passer's note; None
        if answered or moved meanwhile."""
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            passed = await tx.execute(
                "UPDATE problem_escalations SET level = ?, level_since = ?, reminded_at = NULL,"
                " forward_note = ?, forwarded_by = ?"
                " WHERE id = ? AND answered_at IS NULL AND level = ?",
                (level.value, stamp, note, by, escalation.id, escalation.level.value),
            )
            if passed != 1:
                return None
            await problem_rows.event(
                tx,
                escalation.problem_id,
                Action.FORWARD,
                Status.DIESKALASI,
                Status.DIESKALASI,
                by,
                ActorRole.HEAD,
                now,
                f"{escalation.level.value} -> {level.value}",
            )
            row = await problem_rows.one(
                tx, "SELECT * FROM problem_escalations WHERE id = ?", (escalation.id,)
            )
        return problem_rows.escalation(row)

    async def answer(
        self,
        problem: Problem,
        escalation: Escalation,
        *,
        by: int,
        solution_id: int | None,
        direction: str | None,
        now: datetime,
    ) -> tuple[Problem, Escalation] | None:
        """The head's answer: a chosen solution or a written direction (ditindaklanjuti).
        None if the escalation was answered meanwhile."""
        stamp = to_iso(now)
        detail = f"usulan {solution_id}" if solution_id is not None else "arahan tertulis"
        async with self._db.transaction() as tx:
            answered = await tx.execute(
                "UPDATE problem_escalations SET answered_at = ?, answered_by = ?,"
                " chosen_solution_id = ?, direction = ? WHERE id = ? AND answered_at IS NULL",
                (stamp, by, solution_id, direction, escalation.id),
            )
            if answered != 1:
                return None
            moved = await problem_rows.move(
                tx,
                problem,
                Action.ANSWER,
                Status.DITINDAKLANJUTI,
                by,
                ActorRole.HEAD,
                now,
                detail,
                None,
            )
            if not moved:
                raise RuntimeError(f"escalation {escalation.id} open on a moved problem")
            problem_row = await problem_rows.one(
                tx, f"{problem_rows.PROBLEM} WHERE p.id = ?", (problem.id,)
            )
            row = await problem_rows.one(
                tx, "SELECT * FROM problem_escalations WHERE id = ?", (escalation.id,)
            )
        return problem_rows.problem(problem_row), problem_rows.escalation(row)

    async def mark_head_reminded(self, escalation: Escalation, now: datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE problem_escalations SET reminded_at = ? WHERE id = ?",
                (to_iso(now), escalation.id),
            )
            await problem_rows.event(
                tx,
                escalation.problem_id,
                Action.REMIND_HEAD,
                Status.DIESKALASI,
                Status.DIESKALASI,
                None,
                ActorRole.SYSTEM,
                now,
                escalation.level.value,
            )
