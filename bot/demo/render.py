"""A message's text and Bot API entities as safe HTML for the demo's chat page.

Nothing the bot or a user wrote reaches the page as markup: the plain text is escaped and
only a fixed set of tags is rebuilt from the entities (offsets in UTF-16 code units), with
link targets limited to web, mail and Telegram addresses. Commands in plain text
(``/checkin``) become links the page sends when tapped, as in Telegram.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["message_html", "safe_url"]

_TAGS = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote>", "</blockquote>"),
}
_LINKS = frozenset({"text_link", "url"})
_NO_COMMANDS = frozenset({"code", "pre", "text_link", "url"})
"""Inside these, a ``/word`` is not turned into a command link."""
_SCHEMES = frozenset({"http", "https", "mailto", "tg"})
_COMMAND_RE = re.compile(r"(?<![\w/<])/[A-Za-z0-9_]{1,32}\b")


@dataclass(frozen=True)
class _Span:
    kind: str
    start: int
    end: int
    """In UTF-16 code units, end exclusive."""
    url: str | None


def safe_url(url: str) -> str | None:
    """``url`` if it is a web, mail or Telegram address, else None (no ``javascript:``)."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in _SCHEMES else None


def message_html(text: str, entities: Iterable[Mapping[str, Any]] = ()) -> str:
    """``text`` escaped, with the formatting of ``entities`` as a few safe tags."""
    units = text.encode("utf-16-le", "surrogatepass")
    size = len(units) // 2
    spans = sorted(
        (span for span in (_span(e, units, size) for e in entities) if span is not None),
        key=lambda s: (s.start, -s.end),
    )
    bounds = sorted({0, size, *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    open_spans: list[_Span] = []
    for start, end in itertools.pairwise(bounds):
        # Close what ends here (and reopen what was nested inside it but goes on).
        ending = [s for s in open_spans if s.end <= start]
        if ending:
            first = min(open_spans.index(s) for s in ending)
            for span in reversed(open_spans[first:]):
                out.append(_close(span))
            reopen = [s for s in open_spans[first:] if s.end > start]
            open_spans = open_spans[:first]
            for span in reopen:
                out.append(_open(span))
                open_spans.append(span)
        for span in spans:
            if span.start == start:
                out.append(_open(span))
                open_spans.append(span)
        chunk = units[start * 2 : end * 2].decode("utf-16-le", "surrogatepass")
        commands = not any(s.kind in _NO_COMMANDS for s in open_spans)
        out.append(_text(chunk, commands=commands))
    for span in reversed(open_spans):
        out.append(_close(span))
    return "".join(out)


def _span(entity: Mapping[str, Any], units: bytes, size: int) -> _Span | None:
    kind = str(entity.get("type", ""))
    offset, length = entity.get("offset"), entity.get("length")
    if not isinstance(offset, int) or not isinstance(length, int) or length <= 0:
        return None
    start, end = max(offset, 0), min(offset + length, size)
    if start >= end or (kind not in _TAGS and kind not in _LINKS):
        return None
    url = None
    if kind == "text_link":
        url = safe_url(str(entity.get("url", "")))
    elif kind == "url":
        shown = units[start * 2 : end * 2].decode("utf-16-le", "surrogatepass")
        url = safe_url(shown if "://" in shown else f"https://{shown}")
    if kind in _LINKS and url is None:
        return None
    return _Span(kind, start, end, url)


def _open(span: _Span) -> str:
    if span.url is not None:
        href = html.escape(span.url, quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
    return _TAGS[span.kind][0]


def _close(span: _Span) -> str:
    return "</a>" if span.url is not None else _TAGS[span.kind][1]


def _text(chunk: str, *, commands: bool) -> str:
    if not commands:
        return html.escape(chunk, quote=True)
    out: list[str] = []
    last = 0
    for match in _COMMAND_RE.finditer(chunk):
        out.append(html.escape(chunk[last : match.start()], quote=True))
        command = match.group()  # letters, digits, "_" and "/" only: nothing to escape
        out.append(f'<a class="cmd" href="#" data-command="{command}">{command}</a>')
        last = match.end()
    out.append(html.escape(chunk[last:], quote=True))
    return "".join(out)
