"""Repository of appreciations between colleagues and of the one being written.

The giver of an anonymous appreciation is kept (for the daily limit and to count distinct
appreciators) but never leaves this module except to the giver's own /dataku: the monthly
counts carry the colleague and how many people appreciated them, not who.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.appreciation.candidates import AppreciationCount
from bot.appreciation.models import DailyLimitError, Draft, NewAppreciation
from bot.storage.database import Database
from bot.storage.timestamps import to_iso


class AppreciationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- The draft ------------------------------------------------------------------------

    async def draft(self, person_id: int) -> Draft | None:
        row = await self._db.fetchone(
            "SELECT * FROM appreciation_drafts WHERE person_id = ?", (person_id,)
        )
        if row is None:
            return None
        return Draft(row["person_id"], row["colleague_id"], row["value_id"], row["sentence"])

    async def save_draft(
        self,
        person_id: int,
        colleague_id: int,
        value_id: str | None,
        sentence: str | None,
        now: datetime,
    ) -> None:
        await self._db.execute(
            "INSERT INTO appreciation_drafts (person_id, colleague_id, value_id, sentence,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " colleague_id = excluded.colleague_id, value_id = excluded.value_id,"
            " sentence = excluded.sentence, updated_at = excluded.updated_at",
            (person_id, colleague_id, value_id, sentence, to_iso(now)),
        )

    async def drop_draft(self, person_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM appreciation_drafts WHERE person_id = ?", (person_id,)
        )
        return changed > 0

    # --- Giving ----------------------------------------------------------------------------

    async def given_on(self, person_id: int, day: date) -> int:
        """How many appreciations ``person_id`` gave on their local ``day``."""
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM appreciations WHERE person_id = ? AND day = ?",
                (person_id, day.isoformat()),
            )
        )

    async def give(self, new: NewAppreciation, limit: int, now: datetime) -> int:
        """Record the appreciation and drop the giver's draft, in one transaction; the
        daily limit is checked inside it, so two quick presses cannot pass it. Returns
        the new id; raises :class:`DailyLimitError` at the limit."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT COUNT(*) FROM appreciations WHERE person_id = ? AND day = ?",
                (new.person_id, new.day.isoformat()),
            )
            if row is not None and row[0] >= limit:
                raise DailyLimitError
            new_id = await tx.insert(
                "INSERT INTO appreciations (person_id, colleague_id, unit_id, value_id,"
                " sentence, anonymous, day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.person_id,
                    new.colleague_id,
                    new.unit_id,
                    new.value_id,
                    new.sentence,
                    int(new.anonymous),
                    new.day.isoformat(),
                    to_iso(now),
                ),
            )
            await tx.execute(
                "DELETE FROM appreciation_drafts WHERE person_id = ?", (new.person_id,)
            )
        return new_id

    async def mark_delivered(self, appreciation_id: int) -> None:
        await self._db.execute(
            "UPDATE appreciations SET delivered = 1 WHERE id = ?", (appreciation_id,)
        )

    # --- The monthly counts --------------------------------------------------------------

    async def counts(self, unit_id: int, start: date, end: date) -> list[AppreciationCount]:
        """Per colleague of the unit still in the roster and value, appreciations of the
        days ``start``..``end`` and how many distinct people gave them."""
        rows = await self._db.fetchall(
            "SELECT a.colleague_id, p.name, a.value_id,"
            " COUNT(DISTINCT a.person_id) AS appreciators, COUNT(*) AS appreciations"
            " FROM appreciations a JOIN people p ON p.id = a.colleague_id"
            " WHERE a.unit_id = ? AND a.day BETWEEN ? AND ? AND p.active = 1"
            " GROUP BY a.colleague_id, p.name, a.value_id",
            (unit_id, start.isoformat(), end.isoformat()),
        )
        return [
            AppreciationCount(
                r["colleague_id"], r["name"], r["value_id"], r["appreciators"], r["appreciations"]
            )
            for r in rows
        ]
