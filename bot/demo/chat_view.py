"""One person's private chat with the bot, as the JSON the demo page draws.

Everything textual goes through :func:`bot.demo.render.message_html` (escaped, a few safe
tags rebuilt); buttons and files carry only their labels, callback data and ids.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo.render import message_html, safe_url
from bot.emulator import FakeBotApi, FakeUser, SentFile, SentMessage, UserMessage
from bot.texts.dates import long_date

JsonDict = dict[str, Any]
FILE_URL = "/api/file/{file_id}"
SCOPES = ("chat:{id}", "all_private_chats", "default")
"""Where Telegram looks for a private chat's command menu, most specific first."""


def chat_state(emulator: FakeBotApi, user: FakeUser, zone: ZoneInfo) -> JsonDict:
    """The messages of ``user``'s chat (oldest first), their menu and button answers."""
    timeline: list[tuple[int, JsonDict]] = [
        (message.message_id, bot_message(message, zone))
        for message in emulator.messages_to(user, include_deleted=False)
    ]
    timeline += [
        (message.message_id, user_message(message, zone))
        for message in emulator.incoming_messages(user, include_deleted=False)
    ]
    timeline.sort(key=lambda item: item[0])
    answers = [
        {"id": press.query_id, "text": press.answer.text, "alert": press.answer.show_alert}
        for press in emulator.pressed_buttons
        if press.user.id == user.id and press.answer is not None and press.answer.text
    ]
    return {
        "messages": [message for _, message in timeline],
        "commands": [
            {"command": f"/{command}", "description": description}
            for command, description in menu(emulator, user)
        ],
        "answers": answers,
    }


def menu(emulator: FakeBotApi, user: FakeUser) -> list[tuple[str, str]]:
    for scope in SCOPES:
        commands = emulator.commands(scope.format(id=user.id))
        if commands:
            return commands
    return []


def bot_message(message: SentMessage, zone: ZoneInfo) -> JsonDict:
    data = _stamp(message.message_id, "bot", message.date, zone)
    data.update(kind=message.kind, html=message_html(message.text, message.entities))
    data["edited"] = message.edited
    if message.photo is not None:
        data["photo"] = _photo(message.photo)
    if message.document is not None:
        data["document"] = _document(message.document)
    keyboard = [
        [_button(button.text, button.callback_data, button.url) for button in row]
        for row in message.inline_keyboard
    ]
    if keyboard:
        data["keyboard"] = keyboard
    if message.reply_keyboard:
        data["reply_keyboard"] = message.reply_keyboard
    return data


def user_message(message: UserMessage, zone: ZoneInfo) -> JsonDict:
    payload = message.payload
    date = payload.get("date")
    data = _stamp(message.message_id, "user", date if isinstance(date, int) else 0, zone)
    text = payload.get("text", payload.get("caption", ""))
    entities = payload.get("entities") or payload.get("caption_entities") or []
    if not isinstance(entities, list):
        entities = []
    data.update(kind="text", html=message_html(str(text or ""), entities), edited=False)
    photo = payload.get("photo")
    if isinstance(photo, list) and photo:
        data.update(kind="photo", photo=FILE_URL.format(file_id=photo[-1]["file_id"]))
    document = payload.get("document")
    if isinstance(document, dict):
        data.update(
            kind="document",
            document={
                "name": str(document.get("file_name") or "berkas"),
                "size": int(document.get("file_size") or 0),
                "url": FILE_URL.format(file_id=document["file_id"]),
            },
        )
    sticker = payload.get("sticker")
    if isinstance(sticker, dict):
        data.update(kind="sticker", html=message_html(str(sticker.get("emoji") or "")))
    return data


def _stamp(message_id: int, sender: str, unix: int, zone: ZoneInfo) -> JsonDict:
    local = datetime.fromtimestamp(unix, UTC).astimezone(zone)
    return {
        "id": message_id,
        "from": sender,
        "time": local.strftime("%H.%M"),
        "day": long_date(local.date()),
    }


def _photo(photo: SentFile) -> str:
    return FILE_URL.format(file_id=photo.file_id)


def _document(document: SentFile) -> JsonDict:
    return {
        "name": document.filename or "berkas",
        "size": document.size,
        "url": FILE_URL.format(file_id=document.file_id),
    }


def _button(text: str, callback_data: str | None, url: str | None) -> JsonDict:
    button: JsonDict = {"text": text}
    if callback_data is not None:
        button["data"] = callback_data
    elif url is not None and safe_url(url):
        button["url"] = safe_url(url)
    return button
