"""What the fake users do: write to the bot, send files, press buttons, block it."""

from __future__ import annotations

import asyncio
import mimetypes
import re

from .models import (
    FakeChat,
    FakeUser,
    JsonDict,
    PressedButton,
    SentMessage,
    UserMessage,
)
from .state import BotState
from .telegram_html import utf16_length

__all__ = ["UserActions"]


_COMMAND_RE = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


class UserActions(BotState):
    """Make users and groups and act as them."""

    def make_user(
        self,
        first_name: str = "Tester",
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = "id",
        started: bool = False,
    ) -> FakeUser:
        """A new user with a unique id. Until they write to the bot (or ``started=True``) the
        bot cannot message them: Telegram answers 403 "bot can't initiate conversation".

        The other bots of the server may meet the same user (see :meth:`add_user`)."""
        user = FakeUser(
            id=next(self._platform.user_ids),
            first_name=first_name,
            username=username,
            last_name=last_name,
            language_code=language_code,
        )
        self._platform.users[user.id] = user
        self.add_user(user, started=started)
        return user

    def add_user(self, user: FakeUser, *, started: bool = False) -> FakeChat:
        """Let a user made on this server (by any of its bots) talk to this bot: their own
        private chat with it, with its own messages, as on Telegram. Writing to the bot does
        this by itself; ``started=True`` lets the bot write first. Returns the chat."""
        if self._platform.users.get(user.id) != user:
            raise ValueError(f"{user} was not made by this server's make_user()")
        chat = self._chats.get(user.id)
        if chat is None:
            self._users[user.id] = user
            chat = self._chats[user.id] = FakeChat(
                id=user.id,
                type="private",
                first_name=user.first_name,
                last_name=user.last_name,
                username=user.username,
            )
        if started:
            self._started.add(user.id)
        return chat

    def make_group(self, title: str = "Test group") -> FakeChat:
        """A basic group (negative id) that the bot is a member of; any user may write in it."""
        chat = FakeChat(id=-next(self._platform.group_ids), type="group", title=title)
        self._chats[chat.id] = chat
        return chat

    def block_bot(self, user: FakeUser) -> None:
        """The user blocks the bot: sends to them answer 403 until :meth:`unblock_bot`."""
        if user.id in self._blocked:
            return
        self.add_user(user)
        self._blocked.add(user.id)
        self._enqueue("my_chat_member", self._my_chat_member(user, "member", "kicked"))

    def unblock_bot(self, user: FakeUser) -> None:
        if user.id not in self._blocked:
            return
        self._blocked.discard(user.id)
        self._enqueue("my_chat_member", self._my_chat_member(user, "kicked", "member"))

    def _my_chat_member(self, user: FakeUser, old: str, new: str) -> JsonDict:
        def member(status: str) -> JsonDict:
            data: JsonDict = {"status": status, "user": self.bot_user.to_api()}
            if status == "kicked":
                data["until_date"] = 0
            return data

        return {
            "chat": self._chats[user.id].to_api(),
            "from": user.to_api(),
            "date": self._now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }

    def _user_chat(self, user: FakeUser, chat: FakeChat | None) -> FakeChat:
        private = self.add_user(user)
        if chat is None:
            return private
        if chat.id not in self._chats:
            raise ValueError(f"{chat} was not made by this server")
        if chat.type == "private" and chat.id != user.id:
            raise ValueError("a user can only write in their own private chat")
        return chat

    async def _user_sends(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        content: JsonDict,
        reply_to: SentMessage | int | None = None,
    ) -> JsonDict:
        target = self._user_chat(user, chat)
        message: JsonDict = {
            "message_id": self._new_message_id(target.id),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": self._now(),
            **content,
        }
        replied_bot = False
        if reply_to is not None:
            reply_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            replied = self._any_message_payload(target.id, reply_id)
            if replied is None:
                raise ValueError(f"no message {reply_id} in chat {target.id} to reply to")
            message["reply_to_message"] = replied
            replied_bot = replied["from"]["id"] == self.bot_user.id
        self._incoming.setdefault(target.id, []).append(
            UserMessage(target.id, message["message_id"], user, message)
        )
        if target.type == "private":
            self._started.add(user.id)
            self.unblock_bot(user)
        if target.type == "private" or self._bot_sees_group_message(message, replied_bot):
            self._enqueue("message", message)
        self._changes.fire()
        await asyncio.sleep(0)
        return message

    def _bot_sees_group_message(self, message: JsonDict, replies_to_bot: bool) -> bool:
        """Privacy mode: in groups a bot only gets commands, replies to it and mentions."""
        if not self.privacy_mode or replies_to_bot:
            return True
        text = str(message.get("text") or message.get("caption") or "")
        mention = f"@{self.bot_username}".lower()
        has_command = any(e["type"] == "bot_command" for e in message.get("entities", []))
        return has_command or mention in text.lower()

    async def send_message(
        self,
        user: FakeUser,
        text: str,
        chat: FakeChat | None = None,
        *,
        reply_to: SentMessage | int | None = None,
    ) -> JsonDict:
        """The user sends a text message; commands (``/cmd@bot args``) get entities.
        Returns the Message object of the update."""
        if not text or utf16_length(text) > 4096:
            raise ValueError("a user's text message has 1-4096 characters")
        content: JsonDict = {"text": text}
        entities = [
            {
                "type": "bot_command",
                "offset": utf16_length(text[: match.start()]),
                "length": utf16_length(match.group()),
            }
            for match in _COMMAND_RE.finditer(text)
        ]
        if entities:
            content["entities"] = entities
        return await self._user_sends(user, chat, content, reply_to)

    async def send_photo(
        self,
        user: FakeUser,
        data: bytes,
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> JsonDict:
        """The user sends a photo (PNG/JPEG/GIF/WebP/BMP bytes)."""
        photo = self.files.add_photo(data)
        if photo is None:
            raise ValueError("send_photo needs PNG, JPEG, GIF, WebP or BMP bytes")
        content: JsonDict = {"photo": self.files.photo_sizes(photo)}
        if caption:
            content["caption"] = caption
        return await self._user_sends(user, chat, content)

    async def send_document(
        self,
        user: FakeUser,
        data: bytes,
        filename: str,
        caption: str | None = None,
        chat: FakeChat | None = None,
        *,
        mime_type: str | None = None,
    ) -> JsonDict:
        """The user sends a file."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        document = self.files.add("document", data, filename=filename, mime_type=mime)
        content: JsonDict = {"document": self.files.document_payload(document)}
        if caption:
            content["caption"] = caption
        return await self._user_sends(user, chat, content)

    async def send_sticker(
        self, user: FakeUser, chat: FakeChat | None = None, *, emoji: str = "👍"
    ) -> JsonDict:
        """The user sends a sticker: input most bots do not expect."""
        sticker = self.files.add(
            "sticker", b"RIFF\x00\x00\x00\x00WEBP", mime_type="image/webp", width=512, height=512
        )
        content: JsonDict = {
            "sticker": {
                "file_id": sticker.file_id,
                "file_unique_id": sticker.file_unique_id,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "file_size": sticker.size,
            }
        }
        return await self._user_sends(user, chat, content)

    async def press_button(
        self,
        user: FakeUser,
        message: SentMessage,
        callback_data: str | None = None,
        *,
        text: str | None = None,
        forged: bool = False,
    ) -> str:
        """The user taps an inline button of a bot message (by callback data or by ``text``).

        Returns the callback query id. ``forged=True`` sends data that no button carries, as
        a malicious client could.
        """
        if (callback_data is None) == (text is None):
            raise ValueError("give either callback_data or text")
        if message.deleted:
            raise ValueError(f"message {message.message_id} was deleted")
        if self._find_sent(message.chat_id, message.message_id) is not message:
            raise ValueError(f"message {message.message_id} was not sent by this bot")
        chat = self._user_chat(user, self._chats.get(message.chat_id))
        if text is not None:
            button = message.find_button(text)
            if button.callback_data is None:
                raise ValueError(f"button {text!r} has no callback_data: {button.raw}")
            callback_data = button.callback_data
        assert callback_data is not None
        if not forged and callback_data not in message.callback_data:
            raise ValueError(
                f"no button with callback_data {callback_data!r} in message "
                f"{message.message_id}: {message.buttons} (use forged=True on purpose)"
            )
        query_id = str(next(self._platform.query_ids))
        self._presses[query_id] = PressedButton(
            query_id=query_id,
            user=user,
            chat_id=chat.id,
            message_id=message.message_id,
            data=callback_data,
            forged=forged,
        )
        self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": self._message_payload(message),
                "chat_instance": str(abs(chat.id) * 7919),
                "data": callback_data,
            },
        )
        await asyncio.sleep(0)
        return query_id

    async def press_forged_button(
        self, user: FakeUser, message: SentMessage, callback_data: str
    ) -> str:
        """Tap with callback data of the attacker's choosing (see :meth:`press_button`)."""
        return await self.press_button(user, message, callback_data, forged=True)
