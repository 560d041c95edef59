"""Aggregate queries for the summaries: counts only, never one person's answers.

Everything is grouped in SQL so a semester of a 200-person KBK or of a whole Pemda stays fast;
the indexes these need are in the migrations (checkins (day, person_id), UNIQUE (person_id,
day), people (unit_id, active)).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from bot.storage.database import Database
from bot.storage.timestamps import to_iso

_UNIT_CHECKINS = (
    " FROM checkins c JOIN people p ON p.id = c.person_id"
    " WHERE p.unit_id = ? AND p.active = 1 AND p.telegram_user_id IS NOT NULL"
    " AND c.day BETWEEN ? AND ?"
)


@dataclass(frozen=True)
class Member:
    person_id: int
    registered: bool
    unreachable: bool


@dataclass(frozen=True)
class CountRow:
    """A count of answers and how many distinct people gave them."""

    key: str
    count: int
    people: int


@dataclass(frozen=True)
class AnswerRow:
    value_id: str
    answer: str
    count: int


@dataclass(frozen=True)
class Activity:
    per_day: dict[date, int]
    answers: list[AnswerRow]
    value_people: dict[str, int]
    """Per value, how many distinct people answered about it."""
    active: int
    """Distinct people with at least one check-in."""


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def members(self, unit_id: int) -> list[Member]:
        rows = await self._db.fetchall(
            "SELECT p.id, p.telegram_user_id IS NOT NULL AS registered,"
            " t.unreachable_since IS NOT NULL AS unreachable"
            " FROM people p LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
            " WHERE p.unit_id = ? AND p.active = 1",
            (unit_id,),
        )
        return [Member(r["id"], bool(r["registered"]), bool(r["unreachable"])) for r in rows]

    async def checkins_per_day(self, unit_id: int, start: date, end: date) -> dict[date, int]:
        rows = await self._db.fetchall(
            "SELECT c.day, COUNT(*) AS n" + _UNIT_CHECKINS + " GROUP BY c.day",
            (unit_id, start.isoformat(), end.isoformat()),
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    async def activity(self, unit_id: int, start: date, end: date) -> Activity:
        """Check-ins per day, answers per value and who answered, in three index scans.

        (Measured: grouping by one column with conditional sums is several times faster in
        SQLite than grouping by (value, answer) pairs through a temporary B-tree.)
        """
        params = (unit_id, start.isoformat(), end.isoformat())
        per_day = await self.checkins_per_day(unit_id, start, end)
        rows = await self._db.fetchall(
            "SELECT c.value_id, SUM(c.answer = 'sudah') AS sudah,"
            " SUM(c.answer = 'sebagian') AS sebagian, SUM(c.answer = 'belum') AS belum,"
            " COUNT(DISTINCT c.person_id) AS people" + _UNIT_CHECKINS + " GROUP BY c.value_id",
            params,
        )
        answers = [
            AnswerRow(r["value_id"], answer, r[answer])
            for r in rows
            for answer in ("sudah", "sebagian", "belum")
        ]
        active = await self._db.fetchval(
            "SELECT COUNT(DISTINCT c.person_id)" + _UNIT_CHECKINS, params
        )
        return Activity(
            per_day=per_day,
            answers=answers,
            value_people={r["value_id"]: r["people"] for r in rows},
            active=int(active),
        )

    async def behaviours(self, unit_id: int, start: date, end: date) -> list[CountRow]:
        """Behaviours people said they practised (the multi-select of the check-in)."""
        return await self._counted("checkin_behaviours", "behaviour_id", unit_id, start, end)

    async def malu(self, unit_id: int, start: date, end: date) -> list[CountRow]:
        """Budaya-malu slips, counted; who slipped is never returned."""
        return await self._counted("checkin_malu", "malu_id", unit_id, start, end)

    async def _counted(
        self, table: str, column: str, unit_id: int, start: date, end: date
    ) -> list[CountRow]:
        rows = await self._db.fetchall(
            "SELECT key, COUNT(*) AS n, COUNT(DISTINCT person_id) AS people FROM"
            f" (SELECT x.{column} AS key, c.person_id FROM {table} x"
            " JOIN checkins c ON c.id = x.checkin_id JOIN people p ON p.id = c.person_id"
            " WHERE p.unit_id = ? AND p.active = 1 AND c.day BETWEEN ? AND ?) GROUP BY key",
            (unit_id, start.isoformat(), end.isoformat()),
        )
        return [CountRow(r["key"], r["n"], r["people"]) for r in rows]

    async def checked_in_on(self, unit_id: int, day: date) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*)" + _UNIT_CHECKINS, (unit_id, day.isoformat(), day.isoformat())
            )
        )

    async def not_checked_in_names(self, unit_id: int, day: date) -> list[str]:
        """Registered members without a check-in on ``day`` (only when the Pemda allows)."""
        rows = await self._db.fetchall(
            "SELECT p.name FROM people p WHERE p.unit_id = ? AND p.active = 1"
            " AND p.telegram_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM checkins c"
            " WHERE c.person_id = p.id AND c.day = ?) ORDER BY p.name",
            (unit_id, day.isoformat()),
        )
        return [r["name"] for r in rows]

    async def problem_counts(
        self, unit_id: int | None, start: datetime, end: datetime
    ) -> tuple[int, int, list[float]]:
        """Problems opened in [start, end), open now, and days each resolved one took.

        A unit's figures leave out what the Pemda desk handles (complaints about its leaders):
        its head reads them, and a count that moves would tell them one was made."""
        where, params = (
            ("p.unit_id = ? AND p.desk = 'unit'", [unit_id])
            if unit_id is not None
            else ("1 = 1", [])
        )
        bounds = [to_iso(start), to_iso(end)]
        opened = await self._db.fetchval(
            f"SELECT COUNT(*) FROM problems p WHERE {where} AND p.created_at >= ?"
            " AND p.created_at < ?",
            [*params, *bounds],
        )
        open_now = await self._db.fetchval(
            f"SELECT COUNT(*) FROM problems p WHERE {where}"
            " AND p.status NOT IN ('selesai', 'ditolak')",
            params,
        )
        rows = await self._db.fetchall(
            "SELECT julianday(MAX(e.at)) - julianday(p.created_at) AS days"
            " FROM problem_events e JOIN problems p ON p.id = e.problem_id"
            f" WHERE {where} AND e.to_status = 'selesai' AND p.status = 'selesai'"
            " AND e.at >= ? AND e.at < ? GROUP BY p.id",
            [*params, *bounds],
        )
        return int(opened), int(open_now), [float(r["days"]) for r in rows]

    # --- The Pemda view: every unit at once ------------------------------------------------

    async def members_by_unit(self) -> dict[int, list[Member]]:
        rows = await self._db.fetchall(
            "SELECT p.unit_id, p.id, p.telegram_user_id IS NOT NULL AS registered,"
            " t.unreachable_since IS NOT NULL AS unreachable"
            " FROM people p LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
            " WHERE p.active = 1"
        )
        found: dict[int, list[Member]] = defaultdict(list)
        for r in rows:
            found[r["unit_id"]].append(
                Member(r["id"], bool(r["registered"]), bool(r["unreachable"]))
            )
        return dict(found)

    async def checkins_by_unit(self, start: date, end: date) -> dict[int, int]:
        rows = await self._db.fetchall(
            "SELECT p.unit_id, COUNT(*) AS n FROM checkins c JOIN people p ON p.id = c.person_id"
            " WHERE p.active = 1 AND p.telegram_user_id IS NOT NULL AND c.day BETWEEN ? AND ?"
            " GROUP BY p.unit_id",
            (start.isoformat(), end.isoformat()),
        )
        return {r["unit_id"]: r["n"] for r in rows}


class ReportLog:
    """Which scheduled reports went to whom."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def sent(self, kind: str, period_key: str) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT person_id FROM report_log WHERE kind = ? AND period_key = ?",
            (kind, period_key),
        )
        return {r["person_id"] for r in rows}

    async def record(self, kind: str, period_key: str, person_id: int, now: datetime) -> None:
        await self._db.execute(
            "INSERT OR IGNORE INTO report_log (kind, period_key, person_id, sent_at)"
            " VALUES (?, ?, ?, ?)",
            (kind, period_key, person_id, to_iso(now)),
        )
