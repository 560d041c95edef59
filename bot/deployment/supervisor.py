"""One worker: in one event loop, one python-telegram-bot Application per Pemda it owns.

Every round (:data:`ROUND`, 5 s) the supervisor reads the active Pemda from the registry,
counts the live workers and aims at its fair share (:func:`~bot.deployment.share.fair_share`):

- below it, it takes Pemda nobody owns (:meth:`WorkerRoster.owned` tells without taking
  anything): opens the Pemda's database, takes its lease without waiting
  (:class:`~bot.ownership.Ownership`), and only for a Pemda it got builds the Application
  (:func:`bot.app.build_application` with the Pemda's settings and database) and starts it;
- above it (a worker started later), it gives the newest back gracefully: polling stops,
  the updates in hand are handled, the outbox drains, the lease is released, and the other
  worker takes the Pemda on its next round;
- a Pemda deactivated or changed in the registry is stopped (a changed one is taken again
  with its new settings);
- a Pemda whose lease is lost (its lock connection broke, or another worker took it after
  this one stalled) is stopped alone: the others run on.

A Pemda that cannot start (its overrides, its content, its database, its token) is logged
and tried again after :data:`RETRY_AFTER` seconds; it never stops the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application, start_behind_server, start_polling, stop_polling
from bot.config import Settings
from bot.content import ContentPack, load_content
from bot.deployment.share import fair_share
from bot.deployment.webhooks import PemdaWebhooks, pemda_webhook_secret, pemda_webhook_url
from bot.handlers.context import BotApplication
from bot.health import heartbeat_path, write_heartbeat
from bot.logs import PEMDA
from bot.ownership import RENEW_EVERY, HeldElsewhere, Ownership
from bot.storage.database import Database
from bot.storage.lease import SqliteLease
from bot.storage.pg_lease import PostgresLease
from bot.storage.workers import WorkerRoster, shared_engine
from bot.tenants.location import pemda_database, pemda_settings
from bot.tenants.models import Pemda
from bot.tenants.ports import PemdaRegistry

log = logging.getLogger(__name__)

ROUND = 5.0
"""Seconds between two rounds of taking and giving back."""
RETRY_AFTER = 60.0
"""Seconds before a Pemda that failed to start is tried again."""
POLL_TIMEOUT = 10
"""Seconds of each long poll (``getUpdates``) in polling mode."""
DATA_POOL = 12
"""PostgreSQL: the connections every Pemda of a worker share (as many again in bursts:
those are closed when given back, and opening one costs more than a transaction); besides
them each owned Pemda keeps one for its lease's lock."""

Build = Callable[[Settings, Database, ContentPack], BotApplication]


def build(settings: Settings, db: Database, content: ContentPack) -> BotApplication:
    return build_application(settings, db=db, content=content)


@dataclass
class Served:
    pemda: Pemda
    app: BotApplication
    since: float
    """``time.monotonic()`` when it started: the newest are given back first."""


class Supervisor:
    def __init__(
        self,
        settings: Settings,
        registry: PemdaRegistry,
        workers: WorkerRoster,
        *,
        webhooks: PemdaWebhooks | None = None,
        round_seconds: float = ROUND,
        renew_every: float = RENEW_EVERY,
        build: Build = build,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.workers = workers
        self.webhooks = webhooks
        self.round_seconds = round_seconds
        self.renew_every = renew_every
        self._build = build
        self.served: dict[str, Served] = {}
        self.share = 0
        self._retry_at: dict[str, float] = {}
        self._contents: dict[Path, ContentPack] = {}
        self._lock = asyncio.Lock()
        self._opening = asyncio.Lock()
        """One database opened at a time: Alembic's migration context is global."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._data_engine: AsyncEngine | None = None
        self._lease_engine: AsyncEngine | None = None

    # --- the loop ----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set, then stop every Pemda gracefully."""
        await self.workers.join()
        if self.settings.database_file is None:  # PostgreSQL
            target = self.settings.database_target
            self._data_engine = shared_engine(target, pool_size=DATA_POOL, max_overflow=DATA_POOL)
            self._lease_engine = shared_engine(target, pool_size=2, max_overflow=-1)
        try:
            if self.webhooks is not None:
                await self.webhooks.start()
            while not stop.is_set():
                try:
                    await self.round()
                except Exception:
                    log.exception("a round of taking and giving back Pemda failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.round_seconds)
        finally:
            await self.stop_all()
            if self.webhooks is not None:
                await self.webhooks.stop()
            await self.workers.leave()
            for engine in (self._data_engine, self._lease_engine):
                if engine is not None:
                    await engine.dispose()

    async def round(self) -> None:
        """Take up to the fair share, or give the surplus back."""
        async with self._lock:
            active = {pemda.code: pemda for pemda in await self.registry.all(active_only=True)}
            if self.webhooks is not None:
                self.webhooks.know(
                    {code: pemda_webhook_secret(self.settings, p) for code, p in active.items()}
                )
            gone = [code for code, s in self.served.items() if active.get(code) != s.pemda]
            await asyncio.gather(
                *(self._give_back(code, "deactivated or changed") for code in gone)
            )
            live = await self.workers.live()
            self.share = fair_share(len(active), live)
            if len(self.served) > self.share:
                newest = sorted(self.served.values(), key=lambda s: s.since)[self.share :]
                await asyncio.gather(
                    *(self._give_back(s.pemda.code, "more than a fair share") for s in newest)
                )
            elif len(self.served) < self.share:
                await self._take_up_to(self.share, active)
            self._beat()

    async def stop_all(self) -> None:
        async with self._lock:
            await asyncio.gather(
                *(self._give_back(code, "stopping") for code in list(self.served))
            )
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- taking ------------------------------------------------------------------------

    async def _take_up_to(self, share: int, active: dict[str, Pemda]) -> None:
        now = time.monotonic()
        free = [
            code
            for code in active
            if code not in self.served and self._retry_at.get(code, 0.0) <= now
        ]
        if not free:
            return
        owned = await self.workers.owned(
            {code: pemda_database(self.settings, code) for code in free}
        )
        candidates = [code for code in free if code not in owned]
        random.shuffle(candidates)  # workers starting together try different ones first
        while candidates and len(self.served) < share:
            wanted = share - len(self.served)
            batch, candidates = candidates[:wanted], candidates[wanted:]
            await asyncio.gather(*(self._take(active[code]) for code in batch))

    async def _take(self, pemda: Pemda) -> bool:
        """Take ``pemda``'s lease and start its Application; False if not (held elsewhere,
        or it failed: then tried again later)."""
        code = pemda.code
        # This task's context, and so every task its Application starts: their log lines
        # name the Pemda (bot/logs.py).
        PEMDA.set(code)
        try:
            settings = pemda_settings(self.settings, pemda)
            content = self._content(settings.content_file)
        except Exception as error:
            return self._failed(code, f"its settings or content: {error}")
        db = pemda_database(self.settings, code, engine=self._data_engine)
        # PostgreSQL: the lock's connection comes from the leases' engine, so the data's
        # pool stays whole however many Pemda this worker owns.
        lease_db = (
            db if db.sqlite else pemda_database(self.settings, code, engine=self._lease_engine)
        )
        lease = SqliteLease(db) if db.sqlite else PostgresLease(lease_db)
        ownership = Ownership(lease, renew_every=self.renew_every)
        try:
            async with self._opening:
                await db.open()
            if lease_db is not db:
                await lease_db.open(migrate=False)
            await ownership.acquire(standby=False)
        except HeldElsewhere:
            await _let_go(ownership, db, lease)
            return False
        except Exception as error:
            await _let_go(ownership, db, lease)
            return self._failed(code, f"its database {db.label}: {error}")
        ownership.keep(on_lost=functools.partial(self._on_lost, code))
        try:
            app = self._build(settings, db, content)
            services = app.bot_data.services
            # The lease taken above is this Application's: its post_init skips taking one,
            # its post_shutdown gives it up and closes the database.
            services.lease, services.ownership = lease, ownership
            if self.webhooks is not None:
                self.webhooks.serve(code, app)
                await start_behind_server(
                    app,
                    url=pemda_webhook_url(self.settings, code),
                    secret=pemda_webhook_secret(self.settings, pemda),
                )
            else:
                await start_polling(app, poll_timeout=POLL_TIMEOUT)
        except Exception as error:
            if self.webhooks is not None:
                self.webhooks.unserve(code)
            await _let_go(ownership, db, lease)
            return self._failed(code, f"its bot did not start: {error}")
        self.served[code] = Served(pemda, app, time.monotonic())
        log.info("Pemda %s (%s): serving it (%d here)", code, pemda.name, len(self.served))
        return True

    def _content(self, path: Path) -> ContentPack:
        """Each content file parsed once (it takes a second), shared by its Pemda."""
        if path not in self._contents:
            self._contents[path] = load_content(path)
        return self._contents[path]

    def _failed(self, code: str, why: str) -> bool:
        log.error("Pemda %s cannot be served, %s; trying again in %.0f s", code, why, RETRY_AFTER)
        self._retry_at[code] = time.monotonic() + RETRY_AFTER
        return False

    # --- giving back -------------------------------------------------------------------

    async def _give_back(self, code: str, why: str) -> None:
        served = self.served.pop(code, None)
        if served is None:
            return
        log.info("Pemda %s: giving it back (%s)", code, why)
        if self.webhooks is not None:
            self.webhooks.unserve(code)
        try:
            # Polling stops, the updates in hand are handled, the outbox drains, then
            # post_shutdown releases the lease and closes the database.
            await stop_polling(served.app)
        except Exception:
            log.exception("Pemda %s did not stop cleanly", code)
            services = served.app.bot_data.services
            await _let_go(services.ownership, services.db, services.lease)

    def _on_lost(self, code: str) -> None:
        log.error("Pemda %s: its lease is lost (another worker has it now): stopping it", code)
        task = asyncio.get_running_loop().create_task(self._drop_lost(code))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drop_lost(self, code: str) -> None:
        async with self._lock:
            await self._give_back(code, "lease lost")

    def _beat(self) -> None:
        """The worker is alive (the container's health check), even when it serves none."""
        try:
            self.settings.state_folder.mkdir(parents=True, exist_ok=True)
            write_heartbeat(heartbeat_path(self.settings.state_folder), datetime.now(UTC))
        except OSError:
            log.warning("could not write the heartbeat", exc_info=True)


async def _let_go(ownership: Ownership, db: Database, lease: SqliteLease | PostgresLease) -> None:
    """Release the lease, close the database, then the lock's file (idempotent)."""
    try:
        await ownership.release()
    except Exception:
        log.warning("releasing the lease of %s failed", db.label, exc_info=True)
    finally:
        await db.close()
        lease.close()
