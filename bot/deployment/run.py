"""``budaya-bot run`` for a deployment of many Pemda: whether it is one, and running it."""

from __future__ import annotations

import asyncio
import logging
import signal

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.deployment.supervisor import ROUND, Supervisor
from bot.deployment.webhooks import PemdaWebhooks
from bot.storage import open_database
from bot.storage.diagnosis import DatabaseUnusable
from bot.storage.tenants import PemdaRepository
from bot.storage.workers import worker_roster
from bot.tenants.models import Pemda
from bot.webhook import count_refusals

log = logging.getLogger(__name__)

REGISTRY_TABLE = "pemda"


async def active_pemda(settings: Settings) -> list[Pemda]:
    """The active Pemda of the registry; none when there is no registry (nothing is created
    or migrated to find out: a single-Pemda deployment runs exactly as before)."""
    file = settings.database_file
    if file is not None and not file.exists():
        return []
    home = open_database(settings)
    try:
        await home.open(migrate=False)
    except (SQLAlchemyError, OSError, DatabaseUnusable):
        # Unusable or not reachable now: the single-Pemda path reports it in its own words.
        log.debug("cannot look for a Pemda registry in %s", home.label, exc_info=True)
        return []
    try:
        if REGISTRY_TABLE not in await home.tables():
            return []
        registry = PemdaRepository(home)
        await registry.migrate()
        return await registry.all(active_only=True)
    finally:
        await home.close()


async def serve(settings: Settings, stop: asyncio.Event, *, round_seconds: float = ROUND) -> None:
    """Serve the deployment's Pemda (polling, or webhooks when ``WEBHOOK_URL`` is set) with
    this worker's share of them, until ``stop`` is set."""
    async with open_database(settings) as home:
        registry = PemdaRepository(home)
        await registry.migrate()
        webhooks = None
        if settings.webhook_url:
            webhooks = PemdaWebhooks(
                settings.webhook_listen, settings.webhook_port, count_refusals()
            )
        supervisor = Supervisor(
            settings,
            registry,
            worker_roster(home),
            webhooks=webhooks,
            round_seconds=round_seconds,
        )
        await supervisor.run(stop)


def run_pemda(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop every Pemda gracefully."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop)

    asyncio.run(main())
