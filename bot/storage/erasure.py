"""Erasing what a person wrote, on their request (/hapusdata, UU 27/2022 Pasal 8).

Besides the check-in notes and budaya-malu answers (``CheckinRepository.erase_personal``):
the texts of the problems they reported (the problem stays, for the unit's counts and the
audit of what staff did; its text becomes :data:`ERASED_REPORT`), the appreciation
sentences they wrote (the appreciation stays, for the Role Model counts), their evaluation
answers, the takeaways they gave when confirming an activity (the attendance stays, for
the activity's count), the text of their innovation proposals (the proposal stays with the
KBK's decision, for the KBK's counts; its text becomes :data:`ERASED_PROPOSAL`), and their
Telegram name. ``secure_delete`` overwrites what is deleted, and the WAL is checkpointed and
truncated afterwards, so the old text survives in no file.

Kept on purpose: the rencana aksi evidence a person sent. It is the KBK's official record
of carrying out its programme, as the audit of staff actions is (README, privacy section).
"""

from __future__ import annotations

from bot.privacy import ERASED_PROPOSAL, ERASED_REPORT, WritingCounts
from bot.storage.database import Database, Row

_COUNTS = (
    "SELECT"
    " (SELECT COUNT(*) FROM problems WHERE reporter_id = :person AND description <> :erased)"
    " + (SELECT COUNT(*) FROM problem_messages m JOIN problems p ON p.id = m.problem_id"
    "    WHERE p.reporter_id = :person AND m.from_reporter = 1"
    "    AND (m.text NOT IN ('', :erased) OR m.attachment_file_id IS NOT NULL)) AS problem_texts,"
    " (SELECT COUNT(*) FROM appreciations WHERE person_id = :person AND sentence <> '')"
    "   AS appreciations,"
    " (SELECT COUNT(*) FROM evaluation_answers WHERE person_id = :person) AS evaluation_answers,"
    " (SELECT COUNT(*) FROM activity_attendance WHERE person_id = :person"
    "   AND takeaway IS NOT NULL) AS takeaways,"
    " (SELECT COUNT(*) FROM innovations WHERE person_id = :person AND text <> :proposal)"
    "   AS innovations,"
    " (SELECT COUNT(*) FROM telegram_users WHERE user_id = :account AND name_erased = 0)"
    "   AS telegram_name"
)


class ErasureRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def writings(self, person_id: int, telegram_user_id: int) -> WritingCounts:
        row = await self._db.fetchone(_COUNTS, _params(person_id, telegram_user_id))
        assert row is not None
        return _counts(row)

    async def erase_writings(self, person_id: int, telegram_user_id: int) -> WritingCounts:
        """Erase them all, in one transaction; what was erased."""
        params = _params(person_id, telegram_user_id)
        async with self._db.transaction() as tx:
            row = await tx.fetchone(_COUNTS, params)
            assert row is not None
            reported = "SELECT id FROM problems WHERE reporter_id = :person"
            await tx.execute(
                "UPDATE problems SET description = :erased, attachment_kind = NULL,"
                " attachment_file_id = NULL WHERE reporter_id = :person",
                params,
            )
            await tx.execute(
                "UPDATE problem_messages SET text = :erased, attachment_kind = NULL,"
                " attachment_file_id = NULL"
                f" WHERE from_reporter = 1 AND problem_id IN ({reported})",
                params,
            )
            # Notices still waiting carry the old text, rendered: they go.
            await tx.execute(
                f"DELETE FROM problem_outbox WHERE problem_id IN ({reported})", params
            )
            await tx.execute("DELETE FROM problem_drafts WHERE person_id = :person", params)
            await tx.execute(
                "UPDATE appreciations SET sentence = '' WHERE person_id = :person", params
            )
            await tx.execute("DELETE FROM appreciation_drafts WHERE person_id = :person", params)
            await tx.execute("DELETE FROM evaluation_answers WHERE person_id = :person", params)
            await tx.execute(
                "UPDATE activity_attendance SET takeaway = NULL"
                " WHERE person_id = :person AND takeaway IS NOT NULL",
                params,
            )
            await tx.execute(
                "UPDATE innovations SET text = :proposal"
                " WHERE person_id = :person AND text <> :proposal",
                params,
            )
            await tx.execute(
                "UPDATE telegram_users SET first_name = '', last_name = NULL, username = NULL,"
                " name_erased = 1 WHERE user_id = :account",
                params,
            )
        return _counts(row)


def _params(person_id: int, telegram_user_id: int) -> dict[str, object]:
    return {
        "person": person_id,
        "account": telegram_user_id,
        "erased": ERASED_REPORT,
        "proposal": ERASED_PROPOSAL,
    }


def _counts(row: Row) -> WritingCounts:
    return WritingCounts(
        problem_texts=row["problem_texts"],
        appreciations=row["appreciations"],
        evaluation_answers=row["evaluation_answers"],
        takeaways=row["takeaways"],
        innovations=row["innovations"],
        telegram_name=bool(row["telegram_name"]),
    )
