"""Send what the problem flow decided: each notice rendered for each recipient.

Content is copied, never forwarded: texts by sendMessage, files by sendPhoto or
sendDocument with the stored ``file_id``, so Telegram shows the bot as the sender and an
anonymous reporter stays anonymous.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError

from bot.handlers import problem_buttons as kb
from bot.handlers.context import Context
from bot.org.models import Person
from bot.problems.models import Attachment, AttachmentKind, Notice, NoticeKind
from bot.texts import problems as texts

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024


async def send_to(
    context: Context,
    person: Person,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    attachment: Attachment | None = None,
) -> bool:
    """Write to a person; a blocked bot marks them unreachable. False if not delivered."""
    chat_id = person.telegram_user_id
    if chat_id is None:
        return False
    try:
        if attachment is None:
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
        elif len(text) <= CAPTION_LIMIT:
            await _send_file(context, chat_id, attachment, text, keyboard)
        else:
            await _send_file(context, chat_id, attachment, None, None)
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
    except Forbidden as error:
        await context.users.mark_unreachable(chat_id, error.message, context.clock.now())
        return False
    except TelegramError:
        log.warning("could not write to person %s", person.id, exc_info=True)
        return False
    return True


async def _send_file(
    context: Context,
    chat_id: int,
    attachment: Attachment,
    caption: str | None,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    if attachment.kind is AttachmentKind.PHOTO:
        await context.bot.send_photo(
            chat_id, attachment.file_id, caption=caption, reply_markup=keyboard
        )
    else:
        await context.bot.send_document(
            chat_id, attachment.file_id, caption=caption, reply_markup=keyboard
        )


def render(
    context: Context, notice: Notice, person: Person
) -> tuple[str, InlineKeyboardMarkup | None, Attachment | None]:
    """The text, buttons and file of ``notice`` for ``person``."""
    problem = notice.problem
    tz = context.settings.tz
    basis = context.value_set.legal_basis
    actor = notice.actor
    message = notice.message
    escalation = notice.escalation
    match notice.kind:
        case NoticeKind.NEW_PROBLEM:
            text = texts.new_problem(problem, notice.reporter, person, tz, basis)
            return text, kb.staff_keyboard(problem), problem.attachment
        case NoticeKind.UNIT_LACKS_AGENT:
            return texts.unit_lacks_agent(problem), None, None
        case NoticeKind.UNIT_LACKS_HEAD:
            return texts.unit_lacks_head(problem, basis), None, None
        case NoticeKind.TAKEN_UP if actor is not None:
            return texts.taken_up(problem, actor), kb.reporter_keyboard(problem), None
        case NoticeKind.MESSAGE_TO_REPORTER if message is not None and actor is not None:
            text = texts.message_to_reporter(problem, message, actor)
            return text, kb.reporter_keyboard(problem), message.attachment
        case NoticeKind.MESSAGE_TO_STAFF if message is not None:
            text = texts.message_to_staff(problem, message, notice.reporter)
            return text, kb.thread_keyboard(problem), message.attachment
        case NoticeKind.ESCALATION | NoticeKind.HEAD_REMINDER if escalation is not None:
            text = texts.escalation_card(
                problem,
                escalation,
                notice.solutions,
                notice.reporter,
                actor,
                tz,
                basis,
                reminder=notice.kind is NoticeKind.HEAD_REMINDER,
            )
            keyboard = kb.head_keyboard(escalation, notice.solutions, basis)
            return text, keyboard, problem.attachment
        case NoticeKind.ESCALATED if escalation is not None:
            return texts.escalated_to_reporter(problem, escalation, basis), None, None
        case NoticeKind.AUTO_ESCALATED if escalation is not None:
            days = context.settings.problem_escalate_days
            text = texts.auto_escalated(problem, escalation, days, basis)
            return text, kb.open_keyboard(problem), None
        case NoticeKind.ANSWERED if actor is not None:
            text = texts.answered_to_staff(problem, actor, notice.solutions, notice.text)
            return text, kb.answered_keyboard(problem), None
        case NoticeKind.ANSWER_TO_REPORTER if actor is not None:
            text = texts.answer_to_reporter(problem, actor, notice.solutions, notice.text)
            return text, kb.reporter_keyboard(problem), None
        case NoticeKind.RESOLVED if actor is not None:
            return texts.resolved_to_reporter(problem, actor), kb.reporter_keyboard(problem), None
        case NoticeKind.REJECTED if actor is not None:
            return texts.rejected_to_reporter(problem, actor, notice.text), None, None
        case NoticeKind.CONFIRMED:
            return texts.confirmed_to_staff(problem), None, None
        case NoticeKind.REOPENED:
            return texts.reopened_to_staff(problem), kb.thread_keyboard(problem), None
        case NoticeKind.SLA_REMINDER:
            days = context.settings.problem_escalate_days
            return texts.sla_reminder(problem, days, tz), kb.staff_keyboard(problem), None
    raise ValueError(f"incomplete notice {notice.kind} for {problem.number}")


async def deliver(context: Context, notices: Sequence[Notice]) -> int:
    """Send every notice to each of its recipients; how many messages got through."""
    delivered = 0
    for notice in notices:
        for person in notice.to:
            text, keyboard, attachment = render(context, notice, person)
            if attachment is not None and notice.kind in _CARDS:
                # A card's file goes first with a short caption; the card keeps its buttons.
                await send_to(
                    context, person, texts.attachment_caption(notice.problem), None, attachment
                )
                attachment = None
            if await send_to(context, person, text, keyboard, attachment):
                delivered += 1
    return delivered


_CARDS = {NoticeKind.NEW_PROBLEM, NoticeKind.ESCALATION, NoticeKind.HEAD_REMINDER}
"""Notices whose text is a ticket card (long, with buttons) rather than a short message."""
