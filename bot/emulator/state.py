"""The state of one bot of the fake Bot API server, what all its bots share, and the helpers
every part of it uses."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
from collections.abc import Callable
from typing import Any

from .faults import FaultPlan
from .media import FileStore
from .models import (
    ApiError,
    FakeChat,
    FakeUser,
    JsonDict,
    PressedButton,
    RecordedRequest,
    SentMessage,
    UserMessage,
    bad_request,
)
from .validation import inline_keyboard_of

__all__ = ["TOKEN_RE", "BotState", "ChatRef", "Platform"]

ChatRef = int | FakeUser | FakeChat
"""A chat given by id, by its user (private chat) or as a :class:`FakeChat`."""

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)


class _Pulse:
    """Wakes everyone waiting for 'something changed'; :attr:`count` counts the changes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.count = 0

    def fire(self) -> None:
        self.count += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Wait until the next :meth:`fire` or ``seconds``, whichever comes first."""
        event = self._event
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(seconds, 0.0)):
                await event.wait()


class Platform:
    """What every bot of one server shares, as on Telegram: one id space for users, groups,
    callback queries and files, and the users themselves (one person may talk to several
    bots; each bot has its own private chat with them)."""

    def __init__(self) -> None:
        self.user_ids = itertools.count(1_000_001)
        self.group_ids = itertools.count(400_000_001)
        self.query_ids = itertools.count(4_200_000_000_000_001)
        self.file_numbers = itertools.count(1)
        self.users: dict[int, FakeUser] = {}
        self.internal_errors: list[Exception] = []
        """Exceptions raised by the emulator itself while handling a call (answered with 500)."""
        self.webhook_routes: dict[str, str] = {}
        """Public webhook URL prefixes and the local ones they reach (see ``route_webhook``)."""

    def local_webhook_url(self, url: str) -> str | None:
        """Where the emulator posts to a webhook set to ``url``: its longest routed prefix
        replaced by the local one; None when no route fits (nothing is posted then)."""
        fitting = [prefix for prefix in self.webhook_routes if url.startswith(prefix)]
        if not fitting:
            return None
        prefix = max(fitting, key=len)
        return self.webhook_routes[prefix] + url[len(prefix) :]


class BotState:
    """Users, chats, messages, updates and files of one bot, and shared helpers.

    ``platform`` is what the bot shares with the other bots of its server (a new one when
    not given: a bot on its own)."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        *,
        bot_first_name: str,
        privacy_mode: bool,
        platform: Platform | None = None,
    ) -> None:
        if not TOKEN_RE.match(token):
            raise ValueError(f"a bot token looks like '123456:ABC', not {token!r}")
        self.token = token
        self.bot_username = bot_username
        self.bot_user = FakeUser(
            id=int(token.split(":", 1)[0]),
            first_name=bot_first_name,
            username=bot_username,
            is_bot=True,
        )
        self.privacy_mode = privacy_mode
        self.clock: Callable[[], float] = time.time
        """Where message dates come from (Unix seconds); the demo sets the bot's clock."""
        self._closing = False
        self._platform = platform if platform is not None else Platform()
        self.internal_errors = self._platform.internal_errors

        self.requests: list[RecordedRequest] = []
        """Every API call received, in order (including getUpdates polls)."""
        self.faults = FaultPlan()
        self.files = FileStore(self._platform.file_numbers)
        self.chat_actions: list[tuple[int, str]] = []
        self.webhook: JsonDict | None = None
        self.webhook_posts = 0
        """Updates posted to this bot's webhook and taken (answered 2xx)."""
        self._delivery: asyncio.Task[None] | None = None
        self._webhook_error: tuple[int, str] | None = None
        self.closed_by_bot = False
        self.logged_out = False

        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, FakeChat] = {}
        self._started: set[int] = set()
        self._blocked: set[int] = set()
        self._next_message_id: dict[int, int] = {}
        self._sent: dict[int, list[SentMessage]] = {}
        self._incoming: dict[int, list[UserMessage]] = {}
        self._deleted_incoming: set[tuple[int, int]] = set()
        self._consumed: set[tuple[int, int]] = set()
        self._edit_events: list[tuple[int, int]] = []
        self._consumed_edits: set[int] = set()
        self._presses: dict[str, PressedButton] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._send_log: list[tuple[int, float]] = []

        self._updates: list[JsonDict] = []
        self._update_ids = itertools.count(1)
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._updates_pulse = _Pulse()
        self._changes = _Pulse()

    def _now(self) -> int:
        """Telegram's dates: Unix seconds, by :attr:`clock`."""
        return int(self.clock())

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up early when the server stops."""
        deadline = time.monotonic() + seconds
        while not self._closing and (remaining := deadline - time.monotonic()) > 0:
            await self._changes.wait(remaining)

    def _chat_id(self, chat: ChatRef) -> int:
        return chat if isinstance(chat, int) else chat.id

    def _resolve_chat(self, chat_id: Any) -> FakeChat:
        if isinstance(chat_id, str):
            found = next((c for c in self._chats.values() if f"@{c.username}" == chat_id), None)
            if found is None or found.type == "private":
                raise bad_request("chat not found")
            return found
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise bad_request("chat not found")
        return self._chats[chat_id]

    def _target_chat(self, params: JsonDict) -> FakeChat:
        """The chat a send or edit goes to, refused as Telegram refuses it."""
        if params.get("chat_id") in (None, ""):
            raise bad_request("chat_id is empty")
        chat = self._resolve_chat(params["chat_id"])
        if chat.type == "private":
            if chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat.id not in self._started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    # ------------------------------------------------------------------ updates

    def _enqueue(self, kind: str, payload: JsonDict) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        self._updates_pulse.fire()
        return update_id

    def push_update(self, kind: str, payload: JsonDict) -> int:
        """Queue an arbitrary update (e.g. ``"edited_message"``); return its update_id."""
        return self._enqueue(kind, payload)

    @property
    def pending_updates(self) -> list[JsonDict]:
        """Updates not yet confirmed by the bot (through getUpdates' offset)."""
        return list(self._updates)

    def _deliverable(self) -> list[JsonDict]:
        return [update for update in self._updates if self._wanted(update)]

    def _wanted(self, update: JsonDict) -> bool:
        """Whether the bot asked for updates of this kind (allowed_updates)."""
        kind = next(key for key in update if key != "update_id")
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _DEFAULT_UPDATE_TYPES_EXCLUDED

    def _scope_key(self, scope: Any) -> str:
        if scope is None:
            return "default"
        if isinstance(scope, str):
            return scope
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        kind = scope["type"]
        if kind in {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}:
            return str(kind)
        if kind in {"chat", "chat_administrators", "chat_member"}:
            chat = self._resolve_chat(scope.get("chat_id"))
            if kind != "chat_member":
                return f"{kind}:{chat.id}"
            user_id = scope.get("user_id")
            if user_id not in self._users:
                raise bad_request("user not found")
            return f"chat_member:{chat.id}:{user_id}"
        raise bad_request("wrong BotCommandScope type specified")

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _find_sent(self, chat_id: int, message_id: Any) -> SentMessage | None:
        for message in self._sent.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def _find_incoming(self, chat_id: int, message_id: Any) -> UserMessage | None:
        if (chat_id, message_id) in self._deleted_incoming:
            return None
        for message in self._incoming.get(chat_id, []):
            if message.message_id == message_id:
                return message
        return None

    def _message_payload(self, message: SentMessage, *, with_reply: bool = True) -> JsonDict:
        payload: JsonDict = {
            "message_id": message.message_id,
            "from": self.bot_user.to_api(),
            "chat": self._chats[message.chat_id].to_api(),
            "date": message.date,
        }
        if message.edit_date is not None:
            payload["edit_date"] = message.edit_date
        text_key, entities_key = ("text", "entities")
        if message.kind != "text":
            text_key, entities_key = ("caption", "caption_entities")
        if message.text:
            payload[text_key] = message.text
        if message.entities:
            payload[entities_key] = [dict(e) for e in message.entities]
        if message.photo is not None:
            payload["photo"] = self.files.photo_sizes(message.photo)
        if message.document is not None:
            payload["document"] = self.files.document_payload(message.document)
        if (markup := inline_keyboard_of(message.reply_markup)) is not None:
            payload["reply_markup"] = markup
        if with_reply and message.reply_to_message_id is not None:
            replied = self._any_message_payload(message.chat_id, message.reply_to_message_id)
            if replied is not None:
                payload["reply_to_message"] = replied
        return payload

    def _any_message_payload(self, chat_id: int, message_id: int) -> JsonDict | None:
        sent = self._find_sent(chat_id, message_id)
        if sent is not None:
            return self._message_payload(sent, with_reply=False)
        incoming = self._find_incoming(chat_id, message_id)
        if incoming is None:
            return None
        return {k: v for k, v in incoming.payload.items() if k != "reply_to_message"}
