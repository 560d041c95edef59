"""The reminder to finish /evaluasi before its window closes: a periodic job.

:mod:`bot.evaluation.reminders` decides when; this module finds who, sends through a
:class:`ReminderSender` (the Telegram glue implements it) and records. Each reminder is
recorded once per person and window (``evaluation_reminders``), so the job can run late,
twice or after a restart without reminding anyone twice; someone the bot cannot reach is
recorded as such and not tried again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Protocol

from bot.config import Settings
from bot.evaluation.ports import EvaluationReminders
from bot.evaluation.reminders import reminder_due
from bot.evaluation.window import Window, window_of
from bot.schedule.calendar import MON_FRI
from bot.schedule.ports import Pauses, Workweeks

log = logging.getLogger(__name__)

JOB_NAME = "evaluation-reminders"
INTERVAL = timedelta(minutes=30)


class Sent(Enum):
    DELIVERED = "delivered"
    UNREACHABLE = "unreachable"
    """The person blocked the bot: recorded, not tried again."""
    FAILED = "failed"
    """A passing fault: tried again at a later tick."""


class ReminderSender(Protocol):
    async def remind(self, telegram_user_id: int, window: Window, answered: int) -> Sent:
        """Remind one person, who has answered ``answered`` questions of ``window``."""
        ...


@dataclass(frozen=True)
class ReminderSources:
    evaluations: EvaluationReminders
    calendar: Workweeks
    person_settings: Pauses


async def send_evaluation_reminders(
    sources: ReminderSources, settings: Settings, sender: ReminderSender, now: datetime
) -> int:
    """Remind whoever is due now and has not finished; how many reminders went out."""
    local = now.astimezone(settings.tz)
    today, clock = local.date(), local.time()
    window = window_of(today, settings.evaluation_months)
    targets = await sources.evaluations.reminder_targets(window.key)
    if not targets:
        return 0
    calendar = await sources.calendar.calendar()
    workweeks = await sources.calendar.workweeks()
    working: dict[frozenset[int], list[date]] = {}
    due_units: dict[int, bool] = {}
    for unit_id in {t.unit_id for t in targets}:
        week = workweeks.get(unit_id, MON_FRI)
        if week not in working:
            working[week] = calendar.working_days(window.start, window.end, week)
        due_units[unit_id] = reminder_due(
            window,
            working[week],
            today,
            clock,
            settings.evaluation_remind_days,
            settings.morning_time,
        )
    due = [t for t in targets if due_units[t.unit_id]]
    if not due:
        return 0
    pauses = await sources.person_settings.pauses_between([t.person_id for t in due], today, today)
    away = {p.person_id for p in pauses if p.covers(today)}
    sent = 0
    for target in due:
        if target.person_id in away:
            continue  # on leave today: a later working day of the window, if any
        outcome = await sender.remind(target.telegram_user_id, window, target.answered)
        if outcome is Sent.FAILED:
            continue  # tried again at the next tick
        delivered = outcome is Sent.DELIVERED
        await sources.evaluations.record_reminder(
            window.key, target.person_id, now, delivered=delivered
        )
        sent += delivered
    if sent:
        log.info("sent %d evaluation reminders for %s", sent, window.key)
    return sent
