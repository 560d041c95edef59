"""Problem notices waiting to be sent: rendered, with the time they are due.

A notice is stored before it is sent and removed once Telegram took it, so neither a
failed send (a 5xx, a timeout) nor a restart loses one; a notice of an anonymous reporter
waits here for its random delay. Rows being sent are leased (``due_at`` moved ahead), so the
handler that just stored them and the periodic job never send one row twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.problems.models import OutgoingNotice, QueuedNotice
from bot.storage import problem_rows
from bot.storage.database import Database
from bot.storage.timestamps import to_iso

LEASE = timedelta(minutes=2)
"""How long a row being sent is hidden from the periodic job."""


class ProblemOutbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, notices: Sequence[OutgoingNotice], due_at: datetime, now: datetime
    ) -> list[QueuedNotice]:
        """Store ``notices`` (in one transaction), due at ``due_at``; in order."""
        queued = []
        async with self._db.transaction() as tx:
            for notice in notices:
                attachment = notice.attachment
                notice_id = await tx.insert(
                    "INSERT INTO problem_outbox (problem_id, person_id, text, keyboard,"
                    " attachment_kind, attachment_file_id, due_at, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        notice.problem_id,
                        notice.person_id,
                        notice.text,
                        notice.keyboard,
                        attachment.kind.value if attachment else None,
                        attachment.file_id if attachment else None,
                        to_iso(due_at),
                        to_iso(now),
                    ),
                )
                queued.append(QueuedNotice(notice_id, notice, 0))
        return queued

    async def lease_due(self, now: datetime, limit: int = 100) -> list[QueuedNotice]:
        """The rows due at ``now``, oldest first, leased for :data:`LEASE`."""
        async with self._db.transaction() as tx:
            rows = list(
                await tx.fetchall(
                    "SELECT * FROM problem_outbox WHERE due_at <= ? ORDER BY due_at, id LIMIT ?",
                    (to_iso(now), limit),
                )
            )
            await tx.executemany(
                "UPDATE problem_outbox SET due_at = ? WHERE id = ?",
                [(to_iso(now + LEASE), row["id"]) for row in rows],
            )
        return [
            QueuedNotice(
                row["id"],
                OutgoingNotice(
                    problem_id=row["problem_id"],
                    person_id=row["person_id"],
                    text=row["text"],
                    keyboard=row["keyboard"],
                    attachment=problem_rows.attachment(
                        row["attachment_kind"], row["attachment_file_id"]
                    ),
                ),
                row["attempts"],
            )
            for row in rows
        ]

    async def done(self, queued_id: int) -> None:
        """Sent, or never sendable (the person blocked the bot): forget it."""
        await self._db.execute("DELETE FROM problem_outbox WHERE id = ?", (queued_id,))

    async def retry_at(self, queued_id: int, at: datetime) -> None:
        """The send failed for now: try again at ``at``."""
        await self._db.execute(
            "UPDATE problem_outbox SET due_at = ?, attempts = attempts + 1 WHERE id = ?",
            (to_iso(at), queued_id),
        )

    async def waiting(self) -> int:
        return int(await self._db.fetchval("SELECT COUNT(*) FROM problem_outbox") or 0)
