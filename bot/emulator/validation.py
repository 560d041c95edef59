"""Checks Telegram makes on what a bot sends: texts, captions and keyboards."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .models import JsonDict, bad_request
from .telegram_html import HtmlParseError, ParsedText, parse_html, utf16_length

__all__ = [
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "inline_keyboard_of",
    "normalize_parse_mode",
    "parse_caption",
    "parse_message_text",
    "validate_reply_markup",
]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_KEYBOARD_BUTTONS = 100
_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}


def parse_message_text(
    text: Any, parse_mode: Any, entities: Any, *, too_long: str = "message is too long"
) -> ParsedText:
    """The visible text of a message; 400 if empty, unparsable or over 4096 UTF-16 units."""
    if not isinstance(text, str) or not text:
        raise bad_request("message text is empty")
    parsed = _parse(text, parse_mode, entities)
    if not parsed.text:
        raise bad_request("message text is empty")
    if utf16_length(parsed.text) > MAX_TEXT_LENGTH:
        raise bad_request(too_long)
    return parsed


def parse_caption(caption: Any, parse_mode: Any, entities: Any) -> ParsedText:
    """The visible caption (possibly empty); 400 if unparsable or over 1024 UTF-16 units."""
    if caption is None or caption == "":
        return ParsedText("", [])
    if not isinstance(caption, str):
        raise bad_request("can't parse caption")
    parsed = _parse(caption, parse_mode, entities)
    if utf16_length(parsed.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed


def normalize_parse_mode(parse_mode: Any) -> str | None:
    if parse_mode is None or parse_mode == "":
        return None
    mode = _PARSE_MODES.get(str(parse_mode).lower())
    if mode is None:
        raise bad_request("unsupported parse_mode")
    return mode


def _parse(text: str, parse_mode: Any, entities: Any) -> ParsedText:
    mode = normalize_parse_mode(parse_mode)
    if mode == "HTML":
        try:
            parsed = parse_html(text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error.description}") from None
    elif mode is None and entities:
        parsed = ParsedText(text, _explicit_entities(entities, utf16_length(text)))
    else:
        # Markdown modes are not interpreted by the fake: the text is kept as sent.
        parsed = ParsedText(text, [])
    return _trim(parsed)


def _explicit_entities(entities: Any, text_length: int) -> list[JsonDict]:
    if not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    result = []
    for entity in entities:
        if (
            not isinstance(entity, dict)
            or not isinstance(entity.get("type"), str)
            or not isinstance(entity.get("offset"), int)
            or not isinstance(entity.get("length"), int)
        ):
            raise bad_request("can't parse MessageEntity JSON object")
        if entity["offset"] < 0 or entity["length"] <= 0 or entity["offset"] >= text_length:
            continue
        result.append(dict(entity))
    return sorted(result, key=lambda e: (e["offset"], -e["length"]))


def _trim(parsed: ParsedText) -> ParsedText:
    """Telegram strips leading and trailing whitespace; entities follow the text."""
    stripped = parsed.text.strip()
    if stripped == parsed.text:
        return parsed
    shift = utf16_length(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    length = utf16_length(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, length)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def inline_keyboard_of(markup: JsonDict | None) -> JsonDict | None:
    """The markup if it is an inline keyboard (the only kind a Message carries), else None."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> JsonDict | None:
    """Check a ``reply_markup`` as Telegram does; return it, or None when absent."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else None
                if isinstance(button, dict):
                    text = button.get("text")
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: text is empty")
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    count = 0
    for row in rows:
        if not isinstance(row, list):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for button in row:
            count += 1
            _validate_inline_button(button)
    if count > MAX_KEYBOARD_BUTTONS:
        raise bad_request("reply markup is too long")


def _validate_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise bad_request(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            prefix + f"exactly one of the optional fields must be used, found {actions}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if (
            not isinstance(data, str)
            or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
        ):
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not _is_button_url(button["url"]):
        raise bad_request("BUTTON_URL_INVALID")


def _is_button_url(url: Any) -> bool:
    if not isinstance(url, str) or not url or any(ch.isspace() for ch in url):
        return False
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() in {"tg", "ton"}:
        return True
    return parts.scheme.lower() in {"http", "https"} and "." in (parts.hostname or "")
