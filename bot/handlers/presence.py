"""Record every private-chat user who writes to the bot (runs before all other handlers)."""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import Context


async def seen_update(update: Update, context: Context) -> None:
    """Remember the sender; writing to the bot makes a blocked user reachable again."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or user.is_bot or chat is None or chat.type != chat.PRIVATE:
        return
    await context.users.seen(
        user.id,
        user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
        now=context.clock.now(),
    )
