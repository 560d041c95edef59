"""Aggregate queries for the summaries: counts only, never one person's answers.

A check-in counts for the unit its author belonged to that day (``unit_memberships``), so
a move or a departure later leaves the history where it happened. Everything is grouped in
SQL so a semester of a 200-person KBK or of a whole Pemda stays fast; the indexes these need
are in the migrations (unit_memberships (unit_id, since), UNIQUE (person_id, day), and
(person_id, day, item) on the behaviours and budaya-malu slips ticked).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from bot.reports.rows import ANSWER_NAMES, Activity, AnswerCells, CountRow, Member, ProblemRow
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso


def _member_rows(table: str, alias: str) -> str:
    """Rows of ``table`` (a person's, of a day) made while their author belonged to the
    unit ``m``: history stays where it happened."""
    return (
        f" FROM unit_memberships m JOIN {table} {alias} ON {alias}.person_id = m.person_id"
        f" AND {alias}.day >= m.since AND (m.until IS NULL OR {alias}.day < m.until)"
    )


def _unit_rows(table: str, alias: str) -> str:
    """Rows of ``table`` of the unit ``?`` between two days (:func:`_unit_params`)."""
    return (
        _member_rows(table, alias)
        + " WHERE m.unit_id = ? AND m.since <= ? AND (m.until IS NULL OR m.until > ?)"
        f" AND {alias}.day BETWEEN ? AND ?"
    )


_MEMBER_CHECKINS = _member_rows("checkins", "c")
_UNIT_CHECKINS = _unit_rows("checkins", "c")


def _unit_params(unit_id: int, start: date, end: date) -> tuple[object, ...]:
    return (unit_id, end.isoformat(), start.isoformat(), start.isoformat(), end.isoformat())


def atom_of(day: date) -> date:
    """The month ``day`` belongs to, as its first day (as :data:`ATOM`)."""
    return day.replace(day=1)


_DAY = timedelta(days=1)


def month_of(day: str) -> str:
    """SQL: the calendar month of the day column ``day``, named by its first day."""
    return f"substr({day}, 1, 8) || '01'"


ATOM = month_of("c.day")
"""The calendar month of a check-in, named by its first day: the parts the answer
breakdowns are guarded in. Breakdowns are published for whole months only (a month, a
semester, whole months typed), so every one is a union of these parts and a difference of
two reports can isolate a month at most, never less."""


_MEMBER_COLUMNS = (
    "SELECT m.unit_id, m.person_id, m.since, m.until, p.active,"
    " CASE WHEN p.telegram_user_id IS NULL THEN NULL"
    " ELSE COALESCE(p.registered_at, '0001-01-01T00:00:00+00:00') END AS registered_at,"
    " CASE WHEN t.unreachable_since IS NULL THEN 0 ELSE 1 END AS unreachable"
    " FROM unit_memberships m JOIN people p ON p.id = m.person_id"
    " LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
)


def _member(r: Any) -> Member:
    return Member(
        person_id=r["person_id"],
        since=date.fromisoformat(r["since"]),
        until=date.fromisoformat(r["until"]) if r["until"] else None,
        registered_at=from_iso(r["registered_at"]) if r["registered_at"] else None,
        unreachable=bool(r["unreachable"]),
        active=bool(r["active"]),
    )


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def members(self, unit_id: int, start: date, end: date) -> list[Member]:
        """The memberships of the unit overlapping the days ``start``..``end``."""
        rows = await self._db.fetchall(
            _MEMBER_COLUMNS + " WHERE m.unit_id = ? AND m.since <= ?"
            " AND (m.until IS NULL OR m.until > ?)",
            (unit_id, end.isoformat(), start.isoformat()),
        )
        return [_member(r) for r in rows]

    async def checkins_per_day(self, unit_id: int, start: date, end: date) -> dict[date, int]:
        rows = await self._db.fetchall(
            "SELECT c.day, COUNT(*) AS n" + _UNIT_CHECKINS + " GROUP BY c.day",
            _unit_params(unit_id, start, end),
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    async def activity(self, unit_id: int, start: date, end: date) -> Activity:
        """Check-ins per day; per value and month the answer counts, how many
        people gave each answer and how many another; who checked in, per part and over
        the period. Counted in SQL, three index scans."""
        params = _unit_params(unit_id, start, end)
        # Independent: on PostgreSQL side by side, each on a pooled connection.
        per_day, rows, everyone = await asyncio.gather(
            self.checkins_per_day(unit_id, start, end),
            self._answer_rows(params),
            self._db.fetchval(
                "SELECT COUNT(DISTINCT m.person_id) FROM unit_memberships m WHERE m.unit_id = ?"
                " AND m.since <= ? AND (m.until IS NULL OR m.until > ?) AND EXISTS (SELECT 1"
                " FROM checkins c WHERE c.person_id = m.person_id AND c.day BETWEEN ? AND ?"
                " AND c.day >= m.since AND (m.until IS NULL OR c.day < m.until))",
                params,
            ),
        )
        cells = [
            AnswerCells(
                r["v"],
                date.fromisoformat(r["atom"]),
                (int(r["sudah"]), int(r["sebagian"]), int(r["belum"])),
                (int(r["p_sudah"]), int(r["p_sebagian"]), int(r["p_belum"])),
                (int(r["o_sudah"]), int(r["o_sebagian"]), int(r["o_belum"])),
            )
            for r in rows
        ]
        # Who checked in per part, from below: nobody checks in twice a day, so the
        # busiest day of a part is a lower bound (it makes a complement smaller, never
        # larger, and saves a scan).
        active: dict[date | None, int] = {}
        for day, n in per_day.items():
            atom = atom_of(day)
            active[atom] = max(active.get(atom, 0), n)
        active[None] = int(everyone)
        return Activity(per_day=per_day, cells=cells, active=active)

    async def _answer_rows(self, params: tuple[object, ...]) -> list[Row]:
        """Per value and month: the answer counts, how many people gave each answer and
        how many another."""
        # Per value, month and person first (at most a few check-ins each), then per
        # value and month: counting people as groups, not with six COUNT(DISTINCT)s.
        return await self._db.fetchall(
            "SELECT v, atom, "
            + ", ".join(f"SUM(n_{a}) AS {a}" for a in ANSWER_NAMES)
            + ", "
            + ", ".join(
                f"SUM(CASE WHEN n_{a} > 0 THEN 1 ELSE 0 END) AS p_{a}" for a in ANSWER_NAMES
            )
            + ", "
            + ", ".join(
                "SUM(CASE WHEN "
                + " + ".join(f"n_{b}" for b in ANSWER_NAMES if b != a)
                + f" > 0 THEN 1 ELSE 0 END) AS o_{a}"
                for a in ANSWER_NAMES
            )
            + " FROM (SELECT c.value_id AS v, "
            + ATOM
            + " AS atom, c.person_id, "
            + ", ".join(
                f"SUM(CASE WHEN c.answer = '{a}' THEN 1 ELSE 0 END) AS n_{a}" for a in ANSWER_NAMES
            )
            + _UNIT_CHECKINS
            + " GROUP BY 1, 2, 3) x GROUP BY v, atom",
            params,
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
        """Per key and month: count and people, from the index on (person_id, day, key):
        the items of each member's days, without visiting the check-ins."""
        rows = await self._db.fetchall(
            f"SELECT x.{column} AS key, {month_of('x.day')} AS atom, COUNT(*) AS n,"
            " COUNT(DISTINCT x.person_id) AS people"
            + _unit_rows(table, "x")
            + " GROUP BY 1, 2 ORDER BY 1, 2",
            _unit_params(unit_id, start, end),
        )
        return [
            CountRow(r["key"], r["n"], r["people"], date.fromisoformat(r["atom"])) for r in rows
        ]

    async def checked_in_on(self, unit_id: int, day: date) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*)" + _UNIT_CHECKINS, _unit_params(unit_id, day, day)
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
            "SELECT p.created_at, MAX(e.at) AS closed_at"
            " FROM problem_events e JOIN problems p ON p.id = e.problem_id"
            f" WHERE {where} AND e.to_status = 'selesai' AND p.status = 'selesai'"
            " AND e.at >= ? AND e.at < ? GROUP BY p.id, p.created_at",
            [*params, *bounds],
        )
        took = [from_iso(r["closed_at"]) - from_iso(r["created_at"]) for r in rows]
        return int(opened), int(open_now), [t / _DAY for t in took]

    async def problem_list(self, unit_id: int, start: datetime, end: datetime) -> list[ProblemRow]:
        """The unit's problems open at some time in [start, end), oldest first: number,
        category, status, when opened and closed, and the highest level reached; not what
        the Pemda desk handles (complaints about the unit's leaders)."""
        rows = await self._db.fetchall(
            "SELECT p.id, p.code, p.category, p.status, p.created_at,"
            " (SELECT MAX(e.at) FROM problem_events e WHERE e.problem_id = p.id"
            "  AND e.to_status IN ('selesai', 'ditolak')) AS closed_at,"
            " (SELECT MAX(CASE x.level WHEN 'ketua' THEN 1 WHEN 'kepala' THEN 2"
            "  WHEN 'pemda' THEN 3 END) FROM problem_escalations x"
            "  WHERE x.problem_id = p.id) AS level"
            " FROM problems p WHERE p.unit_id = ? AND p.desk = 'unit' AND p.created_at < ?"
            " ORDER BY p.created_at",
            (unit_id, to_iso(end)),
        )
        levels = {1: "ketua", 2: "kepala", 3: "pemda"}
        found = []
        for r in rows:
            closed = from_iso(r["closed_at"]) if r["closed_at"] else None
            if r["status"] not in ("selesai", "ditolak"):
                closed = None
            if closed is not None and closed < start:
                continue
            found.append(
                ProblemRow(
                    r["id"], r["code"], r["category"], r["status"], from_iso(r["created_at"]),
                    closed, levels.get(r["level"]),
                )
            )  # fmt: skip
        return found

    # --- The Pemda view: every unit at once ------------------------------------------------

    async def members_by_unit(self, start: date, end: date) -> dict[int, list[Member]]:
        rows = await self._db.fetchall(
            _MEMBER_COLUMNS + " WHERE m.since <= ? AND (m.until IS NULL OR m.until > ?)",
            (end.isoformat(), start.isoformat()),
        )
        found: dict[int, list[Member]] = defaultdict(list)
        for r in rows:
            found[r["unit_id"]].append(_member(r))
        return dict(found)

    async def checkins_by_unit(self, start: date, end: date) -> dict[int, int]:
        rows = await self._db.fetchall(
            "SELECT m.unit_id, COUNT(*) AS n" + _MEMBER_CHECKINS + " WHERE m.since <= ?"
            " AND (m.until IS NULL OR m.until > ?) AND c.day BETWEEN ? AND ? GROUP BY m.unit_id",
            (end.isoformat(), start.isoformat(), start.isoformat(), end.isoformat()),
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
            "INSERT INTO report_log (kind, period_key, person_id, sent_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (kind, period_key, person_id, to_iso(now)),
        )
