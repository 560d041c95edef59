"""Per-person command menus: ``setMyCommands`` scoped to each private chat."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat
from telegram.ext import ExtBot

from bot import permissions, texts
from bot.org.models import Person
from bot.storage import UserRepository


def menu_for(person: Person | None) -> list[BotCommand]:
    return [
        BotCommand(name, texts.COMMAND_DESCRIPTIONS[name])
        for name in permissions.commands_for(person)
    ]


DEFAULT_MENU = ",".join(permissions.commands_for(None))


async def sync_menu(
    bot: ExtBot[object],
    users: UserRepository,
    chat_id: int,
    person: Person | None,
    current: str | None,
) -> None:
    """Show this person exactly the commands they may use; a no-op when already so.

    ``current``: the chat's menu as last set (:meth:`UserRepository.menu`; the sender's
    look-up reads it along with recording them).
    """
    wanted = ",".join(permissions.commands_for(person))
    if wanted == (current or DEFAULT_MENU):
        return
    scope = BotCommandScopeChat(chat_id)
    if wanted == DEFAULT_MENU:
        await bot.delete_my_commands(scope=scope)  # back to the default menu
    else:
        await bot.set_my_commands(menu_for(person), scope=scope)
    await users.set_menu(chat_id, wanted)
