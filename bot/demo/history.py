"""A few weeks of check-ins for the demo, so /riwayat and /laporan have something to show.

Written through the same repository the check-in flow uses, with the same rotation of
values and behaviours, at 15:xx local time of each working day; seeded random, so every
demo starts from the same history.
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


async def seed_checkins(
    services: Services,
    people: Iterable[Person],
    today: date,
    *,
    always: frozenset[str] = frozenset(),
    seed: int = 2026,
) -> int:
    """Check-ins on the working days of the :data:`HISTORY_DAYS` before ``today``; the
    people in ``always`` (by NIP) never miss one (a streak). Returns how many."""
    rng = random.Random(seed)
    zone = services.settings.tz
    calendar = await services.calendar.calendar()
    malu = [item.id for item in services.content.budaya_malu.items]
    repository = services.checkins
    count = 0
    for person in people:
        workweek = await services.calendar.workweek(person.unit_id)
        rate = 1.0 if person.nip in always else rng.uniform(0.55, 0.95)
        start = today - timedelta(days=HISTORY_DAYS)
        for day in calendar.working_days(start, today - timedelta(days=1), workweek):
            if rng.random() >= rate:
                continue
            focus = daily_focus(
                services.value_set, person.id, calendar.working_day_number(day, workweek)
            )
            at = datetime.combine(day, time(15, rng.randrange(60)), tzinfo=zone)
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
