"""The demo's problems (/lapor) in the sample Dinas Kominfo, one in each state that
matters, timed so the first "next morning" brings an SLA reminder and an escalation.

Filed and moved through the problem desk's own functions with past times; the notices they
return are history and are not sent.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.demo.personas import BUDI_ASN, RIZKY_AGEN
from bot.org.models import Person
from bot.problems.desk import Outcome, Result
from bot.problems.handling import act
from bot.problems.models import Action, Category, Draft
from bot.problems.reporting import confirm, file_report
from bot.schedule.calendar import MON_FRI
from bot.services import Services
from bot.texts import demo as texts

NURUL = "199408172019032011"
MAYA = "199206142017032004"
EARLY = time(7, 15)
"""Reports of the waiting problems are filed before the office's morning, so their
deadlines (same local time, N working days later) fall before the demo's next morning."""


async def seed_problems(services: Services, people: dict[str, Person], today: date) -> None:
    """Four problems: selesai, ditangani, and two baru whose next SLA step is due on the
    working day after ``today`` (an escalation and a reminder)."""
    desk = services.problems
    settings = services.settings
    zone = ZoneInfo(settings.timezone)
    calendar = await services.calendar.calendar()

    def working_day(back: int, at: time) -> datetime:
        """``back`` working days before ``today``, at the local time ``at``."""
        day = calendar.previous_working_days(today, back + 1, MON_FRI)[0]
        return datetime.combine(day, at, tzinfo=zone)

    budi, rizky = people[BUDI_ASN], people[RIZKY_AGEN]
    agent = rizky.telegram_user_id
    assert agent is not None
    assert budi.telegram_user_id is not None

    done = await _file(
        services, budi, Category.SARANA, texts.PROBLEM_DONE, working_day(15, time(9))
    )
    _check(await act(desk, rizky, agent, done, Action.TAKE_UP, working_day(14, time(10))))
    _check(await act(desk, rizky, agent, done, Action.RESOLVE, working_day(12, time(14))))
    _check(await confirm(desk, budi, budi.telegram_user_id, done, working_day(11, time(8))))

    wifi = await _file(
        services, people[NURUL], Category.SARANA, texts.PROBLEM_IN_PROGRESS, working_day(6, EARLY)
    )
    _check(await act(desk, rizky, agent, wifi, Action.TAKE_UP, working_day(5, time(9, 30))))

    # Not taken up: reminded back then, escalated by the SLA on the next working day.
    escalate = settings.problem_escalate_days
    waiting = await _file(
        services, budi, Category.PROSEDUR, texts.PROBLEM_WAITING, working_day(escalate - 1, EARLY)
    )
    problem = await desk.problems.get(waiting)
    assert problem is not None
    reminded = working_day(escalate - 1 - settings.problem_remind_days, time(7, 30))
    await desk.problems.mark_reminded(problem, reminded)

    # Not taken up either, its reminder due on the next working day.
    remind = settings.problem_remind_days
    await _file(
        services,
        people[MAYA],
        Category.PERILAKU,
        texts.PROBLEM_ANONYMOUS,
        working_day(remind - 1, EARLY),
        anonymous=True,
    )


async def _file(
    services: Services,
    reporter: Person,
    category: Category,
    description: str,
    at: datetime,
    *,
    anonymous: bool = False,
) -> int:
    draft = Draft(person_id=reporter.id, description=description, category=category)
    result = await file_report(services.problems, reporter, draft, anonymous, at)
    return _check(result)


def _check(result: Result) -> int:
    if result.outcome is not Outcome.DONE or result.problem is None:
        raise RuntimeError(f"demo history: a problem step failed: {result.outcome}")
    return result.problem.id
