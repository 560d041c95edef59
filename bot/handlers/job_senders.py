"""How the domain's periodic jobs reach Telegram: the small senders they are given.

The jobs (:mod:`bot.reports.jobs`, :mod:`bot.evaluation.reminder_job`,
:mod:`bot.problems.sla_job`) decide who gets what; these classes only render the Telegram
parts (keyboards, files) and map Telegram's errors. A blocked recipient (403) is recorded
as unreachable by the outbox (:mod:`bot.handlers.outbox`), as for every other send.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import InputFile
from telegram.error import Forbidden, TelegramError

from bot.action_plan.models import PlanItem
from bot.evaluation.reminder_job import Sent
from bot.evaluation.window import Window
from bot.handlers.context import Context
from bot.handlers.evaluasi_keyboards import open_keyboard
from bot.handlers.problem_notices import deliver
from bot.handlers.semester import render_draft
from bot.org.models import Person
from bot.problems.models import Notice
from bot.reports.jobs import SendFailed
from bot.semester.job import Draft
from bot.texts import action_plan as plan_texts
from bot.texts import evaluation as evaluation_texts

log = logging.getLogger(__name__)


class _Sender:
    def __init__(self, context: Context) -> None:
        self._bot = context.bot


class ReportOutbox(_Sender):
    """The :class:`~bot.reports.scheduled.Outbox` of the scheduled reports."""

    @staticmethod
    def _failed(chat_id: int, error: TelegramError) -> SendFailed:
        return SendFailed(f"chat {chat_id}: {error.message}")

    async def text(self, chat_id: int, html: str) -> None:
        try:
            await self._bot.send_message(chat_id, html)
        except TelegramError as error:
            raise self._failed(chat_id, error) from error

    async def photo(self, chat_id: int, png: bytes, caption: str) -> None:
        try:
            await self._bot.send_photo(
                chat_id, InputFile(png, filename="laporan.png"), caption=caption
            )
        except TelegramError as error:
            raise self._failed(chat_id, error) from error

    async def document(self, chat_id: int, data: bytes, filename: str, caption: str) -> None:
        try:
            await self._bot.send_document(
                chat_id, InputFile(data, filename=filename), caption=caption
            )
        except TelegramError as error:
            raise self._failed(chat_id, error) from error


class EvaluationReminders(_Sender):
    """The :class:`~bot.evaluation.reminder_job.ReminderSender`: the reminder and its button."""

    async def remind(self, telegram_user_id: int, window: Window, answered: int) -> Sent:
        try:
            await self._bot.send_message(
                telegram_user_id,
                evaluation_texts.reminder(window, answered),
                reply_markup=open_keyboard(window),
            )
        except Forbidden:  # recorded by the outbox
            return Sent.UNREACHABLE
        except TelegramError:
            log.warning(
                "evaluation reminder to Telegram user %s failed; will retry",
                telegram_user_id,
                exc_info=True,
            )
            return Sent.FAILED
        return Sent.DELIVERED


class ProblemNotices:
    """The :class:`~bot.problems.sla_job.NoticeSender`: notices rendered with their buttons."""

    def __init__(self, context: Context) -> None:
        self._context = context

    async def deliver(self, notices: Sequence[Notice]) -> int:
        return await deliver(self._context, notices)


class PlanReminders(_Sender):
    """The :class:`~bot.action_plan.reminder_job.PlanReminderSender`."""

    async def remind(self, telegram_user_id: int, item: PlanItem, days_left: int) -> bool:
        try:
            await self._bot.send_message(telegram_user_id, plan_texts.reminder(item, days_left))
        except TelegramError:  # a block is recorded by the outbox
            log.warning("rencana aksi reminder to %s failed", telegram_user_id, exc_info=True)
            return False
        return True


class SemesterMessages(_Sender):
    """The :class:`~bot.semester.job.SemesterSender`: the draft with its buttons, and the
    approved report's files."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._context = context

    @staticmethod
    async def _send(person: Person, send: Callable[[int], Awaitable[object]]) -> bool:
        chat_id = person.telegram_user_id
        if chat_id is None:
            return False
        try:
            await send(chat_id)
        except TelegramError:  # a block is recorded by the outbox
            log.warning("semester report to %s failed; will retry", chat_id, exc_info=True)
            return False
        return True

    async def draft(self, person: Person, draft: Draft) -> bool:
        text, keyboard = render_draft(self._context, draft)
        return await self._send(
            person, lambda chat: self._bot.send_message(chat, text, reply_markup=keyboard)
        )

    async def deliver(self, person: Person, caption: str, files: list[tuple[bytes, str]]) -> bool:
        async def send(chat: int) -> None:
            for number, (data, filename) in enumerate(files):
                await self._bot.send_document(
                    chat,
                    InputFile(data, filename=filename),
                    caption=caption if not number else None,
                )

        return await self._send(person, send)
