"""Repositories of time: the Pemda calendar, units' work weeks, personal settings, pauses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from bot.schedule.calendar import (
    DayOverride,
    OverrideKind,
    WorkCalendar,
    format_workweek,
    parse_workweek,
)
from bot.schedule.models import Pause, PersonSettings
from bot.storage.database import Database, Row
from bot.storage.timestamps import to_iso


class CalendarRepository:
    """The Pemda's extra holidays and extra working days, and each unit's work week."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def overrides(self) -> list[DayOverride]:
        rows = await self._db.fetchall("SELECT day, kind, reason FROM calendar_days ORDER BY day")
        return [
            DayOverride(date.fromisoformat(r["day"]), OverrideKind(r["kind"]), r["reason"])
            for r in rows
        ]

    async def calendar(self) -> WorkCalendar:
        return WorkCalendar(await self.overrides())

    async def set_override(self, override: DayOverride, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO calendar_days (day, kind, reason, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, reason = excluded.reason",
            (override.day.isoformat(), override.kind.value, override.reason, to_iso(now)),
        )

    async def set_overrides(self, overrides: Iterable[DayOverride], now: datetime) -> int:
        """Add or replace many at once (a file import), all or nothing."""
        count = 0
        async with self._db.transaction() as tx:
            for o in overrides:
                await tx.execute(
                    "INSERT INTO calendar_days (day, kind, reason, created_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind,"
                    " reason = excluded.reason",
                    (o.day.isoformat(), o.kind.value, o.reason, to_iso(now)),
                )
                count += 1
        return count

    async def remove_override(self, day: date) -> bool:
        return (
            await self._db.execute("DELETE FROM calendar_days WHERE day = ?", (day.isoformat(),))
            > 0
        )

    async def workweek(self, unit_id: int) -> frozenset[int]:
        value = await self._db.fetchval("SELECT work_days FROM units WHERE id = ?", (unit_id,))
        return parse_workweek(value) if value else parse_workweek("12345")

    async def workweeks(self) -> dict[int, frozenset[int]]:
        rows = await self._db.fetchall("SELECT id, work_days FROM units")
        return {r["id"]: parse_workweek(r["work_days"]) for r in rows}

    async def set_workweek(self, unit_id: int, days: frozenset[int]) -> bool:
        return (
            await self._db.execute(
                "UPDATE units SET work_days = ? WHERE id = ?", (format_workweek(days), unit_id)
            )
            > 0
        )


def _pause(row: Row) -> Pause:
    return Pause(
        id=row["id"],
        person_id=row["person_id"],
        start_day=date.fromisoformat(row["start_day"]),
        end_day=date.fromisoformat(row["end_day"]) if row["end_day"] else None,
        reason=row["reason"],
    )


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


class PersonSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, person_id: int) -> PersonSettings:
        row = await self._db.fetchone(
            "SELECT * FROM person_settings WHERE person_id = ?", (person_id,)
        )
        if row is None:
            return PersonSettings(person_id)
        return PersonSettings(
            person_id,
            _time(row["morning_time"]),
            _time(row["afternoon_time"]),
            row["timezone"],
        )

    async def save(self, settings: PersonSettings, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO person_settings (person_id, morning_time, afternoon_time, timezone,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " morning_time = excluded.morning_time, afternoon_time = excluded.afternoon_time,"
            " timezone = excluded.timezone, updated_at = excluded.updated_at",
            (
                settings.person_id,
                settings.morning_time.strftime("%H:%M") if settings.morning_time else None,
                settings.afternoon_time.strftime("%H:%M") if settings.afternoon_time else None,
                settings.timezone,
                to_iso(now),
            ),
        )

    async def pause(
        self, person_id: int, start: date, end: date | None, reason: str, now: datetime
    ) -> Pause:
        """Start an away period; an open one is closed the day before ``start``."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE pauses SET end_day = ? WHERE person_id = ? AND"
                " (end_day IS NULL OR end_day >= ?) AND start_day < ?",
                (
                    (start - timedelta(days=1)).isoformat(),
                    person_id,
                    start.isoformat(),
                    start.isoformat(),
                ),
            )
            await tx.execute(
                "DELETE FROM pauses WHERE person_id = ? AND start_day >= ?",
                (person_id, start.isoformat()),
            )
            row = await tx.fetchone(
                "INSERT INTO pauses (person_id, start_day, end_day, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING *",
                (
                    person_id,
                    start.isoformat(),
                    end.isoformat() if end else None,
                    reason,
                    to_iso(now),
                ),
            )
        assert row is not None
        return _pause(row)

    async def resume(self, person_id: int, today: date) -> bool:
        """End the current pause: the person is back from ``today`` on. False if none."""
        async with self._db.transaction() as tx:
            removed = await tx.execute(
                "DELETE FROM pauses WHERE person_id = ? AND start_day >= ?",
                (person_id, today.isoformat()),
            )
            ended = await tx.execute(
                "UPDATE pauses SET end_day = ? WHERE person_id = ? AND start_day < ? AND"
                " (end_day IS NULL OR end_day >= ?)",
                (
                    (today - timedelta(days=1)).isoformat(),
                    person_id,
                    today.isoformat(),
                    today.isoformat(),
                ),
            )
            return bool(removed or ended)

    async def current(self, person_id: int, day: date) -> Pause | None:
        """The pause covering ``day`` or starting after it (the one /atur shows), if any."""
        row = await self._db.fetchone(
            "SELECT * FROM pauses WHERE person_id = ? AND (end_day IS NULL OR end_day >= ?)"
            " ORDER BY start_day LIMIT 1",
            (person_id, day.isoformat()),
        )
        return _pause(row) if row else None

    async def pauses_between(
        self, person_ids: Iterable[int] | None, start: date, end: date
    ) -> list[Pause]:
        """Pauses overlapping [start, end], for some people or (None) everyone."""
        sql = "SELECT * FROM pauses WHERE start_day <= ? AND (end_day IS NULL OR end_day >= ?)"
        params: list[object] = [end.isoformat(), start.isoformat()]
        if person_ids is not None:
            ids = list(person_ids)
            if not ids:
                return []
            sql += f" AND person_id IN ({','.join('?' * len(ids))})"
            params += ids
        rows = await self._db.fetchall(sql + " ORDER BY person_id, start_day", params)
        return [_pause(r) for r in rows]

    async def is_paused(self, person_id: int, day: date) -> bool:
        return bool(await self.pauses_between([person_id], day, day))
