"""Invite codes, join requests and the audit log of onboarding."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.storage.database import Database
from bot.storage.timestamps import from_iso, to_iso

CODE_BYTES = 24
"""192 bits from ``secrets``; 32 URL-safe characters, within Telegram's 64-character limit."""


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class InviteStatus(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Invite:
    person_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None

    def status(self, now: datetime) -> InviteStatus:
        if self.used_at is not None:
            return InviteStatus.USED
        if now >= self.expires_at:
            return InviteStatus.EXPIRED
        return InviteStatus.OK


def _invite(row: aiosqlite.Row) -> Invite:
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
        async with self._db.transaction() as conn:
            for person_id in person_ids:
                await conn.execute(
                    "UPDATE invites SET expires_at = ? WHERE person_id = ? AND used_at IS NULL"
                    " AND expires_at > ?",
                    (to_iso(now), person_id, to_iso(now)),
                )
                code = new_code()
                await conn.execute(
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
            f"SELECT * FROM invites WHERE person_id IN ({marks}) ORDER BY created_at, rowid",
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


class JoinStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class JoinRequest:
    id: int
    person_id: int
    telegram_user_id: int
    status: JoinStatus
    created_at: datetime
    decided_at: datetime | None
    decided_by: int | None


def _join(row: aiosqlite.Row) -> JoinRequest:
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
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE join_requests SET status = 'superseded', decided_at = ?"
                " WHERE telegram_user_id = ? AND status = 'pending'",
                (to_iso(now), telegram_user_id),
            )
            cursor = await conn.execute(
                "INSERT INTO join_requests (person_id, telegram_user_id, created_at)"
                " VALUES (?, ?, ?) RETURNING *",
                (person_id, telegram_user_id, to_iso(now)),
            )
            row = await cursor.fetchone()
            await cursor.close()
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


class AuditEvent(StrEnum):
    INVITE_UNKNOWN = "invite_unknown"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"
    INVITE_ACCEPTED = "invite_accepted"
    NIP_UNKNOWN = "nip_unknown"
    NIP_BOUND_ELSEWHERE = "nip_bound_elsewhere"
    ACCOUNT_BOUND_ELSEWHERE = "account_bound_elsewhere"
    JOIN_ATTEMPT = "join_attempt"
    """A well-formed NIP typed to ask to join (the NIP in ``detail``): counted per account
    and per NIP."""
    JOIN_MERGED = "join_merged"
    """A request for a NIP that already has one pending: no second notice."""
    JOIN_REQUESTED = "join_requested"
    JOIN_APPROVED = "join_approved"
    JOIN_REJECTED = "join_rejected"
    FORGED_CALLBACK = "forged_callback"
    COMMAND_REFUSED = "command_refused"
    # An Admin Pemda's work in the chat (detail: what, e.g. the file and its counts).
    ROSTER_CHECKED = "roster_checked"
    ROSTER_APPLIED = "roster_applied"
    ROSTER_CANCELLED = "roster_cancelled"
    INVITES_ISSUED = "invites_issued"
    CALENDAR_CHANGED = "calendar_changed"
    CALENDAR_CANCELLED = "calendar_cancelled"


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
