"""Fixtures: the fake Bot API server and the real bot Application talking to it over HTTP."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

# PTB 22 reads its own deprecated RetryAfter.retry_after inside __init__ unless told to use
# timedeltas; with warnings as errors that would turn every 429 into a warning exception.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app import build_application, start_polling, stop_polling
from bot.clock import Clock
from bot.config import Settings
from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.handlers.context import BotApplication
from bot.services import Services
from bot.storage import Database
from tests.engines import ENGINES, DatabaseTarget, new_target, postgres_status
from tests.processes import reap

ROOT = Path(__file__).parents[1]
CONTENT_FILE = ROOT / "content" / "values_id.yaml"
WIB = ZoneInfo("Asia/Jakarta")


def wib(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """``hour:minute`` on ``day`` in Jakarta time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


SERIAL_MODULES = frozenset(
    {"test_demo_browser", "test_delivery_bench_smoke", "test_traffic_bench_smoke"}
)
"""Besides every ``test_process_*`` module: tests that time real processes or a browser, run
after the bulk of the suite (``make unit``), not beside its load: two files at a time, so
no more than two of them share the machine. (The image's install replay,
tests/test_deploy.py, times nothing: it runs in the bulk.)"""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite itself (its file, locks, backup): one engine"
    )
    config.addinivalue_line("markers", "serial: timed against real processes; run alone")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.stem
        if module.startswith("test_process_") or module in SERIAL_MODULES:
            item.add_marker(pytest.mark.serial)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a database runs on each engine (``engine_name``), unless it is
    marked ``sqlite_only``; PostgreSQL only when a server is there (tests/engines.py)."""
    if "engine_name" in metafunc.fixturenames:
        engines: tuple[str, ...] = ENGINES
        if metafunc.definition.get_closest_marker("sqlite_only") or not postgres_status().url:
            engines = ("sqlite",)
        metafunc.parametrize("engine_name", engines, scope="function")


def pytest_report_header(config: pytest.Config) -> str:
    return postgres_status().line


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(postgres_status().line, bold=True)


@pytest.fixture
async def database_target(engine_name: str, tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    """A fresh, empty database on the test's engine (dropped afterwards on PostgreSQL)."""
    target = new_target(engine_name, tmp_path)
    await target.prepare()
    try:
        yield target
    finally:
        await target.drop()


@pytest.fixture
async def empty_db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        yield database


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(
    tmp_path: Path, fake: FakeBotApi, database_target: DatabaseTarget
) -> SettingsFactory:
    """Settings pointing at the fake server and a fresh database on the test's engine;
    keywords override."""

    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bot_token": fake.token,
            "bot_api_url": fake.api_url,
            "bot_api_file_url": fake.file_url,
            **database_target.settings(),
            "content_file": CONTENT_FILE,
            "value_set": "berakhlak",
            # Telegram paces one private chat at about 1 message/s; the emulator does not, and
            # a flow that replies several times would spend most of a test waiting. Tests of
            # the pacing itself pass delivery_chat_rate explicitly.
            "delivery_chat_rate": 30,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return factory


@dataclass
class RunningBot:
    """The real Application, polling the fake server, plus shortcuts for tests."""

    app: BotApplication
    fake: FakeBotApi

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    async def ask(self, user: FakeUser, text: str, within: float = 5.0) -> SentMessage:
        """``user`` sends ``text`` in their private chat; the bot's next message to them."""
        await self.fake.send_message(user, text)
        return await self.fake.wait_for_message(user, timeout=within)


def set_now(bot: RunningBot, moment: datetime) -> None:
    """Move the running bot's clock to ``moment`` (an aware datetime)."""
    bot.services.clock.set(moment)


async def start_bot(
    settings: Settings, fake: FakeBotApi, *, now: datetime | None = None
) -> RunningBot:
    """Start the real Application; ``now`` sets its clock before any job runs (the
    start-up catch-up of the dispatcher included), so a restart in a test is
    independent of the real time of day."""
    app = build_application(settings, clock=None if now is None else Clock.at(now))
    await start_polling(app, poll_timeout=1)
    return RunningBot(app, fake)


async def stop_bot(running: RunningBot) -> None:
    await stop_polling(running.app)


@pytest.fixture
async def bot(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


@pytest.fixture
async def reap_processes() -> AsyncIterator[None]:
    """Kill any ``budaya-bot`` process a test started and left running (tests/processes.py)."""
    yield
    await reap()
