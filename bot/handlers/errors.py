"""The one error handler: log first, then tell the user in plain Indonesian."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.delivery.sender import RateLimited, Transient, Unreachable
from bot.handlers.context import Context
from bot.handlers.outbox import OutboxRateLimiter, classify

log = logging.getLogger(__name__)


async def error_handler(update: object, context: Context) -> None:
    """Expected Telegram errors take a quiet path; anything else is logged and apologised for.

    One update gets one answer: the handlers of later groups do not run after an error.
    Whoever is not answered because Telegram stayed away longer than the outbox retries is
    told so once, as soon as Telegram is back: never silence.
    """
    await _handle(update, context)
    if isinstance(update, Update):
        raise ApplicationHandlerStop


async def _handle(update: object, context: Context) -> None:
    error = context.error
    failure = classify(error) if isinstance(error, TelegramError) else None
    if isinstance(failure, Unreachable):
        return  # blocked or gone: the outbox recorded it, nobody to tell
    if isinstance(error, BadRequest) and "message is not modified" in error.message.lower():
        return
    chat_id = (
        update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    )
    # Ids only: the update's text and the sender's name are no business of the log.
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(failure, Transient | RateLimited):
        log.error(
            "error while handling update %s (chat %s): Telegram stayed away (%s)",
            update_id,
            chat_id,
            error,
        )
        if chat_id is not None:
            _tell_when_back(context, chat_id)
        return
    log.error("error while handling update %s (chat %s)", update_id, chat_id, exc_info=error)
    if chat_id is None:
        return
    if isinstance(update, Update) and update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.INTERNAL_ERROR, show_alert=True)
        except TelegramError:
            log.debug("could not answer the callback query after an error", exc_info=True)
        else:
            return
    try:
        await context.bot.send_message(chat_id, texts.INTERNAL_ERROR)
    except TelegramError:
        log.warning("could not tell chat %s about the error", chat_id, exc_info=True)


def _tell_when_back(context: Context, chat_id: int) -> None:
    limiter = context.bot.rate_limiter
    if isinstance(limiter, OutboxRateLimiter):
        bot = context.bot
        limiter.tell_when_back(chat_id, lambda: bot.send_message(chat_id, texts.TELEGRAM_WAS_AWAY))
