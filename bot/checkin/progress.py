"""A person's progress from their check-ins: streak, the last working days, value strength.

Pure: the caller lays out the person's days (from the working-day calendar, their pauses
and their check-ins) and gets numbers back; :mod:`bot.texts.checkin` renders them.

Rules, as a user would put them:

* **Streak** (*runtun*): consecutive working days with a check-in, counted back from today.
  Weekends, holidays and paused days neither break nor extend it; today does not break it
  before the day is over. Any answer counts, "Belum" too: the habit is to reflect daily.
* **Calendar line**: the last working days (paused ones included, shown as away), oldest
  first, one mark each.
* **Value strength**: each value gets an *observation* on the days it was in play: the
  day's value scores the answer (Sudah 1, Sebagian 0.5, Belum 0, no check-in by the end of
  a working day 0), and a value whose behaviour the person ticked as practised scores 1.
  The strength is the exponentially weighted mean of the observations, newest weighing
  most::

      strength = sum(DECAY ** (n - i) * x_i) / sum(DECAY ** (n - i)),  i = 1..n

  with ``DECAY = 0.8``. Normalising by the weights means the first observation counts in
  full (no slow warm-up from zero), and one missed day after a long good run leaves the
  strength at 80%, not at zero; two leave 64%, and each good day wins back a fifth of the
  gap. A value with no observation yet has no strength (shown as "belum ada data").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.checkin.models import Answer

STRENGTH_DECAY = 0.8
CALENDAR_DAYS = 30
"""How many working days the calendar line of /riwayat shows."""


class Presence(Enum):
    """What a calendar day is for the person."""

    WORKING = "working"
    OFF = "off"
    """A weekend or holiday of their work week: not a check-in day."""
    AWAY = "away"
    """A working day inside one of their pauses (cuti, dinas luar, sakit)."""


@dataclass(frozen=True)
class DayCheckin:
    """What progress needs to know about one check-in."""

    value_id: str
    answer: Answer
    practised_values: frozenset[str] = frozenset()
    """Values of the behaviours the person ticked as practised that day."""


@dataclass(frozen=True)
class PersonDay:
    day: date
    presence: Presence
    focus_value_id: str | None = None
    """The value the rotation gave the person that day (None on days off)."""
    checkin: DayCheckin | None = None


class Mark(Enum):
    """One day of the calendar line."""

    SUDAH = "sudah"
    SEBAGIAN = "sebagian"
    BELUM = "belum"
    MISSED = "missed"
    """A past working day without a check-in."""
    AWAY = "away"
    TODAY = "today"
    """Today, not checked in yet: the day is not over."""


_ANSWER_MARKS = {
    Answer.SUDAH: Mark.SUDAH,
    Answer.SEBAGIAN: Mark.SEBAGIAN,
    Answer.BELUM: Mark.BELUM,
}


def _counts(day: PersonDay, today: date) -> bool | None:
    """True if the day extends a streak, False if it breaks it, None if it does neither."""
    if day.checkin is not None:
        return True
    if day.presence is not Presence.WORKING or day.day >= today:
        return None
    return False


def current_streak(days: Sequence[PersonDay], today: date) -> int:
    """Working days with a check-in in a row, ending today (or at the last one before)."""
    streak = 0
    for day in reversed(days):
        if day.day > today:
            continue
        counts = _counts(day, today)
        if counts is False:
            break
        if counts:
            streak += 1
    return streak


def longest_streak(days: Sequence[PersonDay], today: date) -> int:
    best = run = 0
    for day in days:
        if day.day > today:
            break
        counts = _counts(day, today)
        if counts is False:
            run = 0
        elif counts:
            run += 1
            best = max(best, run)
    return best


def calendar_line(
    days: Sequence[PersonDay], today: date, count: int = CALENDAR_DAYS
) -> list[tuple[date, Mark]]:
    """The last ``count`` working days up to today, oldest first, each with its mark."""
    line: list[tuple[date, Mark]] = []
    for day in days:
        if day.day > today or day.presence is Presence.OFF:
            continue
        if day.checkin is not None:
            mark = _ANSWER_MARKS[day.checkin.answer]
        elif day.presence is Presence.AWAY:
            mark = Mark.AWAY
        elif day.day == today:
            mark = Mark.TODAY
        else:
            mark = Mark.MISSED
        line.append((day.day, mark))
    return line[-count:] if count else []


def strength(observations: Iterable[float], decay: float = STRENGTH_DECAY) -> float | None:
    """The exponentially weighted mean of ``observations`` (oldest first), or None if none."""
    weighted = total = 0.0
    for x in observations:
        weighted = weighted * decay + x
        total = total * decay + 1.0
    return weighted / total if total else None


@dataclass(frozen=True)
class ValueProgress:
    value_id: str
    met: int
    """Observations of 1: Sudah on the value's day, or a behaviour of it ticked."""
    partly: int
    """Sebagian on the value's day."""
    chances: int
    """All observations of the value."""
    strength: float | None


def observations(days: Sequence[PersonDay], today: date) -> dict[str, list[float]]:
    """Each value's observations, oldest first (see the module docstring)."""
    found: dict[str, list[float]] = {}
    for day in days:
        if day.day > today:
            continue
        seen: dict[str, float] = {}
        if day.checkin is not None:
            seen[day.checkin.value_id] = day.checkin.answer.score
            for value_id in day.checkin.practised_values:
                seen[value_id] = 1.0
        elif day.presence is Presence.WORKING and day.day < today and day.focus_value_id:
            seen[day.focus_value_id] = 0.0
        for value_id, x in seen.items():
            found.setdefault(value_id, []).append(x)
    return found


def value_progress(
    value_ids: Sequence[str], days: Sequence[PersonDay], today: date
) -> list[ValueProgress]:
    """Progress of every value of the set, in the set's order."""
    seen = observations(days, today)
    result = []
    for value_id in value_ids:
        xs = seen.get(value_id, [])
        result.append(
            ValueProgress(
                value_id=value_id,
                met=sum(1 for x in xs if x >= 1.0),
                partly=sum(1 for x in xs if 0.0 < x < 1.0),
                chances=len(xs),
                strength=strength(xs),
            )
        )
    return result


@dataclass(frozen=True)
class Progress:
    today: date
    streak: int
    longest: int
    line: list[tuple[date, Mark]]
    values: list[ValueProgress]
    checkins: int


def progress(value_ids: Sequence[str], days: Sequence[PersonDay], today: date) -> Progress:
    """Everything /riwayat shows, from the person's days (oldest first)."""
    return Progress(
        today=today,
        streak=current_streak(days, today),
        longest=longest_streak(days, today),
        line=calendar_line(days, today),
        values=value_progress(value_ids, days, today),
        checkins=sum(1 for d in days if d.checkin is not None and d.day <= today),
    )
