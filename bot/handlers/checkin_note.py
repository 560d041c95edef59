"""The typed note of a check-in: taken only from someone whose check-in waits for one.

The input router (:mod:`bot.handlers.inputs`) hands it the message when the sender's
pending-input slot holds a check-in note.
"""

from __future__ import annotations

import logging

from telegram import Message

from bot.checkin.rules import NoteProblem, Step, check_note, clean_note
from bot.handlers import checkin_keyboards as kb
from bot.handlers.checkin import render, stop_waiting
from bot.handlers.context import Context
from bot.org.models import Person
from bot.storage.pending_inputs import PendingInput
from bot.texts import checkin as checkin_texts

log = logging.getLogger(__name__)


async def note_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """The note of today's check-in; False when that wait is over (yesterday's note step)."""
    now = context.clock.now()
    today = await context.journal.local_today(person, now)
    checkin = await context.checkins.get(person.id, today)
    if checkin is None or checkin.id != pending.ref_id:
        return False
    if message.text is None:
        await message.reply_text(checkin_texts.NOTE_WAITING_TEXT)
        return True
    note = clean_note(message.text)
    problem = check_note(note)
    if problem is NoteProblem.TOO_LONG:
        await message.reply_text(checkin_texts.note_too_long(len(note)))
        return True
    if problem is NoteProblem.EMPTY:
        await message.reply_text(checkin_texts.NOTE_EMPTY)
        return True
    await stop_waiting(context, person)
    match = context.journal.suggest(note)
    await context.checkins.save_note(checkin.id, note, match.behaviour.id if match else None, now)
    if match is not None:
        await message.reply_text(
            checkin_texts.suggestion(match.value, match.behaviour),
            reply_markup=kb.suggestion_keyboard(checkin.day),
        )
        return True
    day = await context.journal.day(person, now, checkin.day)
    saved = await context.checkins.get(person.id, checkin.day)
    text, keyboard = await render(context, day, saved, Step.SUMMARY)
    await message.reply_text(text, reply_markup=keyboard)
    return True
