"""What the check-in journal reads and writes through storage (``bot.storage.checkins``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.checkin.models import Answer, Checkin


class JournalCheckins(Protocol):
    async def between(self, person_id: int, start: date, end: date) -> list[Checkin]: ...

    async def record_answer(
        self,
        person_id: int,
        day: date,
        value_id: str,
        behaviour_id: str,
        answer: Answer,
        now: datetime,
    ) -> tuple[Checkin, bool]: ...
