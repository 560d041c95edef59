"""What the rencana aksi reminder and the reports read through storage
(``bot.storage.action_plans``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.action_plan.models import PlanItem


class PlanReminders(Protocol):
    async def mark_reminded(self, item: PlanItem, now: datetime) -> bool: ...

    async def open_items(self) -> list[PlanItem]: ...


class UnitPlans(Protocol):
    async def of_unit(self, unit_id: int, year: int) -> list[PlanItem]: ...
