"""Which day a person may check in for, and what a note may be. Pure: no Telegram, no SQL.

A check-in belongs to one local working day of the person (their own time zone and their
unit's work week) and can be changed until that day's midnight. Everything else is refused
politely: a past day (an old button), a day not yet begun (a forged button), a weekend, a
holiday (national, cuti bersama or the Pemda's own) and a day the person is away (paused).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.checkin.models import Checkin, NoteStatus
from bot.schedule.calendar import DayInfo, DayKind

NOTE_MAX_CHARS = 1000
"""A note is a short reflection, not a report: longer ones are refused, not cut."""


class DayState(Enum):
    OPEN = "open"
    PAST = "past"
    FUTURE = "future"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    PAUSED = "paused"


@dataclass(frozen=True)
class DayDecision:
    state: DayState
    day: date
    reason: str = ""
    """The holiday's name, when the calendar gives one."""

    @property
    def open(self) -> bool:
        return self.state is DayState.OPEN


def decide_day(day: date, today: date, info: DayInfo, *, paused: bool) -> DayDecision:
    """May the person check in for ``day``, given their local ``today``?

    ``info`` is the calendar's verdict on ``day`` for the person's work week; ``paused``
    whether an away period covers it. Time comes first (an old button says the day has
    passed, whatever that day was), then the calendar, then the person's pause.
    """
    if day < today:
        return DayDecision(DayState.PAST, day)
    if day > today:
        return DayDecision(DayState.FUTURE, day)
    if info.kind is DayKind.HOLIDAY:
        return DayDecision(DayState.HOLIDAY, day, info.name)
    if info.kind is DayKind.WEEKEND:
        return DayDecision(DayState.WEEKEND, day, info.name)
    if paused:
        return DayDecision(DayState.PAUSED, day)
    return DayDecision(DayState.OPEN, day)


class NoteProblem(Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"


def clean_note(text: str) -> str:
    """The note as stored: surrounding blanks removed, inner line breaks kept."""
    return text.strip()


def check_note(text: str) -> NoteProblem | None:
    """None if ``text`` (already cleaned) can be stored as a note, else why not."""
    if not text:
        return NoteProblem.EMPTY
    if len(text) > NOTE_MAX_CHARS:
        return NoteProblem.TOO_LONG
    return None


class Step(Enum):
    """The parts of a check-in, in the order a first check-in walks through them."""

    ANSWER = "answer"
    BEHAVIOURS = "behaviours"
    MALU = "malu"
    NOTE = "note"
    SUMMARY = "summary"


def step_after(checkin: Checkin, done: Step, *, created: bool = False) -> Step:
    """Where the flow goes once ``done`` is finished.

    A first check-in walks answer, behaviours, budaya malu, note; a later change (e.g. a
    new answer in the evening) returns to the summary. Steps left open earlier are offered
    again, so an interrupted check-in resumes where it stopped.
    """
    if done is Step.ANSWER:
        return Step.BEHAVIOURS if created else Step.SUMMARY
    if done is Step.BEHAVIOURS and not checkin.malu_answered:
        return Step.MALU
    if done in (Step.BEHAVIOURS, Step.MALU) and checkin.note_status is NoteStatus.NONE:
        return Step.NOTE
    return Step.SUMMARY
