"""What the delivery dispatcher reads and writes through storage: the delivery log, who
checked in, and which Telegram accounts cannot be reached."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

from bot.delivery.due import Due, Recipient
from bot.delivery.models import Claim, Delivery, Interrupted, Status


class DeliveryLog(Protocol):
    async def add(self, dues: Iterable[tuple[Due, Status, str | None]], now: datetime) -> int: ...

    async def claim(self, delivery_id: int, now: datetime) -> Claim: ...

    async def expire(self, now: datetime) -> int: ...

    async def finish(
        self, delivery_id: int, status: Status, now: datetime, detail: str | None = None
    ) -> None: ...

    async def flush(self) -> None: ...

    async def interrupted(self, now: datetime) -> Interrupted: ...

    async def note(self, delivery_id: int, detail: str, now: datetime) -> None: ...

    async def on_dates(self, days: Iterable[date]) -> list[Delivery]: ...

    async def recipients(self) -> list[Recipient]: ...

    async def release(self, delivery_id: int, detail: str, now: datetime) -> None: ...


class CheckedIn(Protocol):
    async def checked_in(self, person_ids: Iterable[int], day: date) -> set[int]: ...


class Unreachable(Protocol):
    async def mark_unreachable(self, user_id: int, reason: str, now: datetime) -> bool: ...
