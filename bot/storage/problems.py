"""Repository of problems: drafts, tickets with their events, the thread.

Every change of status happens in one transaction with its event (who, when, what), and
only if the problem is still in the status the caller saw: of two people pressing at once,
one wins and the other is told (the method returns None). The alternative solutions and
the escalations of a problem live in ``problem_escalations``.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.problems.models import (
    ANONYMOUS_PREFIX,
    TICKET_PREFIX,
    Action,
    ActorRole,
    Attachment,
    Category,
    Desk,
    Draft,
    Order,
    Problem,
    ProblemEvent,
    Status,
    ThreadMessage,
    UnitCounts,
)
from bot.storage import problem_rows
from bot.storage.database import Database, Transaction
from bot.storage.timestamps import from_iso, to_iso

_ORDERS: dict[Order, str] = {
    "newest": " ORDER BY p.created_at DESC, p.id DESC",
    "waiting": " ORDER BY p.status_since, p.id",
}
"""Newest reports first, or the problems waiting longest in their status first."""


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
            attachment=problem_rows.attachment(row["attachment_kind"], row["attachment_file_id"]),
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
        desk: Desk = Desk.UNIT,
    ) -> Problem:
        """File a problem (status baru) from the reporter's draft, which is dropped.

        ``actor_id`` is recorded in the event: the reporter, or None when anonymous. An
        anonymous problem gets a random public number of its own (``LA-``).
        """
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            code = await _free_code(tx) if anonymous else None
            problem_id = await tx.insert(
                "INSERT INTO problems (unit_id, reporter_id, anonymous, category, description,"
                " attachment_kind, attachment_file_id, created_at, status_since, updated_at,"
                " code, desk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    code,
                    desk.value,
                ),
            )
            await problem_rows.event(
                tx,
                problem_id,
                Action.REPORT,
                None,
                Status.BARU,
                actor_id,
                ActorRole.REPORTER,
                now,
                category.value,
            )
            await tx.execute("DELETE FROM problem_drafts WHERE person_id = ?", (reporter_id,))
            row = await problem_rows.one(
                tx, f"{problem_rows.PROBLEM} WHERE p.id = ?", (problem_id,)
            )
        return problem_rows.problem(row)

    async def get(self, problem_id: int) -> Problem | None:
        row = await self._db.fetchone(f"{problem_rows.PROBLEM} WHERE p.id = ?", (problem_id,))
        return problem_rows.problem(row) if row else None

    async def by_number(self, number: str) -> Problem | None:
        """The problem with the public number ``number`` (``LP-0001`` or ``LA-123456``)."""
        if number.startswith(ANONYMOUS_PREFIX):
            row = await self._db.fetchone(f"{problem_rows.PROBLEM} WHERE p.code = ?", (number,))
            return problem_rows.problem(row) if row else None
        digits = number.removeprefix(TICKET_PREFIX)
        found = await self.get(int(digits)) if digits.isdigit() else None
        return found if found is not None and found.code is None else None

    async def of_unit(
        self, unit_id: int, *, open_only: bool = True, order: Order = "newest"
    ) -> list[Problem]:
        """The unit desk's problems of the unit (never those handled by the Pemda)."""
        sql = f"{problem_rows.PROBLEM} WHERE p.unit_id = ? AND p.desk = 'unit'"
        if open_only:
            sql += " AND p.status NOT IN ('selesai', 'ditolak')"
        rows = await self._db.fetchall(sql + _ORDERS[order], (unit_id,))
        return [problem_rows.problem(row) for row in rows]

    async def of_pemda_desk(self, *, order: Order = "newest") -> list[Problem]:
        """Open problems handled by the Pemda, every unit."""
        sql = (
            f"{problem_rows.PROBLEM} WHERE p.desk = 'pemda'"
            " AND p.status NOT IN ('selesai', 'ditolak')"
        )
        rows = await self._db.fetchall(sql + _ORDERS[order])
        return [problem_rows.problem(row) for row in rows]

    async def of_reporter(self, reporter_id: int, limit: int = 10) -> list[Problem]:
        """The reporter's latest problems, newest first."""
        rows = await self._db.fetchall(
            f"{problem_rows.PROBLEM} WHERE p.reporter_id = ? ORDER BY p.id DESC LIMIT ?",
            (reporter_id, limit),
        )
        return [problem_rows.problem(row) for row in rows]

    async def with_status(self, status: Status) -> list[Problem]:
        rows = await self._db.fetchall(
            f"{problem_rows.PROBLEM} WHERE p.status = ? ORDER BY p.id", (status.value,)
        )
        return [problem_rows.problem(row) for row in rows]

    async def counts_by_unit(self) -> list[UnitCounts]:
        """Problems per unit and status, by unit name (units without any left out)."""
        rows = await self._db.fetchall(
            "SELECT u.id, u.name, p.status, COUNT(*) AS n FROM problems p"
            " JOIN units u ON u.id = p.unit_id GROUP BY u.id, u.name, p.status"
            " ORDER BY lower(u.name), u.id"
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
        async with self._db.transaction() as tx:
            moved = await problem_rows.move(
                tx, problem, action, to_status, actor_id, actor_role, now, detail, handler_id
            )
            if not moved:
                return None
            row = await problem_rows.one(
                tx, f"{problem_rows.PROBLEM} WHERE p.id = ?", (problem.id,)
            )
        return problem_rows.problem(row)

    async def mark_reminded(self, problem: Problem, now: datetime) -> None:
        """The SLA reminded the handlers of this wait (recorded as an event, once)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE problems SET reminded_at = ? WHERE id = ?", (to_iso(now), problem.id)
            )
            await problem_rows.event(
                tx,
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
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
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
            await tx.execute(
                "UPDATE problems SET updated_at = ? WHERE id = ?", (to_iso(now), problem_id)
            )
        assert row is not None
        return problem_rows.message(row)

    async def messages(self, problem_id: int, last: int = 5) -> list[ThreadMessage]:
        """The thread's last ``last`` messages, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM (SELECT * FROM problem_messages WHERE problem_id = ?"
            " ORDER BY id DESC LIMIT ?) AS latest ORDER BY id",
            (problem_id, last),
        )
        return [problem_rows.message(row) for row in rows]


async def _free_code(tx: Transaction) -> str:
    """A random ``LA-`` number not yet taken (900,000 of them: a clash is rare)."""
    while True:
        code = f"{ANONYMOUS_PREFIX}{100_000 + secrets.randbelow(900_000)}"
        if await tx.fetchone("SELECT 1 FROM problems WHERE code = ?", (code,)) is None:
            return code
