"""Invite codes, join requests and the audit log of onboarding."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.org.models import AuditEvent, Invite, JoinRequest, JoinStatus
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

CODE_BYTES = 24
"""192 bits from ``secrets``; 32 URL-safe characters, within Telegram's 64-character limit."""


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _invite(row: Row) -> Invite:
    return Invite(
        person_id=row["person_id"],
        created_at=from_iso(row["created_at"]),
        expires_at=from_iso(row["expires_at"]),
        used_at=from_iso(row["used_at"]) if row["used_at"] else None,
        used_by=row["used_by"],
    )


class InviteRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def issue(
        self, person_ids: list[int], now: datetime, ttl: timedelta
    ) -> dict[int, tuple[str, datetime]]:
        """A fresh code per person (their older unused codes stop working): id -> (code, until)."""
        expires = now + ttl
        issued: dict[int, tuple[str, datetime]] = {}
        async with self._db.transaction() as tx:
            for person_id in person_ids:
                await tx.execute(
                    "UPDATE invites SET expires_at = ? WHERE person_id = ? AND used_at IS NULL"
                    " AND expires_at > ?",
                    (to_iso(now), person_id, to_iso(now)),
                )
                code = new_code()
                await tx.execute(
                    "INSERT INTO invites (code_hash, person_id, created_at, expires_at)"
                    " VALUES (?, ?, ?, ?)",
                    (hash_code(code), person_id, to_iso(now), to_iso(expires)),
                )
                issued[person_id] = (code, expires)
        return issued

    async def latest(self, person_ids: list[int]) -> dict[int, Invite]:
        """Each person's most recent invite (used, expired or valid), if they have one."""
        if not person_ids:
            return {}
        marks = ",".join("?" * len(person_ids))
        rows = await self._db.fetchall(
            f"SELECT * FROM invites WHERE person_id IN ({marks})"
            # Of the codes issued in one second, the last one issued: issuing expires the
            # person's unused earlier codes (their expires_at moves back to that second).
            " ORDER BY created_at, expires_at, CASE WHEN used_at IS NULL THEN 1 ELSE 0 END",
            tuple(person_ids),
        )
        return {row["person_id"]: _invite(row) for row in rows}  # the latest one wins

    async def find(self, code: str) -> Invite | None:
        row = await self._db.fetchone(
            "SELECT * FROM invites WHERE code_hash = ?", (hash_code(code),)
        )
        return _invite(row) if row else None

    async def use(self, code: str, telegram_user_id: int, now: datetime) -> bool:
        """Mark the code used; False if it was used (or expired) meanwhile."""
        changed = await self._db.execute(
            "UPDATE invites SET used_at = ?, used_by = ?"
            " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
            (to_iso(now), telegram_user_id, hash_code(code), to_iso(now)),
        )
        return changed == 1


def _join(row: Row) -> JoinRequest:
    return JoinRequest(
        id=row["id"],
        person_id=row["person_id"],
        telegram_user_id=row["telegram_user_id"],
        status=JoinStatus(row["status"]),
        created_at=from_iso(row["created_at"]),
        decided_at=from_iso(row["decided_at"]) if row["decided_at"] else None,
        decided_by=row["decided_by"],
    )


class JoinRequestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def pending_of_person(self, person_id: int) -> JoinRequest | None:
        """The pending request to join as ``person_id``, from whichever account."""
        row = await self._db.fetchone(
            "SELECT * FROM join_requests WHERE person_id = ? AND status = 'pending'"
            " ORDER BY id LIMIT 1",
            (person_id,),
        )
        return _join(row) if row else None

    async def create(self, person_id: int, telegram_user_id: int, now: datetime) -> JoinRequest:
        """A new pending request; the user's earlier pending ones are superseded."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE join_requests SET status = 'superseded', decided_at = ?"
                " WHERE telegram_user_id = ? AND status = 'pending'",
                (to_iso(now), telegram_user_id),
            )
            row = await tx.fetchone(
                "INSERT INTO join_requests (person_id, telegram_user_id, created_at)"
                " VALUES (?, ?, ?) RETURNING *",
                (person_id, telegram_user_id, to_iso(now)),
            )
        assert row is not None
        return _join(row)

    async def get(self, request_id: int) -> JoinRequest | None:
        row = await self._db.fetchone("SELECT * FROM join_requests WHERE id = ?", (request_id,))
        return _join(row) if row else None

    async def decide(
        self, request_id: int, status: JoinStatus, decided_by: int, now: datetime
    ) -> bool:
        """Record the decision; False if the request was no longer pending."""
        changed = await self._db.execute(
            "UPDATE join_requests SET status = ?, decided_by = ?, decided_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status.value, decided_by, to_iso(now), request_id),
        )
        return changed == 1


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        event: AuditEvent,
        now: datetime,
        *,
        telegram_user_id: int | None = None,
        person_id: int | None = None,
        detail: str = "",
    ) -> None:
        await self._db.execute(
            "INSERT INTO audit_log (at, telegram_user_id, person_id, event, detail)"
            " VALUES (?, ?, ?, ?, ?)",
            (to_iso(now), telegram_user_id, person_id, event.value, detail),
        )

    async def count_since(self, event: AuditEvent, telegram_user_id: int, since: datetime) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM audit_log WHERE event = ? AND telegram_user_id = ?"
                " AND at >= ?",
                (event.value, telegram_user_id, to_iso(since)),
            )
        )

    async def count_detail_since(self, event: AuditEvent, detail: str, since: datetime) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM audit_log WHERE event = ? AND detail = ? AND at >= ?",
                (event.value, detail, to_iso(since)),
            )
        )

    async def events(self, telegram_user_id: int) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT event FROM audit_log WHERE telegram_user_id = ? ORDER BY id",
            (telegram_user_id,),
        )
        return [row["event"] for row in rows]
