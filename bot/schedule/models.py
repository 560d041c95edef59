"""A person's own schedule settings and pauses (leave, duty travel...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class PersonSettings:
    """A person's own delivery settings; None fields mean the Pemda's defaults."""

    person_id: int
    morning_time: time | None = None
    afternoon_time: time | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class Pause:
    id: int
    person_id: int
    start_day: date
    end_day: date | None
    """Inclusive; None while open-ended (until the person resumes)."""
    reason: str

    def covers(self, day: date) -> bool:
        return self.start_day <= day and (self.end_day is None or day <= self.end_day)
