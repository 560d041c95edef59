"""How much database work one private message costs before its feature starts.

Counts the SQL statements the real Application runs (through the one connection of
``bot/storage/database.py``; the count is the engine's business logic, so it is taken on
SQLite) for one message from a registered person; transaction control
(BEGIN, COMMIT) is not counted. ``-s`` prints the figures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import pytest

from bot.emulator import FakeBotApi, FakeUser
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO, import_sample_roster, registered

MONDAY = date(2026, 11, 23)
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


@asynccontextmanager
async def statements(bot: RunningBot) -> AsyncIterator[list[str]]:
    """Every SQL statement the bot runs inside the block."""
    seen: list[str] = []

    def record(sql: str) -> None:
        if not sql.lstrip().upper().startswith(CONTROL):
            seen.append(sql)

    await bot.services.db.trace(record)
    try:
        yield seen
    finally:
        await bot.services.db.trace(None)


@pytest.fixture
async def budi(bot: RunningBot, fake: FakeBotApi) -> FakeUser:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    set_now(bot, wib(MONDAY, 9))
    user = users[BUDI_ANGGOTA_KOMINFO]
    await bot.ask(user, "/bantuan")  # the first message sets the person's menu
    return user


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("halo", 3),  # free text nobody waits for: answered by the fallback
        ("/bantuan", 3),  # a command whose feature needs the person only
    ],
)
async def test_one_message_costs_few_statements(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser, text: str, budget: int
) -> None:
    async with statements(bot) as seen:
        await bot.ask(budi, text)
    print(f"\n{text!r}: {len(seen)} statements")
    for sql in seen:
        print("   ", " ".join(sql.split())[:110])
    assert len(seen) <= budget
