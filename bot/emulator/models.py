"""Plain data the fake Bot API server keeps and hands to whoever drives it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "FakeChat",
    "FakeUser",
    "InlineButton",
    "MessageVersion",
    "PressedButton",
    "RecordedRequest",
    "SentFile",
    "SentMessage",
    "UploadedFile",
    "UserMessage",
    "WaitTimeoutError",
]

JsonDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    """A 400 answer; ``description`` goes after Telegram's ``"Bad Request: "`` prefix."""
    return ApiError(400, f"Bad Request: {description}")


class WaitTimeoutError(AssertionError, TimeoutError):
    """Nothing the test waited for arrived in time; the message lists what did arrive."""


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user who talks to the bot. Their private chat has the same id."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class FakeChat:
    """A chat: ``private`` (id = the user's id) or ``group`` (negative id)."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "last_name", "username"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as it appears in :attr:`RecordedRequest.params`."""

    data: bytes
    filename: str | None
    mime_type: str | None

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {self.mime_type!r}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class SentFile:
    """A file known to the server: sent by the bot or by a user."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo", "document" or "sticker"
    data: bytes
    filename: str | None
    mime_type: str | None
    file_path: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class InlineButton:
    """One inline keyboard button; ``raw`` is the button object as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    raw: JsonDict = field(default_factory=dict, compare=False, repr=False)

    @property
    def action(self) -> str:
        """The callback data, else the URL, else the name of the button's other field."""
        if self.callback_data is not None:
            return self.callback_data
        if self.url is not None:
            return self.url
        return next((key for key in self.raw if key != "text"), "")


@dataclass(frozen=True)
class MessageVersion:
    """The content of a message before one of its edits."""

    text: str
    html: str
    parse_mode: str | None
    entities: list[JsonDict]
    reply_markup: JsonDict | None
    replaced_at: float


@dataclass
class SentMessage:
    """A message the bot sent, as it stands now.

    ``text`` is what the user sees (the caption for a photo or document, after HTML parsing
    and Telegram's trimming); ``html`` is the text or caption exactly as the bot sent it, to
    be read with ``parse_mode`` ("" for a file sent without caption). ``history`` holds
    earlier versions, oldest first, one per successful edit; ``options`` the other parameters
    of the send.
    """

    chat_id: int
    message_id: int
    date: int
    kind: str  # "text", "photo" or "document"
    text: str
    html: str
    parse_mode: str | None
    entities: list[JsonDict]
    reply_markup: JsonDict | None
    sent_at: float
    reply_to_message_id: int | None = None
    photo: SentFile | None = None
    document: SentFile | None = None
    history: list[MessageVersion] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False
    options: JsonDict = field(default_factory=dict)

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def inline_keyboard(self) -> list[list[InlineButton]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [
                InlineButton(
                    text=button.get("text", ""),
                    callback_data=button.get("callback_data"),
                    url=button.get("url"),
                    raw=button,
                )
                for button in row
            ]
            for row in rows
        ]

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as ``(text, callback_data or url)`` pairs."""
        return [[(button.text, button.action) for button in row] for row in self.inline_keyboard]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.inline_keyboard for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [
            button.callback_data
            for row in self.inline_keyboard
            for button in row
            if button.callback_data is not None
        ]

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Rows of a reply keyboard (``keyboard`` markup) by button text."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [
            [button if isinstance(button, str) else button.get("text", "") for button in row]
            for row in rows
        ]

    def find_button(self, text: str) -> InlineButton:
        """The inline button labelled ``text``; raise LookupError listing the labels if none."""
        for row in self.inline_keyboard:
            for button in row:
                if button.text == text:
                    return button
        raise LookupError(f"no button {text!r} in message {self.message_id}: {self.buttons}")

    def describe(self) -> str:
        flags = "".join(
            [" (deleted)" if self.deleted else "", f" (edited {len(self.history)}x)" * self.edited]
        )
        markup = f" buttons={self.buttons}" if self.inline_keyboard else ""
        return f"#{self.message_id} [{self.kind}]{flags} {self.text!r}{markup}"


@dataclass(frozen=True)
class UserMessage:
    """A message a fake user sent to the bot (``payload`` is the update's Message object)."""

    chat_id: int
    message_id: int
    user: FakeUser
    payload: JsonDict

    @property
    def text(self) -> str | None:
        value = self.payload.get("text", self.payload.get("caption"))
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot passed to answerCallbackQuery."""

    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass
class PressedButton:
    """A button press (callback query) made by a fake user."""

    query_id: str
    user: FakeUser
    chat_id: int
    message_id: int
    data: str
    forged: bool
    pressed_at: float = field(default_factory=time.monotonic)
    answer: CallbackAnswer | None = None


@dataclass
class RecordedRequest:
    """One Bot API call: method name as sent, decoded parameters, and the answer given
    (HTTP status; Telegram's description for errors). ``status`` is None while in progress."""

    method: str
    params: JsonDict
    at: float
    status: int | None = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200
