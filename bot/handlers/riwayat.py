"""/riwayat: my streak, my last working days, and how strong each value is in my days."""

from __future__ import annotations

from telegram import Update

from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.texts import riwayat as riwayat_texts


async def riwayat_cmd(update: Update, context: Context) -> None:
    """Show the sender's check-in history and progress."""
    access = await gate(update, context, "riwayat")
    if not access.allowed or access.person is None:
        return
    progress = await context.journal.progress(access.person, context.clock.now())
    await message_of(update).reply_text(riwayat_texts.history(progress, context.value_set))
