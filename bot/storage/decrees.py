"""Repository of the decrees that form the units' KBK (the latest one is in force)."""

from __future__ import annotations

from datetime import date, datetime

from bot.org.decree import Decree
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso


def _decree(row: Row) -> Decree:
    return Decree(
        id=row["id"],
        unit_id=row["unit_id"],
        number=row["number"],
        decided_on=date.fromisoformat(row["decided_on"]),
        file_kind=row["file_kind"],
        file_id=row["file_id"],
        recorded_by=row["recorded_by"],
        recorded_at=from_iso(row["recorded_at"]),
    )


class DecreeRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        unit_id: int,
        number: str,
        decided_on: date,
        file_kind: str,
        file_id: str,
        by: int,
        now: datetime,
    ) -> Decree:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO kbk_decrees (unit_id, number, decided_on, file_kind, file_id,"
                " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (unit_id, number, decided_on.isoformat(), file_kind, file_id, by, to_iso(now)),
            )
        assert row is not None
        return _decree(row)

    async def current(self, unit_id: int) -> Decree | None:
        row = await self._db.fetchone(
            "SELECT * FROM kbk_decrees WHERE unit_id = ? ORDER BY id DESC LIMIT 1", (unit_id,)
        )
        return _decree(row) if row else None
