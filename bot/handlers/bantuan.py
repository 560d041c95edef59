"""/bantuan: the commands this user may use (the same list as their command menu)."""

from __future__ import annotations

from telegram import Update

from bot import permissions, texts
from bot.handlers.context import Context
from bot.handlers.guards import message_of


async def bantuan_cmd(update: Update, context: Context) -> None:
    """List the commands this user may use."""
    person = context.person
    await message_of(update).reply_text(texts.help_text(permissions.commands_for(person)))
