"""Workers that share the Pemda and take over from each other, as real ``budaya-bot run``
processes against the emulator: a second worker started later gets half of the 4 Pemda;
one killed with SIGKILL loses its locks at once and the other owns all 4 within 30 s."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emulator import FakeBot, FakeBotApi
from bot.storage import Database
from bot.storage.lease import SqliteLease
from bot.storage.pg_lease import PostgresLease
from bot.storage.tenants import open_registry
from bot.tenants.location import pemda_database
from tests.conftest import SettingsFactory
from tests.deployment_helpers import pemda_with_bot
from tests.engines import DatabaseTarget
from tests.processes import BotProcess, bot_env, start

pytestmark = pytest.mark.usefixtures("reap_processes")

CODES = ("kab_serang", "kab_basel", "kota_cilegon", "kab_lebak")
TAKEOVER_LIMIT = 30.0


class Owners:
    """Which process owns each Pemda, read from the lease rows as an operator would."""

    def __init__(self, databases: dict[str, Database]) -> None:
        self.databases = databases

    async def pids(self) -> dict[str, int]:
        found = {}
        for code, db in self.databases.items():
            lease = SqliteLease(db) if db.sqlite else PostgresLease(db)
            owner = await lease.current()
            if owner is not None:
                found[code] = owner.pid
        return found

    async def until(self, wanted: Counter[int], within: float) -> float:
        """Wait until the processes own this many Pemda each; the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < within:
            if Counter((await self.pids()).values()) == wanted:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
        raise AssertionError(f"owners {await self.pids()} are not {dict(wanted)}")


@contextlib.asynccontextmanager
async def opened(databases: dict[str, Database]) -> AsyncIterator[Owners]:
    for db in databases.values():
        await db.open()
    try:
        yield Owners(databases)
    finally:
        for db in databases.values():
            await db.close()


async def test_two_workers_split_four_pemda_and_one_takes_over_from_a_killed_one(
    make_settings: SettingsFactory,
    fake: FakeBotApi,
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    settings = make_settings(state_dir=tmp_path)
    bots: dict[str, FakeBot] = {}
    async with open_registry(settings) as registry:
        for number, code in enumerate(CODES, 1):
            pemda, bots[code] = pemda_with_bot(fake, code, number)
            await registry.add(pemda)
    env = bot_env(fake, database_target.path or tmp_path / "unused.db", state_dir=str(tmp_path))
    if database_target.url is not None:
        env.update(DATABASE_URL=database_target.url, DATABASE_SCHEMA=str(database_target.schema))
    databases = {code: pemda_database(settings, code) for code in CODES}

    async with opened(databases) as owners:
        # Alone, the first worker takes all four.
        first = await start(["run"], env, tmp_path)
        await owners.until(Counter({first.pid: 4}), within=60)

        # A second worker started later gets half: the first gives two back gracefully.
        second = await start(["run"], env, tmp_path)
        split = await owners.until(Counter({first.pid: 2, second.pid: 2}), within=60)
        print(f"the second worker had its half {split:.1f} s after it was started")
        seconds = [code for code, pid in (await owners.pids()).items() if pid == second.pid]

        # SIGKILL: its locks go with it; the first owns all four within 30 s.
        second.kill9()
        killed = time.monotonic()
        await second.exited(within=10)
        took_over = await owners.until(Counter({first.pid: 4}), within=TAKEOVER_LIMIT)
        print(f"the survivor owned all 4 Pemda {took_over:.1f} s after the SIGKILL")
        assert took_over < TAKEOVER_LIMIT

        # ... and serves them: a Pemda of the killed worker answers on its own bot.
        user = fake.make_user("Tamu")
        bot = bots[seconds[0]]
        await bot.send_message(user, "/start")
        welcome = await bot.wait_for_message(user, timeout=30)
        assert "Belum terdaftar?" in welcome.text
        answered = time.monotonic() - killed
        print(f"a Pemda of the killed worker answered /start {answered:.1f} s after the SIGKILL")

        # SIGTERM: every Pemda stops gracefully and gives its lease up.
        assert await stop(first) == 0
        assert await owners.pids() == {}
    output = first.output()
    assert "Traceback" not in output, output
    assert fake.internal_errors == []


async def stop(process: BotProcess) -> int:
    return await process.stop(within=60)
