"""Rows of the problem tables read into models, and the steps both problem repositories take.

Shared by ``problems`` (drafts, tickets, the thread) and ``problem_escalations`` (solutions
and escalations): the mappers, the problem select, and inside a transaction the event and
the guarded move of a problem's status.
"""

from __future__ import annotations

from datetime import datetime

from bot.problems.models import (
    Action,
    ActorRole,
    Attachment,
    AttachmentKind,
    Category,
    Desk,
    Escalation,
    Level,
    Problem,
    Route,
    Solution,
    Status,
    ThreadMessage,
)
from bot.storage.database import Row, Transaction
from bot.storage.timestamps import from_iso, to_iso

PROBLEM = "SELECT p.*, u.name AS unit_name FROM problems p JOIN units u ON u.id = p.unit_id"


def when(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def attachment(kind: str | None, file_id: str | None) -> Attachment | None:
    return Attachment(AttachmentKind(kind), file_id) if kind and file_id else None


def problem(row: Row) -> Problem:
    return Problem(
        id=row["id"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        reporter_id=row["reporter_id"],
        anonymous=bool(row["anonymous"]),
        category=Category(row["category"]),
        description=row["description"],
        attachment=attachment(row["attachment_kind"], row["attachment_file_id"]),
        status=Status(row["status"]),
        handler_id=row["handler_id"],
        created_at=from_iso(row["created_at"]),
        status_since=from_iso(row["status_since"]),
        reminded_at=when(row["reminded_at"]),
        code=row["code"],
        desk=Desk(row["desk"]),
    )


def escalation(row: Row) -> Escalation:
    return Escalation(
        id=row["id"],
        problem_id=row["problem_id"],
        route=Route(row["route"]),
        level=Level(row["level"]),
        escalated_by=row["escalated_by"],
        created_at=from_iso(row["created_at"]),
        level_since=from_iso(row["level_since"]),
        reminded_at=when(row["reminded_at"]),
        answered_at=when(row["answered_at"]),
        answered_by=row["answered_by"],
        chosen_solution_id=row["chosen_solution_id"],
        direction=row["direction"],
        forward_note=row["forward_note"],
        forwarded_by=row["forwarded_by"],
    )


def solution(row: Row) -> Solution:
    return Solution(
        id=row["id"],
        problem_id=row["problem_id"],
        escalation_id=row["escalation_id"],
        position=row["position"],
        text=row["text"],
    )


def message(row: Row) -> ThreadMessage:
    return ThreadMessage(
        id=row["id"],
        problem_id=row["problem_id"],
        at=from_iso(row["at"]),
        from_reporter=bool(row["from_reporter"]),
        author_id=row["author_id"],
        text=row["text"],
        attachment=attachment(row["attachment_kind"], row["attachment_file_id"]),
    )


async def one(tx: Transaction, sql: str, params: tuple[object, ...]) -> Row:
    row = await tx.fetchone(sql, params)
    assert row is not None, sql
    return row


async def event(
    tx: Transaction,
    problem_id: int,
    action: Action,
    from_status: Status | None,
    to_status: Status,
    actor_id: int | None,
    actor_role: ActorRole,
    now: datetime,
    detail: str,
) -> None:
    await tx.execute(
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


async def move(
    tx: Transaction,
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
    moved = await tx.execute(
        "UPDATE problems SET status = ?, handler_id = COALESCE(?, handler_id),"
        " status_since = CASE WHEN ? = 1 THEN ? ELSE status_since END,"
        " reminded_at = CASE WHEN ? = 1 THEN NULL ELSE reminded_at END,"
        " updated_at = ? WHERE id = ? AND status = ?",
        (
            to_status.value,
            handler_id,
            int(changed),
            stamp,
            int(changed),
            stamp,
            problem.id,
            problem.status.value,
        ),
    )
    if moved != 1:
        return False
    await event(
        tx, problem.id, action, problem.status, to_status, actor_id, actor_role, now, detail
    )
    return True
