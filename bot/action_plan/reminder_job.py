"""The owners' reminder before an item's month ends. Entered by a periodic job with the
clock's "now"; what was reminded is recorded on the item, so a second run or a restart
reminds nobody twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.action_plan.models import PlanItem
from bot.action_plan.ports import PlanReminders
from bot.action_plan.progress import month_end, reminder_due
from bot.org.ports import PersonById

log = logging.getLogger(__name__)

JOB_NAME = "action-plan-reminders"
INTERVAL = timedelta(hours=1)


class PlanReminderSender(Protocol):
    async def remind(self, telegram_user_id: int, item: PlanItem, days_left: int) -> bool:
        """Send the reminder; False if it could not be delivered (retried next run)."""
        ...


async def remind_owners(
    plans: PlanReminders,
    org: PersonById,
    sender: PlanReminderSender,
    now: datetime,
    zone: ZoneInfo,
) -> int:
    """Remind the owner of every open item whose month ends within the reminder window."""
    today = now.astimezone(zone).date()
    sent = 0
    for item in await plans.open_items():
        if not reminder_due(item, now, zone) or item.owner_id is None:
            continue
        owner = await org.person(item.owner_id)
        if owner is None or not owner.active or owner.telegram_user_id is None:
            continue
        days_left = (month_end(item.year, item.month) - today).days
        if await sender.remind(owner.telegram_user_id, item, days_left):
            await plans.mark_reminded(item, now)
            sent += 1
    if sent:
        log.info("reminded %d rencana aksi owners", sent)
    return sent
