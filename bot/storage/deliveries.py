"""Repository of daily deliveries: who may receive them, and the delivery log.

The log's unique key (person, local date, kind) means each daily message is sent once,
except the few whose outcome a crash made uncertain: a row is written as 'pending' before
anything is sent, moved to 'sending' when the request is handed to Telegram and to 'sent'
(or 'failed', 'skipped', 'expired') after it. A row found 'sending' at start-up was in flight
when the last owner died: it is sent again while its cut-off has not passed (at least once),
else it becomes 'unknown'. See migration 0007 and :mod:`bot.delivery.dispatcher`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from bot.delivery.due import Due, Kind, Recipient
from bot.delivery.models import (
    CHECKED_IN,
    INTERRUPTED,
    OPEN,
    PAST_CUTOFF,
    RESENT,
    Claim,
    Delivery,
    DeliveryHealth,
    Interrupted,
    Status,
)
from bot.storage.database import Database, Row
from bot.storage.group_commit import GroupCommit
from bot.storage.timestamps import from_iso, to_iso


def _delivery(row: Row) -> Delivery:
    return Delivery(
        id=row["id"],
        person_id=row["person_id"],
        local_date=date.fromisoformat(row["local_date"]),
        kind=Kind(row["kind"]),
        status=Status(row["status"]),
        deadline=from_iso(row["deadline"]),
        attempts=row["attempts"],
        detail=row["detail"],
        sent_at=from_iso(row["sent_at"]) if row["sent_at"] else None,
    )


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


@dataclass(frozen=True)
class _Claim:
    delivery_id: int
    now: datetime


@dataclass(frozen=True)
class _Finish:
    delivery_id: int
    status: Status
    now: datetime
    detail: str | None


def _checked_in_since(checkins: str) -> str:
    """An afternoon nudge whose person has checked in that day: skipped, not sent."""
    return (
        f"(deliveries.kind = 'afternoon' AND EXISTS (SELECT 1 FROM {checkins} c"
        " WHERE c.person_id = deliveries.person_id AND c.day = deliveries.local_date))"
    )


T = TypeVar("T")

ADD_ROWS = 100
"""Rows per INSERT of :meth:`DeliveryRepository.add` (8 values each). Ten statements for a
Pemda of 1,000 instead of a thousand; bigger ones save nothing more and their compiled form
costs memory (4 MiB more peak RSS at 500 in the delivery bench)."""

FINISH_LINGER = 0.2
"""Seconds an outcome may wait for a claim's write (nothing is held up by it but the send's
place among those in flight): about one write per claim, not per outcome."""


class DeliveryRepository:
    """Claims and finishes of concurrent sends are written together (see
    :mod:`bot.storage.group_commit`), whatever the sends of this Pemda ask meanwhile: on
    PostgreSQL in one statement, on SQLite one for the finishes and one for the claims; each
    caller still waits for its own commit. No transaction is needed around them
    (:meth:`Database.statements`): the finishes are of other rows than the claims, and each
    of them stands alone."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._deliveries = db.qualified("deliveries")
        self._checkins = db.qualified("checkins")
        self._writes: GroupCommit[_Claim | _Finish, Claim | None] = GroupCommit(self._write_batch)

    async def flush(self) -> None:
        """Wait for the claims and finishes still being written."""
        await self._writes.flush()

    async def recipients(self) -> list[Recipient]:
        """Active people bound to a Telegram account the bot can reach, with their settings."""
        rows = await self._db.fetchall(
            "SELECT p.id, p.name, p.telegram_user_id, p.unit_id, s.morning_time,"
            " s.afternoon_time, s.timezone FROM people p"
            " LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
            " LEFT JOIN person_settings s ON s.person_id = p.id"
            " WHERE p.active = 1 AND p.telegram_user_id IS NOT NULL"
            " AND t.unreachable_since IS NULL ORDER BY p.id"
        )
        return [
            Recipient(
                person_id=r["id"],
                name=r["name"],
                chat_id=r["telegram_user_id"],
                unit_id=r["unit_id"],
                morning_time=_time(r["morning_time"]),
                afternoon_time=_time(r["afternoon_time"]),
                timezone=r["timezone"],
            )
            for r in rows
        ]

    async def on_dates(self, days: Iterable[date]) -> list[Delivery]:
        """Every log row of these local dates."""
        wanted = sorted({d.isoformat() for d in days})
        if not wanted:
            return []
        rows = await self._db.fetchall(
            f"SELECT * FROM deliveries WHERE local_date IN ({','.join('?' * len(wanted))})",
            wanted,
        )
        return [_delivery(r) for r in rows]

    async def get(self, delivery_id: int) -> Delivery | None:
        row = await self._db.fetchone("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        return _delivery(row) if row else None

    async def add(self, dues: Iterable[tuple[Due, Status, str | None]], now: datetime) -> int:
        """Log these as 'pending' (or already 'skipped'), ignoring keys already logged;
        returns how many rows were new."""
        stamp = to_iso(now)
        rows = [
            (
                due.recipient.person_id,
                due.day.isoformat(),
                due.kind.value,
                status.value,
                to_iso(due.deadline),
                detail,
                stamp,
                stamp,
            )
            for due, status, detail in dues
        ]
        if not rows:
            return 0
        added = 0
        async with self._db.transaction() as tx:
            # A statement per ADD_ROWS rows, not per row: a morning tick logs every person
            # of the Pemda at once (a round trip each was a third of a worker's round trips).
            for chunk in _chunks(rows):
                new = await tx.fetchall(
                    "INSERT INTO deliveries (person_id, local_date, kind, status, deadline,"
                    " detail, created_at, updated_at) VALUES "
                    + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
                    + " ON CONFLICT (person_id, local_date, kind) DO NOTHING RETURNING id",
                    [value for row in chunk for value in row],
                )
                added += len(new)
        return added

    async def claim(self, delivery_id: int, now: datetime) -> Claim:
        """Right before a send: mark the open row 'sending' (committed before this returns),
        unless it is an afternoon nudge and the person has checked in since ('skipped')."""
        claimed = await self._writes.submit(_Claim(delivery_id, now))
        assert claimed is not None
        return claimed

    async def _write_batch(self, items: list[_Claim | _Finish]) -> list[Claim | None]:
        """The finishes, then the claims, of one batch. (A send is finished only after its
        claim was committed, so no batch holds both for one row.) On PostgreSQL one
        statement does both, the finishes in its WITH: one round trip a batch."""
        finishes = [_finish_row(item) for item in items if isinstance(item, _Finish)]
        claims = [item for item in items if isinstance(item, _Claim)]
        claimed: list[Row] = []
        async with self._db.statements() as tx:
            if claims and finishes and not self._db.sqlite:
                claim_sql, claim_params = self._claim(claims)
                claimed = await tx.fetchall(
                    self._finished(len(finishes)) + claim_sql,
                    [*(value for row in finishes for value in row), *claim_params],
                )
            else:
                if finishes:
                    await tx.execute_batch(
                        f"UPDATE {self._deliveries} SET status = ?,"
                        " detail = COALESCE(?, detail), updated_at = ?,"
                        " sent_at = COALESCE(?, sent_at)"
                        " WHERE id = ? AND status IN ('pending', 'sending')",
                        finishes,
                    )
                if claims:
                    claimed = await tx.fetchall(*self._claim(claims))
        outcome = {
            row[0]: Claim.CLAIMED if row[1] == Status.SENDING.value else Claim.CHECKED_IN
            for row in claimed
        }
        return [
            outcome.get(item.delivery_id, Claim.CLOSED) if isinstance(item, _Claim) else None
            for item in items
        ]

    def _finished(self, count: int) -> str:
        """PostgreSQL: ``count`` finishes (:func:`_finish_row`) as a WITH before a claim."""
        values = ", ".join(
            ["(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
             " CAST(? AS BIGINT))"] * count
        )  # fmt: skip
        return (
            f"WITH finished AS (UPDATE {self._deliveries} SET status = v.status,"
            " detail = COALESCE(v.detail, deliveries.detail), updated_at = v.stamp,"
            " sent_at = COALESCE(v.sent_at, deliveries.sent_at)"
            f" FROM (VALUES {values}) AS v (status, detail, stamp, sent_at, id)"
            " WHERE deliveries.id = v.id AND deliveries.status IN ('pending', 'sending')"
            " RETURNING deliveries.id) "
        )

    def _claim(self, claims: list[_Claim]) -> tuple[str, list[object]]:
        """One statement: each open row 'sending' (one attempt more), or 'skipped' if it is
        an afternoon nudge and its person has checked in since; closed rows stay as they
        are. Returns (id, status) of the rows it changed."""
        stamp = to_iso(max(claim.now for claim in claims))
        ids = sorted({claim.delivery_id for claim in claims})
        marks = ",".join("?" * len(ids))
        checked_in = _checked_in_since(self._checkins)
        return (
            f"UPDATE {self._deliveries} SET"
            f" status = CASE WHEN {checked_in} THEN 'skipped' ELSE 'sending' END,"
            f" detail = CASE WHEN {checked_in} THEN ? ELSE detail END,"
            f" attempts = attempts + CASE WHEN {checked_in} THEN 0 ELSE 1 END,"
            f" updated_at = ? WHERE id IN ({marks}) AND status IN ('pending', 'sending')"
            " RETURNING id, status",
            [CHECKED_IN, stamp, *ids],
        )

    async def release(self, delivery_id: int, detail: str, now: datetime) -> None:
        """The attempt surely did not deliver (429, a server error answer): back to pending."""
        await self._db.execute(
            "UPDATE deliveries SET status = 'pending', detail = ?, updated_at = ?"
            " WHERE id = ? AND status = 'sending'",
            (detail, to_iso(now), delivery_id),
        )

    async def note(self, delivery_id: int, detail: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE deliveries SET detail = ?, updated_at = ? WHERE id = ?",
            (detail, to_iso(now), delivery_id),
        )

    async def finish(
        self, delivery_id: int, status: Status, now: datetime, detail: str | None = None
    ) -> None:
        """Close an open row for good (a closed one stays as it is)."""
        if status in OPEN:
            raise ValueError(f"{status} is not a final status")
        await self._writes.submit(_Finish(delivery_id, status, now, detail), linger=FINISH_LINGER)

    async def expire(self, now: datetime) -> int:
        """Close the pending rows whose cut-off has passed: nothing is sent late."""
        return await self._db.execute(
            "UPDATE deliveries SET status = 'expired', updated_at = ?,"
            " detail = ? || ' (' || deadline || ')' WHERE status = 'pending' AND deadline <= ?",
            (to_iso(now), PAST_CUTOFF, to_iso(now)),
        )

    async def interrupted(self, now: datetime) -> Interrupted:
        """At start-up, by the new owner: sends that were in flight when the last process
        died may or may not have reached Telegram. Before their cut-off they are sent again
        (a second reminder beats none); after it they become 'unknown'."""
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            resent = await tx.execute(
                "UPDATE deliveries SET status = 'pending', detail = ?, updated_at = ?"
                " WHERE status = 'sending' AND deadline > ?",
                (RESENT, stamp, stamp),
            )
            interrupted = await tx.execute(
                "UPDATE deliveries SET status = 'unknown', detail = ?, updated_at = ?"
                " WHERE status = 'sending'",
                (INTERRUPTED, stamp),
            )
            return Interrupted(resent, interrupted)

    async def health(self, day: date | None = None) -> DeliveryHealth:
        """The figures of ``day``, by default the last day anything was logged."""
        if day is None:
            last = await self._db.fetchval("SELECT MAX(local_date) FROM deliveries")
            if last is None:
                return DeliveryHealth(None, {}, 0, 0)
            day = date.fromisoformat(last)
        week_ago = (day - timedelta(days=6)).isoformat()
        unknown = await self._db.fetchval(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'unknown'"
            " AND local_date BETWEEN ? AND ?",
            (week_ago, day.isoformat()),
        )
        resent = await self._db.fetchval(
            "SELECT COUNT(*) FROM deliveries WHERE local_date = ? AND detail = ?",
            (day.isoformat(), RESENT),
        )
        return DeliveryHealth(day, await self.counts(day), int(resent), int(unknown))

    async def counts(self, day: date, kind: Kind | None = None) -> dict[Status, int]:
        """How many rows of the local date are in each status."""
        sql = "SELECT status, COUNT(*) AS n FROM deliveries WHERE local_date = ?"
        params: list[object] = [day.isoformat()]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind.value)
        rows = await self._db.fetchall(sql + " GROUP BY status", params)
        return {Status(r["status"]): int(r["n"]) for r in rows}


def _chunks(rows: list[T]) -> Iterator[list[T]]:
    """``rows`` in runs of :data:`ADD_ROWS`, the rest in runs of powers of two (64, 32 ...):
    a handful of distinct statements for the drivers' and SQLAlchemy's caches, however many
    rows a tick logs."""
    start = 0
    while start < len(rows):
        left = len(rows) - start
        size = ADD_ROWS if left >= ADD_ROWS else 1 << (left.bit_length() - 1)
        yield rows[start : start + size]
        start += size


def _finish_row(finish: _Finish) -> tuple[str, str | None, str, str | None, int]:
    stamp = to_iso(finish.now)
    sent_at = stamp if finish.status == Status.SENT else None
    return (finish.status.value, finish.detail, stamp, sent_at, finish.delivery_id)
