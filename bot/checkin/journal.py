"""Each person's check-in journal: which day is open for them now, and their history.

The check-in handlers' door to storage and the calendar. It decides with the pure rules
(:mod:`bot.checkin.rules`, :mod:`bot.checkin.progress`) on data it gathers: the person's
local date (their own time zone), their unit's work week, the Pemda calendar, their pauses
and the behaviour rotation (the same :func:`daily_focus` the morning reminder uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.checkin.models import Answer, Checkin
from bot.checkin.ports import JournalCheckins
from bot.checkin.progress import DayCheckin, PersonDay, Presence, Progress, progress
from bot.checkin.rules import DayDecision, decide_day
from bot.content.models import ValueSet
from bot.content.rotation import DailyFocus, daily_focus
from bot.content.search import NoteMatch, NoteMatcher
from bot.org.models import Person
from bot.schedule.local import local_date, person_zone
from bot.schedule.models import Pause
from bot.schedule.ports import PersonSchedules, UnitWorkweek

HISTORY_DAYS = 366
"""How far back /riwayat looks (streaks and strengths older than a year do not matter)."""


@dataclass(frozen=True)
class Day:
    """A day as one person sees it: may they check in, and on what."""

    person: Person
    today: date
    """The person's local date now."""
    decision: DayDecision
    focus: DailyFocus
    """The value and behaviour of the rotation for the day (meaningful on working days)."""
    pause: Pause | None
    """The pause covering the day, if any (for a polite refusal)."""

    @property
    def day(self) -> date:
        return self.decision.day


class Journal:
    def __init__(
        self,
        checkins: JournalCheckins,
        calendar: UnitWorkweek,
        person_settings: PersonSchedules,
        value_set: ValueSet,
        default_zone: str,
    ) -> None:
        self.checkins = checkins
        self._calendar = calendar
        self._settings = person_settings
        self._value_set = value_set
        self._default_zone = default_zone
        self._matcher = NoteMatcher(value_set)

    def suggest(self, note: str) -> NoteMatch | None:
        """The behaviour a note sounds like, to propose to its writer."""
        return self._matcher.suggest(note)

    async def zone(self, person: Person) -> ZoneInfo:
        """The person's own time zone (/atur), else the Pemda's."""
        return person_zone(self._default_zone, await self._settings.get(person.id))

    async def local_today(self, person: Person, now: datetime) -> date:
        return local_date(now, await self.zone(person))

    async def day(self, person: Person, now: datetime, day: date | None = None) -> Day:
        """May ``person`` check in for ``day`` (default: their today) at ``now``?"""
        today = await self.local_today(person, now)
        target = today if day is None else day
        calendar = await self._calendar.calendar()
        workweek = await self._calendar.workweek(person.unit_id)
        pause = await self._settings.current(person.id, target)
        paused = pause is not None and pause.covers(target)
        decision = decide_day(target, today, calendar.info(target, workweek), paused=paused)
        number = calendar.working_day_number(target, workweek)
        return Day(
            person=person,
            today=today,
            decision=decision,
            focus=daily_focus(self._value_set, person.id, number),
            pause=pause if paused else None,
        )

    async def answer(self, day: Day, answer: Answer, now: datetime) -> tuple[Checkin, bool]:
        """Record the one-tap answer of an open day; True if this created the check-in."""
        if not day.decision.open:
            raise ValueError(f"day {day.day} is not open for check-in: {day.decision.state}")
        return await self.checkins.record_answer(
            day.person.id,
            day.day,
            day.focus.value.id,
            day.focus.behaviour.id,
            answer,
            now,
        )

    async def days(self, person: Person, now: datetime) -> tuple[date, list[PersonDay]]:
        """The person's local today and their days from their first check-in (at most
        :data:`HISTORY_DAYS` back) up to today, oldest first.

        History starts at the first check-in, not at registration: the days before someone
        took up the habit (or before the feature existed) are not theirs to have missed.
        """
        today = await self.local_today(person, now)
        earliest = today - timedelta(days=HISTORY_DAYS - 1)
        checkins = {c.day: c for c in await self.checkins.between(person.id, earliest, today)}
        start = min(checkins) if checkins else today
        calendar = await self._calendar.calendar()
        workweek = await self._calendar.workweek(person.unit_id)
        pauses = await self._settings.pauses_between([person.id], start, today)
        value_of = {b.id: v.id for v, b in self._value_set.behaviours()}
        number = calendar.working_day_number(start, workweek)
        days: list[PersonDay] = []
        current = start
        while current <= today:
            working = calendar.is_working_day(current, workweek)
            if not working:
                presence = Presence.OFF
            elif any(p.covers(current) for p in pauses):
                presence = Presence.AWAY
            else:
                presence = Presence.WORKING
            focus = daily_focus(self._value_set, person.id, number).value.id if working else None
            checkin = checkins.get(current)
            summary = None
            if checkin is not None:
                practised = frozenset(value_of[b] for b in checkin.practised if b in value_of)
                summary = DayCheckin(checkin.value_id, checkin.answer, practised)
            days.append(PersonDay(current, presence, focus, summary))
            number += 1 if working else 0
            current += timedelta(days=1)
        return today, days

    async def progress(self, person: Person, now: datetime) -> Progress:
        today, days = await self.days(person, now)
        return progress([v.id for v in self._value_set.values], days, today)
