"""One owner per database and what a kill -9 leaves, with real ``budaya-bot run`` processes
against the emulator: a second instance refuses (or, with --standby, waits and takes over)
and nobody gets a message twice; kill -9 at three points of a broadcast leaves nobody
missing and doubles at most the sends that were in flight."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.delivery.models import RESENT
from bot.emulator import FakeBotApi, FakeUser
from tests.processes import bot_env, population, sends, start, until

pytestmark = pytest.mark.usefixtures("reap_processes")

PEOPLE = 250
RATE = "120"
LATENCY = 0.02
"""Seconds the emulator holds every sendMessage (a little of Telegram's real latency)."""


def per_user(fake: FakeBotApi, users: list[FakeUser]) -> Counter[int]:
    """How many people got how many morning messages."""
    return Counter(len(fake.messages_to(user)) for user in users)


def resent_rows(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM deliveries WHERE detail = ?", (RESENT,)
        ).fetchone()
    return int(count)


async def test_a_second_instance_refuses_and_a_standby_takes_over(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "budaya.db"
    users = await population(fake, database, PEOPLE)
    fake.inject_delay("sendMessage", LATENCY, times=None)
    env = bot_env(fake, database, delivery_rate="25")  # 10 s: time to start two more
    owner = await start(["run"], env, tmp_path)
    await until(lambda: sends(fake) >= 20)

    # A careless second start: refused, in both languages, naming the owner; it sends nothing.
    second = await start(["run"], env, tmp_path)
    standby = await start(["run", "--standby"], env, tmp_path)
    code = await second.exited(within=10)
    refusal = second.output()
    print(f"second instance: exit {code} after {time.monotonic() - second.started:.1f} s")
    assert code == 4
    assert "sedang dipakai instance bot lain" in refusal
    assert "is held by another bot instance" in refusal
    assert f"pid {owner.pid}" in refusal
    assert "Traceback" not in refusal

    # A standby waits; when the owner is stopped mid-broadcast it takes over and finishes.
    await until(lambda: "Siaga: menunggu" in standby.output())
    sent_before = sends(fake)
    assert sent_before < PEOPLE
    assert await owner.stop() == 0
    stopped = time.monotonic()
    await until(lambda: "took ownership" in standby.output(), within=10)
    took_over = time.monotonic() - stopped
    await until(lambda: sends(fake) >= PEOPLE)
    assert await standby.stop() == 0
    counts = per_user(fake, users)
    print(
        f"standby took over {took_over:.2f} s after the owner stopped"
        f" ({sent_before} of {PEOPLE} sent by then); per user: {dict(counts)}"
    )
    assert counts == Counter({1: PEOPLE})  # nobody twice, nobody missing
    assert took_over < 5


async def test_kill_9_at_three_points_misses_nobody(fake: FakeBotApi, tmp_path: Path) -> None:
    database = tmp_path / "data" / "budaya.db"
    users = await population(fake, database, PEOPLE)
    fake.inject_delay("sendMessage", LATENCY, times=None)
    env = bot_env(fake, database, delivery_rate=RATE)
    for point in (PEOPLE // 5, PEOPLE // 2, PEOPLE * 4 // 5):
        victim = await start(["run"], env, tmp_path)
        await until(lambda at=point: sends(fake) >= at)  # type: ignore[misc]
        victim.kill9()
        await victim.exited(within=5)
    last = await start(["run"], env, tmp_path)
    await until(lambda: all(fake.messages_to(user) for user in users))
    assert await last.stop() == 0
    counts = per_user(fake, users)
    doubled = sum(n - 1 for n in (len(fake.messages_to(u)) for u in users) if n > 1)
    resent = resent_rows(database)
    print(f"kill -9 x3 among {PEOPLE}: missing {counts[0]}, doubled {doubled}, resent {resent}")
    assert counts[0] == 0  # nobody missing
    # Only what was in flight at a kill is sent again: the resent rows bound the doubles,
    # and they are a few per kill (the sender keeps at most 16 requests in flight).
    assert doubled <= resent <= 3 * 16
    assert max(counts) <= 2
