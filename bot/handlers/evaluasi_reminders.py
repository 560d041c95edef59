"""The reminder to finish /evaluasi before its window closes: a periodic job.

:mod:`bot.evaluation.reminders` decides when; this module finds who, sends and records.
Each reminder is recorded once per person and window (``evaluation_reminders``), so the
job can run late, twice or after a restart without reminding anyone twice; someone the bot
cannot reach is recorded as such and not tried again.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from telegram.error import Forbidden, TelegramError

from bot.evaluation.reminders import reminder_due
from bot.evaluation.window import window_of
from bot.handlers.context import BotApplication, Context
from bot.handlers.evaluasi_keyboards import open_keyboard
from bot.schedule.calendar import MON_FRI
from bot.texts import evaluation as evaluation_texts

log = logging.getLogger(__name__)

JOB_NAME = "evaluation-reminders"
INTERVAL = timedelta(minutes=30)


def schedule_evaluation_reminders(app: BotApplication) -> None:
    """Register the job (from ``post_init``); everything it needs is in the database."""
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(
        evaluation_reminders_job,
        interval=INTERVAL,
        first=INTERVAL,
        name=JOB_NAME,
        job_kwargs={"misfire_grace_time": int(INTERVAL.total_seconds()), "coalesce": True},
    )


async def send_evaluation_reminders(context: Context) -> int:
    """Remind whoever is due now and has not finished; how many reminders went out."""
    settings = context.settings
    now = context.clock.now()
    local = now.astimezone(settings.tz)
    today, clock = local.date(), local.time()
    window = window_of(today, settings.evaluation_months)
    targets = await context.evaluations.reminder_targets(window.key)
    if not targets:
        return 0
    calendar = await context.calendar.calendar()
    workweeks = await context.calendar.workweeks()
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
    pauses = await context.person_settings.pauses_between([t.person_id for t in due], today, today)
    away = {p.person_id for p in pauses if p.covers(today)}
    sent = 0
    for target in due:
        if target.person_id in away:
            continue  # on leave today: a later working day of the window, if any
        try:
            await context.bot.send_message(
                target.telegram_user_id,
                evaluation_texts.reminder(window, target.answered),
                reply_markup=open_keyboard(window),
            )
        except Forbidden as error:
            await context.users.mark_unreachable(target.telegram_user_id, error.message, now)
            await context.evaluations.record_reminder(
                window.key, target.person_id, now, delivered=False
            )
            continue
        except TelegramError:
            log.warning(
                "evaluation reminder to person %s failed; will retry",
                target.person_id,
                exc_info=True,
            )
            continue
        await context.evaluations.record_reminder(
            window.key, target.person_id, now, delivered=True
        )
        sent += 1
    if sent:
        log.info("sent %d evaluation reminders for %s", sent, window.key)
    return sent


async def evaluation_reminders_job(context: Context) -> None:
    """Every ``INTERVAL``: remind who has not finished /evaluasi, when due."""
    await send_evaluation_reminders(context)
