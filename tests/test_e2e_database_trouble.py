"""A person talking to the bot while its database is in trouble: a lock held by another
program is waited for (no error), and an error gets one answer, not an error and then the
feature's reply."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot import texts
from bot.emulator import FakeBotApi, FakeUser
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO, import_sample_roster, registered
from tests.test_e2e_checkin import MONDAY


@pytest.fixture
async def budi(bot: RunningBot, fake: FakeBotApi) -> FakeUser:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    set_now(bot, wib(MONDAY))
    return users[BUDI_ANGGOTA_KOMINFO]


async def test_a_lock_held_by_another_program_is_waited_for(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    # SQLite's own wait made short, so the bot's bounded retry is what carries it through.
    await bot.services.db.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(bot.services.settings.database_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # e.g. an operator's sqlite3 shell, for 1.5 s
    asyncio.get_running_loop().call_later(1.5, other.execute, "COMMIT")
    try:
        flow = await bot.ask(budi, "/checkin", within=10)
    finally:
        other.close()
    assert "Check-in Senin, 23 November 2026" in flow.text
    assert len(fake.messages_to(budi)) == 1


async def test_an_error_gets_one_answer(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # The first handler of every private message (the presence group) fails.
    monkeypatch.setattr(bot.services.users, "seen", disk_full)
    answer = await bot.ask(budi, "/checkin")
    assert answer.text == texts.INTERNAL_ERROR
    await asyncio.sleep(0.5)  # the check-in question does not follow
    assert len(fake.messages_to(budi)) == 1
