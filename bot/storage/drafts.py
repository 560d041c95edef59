"""Changes awaiting their author's confirmation (:mod:`bot.drafts`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.drafts import DRAFT_TTL, Draft, DraftAction, DraftOutcome
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso


def _draft(row: Row) -> Draft:
    return Draft(
        id=row["id"],
        person_id=row["person_id"],
        action=DraftAction(row["action"]),
        payload=json.loads(row["payload"]),
        content=row["content"],
        created_at=from_iso(row["created_at"]),
        decided_at=from_iso(row["decided_at"]) if row["decided_at"] else None,
    )


class DraftRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        person_id: int,
        action: DraftAction,
        payload: dict[str, Any],
        now: datetime,
        content: bytes | None = None,
    ) -> int:
        async with self._db.transaction() as tx:
            return await tx.insert(
                "INSERT INTO drafts (person_id, action, payload, content, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (person_id, action.value, json.dumps(payload), content, to_iso(now)),
            )

    async def decide(
        self, draft_id: int, person_id: int, outcome: DraftOutcome, now: datetime
    ) -> Draft | None:
        """Take the draft for ``outcome``, once: None when it is not this admin's, was
        decided already, or is older than :data:`DRAFT_TTL`. The draft comes back with its
        content; the stored copy of a file is dropped (it served its purpose)."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT * FROM drafts WHERE id = ? AND person_id = ?"
                " AND decided_at IS NULL AND created_at > ?",
                (draft_id, person_id, to_iso(now - DRAFT_TTL)),
            )
            if row is None:
                return None
            await tx.execute(
                "UPDATE drafts SET decided_at = ?, outcome = ?, content = NULL WHERE id = ?",
                (to_iso(now), outcome.value, draft_id),
            )
        return _draft(row)
