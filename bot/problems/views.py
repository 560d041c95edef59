"""Who may read a ticket, and what they see: the reporter their own; the unit's Agen
Perubahan and KBK leaders their unit's; whoever an escalation waits on; the Pemda only the
problems escalated to it. Everyone else is refused, and the attempt audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import permissions
from bot.org.models import Person
from bot.problems.desk import (
    Outcome,
    ProblemDesk,
    ProblemView,
    Result,
    is_reporter,
    may_work,
    named_reporter,
    problem_view,
    refuse,
)
from bot.problems.models import Escalation, Order, Problem, UnitCounts


async def reporter_view(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> ProblemView | Result:
    """The reporter's own ticket."""
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    if not is_reporter(person, problem):
        return await refuse(desk, person, telegram_user_id, problem, "reporter view", now)
    return await problem_view(desk, problem, reporter=person)


async def staff_view(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> ProblemView | Result:
    """A ticket as staff or the head see it (the reporter hidden when anonymous)."""
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    can_work = may_work(desk, person, problem)
    escalation = await desk.escalations.latest_escalation(problem.id)
    can_answer = (
        escalation is not None
        and escalation.open
        and permissions.may_answer_escalation(person, problem.unit_id, escalation.level)
    )
    pemda_reader = permissions.may_count_problems(person) and await desk.escalations.reached_pemda(
        problem.id
    )
    if not (can_work or can_answer or pemda_reader):
        return await refuse(desk, person, telegram_user_id, problem, "view", now)
    return await problem_view(
        desk,
        problem,
        reporter=await named_reporter(desk, problem),
        can_work=can_work,
        can_answer=can_answer,
    )


@dataclass(frozen=True)
class Overview:
    """What /masalah shows a person; a part is None when it is not theirs to see."""

    unit: list[Problem] | None
    """Open problems of the person's unit (not those they reported themselves)."""
    waiting: list[tuple[Problem, Escalation]]
    """Open escalations waiting on the person's answer."""
    counts: list[UnitCounts] | None
    """Problems per unit and status: the Pemda's view, without texts."""
    pemda_desk: list[Problem] | None = None
    """Open problems of the Pemda desk, for its roles (complaints about leaders...)."""


async def overview(desk: ProblemDesk, person: Person, order: Order) -> Overview:
    unit = None
    if permissions.may_handle_problems(person, person.unit_id):
        problems = await desk.problems.of_unit(person.unit_id, order=order)
        unit = [p for p in problems if p.reporter_id != person.id]
    waiting = []
    for escalation in await desk.escalations.open_escalations():
        problem = await desk.problems.get(escalation.problem_id)
        if problem is not None and permissions.may_answer_escalation(
            person, problem.unit_id, escalation.level
        ):
            waiting.append((problem, escalation))
    counts = (
        await desk.problems.counts_by_unit() if permissions.may_count_problems(person) else None
    )
    pemda_desk = None
    if permissions.may_handle_pemda_desk(person, desk.pemda_roles):
        problems = await desk.problems.of_pemda_desk(order=order)
        pemda_desk = [p for p in problems if p.reporter_id != person.id]
    return Overview(unit, waiting, counts, pemda_desk)
