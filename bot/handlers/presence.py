"""Record every private-chat user who writes to the bot (runs before all other handlers)."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.handlers.context import Context
from bot.handlers.menu import sync_menu


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
    # Roles change with a roster import, which cannot talk to Telegram: catch up here.
    person = await context.org.person_by_telegram(user.id)
    await sync_menu(context.bot, context.users, chat.id, person)


async def membership_update(update: Update, context: Context) -> None:
    """A user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await context.users.mark_unreachable(change.chat.id, "blocked", context.clock.now())
    # Unblocking needs nothing here: seen_update already recorded the user as reachable.
