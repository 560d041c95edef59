"""Answers for what no feature handled: unknown commands, stickers, photos, stray buttons."""

from __future__ import annotations

import logging

from telegram import Update

from bot import texts
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import refuse_stale

log = logging.getLogger(__name__)


async def unknown_cmd(update: Update, context: Context) -> None:
    """A command no handler knows."""
    await message_of(update).reply_text(texts.UNKNOWN_COMMAND)


async def unexpected_msg(update: Update, context: Context) -> None:
    """Free text, a sticker, a photo... that no conversation is waiting for."""
    await message_of(update).reply_text(texts.UNEXPECTED_MESSAGE)


async def stale_callback(update: Update, context: Context) -> None:
    """A button whose data no feature recognises: old, from a removed feature, or forged."""
    await refuse_stale(update, "unhandled", "no feature takes this data")
