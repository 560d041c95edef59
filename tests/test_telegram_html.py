"""Telegram's HTML parse mode: errors with TDLib's wording and byte offsets, text, entities."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator import HtmlParseError, escape_html, parse_html, utf16_length

STADIUM = "\U0001f3df"  # 4 bytes in UTF-8, 2 UTF-16 units
PREFIX = f"{STADIUM} {STADIUM}&lt;"  # 13 bytes of markup, "🏟 🏟<" = 6 UTF-16 units


def entity(kind: str, offset: int, length: int, **extra: str) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<foo>bar</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        (PREFIX + "<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        (PREFIX + "<abacaba", "Unclosed start tag at byte offset 13"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("a<b", "Unclosed start tag at byte offset 1"),
        ("ends with <", "Unclosed start tag at byte offset 10"),
        (PREFIX + "<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        (PREFIX + "<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        (PREFIX + "<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        (PREFIX + '<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ('<a href="https://x.org>x</a>', "Unclosed start tag at byte offset 0"),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        (PREFIX + "</", "Unexpected end tag at byte offset 13"),
        ("plain</b>", "Unexpected end tag at byte offset 5"),
        (PREFIX + "<b></b></", "Unexpected end tag at byte offset 20"),
        (PREFIX + "<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            PREFIX + "<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            '<span class="bold">x</span>',
            'Tag "span" must have class "tg-spoiler" at byte offset 0',
        ),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        (
            "&#57311;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
        (
            "&#xD83D;&#xDE00;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_rejected_html(html: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(html)
    assert caught.value.description == error
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("no markup at all", "no markup at all"),
        ("&lt;&gt;&amp;&quot;", '<>&"'),
        # Only four named references exist; others and huge numbers stay literal text.
        ("&laquo;&raquo;&nbsp;&#12345678;", "&laquo;&raquo;&nbsp;&#12345678;"),
        ("&#65;&#x42;&#x1F600;", "AB\U0001f600"),
        ("&#X41;", "&#X41;"),
        # The semicolon is optional; a lone ampersand is just text.
        ("&amp &lt1 &gt", "& <1 >"),
        ("AT&T & co", "AT&T & co"),
        ("a > b", "a > b"),
        ("quote \" and ' stay", "quote \" and ' stay"),
        ("<b></b>", ""),
        (
            f"{STADIUM} {STADIUM}<i>{STADIUM} &lt{STADIUM}</i>",
            f"{STADIUM} {STADIUM}{STADIUM} <{STADIUM}",
        ),
    ],
)
def test_plain_text(html: str, text: str) -> None:
    assert parse_html(html).text == text


@pytest.mark.parametrize(
    ("html", "entities"),
    [
        ("<b>b</b><strong>s</strong>", [entity("bold", 0, 1), entity("bold", 1, 1)]),
        ("<i>i</i><em>e</em>", [entity("italic", 0, 1), entity("italic", 1, 1)]),
        ("<u>u</u><ins>i</ins>", [entity("underline", 0, 1), entity("underline", 1, 1)]),
        (
            "<s>s</s><strike>t</strike><del>d</del>",
            [entity("strikethrough", i, 1) for i in range(3)],
        ),
        (
            '<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>',
            [entity("spoiler", 0, 1), entity("spoiler", 1, 1)],
        ),
        ("<B>caps</B>", [entity("bold", 0, 4)]),
        ("<b>closed by </>", [entity("bold", 0, 10)]),
        ("<b>bold <i>both</i></b> none", [entity("bold", 0, 9), entity("italic", 5, 4)]),
        # Offsets and lengths count UTF-16 code units: the emoji is 2 units.
        (f"{STADIUM} <b>{STADIUM}x</b>", [entity("bold", 3, 3)]),
        (
            PREFIX + "<i>a</i   >",
            [entity("italic", 6, 1)],
        ),
        (
            f"{STADIUM} {STADIUM}<i>{STADIUM} &gt;<b aba   =   caba>&lt{STADIUM}</b></i>",
            [entity("italic", 5, 7), entity("bold", 9, 3)],
        ),
        # Same span: ordered by TDLib's type priority (code, bold, italic).
        (
            "<code><i><b> </b></i></code><i><b><code> </code></b></i>",
            [
                entity("code", 0, 1),
                entity("bold", 0, 1),
                entity("italic", 0, 1),
                entity("code", 1, 1),
                entity("bold", 1, 1),
                entity("italic", 1, 1),
            ],
        ),
        ("<b>x</b><i></i>", [entity("bold", 0, 1)]),
        ("<blockquote>quote</blockquote>", [entity("blockquote", 0, 5)]),
        ("<blockquote expandable>long</blockquote>", [entity("expandable_blockquote", 0, 4)]),
        ("<i unknown-flag>x</i>", [entity("italic", 0, 1)]),
        (
            '<tg-emoji emoji-id="5368324170671202286">\U0001f44d</tg-emoji>',
            [entity("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")],
        ),
    ],
)
def test_entities(html: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html).entities == entities


@pytest.mark.parametrize(
    ("html", "entities"),
    [
        ("<pre>x = 1</pre>", [entity("pre", 0, 5)]),
        ("<code>x</code>", [entity("code", 0, 1)]),
        (
            '<pre><code class="language-python">x</code></pre>',
            [entity("pre", 0, 1, language="python")],
        ),
        (
            '<code class="language-fift"><pre>x</pre></code>',
            [entity("pre", 0, 1, language="fift")],
        ),
        # A language counts only on code directly inside pre with the same span.
        ('<code class="language-python">x</code>', [entity("code", 0, 1)]),
        ("<pre><code>x</code></pre>", [entity("pre", 0, 1), entity("code", 0, 1)]),
        (
            '<pre><code class="language-fift">x</code> </pre>',
            [entity("pre", 0, 2), entity("code", 0, 1)],
        ),
    ],
)
def test_pre_and_code(html: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html).entities == entities


@pytest.mark.parametrize(
    ("html", "url"),
    [
        ('<a href="https://example.org/path?q=1">x</a>', "https://example.org/path?q=1"),
        ("<a href='https://example.org/?a=1&amp;b=2'>x</a>", "https://example.org/?a=1&b=2"),
        ('<a   href  =  "telegram.org"   >x</a>', "http://telegram.org/"),
        ("<a href=telegram.org>x</a>", "http://telegram.org/"),
        ("<a href=Telegram.ORG>x</a>", "http://telegram.org/"),  # name tokens are lowercased
        ("<a href='telegram.org?&lt;'>x</a>", "http://telegram.org/?<"),
        ("<a href='tg://resolve?domain=durov'>x</a>", "tg://resolve?domain=durov"),
        ("<a>telegram.org</a>", "http://telegram.org/"),  # no href: the text is the link
        ("<a>https://t.me/x#top</a>", "https://t.me/x#top"),
    ],
)
def test_links(html: str, url: str) -> None:
    (link,) = parse_html(html).entities
    assert link["type"] == "text_link"
    assert link["url"] == url


@pytest.mark.parametrize(
    "html",
    [
        "<a>telegram.org </a>",
        "<a> </a>",
        "<a href='javascript:alert(1)'>x</a>",
        "<a href='mailto:a@b.org'>x</a>",
        "<a href='not a url'>x</a>",
        "<a href='nodot'>x</a>",
    ],
)
def test_invalid_links_are_dropped_not_rejected(html: str) -> None:
    parsed = parse_html(html)
    assert parsed.entities == []
    assert parsed.text


def test_utf16_length() -> None:
    assert utf16_length("") == 0
    assert utf16_length("abc") == 3
    assert utf16_length("é") == 1
    assert utf16_length("\U0001f600") == 2
    assert utf16_length("a\U0001f600b") == 4


@pytest.mark.parametrize(
    "text", ["1 < 2 & 3 > 2", "<b>not bold</b>", "&amp; literally", "AT&T", "\U0001f600 <>"]
)
def test_escaped_text_shows_verbatim(text: str) -> None:
    parsed = parse_html(escape_html(text))
    assert parsed.text == text
    assert parsed.entities == []
