"""Replies longer than one Telegram message, split on line boundaries."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message

TELEGRAM_TEXT_LIMIT = 4096
SAFE_LIMIT = 3800
"""Below Telegram's limit with room to spare: entities are counted after HTML parsing."""


def chunk_lines(lines: list[str], limit: int = SAFE_LIMIT) -> list[str]:
    """Join lines into messages of at most ``limit`` characters, never splitting a line."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


async def reply_in_chunks(
    message: Message, lines: list[str], *, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """The lines in as few messages as fit; ``reply_markup`` goes under the last one."""
    chunks = chunk_lines(lines)
    for number, chunk in enumerate(chunks, start=1):
        await message.reply_text(
            chunk, reply_markup=reply_markup if number == len(chunks) else None
        )
