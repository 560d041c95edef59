"""An evaluation answered by a person and who still has one to finish."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Evaluation:
    id: int
    person_id: int
    window_key: str
    unit_id: int
    leading: bool
    """The leadership items are asked (fixed at the start)."""
    started_at: datetime
    finished_at: datetime | None
    scores: dict[str, int] = field(default_factory=dict)
    """Criterion id -> score 1-5, as answered so far."""

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class ReminderTarget:
    """A registered, reachable person who has not finished the window's questionnaire."""

    person_id: int
    telegram_user_id: int
    unit_id: int
    answered: int
