"""Bot API methods that send, edit and delete messages, answer buttons, give files."""

from __future__ import annotations

import re
import time
from typing import Any

from .models import (
    CallbackAnswer,
    FakeChat,
    JsonDict,
    MessageVersion,
    SentFile,
    SentMessage,
    UploadedFile,
    bad_request,
)
from .state import BotState
from .validation import (
    inline_keyboard_of,
    normalize_parse_mode,
    parse_caption,
    parse_message_text,
    validate_reply_markup,
)

__all__ = ["MessageMethods"]


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_MAX_GET_FILE_BYTES = 20 * 1024 * 1024


class MessageMethods(BotState):
    """sendMessage/Photo/Document, edits, deleteMessage, answerCallbackQuery, getFile."""

    def _reply_to(self, chat: FakeChat, params: JsonDict) -> int | None:
        reply = params.get("reply_parameters")
        message_id: Any = params.get("reply_to_message_id")
        allow_missing = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
            if reply.get("chat_id") not in (None, chat.id):
                raise bad_request("replying to messages in other chats is not supported")
        if message_id is None:
            return None
        if self._find_sent(chat.id, message_id) or self._find_incoming(chat.id, message_id):
            return int(message_id)
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")

    def _record_sent(
        self,
        chat: FakeChat,
        params: JsonDict,
        *,
        kind: str,
        source: Any,
        text: str,
        entities: list[JsonDict],
        photo: SentFile | None = None,
        document: SentFile | None = None,
    ) -> JsonDict:
        markup = validate_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat, params)
        parse_mode = normalize_parse_mode(params.get("parse_mode"))
        core = {"chat_id", "text", "caption", "parse_mode", "reply_markup", "photo", "document"}
        message = SentMessage(
            chat_id=chat.id,
            message_id=self._new_message_id(chat.id),
            date=self._now(),
            kind=kind,
            text=text,
            html=source if isinstance(source, str) else "",
            parse_mode=parse_mode,
            entities=entities,
            reply_markup=markup,
            sent_at=time.monotonic(),
            reply_to_message_id=reply_to,
            photo=photo,
            document=document,
            options={
                k: v
                for k, v in params.items()
                if k not in core and not isinstance(v, UploadedFile)
            },
        )
        self._sent.setdefault(chat.id, []).append(message)
        self._send_log.append((chat.id, message.sent_at))
        self._changes.fire()
        return self._message_payload(message)

    async def _api_send_message(self, params: JsonDict) -> JsonDict:
        chat = self._target_chat(params)
        parsed = parse_message_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        return self._record_sent(
            chat,
            params,
            kind="text",
            source=params.get("text"),
            text=parsed.text,
            entities=parsed.entities,
        )

    async def _api_send_photo(self, params: JsonDict) -> JsonDict:
        return self._send_file(params, "photo")

    async def _api_send_document(self, params: JsonDict) -> JsonDict:
        return self._send_file(params, "document")

    def _send_file(self, params: JsonDict, kind: str) -> JsonDict:
        """sendPhoto (``kind`` "photo") or sendDocument ("document"), with a caption."""
        chat = self._target_chat(params)
        caption = parse_caption(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities")
        )
        sent = self._input_file(params, kind)
        return self._record_sent(
            chat,
            params,
            kind=kind,
            source=params.get("caption"),
            text=caption.text,
            entities=caption.entities,
            photo=sent if kind == "photo" else None,
            document=sent if kind == "document" else None,
        )

    def _input_file(self, params: JsonDict, kind: str) -> SentFile:
        """The file of sendPhoto/sendDocument: an upload, an attach:// part or a file_id."""
        value = params.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            if kind == "photo":
                photo = self.files.add_photo(value.data, value.filename)
                if photo is None:
                    raise bad_request("IMAGE_PROCESS_FAILED")
                return photo
            return self.files.add(
                kind, value.data, filename=value.filename, mime_type=value.mime_type
            )
        value = str(value)
        if re.match(r"^https?://", value, re.IGNORECASE):
            raise bad_request("failed to get HTTP URL content")
        stored = self.files.by_id.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request("type of file mismatch")
        return stored

    def _message_to_edit(self, params: JsonDict) -> SentMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message = self._find_sent(chat.id, params.get("message_id"))
        if message is None:
            if self._find_incoming(chat.id, params.get("message_id")) is not None:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return message

    def _apply_edit(
        self,
        message: SentMessage,
        params: JsonDict,
        *,
        text: str,
        entities: list[JsonDict],
        source: Any,
        markup: JsonDict | None,
    ) -> JsonDict:
        parse_mode = normalize_parse_mode(params.get("parse_mode"))
        html = source if isinstance(source, str) else ""
        if (
            text == message.text
            and entities == message.entities
            and markup == inline_keyboard_of(message.reply_markup)
        ):
            raise bad_request(_NOT_MODIFIED)
        message.history.append(
            MessageVersion(
                text=message.text,
                html=message.html,
                parse_mode=message.parse_mode,
                entities=message.entities,
                reply_markup=message.reply_markup,
                replaced_at=time.monotonic(),
            )
        )
        message.text, message.entities, message.html = text, entities, html
        message.parse_mode = parse_mode
        if markup is not None or inline_keyboard_of(message.reply_markup) is not None:
            message.reply_markup = markup  # a reply keyboard is not the message's to lose
        message.edit_date = self._now()
        self._edit_events.append((message.chat_id, message.message_id))
        self._changes.fire()
        return self._message_payload(message)

    async def _api_edit_message_text(self, params: JsonDict) -> JsonDict:
        message = self._message_to_edit(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        parsed = parse_message_text(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            too_long="MESSAGE_TOO_LONG",
        )
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        return self._apply_edit(
            message,
            params,
            text=parsed.text,
            entities=parsed.entities,
            source=params.get("text"),
            markup=markup,
        )

    async def _api_edit_message_caption(self, params: JsonDict) -> JsonDict:
        message = self._message_to_edit(params)
        if message.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        caption = parse_caption(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities")
        )
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        return self._apply_edit(
            message,
            params,
            text=caption.text,
            entities=caption.entities,
            source=params.get("caption"),
            markup=markup,
        )

    async def _api_edit_message_reply_markup(self, params: JsonDict) -> JsonDict:
        message = self._message_to_edit(params)
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        keep = {"parse_mode": message.parse_mode}
        return self._apply_edit(
            message,
            keep,
            text=message.text,
            entities=message.entities,
            source=message.html,
            markup=markup,
        )

    async def _api_delete_message(self, params: JsonDict) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        sent = self._find_sent(chat.id, message_id)
        if sent is not None:
            sent.deleted = True
            self._changes.fire()
            return True
        incoming = self._find_incoming(chat.id, message_id)
        if incoming is not None:
            self._deleted_incoming.add((chat.id, incoming.message_id))
            return True
        raise bad_request("message to delete not found")

    # ------------------------------------------------------------------ callbacks and files

    async def _api_answer_callback_query(self, params: JsonDict) -> bool:
        press = self._presses.get(str(params.get("callback_query_id")))
        if press is None or press.answer is not None:
            raise bad_request(_QUERY_TOO_OLD)
        press.answer = CallbackAnswer(
            text=params.get("text") or None,
            show_alert=bool(params.get("show_alert")),
            url=params.get("url") or None,
            cache_time=params.get("cache_time"),
        )
        self._changes.fire()
        return True

    async def _api_get_file(self, params: JsonDict) -> JsonDict:
        stored = self.files.by_id.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > _MAX_GET_FILE_BYTES:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }
