"""Check-ins of the demo's people, so /riwayat and /laporan have something to show: a few
weeks of history at the start, and the colleagues keep checking in as the clock moves.

Written through the same repository the check-in flow uses, with the same rotation of
values and behaviours, in office hours of each working day; seeded random (per person and
day), so every demo tells the same story however its clock is moved.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from bot.checkin.models import Answer
from bot.content.rotation import daily_focus
from bot.org.models import Person
from bot.services import Services
from bot.texts import demo as texts

HISTORY_DAYS = 28
"""How far back the history goes: four weeks."""
ANSWER_WEIGHTS = (6, 3, 1)
"""Sudah, Sebagian, Belum."""
CHECKED_IN_BY = time(12, 0)
"""After a jump past noon the colleagues have checked in for that day."""
SEED = 2026


async def check_in_days(
    services: Services,
    people: Iterable[Person],
    first: date,
    last: date,
    *,
    always: frozenset[str] = frozenset(),
) -> int:
    """Check-ins on the working days from ``first`` to ``last``; the people in ``always``
    (by NIP) never miss one (a streak). Returns how many."""
    zone = services.settings.tz
    calendar = await services.calendar.calendar()
    malu = [item.id for item in services.content.budaya_malu.items]
    repository = services.checkins
    count = 0
    for person in people:
        workweek = await services.calendar.workweek(person.unit_id)
        rate = 1.0 if person.nip in always else random.Random(person.nip).uniform(0.55, 0.95)
        for day in calendar.working_days(first, last, workweek):
            rng = random.Random(f"{SEED}:{person.nip}:{day.isoformat()}")
            if rng.random() >= rate:
                continue
            focus = daily_focus(
                services.value_set, person.id, calendar.working_day_number(day, workweek)
            )
            at = datetime.combine(day, time(rng.choice((9, 11, 14)), rng.randrange(60)), zone)
            answer = rng.choices(list(Answer), weights=ANSWER_WEIGHTS)[0]
            checkin, _ = await repository.record_answer(
                person.id, day, focus.value.id, focus.behaviour.id, answer, at
            )
            if answer is not Answer.BELUM:
                behaviours = [b.id for b in focus.value.behaviours]
                for behaviour in rng.sample(behaviours, rng.randint(1, len(behaviours))):
                    await repository.toggle_practised(checkin.id, behaviour, at)
            if rng.random() < 0.15:
                await repository.toggle_malu(checkin.id, rng.choice(malu), at)
            await repository.finish_malu(checkin.id, at)
            if rng.random() < 0.12:
                await repository.save_note(checkin.id, rng.choice(texts.CHECKIN_NOTES), None, at)
            else:
                await repository.clear_note(checkin.id, at)
            count += 1
    return count


async def seed_checkins(
    services: Services,
    people: Iterable[Person],
    today: date,
    *,
    always: frozenset[str] = frozenset(),
) -> int:
    """The :data:`HISTORY_DAYS` of working days before ``today``."""
    first, last = today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1)
    return await check_in_days(services, people, first, last, always=always)


class Colleagues:
    """The people nobody plays in the demo: after each jump of the clock they have checked
    in for the working days it passed (today too, once past :data:`CHECKED_IN_BY`)."""

    def __init__(self, services: Services, people: list[Person], through: date) -> None:
        self._services = services
        self._people = people
        self.through = through
        """The last day their check-ins are in for."""

    async def catch_up(self, now: datetime) -> int:
        """Their check-ins up to ``now``; how many were added."""
        local = now.astimezone(self._services.settings.tz)
        last = local.date() if local.time() >= CHECKED_IN_BY else local.date() - timedelta(1)
        if last <= self.through:
            return 0
        added = await check_in_days(
            self._services, self._people, self.through + timedelta(days=1), last
        )
        self.through = last
        return added
