"""Telegram glue, one module per feature; :func:`register_handlers` wires them in order."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.bantuan import bantuan_cmd
from bot.handlers.context import BotApplication
from bot.handlers.errors import error_handler
from bot.handlers.fallback import stale_callback, unexpected_msg, unknown_cmd
from bot.handlers.menu import menu_for
from bot.handlers.nilai import nilai_callback, nilai_cmd
from bot.handlers.onboarding import NIP_PATTERN, join_callback, nip_msg, start_cmd
from bot.handlers.presence import membership_update, seen_update
from bot.handlers.profil import namakbk_cmd, profil_cmd, unit_cmd

PRESENCE_GROUP = -2
FEATURE_GROUP = 0


def register_handlers(app: BotApplication) -> None:
    """Register every handler. Order matters: read the comments before moving anything."""
    # Groups -2 and -1 see every update first and never stop it: record who wrote to the
    # bot (which makes them reachable again), then whether they blocked it.
    app.add_handler(TypeHandler(Update, seen_update), group=PRESENCE_GROUP)
    app.add_handler(
        ChatMemberHandler(membership_update, ChatMemberHandler.MY_CHAT_MEMBER),
        group=PRESENCE_GROUP + 1,
    )

    # Group 0: the features. Within a group the first matching handler wins.
    feature = [
        CommandHandler("start", start_cmd),
        CommandHandler("bantuan", bantuan_cmd),
        CommandHandler("nilai", nilai_cmd),
        CommandHandler("profil", profil_cmd),
        CommandHandler("namakbk", namakbk_cmd),
        CommandHandler("unit", unit_cmd),
        CallbackQueryHandler(nilai_callback, pattern=r"^nilai:"),
        CallbackQueryHandler(join_callback, pattern=r"^join:"),
        # A NIP typed in a private chat is a join request (stateless: survives restarts).
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.Regex(NIP_PATTERN),
            nip_msg,
        ),
    ]
    app.add_handlers(feature, group=FEATURE_GROUP)

    # Fallbacks come last in group 0, not in a later group: PTB runs the first matching
    # handler of *every* group, so a fallback in group 1 would answer updates a feature
    # already handled. Here they only see what no feature above claimed.
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.COMMAND & private, unknown_cmd), group=FEATURE_GROUP)
    app.add_handler(
        MessageHandler(~filters.COMMAND & private, unexpected_msg), group=FEATURE_GROUP
    )
    app.add_handler(CallbackQueryHandler(stale_callback), group=FEATURE_GROUP)

    app.add_error_handler(error_handler)


def menu_commands() -> list[BotCommand]:
    """The default command menu: what anyone may use (people in the roster get their own)."""
    return menu_for(None)
