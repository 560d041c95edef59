"""How far a KBK's rencana aksi has come, and whose item is due a reminder."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.action_plan.models import ItemStatus, PlanItem

REMIND_DAYS = 7
"""An owner is reminded this many days before the end of their item's month."""


@dataclass(frozen=True)
class Progress:
    year: int
    total: int
    by_status: dict[ItemStatus, int]
    overdue: int
    """Items of a month already over that are neither done nor cancelled."""
    with_evidence: int

    @property
    def done_share(self) -> float | None:
        """Done items as a share of those not cancelled (None without any)."""
        counted = self.total - self.by_status.get(ItemStatus.BATAL, 0)
        return self.by_status.get(ItemStatus.SELESAI, 0) / counted if counted else None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def is_overdue(item: PlanItem, today: date) -> bool:
    return not item.status.closed and month_end(item.year, item.month) < today


def progress(items: Sequence[PlanItem], year: int, today: date) -> Progress:
    mine = [i for i in items if i.year == year]
    counts = {status: sum(1 for i in mine if i.status is status) for status in ItemStatus}
    return Progress(
        year=year,
        total=len(mine),
        by_status=counts,
        overdue=sum(1 for i in mine if is_overdue(i, today)),
        with_evidence=sum(1 for i in mine if i.evidence),
    )


def reminder_due(item: PlanItem, now: datetime, zone: ZoneInfo) -> bool:
    """The owner of an open item is reminded once, in the last ``REMIND_DAYS`` days of its
    month (a bot that was down catches up until the month ends)."""
    if item.status.closed or item.owner_id is None or item.reminded_at is not None:
        return False
    today = now.astimezone(zone).date()
    end = month_end(item.year, item.month)
    return end - timedelta(days=REMIND_DAYS - 1) <= today <= end
