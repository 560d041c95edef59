"""What the bot waits for a person to type, kept in the database so a restart loses nothing.

One slot per Telegram user: a feature that asks for free text (a problem, a reply, a
direction...) sets it, the input router (bot.handlers.inputs) hands the next message to
that feature, the latest prompt replaces any earlier one. ``feature`` says which feature
set it, so features share the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.database import Database
from bot.storage.timestamps import from_iso, to_iso


@dataclass(frozen=True)
class PendingInput:
    telegram_user_id: int
    feature: str
    kind: str
    ref_id: int | None
    """What the input is about (e.g. a problem id), if anything."""
    created_at: datetime


class PendingInputRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(
        self, telegram_user_id: int, feature: str, kind: str, ref_id: int | None, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO pending_inputs (telegram_user_id, feature, kind, ref_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (telegram_user_id) DO UPDATE SET"
            " feature = excluded.feature, kind = excluded.kind, ref_id = excluded.ref_id,"
            " created_at = excluded.created_at",
            (telegram_user_id, feature, kind, ref_id, to_iso(now)),
        )

    async def current(self, telegram_user_id: int) -> PendingInput | None:
        """What the user's next message is awaited for, whichever feature asked."""
        row = await self._db.fetchone(
            "SELECT * FROM pending_inputs WHERE telegram_user_id = ?", (telegram_user_id,)
        )
        if row is None:
            return None
        return PendingInput(
            telegram_user_id=row["telegram_user_id"],
            feature=row["feature"],
            kind=row["kind"],
            ref_id=row["ref_id"],
            created_at=from_iso(row["created_at"]),
        )

    async def get(self, telegram_user_id: int, feature: str) -> PendingInput | None:
        """The user's pending input if it belongs to ``feature``."""
        pending = await self.current(telegram_user_id)
        return pending if pending is not None and pending.feature == feature else None

    async def clear(self, telegram_user_id: int, feature: str) -> bool:
        """Forget the user's pending input of ``feature``; False if there was none."""
        changed = await self._db.execute(
            "DELETE FROM pending_inputs WHERE telegram_user_id = ? AND feature = ?",
            (telegram_user_id, feature),
        )
        return changed > 0
