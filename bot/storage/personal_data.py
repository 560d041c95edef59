"""Everything the database holds about one person, for ``/dataku`` (UU 27/2022, Pasal 7).

The tables this module knows are read with their meaning (the person's row, their Telegram
account, check-ins with the behaviours and budaya-malu items ticked, pauses...). Any other
table with a ``person_id`` or ``telegram_user_id`` column (deliveries, reports, problems,
tables added later) is included as it stands, so a new feature's data is never left out of
the export by accident.
"""

from __future__ import annotations

from bot.privacy import PersonalData, Row
from bot.storage.database import Database
from bot.storage.database import Row as DbRow

PERSON_KEYS = ("person_id", "telegram_user_id")
"""Columns that tie a row of any table to a person."""

_KNOWN = frozenset(
    {
        "people",
        "telegram_users",
        "person_settings",
        "pauses",
        "checkins",
        "checkin_behaviours",
        "checkin_malu",
        "invites",
        "join_requests",
        "audit_log",
    }
)
_INTERNAL = frozenset({"schema_version", "problem_outbox"})
"""Not about the person: the bot's own bookkeeping (notices waiting to be sent)."""


def _row(row: DbRow | None) -> Row | None:
    return None if row is None else dict(row)


class PersonalDataRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def export(self, person_id: int, telegram_user_id: int) -> PersonalData:
        fetch = self._db.fetchall
        person = await self._db.fetchone(
            "SELECT p.*, u.name AS unit_name FROM people p JOIN units u ON u.id = p.unit_id"
            " WHERE p.id = ?",
            (person_id,),
        )
        account = await self._db.fetchone(
            "SELECT * FROM telegram_users WHERE user_id = ?", (telegram_user_id,)
        )
        settings = await self._db.fetchone(
            "SELECT * FROM person_settings WHERE person_id = ?", (person_id,)
        )
        pauses = await fetch(
            "SELECT * FROM pauses WHERE person_id = ? ORDER BY start_day", (person_id,)
        )
        checkins = [
            dict(r)
            for r in await fetch(
                "SELECT * FROM checkins WHERE person_id = ? ORDER BY day", (person_id,)
            )
        ]
        practised = await self._children("checkin_behaviours", "behaviour_id", person_id)
        malu = await self._children("checkin_malu", "malu_id", person_id)
        for checkin in checkins:
            checkin["practised"] = practised.get(checkin["id"], [])
            checkin["malu"] = malu.get(checkin["id"], [])
        # The invite's code hash is a secret of the roster, not data about the person.
        invites = await fetch(
            "SELECT created_at, expires_at, used_at, used_by FROM invites WHERE person_id = ?"
            " ORDER BY created_at",
            (person_id,),
        )
        # Only what this account did: someone else's request to join as this person (an
        # impostor's Telegram account) is not this person's data, and not theirs to see.
        joins = await fetch(
            "SELECT id, status, created_at, decided_at FROM join_requests"
            " WHERE telegram_user_id = ? ORDER BY created_at",
            (telegram_user_id,),
        )
        audit = await fetch(
            "SELECT at, event, detail FROM audit_log WHERE telegram_user_id = ?"
            " OR (person_id = ? AND telegram_user_id IS NULL) ORDER BY at, id",
            (telegram_user_id, person_id),
        )
        return PersonalData(
            person=_row(person),
            telegram_account=_row(account),
            settings=_row(settings),
            pauses=[dict(r) for r in pauses],
            checkins=checkins,
            invites=[dict(r) for r in invites],
            join_requests=[dict(r) for r in joins],
            audit_log=[dict(r) for r in audit],
            problems_reported=await self._problems_reported(person_id),
            appreciations_received=await self._appreciations_received(person_id),
            other=await self._other_tables(person_id, telegram_user_id),
        )

    async def _problems_reported(self, person_id: int) -> list[Row]:
        # Who handled or answered them is staff data, and not needed to know one's own
        # report; the staff's replies reached the person in the chat already.
        problems = [
            dict(r)
            for r in await self._db.fetchall(
                "SELECT id, category, description, anonymous, attachment_kind, status,"
                " created_at, updated_at FROM problems WHERE reporter_id = ? ORDER BY id",
                (person_id,),
            )
        ]
        messages = await self._db.fetchall(
            "SELECT m.problem_id, m.at, m.text, m.attachment_kind FROM problem_messages m"
            " JOIN problems p ON p.id = m.problem_id"
            " WHERE p.reporter_id = ? AND m.from_reporter = 1 ORDER BY m.id",
            (person_id,),
        )
        for problem in problems:
            problem["messages"] = [
                {k: m[k] for k in ("at", "text", "attachment_kind")}
                for m in messages
                if m["problem_id"] == problem["id"]
            ]
        return problems

    async def _appreciations_received(self, person_id: int) -> list[Row]:
        rows = await self._db.fetchall(
            "SELECT a.value_id, a.sentence, a.anonymous, a.day, a.created_at,"
            " CASE WHEN a.anonymous = 1 THEN NULL ELSE g.name END AS giver_name"
            " FROM appreciations a JOIN people g ON g.id = a.person_id"
            " WHERE a.colleague_id = ? ORDER BY a.id",
            (person_id,),
        )
        return [dict(r) for r in rows]

    async def _children(self, table: str, column: str, person_id: int) -> dict[int, list[str]]:
        rows = await self._db.fetchall(
            f"SELECT checkin_id, {column} AS item FROM {table} WHERE person_id = ? ORDER BY item",
            (person_id,),
        )
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row["checkin_id"], []).append(row["item"])
        return found

    async def _other_tables(self, person_id: int, telegram_user_id: int) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = {}
        ids = {"person_id": person_id, "telegram_user_id": telegram_user_id}
        for name, columns in (await self._db.tables()).items():
            if name in _KNOWN or name in _INTERNAL:
                continue
            keys = [key for key in PERSON_KEYS if key in columns]
            if not keys:
                continue
            where = " OR ".join(f'"{key}" = ?' for key in keys)
            rows = await self._db.fetchall(
                f'SELECT * FROM "{name}" WHERE {where}', [ids[key] for key in keys]
            )
            if rows:
                # A file's bytes (a roster waiting for confirmation) are not data about
                # the person; the row says what it was.
                found[name] = [
                    {k: v for k, v in dict(r).items() if not isinstance(v, bytes)} for r in rows
                ]
        return found
