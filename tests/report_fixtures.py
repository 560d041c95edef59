"""Check-ins written straight into the store, for tests of the summaries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.storage import Database

STAMP = "2026-08-01T00:00:00+00:00"


async def add_checkin(
    db: Database,
    person_id: int,
    day: date,
    value_id: str,
    answer: str,
    *,
    behaviour_id: str | None = None,
    practised: Sequence[str] = (),
    malu: Sequence[str] = (),
) -> None:
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                person_id,
                day.isoformat(),
                value_id,
                behaviour_id or f"{value_id}.1",
                answer,
                STAMP,
                STAMP,
            ),
        )
        assert row is not None
        for behaviour in practised:
            await tx.execute(
                "INSERT INTO checkin_behaviours (checkin_id, behaviour_id) VALUES (?, ?)",
                (row[0], behaviour),
            )
        for item in malu:
            await tx.execute(
                "INSERT INTO checkin_malu (checkin_id, malu_id) VALUES (?, ?)", (row[0], item)
            )
