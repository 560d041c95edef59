"""The typed note of a check-in: taken only from someone whose check-in waits for one.

Registered in a group of its own before the features (see ``register_handlers``): it asks
the database whether the sender's pending-input slot holds today's check-in note; if so it
takes the message and stops it there, else it returns and the later groups see the message
as usual (another feature's prompt, a NIP, the fallbacks).
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import MessageEntityType
from telegram.ext import ApplicationHandlerStop

from bot.checkin.rules import NoteProblem, Step, check_note, clean_note
from bot.handlers import checkin_keyboards as kb
from bot.handlers.checkin import NOTE_INPUT, render, stop_waiting
from bot.handlers.context import Context
from bot.texts import checkin as checkin_texts

log = logging.getLogger(__name__)


def _is_command(message: Message) -> bool:
    entities = message.entities or ()
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)


async def pending_note_msg(update: Update, context: Context) -> None:
    """The note of today's check-in, if the sender's check-in waits for one."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    pending = await context.pending_inputs.get(user.id, NOTE_INPUT)
    if pending is None:
        return  # no note awaited: the later groups handle the message
    person = await context.org.person_by_telegram(user.id)
    now = context.clock.now()
    today = await context.journal.local_today(person, now) if person else None
    checkin = await context.checkins.get(person.id, today) if person and today else None
    if person is None or checkin is None or checkin.id != pending.ref_id:
        # Yesterday's note step (or a person no longer in the roster): the wait is over.
        await context.pending_inputs.clear(user.id, NOTE_INPUT)
        return
    if _is_command(message):
        await stop_waiting(context, person)  # a command moves on; it runs as usual
        return
    if message.text is None:
        await message.reply_text(checkin_texts.NOTE_WAITING_TEXT)
        raise ApplicationHandlerStop
    note = clean_note(message.text)
    problem = check_note(note)
    if problem is NoteProblem.TOO_LONG:
        await message.reply_text(checkin_texts.note_too_long(len(note)))
        raise ApplicationHandlerStop
    if problem is NoteProblem.EMPTY:
        await message.reply_text(checkin_texts.NOTE_EMPTY)
        raise ApplicationHandlerStop
    await stop_waiting(context, person)
    match = context.journal.suggest(note)
    await context.checkins.save_note(checkin.id, note, match.behaviour.id if match else None, now)
    if match is not None:
        await message.reply_text(
            checkin_texts.suggestion(match.value, match.behaviour),
            reply_markup=kb.suggestion_keyboard(checkin.day),
        )
        raise ApplicationHandlerStop
    day = await context.journal.day(person, now, checkin.day)
    saved = await context.checkins.get(person.id, checkin.day)
    text, keyboard = await render(context, day, saved, Step.SUMMARY)
    await message.reply_text(text, reply_markup=keyboard)
    raise ApplicationHandlerStop
