"""Repository of Telegram accounts that have written to the bot."""

from __future__ import annotations

from datetime import datetime

from bot.org.models import TelegramUser
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso


def _from_row(row: Row) -> TelegramUser:
    return TelegramUser(
        user_id=row["user_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        username=row["username"],
        language_code=row["language_code"],
        first_seen_at=from_iso(row["first_seen_at"]),
        last_seen_at=from_iso(row["last_seen_at"]),
        unreachable_since=(
            from_iso(row["unreachable_since"]) if row["unreachable_since"] else None
        ),
        unreachable_reason=row["unreachable_reason"],
    )


class UserRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
        now: datetime,
    ) -> str | None:
        """Record that the user wrote to the bot: they are reachable again. Returns the
        command menu last set for their chat (see :meth:`menu`), read by the same statement."""
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO telegram_users AS t (user_id, first_name, last_name, username,"
                " language_code, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET"
                # Erased on request (/hapusdata): not recorded again.
                " first_name = CASE WHEN t.name_erased = 1 THEN '' ELSE excluded.first_name END,"
                " last_name = CASE WHEN t.name_erased = 1 THEN NULL ELSE excluded.last_name END,"
                " username = CASE WHEN t.name_erased = 1 THEN NULL ELSE excluded.username END,"
                " language_code = excluded.language_code, last_seen_at = excluded.last_seen_at,"
                " unreachable_since = NULL, unreachable_reason = NULL RETURNING menu",
                (user_id, first_name, last_name, username, language_code, stamp, stamp),
            )
        return None if row is None or row["menu"] is None else str(row["menu"])

    async def get(self, user_id: int) -> TelegramUser | None:
        row = await self._db.fetchone("SELECT * FROM telegram_users WHERE user_id = ?", (user_id,))
        return _from_row(row) if row else None

    async def mark_unreachable(self, user_id: int, reason: str, now: datetime) -> bool:
        """Mark the user unreachable (blocked the bot, chat gone); False if unknown."""
        changed = await self._db.execute(
            "UPDATE telegram_users SET unreachable_since = ?, unreachable_reason = ?"
            " WHERE user_id = ? AND unreachable_since IS NULL",
            (to_iso(now), reason, user_id),
        )
        return changed > 0

    async def menu(self, user_id: int) -> str | None:
        """The command menu last set for the user's chat (comma-separated), if any."""
        value = await self._db.fetchval(
            "SELECT menu FROM telegram_users WHERE user_id = ?", (user_id,)
        )
        return str(value) if value is not None else None

    async def set_menu(self, user_id: int, menu: str) -> None:
        await self._db.execute(
            "UPDATE telegram_users SET menu = ? WHERE user_id = ?", (menu, user_id)
        )

    async def count(self, *, reachable_only: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM telegram_users"
        if reachable_only:
            sql += " WHERE unreachable_since IS NULL"
        return int(await self._db.fetchval(sql))
