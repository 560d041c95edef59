"""Fixtures: the fake Bot API server and the real bot Application talking to it over HTTP."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# PTB 22 reads its own deprecated RetryAfter.retry_after inside __init__ unless told to use
# timedeltas; with warnings as errors that would turn every 429 into a warning exception.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app import build_application
from bot.config import Settings
from bot.handlers.context import BotApplication
from bot.services import Services
from tests.fakes import FakeBotApi, FakeUser, SentMessage

ROOT = Path(__file__).parents[1]
CONTENT_FILE = ROOT / "content" / "values_id.yaml"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(tmp_path: Path, fake: FakeBotApi) -> SettingsFactory:
    """Settings pointing at the fake server and a fresh database; keywords override."""

    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bot_token": fake.token,
            "bot_api_url": fake.api_url,
            "bot_api_file_url": fake.file_url,
            "database_path": tmp_path / "budaya.db",
            "content_file": CONTENT_FILE,
            "value_set": "berakhlak",
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


async def start_bot(settings: Settings, fake: FakeBotApi) -> RunningBot:
    app = build_application(settings)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
    except BaseException:
        await stop_bot(RunningBot(app, fake))
        raise
    return RunningBot(app, fake)


async def stop_bot(running: RunningBot) -> None:
    app = running.app
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    await app.shutdown()


@pytest.fixture
async def bot(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(), fake)
    try:
        yield running
    finally:
        await stop_bot(running)
