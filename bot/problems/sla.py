"""No problem is forgotten: when to remind, when to escalate on its own. Pure decisions.

Deadlines count working days of the unit (weekends, national holidays, cuti bersama and the
Pemda's own days excluded) from the moment a wait began, at the same time of day: a problem
reported on Monday 10:00 with 2 days is due on Wednesday 10:00. Nobody is written to at
night or on a day off: the SLA acts only on working days during office hours, so a problem
due on Saturday is reminded on Monday morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum
from zoneinfo import ZoneInfo

from bot.problems.models import Escalation, Problem, Status
from bot.schedule.calendar import WorkCalendar

OFFICE_START = time(7, 0)
OFFICE_END = time(17, 0)


@dataclass(frozen=True)
class SlaPolicy:
    remind_days: int
    """N: a problem not taken up for this many working days reminds its Agen Perubahan."""
    escalate_days: int
    """M: ... and after this many it escalates to the KBK Ketua on its own."""
    head_remind_days: int
    """K: an escalation unanswered this long reminds its addressees (again every K days)."""


class Step(Enum):
    NONE = "none"
    REMIND = "remind"
    ESCALATE = "escalate"


def due(
    start: datetime,
    days: int,
    calendar: WorkCalendar,
    workweek: frozenset[int],
    tz: ZoneInfo,
) -> datetime:
    """``days`` working days after ``start``, at the same local time of day."""
    local = start.astimezone(tz)
    day = calendar.add_working_days(local.date(), days, workweek)
    return datetime.combine(day, local.time(), tzinfo=tz)


def office_open(
    now: datetime, calendar: WorkCalendar, workweek: frozenset[int], tz: ZoneInfo
) -> bool:
    """A working day of the unit, during office hours (when the SLA may write to people)."""
    local = now.astimezone(tz)
    return calendar.is_working_day(local.date(), workweek) and (
        OFFICE_START <= local.time() < OFFICE_END
    )


def waiting_step(
    problem: Problem,
    now: datetime,
    policy: SlaPolicy,
    calendar: WorkCalendar,
    workweek: frozenset[int],
    tz: ZoneInfo,
) -> Step:
    """What the SLA does with a problem nobody has taken up (status baru)."""
    if problem.status is not Status.BARU:
        return Step.NONE
    if now >= due(problem.status_since, policy.escalate_days, calendar, workweek, tz):
        return Step.ESCALATE
    if problem.reminded_at is None and now >= due(
        problem.status_since, policy.remind_days, calendar, workweek, tz
    ):
        return Step.REMIND
    return Step.NONE


def head_reminder_due(
    escalation: Escalation,
    now: datetime,
    policy: SlaPolicy,
    calendar: WorkCalendar,
    workweek: frozenset[int],
    tz: ZoneInfo,
) -> bool:
    """An open escalation K working days after it reached its level or was last reminded."""
    if not escalation.open:
        return False
    since = escalation.reminded_at or escalation.level_since
    return now >= due(since, policy.head_remind_days, calendar, workweek, tz)
