"""The daily broadcast's HTTP client (aiohttp) speaks the Bot API as PTB's own does, over
real HTTP to the fake Bot API, and says when a failed send may still have been delivered."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from telegram import Bot

from bot.config import Settings
from bot.delivery.sender import Outgoing, Transient
from bot.emulator import FakeBotApi
from bot.handlers.aiohttp_request import AiohttpRequest
from bot.handlers.delivery import TelegramTransport


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.api_url, request=AiohttpRequest(4)) as client:
        yield client


@contextlib.asynccontextmanager
async def transport_for(
    url: str, token: str, **timeouts: float
) -> AsyncIterator[TelegramTransport]:
    """The broadcast's transport with one connection (no getMe: the server may be away)."""
    settings = Settings(_env_file=None, bot_token=SecretStr(token), bot_api_url=url)
    async with AiohttpRequest(1, **timeouts) as request:
        yield TelegramTransport(settings, request)


async def test_text_buttons_and_a_file_reach_the_user(fake: FakeBotApi, bot: Bot) -> None:
    user = fake.make_user("Sari", started=True)
    await bot.send_message(user.id, "Selamat pagi, <b>Sari</b> 🌅", parse_mode="HTML")
    await bot.send_document(user.id, b"a,b\n1,2\n", filename="laporan.csv", caption="Laporan")

    text, document = fake.messages_to(user)
    assert text.text == "Selamat pagi, Sari 🌅"
    assert document.document is not None
    assert (document.document.filename, document.document.data) == ("laporan.csv", b"a,b\n1,2\n")
    assert document.text == "Laporan"


async def test_no_answer_in_time_may_have_been_delivered(fake: FakeBotApi) -> None:
    user = fake.make_user("Budi", started=True)
    fake.inject_delay("sendMessage", 2.0)
    async with transport_for(fake.api_url, fake.token, read_timeout=0.3) as transport:
        with pytest.raises(Transient) as failed:
            await transport.send(Outgoing(user.id, "hai"))
    assert failed.value.maybe_delivered is True


async def test_no_free_connection_was_surely_not_sent(fake: FakeBotApi) -> None:
    user = fake.make_user("Citra", started=True)
    fake.inject_delay("sendMessage", 1.0)
    async with transport_for(
        fake.api_url, fake.token, pool_timeout=0.1, connect_timeout=0.1
    ) as transport:
        first = asyncio.create_task(transport.send(Outgoing(user.id, "satu")))
        await asyncio.sleep(0.2)  # the one connection is busy with the first send
        with pytest.raises(Transient) as failed:
            await transport.send(Outgoing(user.id, "dua"))
        await first
    assert failed.value.maybe_delivered is False
    assert [m.text for m in fake.messages_to(user)] == ["satu"]


async def test_nobody_listening_was_surely_not_sent(fake: FakeBotApi) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with transport_for(f"http://127.0.0.1:{port}/bot", fake.token) as transport:
        with pytest.raises(Transient) as failed:
            await transport.send(Outgoing(42, "hai"))
    assert failed.value.maybe_delivered is False


async def test_a_proxy_from_the_environment_is_used_unless_bypassed(
    fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = fake.make_user("Dewi", started=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with transport_for(fake.api_url, fake.token) as transport:
        with pytest.raises(Transient) as failed:
            await transport.send(Outgoing(user.id, "lewat proxy"))
    assert failed.value.maybe_delivered is False  # the proxy never took it

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with transport_for(fake.api_url, fake.token) as transport:
        await transport.send(Outgoing(user.id, "langsung"))
    assert [m.text for m in fake.messages_to(user)] == ["langsung"]
