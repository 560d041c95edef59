"""Telegram's HTML parse mode, as the Bot API server parses it.

A port of TDLib's ``parse_html`` (``td/telegram/MessageEntity.cpp``): the same supported tags,
the same lenient handling of HTML entities and the same error messages with the same byte
offsets, so a fake server can reject exactly what Telegram rejects. The result is the plain
text a user sees plus Bot API ``MessageEntity`` objects (offsets in UTF-16 code units).

Simplifications: a link's URL is checked and normalised with a small approximation of
Telegram's rules, and ``tg://user?id=N`` stays a ``text_link`` (Telegram would turn it into a
``text_mention``, which needs the user's profile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "HtmlParseError",
    "ParsedText",
    "escape_html",
    "parse_html",
    "utf16_length",
]

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# TDLib's MessageEntity::get_type_priority: the order of entities sharing offset and length.
_TYPE_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_SPACE = frozenset(b" \t\r\n\v\x00")
_NAMED_REFERENCES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)
_HOST_RE = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)+[a-z]{2,63}$|^\d{1,3}(?:\.\d{1,3}){3}$"
)


class HtmlParseError(ValueError):
    """Raised for text Telegram refuses to parse; ``description`` is TDLib's message."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True)
class ParsedText:
    """The text a user sees and its entities as Bot API ``MessageEntity`` dictionaries."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    result_position: int


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's limits and offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def escape_html(text: str) -> str:
    """Escape ``text`` so that Telegram's HTML parser shows it verbatim."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_html(html: str) -> ParsedText:
    """Parse Telegram-flavoured HTML into plain text and entities.

    Raises :class:`HtmlParseError` with the description Telegram gives after
    ``"Bad Request: can't parse entities: "``.
    """
    return _Parser(html.encode("utf-8", "surrogatepass")).parse()


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.result = bytearray()
        self.entities: list[dict[str, Any]] = []
        self.utf16_offset = 0
        self.decoded_surrogate = False

    def at(self, index: int) -> int:
        # TDLib reads a NUL-terminated C string: past the end is 0.
        return self.data[index] if index < len(self.data) else 0

    def parse(self) -> ParsedText:
        nested: list[_OpenTag] = []
        i = 0
        size = len(self.data)
        while i < size:
            c = self.data[i]
            if c == ord("&"):
                code, end = _decode_reference(self.data, i)
                if code:
                    self._append_code_point(code)
                    i = end
                    continue
            if c != ord("<"):
                if c & 0xC0 != 0x80:
                    self.utf16_offset += 2 if c >= 0xF0 else 1
                self.result.append(c)
                i += 1
                continue
            begin = i
            i += 1
            if self.at(i) != ord("/"):
                tag, i = self._start_tag(begin, i)
                nested.append(tag)
            else:
                i = self._end_tag(begin, i, nested)
            i += 1  # past '>'
        if nested:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{nested[-1].name}"'
            )
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        if self.decoded_surrogate:
            raise HtmlParseError(_SURROGATE_ERROR)
        self.entities.sort(
            key=lambda e: (e["offset"], -e["length"], _TYPE_PRIORITY.get(e["type"], 50))
        )
        return ParsedText(self.result.decode("utf-8", "replace"), self.entities)

    def _append_code_point(self, code: int) -> None:
        self.utf16_offset += 2 if code > 0xFFFF else 1
        if 0xD800 <= code <= 0xDFFF:
            self.decoded_surrogate = True
        self.result += chr(code).encode("utf-8", "surrogatepass")

    def _start_tag(self, begin: int, i: int) -> tuple[_OpenTag, int]:
        """Read a start tag whose name starts at ``i``; return it and the index of its '>'."""
        while self.at(i) not in _SPACE and self.at(i) != ord(">"):
            i += 1
        if self.at(i) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        name = self.data[begin + 1 : i].decode("utf-8", "replace").lower()
        if name not in _SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {begin}')

        argument = ""
        while self.at(i) != ord(">"):
            while self.at(i) != 0 and self.at(i) in _SPACE:
                i += 1
            if self.at(i) == ord(">"):
                break
            attribute_begin = i
            while self.at(i) not in _SPACE and self.at(i) not in b"=>/\"'":
                i += 1
            attribute = self.data[attribute_begin:i].decode("utf-8", "replace")
            if not attribute:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {begin}'
                )
            while self.at(i) != 0 and self.at(i) in _SPACE:
                i += 1
            if self.at(i) != ord("="):
                if self.at(i) == 0:
                    raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
                # A value-less attribute: only <blockquote expandable> means something.
                if name == "blockquote" and attribute == "expandable":
                    argument = "1"
                continue
            i += 1
            while self.at(i) != 0 and self.at(i) in _SPACE:
                i += 1
            if self.at(i) == 0:
                raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
            value, i = self._attribute_value(i)
            if self.at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            if (name, attribute) in {("a", "href"), ("tg-emoji", "emoji-id")}:
                argument = value
            elif name == "code" and attribute == "class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif name == "span" and attribute == "class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif name == "blockquote" and attribute == "expandable":
                argument = "1"
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        return _OpenTag(name, argument, self.utf16_offset, len(self.result)), i

    def _attribute_value(self, i: int) -> tuple[str, int]:
        """A name token (lower-cased) or a quoted string with its references decoded."""
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            token_begin = i
            while chr(self.at(i)).isascii() and (chr(self.at(i)).isalnum() or self.at(i) in b".-"):
                i += 1
            if self.at(i) not in _SPACE and self.at(i) != ord(">"):
                raise HtmlParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return self.data[token_begin:i].decode("utf-8", "replace").lower(), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i) != 0:
            if self.at(i) == ord("&"):
                code, end = _decode_reference(self.data, i)
                if code:
                    value += chr(code).encode("utf-8", "surrogatepass")
                    i = end
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def _end_tag(self, begin: int, i: int, nested: list[_OpenTag]) -> int:
        """Read an end tag; ``i`` points at its '/'. Return the index of its '>'."""
        if not nested:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        while self.at(i) not in _SPACE and self.at(i) != ord(">"):
            i += 1
        end_name = self.data[begin + 2 : i].decode("utf-8", "replace").lower()
        while self.at(i) != 0 and self.at(i) in _SPACE:
            i += 1
        if self.at(i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        tag = nested[-1]
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        if self.utf16_offset > tag.utf16_offset:
            self._add_entity(tag, self.utf16_offset - tag.utf16_offset)
        nested.pop()
        return i

    def _add_entity(self, tag: _OpenTag, length: int) -> None:
        offset = tag.utf16_offset
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and last["offset"] == offset and last["length"] == length
        if tag.name in _SIMPLE_ENTITY_TYPES:
            self.entities.append(_entity(_SIMPLE_ENTITY_TYPES[tag.name], offset, length))
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or not 0 < int(tag.argument) < 2**63:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            self.entities.append(
                _entity("custom_emoji", offset, length, custom_emoji_id=tag.argument)
            )
        elif tag.name == "a":
            url = tag.argument or self.result[tag.result_position :].decode("utf-8", "replace")
            checked = _check_link(url)
            if checked is not None:
                self.entities.append(_entity("text_link", offset, length, url=checked))
        elif tag.name == "pre":
            if last is not None and same_span and last["type"] == "code" and "language" in last:
                last["type"] = "pre"
            else:
                self.entities.append(_entity("pre", offset, length))
        elif tag.name == "code":
            if last is not None and same_span and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            else:
                entity = _entity("code", offset, length)
                if tag.argument:
                    entity["language"] = tag.argument
                self.entities.append(entity)
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append(_entity(kind, offset, length))


def _entity(kind: str, offset: int, length: int, **extra: str) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


def _decode_reference(data: bytes, pos: int) -> tuple[int, int]:
    """TDLib's decode_html_entity: (code point or 0, index after the reference).

    Only ``&lt; &gt; &amp; &quot;`` and numeric references are decoded; the ``;`` is optional.
    Anything else stays literal text (code point 0).
    """

    def at(index: int) -> int:
        return data[index] if index < len(data) else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF":
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                code = code * 10 + at(end) - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        code = _NAMED_REFERENCES.get(data[pos + 1 : end], 0)
        if not code:
            return 0, pos
    return code, end + 1 if at(end) == ord(";") else end


def _check_link(url: str) -> str | None:
    """Approximate TDLib's LinkManager::get_checked_link: the normalised URL, or None."""
    if not url or any(ch.isspace() for ch in url):
        return None
    if re.match(r"^(?:tg|ton)://", url, re.IGNORECASE):
        return url
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        if ":" in url.split("/", 1)[0] and not re.match(r"^[^:]+:\d+", url):
            return None  # an unsupported scheme such as mailto: or javascript:
        url = "http://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in {"http", "https"} or not _HOST_RE.match(host):
        return None
    netloc = host if port is None else f"{host}:{port}"
    result = f"{scheme}://{netloc}{parts.path or '/'}"
    if parts.query or "?" in url:
        result += f"?{parts.query}"
    if parts.fragment:
        result += f"#{parts.fragment}"
    return result
