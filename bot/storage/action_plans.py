"""Repository of the rencana aksi: items, their status and their evidence."""

from __future__ import annotations

from datetime import datetime

from bot.action_plan.models import Evidence, EvidenceKind, ItemStatus, NewItem, PlanItem
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

_ITEM = (
    "SELECT i.*, p.name AS owner_name,"
    " (SELECT COUNT(*) FROM action_plan_evidence e WHERE e.item_id = i.id) AS evidence"
    " FROM action_plan_items i LEFT JOIN people p ON p.id = i.owner_id"
)


def _item(row: Row) -> PlanItem:
    return PlanItem(
        id=row["id"],
        unit_id=row["unit_id"],
        year=row["year"],
        activity=row["activity"],
        target=row["target"],
        owner_id=row["owner_id"],
        owner_name=row["owner_name"],
        month=row["month"],
        indicator=row["indicator"],
        status=ItemStatus(row["status"]),
        status_since=from_iso(row["status_since"]),
        created_by=row["created_by"],
        created_at=from_iso(row["created_at"]),
        reminded_at=from_iso(row["reminded_at"]) if row["reminded_at"] else None,
        evidence=row["evidence"],
    )


def _evidence(row: Row) -> Evidence:
    return Evidence(
        id=row["id"],
        item_id=row["item_id"],
        kind=EvidenceKind(row["kind"]),
        file_id=row["file_id"],
        text=row["text"],
        added_by=row["person_id"],
        added_at=from_iso(row["added_at"]),
    )


class ActionPlanRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, unit_id: int, year: int, item: NewItem, by: int, now: datetime
    ) -> PlanItem:
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO action_plan_items (unit_id, year, activity, target, owner_id,"
                " month, indicator, status_since, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (unit_id, year, item.activity, item.target, item.owner_id, item.month,
                 item.indicator, stamp, by, stamp),
            )  # fmt: skip
        assert row is not None
        added = await self.get(int(row[0]))
        assert added is not None
        return added

    async def get(self, item_id: int) -> PlanItem | None:
        row = await self._db.fetchone(f"{_ITEM} WHERE i.id = ?", (item_id,))
        return _item(row) if row else None

    async def of_unit(self, unit_id: int, year: int) -> list[PlanItem]:
        rows = await self._db.fetchall(
            f"{_ITEM} WHERE i.unit_id = ? AND i.year = ? ORDER BY i.month, i.id",
            (unit_id, year),
        )
        return [_item(row) for row in rows]

    async def open_items(self) -> list[PlanItem]:
        """Every item neither done nor cancelled, of every unit (for the reminder)."""
        rows = await self._db.fetchall(
            f"{_ITEM} WHERE i.status IN ('direncanakan', 'berjalan') ORDER BY i.id"
        )
        return [_item(row) for row in rows]

    async def set_status(
        self, item: PlanItem, status: ItemStatus, now: datetime
    ) -> PlanItem | None:
        """Move the item from the status the caller saw; None if it changed meanwhile."""
        changed = await self._db.execute(
            "UPDATE action_plan_items SET status = ?, status_since = ? WHERE id = ?"
            " AND status = ?",
            (status.value, to_iso(now), item.id, item.status.value),
        )
        return await self.get(item.id) if changed else None

    async def mark_reminded(self, item: PlanItem, now: datetime) -> bool:
        """Record the reminder; False if another run recorded it first."""
        changed = await self._db.execute(
            "UPDATE action_plan_items SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
            (to_iso(now), item.id),
        )
        return changed == 1

    async def add_evidence(
        self,
        item: PlanItem,
        kind: EvidenceKind,
        file_id: str | None,
        text: str,
        by: int,
        now: datetime,
    ) -> int:
        """Store one piece of evidence; how many the item has now."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO action_plan_evidence (item_id, kind, file_id, text, person_id,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?)",
                (item.id, kind.value, file_id, text, by, to_iso(now)),
            )
            row = await tx.fetchone(
                "SELECT COUNT(*) FROM action_plan_evidence WHERE item_id = ?", (item.id,)
            )
        assert row is not None
        return int(row[0])

    async def evidence(self, item_id: int) -> list[Evidence]:
        rows = await self._db.fetchall(
            "SELECT * FROM action_plan_evidence WHERE item_id = ? ORDER BY id", (item_id,)
        )
        return [_evidence(row) for row in rows]
