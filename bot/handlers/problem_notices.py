"""Send what the problem flow decided: each notice rendered for each recipient.

Content is copied, never forwarded: texts by sendMessage, files by sendPhoto or
sendDocument with the stored ``file_id``, so Telegram shows the bot as the sender and an
anonymous reporter stays anonymous.

Every rendered notice is stored (``problem_outbox``) before it is sent and removed once
Telegram took it: a send that fails for a moment (5xx, timeout) is retried by
:func:`send_due_notices` (a periodic job), and a restart loses nothing. What an anonymous
reporter does (the report, a message, a confirmation) reaches staff after a random few
minutes, so the moment a notice arrives does not point at who was typing just then.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from datetime import timedelta
from enum import Enum

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.handlers import problem_buttons as kb
from bot.handlers.context import Context
from bot.org.models import Person
from bot.problems.models import (
    Attachment,
    AttachmentKind,
    Notice,
    NoticeKind,
    OutgoingNotice,
    QueuedNotice,
)
from bot.storage.problem_outbox import LEASE
from bot.texts import problems as texts

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
JOB_NAME = "problem-outbox"
INTERVAL = timedelta(seconds=30)
MIN_DELAY = timedelta(minutes=2)
"""The shortest delay of an anonymous reporter's notice (the longest is a setting)."""
RETRY_CAP = timedelta(minutes=30)
MAX_ATTEMPTS = 100
"""About two days of retries: then the notice is dropped, with a warning in the log."""

REPORTER_KINDS = frozenset(
    {
        NoticeKind.NEW_PROBLEM,
        NoticeKind.UNIT_LACKS_AGENT,
        NoticeKind.MESSAGE_TO_STAFF,
        NoticeKind.CONFIRMED,
        NoticeKind.REOPENED,
    }
)
"""Notices the reporter's own action causes: delayed when the reporter is anonymous."""

_random = random.SystemRandom()


class Sent(Enum):
    OK = "ok"
    GONE = "gone"
    """Never deliverable: no chat, the bot is blocked, Telegram refuses the message."""
    LATER = "later"
    """Failed for now (5xx, timeout, network): worth another try."""


async def send_to(
    context: Context,
    person: Person,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    attachment: Attachment | None = None,
) -> bool:
    """Write to a person; a block is recorded by the outbox. False if not delivered."""
    return await _send(context, person, text, keyboard, attachment) is Sent.OK


async def _send(
    context: Context,
    person: Person,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    attachment: Attachment | None,
) -> Sent:
    chat_id = person.telegram_user_id
    if chat_id is None or not person.active:
        return Sent.GONE
    try:
        if attachment is None:
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
        elif len(text) <= CAPTION_LIMIT:
            await _send_file(context, chat_id, attachment, text, keyboard)
        else:
            await _send_file(context, chat_id, attachment, None, None)
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
    except Forbidden:
        return Sent.GONE  # blocked: the outbox recorded it
    except BadRequest:
        log.warning("Telegram refused a message to person %s", person.id, exc_info=True)
        return Sent.GONE
    except TelegramError as error:
        log.warning("could not write to person %s (%s); will retry", person.id, error)
        return Sent.LATER
    return Sent.OK


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


def _outgoing(context: Context, notice: Notice, person: Person) -> list[OutgoingNotice]:
    problem_id = notice.problem.id
    text, keyboard, attachment = render(context, notice, person)
    parts = []
    if attachment is not None and notice.kind in _CARDS:
        # A card's file goes first with a short caption; the card keeps its buttons.
        caption = texts.attachment_caption(notice.problem)
        parts.append(OutgoingNotice(problem_id, person.id, caption, None, attachment))
        attachment = None
    board = json.dumps(keyboard.to_dict()) if keyboard is not None else None
    parts.append(OutgoingNotice(problem_id, person.id, text, board, attachment))
    return parts


def anonymous_delay(context: Context) -> timedelta:
    """A random few minutes (see ``ANONYMOUS_DELAY_MINUTES``)."""
    low = int(MIN_DELAY.total_seconds())
    high = max(low, context.settings.anonymous_delay_minutes * 60)
    return timedelta(seconds=_random.randint(low, high))


async def deliver(context: Context, notices: Sequence[Notice]) -> int:
    """Store every notice for each of its recipients, then send those due now; how many
    people it reached or will reach (a delayed or retried notice is on its way).
    """
    outbox = context.problems.outbox
    now = context.clock.now()
    reached = 0
    for notice in notices:
        delayed = notice.problem.anonymous and notice.kind in REPORTER_KINDS
        # Sent right here; the lease keeps the job off them meanwhile.
        due = now + anonymous_delay(context) if delayed else now + LEASE
        for person in notice.to:
            queued = await outbox.add(_outgoing(context, notice, person), due, now)
            if delayed:
                reached += 1
                continue
            outcomes = [await _send_queued(context, item) for item in queued]
            reached += outcomes[-1] is not Sent.GONE  # the card (after its file) counts
    return reached


async def _send_queued(context: Context, item: QueuedNotice) -> Sent:
    """Send one stored notice; forget it once sent (or never sendable), else retry later."""
    outbox = context.problems.outbox
    notice = item.notice
    person = await context.org.person(notice.person_id)
    if person is None:
        await outbox.done(item.id)
        return Sent.GONE
    keyboard = (
        InlineKeyboardMarkup.de_json(json.loads(notice.keyboard), context.bot)
        if notice.keyboard
        else None
    )
    outcome = await _send(context, person, notice.text, keyboard, notice.attachment)
    if outcome is Sent.LATER and item.attempts + 1 < MAX_ATTEMPTS:
        wait = min(RETRY_CAP, timedelta(seconds=30 * 2**item.attempts))
        await outbox.retry_at(item.id, context.clock.now() + wait)
        return outcome
    if outcome is Sent.LATER:
        log.warning("gave up a notice of problem %s to person %s", notice.problem_id, person.id)
    await outbox.done(item.id)
    return outcome


async def send_due_notices(context: Context) -> int:
    """Send the stored notices due now (delayed or to retry); how many went out."""
    sent = 0
    while batch := await context.problems.outbox.lease_due(context.clock.now()):
        for item in batch:
            sent += await _send_queued(context, item) is Sent.OK
    return sent


_CARDS = {NoticeKind.NEW_PROBLEM, NoticeKind.ESCALATION, NoticeKind.HEAD_REMINDER}
"""Notices whose text is a ticket card (long, with buttons) rather than a short message."""
