"""Repository of problems: drafts, tickets with their events, the thread, escalations.

Every change of status happens in one transaction with its event (who, when, what), and
only if the problem is still in the status the caller saw: of two people pressing at once,
one wins and the other is told (the method returns None).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import aiosqlite

from bot.problems.models import (
    MAX_SOLUTIONS,
    Action,
    ActorRole,
    Attachment,
    AttachmentKind,
    Category,
    Draft,
    Escalation,
    Level,
    Problem,
    ProblemEvent,
    Route,
    Solution,
    Status,
    ThreadMessage,
    UnitCounts,
)
from bot.storage.database import Database
from bot.storage.timestamps import from_iso, to_iso

_PROBLEM = "SELECT p.*, u.name AS unit_name FROM problems p JOIN units u ON u.id = p.unit_id"

Order = Literal["newest", "waiting"]
_ORDERS: dict[Order, str] = {
    "newest": " ORDER BY p.created_at DESC, p.id DESC",
    "waiting": " ORDER BY p.status_since, p.id",
}
"""Newest reports first, or the problems waiting longest in their status first."""


def _when(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _attachment(kind: str | None, file_id: str | None) -> Attachment | None:
    return Attachment(AttachmentKind(kind), file_id) if kind and file_id else None


def _problem(row: aiosqlite.Row) -> Problem:
    return Problem(
        id=row["id"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        reporter_id=row["reporter_id"],
        anonymous=bool(row["anonymous"]),
        category=Category(row["category"]),
        description=row["description"],
        attachment=_attachment(row["attachment_kind"], row["attachment_file_id"]),
        status=Status(row["status"]),
        handler_id=row["handler_id"],
        created_at=from_iso(row["created_at"]),
        status_since=from_iso(row["status_since"]),
        reminded_at=_when(row["reminded_at"]),
    )


def _escalation(row: aiosqlite.Row) -> Escalation:
    return Escalation(
        id=row["id"],
        problem_id=row["problem_id"],
        route=Route(row["route"]),
        level=Level(row["level"]),
        escalated_by=row["escalated_by"],
        created_at=from_iso(row["created_at"]),
        level_since=from_iso(row["level_since"]),
        reminded_at=_when(row["reminded_at"]),
        answered_at=_when(row["answered_at"]),
        answered_by=row["answered_by"],
        chosen_solution_id=row["chosen_solution_id"],
        direction=row["direction"],
    )


def _solution(row: aiosqlite.Row) -> Solution:
    return Solution(
        id=row["id"],
        problem_id=row["problem_id"],
        escalation_id=row["escalation_id"],
        position=row["position"],
        text=row["text"],
    )


def _message(row: aiosqlite.Row) -> ThreadMessage:
    return ThreadMessage(
        id=row["id"],
        problem_id=row["problem_id"],
        at=from_iso(row["at"]),
        from_reporter=bool(row["from_reporter"]),
        author_id=row["author_id"],
        text=row["text"],
        attachment=_attachment(row["attachment_kind"], row["attachment_file_id"]),
    )


async def _one(conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]) -> aiosqlite.Row:
    async with conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None, sql
    return row


async def _event(
    conn: aiosqlite.Connection,
    problem_id: int,
    action: Action,
    from_status: Status | None,
    to_status: Status,
    actor_id: int | None,
    actor_role: ActorRole,
    now: datetime,
    detail: str,
) -> None:
    await conn.execute(
        "INSERT INTO problem_events (problem_id, at, action, from_status, to_status, actor_id,"
        " actor_role, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            problem_id,
            to_iso(now),
            action.value,
            from_status.value if from_status else None,
            to_status.value,
            actor_id,
            actor_role.value,
            detail,
        ),
    )


async def _move(
    conn: aiosqlite.Connection,
    problem: Problem,
    action: Action,
    to_status: Status,
    actor_id: int | None,
    actor_role: ActorRole,
    now: datetime,
    detail: str,
    handler_id: int | None,
) -> bool:
    """Change the status (if still ``problem.status``) and record the event."""
    stamp = to_iso(now)
    changed = to_status is not problem.status
    cursor = await conn.execute(
        "UPDATE problems SET status = ?, handler_id = COALESCE(?, handler_id),"
        " status_since = CASE WHEN ? THEN ? ELSE status_since END,"
        " reminded_at = CASE WHEN ? THEN NULL ELSE reminded_at END,"
        " updated_at = ? WHERE id = ? AND status = ?",
        (
            to_status.value,
            handler_id,
            changed,
            stamp,
            changed,
            stamp,
            problem.id,
            problem.status.value,
        ),
    )
    if cursor.rowcount != 1:
        return False
    await _event(
        conn, problem.id, action, problem.status, to_status, actor_id, actor_role, now, detail
    )
    return True


class ProblemRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- Drafts (/lapor) -------------------------------------------------------------------

    async def draft(self, person_id: int) -> Draft | None:
        row = await self._db.fetchone(
            "SELECT * FROM problem_drafts WHERE person_id = ?", (person_id,)
        )
        if row is None:
            return None
        return Draft(
            person_id=person_id,
            description=row["description"],
            attachment=_attachment(row["attachment_kind"], row["attachment_file_id"]),
            category=Category(row["category"]) if row["category"] else None,
        )

    async def save_draft(self, draft: Draft, now: datetime) -> None:
        attachment = draft.attachment
        await self._db.execute(
            "INSERT INTO problem_drafts (person_id, description, attachment_kind,"
            " attachment_file_id, category, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET description = excluded.description,"
            " attachment_kind = excluded.attachment_kind,"
            " attachment_file_id = excluded.attachment_file_id,"
            " category = excluded.category, updated_at = excluded.updated_at",
            (
                draft.person_id,
                draft.description,
                attachment.kind.value if attachment else None,
                attachment.file_id if attachment else None,
                draft.category.value if draft.category else None,
                to_iso(now),
            ),
        )

    async def drop_draft(self, person_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM problem_drafts WHERE person_id = ?", (person_id,)
        )
        return changed > 0

    # --- Problems --------------------------------------------------------------------------

    async def create(
        self,
        *,
        unit_id: int,
        reporter_id: int,
        anonymous: bool,
        category: Category,
        description: str,
        attachment: Attachment | None,
        actor_id: int | None,
        now: datetime,
    ) -> Problem:
        """File a problem (status baru) from the reporter's draft, which is dropped.

        ``actor_id`` is recorded in the event: the reporter, or None when anonymous.
        """
        stamp = to_iso(now)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO problems (unit_id, reporter_id, anonymous, category, description,"
                " attachment_kind, attachment_file_id, created_at, status_since, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    unit_id,
                    reporter_id,
                    int(anonymous),
                    category.value,
                    description,
                    attachment.kind.value if attachment else None,
                    attachment.file_id if attachment else None,
                    stamp,
                    stamp,
                    stamp,
                ),
            )
            problem_id = cursor.lastrowid
            assert problem_id is not None
            await _event(
                conn,
                problem_id,
                Action.REPORT,
                None,
                Status.BARU,
                actor_id,
                ActorRole.REPORTER,
                now,
                category.value,
            )
            await conn.execute("DELETE FROM problem_drafts WHERE person_id = ?", (reporter_id,))
            row = await _one(conn, f"{_PROBLEM} WHERE p.id = ?", (problem_id,))
        return _problem(row)

    async def get(self, problem_id: int) -> Problem | None:
        row = await self._db.fetchone(f"{_PROBLEM} WHERE p.id = ?", (problem_id,))
        return _problem(row) if row else None

    async def of_unit(
        self, unit_id: int, *, open_only: bool = True, order: Order = "newest"
    ) -> list[Problem]:
        sql = f"{_PROBLEM} WHERE p.unit_id = ?"
        if open_only:
            sql += " AND p.status NOT IN ('selesai', 'ditolak')"
        rows = await self._db.fetchall(sql + _ORDERS[order], (unit_id,))
        return [_problem(row) for row in rows]

    async def of_reporter(self, reporter_id: int, limit: int = 10) -> list[Problem]:
        """The reporter's latest problems, newest first."""
        rows = await self._db.fetchall(
            f"{_PROBLEM} WHERE p.reporter_id = ? ORDER BY p.id DESC LIMIT ?",
            (reporter_id, limit),
        )
        return [_problem(row) for row in rows]

    async def with_status(self, status: Status) -> list[Problem]:
        rows = await self._db.fetchall(
            f"{_PROBLEM} WHERE p.status = ? ORDER BY p.id", (status.value,)
        )
        return [_problem(row) for row in rows]

    async def counts_by_unit(self) -> list[UnitCounts]:
        """Problems per unit and status, by unit name (units without any left out)."""
        rows = await self._db.fetchall(
            "SELECT u.id, u.name, p.status, COUNT(*) AS n FROM problems p"
            " JOIN units u ON u.id = p.unit_id GROUP BY u.id, p.status"
            " ORDER BY u.name COLLATE NOCASE, u.id"
        )
        units: dict[int, UnitCounts] = {}
        for row in rows:
            unit = units.setdefault(row["id"], UnitCounts(row["id"], row["name"], {}))
            unit.counts[Status(row["status"])] = row["n"]
        return list(units.values())

    async def transition(
        self,
        problem: Problem,
        action: Action,
        to_status: Status,
        *,
        actor_id: int | None,
        actor_role: ActorRole,
        now: datetime,
        detail: str = "",
        handler_id: int | None = None,
    ) -> Problem | None:
        """Move the problem to ``to_status`` and record it; None if its status changed
        meanwhile. ``handler_id`` (when given) becomes who handles it."""
        async with self._db.transaction() as conn:
            moved = await _move(
                conn, problem, action, to_status, actor_id, actor_role, now, detail, handler_id
            )
            if not moved:
                return None
            row = await _one(conn, f"{_PROBLEM} WHERE p.id = ?", (problem.id,))
        return _problem(row)

    async def mark_reminded(self, problem: Problem, now: datetime) -> None:
        """The SLA reminded the handlers of this wait (recorded as an event, once)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE problems SET reminded_at = ? WHERE id = ?", (to_iso(now), problem.id)
            )
            await _event(
                conn,
                problem.id,
                Action.REMIND,
                problem.status,
                problem.status,
                None,
                ActorRole.SYSTEM,
                now,
                "",
            )

    async def events(self, problem_id: int) -> list[ProblemEvent]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_events WHERE problem_id = ? ORDER BY id", (problem_id,)
        )
        return [
            ProblemEvent(
                at=from_iso(row["at"]),
                action=Action(row["action"]),
                from_status=Status(row["from_status"]) if row["from_status"] else None,
                to_status=Status(row["to_status"]),
                actor_id=row["actor_id"],
                actor_role=ActorRole(row["actor_role"]),
                detail=row["detail"],
            )
            for row in rows
        ]

    # --- The thread ------------------------------------------------------------------------

    async def add_message(
        self,
        problem_id: int,
        *,
        from_reporter: bool,
        author_id: int | None,
        text: str,
        attachment: Attachment | None,
        now: datetime,
    ) -> ThreadMessage:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO problem_messages (problem_id, at, from_reporter, author_id, text,"
                " attachment_kind, attachment_file_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " RETURNING *",
                (
                    problem_id,
                    to_iso(now),
                    int(from_reporter),
                    None if from_reporter else author_id,
                    text,
                    attachment.kind.value if attachment else None,
                    attachment.file_id if attachment else None,
                ),
            )
            row = await cursor.fetchone()
            await cursor.close()
            await conn.execute(
                "UPDATE problems SET updated_at = ? WHERE id = ?", (to_iso(now), problem_id)
            )
        assert row is not None
        return _message(row)

    async def messages(self, problem_id: int, last: int = 5) -> list[ThreadMessage]:
        """The thread's last ``last`` messages, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM (SELECT * FROM problem_messages WHERE problem_id = ?"
            " ORDER BY id DESC LIMIT ?) ORDER BY id",
            (problem_id, last),
        )
        return [_message(row) for row in rows]

    # --- Alternative solutions -------------------------------------------------------------

    async def add_draft_solution(
        self, problem_id: int, person_id: int, text: str, now: datetime
    ) -> Solution | None:
        """Add a solution to the person's draft escalation; None once it has the maximum."""
        async with self._db.transaction() as conn:
            row = await _one(
                conn,
                "SELECT COUNT(*) FROM problem_solutions WHERE problem_id = ? AND created_by = ?"
                " AND escalation_id IS NULL",
                (problem_id, person_id),
            )
            count = int(row[0])
            if count >= MAX_SOLUTIONS:
                return None
            cursor = await conn.execute(
                "INSERT INTO problem_solutions (problem_id, position, text, created_by,"
                " created_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
                (problem_id, count + 1, text, person_id, to_iso(now)),
            )
            added = await cursor.fetchone()
            await cursor.close()
        assert added is not None
        return _solution(added)

    async def draft_solutions(self, problem_id: int, person_id: int) -> list[Solution]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_solutions WHERE problem_id = ? AND created_by = ?"
            " AND escalation_id IS NULL ORDER BY position",
            (problem_id, person_id),
        )
        return [_solution(row) for row in rows]

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
        return [_solution(row) for row in rows]

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
        async with self._db.transaction() as conn:
            moved = await _move(
                conn, problem, action, Status.DIESKALASI, by, role, now, detail, by
            )
            if not moved:
                return None
            cursor = await conn.execute(
                "INSERT INTO problem_escalations (problem_id, route, level, escalated_by,"
                " created_at, level_since) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
                (problem.id, route.value, level.value, by, stamp, stamp),
            )
            row = await cursor.fetchone()
            await cursor.close()
            assert row is not None
            escalation = _escalation(row)
            if by is not None:
                await conn.execute(
                    "UPDATE problem_solutions SET escalation_id = ? WHERE problem_id = ?"
                    " AND created_by = ? AND escalation_id IS NULL",
                    (escalation.id, problem.id, by),
                )
            moved_row = await _one(conn, f"{_PROBLEM} WHERE p.id = ?", (problem.id,))
        return _problem(moved_row), escalation

    async def escalation(self, escalation_id: int) -> Escalation | None:
        row = await self._db.fetchone(
            "SELECT * FROM problem_escalations WHERE id = ?", (escalation_id,)
        )
        return _escalation(row) if row else None

    async def latest_escalation(self, problem_id: int) -> Escalation | None:
        row = await self._db.fetchone(
            "SELECT * FROM problem_escalations WHERE problem_id = ? ORDER BY id DESC LIMIT 1",
            (problem_id,),
        )
        return _escalation(row) if row else None

    async def open_escalations(self) -> list[Escalation]:
        rows = await self._db.fetchall(
            "SELECT * FROM problem_escalations WHERE answered_at IS NULL ORDER BY id"
        )
        return [_escalation(row) for row in rows]

    async def reached_pemda(self, problem_id: int) -> bool:
        """Whether an escalation of the problem ever went up to the Pemda."""
        found = await self._db.fetchval(
            "SELECT 1 FROM problem_escalations WHERE problem_id = ? AND level = 'pemda' LIMIT 1",
            (problem_id,),
        )
        return found is not None

    async def forward(
        self, escalation: Escalation, level: Level, *, by: int, now: datetime
    ) -> Escalation | None:
        """Pass an open escalation up to ``level`` (berjenjang); None if answered or moved
        meanwhile."""
        stamp = to_iso(now)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE problem_escalations SET level = ?, level_since = ?, reminded_at = NULL"
                " WHERE id = ? AND answered_at IS NULL AND level = ?",
                (level.value, stamp, escalation.id, escalation.level.value),
            )
            if cursor.rowcount != 1:
                return None
            await _event(
                conn,
                escalation.problem_id,
                Action.FORWARD,
                Status.DIESKALASI,
                Status.DIESKALASI,
                by,
                ActorRole.HEAD,
                now,
                f"{escalation.level.value} -> {level.value}",
            )
            row = await _one(
                conn, "SELECT * FROM problem_escalations WHERE id = ?", (escalation.id,)
            )
        return _escalation(row)

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
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE problem_escalations SET answered_at = ?, answered_by = ?,"
                " chosen_solution_id = ?, direction = ? WHERE id = ? AND answered_at IS NULL",
                (stamp, by, solution_id, direction, escalation.id),
            )
            if cursor.rowcount != 1:
                return None
            moved = await _move(
                conn,
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
            problem_row = await _one(conn, f"{_PROBLEM} WHERE p.id = ?", (problem.id,))
            row = await _one(
                conn, "SELECT * FROM problem_escalations WHERE id = ?", (escalation.id,)
            )
        return _problem(problem_row), _escalation(row)

    async def mark_head_reminded(self, escalation: Escalation, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE problem_escalations SET reminded_at = ? WHERE id = ?",
                (to_iso(now), escalation.id),
            )
            await _event(
                conn,
                escalation.problem_id,
                Action.REMIND_HEAD,
                Status.DIESKALASI,
                Status.DIESKALASI,
                None,
                ActorRole.SYSTEM,
                now,
                escalation.level.value,
            )
