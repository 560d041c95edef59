"""Which day is open for a check-in, where the flow goes next, what a note may be."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.checkin.models import Answer, Checkin, NoteStatus
from bot.checkin.rules import (
    NOTE_MAX_CHARS,
    DayState,
    NoteProblem,
    Step,
    check_note,
    clean_note,
    decide_day,
    step_after,
)
from bot.schedule.calendar import DayInfo, DayKind

MONDAY = date(2026, 11, 23)
WORKING = DayInfo(MONDAY, DayKind.WORKING)


@pytest.mark.parametrize(
    ("day", "info", "paused", "state"),
    [
        (MONDAY, WORKING, False, DayState.OPEN),
        (date(2026, 11, 20), DayInfo(date(2026, 11, 20), DayKind.WORKING), False, DayState.PAST),
        (date(2026, 11, 24), DayInfo(date(2026, 11, 24), DayKind.WORKING), False, DayState.FUTURE),
        (MONDAY, DayInfo(MONDAY, DayKind.WEEKEND), False, DayState.WEEKEND),
        (MONDAY, DayInfo(MONDAY, DayKind.HOLIDAY, "HUT Kabupaten"), False, DayState.HOLIDAY),
        (MONDAY, WORKING, True, DayState.PAUSED),
        # An old button says the day has passed, whatever that day was.
        (date(2026, 11, 21), DayInfo(date(2026, 11, 21), DayKind.WEEKEND), True, DayState.PAST),
    ],
)
def test_decide_day(day: date, info: DayInfo, paused: bool, state: DayState) -> None:
    decision = decide_day(day, MONDAY, info, paused=paused)
    assert decision.state is state
    assert decision.open is (state is DayState.OPEN)


def test_a_holiday_keeps_its_name() -> None:
    info = DayInfo(MONDAY, DayKind.HOLIDAY, "HUT Kabupaten")
    assert decide_day(MONDAY, MONDAY, info, paused=True).reason == "HUT Kabupaten"


def _checkin(**changes: object) -> Checkin:
    moment = datetime(2026, 11, 23, 1, tzinfo=UTC)
    base = Checkin(
        id=1,
        person_id=1,
        day=MONDAY,
        value_id="v",
        behaviour_id="b",
        answer=Answer.SUDAH,
        practised=frozenset(),
        malu=frozenset(),
        malu_answered=False,
        note=None,
        note_behaviour_id=None,
        note_status=NoteStatus.NONE,
        note_suggestion_id=None,
        created_at=moment,
        updated_at=moment,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_first_checkin_walks_every_step() -> None:
    fresh = _checkin()
    assert step_after(fresh, Step.ANSWER, created=True) is Step.BEHAVIOURS
    assert step_after(fresh, Step.BEHAVIOURS) is Step.MALU
    assert step_after(_checkin(malu_answered=True), Step.MALU) is Step.NOTE
    assert step_after(_checkin(malu_answered=True, note_status=NoteStatus.DONE), Step.NOTE) is (
        Step.SUMMARY
    )


def test_a_change_returns_to_the_summary() -> None:
    done = _checkin(malu_answered=True, note_status=NoteStatus.DONE)
    assert step_after(done, Step.ANSWER, created=False) is Step.SUMMARY
    assert step_after(done, Step.BEHAVIOURS) is Step.SUMMARY
    assert step_after(done, Step.MALU) is Step.SUMMARY


def test_an_interrupted_checkin_resumes_where_it_stopped() -> None:
    # Behaviours edited from the summary while the budaya-malu check was never answered.
    assert step_after(_checkin(note_status=NoteStatus.DONE), Step.BEHAVIOURS) is Step.MALU
    # The malu check answered, the note step never reached.
    assert step_after(_checkin(malu_answered=True), Step.BEHAVIOURS) is Step.NOTE


def test_notes() -> None:
    assert clean_note("  membantu rekan\nbelajar  ") == "membantu rekan\nbelajar"
    assert check_note("membantu rekan") is None
    assert check_note("") is NoteProblem.EMPTY
    assert check_note("x" * NOTE_MAX_CHARS) is None
    assert check_note("x" * (NOTE_MAX_CHARS + 1)) is NoteProblem.TOO_LONG
