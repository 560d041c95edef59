"""The demo's control of time: where its clock starts, the jumps to "this afternoon" and
"next morning", and the periodic jobs run at once after a jump.

The bot reads "now" from ``services.clock`` (an offset on the wall clock), so moving it
moves everything that decides by time: the day a check-in belongs to, who is due a
reminder, SLA deadlines, the weekly digest. The JobQueue keeps its real-time schedule;
after a jump the jobs are run now instead of waiting for their next tick.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.demo.history import Colleagues
from bot.evaluation.reminder_job import JOB_NAME as EVALUATION_JOB
from bot.handlers.context import BotApplication
from bot.handlers.delivery import JOB_NAME as DELIVERY_JOB
from bot.problems.sla_job import JOB_NAME as PROBLEM_SLA_JOB
from bot.reports.jobs import JOB_NAME as REPORTS_JOB
from bot.schedule.calendar import MON_FRI, WorkCalendar

log = logging.getLogger(__name__)

START_TIME = time(9, 0)
"""Local time of the demo's first moment: after the morning reminder, in office hours."""
MARGIN = timedelta(minutes=15)
"""A jump lands this long after the reminder's time, so it is surely due."""
JOBS = (DELIVERY_JOB, PROBLEM_SLA_JOB, REPORTS_JOB, EVALUATION_JOB)
"""Run after every jump, in this order: daily messages, problem SLA, scheduled reports,
the reminder to finish /evaluasi."""
SEND_WAIT = 15.0
"""How long a jump waits for the daily messages it made due to go out."""


class Jump(StrEnum):
    AFTERNOON = "sore"
    """To this working day's afternoon nudge (or the next working day's)."""
    MORNING = "pagi"
    """To the next working day's morning reminder."""


def start_day(today: date, calendar: WorkCalendar) -> date:
    """The last working day of the latest week that has one, up to ``today``: the demo
    starts there, so its first "next morning" opens a week (and brings the weekly digest)."""
    day = today
    for _ in range(31):
        following = calendar.add_working_days(day, 1, MON_FRI)
        last_of_week = following.isocalendar()[:2] != day.isocalendar()[:2]
        if calendar.is_working_day(day, MON_FRI) and last_of_week:
            return day
        day -= timedelta(days=1)
    return today


def start_moment(real_now: datetime, zone: ZoneInfo, calendar: WorkCalendar) -> datetime:
    """Where the demo's clock starts: :func:`start_day` at :data:`START_TIME`."""
    day = start_day(real_now.astimezone(zone).date(), calendar)
    return datetime.combine(day, START_TIME, tzinfo=zone)


def jump_target(
    jump: Jump,
    now: datetime,
    zone: ZoneInfo,
    calendar: WorkCalendar,
    morning: time,
    afternoon: time,
) -> datetime:
    """The moment a jump from ``now`` lands on (local working days of the Pemda)."""
    local = now.astimezone(zone)
    reminder = afternoon if jump is Jump.AFTERNOON else morning
    at = (datetime.combine(local.date(), reminder) + MARGIN).time()
    day = local.date()
    if jump is Jump.MORNING or not (calendar.is_working_day(day, MON_FRI) and local.time() < at):
        day = calendar.add_working_days(day, 1, MON_FRI)
    return datetime.combine(day, at, tzinfo=zone)


async def jump(app: BotApplication, to: Jump, colleagues: Colleagues | None = None) -> datetime:
    """Move the bot's clock to ``to``, let the ``colleagues`` check in for the time that
    passed, and run the periodic jobs now (who has checked in gets no afternoon nudge);
    the new "now"."""
    services = app.bot_data.services
    settings = services.settings
    calendar = await services.calendar.calendar()
    clock = services.clock
    target = jump_target(
        to, clock.now(), settings.tz, calendar, settings.morning_time, settings.afternoon_time
    )
    clock.set(target)
    log.info("demo clock moved to %s", target.isoformat())
    if colleagues is not None:
        added = await colleagues.catch_up(target)
        log.info("demo colleagues checked in %d times", added)
    await run_jobs(app)
    return clock.now()


async def run_jobs(app: BotApplication) -> None:
    """Run the delivery tick, the SLA check and the scheduled reports at once."""
    if app.job_queue is None:
        raise RuntimeError("the demo needs PTB's JobQueue (python-telegram-bot[job-queue])")
    for name in JOBS:
        for job in app.job_queue.get_jobs_by_name(name):
            await job.run(app)
    try:
        async with asyncio.timeout(SEND_WAIT):
            await app.bot_data.services.dispatcher.idle()
    except TimeoutError:
        log.warning("daily messages still going out %.0f s after the jump", SEND_WAIT)
