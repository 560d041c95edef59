"""One emulator, several bots (one per Pemda): each token reaches its own bot, with its own
chats, updates, rate cap and faults; users are shared, as on Telegram."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import Conflict, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.emulator import FakeBot, FakeBotApi, SendStats
from bot.emulator.stats import peak_in_window

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
SERANG = "700001:SERANG"
BANGKA = "700002:BANGKA"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def start_echo(server: FakeBotApi, bot: FakeBot) -> AnyApplication:
    """A real Application for ``bot`` that answers every text with its own name."""
    application: AnyApplication = (
        ApplicationBuilder()
        .token(bot.token)
        .base_url(server.api_url)
        .base_file_url(server.file_url)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        me = context.bot.username
        await update.effective_message.reply_text(f"{me}: {update.effective_message.text}")

    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    return application


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def start_echo_webhook(
    server: FakeBotApi, bot: FakeBot, public: str, secret: str
) -> AnyApplication:
    """As :func:`start_echo`, but taking updates on PTB's webhook server (a free local port
    the emulator reaches ``public`` at)."""
    application: AnyApplication = (
        ApplicationBuilder().token(bot.token).base_url(server.api_url).build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        me = context.bot.username
        await update.effective_message.reply_text(f"{me}: {update.effective_message.text}")

    application.add_handler(MessageHandler(filters.TEXT, echo))
    port = free_port()
    server.route_webhook(public, f"http://127.0.0.1:{port}")
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        webhook_url=f"{public}/telegram",
        secret_token=secret,
    )
    return application


async def stop_app(application: AnyApplication) -> None:
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def send(client: httpx.AsyncClient, server: FakeBotApi, token: str, **params: Any) -> Any:
    response = await client.post(f"{server.api_url}{token}/sendMessage", data=params)
    return response.json()


async def test_two_applications_on_one_server_see_only_their_own_chats(
    server: FakeBotApi,
) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot", rate_cap=30)
    bangka = server.add_bot(BANGKA, "budaya_bangka_bot", rate_cap=30)
    assert server.bots == [server, serang, bangka]
    assert server.bot_with_token(BANGKA) is bangka
    apps = [await start_echo(server, serang), await start_echo(server, bangka)]
    try:
        # One person (one Telegram id) writes to both bots: two chats, one per bot.
        ani = serang.make_user("Ani", "ani_asn")
        await serang.send_message(ani, "halo Serang")
        await bangka.send_message(ani, "halo Bangka")
        from_serang = await serang.wait_for_message(ani)
        from_bangka = await bangka.wait_for_message(ani)
        assert from_serang.text == "budaya_serang_bot: halo Serang"
        assert from_bangka.text == "budaya_bangka_bot: halo Bangka"
        # Message ids count per chat of each bot, as on Telegram.
        assert (from_serang.message_id, from_bangka.message_id) == (2, 2)
        assert [m.text for m in serang.messages_to(ani)] == [from_serang.text]
        assert [m.text for m in serang.incoming_messages(ani)] == ["halo Serang"]
        assert [m.text for m in bangka.incoming_messages(ani)] == ["halo Bangka"]
        assert [r.method for r in serang.requests].count("sendMessage") == 1
        # The first bot of the server saw none of it.
        assert server.messages_to(ani) == []
        assert not server.calls("sendMessage")
        assert not server.calls("getUpdates")
        # A button of one bot's message cannot be pressed in another bot's chat.
        with pytest.raises(ValueError, match="not sent by this bot"):
            await bangka.press_button(ani, from_serang, "x", forged=True)
    finally:
        for application in apps:
            await stop_app(application)
    assert server.internal_errors == []


async def test_updates_and_get_me_are_per_token(server: FakeBotApi) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot", first_name="Budaya Serang")
    ani = server.make_user("Ani")
    await server.send_message(ani, "untuk bot pertama")
    await serang.send_message(ani, "untuk Serang")
    async with (
        Bot(server.token, base_url=server.api_url) as first,
        Bot(SERANG, base_url=server.api_url) as second,
    ):
        assert (second.id, second.username, second.first_name) == (
            700001,
            "budaya_serang_bot",
            "Budaya Serang",
        )
        got_first = await first.get_updates()
        got_second = await second.get_updates()
        assert [u.message.text for u in got_first if u.message] == ["untuk bot pertama"]
        assert [u.message.text for u in got_second if u.message] == ["untuk Serang"]
        # Offsets are per bot: confirming Serang's update leaves the first bot's pending.
        await second.get_updates(offset=got_second[-1].update_id + 1)
        assert serang.pending_updates == []
        assert len(server.pending_updates) == 1
        # Polling is per token too: a second poller of Serang ends Serang's poll only.
        polling = asyncio.create_task(
            first.get_updates(offset=got_first[-1].update_id + 1, timeout=2)
        )
        older = asyncio.create_task(second.get_updates(timeout=2))
        await asyncio.sleep(0.1)
        async with Bot(SERANG, base_url=server.api_url) as again:
            assert await again.get_updates() == ()
        with pytest.raises(Conflict):
            await older
        await server.send_message(ani, "lagi")
        assert [u.message.text for u in await polling if u.message] == ["lagi"]


async def test_unknown_token_is_unauthorized_and_files_stay_with_their_bot(
    server: FakeBotApi,
) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    ani = serang.make_user("Ani", started=True)
    async with httpx.AsyncClient() as client:
        refused = await client.post(f"{server.api_url}999999:NOPE/getMe")
        assert refused.status_code == 401
        assert refused.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        # A user of Serang is unknown to the first bot until they write to it.
        assert (await send(client, server, server.token, chat_id=ani.id, text="x"))[
            "description"
        ] == "Bad Request: chat not found"

    async with Bot(SERANG, base_url=server.api_url, base_file_url=server.file_url) as bot:
        sent = await bot.send_document(ani.id, b"SK KBK", filename="sk.pdf")
        assert sent.document is not None
        file_id = sent.document.file_id
        assert await (await bot.get_file(file_id)).download_as_bytearray() == b"SK KBK"
        path = serang.files.by_id[file_id].file_path
    async with httpx.AsyncClient() as client:
        # Another bot's token gets neither the file id nor the download.
        other = await client.post(
            f"{server.api_url}{server.token}/getFile", data={"file_id": file_id}
        )
        assert other.json()["description"] == "Bad Request: invalid file_id"
        assert (await client.get(f"{server.file_url}{server.token}/{path}")).status_code == 404
        assert (await client.get(f"{server.file_url}999999:NOPE/{path}")).status_code == 404
        assert (await client.get(f"{server.file_url}{SERANG}/{path}")).content == b"SK KBK"


async def test_caps_faults_and_blocks_are_per_bot(server: FakeBotApi) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot", rate_cap=3)
    bangka = server.add_bot(BANGKA, "budaya_bangka_bot", rate_cap=5)
    ani = serang.make_user("Ani", started=True)
    bangka.add_user(ani, started=True)
    bangka.inject_fault("sendMessage", status=502, times=1)
    serang.block_bot(ani)
    serang.unblock_bot(ani)
    bangka.block_bot(ani)
    async with httpx.AsyncClient() as client:
        at_serang = [
            await send(client, server, SERANG, chat_id=ani.id, text=f"{i}") for i in range(6)
        ]
        bangka.unblock_bot(ani)
        at_bangka = [
            await send(client, server, BANGKA, chat_id=ani.id, text=f"{i}") for i in range(7)
        ]
    assert [a["ok"] for a in at_serang] == [True] * 3 + [False] * 3
    assert {a["error_code"] for a in at_serang[3:]} == {429}
    assert [a.get("error_code") for a in at_bangka] == [502] + [None] * 5 + [429]
    assert serang.rate_cap is not None
    assert bangka.rate_cap is not None
    assert (serang.rate_cap.refused, bangka.rate_cap.refused) == (3, 1)
    assert server.rate_cap is None
    assert [u["my_chat_member"]["new_chat_member"]["status"] for u in bangka.pending_updates] == [
        "kicked",
        "member",
    ]

    stats = server.all_send_stats()
    assert stats.per_bot["budaya_serang_bot"].sends == 3
    assert stats.per_bot["budaya_serang_bot"].refused == 3
    assert stats.per_bot["budaya_bangka_bot"].sends == 5
    assert stats.per_bot["budaya_bangka_bot"].refused == 1  # the 502 is not a refusal
    assert stats.per_bot["budaya_test_bot"].sends == 0
    assert (stats.total.sends, stats.total.refused, stats.total.peak_per_second) == (8, 4, 8)
    assert stats.per_bot["budaya_bangka_bot"].peak_per_second == 5
    later = serang.send_stats(since=serang.send_arrivals()[-1])
    assert (later.sends, later.refused) == (1, 3)


async def test_a_real_application_keeps_within_its_own_cap() -> None:
    async with FakeBotApi() as server:
        capped = server.add_bot(SERANG, "budaya_serang_bot", rate_cap=2)
        ani = capped.make_user("Ani", started=True)
        async with Bot(SERANG, base_url=server.api_url) as bot:
            await bot.send_message(ani.id, "1")
            await bot.send_message(ani.id, "2")
            with pytest.raises(RetryAfter):
                await bot.send_message(ani.id, "3")
            # The first bot of the same server is not capped by Serang's traffic.
        async with Bot(server.token, base_url=server.api_url) as first:
            server.add_user(ani, started=True)
            for text in ("a", "b", "c"):
                await first.send_message(ani.id, text)
        assert [m.text for m in capped.messages_to(ani)] == ["1", "2"]
        assert len(server.messages_to(ani)) == 3


async def test_webhooks_are_per_bot(server: FakeBotApi) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    async with (
        Bot(SERANG, base_url=server.api_url) as hooked,
        Bot(server.token, base_url=server.api_url) as polling,
    ):
        assert await hooked.set_webhook("https://serang.example.go.id/tg", secret_token="rahasia1")
        assert serang.webhook is not None
        assert serang.webhook["secret_token"] == "rahasia1"
        assert server.webhook is None
        with pytest.raises(Conflict, match="webhook is active"):
            await hooked.get_updates()
        assert await polling.get_updates() == ()
        assert (await polling.get_webhook_info()).url == ""


async def test_adding_bots_refuses_a_taken_token_or_username(server: FakeBotApi) -> None:
    with pytest.raises(ValueError, match="token"):
        server.add_bot(server.token, "lain_bot")
    with pytest.raises(ValueError, match="@Budaya_Test_Bot"):
        server.add_bot(SERANG, "Budaya_Test_Bot")
    with pytest.raises(ValueError, match="bot token looks like"):
        server.add_bot("serang", "budaya_serang_bot")
    stranger = FakeBotApi().make_user("Orang lain")
    with pytest.raises(ValueError, match="not made by this server"):
        server.add_user(stranger)
    # Ids are unique across the bots of one server: one id, one person.
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    ids = {
        server.make_user().id,
        serang.make_user().id,
        server.make_group().id,
        serang.make_group().id,
    }
    assert len(ids) == 4


async def test_waits_on_an_added_bot_end_when_the_server_stops() -> None:
    server = FakeBotApi()
    await server.start()
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    ani = serang.make_user("Ani", started=True)
    async with Bot(SERANG, base_url=server.api_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        waiting = asyncio.create_task(serang.wait_for_message(ani, timeout=30))
        await asyncio.sleep(0.1)
        await server.stop()
        assert await asyncio.wait_for(poll, 5) == ()
        with pytest.raises(AssertionError):
            await asyncio.wait_for(waiting, 5)


async def test_each_bot_gets_its_updates_on_its_own_webhook_with_its_secret(
    server: FakeBotApi,
) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    bangka = server.add_bot(BANGKA, "budaya_bangka_bot")
    apps = [
        await start_echo_webhook(server, serang, "https://serang.example.go.id", "rahasia-serang"),
        await start_echo_webhook(server, bangka, "https://bangka.example.go.id", "rahasia-bangka"),
    ]
    try:
        assert serang.webhook is not None
        assert serang.webhook["secret_token"] == "rahasia-serang"
        ani = serang.make_user("Ani")
        await serang.send_message(ani, "halo Serang")
        await bangka.send_message(ani, "halo Bangka")
        assert (await serang.wait_for_message(ani)).text == "budaya_serang_bot: halo Serang"
        assert (await bangka.wait_for_message(ani)).text == "budaya_bangka_bot: halo Bangka"
        assert (serang.webhook_posts, bangka.webhook_posts) == (1, 1)
        assert serang.pending_updates == []

        # Bangka's webhook given another bot's secret: PTB refuses the posts (403), the
        # update waits, and getWebhookInfo says why, as Telegram's does.
        async with Bot(BANGKA, base_url=server.api_url) as client:
            await client.set_webhook("https://bangka.example.go.id/telegram", secret_token="x")
            await bangka.send_message(ani, "lagi")
            for _ in range(150):  # up to 3 s
                info = await client.get_webhook_info()
                if info.last_error_message is not None:
                    break
                await asyncio.sleep(0.02)
            assert info.pending_update_count == 1
            assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
            assert bangka.messages_to(ani)[-1].text == "budaya_bangka_bot: halo Bangka"
            # The right secret again: the waiting update arrives.
            await client.set_webhook(
                "https://bangka.example.go.id/telegram", secret_token="rahasia-bangka"
            )
            assert (await bangka.wait_for_message(ani)).text == "budaya_bangka_bot: lagi"
            assert (await client.get_webhook_info()).pending_update_count == 0
    finally:
        for application in apps:
            await stop_app(application)
    assert server.internal_errors == []


async def test_a_webhook_nobody_routed_gets_nothing_posted(server: FakeBotApi) -> None:
    serang = server.add_bot(SERANG, "budaya_serang_bot")
    async with Bot(SERANG, base_url=server.api_url) as client:
        assert await client.set_webhook("https://nowhere.example.go.id/tg", secret_token="s")
        await serang.send_message(serang.make_user("Ani"), "halo")
        await asyncio.sleep(0.1)
        info = await client.get_webhook_info()
        assert (info.pending_update_count, info.last_error_message) == (1, None)
        assert serang.webhook_posts == 0
        # Routed now, to a port where nobody listens: Telegram's "connection failed".
        server.route_webhook("https://nowhere.example.go.id", f"http://127.0.0.1:{free_port()}")
        for _ in range(150):  # up to 3 s
            info = await client.get_webhook_info()
            if info.last_error_message is not None:
                break
            await asyncio.sleep(0.02)
        assert (info.last_error_message or "").startswith("Connection failed")
        assert info.pending_update_count == 1


def test_peak_counts_a_sliding_second() -> None:
    assert peak_in_window([], 1.0) == 0
    assert peak_in_window([0.0, 0.5, 0.99, 1.0, 1.2, 2.5], 1.0) == 4  # 0.5, 0.99, 1.0, 1.2
    assert peak_in_window([0.0, 1.0, 2.0], 1.0) == 1
    stats = SendStats.combined([[0.0, 2.0], [0.5, 1.0]], refused=1)
    assert (stats.sends, stats.peak_per_second, stats.first_at, stats.last_at) == (4, 2, 0.0, 2.0)
    assert stats.per_second == pytest.approx(1.5)
