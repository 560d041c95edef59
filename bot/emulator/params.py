"""Decoding of Bot API request parameters as Telegram does it.

Clients send parameters in the query string, as ``application/x-www-form-urlencoded`` or
``multipart/form-data`` (files) forms, or as a JSON body. In a form every value is a string:
PTB sends strings as they are and JSON-encodes everything else (``123``, ``true``,
``{"inline_keyboard": ...}``). Each parameter is decoded by what Telegram knows of its name.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web

from .models import ApiError, JsonDict, UploadedFile, bad_request

__all__ = ["MAX_UPLOAD_BYTES", "decode_params", "read_params"]

# Telegram's limit for files a bot uploads.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

_CHAT_ID_PARAMS = frozenset({"chat_id", "from_chat_id"})
_INT_PARAMS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "message_thread_id",
        "reply_to_message_id",
        "cache_time",
        "max_connections",
        "user_id",
        "duration",
        "width",
        "height",
        "until_date",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
        "is_personal",
        "revoke_messages",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "message_ids",
    }
)
_INT_RE = re.compile(r"^[+-]?\d+$")


async def read_params(request: web.Request) -> JsonDict:
    """Collect the raw parameters of a request: strings, JSON values or uploaded files.

    Raises :class:`ApiError` 413 when the body is larger than Telegram accepts.
    """
    params: JsonDict = dict(request.query)
    if request.content_length is not None and request.content_length > MAX_UPLOAD_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    content_type = request.content_type
    if content_type == "multipart/form-data":
        reader = await request.multipart()
        total = 0
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=True)
            total += len(data)
            if total > MAX_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            if part.filename is not None:
                mime = part.headers.get("Content-Type")
                params[part.name] = UploadedFile(bytes(data), part.filename, mime)
            else:
                params[part.name] = data.decode(part.get_charset("utf-8"))
    elif content_type == "application/json":
        body = await request.read()
        if body.strip():
            try:
                decoded = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(decoded, dict):
                raise bad_request("JSON object expected as request body")
            params.update(decoded)
    else:
        body = await request.read()
        if len(body) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        charset = request.charset or "utf-8"
        params.update(parse_qsl(body.decode(charset), keep_blank_values=True))
    return params


def decode_params(raw: JsonDict) -> JsonDict:
    """Give each known parameter its type: ints, booleans, chat ids and JSON objects."""
    return {name: _decode(name, value) for name, value in raw.items()}


def _decode(name: str, value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return value
    if name in _CHAT_ID_PARAMS:
        return _chat_id(value)
    if name in _INT_PARAMS:
        return _integer(name, value)
    if name in _BOOL_PARAMS:
        return _boolean(name, value)
    if name in _JSON_PARAMS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise bad_request("can't parse reply keyboard markup JSON object") from None
            raise bad_request(f"can't parse {name} JSON object") from None
    return value


def _chat_id(value: Any) -> int | str:
    if isinstance(value, bool):
        raise bad_request("chat not found")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if _INT_RE.match(text):
        return int(text)
    if text.startswith("@") and len(text) > 1:
        return text
    raise bad_request("chat not found")


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if _INT_RE.match(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        raise bad_request(f"invalid {name} specified") from None
    return int(number)


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0", ""}:
        return False
    raise bad_request(f"invalid {name} specified")
