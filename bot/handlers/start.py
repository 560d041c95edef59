"""/start and /bantuan: what the bot is for, and which commands a user may use."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.handlers.context import Context
from bot.handlers.guards import message_of, user_of
from bot.texts import org as org_texts

PUBLIC_COMMANDS = ["start", "bantuan", "nilai"]
"""Commands anyone may use, registered or not, in menu order."""


async def start_cmd(update: Update, context: Context) -> None:
    """Greet the user and say what the bot is for."""
    await message_of(update).reply_text(
        org_texts.welcome(user_of(update).first_name, context.value_set)
    )


async def bantuan_cmd(update: Update, context: Context) -> None:
    """List the commands this user may use."""
    await message_of(update).reply_text(texts.help_text(PUBLIC_COMMANDS))
