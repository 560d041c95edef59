"""Repository of daily check-ins: the row of the day is also the check-in in progress.

Every tap of the check-in flow is written here at once (the answer, each behaviour or
budaya-malu item toggled, the note step), so the flow survives a restart of the bot: the
buttons carry the day and the step, the database holds the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.checkin.models import Answer, Checkin, NoteStatus, PersonalCounts
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

_PERSONAL_COUNTS = (
    "SELECT COUNT(note) AS notes,"
    " COALESCE(SUM(CASE WHEN malu_answered = 1 OR EXISTS (SELECT 1 FROM checkin_malu m"
    "   WHERE m.checkin_id = checkins.id) THEN 1 ELSE 0 END), 0) AS malu_days"
    " FROM checkins WHERE person_id = ?"
)
"""What /hapusdata would erase: notes, and days with a budaya-malu answer."""


def _insert_item(table: str, column: str) -> str:
    """Tick ``(item, checkin_id)``: the item row carries its check-in's person and day
    (what the summaries count by), taken from the check-in itself."""
    return (
        f"INSERT INTO {table} (checkin_id, person_id, day, {column})"
        " SELECT id, person_id, day, ? FROM checkins WHERE id = ?"
    )


def _checkin(row: Row, practised: Iterable[str], malu: Iterable[str]) -> Checkin:
    return Checkin(
        id=row["id"],
        person_id=row["person_id"],
        day=date.fromisoformat(row["day"]),
        value_id=row["value_id"],
        behaviour_id=row["behaviour_id"],
        answer=Answer(row["answer"]),
        practised=frozenset(practised),
        malu=frozenset(malu),
        malu_answered=bool(row["malu_answered"]),
        note=row["note"],
        note_behaviour_id=row["note_behaviour_id"],
        note_status=NoteStatus(row["note_status"]),
        note_suggestion_id=row["note_suggestion_id"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


class CheckinRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def checked_in(self, person_ids: Iterable[int], day: date) -> set[int]:
        """Which of these people have a check-in for their local ``day``."""
        ids = list(person_ids)
        if not ids:
            return set()
        found: set[int] = set()
        for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                f"SELECT person_id FROM checkins WHERE day = ? AND person_id IN"
                f" ({','.join('?' * len(chunk))})",
                [day.isoformat(), *chunk],
            )
            found.update(row["person_id"] for row in rows)
        return found

    # --- reading ---------------------------------------------------------------------------

    async def get(self, person_id: int, day: date) -> Checkin | None:
        """The person's check-in of ``day``, with its selections."""
        found = await self.between(person_id, day, day)
        return found[0] if found else None

    async def between(self, person_id: int, start: date, end: date) -> list[Checkin]:
        """The person's check-ins from ``start`` to ``end`` (both included), oldest first."""
        span = (person_id, start.isoformat(), end.isoformat())
        rows = await self._db.fetchall(
            "SELECT * FROM checkins WHERE person_id = ? AND day BETWEEN ? AND ? ORDER BY day",
            span,
        )
        if not rows:
            return []
        practised = await self._children("checkin_behaviours", "behaviour_id", span)
        malu = await self._children("checkin_malu", "malu_id", span)
        return [
            _checkin(row, practised.get(row["id"], ()), malu.get(row["id"], ())) for row in rows
        ]

    async def _children(
        self, table: str, column: str, span: tuple[int, str, str]
    ) -> dict[int, list[str]]:
        rows = await self._db.fetchall(
            f"SELECT checkin_id, {column} AS item FROM {table}"
            " WHERE person_id = ? AND day BETWEEN ? AND ?",
            span,
        )
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row["checkin_id"], []).append(row["item"])
        return found

    async def personal_counts(self, person_id: int) -> PersonalCounts:
        row = await self._db.fetchone(
            _PERSONAL_COUNTS,
            (person_id,),
        )
        assert row is not None
        return PersonalCounts(notes=int(row["notes"]), malu_days=int(row["malu_days"]))

    # --- the flow ---------------------------------------------------------------------------

    async def record_answer(
        self,
        person_id: int,
        day: date,
        value_id: str,
        behaviour_id: str,
        answer: Answer,
        now: datetime,
    ) -> tuple[Checkin, bool]:
        """Create the day's check-in with ``answer``, or change the answer of the existing
        one (its value and behaviour stay those of the first answer). True if created."""
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            inserted = await tx.execute(
                "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (person_id, day) DO NOTHING",
                (person_id, day.isoformat(), value_id, behaviour_id, answer.value, stamp, stamp),
            )
            created = inserted > 0
            if not created:
                await tx.execute(
                    "UPDATE checkins SET answer = ?, updated_at = ?"
                    " WHERE person_id = ? AND day = ?",
                    (answer.value, stamp, person_id, day.isoformat()),
                )
        checkin = await self.get(person_id, day)
        assert checkin is not None
        return checkin, created

    async def toggle_practised(self, checkin_id: int, behaviour_id: str, now: datetime) -> bool:
        """Tick or untick a practised behaviour; True if it is ticked now."""
        return await self._toggle(
            "checkin_behaviours", "behaviour_id", checkin_id, behaviour_id, now
        )

    async def toggle_malu(self, checkin_id: int, malu_id: str, now: datetime) -> bool:
        """Mark or unmark a budaya-malu slip; True if it is marked now."""
        return await self._toggle("checkin_malu", "malu_id", checkin_id, malu_id, now)

    async def _toggle(
        self, table: str, column: str, checkin_id: int, item: str, now: datetime
    ) -> bool:
        async with self._db.transaction() as tx:
            removed = await tx.execute(
                f"DELETE FROM {table} WHERE checkin_id = ? AND {column} = ?", (checkin_id, item)
            )
            selected = removed == 0
            if selected and not await tx.execute(_insert_item(table, column), (item, checkin_id)):
                raise LookupError(f"no check-in {checkin_id}")
            await tx.execute(
                "UPDATE checkins SET updated_at = ? WHERE id = ?", (to_iso(now), checkin_id)
            )
        return selected

    async def finish_malu(self, checkin_id: int, now: datetime) -> None:
        """The budaya-malu self-check is answered with the items marked so far (maybe none)."""
        await self._db.execute(
            "UPDATE checkins SET malu_answered = 1, updated_at = ? WHERE id = ?",
            (to_iso(now), checkin_id),
        )

    async def set_note_status(self, checkin_id: int, status: NoteStatus, now: datetime) -> None:
        await self._db.execute(
            "UPDATE checkins SET note_status = ?, note_suggestion_id = NULL, updated_at = ?"
            " WHERE id = ?",
            (status.value, to_iso(now), checkin_id),
        )

    async def save_note(
        self, checkin_id: int, note: str, suggestion_id: str | None, now: datetime
    ) -> None:
        """Store the note; with a suggestion, wait for the person's yes or no."""
        status = NoteStatus.SUGGESTED if suggestion_id else NoteStatus.DONE
        await self._db.execute(
            "UPDATE checkins SET note = ?, note_behaviour_id = NULL, note_status = ?,"
            " note_suggestion_id = ?, updated_at = ? WHERE id = ?",
            (note, status.value, suggestion_id, to_iso(now), checkin_id),
        )

    async def settle_suggestion(self, checkin_id: int, accept: bool, now: datetime) -> None:
        """Yes: the note is about the suggested behaviour, which counts as practised. No: the
        note stands on its own."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT note_suggestion_id FROM checkins WHERE id = ? AND note_status = ?",
                (checkin_id, NoteStatus.SUGGESTED.value),
            )
            if row is None:
                return  # already settled (a second tap), or no note to settle
            suggestion = row["note_suggestion_id"]
            if accept and suggestion:
                await tx.execute(
                    _insert_item("checkin_behaviours", "behaviour_id") + " ON CONFLICT DO NOTHING",
                    (suggestion, checkin_id),
                )
            await tx.execute(
                "UPDATE checkins SET note_behaviour_id = ?, note_suggestion_id = NULL,"
                " note_status = ?, updated_at = ? WHERE id = ?",
                (
                    suggestion if accept else None,
                    NoteStatus.DONE.value,
                    to_iso(now),
                    checkin_id,
                ),
            )

    async def clear_note(self, checkin_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE checkins SET note = NULL, note_behaviour_id = NULL, note_suggestion_id = NULL,"
            " note_status = ?, updated_at = ? WHERE id = ?",
            (NoteStatus.DONE.value, to_iso(now), checkin_id),
        )

    # --- personal data ----------------------------------------------------------------------

    async def erase_personal(self, person_id: int, now: datetime) -> PersonalCounts:
        """Erase the person's notes and budaya-malu answers (UU 27/2022); the answers
        (Sudah/Sebagian/Belum) and ticked behaviours stay for the aggregate counts."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                _PERSONAL_COUNTS,
                (person_id,),
            )
            assert row is not None
            await tx.execute(
                "DELETE FROM checkin_malu WHERE checkin_id IN"
                " (SELECT id FROM checkins WHERE person_id = ?)",
                (person_id,),
            )
            await tx.execute(
                "UPDATE checkins SET note = NULL, note_behaviour_id = NULL,"
                " note_suggestion_id = NULL, malu_answered = 0, updated_at = ?,"
                " note_status = CASE note_status WHEN 'suggested' THEN 'done' ELSE note_status END"
                " WHERE person_id = ?",
                (to_iso(now), person_id),
            )
        return PersonalCounts(notes=int(row["notes"]), malu_days=int(row["malu_days"]))
