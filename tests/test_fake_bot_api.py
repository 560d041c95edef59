"""The fake Bot API server, driven by a real python-telegram-bot client over HTTP."""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from html import escape
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.emulator import FakeBotApi, FakeUser, SentMessage, WaitTimeoutError

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def tiny_png(width: int = 120, height: int = 80) -> bytes:
    """A valid RGB PNG image."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(tag + data))
        return struct.pack(">I", len(data)) + tag + data + crc

    rows = b"".join(b"\x00" + b"\x10\x80\xf0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def until(condition: Callable[[], bool], seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


def last_error(server: FakeBotApi, method: str) -> str | None:
    """Telegram's exact description of the last failed call of ``method``."""
    failed = [r for r in server.requests if r.method == method and not r.ok]
    return failed[-1].description if failed else None


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.api_url, base_file_url=server.file_url) as b:
        yield b


@pytest.fixture
async def user(server: FakeBotApi) -> FakeUser:
    """A user who has started the bot, so the bot may write to them."""
    return server.make_user("Ana", "ana_asn", started=True)


@pytest.fixture
async def app(server: FakeBotApi) -> AsyncIterator[AnyApplication]:
    """A small real Application: /start shows two buttons; a press answers and edits."""
    application: AnyApplication = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.api_url)
        .base_file_url(server.file_url)
        .build()
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        assert update.effective_user is not None
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Ya", callback_data="yes"),
                    InlineKeyboardButton("Tidak", callback_data="no"),
                ]
            ]
        )
        name = escape(update.effective_user.first_name)
        await update.effective_message.reply_html(f"Halo <b>{name}</b>!", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"got {query.data}")
        await query.edit_message_text(f"Pilihan: <i>{query.data}</i>", parse_mode="HTML")

    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(on_button))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


# ---------------------------------------------------------------- basics


async def test_get_me(server: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "budaya_test_bot", True)
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.port > 0
    # Bot.initialize() (async with) already called getMe once.
    assert [r.method for r in server.requests] == ["getMe", "getMe"]


async def test_wrong_token_unknown_method_and_raw_protocol(server: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server.base_url}/bot654321:WRONG/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{server.api_url}{server.token}/fooBar") as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found"
        # Method names are case-insensitive and JSON bodies work, as on Telegram.
        user = server.make_user("Budi", started=True)
        async with http.post(
            f"{server.api_url}{server.token}/sendmessage", json={"chat_id": user.id, "text": "hi"}
        ) as response:
            body = await response.json()
            assert body["ok"] is True
            assert body["result"]["text"] == "hi"
        # A form whose inline button has no action.
        markup = '{"inline_keyboard": [[{"text": "plain"}]]}'
        form = {"chat_id": str(user.id), "text": "x", "reply_markup": markup}
        async with http.post(f"{server.api_url}{server.token}/sendMessage", data=form) as response:
            assert response.status == 400
            assert (await response.json())["description"] == (
                "Bad Request: can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard"
            )


# ---------------------------------------------------------------- updates


async def test_get_updates_offset_limit_and_long_poll(server: FakeBotApi, bot: Bot) -> None:
    user = server.make_user("Citra")
    for text in ("satu", "dua", "tiga"):
        await server.send_message(user, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["satu", "dua"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["tiga"]
    assert [u["update_id"] for u in server.pending_updates] == [rest[0].update_id]

    # Nothing pending: the long poll waits until an update arrives.
    poll = asyncio.create_task(bot.get_updates(offset=rest[-1].update_id + 1, timeout=5))
    await until(lambda: server.requests[-1].method == "getUpdates" and not server.pending_updates)
    await asyncio.sleep(0.05)
    assert not poll.done()
    await server.send_message(user, "/start@budaya_test_bot now")
    updates = await asyncio.wait_for(poll, 3)
    message = updates[0].message
    assert message is not None
    assert message.text == "/start@budaya_test_bot now"
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == 22

    started = time.monotonic()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_newer_get_updates_terminates_the_older_one(server: FakeBotApi, bot: Bot) -> None:
    # Two bot instances polling at once, as when a second copy of a bot is started.
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await until(lambda: any(r.method == "getUpdates" for r in server.requests))
    async with Bot(server.token, base_url=server.api_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(older, 3)


async def test_stop_answers_a_pending_long_poll_at_once() -> None:
    server = FakeBotApi()
    await server.start()
    async with Bot(server.token, base_url=server.api_url) as client:
        poll = asyncio.create_task(client.get_updates(timeout=30))
        await until(lambda: any(r.method == "getUpdates" for r in server.requests))
        started = time.monotonic()
        await server.stop()
        assert await asyncio.wait_for(poll, 5) == ()
        assert time.monotonic() - started < 3
    others = {task for task in asyncio.all_tasks() if task is not asyncio.current_task()}
    assert others == set()


async def test_webhook_blocks_get_updates(server: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest):
        await bot.set_webhook("http://example.org/hook")
    assert last_error(server, "setWebhook") == (
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


# ---------------------------------------------------------------- a real Application


async def test_command_reply_is_readable(server: FakeBotApi, app: AnyApplication) -> None:
    user = server.make_user("Ana <ASN>")
    sent = await server.send_message(user, "/start")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    reply = await server.wait_for_message(user)
    assert reply.text == "Halo Ana <ASN>!"
    assert reply.html == "Halo <b>Ana &lt;ASN&gt;</b>!"
    assert reply.parse_mode == "HTML"
    assert reply.entities == [{"type": "bold", "offset": 5, "length": 9}]
    assert reply.buttons == [[("Ya", "yes"), ("Tidak", "no")]]
    assert server.messages_to(user) == [reply]


async def test_button_press_is_answered_and_edits_in_place(
    server: FakeBotApi, app: AnyApplication
) -> None:
    user = server.make_user("Budi")
    await server.send_message(user, "/start")
    menu = await server.wait_for_message(user)

    query_id = await server.press_button(user, menu, text="Tidak")
    answer = await server.wait_for_callback_answer(query_id)
    assert (answer.text, answer.show_alert) == ("got no", False)
    edited = await server.wait_for_edit(user)
    assert edited is menu
    assert edited.text == "Pilihan: no"
    assert edited.buttons == []
    assert [v.text for v in edited.history] == ["Halo Budi!"]
    assert edited.history[0].reply_markup is not None
    assert server.callback_answers[query_id] == answer
    assert server.unanswered_callbacks() == []
    assert len(server.messages_to(user)) == 1

    # The keyboard is gone now: pressing its old button is refused by the fake ...
    with pytest.raises(ValueError, match="no button with callback_data 'yes'"):
        await server.press_button(user, menu, "yes")
    # ... unless the test forges the press on purpose, and then it reaches the bot.
    forged = await server.press_forged_button(user, menu, "admin")
    assert (await server.wait_for_callback_answer(forged)).text == "got admin"
    assert server.pressed_buttons[-1].forged


async def test_answering_a_query_twice_is_refused(server: FakeBotApi, bot: Bot) -> None:
    user = server.make_user("Dewi", started=True)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    await bot.send_message(user.id, "menu", reply_markup=keyboard)
    query_id = await server.press_button(user, server.last_message_to(user), "go")
    assert server.unanswered_callbacks() == [query_id]
    assert await bot.answer_callback_query(query_id, "ok", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest):
        await bot.answer_callback_query("12345")
    assert last_error(server, "answerCallbackQuery") == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert server.callback_answers[query_id].show_alert is True


async def test_wait_for_message_times_out_listing_what_arrived(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(user.id, "first")
    assert (await server.wait_for_message(user)).text == "first"
    await bot.send_message(user.id, "second")
    with pytest.raises(WaitTimeoutError) as caught:
        await server.wait_for_message(user, lambda m: "third" in m.text, timeout=0.2)
    assert "'first'" in str(caught.value)
    assert "'second'" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value, AssertionError)
    assert (await server.wait_for_message(user, timeout=0.2)).text == "second"


# ---------------------------------------------------------------- Telegram's rules


async def test_edit_not_modified_and_missing(server: FakeBotApi, bot: Bot, user: FakeUser) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    message = await bot.send_message(
        user.id, "<b>Hi</b>", parse_mode="HTML", reply_markup=keyboard
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await message.edit_text("<b>Hi</b>", parse_mode="HTML", reply_markup=keyboard)
    assert last_error(server, "editMessageText") == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # Same text without its entities, or without the keyboard, is a modification.
    await message.edit_text("<b>Hi</b>", parse_mode="HTML")
    await message.edit_text("Hi")
    sent = server.last_message_to(user)
    assert [v.entities for v in sent.history] == [[{"type": "bold", "offset": 0, "length": 2}]] * 2
    assert [v.reply_markup is not None for v in sent.history] == [True, False]
    assert sent.entities == []
    assert (sent.html, sent.parse_mode) == ("Hi", None)

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=999)
    await bot.delete_message(user.id, message.message_id)
    assert sent.deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user.id, message.message_id)


async def test_text_limits_count_utf16_after_parsing(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(user.id, "a" * 4096)
    await bot.send_message(user.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(user.id, "\U0001f600" * 2048)  # 2 UTF-16 units each
    for too_long in ("a" * 4097, "\U0001f600" * 2049):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(user.id, too_long)
    assert last_error(server, "sendMessage") == "Bad Request: message is too long"
    for empty in ("<b></b>", "  \n "):
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(user.id, empty, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(user.id, tiny_png(), caption="c" * 1025)
    assert len(server.messages_to(user)) == 3


async def test_text_is_trimmed_and_parameters_are_decoded(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Buka", url="https://example.org")]])
    message = await bot.send_message(
        user.id,
        "\n  <b>Halo</b> semua \n",
        parse_mode="HTML",
        reply_markup=keyboard,
        protect_content=True,
    )
    assert message.text == "Halo semua"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 4)]
    params = server.calls("sendMessage")[-1]
    assert params["chat_id"] == user.id
    assert params["protect_content"] is True
    assert params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Buka", "url": "https://example.org"}]]
    }
    assert server.last_message_to(user).buttons == [[("Buka", "https://example.org")]]


async def test_callback_data_is_limited_to_64_bytes(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    await bot.send_message(user.id, "ok", reply_markup=markup("x" * 64))
    await bot.send_message(user.id, "ok", reply_markup=markup("é" * 32))  # 64 bytes
    for data in ("x" * 65, "é" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(user.id, "no", reply_markup=markup(data))
    assert last_error(server, "sendMessage") == "Bad Request: BUTTON_DATA_INVALID"
    assert [m.callback_data for m in server.messages_to(user)] == [["x" * 64], ["é" * 32]]


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<b>bold <foo>x</foo></b>", 'Unsupported start tag "foo" at byte offset 8'),
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("closing</b>", "Unexpected end tag at byte offset 7"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ('<a href="https://x.org>y</a>', "Unclosed start tag at byte offset 0"),
    ],
)
async def test_bad_html_is_rejected_with_telegrams_words(
    server: FakeBotApi, bot: Bot, user: FakeUser, html: str, description: str
) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(user.id, html, parse_mode="HTML")
    assert last_error(server, "sendMessage") == f"Bad Request: can't parse entities: {description}"
    assert server.messages_to(user) == []


async def test_valid_html_passes_with_entities(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    html = (
        '1 &lt; 2 &amp; <a href="https://example.org/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre> AT&T'
    )
    message = await bot.send_message(user.id, html, parse_mode="HTML")
    assert message.text == "1 < 2 & link x = 1 AT&T"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("text_link", 8, 4),
        ("pre", 13, 5),
    ]
    assert message.entities[0].url == "https://example.org/?a=1&b=2"
    assert message.entities[1].language == "python"
    assert server.last_message_to(user).html == html


async def test_unknown_and_unstarted_chats(server: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hello?")
    assert last_error(server, "sendMessage") == "Bad Request: chat not found"
    stranger = server.make_user("Eka")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "hello?")
    await server.send_message(stranger, "hai")
    await bot.send_message(stranger.id, "hello!")
    assert [m.text for m in server.messages_to(stranger)] == ["hello!"]


async def test_group_privacy_mode(server: FakeBotApi, bot: Bot) -> None:
    member = server.make_user("Fajar")
    group = server.make_group("Tim ASN")
    assert group.id < 0
    assert group.type == "group"
    await server.send_message(member, "just chatting", group)
    await server.send_message(member, "/report@budaya_test_bot", group)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["/report@budaya_test_bot"]
    sent = await bot.send_message(group.id, "noted")
    assert sent.chat.type == "group"
    assert sent.chat.title == "Tim ASN"


# ---------------------------------------------------------------- faults


async def test_429_surfaces_as_retry_after(
    server: FakeBotApi, bot: Bot, user: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without this, PTB 22 warns (PTBDeprecationWarning) while building RetryAfter, and
    # pytest's filterwarnings=error turns that warning into the exception instead.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    server.inject_fault("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "flood")
    assert caught.value.retry_after == timedelta(seconds=3)
    assert last_error(server, "sendMessage") == "Too Many Requests: retry after 3"
    await bot.send_message(user.id, "after the pause")  # consumed once, then normal
    assert [m.text for m in server.messages_to(user)] == ["after the pause"]
    assert len(server.send_times(user)) == 1


async def test_403_502_and_chat_specific_faults(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    other = server.make_user("Gita", started=True)
    server.inject_fault("sendMessage", status=403, chat_id=user, times=2)
    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(user.id, "x")
    await bot.send_message(other.id, "not affected")
    await bot.send_message(user.id, "fault used up")

    server.inject_fault("sendMessage", status=502)
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(user.id, "x")
    assert type(caught.value) is NetworkError
    assert "Bad Gateway" in str(caught.value)

    server.inject_fault("*", status=400, description="Bad Request: chat not found", times=None)
    with pytest.raises(BadRequest):
        await bot.get_me()
    server.clear_faults()
    await bot.get_me()


async def test_block_bot(server: FakeBotApi, bot: Bot, user: FakeUser) -> None:
    server.block_bot(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "x")
    updates = await bot.get_updates()
    member = updates[-1].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"
    server.unblock_bot(user)
    await bot.send_message(user.id, "welcome back")


async def test_delay_slows_a_call_down(server: FakeBotApi, bot: Bot, user: FakeUser) -> None:
    server.inject_delay("sendMessage", 0.3)
    started = time.monotonic()
    await bot.send_message(user.id, "slow")
    slow = time.monotonic() - started
    started = time.monotonic()
    await bot.send_message(user.id, "fast")
    fast = time.monotonic() - started
    assert slow >= 0.25
    assert fast < slow
    assert [m.text for m in server.messages_to(user)] == ["slow", "fast"]


# ---------------------------------------------------------------- files, actions, commands


async def test_document_upload_and_download_round_trip(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    data = b"%PDF-1.4 laporan kinerja \x00\xff"
    message = await bot.send_document(user.id, data, filename="laporan.pdf", caption="Laporan")
    assert message.document is not None
    assert (message.document.file_name, message.document.file_size) == ("laporan.pdf", len(data))
    stored = server.last_message_to(user)
    assert stored.document is not None
    assert stored.document.data == data
    assert (stored.document.filename, stored.document.mime_type) == (
        "laporan.pdf",
        "application/pdf",
    )
    assert stored.text == "Laporan"

    # Re-sending by file_id works; a file a user sent can be downloaded by the bot.
    again = await bot.send_document(user.id, message.document.file_id)
    assert again.document is not None
    assert again.document.file_id == message.document.file_id
    incoming = await server.send_document(user, b"catatan", "catatan.txt")
    file = await bot.get_file(incoming["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"catatan"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(user.id, "no-such-file")


async def test_photos(server: FakeBotApi, bot: Bot, user: FakeUser) -> None:
    message = await bot.send_photo(user.id, tiny_png(), caption="<i>grafik</i>", parse_mode="HTML")
    assert [(p.width, p.height) for p in message.photo] == [(90, 60), (120, 80)]
    assert message.caption == "grafik"
    assert message.caption_entities[0].type == "italic"
    assert server.last_message_to(user).photo is not None
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(user.id, b"not an image")
    received = await server.send_photo(user, tiny_png(40, 30), caption="foto")
    assert received["photo"][-1]["width"] == 40
    await server.send_sticker(user)
    kinds = [
        m.payload.keys() & {"text", "photo", "sticker"} for m in server.incoming_messages(user)
    ]
    assert kinds == [{"photo"}, {"sticker"}]


async def test_chat_action_and_send_times(server: FakeBotApi, bot: Bot, user: FakeUser) -> None:
    assert await bot.send_chat_action(user.id, "typing")
    assert server.chat_actions == [(user.id, "typing")]
    with pytest.raises(BadRequest):
        await bot.send_chat_action(user.id, "dancing")
    before = time.monotonic()
    await bot.send_message(user.id, "one")
    await bot.send_message(user.id, "two")
    times = server.send_times(user)
    assert len(times) == 2
    assert before <= times[0] <= times[1] <= time.monotonic()
    assert server.send_times() == times


async def test_commands_are_stored_per_scope_and_language(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    await bot.set_my_commands([BotCommand("start", "Mulai"), BotCommand("nilai", "Nilai")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    await bot.set_my_commands(
        [BotCommand("menu", "Menu pribadi")], scope=BotCommandScopeAllPrivateChats()
    )
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(user.id))

    assert [c.command for c in await bot.get_my_commands()] == ["start", "nilai"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
    private = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert [c.command for c in private] == ["menu"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(user.id))] == [
        "admin"
    ]
    assert server.commands("all_private_chats") == [("menu", "Menu pribadi")]
    assert server.commands({"type": "chat", "chat_id": user.id}) == [("admin", "Admin")]
    assert len(server.calls("setMyCommands")) == 4

    await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("x", "y")], scope=BotCommandScopeChat(777))


async def test_messages_keep_reply_and_options(
    server: FakeBotApi, bot: Bot, user: FakeUser
) -> None:
    incoming = await server.send_message(user, "pertanyaan")
    answer = await bot.send_message(
        user.id, "jawaban", reply_to_message_id=incoming["message_id"], disable_notification=True
    )
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "pertanyaan"
    stored: SentMessage = server.last_message_to(user)
    assert stored.reply_to_message_id == incoming["message_id"]
    assert stored.options["disable_notification"] is True
    assert stored.message_id == incoming["message_id"] + 1
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(user.id, "x", reply_to_message_id=999)
