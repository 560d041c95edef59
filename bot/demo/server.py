"""``budaya-bot demo`` in one process: the Bot API emulator on 127.0.0.1, the real bot
(the same :func:`bot.app.build_application`) polling it, a fresh database seeded with the
sample roster and a few weeks of history, and the chat page on the emulator's own port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application, start_polling, stop_polling
from bot.clock import Clock
from bot.config import Settings
from bot.demo.history import Colleagues
from bot.demo.personas import DemoPerson, cast_order
from bot.demo.seed import ROSTER_FILE, seed
from bot.demo.timeshift import start_moment
from bot.demo.web import DemoPage, DemoSession
from bot.emulator import FakeBotApi
from bot.handlers.context import BotApplication
from bot.handlers.menu import sync_menu
from bot.texts import demo as texts

log = logging.getLogger(__name__)

TOKEN = "7000001:DEMO-budaya-kerja"
"""The emulated bot's token: only the emulator on 127.0.0.1 knows it."""
USERNAME = "budaya_kerja_demo_bot"
HOST = "127.0.0.1"
"""The only address the demo listens on: it is for the person at this computer."""
PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"
"""The checkout's content folder: the fallback when ``CONTENT_FILE`` is not found."""
START_SEND_WAIT = 30.0
"""Seconds the start waits for this morning's reminders to go out."""
POLL_TIMEOUT = 10
"""Seconds of the bot's long polls of the emulator."""


class DemoSetupError(Exception):
    """The demo cannot start; the message says why (Indonesian and English)."""


@dataclass(frozen=True)
class Demo:
    """A running demo."""

    url: str
    emulator: FakeBotApi
    app: BotApplication
    people: list[DemoPerson]
    database: Path


def demo_files(settings: Settings) -> tuple[Path, Path]:
    """The content file and the sample roster: ``CONTENT_FILE`` (or the project's own when
    run from elsewhere) and the roster next to it (or the project's)."""
    content = settings.content_file
    if not content.is_file():
        content = PROJECT_CONTENT / "values_id.yaml"
    for roster in (content.parent / ROSTER_FILE, PROJECT_CONTENT / ROSTER_FILE):
        if content.is_file() and roster.is_file():
            return content, roster
    raise DemoSetupError(texts.missing_files(settings.content_file, ROSTER_FILE))


def demo_settings(base: Settings, emulator: FakeBotApi, database: Path, content: Path) -> Settings:
    """``base`` (the operator's time zone, value set, times) pointed at the emulator and
    the demo's own database; never a webhook."""
    return base.model_copy(
        update={
            "bot_token": SecretStr(emulator.token),
            "bot_api_url": emulator.api_url,
            "bot_api_file_url": emulator.file_url,
            "bot_username": emulator.bot_username,
            "database_path": database,
            "content_file": content,
            "webhook_url": None,
            "webhook_secret": None,
        }
    )


@asynccontextmanager
async def running_demo(
    base: Settings, *, port: int = 0, now: datetime | None = None
) -> AsyncIterator[Demo]:
    """Start everything (``port`` 0: any free port); stop it all on leaving.

    ``now`` is the real moment the demo starts from (default: now); its clock starts on
    the last working day of that week, at 09.00 local time.
    """
    content, roster = demo_files(base)
    async with AsyncExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budaya-demo-")))
        page = DemoPage()
        emulator = FakeBotApi(
            TOKEN,
            USERNAME,
            bot_first_name=texts.BOT_NAME,
            host=HOST,
            port=port,
            routes=page.routes,
        )
        await emulator.start()
        stack.push_async_callback(emulator.stop)

        database = workdir / "budaya.db"
        settings = demo_settings(base, emulator, database, content)
        clock = Clock()
        app = build_application(settings, clock=clock)
        emulator.clock = lambda: clock.now().timestamp()
        services = app.bot_data.services

        # Seed before the bot starts, so its start-up catch-up already sees the roster
        # (everyone gets this morning's reminder).
        async with services.db:
            calendar = await services.calendar.calendar()
            start = start_moment(now or datetime.now(UTC), settings.tz, calendar)
            clock.set(start)
            people = await seed(services, emulator, roster, start.date(), start)
        log.info("demo database %s seeded for %s", database, start.isoformat())

        await start_polling(app, poll_timeout=POLL_TIMEOUT)
        stack.push_async_callback(stop_polling, app)

        # This morning's reminders, sent by the start-up catch-up, are out before the page
        # shows anything.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(START_SEND_WAIT):
                await services.dispatcher.idle()
        # Everyone's command menu as if they had used the bot before (it is set on use).
        for member in people:
            await sync_menu(
                app.bot,
                services.users,
                member.user.id,
                member.person,
                await services.users.menu(member.user.id),
            )
        cast = cast_order(people)
        unplayed = [p.person for p in cast if not p.featured and p.person.registered]
        colleagues = Colleagues(services, unplayed, start.date() - timedelta(days=1))
        page.session = DemoSession(emulator, app, cast, colleagues)
        stack.push_async_callback(page.close)
        yield Demo(f"http://{HOST}:{emulator.port}/", emulator, app, cast, database)


def free_port(port: int) -> bool:
    """Whether ``port`` can be listened on at :data:`HOST` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


async def serve(base: Settings, port: int, stop: asyncio.Event | None = None) -> None:
    """Run the demo until ``stop`` is set (or the task is cancelled: Ctrl+C), printing the
    address to open. A taken ``port`` falls back to any free one."""
    if port and not free_port(port):
        print(texts.port_taken(port), flush=True)
        port = 0
    async with running_demo(base, port=port) as demo:
        print(texts.ready(demo.url), flush=True)
        await (stop or asyncio.Event()).wait()
