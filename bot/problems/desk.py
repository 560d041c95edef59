"""The repositories the problem flows work with, their results, and the shared checks.

Every refusal on a ticket (someone pressing a button, or sending text, for a problem they
may not touch) is written to the audit log: a forged callback for another unit's ticket
leaves a trace for the Pemda admin.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from bot import permissions
from bot.org.models import AuditEvent, PemdaRole, Person
from bot.org.ports import AuditRecorder, UnitPeople
from bot.problems.models import (
    Action,
    Desk,
    Escalation,
    Notice,
    Problem,
    Solution,
    ThreadMessage,
)
from bot.problems.ports import EscalationStore, NoticeOutbox, ProblemStore
from bot.problems.routing import Routing, problem_recipients
from bot.problems.status import allows
from bot.schedule.ports import Workweeks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProblemDesk:
    problems: ProblemStore
    escalations: EscalationStore
    org: UnitPeople
    audit: AuditRecorder
    calendar: Workweeks
    outbox: NoticeOutbox
    pemda_roles: tuple[PemdaRole, ...] = (PemdaRole.ADMIN,)
    """Who handles the problems of the Pemda desk (Bagian Organisasi, and the Inspektorat
    when ``INTEGRITY_TO_INSPEKTORAT`` is on)."""


class Outcome(Enum):
    DONE = "done"
    UNKNOWN = "unknown"
    """No such problem or escalation (a stale or forged button)."""
    NOT_ALLOWED = "not_allowed"
    """The person may not do this to this problem; refused and audited."""
    STALE = "stale"
    """The problem moved on (someone else acted first, or it is closed)."""
    NEEDS_SOLUTION = "needs_solution"
    """An escalation needs at least one alternative solution (Pasal 15 ayat (1))."""
    FULL = "full"
    """The escalation already has the maximum number of solutions."""
    HEAD_ONLY = "head_only"
    """The Ketua passes an escalation on; the head gives the direction and solution."""


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    problem: Problem | None = None
    notices: tuple[Notice, ...] = ()
    escalation: Escalation | None = None
    solutions: tuple[Solution, ...] = ()
    by: Person | None = None
    """For STALE: who handled the problem, when someone did."""


@dataclass(frozen=True)
class ProblemView:
    """A ticket with what a card shows; ``reporter`` is None when anonymous."""

    problem: Problem
    reporter: Person | None
    handler: Person | None
    messages: tuple[ThreadMessage, ...]
    escalation: Escalation | None
    solutions: tuple[Solution, ...] = field(default=())
    can_work: bool = False
    """The viewer is one of the unit's staff: the card offers the staff actions."""
    can_answer: bool = False
    """The open escalation waits on the viewer: the card offers the answer buttons."""


def reporter_actor(problem: Problem) -> int | None:
    """The reporter's id as recorded in events: none for an anonymous problem."""
    return None if problem.anonymous else problem.reporter_id


def may_work(desk: ProblemDesk, person: Person | None, problem: Problem) -> bool:
    """The unit's Agen Perubahan and KBK leaders work its problems (the Pemda desk roles the
    Pemda desk's), except their own."""
    if problem.desk is Desk.PEMDA:
        allowed = permissions.may_handle_pemda_desk(person, desk.pemda_roles)
    else:
        allowed = permissions.may_handle_problems(person, problem.unit_id)
    return allowed and person is not None and person.id != problem.reporter_id


def is_reporter(person: Person | None, problem: Problem) -> bool:
    return person is not None and person.active and person.id == problem.reporter_id


async def refuse(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem: Problem,
    what: str,
    now: datetime,
) -> Result:
    """Refuse ``what`` on ``problem`` at ``now`` and write it to the audit log.

    An anonymous reporter pressing a button of their own problem's card (they received it
    as an Agen Perubahan) is refused without a trace: an audit entry would name them.
    """
    if is_reporter(person, problem):
        return Result(Outcome.NOT_ALLOWED, problem)
    log.warning(
        "refused %s on problem %s (unit %s) to Telegram user %s",
        what,
        problem.number,
        problem.unit_id,
        telegram_user_id,
    )
    await desk.audit.record(
        AuditEvent.FORGED_CALLBACK,
        now,
        telegram_user_id=telegram_user_id,
        person_id=person.id if person else None,
        detail=f"{what} on problem {problem.number} of unit {problem.unit_id}",
    )
    return Result(Outcome.NOT_ALLOWED, problem)


async def reachable(desk: ProblemDesk, person_id: int | None) -> Person | None:
    """The person if the bot can write to them (active, registered)."""
    if person_id is None:
        return None
    person = await desk.org.person(person_id)
    return person if person and person.active and person.registered else None


async def routing(desk: ProblemDesk, problem: Problem) -> Routing:
    """Everyone ``problem`` is routed to (see :mod:`bot.problems.routing`)."""
    unit_people = await desk.org.people_of_unit(problem.unit_id)
    return problem_recipients(
        problem, unit_people, await desk.org.pemda_people(), desk.pemda_roles
    )


async def handlers_to_tell(desk: ProblemDesk, problem: Problem) -> tuple[Person, ...]:
    """Who hears the reporter's side: whoever handles it, else everyone it was routed to."""
    handler = await reachable(desk, problem.handler_id)
    if handler is not None:
        return (handler,)
    return (await routing(desk, problem)).recipients


async def reporter_to_tell(desk: ProblemDesk, problem: Problem) -> tuple[Person, ...]:
    reporter = await reachable(desk, problem.reporter_id)
    return (reporter,) if reporter else ()


async def named_reporter(desk: ProblemDesk, problem: Problem) -> Person | None:
    """The reporter for staff eyes: looked up only when the problem is not anonymous."""
    if problem.anonymous:
        return None
    return await desk.org.person(problem.reporter_id)


async def problem_view(
    desk: ProblemDesk,
    problem: Problem,
    reporter: Person | None,
    *,
    can_work: bool = False,
    can_answer: bool = False,
) -> ProblemView:
    """A ticket with its thread and latest escalation; pass ``reporter`` only if it may show."""
    escalation = await desk.escalations.latest_escalation(problem.id)
    solutions = await desk.escalations.solutions(escalation.id) if escalation else []
    handler = await desk.org.person(problem.handler_id) if problem.handler_id else None
    return ProblemView(
        problem=problem,
        reporter=reporter,
        handler=handler,
        messages=tuple(await desk.problems.messages(problem.id)),
        escalation=escalation,
        solutions=tuple(solutions),
        can_work=can_work,
        can_answer=can_answer,
    )


async def staff_problem(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    action: Action,
    now: datetime,
) -> Problem | Result:
    """The problem if ``person`` may do ``action`` to it now, else the refusal."""
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    if not may_work(desk, person, problem):
        return await refuse(desk, person, telegram_user_id, problem, action.value, now)
    if not allows(problem.status, action):
        return Result(Outcome.STALE, problem, by=await handler_of(desk, problem))
    return problem


async def handler_of(desk: ProblemDesk, problem: Problem) -> Person | None:
    return await desk.org.person(problem.handler_id) if problem.handler_id else None
