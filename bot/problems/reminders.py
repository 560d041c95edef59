"""The SLA run: remind, escalate on its own, remind the head. Called by a periodic job with
the clock's "now" (and by tests, after moving the clock); returns the notices to send."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.problems.desk import ProblemDesk, named_reporter, routing
from bot.problems.escalation import auto_escalate
from bot.problems.models import Desk, Notice, NoticeKind, Status
from bot.problems.routing import addressees, left_out
from bot.problems.sla import SlaPolicy, Step, head_reminder_due, office_open, waiting_step
from bot.schedule.calendar import MON_FRI

log = logging.getLogger(__name__)


async def check_sla(
    desk: ProblemDesk, policy: SlaPolicy, tz: ZoneInfo, now: datetime
) -> list[Notice]:
    """Apply the SLA to every waiting problem and open escalation at ``now``."""
    calendar = await desk.calendar.calendar()
    weeks = await desk.calendar.workweeks()
    notices: list[Notice] = []
    for problem in await desk.problems.with_status(Status.BARU):
        week = weeks.get(problem.unit_id, MON_FRI)
        if not office_open(now, calendar, week, tz):
            continue
        step = waiting_step(problem, now, policy, calendar, week, tz)
        if step is Step.ESCALATE and problem.desk is Desk.PEMDA:
            step = Step.REMIND if problem.reminded_at is None else Step.NONE
        if step is Step.ESCALATE:
            log.info("problem %s not taken up in time: escalating", problem.number)
            notices += await auto_escalate(desk, problem, now)
        elif step is Step.REMIND:
            log.info("problem %s not taken up yet: reminding", problem.number)
            await desk.problems.mark_reminded(problem, now)
            staff = (await routing(desk, problem)).recipients
            notices.append(Notice(NoticeKind.SLA_REMINDER, problem, staff))
    pemda = await desk.org.pemda_people()
    for escalation in await desk.escalations.open_escalations():
        escalated = await desk.problems.get(escalation.problem_id)
        if escalated is None:
            continue
        week = weeks.get(escalated.unit_id, MON_FRI)
        if not office_open(now, calendar, week, tz):
            continue
        if not head_reminder_due(escalation, now, policy, calendar, week, tz):
            continue
        log.info(
            "escalation of %s unanswered: reminding the %s", escalated.number, escalation.level
        )
        await desk.escalations.mark_head_reminded(escalation, now)
        unit_people = await desk.org.people_of_unit(escalated.unit_id)
        heads = addressees(escalation.level, unit_people, pemda, left_out(escalated))
        notices.append(
            Notice(
                NoticeKind.HEAD_REMINDER,
                escalated,
                tuple(heads),
                reporter=await named_reporter(desk, escalated),
                escalation=escalation,
                solutions=tuple(await desk.escalations.solutions(escalation.id)),
            )
        )
    return notices
