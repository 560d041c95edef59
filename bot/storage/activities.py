"""Repository of the KBK's activities, attendance, pledges and innovation proposals."""

from __future__ import annotations

from datetime import datetime

from bot.activities.models import (
    Activity,
    ActivityKind,
    Innovation,
    InnovationStatus,
    NewActivity,
)
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

_ACTIVITY = "SELECT a.* FROM activities a"


def _activity(row: Row) -> Activity:
    return Activity(
        id=row["id"],
        unit_id=row["unit_id"],
        kind=ActivityKind(row["kind"]),
        title=row["title"],
        starts_at=from_iso(row["starts_at"]),
        place=row["place"],
        announced_by=row["announced_by"],
        announced_at=from_iso(row["announced_at"]),
    )


def _innovation(row: Row) -> Innovation:
    return Innovation(
        id=row["id"],
        unit_id=row["unit_id"],
        person_id=row["person_id"],
        text=row["text"],
        status=InnovationStatus(row["status"]),
        created_at=from_iso(row["created_at"]),
        reviewed_by=row["reviewed_by"],
        reviewed_at=from_iso(row["reviewed_at"]) if row["reviewed_at"] else None,
    )


class ActivityRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- Activities and attendance ---------------------------------------------------------

    async def announce(
        self, unit_id: int, activity: NewActivity, by: int, now: datetime
    ) -> Activity:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO activities (unit_id, kind, title, starts_at, place, announced_by,"
                " announced_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (unit_id, activity.kind.value, activity.title, to_iso(activity.starts_at),
                 activity.place, by, to_iso(now)),
            )  # fmt: skip
        assert row is not None
        found = await self.activity(int(row[0]))
        assert found is not None
        return found

    async def activity(self, activity_id: int) -> Activity | None:
        row = await self._db.fetchone(f"{_ACTIVITY} WHERE a.id = ?", (activity_id,))
        return _activity(row) if row else None

    async def of_unit(self, unit_id: int, start: datetime, end: datetime) -> list[Activity]:
        """The unit's activities taking place in [start, end)."""
        rows = await self._db.fetchall(
            f"{_ACTIVITY} WHERE a.unit_id = ? AND a.starts_at >= ? AND a.starts_at < ?"
            " ORDER BY a.starts_at, a.id",
            (unit_id, to_iso(start), to_iso(end)),
        )
        return [_activity(row) for row in rows]

    async def attend(self, activity: Activity, person_id: int, now: datetime) -> bool:
        """Record attendance; False if already recorded."""
        changed = await self._db.execute(
            "INSERT INTO activity_attendance (activity_id, person_id, at)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (activity.id, person_id, to_iso(now)),
        )
        return changed == 1

    async def attended(self, activity_id: int, person_id: int) -> bool:
        found = await self._db.fetchval(
            "SELECT 1 FROM activity_attendance WHERE activity_id = ? AND person_id = ?",
            (activity_id, person_id),
        )
        return found is not None

    async def set_takeaway(self, activity_id: int, person_id: int, text: str) -> bool:
        changed = await self._db.execute(
            "UPDATE activity_attendance SET takeaway = ? WHERE activity_id = ? AND person_id = ?",
            (text, activity_id, person_id),
        )
        return changed == 1

    async def takeaways(self, activity_id: int) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT takeaway FROM activity_attendance WHERE activity_id = ?"
            " AND takeaway IS NOT NULL ORDER BY at",
            (activity_id,),
        )
        return [row["takeaway"] for row in rows]

    async def attendance_times(self, activity_ids: list[int]) -> list[tuple[int, datetime]]:
        """(activity, when the attendance was confirmed) of every attendance of the activities."""
        if not activity_ids:
            return []
        marks = ",".join("?" * len(activity_ids))
        rows = await self._db.fetchall(
            f"SELECT activity_id, at FROM activity_attendance WHERE activity_id IN ({marks})",
            activity_ids,
        )
        return [(row["activity_id"], from_iso(row["at"])) for row in rows]

    # --- The yearly pledge --------------------------------------------------------------------

    async def pledge(self, person_id: int, unit_id: int, year: int, now: datetime) -> bool:
        """Record the person's pledge of ``year``; False if they already pledged."""
        changed = await self._db.execute(
            "INSERT INTO pledges (person_id, year, unit_id, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (person_id, year, unit_id, to_iso(now)),
        )
        return changed == 1

    async def pledged_at(self, person_id: int, year: int) -> datetime | None:
        found = await self._db.fetchval(
            "SELECT at FROM pledges WHERE person_id = ? AND year = ?", (person_id, year)
        )
        return from_iso(found) if found else None

    async def pledge_times(self, unit_id: int, year: int) -> list[datetime]:
        """When each pledge of ``year`` in the unit was made."""
        rows = await self._db.fetchall(
            "SELECT at FROM pledges WHERE unit_id = ? AND year = ?", (unit_id, year)
        )
        return [from_iso(row["at"]) for row in rows]

    # --- Innovation proposals ---------------------------------------------------------------

    async def propose(self, unit_id: int, person_id: int, text: str, now: datetime) -> Innovation:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO innovations (unit_id, person_id, text, created_at)"
                " VALUES (?, ?, ?, ?) RETURNING *",
                (unit_id, person_id, text, to_iso(now)),
            )
        assert row is not None
        return _innovation(row)

    async def innovation(self, innovation_id: int) -> Innovation | None:
        row = await self._db.fetchone("SELECT * FROM innovations WHERE id = ?", (innovation_id,))
        return _innovation(row) if row else None

    async def review(
        self, innovation: Innovation, status: InnovationStatus, by: int, now: datetime
    ) -> Innovation | None:
        """The KBK's decision on a proposal still waiting; None if decided meanwhile."""
        changed = await self._db.execute(
            "UPDATE innovations SET status = ?, reviewed_by = ?, reviewed_at = ?"
            " WHERE id = ? AND status = 'diajukan'",
            (status.value, by, to_iso(now), innovation.id),
        )
        return await self.innovation(innovation.id) if changed else None

    async def innovations_of_unit(
        self, unit_id: int, start: datetime, end: datetime
    ) -> list[Innovation]:
        rows = await self._db.fetchall(
            "SELECT * FROM innovations WHERE unit_id = ? AND created_at >= ? AND created_at < ?"
            " ORDER BY id",
            (unit_id, to_iso(start), to_iso(end)),
        )
        return [_innovation(row) for row in rows]
