"""Streak, the calendar line and value strength, from laid-out days (no bot, no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.checkin.models import Answer
from bot.checkin.progress import (
    STRENGTH_DECAY,
    DayCheckin,
    Mark,
    PersonDay,
    Presence,
    calendar_line,
    current_streak,
    longest_streak,
    observations,
    progress,
    strength,
    value_progress,
)

START = date(2026, 11, 2)  # a Monday
A, B = "set.a", "set.b"


def days(*codes: str, focus: str = A) -> list[PersonDay]:
    """One day per code from START: ``s``/``p``/``b`` answers, ``-`` missed working day,
    ``o`` off (weekend or holiday), ``z`` away (paused), ``z+s`` away yet checked in."""
    answers = {"s": Answer.SUDAH, "p": Answer.SEBAGIAN, "b": Answer.BELUM}
    result = []
    for offset, code in enumerate(codes):
        day = START + timedelta(days=offset)
        presence = Presence.WORKING
        if code.startswith("o"):
            presence = Presence.OFF
        elif code.startswith("z"):
            presence = Presence.AWAY
        answer = answers.get(code[-1])
        checkin = DayCheckin(focus, answer) if answer else None
        result.append(
            PersonDay(day, presence, None if presence is Presence.OFF else focus, checkin)
        )
    return result


def last(history: list[PersonDay]) -> date:
    return history[-1].day


def test_weekends_holidays_and_pauses_never_break_a_streak() -> None:
    history = days("s", "s", "o", "s", "s", "o", "o", "z", "z", "s")
    assert current_streak(history, last(history)) == 5


def test_a_missed_working_day_breaks_it() -> None:
    history = days("s", "s", "-", "s", "p")
    assert current_streak(history, last(history)) == 2
    assert longest_streak(history, last(history)) == 2


def test_today_does_not_break_it_before_the_day_is_over() -> None:
    history = days("s", "b", "-")
    assert current_streak(history, last(history)) == 2
    # The next day, yesterday's missing check-in counts as missed.
    assert current_streak([*history, *days("s", "b", "-", "-")[3:]], START + timedelta(3)) == 0


def test_any_answer_keeps_the_habit_and_a_paused_checkin_counts() -> None:
    history = days("b", "p", "z+s", "s")
    assert current_streak(history, last(history)) == 4


def test_calendar_line_shows_working_days_only() -> None:
    history = days("s", "-", "s", "o", "p", "o", "o", "z", "b", "-")
    line = calendar_line(history, last(history))
    assert [mark for _, mark in line] == [
        Mark.SUDAH,
        Mark.MISSED,
        Mark.SUDAH,
        Mark.SEBAGIAN,
        Mark.AWAY,
        Mark.BELUM,
        Mark.TODAY,
    ]
    assert calendar_line(history, last(history), count=2) == line[-2:]


def test_strength_is_an_exponentially_weighted_mean() -> None:
    assert strength([]) is None
    assert strength([1.0]) == 1.0
    assert strength([0.0]) == 0.0
    # Newest weighs most: 1 then 0 is 1*0.8 / (0.8 + 1).
    assert strength([1.0, 0.0]) == pytest.approx(0.8 / 1.8)
    assert strength([0.0, 1.0]) == pytest.approx(1.0 / 1.8)


def test_strength_forgives_a_missed_day() -> None:
    good_run = [1.0] * 40
    after_miss = strength([*good_run, 0.0])
    assert after_miss == pytest.approx(STRENGTH_DECAY, abs=0.001)  # 80%, not zero
    assert strength([*good_run, 0.0, 0.0]) == pytest.approx(STRENGTH_DECAY**2, abs=0.001)
    recovered = strength([*good_run, 0.0, 1.0])
    assert recovered is not None
    assert after_miss is not None
    assert recovered > after_miss


def test_value_observations() -> None:
    history = [
        PersonDay(START, Presence.WORKING, A, DayCheckin(A, Answer.SUDAH)),
        PersonDay(START + timedelta(1), Presence.WORKING, B, DayCheckin(B, Answer.SEBAGIAN)),
        # Value A ticked as practised on B's day: an observation of 1 for A.
        PersonDay(
            START + timedelta(2), Presence.WORKING, B, DayCheckin(B, Answer.BELUM, frozenset({A}))
        ),
        PersonDay(START + timedelta(3), Presence.WORKING, A, None),  # missed: 0 for A
        PersonDay(START + timedelta(4), Presence.AWAY, B, None),  # away: nothing
        PersonDay(START + timedelta(5), Presence.WORKING, B, None),  # today: not over yet
    ]
    today = START + timedelta(5)
    assert observations(history, today) == {A: [1.0, 1.0, 0.0], B: [0.5, 0.0]}
    a, b, c = value_progress([A, B, "set.c"], history, today)
    assert (a.met, a.partly, a.chances) == (2, 0, 3)
    assert a.strength == pytest.approx((0.64 + 0.8 + 0) / (0.64 + 0.8 + 1))
    assert (b.met, b.partly, b.chances) == (0, 1, 2)
    assert (c.strength, c.chances) == (None, 0)


def test_progress_bundles_everything() -> None:
    history = days("s", "p", "o", "s")
    result = progress([A, B], history, last(history))
    assert (result.streak, result.longest, result.checkins) == (3, 3, 3)
    assert len(result.line) == 3
    assert [v.value_id for v in result.values] == [A, B]
