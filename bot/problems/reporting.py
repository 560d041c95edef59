"""The reporter's side: file a problem, talk in its thread, confirm the fix or reopen it.

The thread is symmetric: the reporter's messages go to whoever handles the problem, the
staff's to the reporter, always copied by the bot (never forwarded), so an anonymous
reporter stays a "pelapor" to everyone.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.org.models import Person
from bot.problems.desk import (
    Outcome,
    ProblemDesk,
    Result,
    handlers_to_tell,
    is_reporter,
    may_work,
    named_reporter,
    refuse,
    reporter_actor,
    reporter_to_tell,
    routing,
)
from bot.problems.models import (
    Action,
    ActorRole,
    Attachment,
    Category,
    Desk,
    Draft,
    Notice,
    NoticeKind,
    Status,
)
from bot.problems.routing import pemda_admins
from bot.problems.status import allows, may_talk, next_status

log = logging.getLogger(__name__)


def desk_for(category: Category, to_pemda: bool) -> Desk:
    """Complaints about leaders or integrity never go to the unit: its head would read them."""
    return Desk.PEMDA if to_pemda or category is Category.INTEGRITAS else Desk.UNIT


async def registered_in_unit(desk: ProblemDesk, unit_id: int) -> int:
    """How many people of the unit are registered: an anonymous reporter hides among them
    (below ``REPORT_MIN_PEOPLE`` they are offered the Pemda level instead)."""
    people = await desk.org.people_of_unit(unit_id)
    return sum(1 for p in people if p.active and p.registered)


async def file_report(
    desk: ProblemDesk,
    reporter: Person,
    draft: Draft,
    anonymous: bool,
    now: datetime,
    *,
    to_pemda: bool = False,
) -> Result:
    """Turn the reporter's finished draft into a ticket and route it to the unit (or to the
    Pemda desk: see :func:`desk_for`)."""
    if draft.description is None or draft.category is None:
        raise ValueError("an unfinished draft cannot be filed")
    problem = await desk.problems.create(
        unit_id=reporter.unit_id,
        reporter_id=reporter.id,
        anonymous=anonymous,
        category=draft.category,
        description=draft.description,
        attachment=draft.attachment,
        actor_id=None if anonymous else reporter.id,
        now=now,
        desk=desk_for(draft.category, to_pemda),
    )
    # Never the reporter's id in the log: the log is no place for an anonymous reporter.
    log.info("problem %s filed in unit %s", problem.number, problem.unit_id)
    routed = await routing(desk, problem)
    notices = [
        Notice(
            NoticeKind.NEW_PROBLEM,
            problem,
            routed.recipients,
            reporter=None if anonymous else reporter,
        )
    ]
    if routed.lacks_agent:
        admins = pemda_admins(await desk.org.pemda_people())
        notices.append(Notice(NoticeKind.UNIT_LACKS_AGENT, problem, tuple(admins)))
    return Result(Outcome.DONE, problem, tuple(notices))


async def post_message(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    text: str,
    attachment: Attachment | None,
    now: datetime,
) -> Result:
    """A message in the problem's thread, from the reporter or from the unit's staff.

    Staff answering a problem nobody took up takes it up.
    """
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    reporter_side = is_reporter(person, problem)
    if not reporter_side and not may_work(desk, person, problem):
        return await refuse(desk, person, telegram_user_id, problem, "thread message", now)
    assert person is not None
    if not may_talk(problem.status):
        return Result(Outcome.STALE, problem)
    if reporter_side:
        message = await desk.problems.add_message(
            problem.id,
            from_reporter=True,
            author_id=None,
            text=text,
            attachment=attachment,
            now=now,
        )
        notice = Notice(
            NoticeKind.MESSAGE_TO_STAFF,
            problem,
            await handlers_to_tell(desk, problem),
            reporter=await named_reporter(desk, problem),
            message=message,
        )
        return Result(Outcome.DONE, problem, (notice,))
    if problem.status is Status.BARU:
        taken = await desk.problems.transition(
            problem,
            Action.TAKE_UP,
            next_status(problem.status, Action.TAKE_UP),
            actor_id=person.id,
            actor_role=ActorRole.HANDLER,
            now=now,
            handler_id=person.id,
        )
        problem = taken or problem
    message = await desk.problems.add_message(
        problem.id,
        from_reporter=False,
        author_id=person.id,
        text=text,
        attachment=attachment,
        now=now,
    )
    notice = Notice(
        NoticeKind.MESSAGE_TO_REPORTER,
        problem,
        await reporter_to_tell(desk, problem),
        actor=person,
        message=message,
    )
    return Result(Outcome.DONE, problem, (notice,))


async def _reporter_step(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    action: Action,
    kind: NoticeKind,
    now: datetime,
) -> Result:
    problem = await desk.problems.get(problem_id)
    if problem is None:
        return Result(Outcome.UNKNOWN)
    if not is_reporter(person, problem):
        return await refuse(desk, person, telegram_user_id, problem, action.value, now)
    if not allows(problem.status, action):
        return Result(Outcome.STALE, problem)
    moved = await desk.problems.transition(
        problem,
        action,
        next_status(problem.status, action, has_handler=problem.handler_id is not None),
        actor_id=reporter_actor(problem),
        actor_role=ActorRole.REPORTER,
        now=now,
    )
    if moved is None:
        return Result(Outcome.STALE, problem)
    notice = Notice(
        kind,
        moved,
        await handlers_to_tell(desk, moved),
        reporter=await named_reporter(desk, moved),
    )
    return Result(Outcome.DONE, moved, (notice,))


async def confirm(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> Result:
    """The reporter says the solution worked: selesai."""
    return await _reporter_step(
        desk, person, telegram_user_id, problem_id, Action.CONFIRM, NoticeKind.CONFIRMED, now
    )


async def reopen(
    desk: ProblemDesk,
    person: Person | None,
    telegram_user_id: int,
    problem_id: int,
    now: datetime,
) -> Result:
    """The reporter says it did not: back to whoever handled it (or to the unit)."""
    return await _reporter_step(
        desk, person, telegram_user_id, problem_id, Action.REOPEN, NoticeKind.REOPENED, now
    )
