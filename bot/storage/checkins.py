"""Repository of daily check-ins (the check-in feature extends it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.storage.database import Database


class CheckinRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def checked_in(self, person_ids: Iterable[int], day: date) -> set[int]:
        """Which of these people have a check-in for their local ``day``."""
        ids = list(person_ids)
        if not ids:
            return set()
        found: set[int] = set()
        for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                f"SELECT person_id FROM checkins WHERE day = ? AND person_id IN"
                f" ({','.join('?' * len(chunk))})",
                [day.isoformat(), *chunk],
            )
            found.update(row["person_id"] for row in rows)
        return found
