"""Real ``budaya-bot`` processes for the end-to-end tests of what is about processes (one
owner per database, kill -9, start-up on a broken database): started against the emulator
running in the test process, killed or stopped as an operator (or the kernel) would."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import prepare_database
from bot.emulator import FakeBotApi, FakeUser

ROOT = Path(__file__).parents[1]
CONTENT_FILE = ROOT / "content" / "values_id.yaml"
MONDAY_MORNING = "2026-11-23T08:00:00+07:00"
"""A working Monday after everyone's 07.30 reminder time."""


_numbers = itertools.count()
running: list[asyncio.subprocess.Process] = []
"""Every process started, for :func:`reap` (a failed test must not leave bots running)."""


async def reap() -> None:
    """Kill what a test left running."""
    while running:
        process = running.pop()
        if process.returncode is None:
            process.kill()
            await process.wait()


@dataclass
class BotProcess:
    """One ``budaya-bot`` process; its output goes to files (read with :meth:`output`)."""

    process: asyncio.subprocess.Process
    out: Path
    err: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def exited(self, within: float) -> int:
        async with asyncio.timeout(within):
            return await self.process.wait()

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self, within: float = 15.0) -> int:
        """SIGTERM, as systemd or ``docker stop`` does, and wait for the exit."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.exited(within)

    def output(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")


def bot_env(fake: FakeBotApi, database: Path, **settings: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOT_", "DATABASE_", "DELIVERY_", "LOG_"))
    }
    env.update(
        PTB_TIMEDELTA="true",
        BOT_TOKEN=fake.token,
        BOT_API_URL=fake.api_url,
        BOT_API_FILE_URL=fake.file_url,
        DATABASE_URL=f"sqlite:///{database}",
        CONTENT_FILE=str(CONTENT_FILE),
        LOG_LEVEL="INFO",
    )
    env.update({key.upper(): value for key, value in settings.items()})
    return env


async def start(
    args: Sequence[str],
    env: dict[str, str],
    workdir: Path,
    *,
    at: str = MONDAY_MORNING,
    prefix: Sequence[str] = (),
) -> BotProcess:
    """``budaya-bot ARGS`` with the bot's clock at ``at``, in ``workdir`` (no .env there);
    ``prefix``: a command that runs it (e.g. ``setpriv`` to drop privileges)."""
    number = next(_numbers)
    out, err = workdir / f"process-{number}.out", workdir / f"process-{number}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            *prefix,
            sys.executable,
            "-m",
            "tests.bot_at",
            at,
            *args,
            cwd=workdir,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=stdout,
            stderr=stderr,
        )
    running.append(process)
    return BotProcess(process, out, err)


async def population(fake: FakeBotApi, database: Path, people: int) -> list[FakeUser]:
    """``people`` registered people, each a fake user who has started the bot."""
    users = [fake.make_user(f"P{i}", started=True) for i in range(people)]
    await prepare_database(database, [u.id for u in users])
    return users


async def until(condition: Callable[[], bool], within: float = 20.0) -> None:
    """Poll ``condition`` every 20 ms (neither the fake nor a process has an event for it)."""
    for _ in range(int(within * 50)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not done within {within} s")


def sends(fake: FakeBotApi) -> int:
    """sendMessage calls the emulator has answered with success."""
    return sum(1 for r in fake.requests if r.method == "sendMessage" and r.status == 200)
