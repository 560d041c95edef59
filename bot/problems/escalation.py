"""Escalation as the regulation lays it down (Bangka Selatan Pasal 15): the Agen Perubahan
takes a problem with alternative solutions to the head of the unit, directly or berjenjang
through the KBK Ketua. Only the head gives the direction and solution (ayat (2)): the Ketua
passes the escalation on, with a note if he likes, and cannot close it; the head may pass it
up to the Pemda, which answers only what reached it. When the SLA escalates a problem nobody
took up, the Agen Perubahan's draft solutions go with it. The Agen Perubahan and the
reporter are told the answer.
"""

from __future__ import annotations

from datetime import datetime

from bot import permissions
from bot.org.models import Person
from bot.problems.desk import (
    Outcome,
    ProblemDesk,
    Result,
    handlers_to_tell,
    named_reporter,
    refuse,
    reporter_to_tell,
    routing,
    staff_problem,
)
from bot.problems.models import (
    Action,
    Desk,
    Escalation,
    Level,
    Notice,
    NoticeKind,
    Problem,
    Route,
)
from bot.problems.routing import (
    LEVELS,
    escalation_target,
    first_level,
    left_out,
    next_level,
    pemda_admins,
)


async def _target(
    desk: ProblemDesk, problem: Problem, start: Level, exclude: list[int]
) -> tuple[Level, tuple[Person, ...]]:
    unit_people = await desk.org.people_of_unit(problem.unit_id)
    return escalation_target(start, unit_people, await desk.org.pemda_people(), exclude)


async def _head_missing(
    desk: ProblemDesk, problem: Problem, level: Level, addressees: tuple[Person, ...]
) -> tuple[Notice, ...]:
    """The Pemda admin is told when an escalation waits on a head nobody registered."""
    if addressees or level is not Level.KEPALA:
        return ()
    admins = tuple(pemda_admins(await desk.org.pemda_people()))
    return (Notice(NoticeKind.UNIT_LACKS_HEAD, problem, admins),) if admins else ()


async def _escalation_notice(
    desk: ProblemDesk,
    problem: Problem,
    escalation: Escalation,
    addressees: tuple[Person, ...],
    actor: Person | None,
) -> Notice:
    """The card the addressees answer: the problem, its solutions, the answer buttons."""
    return Notice(
        NoticeKind.ESCALATION,
        problem,
        addressees,
        reporter=await named_reporter(desk, problem),
        actor=actor,
        escalation=escalation,
        solutions=tuple(await desk.escalations.solutions(escalation.id)),
    )


async def escalate(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    route: Route,
    now: datetime,
) -> Result:
    """Escalate with the solutions the person wrote, directly or berjenjang."""
    found = await staff_problem(desk, person, telegram_user_id, problem_id, Action.ESCALATE, now)
    if isinstance(found, Result):
        return found
    assert person is not None
    if not await desk.escalations.draft_solutions(found.id, person.id):
        return Result(Outcome.NEEDS_SOLUTION, found)
    if found.desk is Desk.PEMDA:
        return Result(Outcome.STALE, found)  # the Pemda has no one above it to escalate to
    level, addressees = await _target(
        desk, found, first_level(route), [*left_out(found), person.id]
    )
    done = await desk.escalations.escalate(
        found, route, level, by=person.id, now=now, detail=f"{route.value} -> {level.value}"
    )
    if done is None:
        return Result(Outcome.STALE, await desk.problems.get(found.id))
    problem, escalation = done
    notices = (
        await _escalation_notice(desk, problem, escalation, addressees, person),
        Notice(
            NoticeKind.ESCALATED,
            problem,
            await reporter_to_tell(desk, problem),
            escalation=escalation,
        ),
        *await _head_missing(desk, problem, level, addressees),
    )
    return Result(Outcome.DONE, problem, notices, escalation=escalation)


async def auto_escalate(desk: ProblemDesk, problem: Problem, now: datetime) -> list[Notice]:
    """The SLA: nobody took the problem up in time, so it goes to the KBK Ketua (or the head),
    with whatever alternative solutions the Agen Perubahan had begun to write."""
    level, addressees = await _target(desk, problem, Level.KETUA, left_out(problem))
    done = await desk.escalations.escalate(
        problem, Route.AUTOMATIC, level, by=None, now=now, detail=f"otomatis -> {level.value}"
    )
    if done is None:
        return []
    moved, escalation = done
    staff = (await routing(desk, moved)).recipients
    already = {p.id for p in addressees}
    return [
        await _escalation_notice(desk, moved, escalation, addressees, None),
        Notice(
            NoticeKind.ESCALATED,
            moved,
            await reporter_to_tell(desk, moved),
            escalation=escalation,
        ),
        Notice(
            NoticeKind.AUTO_ESCALATED,
            moved,
            tuple(p for p in staff if p.id not in already),
            escalation=escalation,
        ),
        *await _head_missing(desk, moved, level, addressees),
    ]


async def _open_escalation(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    what: str,
    now: datetime,
    *,
    to_direct: bool = False,
) -> tuple[Problem, Escalation] | Result:
    """The escalation and its problem if ``person`` is who it waits on (and, ``to_direct``,
    at a level that answers rather than the Ketua's), else the refusal."""
    escalation = await desk.escalations.escalation(escalation_id)
    problem = await desk.problems.get(escalation.problem_id) if escalation else None
    if escalation is None or problem is None:
        return Result(Outcome.UNKNOWN)
    if not permissions.may_answer_escalation(person, problem.unit_id, escalation.level):
        passed = LEVELS[: LEVELS.index(escalation.level)]
        if not any(
            permissions.may_answer_escalation(person, problem.unit_id, level) for level in passed
        ):
            # Nobody above the escalation's level answers in its place (the Pemda included).
            return await refuse(desk, person, telegram_user_id, problem, what, now)
        # One of the hierarchy pressing a button the escalation has moved past.
        return Result(Outcome.STALE, problem, escalation=escalation)
    if not escalation.open:
        answerer = await desk.org.person(escalation.answered_by or 0)
        return Result(Outcome.STALE, problem, escalation=escalation, by=answerer)
    if to_direct and not permissions.may_direct(person, problem.unit_id, escalation.level):
        return Result(Outcome.HEAD_ONLY, problem, escalation=escalation)
    return problem, escalation


async def forward(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    now: datetime,
    note: str | None = None,
) -> Result:
    """Pass the escalation up with an optional note: the Ketua to the head of the unit, the
    head to the Pemda."""
    found = await _open_escalation(desk, person, telegram_user_id, escalation_id, "forward", now)
    if isinstance(found, Result):
        return found
    assert person is not None
    problem, escalation = found
    up = next_level(escalation.level)
    if escalation.level not in permissions.FORWARDING_LEVELS or up is None:
        return Result(Outcome.STALE, problem, escalation=escalation)
    level, addressees = await _target(desk, problem, up, [*left_out(problem), person.id])
    moved = await desk.escalations.forward(escalation, level, by=person.id, now=now, note=note)
    if moved is None:
        return Result(Outcome.STALE, problem, escalation=escalation)
    notices = (
        await _escalation_notice(desk, problem, moved, addressees, person),
        *await _head_missing(desk, problem, level, addressees),
    )
    return Result(Outcome.DONE, problem, notices, escalation=moved)


async def answer(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    now: datetime,
    *,
    solution_id: int | None = None,
    direction: str | None = None,
) -> Result:
    """The head's answer: one of the proposed solutions, or a written direction."""
    if (solution_id is None) == (direction is None):
        raise ValueError("answer with a solution or a direction")
    found = await _open_escalation(
        desk, person, telegram_user_id, escalation_id, "answer", now, to_direct=True
    )
    if isinstance(found, Result):
        return found
    assert person is not None
    problem, escalation = found
    solutions = await desk.escalations.solutions(escalation.id)
    chosen = tuple(s for s in solutions if s.id == solution_id)
    if solution_id is not None and not chosen:
        return await refuse(desk, person, telegram_user_id, problem, "foreign solution", now)
    done = await desk.escalations.answer(
        problem, escalation, by=person.id, solution_id=solution_id, direction=direction, now=now
    )
    if done is None:
        return Result(Outcome.STALE, problem, escalation=escalation)
    moved, answered = done
    notices = (
        Notice(
            NoticeKind.ANSWERED,
            moved,
            await handlers_to_tell(desk, moved),
            actor=person,
            escalation=answered,
            solutions=chosen,
            text=direction or "",
        ),
        Notice(
            NoticeKind.ANSWER_TO_REPORTER,
            moved,
            await reporter_to_tell(desk, moved),
            actor=person,
            escalation=answered,
            solutions=chosen,
            text=direction or "",
        ),
    )
    return Result(Outcome.DONE, moved, notices, escalation=answered, solutions=chosen)


async def waiting_on(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    now: datetime,
    *,
    to_direct: bool = True,
) -> Result:
    """Check the person may act on this open escalation before they type: a direction
    (``to_direct``, the head only) or a note to pass it on with."""
    found = await _open_escalation(
        desk, person, telegram_user_id, escalation_id, "direct", now, to_direct=to_direct
    )
    if isinstance(found, Result):
        return found
    problem, escalation = found
    return Result(Outcome.DONE, problem, escalation=escalation)
