"""Answers for what no feature handled: unknown commands, stickers, photos, stray buttons."""

from __future__ import annotations

import logging

from telegram import Update

from bot import texts
from bot.handlers.context import Context
from bot.handlers.guards import message_of, query_of

log = logging.getLogger(__name__)


async def unknown_cmd(update: Update, context: Context) -> None:
    """A command no handler knows."""
    await message_of(update).reply_text(texts.UNKNOWN_COMMAND)


async def unexpected_msg(update: Update, context: Context) -> None:
    """Free text, a sticker, a photo... that no conversation is waiting for."""
    await message_of(update).reply_text(texts.UNEXPECTED_MESSAGE)


async def stale_callback(update: Update, context: Context) -> None:
    """A button whose data no feature recognises: old, from a removed feature, or forged."""
    query = query_of(update)
    log.warning("unhandled callback data %r from user %s", query.data, query.from_user.id)
    await query.answer(texts.STALE_BUTTON, show_alert=True)
