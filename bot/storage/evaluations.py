"""Repository of the self-assessment: questionnaires, their answers, and the reminders sent.

Results leave this module as aggregates only (:class:`~bot.evaluation.results.ScoreRow`),
never one person's answers; a person's own answers are read only for that person.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from bot.evaluation.models import Evaluation, ReminderTarget
from bot.evaluation.results import ScoreRow
from bot.storage.database import Database, Row
from bot.storage.timestamps import from_iso, to_iso

_AGGREGATE = "a.criterion_id, COUNT(*) AS respondents, SUM(a.score) AS total"
_ANSWERS_OF_WINDOW = (
    " FROM evaluations e JOIN evaluation_answers a ON a.evaluation_id = e.id"
    " WHERE e.window_key = ?"
)
"""One answer per questionnaire and criterion, one questionnaire per person and window:
COUNT(*) is the number of distinct respondents."""


def _evaluation(row: Row, scores: dict[str, int]) -> Evaluation:
    return Evaluation(
        id=row["id"],
        person_id=row["person_id"],
        window_key=row["window_key"],
        unit_id=row["unit_id"],
        leading=bool(row["leading"]),
        started_at=from_iso(row["started_at"]),
        finished_at=from_iso(row["finished_at"]) if row["finished_at"] else None,
        scores=scores,
    )


def _score(row: Row) -> ScoreRow:
    # SUM of an integer column may come back as a Decimal (PostgreSQL's numeric for bigint).
    return ScoreRow(row["criterion_id"], int(row["respondents"]), int(row["total"]))


class EvaluationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- One person's questionnaire ------------------------------------------------------

    async def get(self, person_id: int, window_key: str) -> Evaluation | None:
        """The person's questionnaire of the window with its answers, if started."""
        row = await self._db.fetchone(
            "SELECT * FROM evaluations WHERE person_id = ? AND window_key = ?",
            (person_id, window_key),
        )
        if row is None:
            return None
        answers = await self._db.fetchall(
            "SELECT criterion_id, score FROM evaluation_answers WHERE evaluation_id = ?",
            (row["id"],),
        )
        return _evaluation(row, {a["criterion_id"]: a["score"] for a in answers})

    async def start(
        self, person_id: int, window_key: str, unit_id: int, leading: bool, now: datetime
    ) -> Evaluation:
        """The person's questionnaire of the window, started now unless it already was."""
        await self._db.execute(  # "leading" is a reserved word of PostgreSQL: quoted
            'INSERT INTO evaluations (person_id, window_key, unit_id, "leading", started_at)'
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, window_key) DO NOTHING",
            (person_id, window_key, unit_id, int(leading), to_iso(now)),
        )
        started = await self.get(person_id, window_key)
        assert started is not None
        return started

    async def answer(
        self, evaluation_id: int, criterion_id: str, score: int, now: datetime
    ) -> None:
        """Record (or change) one answer, at once: an interruption loses nothing."""
        if not 1 <= score <= 5:
            raise ValueError(f"score must be 1-5, not {score}")
        changed = await self._db.execute(
            "INSERT INTO evaluation_answers (evaluation_id, criterion_id, person_id, score,"
            " answered_at) SELECT id, ?, person_id, ?, ? FROM evaluations WHERE id = ?"
            " ON CONFLICT (evaluation_id, criterion_id) DO UPDATE SET"
            " score = excluded.score, answered_at = excluded.answered_at",
            (criterion_id, score, to_iso(now), evaluation_id),
        )
        if not changed:
            raise LookupError(f"no evaluation with id {evaluation_id}")

    async def finish(self, evaluation_id: int, now: datetime) -> bool:
        """Mark the questionnaire finished; False if it already was."""
        changed = await self._db.execute(
            "UPDATE evaluations SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
            (to_iso(now), evaluation_id),
        )
        return changed > 0

    # --- Aggregates for the reports --------------------------------------------------------

    async def scores(self, window_key: str, unit_id: int | None = None) -> list[ScoreRow]:
        """Per criterion, respondents and the sum of their scores: of one unit, or of all."""
        sql = f"SELECT {_AGGREGATE}{_ANSWERS_OF_WINDOW}"
        params: list[object] = [window_key]
        if unit_id is not None:
            sql += " AND e.unit_id = ?"
            params.append(unit_id)
        rows = await self._db.fetchall(sql + " GROUP BY a.criterion_id", params)
        return [_score(r) for r in rows]

    async def scores_by_unit(self, window_key: str) -> dict[int, list[ScoreRow]]:
        rows = await self._db.fetchall(
            f"SELECT e.unit_id, {_AGGREGATE}{_ANSWERS_OF_WINDOW}"
            " GROUP BY e.unit_id, a.criterion_id",
            (window_key,),
        )
        found: dict[int, list[ScoreRow]] = defaultdict(list)
        for r in rows:
            found[r["unit_id"]].append(_score(r))
        return dict(found)

    async def finished_by_unit(self, window_key: str) -> dict[int, int]:
        """How many finished the window's questionnaire, per unit."""
        rows = await self._db.fetchall(
            "SELECT unit_id, COUNT(*) AS n FROM evaluations"
            " WHERE window_key = ? AND finished_at IS NOT NULL GROUP BY unit_id",
            (window_key,),
        )
        return {r["unit_id"]: r["n"] for r in rows}

    async def registered_by_unit(self) -> dict[int, int]:
        """Active people bound to Telegram, per unit: who could answer."""
        rows = await self._db.fetchall(
            "SELECT unit_id, COUNT(*) AS n FROM people"
            " WHERE active = 1 AND telegram_user_id IS NOT NULL GROUP BY unit_id"
        )
        return {r["unit_id"]: r["n"] for r in rows}

    # --- Reminders ---------------------------------------------------------------------------

    async def reminder_targets(self, window_key: str) -> list[ReminderTarget]:
        """Active, registered, reachable people who have not finished the window's
        questionnaire and have not been reminded of it yet."""
        rows = await self._db.fetchall(
            "SELECT p.id, p.telegram_user_id, p.unit_id,"
            " (SELECT COUNT(*) FROM evaluation_answers a WHERE a.evaluation_id = e.id)"
            " AS answered"
            " FROM people p"
            " LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
            " LEFT JOIN evaluations e ON e.person_id = p.id AND e.window_key = ?"
            " LEFT JOIN evaluation_reminders r ON r.person_id = p.id AND r.window_key = ?"
            " WHERE p.active = 1 AND p.telegram_user_id IS NOT NULL"
            " AND t.unreachable_since IS NULL AND e.finished_at IS NULL"
            " AND r.person_id IS NULL ORDER BY p.id",
            (window_key, window_key),
        )
        return [
            ReminderTarget(r["id"], r["telegram_user_id"], r["unit_id"], r["answered"])
            for r in rows
        ]

    async def record_reminder(
        self, window_key: str, person_id: int, now: datetime, *, delivered: bool
    ) -> bool:
        """Remember the reminder went out (or could not: the person is unreachable);
        False if one was already recorded."""
        changed = await self._db.execute(
            "INSERT INTO evaluation_reminders (window_key, person_id, sent_at, outcome)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (window_key, person_id, to_iso(now), "sent" if delivered else "unreachable"),
        )
        return changed > 0
