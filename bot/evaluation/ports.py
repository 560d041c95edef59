"""What the evaluation reminder and the results read through storage
(``bot.storage.evaluations``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.evaluation.models import ReminderTarget
from bot.evaluation.results import ScoreRow


class EvaluationReminders(Protocol):
    async def record_reminder(
        self, window_key: str, person_id: int, now: datetime, *, delivered: bool
    ) -> bool: ...

    async def reminder_targets(self, window_key: str) -> list[ReminderTarget]: ...


class EvaluationScores(Protocol):
    async def finished_by_unit(self, window_key: str) -> dict[int, int]: ...

    async def registered_by_unit(self) -> dict[int, int]: ...

    async def scores(self, window_key: str, unit_id: int | None = None) -> list[ScoreRow]: ...

    async def scores_by_unit(self, window_key: str) -> dict[int, list[ScoreRow]]: ...
