"""Escalation (Pasal 15): the Agen Perubahan takes a problem with alternative solutions to
the head of the unit, directly or berjenjang through the KBK Ketua; the head answers by
choosing a solution or writing a direction, and the Agen Perubahan and the reporter are told.
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
    staff_problem,
)
from bot.problems.models import (
    Action,
    Escalation,
    Level,
    Notice,
    NoticeKind,
    Problem,
    Route,
)
from bot.problems.routing import escalation_target, first_level, next_level, problem_recipients


async def _target(
    desk: ProblemDesk, problem: Problem, start: Level, exclude: list[int]
) -> tuple[Level, tuple[Person, ...]]:
    unit_people = await desk.org.people_of_unit(problem.unit_id)
    return escalation_target(start, unit_people, await desk.org.pemda_people(), exclude)


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
    level, addressees = await _target(
        desk, found, first_level(route), [found.reporter_id, person.id]
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
    )
    return Result(Outcome.DONE, problem, notices, escalation=escalation)


async def auto_escalate(desk: ProblemDesk, problem: Problem, now: datetime) -> list[Notice]:
    """The SLA: nobody took the problem up in time, so it goes to the KBK Ketua."""
    level, addressees = await _target(desk, problem, Level.KETUA, [problem.reporter_id])
    done = await desk.escalations.escalate(
        problem, Route.AUTOMATIC, level, by=None, now=now, detail=f"otomatis -> {level.value}"
    )
    if done is None:
        return []
    moved, escalation = done
    unit_people = await desk.org.people_of_unit(moved.unit_id)
    staff = problem_recipients(unit_people, moved.reporter_id).recipients
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
    ]


async def _open_escalation(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    what: str,
    now: datetime,
) -> tuple[Problem, Escalation] | Result:
    """The escalation and its problem if ``person`` is who it waits on, else the refusal."""
    escalation = await desk.escalations.escalation(escalation_id)
    problem = await desk.problems.get(escalation.problem_id) if escalation else None
    if escalation is None or problem is None:
        return Result(Outcome.UNKNOWN)
    if not permissions.may_answer_escalation(person, problem.unit_id, escalation.level):
        if not any(
            permissions.may_answer_escalation(person, problem.unit_id, level) for level in Level
        ):
            return await refuse(desk, person, telegram_user_id, problem, what, now)
        # One of the hierarchy pressing a button the escalation has moved past.
        return Result(Outcome.STALE, problem, escalation=escalation)
    if not escalation.open:
        answerer = await desk.org.person(escalation.answered_by or 0)
        return Result(Outcome.STALE, problem, escalation=escalation, by=answerer)
    return problem, escalation


async def forward(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    escalation_id: int,
    now: datetime,
) -> Result:
    """Berjenjang: the Ketua passes the escalation up to the head of the unit."""
    found = await _open_escalation(desk, person, telegram_user_id, escalation_id, "forward", now)
    if isinstance(found, Result):
        return found
    assert person is not None
    problem, escalation = found
    up = next_level(escalation.level)
    if escalation.level is not Level.KETUA or up is None:
        # Only the Ketua passes it on: the head of the unit must answer (Pasal 15 ayat (2)).
        return Result(Outcome.STALE, problem, escalation=escalation)
    level, addressees = await _target(desk, problem, up, [problem.reporter_id, person.id])
    moved = await desk.escalations.forward(escalation, level, by=person.id, now=now)
    if moved is None:
        return Result(Outcome.STALE, problem, escalation=escalation)
    notice = await _escalation_notice(desk, problem, moved, addressees, person)
    return Result(Outcome.DONE, problem, (notice,), escalation=moved)


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
    found = await _open_escalation(desk, person, telegram_user_id, escalation_id, "answer", now)
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
) -> Result:
    """Check the person may answer this open escalation (before they write a direction)."""
    found = await _open_escalation(desk, person, telegram_user_id, escalation_id, "direct", now)
    if isinstance(found, Result):
        return found
    problem, escalation = found
    return Result(Outcome.DONE, problem, escalation=escalation)
