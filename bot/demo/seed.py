"""A fresh demo database: the sample roster, everyone bound to an emulated Telegram user,
and a few weeks of history (check-ins and problems) in a KBK's year (decree, rencana aksi,
activities, pledges, innovation)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.demo.history import seed_checkins
from bot.demo.personas import (
    BUDI_ASN,
    FEATURED,
    FITRI_KETUA,
    NOT_JOINED,
    DemoPerson,
    display_name,
)
from bot.demo.problem_history import seed_problems
from bot.demo.year_history import seed_year
from bot.emulator import FakeBotApi
from bot.org.models import Person
from bot.org.roster import parse_roster
from bot.services import Services
from bot.texts import demo as texts

ROSTER_FILE = "roster_contoh.csv"
"""The sample roster, next to the content file."""
JOINED_BEFORE = timedelta(weeks=6)
"""How long before the demo's "today" the roster was imported and everyone joined."""


def roster_path(content_file: Path) -> Path:
    return content_file.parent / ROSTER_FILE


async def seed(
    services: Services, emulator: FakeBotApi, roster: Path, today: date, now: datetime
) -> list[DemoPerson]:
    """Fill the (migrated, empty) database of ``services``; the people, featured first."""
    parsed = parse_roster(await asyncio.to_thread(roster.read_text, encoding="utf-8-sig"))
    if not parsed.ok:
        raise ValueError(f"{roster}: {parsed.problems}")
    joined = now - JOINED_BEFORE
    await services.org.import_roster(parsed.entries, joined)
    cast: list[DemoPerson] = []
    by_nip: dict[str, Person] = {}
    for unit in await services.org.units():
        for person in await services.org.people_of_unit(unit.id):
            first, last = display_name(person.name)
            role = FEATURED.get(person.nip)
            featured = role is not None
            if person.nip in NOT_JOINED:
                user = emulator.make_user(first, last_name=last)
                ttl = timedelta(days=services.settings.invite_ttl_days)
                code, _ = (await services.onboarding.invites.issue([person.id], now, ttl))[
                    person.id
                ]
                cast.append(DemoPerson(person, user, role or "", featured, f"/start {code}"))
                continue
            user = emulator.make_user(first, last_name=last, started=True)
            await services.org.bind_telegram(person.id, user.id, joined)
            bound = await services.org.person(person.id)
            assert bound is not None
            by_nip[person.nip] = bound
            cast.append(DemoPerson(bound, user, role or texts.ROLE_OTHER, featured))
    await seed_checkins(
        services, by_nip.values(), today, always=frozenset({BUDI_ASN, FITRI_KETUA})
    )
    await seed_problems(services, by_nip, today)
    await seed_year(services, emulator, by_nip, today)
    return cast
