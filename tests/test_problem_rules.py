"""Pure rules of the problem flow: the status machine, routing and the SLA."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot import permissions
from bot.config import Settings
from bot.org.models import KbkRole, PemdaRole, Person
from bot.problems.models import (
    Action,
    Category,
    Escalation,
    Level,
    Problem,
    Route,
    Status,
)
from bot.problems.routing import escalation_target, first_level, unit_recipients
from bot.problems.sla import SlaPolicy, Step, due, head_reminder_due, office_open, waiting_step
from bot.problems.status import TransitionError, next_status, staff_actions
from bot.schedule.calendar import MON_FRI, MON_SAT, DayOverride, OverrideKind, WorkCalendar

WIB = ZoneInfo("Asia/Jakarta")
POLICY = SlaPolicy(remind_days=2, escalate_days=5, head_remind_days=3)


def person(
    person_id: int,
    role: KbkRole = KbkRole.ANGGOTA,
    *,
    unit_id: int = 1,
    agent: bool = False,
    pemda: PemdaRole | None = None,
    registered: bool = True,
) -> Person:
    return Person(
        id=person_id,
        nip=f"{person_id:018d}",
        name=f"Orang {person_id}",
        position="Pelaksana",
        unit_id=unit_id,
        unit_name=f"Unit {unit_id}",
        kbk_role=role,
        agen_perubahan=agent,
        role_model=False,
        pemda_role=pemda,
        active=True,
        telegram_user_id=5000 + person_id if registered else None,
        registered_at=None,
    )


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


MONDAY = date(2026, 11, 2)


def problem(status: Status = Status.BARU, since: datetime | None = None) -> Problem:
    moment = since or local(MONDAY, 10)
    return Problem(
        id=1,
        unit_id=1,
        unit_name="Unit 1",
        reporter_id=99,
        anonymous=True,
        category=Category.SARANA,
        description="AC rusak",
        attachment=None,
        status=status,
        handler_id=None,
        created_at=moment,
        status_since=moment,
        reminded_at=None,
    )


# --- The status machine -----------------------------------------------------------------


def test_the_happy_path_through_every_status() -> None:
    status = Status.BARU
    for action, expected in [
        (Action.TAKE_UP, Status.DITANGANI),
        (Action.ESCALATE, Status.DIESKALASI),
        (Action.FORWARD, Status.DIESKALASI),
        (Action.ANSWER, Status.DITINDAKLANJUTI),
        (Action.CONFIRM, Status.SELESAI),
    ]:
        status = next_status(status, action)
        assert status is expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.SELESAI, Action.TAKE_UP),
        (Status.DITOLAK, Action.REOPEN),
        (Status.DIESKALASI, Action.RESOLVE),
        (Status.DIESKALASI, Action.REJECT),
        (Status.BARU, Action.ANSWER),
        (Status.DITANGANI, Action.AUTO_ESCALATE),
        (Status.BARU, Action.CONFIRM),
    ],
)
def test_moves_that_would_rewrite_history_are_refused(status: Status, action: Action) -> None:
    with pytest.raises(TransitionError):
        next_status(status, action)


def test_reopen_returns_to_the_handler_or_to_the_unit() -> None:
    assert next_status(Status.SELESAI, Action.REOPEN, has_handler=True) is Status.DITANGANI
    assert next_status(Status.DITINDAKLANJUTI, Action.REOPEN, has_handler=False) is Status.BARU


def test_staff_buttons_follow_the_status() -> None:
    assert staff_actions(Status.BARU) == [Action.TAKE_UP, Action.ESCALATE, Action.REJECT]
    assert staff_actions(Status.DITANGANI) == [Action.ESCALATE, Action.RESOLVE, Action.REJECT]
    assert staff_actions(Status.DIESKALASI) == []
    assert staff_actions(Status.DITINDAKLANJUTI) == [Action.RESOLVE]
    assert staff_actions(Status.DITOLAK) == []


# --- Routing ----------------------------------------------------------------------------


def test_a_problem_goes_to_every_agen_perubahan_but_the_reporter() -> None:
    fitri = person(1, KbkRole.KETUA, agent=True)
    rizky = person(2, agent=True)
    budi = person(3)
    routing = unit_recipients([fitri, rizky, budi], [rizky.id])
    assert routing.recipients == (fitri,)
    assert not routing.lacks_agent


def test_a_unit_without_agent_falls_back_to_ketua_and_sekretaris() -> None:
    pj = person(1, KbkRole.PENANGGUNG_JAWAB)
    ketua = person(2, KbkRole.KETUA)
    sekretaris = person(3, KbkRole.SEKRETARIS)
    unregistered_agent = person(4, agent=True, registered=False)
    routing = unit_recipients([pj, ketua, sekretaris, unregistered_agent], [9])
    assert routing.recipients == (ketua, sekretaris)
    assert routing.lacks_agent
    # Without them, the Penanggung jawab; without anyone, nobody (the SLA escalates later).
    assert unit_recipients([pj], [9]).recipients == (pj,)
    assert unit_recipients([], [9]).recipients == ()


def test_escalation_climbs_inside_the_unit_to_the_first_level_someone_registered() -> None:
    pj = person(1, KbkRole.PENANGGUNG_JAWAB)
    ketua = person(2, KbkRole.KETUA, agent=True)
    admin = person(3, KbkRole.SEKRETARIS, unit_id=7, pemda=PemdaRole.ADMIN)
    unit = [pj, ketua]
    assert first_level(Route.DIRECT) is Level.KEPALA
    assert first_level(Route.TIERED) is Level.KETUA
    assert escalation_target(Level.KETUA, unit, [admin], [9]) == (Level.KETUA, (ketua,))
    assert escalation_target(Level.KEPALA, unit, [admin], [9]) == (Level.KEPALA, (pj,))
    # The Ketua escalating berjenjang does not get it back: it goes to the head.
    assert escalation_target(Level.KETUA, unit, [admin], [ketua.id]) == (Level.KEPALA, (pj,))
    # A unit whose head is not registered: it waits for him; the Pemda never answers
    # in his place (the Ketua escalating himself does not skip him either).
    head_missing = [replace(pj, telegram_user_id=None), ketua]
    assert escalation_target(Level.KEPALA, head_missing, [admin], [9]) == (Level.KEPALA, ())
    assert escalation_target(Level.KETUA, head_missing, [admin], [ketua.id]) == (
        Level.KEPALA,
        (),
    )
    # The Pemda is reached only when the head passes it up.
    assert escalation_target(Level.PEMDA, unit, [admin], [9]) == (Level.PEMDA, (admin,))


def test_who_may_work_and_answer() -> None:
    fitri = person(1, KbkRole.KETUA, agent=True)
    budi = person(3)
    other_ketua = person(4, KbkRole.KETUA, unit_id=2)
    admin = person(5, pemda=PemdaRole.ADMIN, unit_id=7)
    assert permissions.may_handle_problems(fitri, 1)
    assert not permissions.may_handle_problems(budi, 1)
    assert not permissions.may_handle_problems(other_ketua, 1)
    assert not permissions.may_handle_problems(admin, 1)  # counts, not texts
    assert permissions.may_count_problems(admin)
    assert permissions.may_answer_escalation(fitri, 1, Level.KETUA)
    assert not permissions.may_answer_escalation(fitri, 1, Level.KEPALA)
    assert not permissions.may_answer_escalation(other_ketua, 1, Level.KETUA)
    assert permissions.may_answer_escalation(admin, 1, Level.PEMDA)
    # Only the head (and the Pemda, for what reached it) gives the direction.
    pj = person(6, KbkRole.PENANGGUNG_JAWAB)
    assert not permissions.may_direct(fitri, 1, Level.KETUA)
    assert permissions.may_direct(pj, 1, Level.KEPALA)
    assert not permissions.may_direct(admin, 1, Level.KEPALA)
    assert permissions.may_direct(admin, 1, Level.PEMDA)
    assert permissions.check_command(budi, "masalah", private_chat=True) is (
        permissions.Refusal.NOT_PROBLEM_DESK
    )
    assert permissions.check_command(budi, "lapor", private_chat=True) is None
    assert permissions.check_command(budi, "lapor", private_chat=False) is (
        permissions.Refusal.PRIVATE_ONLY
    )


# --- The SLA ----------------------------------------------------------------------------


def test_due_counts_working_days_at_the_same_time_of_day() -> None:
    calendar = WorkCalendar()
    monday_10 = local(MONDAY, 10)
    assert due(monday_10, 2, calendar, MON_FRI, WIB) == local(date(2026, 11, 4), 10)
    friday = local(date(2026, 11, 6), 15)
    assert due(friday, 1, calendar, MON_FRI, WIB) == local(date(2026, 11, 9), 15)
    assert due(friday, 1, calendar, MON_SAT, WIB) == local(date(2026, 11, 7), 15)
    # A Pemda holiday on Tuesday pushes the deadline a day.
    holiday = WorkCalendar([DayOverride(date(2026, 11, 3), OverrideKind.HOLIDAY, "HUT Kab")])
    assert due(monday_10, 2, holiday, MON_FRI, WIB) == local(date(2026, 11, 5), 10)


def test_reminder_then_escalation_of_a_problem_nobody_took_up() -> None:
    calendar = WorkCalendar()
    waiting = problem()

    def step(at: datetime, item: Problem = waiting) -> Step:
        return waiting_step(item, at, POLICY, calendar, MON_FRI, WIB)

    assert step(local(date(2026, 11, 4), 9, 59)) is Step.NONE
    assert step(local(date(2026, 11, 4), 10)) is Step.REMIND
    reminded = replace(waiting, reminded_at=local(date(2026, 11, 4), 10).astimezone(UTC))
    assert step(local(date(2026, 11, 6), 10), reminded) is Step.NONE  # reminded once
    assert step(local(date(2026, 11, 9), 10), reminded) is Step.ESCALATE  # 5 working days
    # Past the escalation without a reminder (the bot was down): straight to escalation.
    assert step(local(date(2026, 11, 10), 8)) is Step.ESCALATE
    taken = replace(waiting, status=Status.DITANGANI)
    assert step(local(date(2026, 11, 30), 10), taken) is Step.NONE


def test_the_head_is_reminded_every_k_working_days() -> None:
    calendar = WorkCalendar()
    escalation = Escalation(
        id=1,
        problem_id=1,
        route=Route.DIRECT,
        level=Level.KEPALA,
        escalated_by=2,
        created_at=local(MONDAY, 10),
        level_since=local(MONDAY, 10),
        reminded_at=None,
        answered_at=None,
        answered_by=None,
        chosen_solution_id=None,
        direction=None,
    )

    def is_due(at: datetime, item: Escalation = escalation) -> bool:
        return head_reminder_due(item, at, POLICY, calendar, MON_FRI, WIB)

    assert not is_due(local(date(2026, 11, 5), 9))
    assert is_due(local(date(2026, 11, 5), 10))
    reminded = replace(escalation, reminded_at=local(date(2026, 11, 5), 10))
    assert not is_due(local(date(2026, 11, 9), 10), reminded)
    assert is_due(local(date(2026, 11, 10), 10), reminded)
    answered = replace(escalation, answered_at=local(date(2026, 11, 3), 10))
    assert not is_due(local(date(2026, 11, 30), 10), answered)


def test_the_sla_writes_only_during_office_hours_on_working_days() -> None:
    calendar = WorkCalendar()
    assert office_open(local(MONDAY, 7), calendar, MON_FRI, WIB)
    assert not office_open(local(MONDAY, 6, 59), calendar, MON_FRI, WIB)
    assert not office_open(local(MONDAY, 17), calendar, MON_FRI, WIB)
    saturday = date(2026, 11, 7)
    assert not office_open(local(saturday, 10), calendar, MON_FRI, WIB)
    assert office_open(local(saturday, 10), calendar, MON_SAT, WIB)
    assert not office_open(local(date(2026, 12, 25), 10), calendar, MON_FRI, WIB)


def test_settings_refuse_an_escalation_before_the_reminder() -> None:
    with pytest.raises(ValidationError, match="PROBLEM_ESCALATE_DAYS"):
        Settings(_env_file=None, problem_remind_days=3, problem_escalate_days=3)
    defaults = Settings(_env_file=None)
    assert (defaults.problem_remind_days, defaults.problem_escalate_days) == (2, 5)
