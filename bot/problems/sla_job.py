"""The SLA job of the problem flow: a periodic tick that applies :func:`check_sla` at the
clock's "now" and sends what it decided through a :class:`NoticeSender`. Everything it
needs is in the database, so a restart (or a missed tick) only delays it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.config import Settings
from bot.problems.desk import ProblemDesk
from bot.problems.models import Notice
from bot.problems.reminders import check_sla
from bot.problems.sla import SlaPolicy

JOB_NAME = "problem-sla"
INTERVAL = timedelta(minutes=15)


class NoticeSender(Protocol):
    """How the problem flow's notices reach people (the Telegram glue implements it)."""

    async def deliver(self, notices: Sequence[Notice]) -> int:
        """Send each notice to each of its recipients; how many messages got through."""
        ...


def policy_of(settings: Settings) -> SlaPolicy:
    return SlaPolicy(
        remind_days=settings.problem_remind_days,
        escalate_days=settings.problem_escalate_days,
        head_remind_days=settings.problem_head_remind_days,
    )


async def run_problem_sla(
    desk: ProblemDesk, settings: Settings, sender: NoticeSender, now: datetime
) -> int:
    """Remind, escalate and remind heads as due now; how many messages went out."""
    notices = await check_sla(desk, policy_of(settings), settings.tz, now)
    return await sender.deliver(notices)
