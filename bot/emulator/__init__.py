"""A Telegram Bot API emulator: :class:`FakeBotApi` plays Telegram's Bot API on 127.0.0.1.

The end-to-end tests drive the real bot through it, and ``budaya-bot demo`` puts a chat page
in front of it. One server hosts several bots (:meth:`FakeBotApi.add_bot`, each a
:class:`FakeBot`). It imports no part of the bot.
"""

from .bot_api import ChatRef, FakeBotApi, ServerSendStats
from .fake_bot import FakeBot
from .faults import Delay, Fault, RateCap
from .models import (
    ApiError,
    CallbackAnswer,
    FakeChat,
    FakeUser,
    InlineButton,
    MessageVersion,
    PressedButton,
    RecordedRequest,
    SentFile,
    SentMessage,
    UploadedFile,
    UserMessage,
    WaitTimeoutError,
)
from .stats import SendStats
from .telegram_html import HtmlParseError, ParsedText, escape_html, parse_html, utf16_length

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "ChatRef",
    "Delay",
    "FakeBot",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "Fault",
    "HtmlParseError",
    "InlineButton",
    "MessageVersion",
    "ParsedText",
    "PressedButton",
    "RateCap",
    "RecordedRequest",
    "SendStats",
    "SentFile",
    "SentMessage",
    "ServerSendStats",
    "UploadedFile",
    "UserMessage",
    "WaitTimeoutError",
    "escape_html",
    "parse_html",
    "utf16_length",
]
