"""The one error handler: log first, then tell the user in plain Indonesian."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.handlers.context import Context

log = logging.getLogger(__name__)


async def error_handler(update: object, context: Context) -> None:
    """Expected Telegram errors take a quiet path; anything else is logged and apologised for.
    One update gets one answer: the handlers of later groups do not run after an error."""
    await _handle(update, context)
    if isinstance(update, Update):
        raise ApplicationHandlerStop


async def _handle(update: object, context: Context) -> None:
    error = context.error
    chat_id = (
        update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    )
    if isinstance(error, Forbidden) and chat_id is not None:
        # The user blocked the bot: stop talking to them until they write again.
        log.info("chat %s is unreachable: %s", chat_id, error.message)
        await context.users.mark_unreachable(chat_id, error.message, context.clock.now())
        return
    if isinstance(error, BadRequest) and "message is not modified" in error.message.lower():
        return
    # Ids only: the update's text and the sender's name are no business of the log.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s (chat %s)", update_id, chat_id, exc_info=error)
    if chat_id is None:
        return
    if isinstance(update, Update) and update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.INTERNAL_ERROR, show_alert=True)
        except TelegramError:
            log.debug("could not answer the callback query after an error", exc_info=True)
        return
    try:
        await context.bot.send_message(chat_id, texts.INTERNAL_ERROR)
    except TelegramError:
        log.warning("could not tell chat %s about the error", chat_id, exc_info=True)
