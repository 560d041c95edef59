"""Who sent each update, looked up once before all other handlers; record every private-chat
user who writes to the bot."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.handlers.context import Context, Sender
from bot.handlers.menu import sync_menu


async def seen_update(update: Update, context: Context) -> None:
    """Look the sender up once for every handler of this update; remember a private-chat
    sender (writing to the bot makes a blocked user reachable again)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or user.is_bot:
        context.sender = Sender(None, None)
        return
    private = chat is not None and chat.type == chat.PRIVATE
    menu = None
    if private:
        menu = await context.users.seen(
            user.id,
            user.first_name,
            last_name=user.last_name,
            username=user.username,
            language_code=user.language_code,
            now=context.clock.now(),
        )
    person = await context.org.person_by_telegram(user.id)
    context.sender = Sender(person, menu)
    if private and chat is not None:
        # Roles change with a roster import, which cannot talk to Telegram: catch up here.
        await sync_menu(context.bot, context.users, chat.id, person, menu)


async def membership_update(update: Update, context: Context) -> None:
    """A user blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await context.users.mark_unreachable(change.chat.id, "blocked", context.clock.now())
    # Unblocking needs nothing here: seen_update already recorded the user as reachable.
