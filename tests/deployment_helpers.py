"""Pemda, bots and a supervisor running in the test's own event loop, for the tests of
bot/deployment."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from pydantic import SecretStr

from bot.config import Settings
from bot.deployment.supervisor import Supervisor
from bot.deployment.webhooks import PemdaWebhooks
from bot.emulator import FakeBot, FakeBotApi
from bot.storage import Database, open_database
from bot.storage.workers import WorkerRoster, worker_roster
from bot.tenants.models import Pemda
from tests.processes import until


def pemda_with_bot(fake: FakeBotApi, code: str, number: int) -> tuple[Pemda, FakeBot]:
    """A Pemda and its own bot on the emulator."""
    token = f"{700000 + number}:{code.upper()}"
    username = f"budaya_{code}_bot"
    bot = fake.add_bot(token, username)
    pemda = Pemda(
        code=code,
        name=f"Pemda {code}",
        bot_token=SecretStr(token),
        bot_username=username,
        webhook_secret=SecretStr(f"rahasia-{code}-{number:04d}"),
    )
    return pemda, bot


@dataclass
class MemoryRegistry:
    """A :class:`bot.tenants.ports.PemdaRegistry` in memory."""

    pemda: dict[str, Pemda] = field(default_factory=dict)

    async def add(self, pemda: Pemda) -> None:
        if pemda.code in self.pemda:
            raise ValueError(pemda.code)
        self.pemda[pemda.code] = pemda

    async def get(self, code: str) -> Pemda | None:
        return self.pemda.get(code)

    async def all(self, *, active_only: bool = False) -> list[Pemda]:
        return [p for p in self.pemda.values() if p.active or not active_only]

    async def deactivate(self, code: str) -> bool:
        pemda = self.pemda.get(code)
        if pemda is None:
            return False
        self.pemda[code] = Pemda(
            pemda.code,
            pemda.name,
            pemda.bot_token,
            pemda.bot_username,
            pemda.settings,
            pemda.webhook_secret,
            active=False,
        )
        return True


class Roster:
    """The real worker roster; ``pretend_live`` stands for workers started elsewhere."""

    def __init__(self, real: WorkerRoster) -> None:
        self.real = real
        self.pretend_live: int | None = None

    async def join(self) -> None:
        await self.real.join()

    async def live(self) -> int:
        live = await self.real.live()
        return live if self.pretend_live is None else self.pretend_live

    async def owned(self, pemda: dict[str, Database]) -> set[str]:
        return await self.real.owned(pemda)

    async def leave(self) -> None:
        await self.real.leave()


@dataclass
class Running:
    supervisor: Supervisor
    roster: Roster
    home: Database

    async def serving(self, *codes: str, within: float = 60.0) -> None:
        await until(lambda: sorted(self.supervisor.served) == sorted(codes), within=within)


@contextlib.asynccontextmanager
async def supervising(
    settings: Settings,
    registry: MemoryRegistry,
    *,
    webhooks: PemdaWebhooks | None = None,
    renew_every: float = 10.0,
) -> AsyncIterator[Running]:
    """A supervisor (rounds every 0.2 s) serving ``registry``'s Pemda until the block ends."""
    async with open_database(settings) as home:
        roster = Roster(worker_roster(home))
        supervisor = Supervisor(
            settings,
            registry,
            roster,
            webhooks=webhooks,
            round_seconds=0.2,
            renew_every=renew_every,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(supervisor.run(stop))
        try:
            yield Running(supervisor, roster, home)
        finally:
            stop.set()
            await asyncio.wait_for(task, 60)
