"""The periodic job of scheduled reports, and the Telegram outbox it sends through."""

from __future__ import annotations

import logging

from telegram import InputFile
from telegram.error import Forbidden, TelegramError

from bot.clock import Clock
from bot.handlers.context import Context
from bot.reports.scheduled import ReportContext, send_scheduled_reports
from bot.storage.reports import ReportLog
from bot.storage.users import UserRepository

log = logging.getLogger(__name__)

JOB_NAME = "scheduled-reports"


class TelegramOutbox:
    """Sends through the bot; a blocked recipient is marked unreachable, not retried."""

    def __init__(self, context: Context) -> None:
        self._bot = context.bot
        self._users: UserRepository = context.users
        self._clock: Clock = context.clock

    async def _guard(self, chat_id: int, error: TelegramError) -> None:
        if isinstance(error, Forbidden):
            await self._users.mark_unreachable(chat_id, error.message, self._clock.now())
        raise error

    async def text(self, chat_id: int, html: str) -> None:
        try:
            await self._bot.send_message(chat_id, html)
        except TelegramError as error:
            await self._guard(chat_id, error)

    async def photo(self, chat_id: int, png: bytes, caption: str) -> None:
        try:
            await self._bot.send_photo(
                chat_id, InputFile(png, filename="laporan.png"), caption=caption
            )
        except TelegramError as error:
            await self._guard(chat_id, error)

    async def document(self, chat_id: int, data: bytes, filename: str, caption: str) -> None:
        try:
            await self._bot.send_document(
                chat_id, InputFile(data, filename=filename), caption=caption
            )
        except TelegramError as error:
            await self._guard(chat_id, error)


def report_context(context: Context) -> ReportContext:
    settings = context.settings
    return ReportContext(
        sources=context.reports,
        org=context.org,
        log=ReportLog(context.services.db),
        content=context.content,
        value_set=context.value_set,
        zone=settings.tz,
        digest_time=settings.morning_time,
        semester_time=settings.afternoon_time,
        min_people=settings.report_min_people,
    )


async def scheduled_reports_job(context: Context) -> None:
    """Every few minutes: send the weekly digest or the semester report when due."""
    try:
        await send_scheduled_reports(
            report_context(context), TelegramOutbox(context), context.clock.now()
        )
    except TelegramError:
        # What was sent is logged; the rest goes out at the next tick.
        log.warning("scheduled reports interrupted; will retry", exc_info=True)
