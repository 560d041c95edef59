"""The SLA job of the problem flow: a periodic tick that applies :func:`check_sla` at the
clock's "now" and sends what it decided. Everything it needs is in the database, so a
restart (or a missed tick) only delays it."""

from __future__ import annotations

from datetime import timedelta

from bot.handlers.context import Context
from bot.handlers.problem_notices import deliver
from bot.problems.reminders import check_sla
from bot.problems.sla import SlaPolicy

JOB_NAME = "problem-sla"
INTERVAL = timedelta(minutes=15)


def policy_of(context: Context) -> SlaPolicy:
    settings = context.settings
    return SlaPolicy(
        remind_days=settings.problem_remind_days,
        escalate_days=settings.problem_escalate_days,
        head_remind_days=settings.problem_head_remind_days,
    )


async def run_problem_sla(context: Context) -> int:
    """Remind, escalate and remind heads as due now; how many messages went out."""
    notices = await check_sla(
        context.problems, policy_of(context), context.settings.tz, context.clock.now()
    )
    return await deliver(context, notices)


async def problem_sla_job(context: Context) -> None:
    """No problem is forgotten: the SLA tick (every ``INTERVAL``)."""
    await run_problem_sla(context)
