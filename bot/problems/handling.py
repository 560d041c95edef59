"""The Agen Perubahan's side: take a problem up, resolve it, or refuse it with a reason;
write alternative solutions before escalating (see :mod:`bot.problems.escalation`)."""

from __future__ import annotations

from datetime import datetime

from bot.org.models import Person
from bot.problems.desk import (
    Outcome,
    ProblemDesk,
    Result,
    handler_of,
    may_work,
    refuse,
    reporter_to_tell,
    staff_problem,
)
from bot.problems.models import Action, ActorRole, Notice, NoticeKind
from bot.problems.status import may_talk, next_status

_NOTICE_FOR = {
    Action.TAKE_UP: NoticeKind.TAKEN_UP,
    Action.RESOLVE: NoticeKind.RESOLVED,
    Action.REJECT: NoticeKind.REJECTED,
}


async def act(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    action: Action,
    now: datetime,
    *,
    reason: str = "",
) -> Result:
    """Take up, resolve or reject (with ``reason``) a problem; the reporter is told."""
    if action not in _NOTICE_FOR:
        raise ValueError(f"{action} is not a staff action")
    found = await staff_problem(desk, person, telegram_user_id, problem_id, action, now)
    if isinstance(found, Result):
        return found
    assert person is not None
    moved = await desk.problems.transition(
        found,
        action,
        next_status(found.status, action),
        actor_id=person.id,
        actor_role=ActorRole.HANDLER,
        now=now,
        detail=reason,
        handler_id=person.id,
    )
    if moved is None:
        fresh = await desk.problems.get(found.id)
        return Result(Outcome.STALE, fresh, by=await handler_of(desk, fresh or found))
    notice = Notice(
        _NOTICE_FOR[action], moved, await reporter_to_tell(desk, moved), actor=person, text=reason
    )
    return Result(Outcome.DONE, moved, (notice,))


async def start_escalation(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> Result:
    """Begin writing alternative solutions: any left from an abandoned attempt are dropped."""
    found = await staff_problem(desk, person, telegram_user_id, problem_id, Action.ESCALATE, now)
    if isinstance(found, Result):
        return found
    assert person is not None
    await desk.escalations.drop_draft_solutions(found.id, person.id)
    return Result(Outcome.DONE, found)


async def add_solution(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    text: str,
    now: datetime,
) -> Result:
    """One more alternative solution for the escalation being written."""
    found = await staff_problem(desk, person, telegram_user_id, problem_id, Action.ESCALATE, now)
    if isinstance(found, Result):
        return found
    assert person is not None
    added = await desk.escalations.add_draft_solution(found.id, person.id, text, now)
    solutions = tuple(await desk.escalations.draft_solutions(found.id, person.id))
    outcome = Outcome.DONE if added else Outcome.FULL
    return Result(outcome, found, solutions=solutions)


async def ready_to(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    action: Action,
    now: datetime,
) -> Result:
    """Whether the person may do ``action`` now (before asking them for its text)."""
    found = await staff_problem(desk, person, telegram_user_id, problem_id, action, now)
    return found if isinstance(found, Result) else Result(Outcome.DONE, found)


async def ready_to_reply(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> Result:
    """Whether the person may write to the reporter of this problem now."""
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    if not may_work(desk, person, problem):
        return await refuse(desk, person, telegram_user_id, problem, "reply", now)
    if not may_talk(problem.status):
        return Result(Outcome.STALE, problem, by=await handler_of(desk, problem))
    return Result(Outcome.DONE, problem)
