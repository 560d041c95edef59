"""/checkin and its buttons: one tap to answer, then optional behaviours, budaya malu, note.

The flow message is edited in place at every tap; each tap is written to the database at
once (see :mod:`bot.storage.checkins`), so nothing lives only in memory. The buttons under
the morning and afternoon messages (``ci:``, :mod:`bot.handlers.checkin_entry`) record the
answer in one tap and edit that message in place (no new message); the rest of the flow
(behaviours, budaya malu, note) comes in a message of its own only if the person asks.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.checkin.journal import Day
from bot.checkin.models import Answer, Checkin, NoteStatus
from bot.checkin.rules import DayState, Step, step_after
from bot.handlers import checkin_keyboards as kb
from bot.handlers.access import gate
from bot.handlers.checkin_entry import OPEN, more_keyboard, parse_entry
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of, query_of, user_of
from bot.handlers.presses import pressed, refuse_stale
from bot.org.models import Person
from bot.texts import checkin as checkin_texts

log = logging.getLogger(__name__)

Rendered = tuple[str, InlineKeyboardMarkup]

NOTE_INPUT = "checkin"
"""This feature's rows in the shared ``pending_inputs`` slot (one per user, latest wins)."""
NOTE_KIND = "note"
COMMAND = "checkin"
FEATURE = "check-in"


# --- Rendering ------------------------------------------------------------------------------


def _focus_page(context: Context, day: Day) -> int:
    return context.value_set.values.index(day.focus.value)


async def render(
    context: Context, day: Day, checkin: Checkin | None, step: Step, page: int | None = None
) -> Rendered:
    """The flow message for ``step``; showing the note step makes the next message the note."""
    value_set = context.value_set
    malu = context.content.budaya_malu.items
    if checkin is None or step is Step.ANSWER:
        return checkin_texts.question(day.day, day.focus), kb.question_keyboard(day.day)
    match step:
        case Step.BEHAVIOURS:
            shown = _focus_page(context, day) if page is None else page
            ticked = sum(1 for _, b in value_set.behaviours() if b.id in checkin.practised)
            return (
                checkin_texts.behaviours_step(
                    day.day, day.focus, checkin.answer, value_set, shown, ticked
                ),
                kb.behaviours_keyboard(day.day, value_set, shown, checkin.practised),
            )
        case Step.MALU:
            slipped = sum(1 for item in malu if item.id in checkin.malu)
            return (
                checkin_texts.malu_step(day.day, malu, slipped),
                kb.malu_keyboard(day.day, malu, checkin.malu),
            )
        case Step.NOTE:
            await await_note(context, day, checkin)
            return (
                checkin_texts.note_step(day.day, checkin.note),
                kb.note_keyboard(day.day, bool(checkin.note)),
            )
    return (
        checkin_texts.summary(checkin, day.focus, value_set, malu),
        kb.summary_keyboard(checkin, _focus_page(context, day)),
    )


async def opening(context: Context, day: Day) -> Rendered:
    """What /checkin shows on an open day: the question, or today's check-in to change."""
    checkin = await context.checkins.get(day.person.id, day.day)
    await stop_waiting(context, day.person)
    return await render(context, day, checkin, Step.SUMMARY if checkin else Step.ANSWER)


# --- The note awaited -----------------------------------------------------------------------


async def await_note(context: Context, day: Day, checkin: Checkin) -> None:
    """The person's next message is this check-in's note (until another prompt replaces
    it, a command, another tap of the flow, or the end of the day)."""
    now = context.clock.now()
    if checkin.note_status is NoteStatus.NONE:
        await context.checkins.set_note_status(checkin.id, NoteStatus.DONE, now)
    user_id = day.person.telegram_user_id
    if user_id is not None:
        await context.pending_inputs.set(user_id, NOTE_INPUT, NOTE_KIND, checkin.id, now)


async def stop_waiting(context: Context, person: Person) -> None:
    """No note is awaited from ``person`` any more (a prompt of another feature stays)."""
    if person.telegram_user_id is not None:
        await context.pending_inputs.clear(person.telegram_user_id, NOTE_INPUT)


# --- /checkin -------------------------------------------------------------------------------


async def checkin_cmd(update: Update, context: Context) -> None:
    """Open today's check-in: the one-tap question, or the summary to change it."""
    access = await gate(update, context, COMMAND)
    if not access.allowed or access.person is None:
        return
    message = message_of(update)
    if extra := command_args(message):
        # "/checkin besok", "/checkin kemarin": there is only today's check-in; say so.
        await message.reply_text(checkin_texts.today_only(extra))
    day = await context.journal.day(access.person, context.clock.now())
    if not day.decision.open:
        await message.reply_text(checkin_texts.refused(day.decision, day.pause))
        return
    text, keyboard = await opening(context, day)
    await message.reply_text(text, reply_markup=keyboard)


# --- Buttons --------------------------------------------------------------------------------


async def _open_day(
    update: Update, context: Context, person: Person, pressed: date, now: datetime
) -> Day | None:
    """The day of the pressed button if it is still open; else answer why not."""
    query = query_of(update)
    day = await context.journal.day(person, now, pressed)
    if day.decision.open:
        return day
    if day.decision.state is DayState.FUTURE:
        await refuse_stale(update, FEATURE, "a day still to come")
        return None
    await query.answer(checkin_texts.refused(day.decision, day.pause, html=False), show_alert=True)
    if day.decision.state is DayState.PAST:
        await _drop_keyboard(update)
    return None


async def _drop_keyboard(update: Update) -> None:
    """Take the buttons off a message whose day has passed (best effort: it may be old)."""
    try:
        await query_of(update).edit_message_reply_markup(reply_markup=None)
    except BadRequest as error:
        log.debug("could not remove the buttons of an old message: %s", error.message)


async def checkin_entry_callback(update: Update, context: Context) -> None:
    """Sudah / Sebagian / Belum under a reminder: recorded in one tap, and the reminder
    edited in place to say so; the rest of the flow only if the person asks for more."""
    press = await pressed(update, context, FEATURE, parse_entry, command=COMMAND)
    if press is None:
        return
    query, person = press.query, press.person
    pressed_day, key = press.data
    now = context.clock.now()
    day = await _open_day(update, context, person, pressed_day, now)
    if day is None:
        return
    chat_id = user_of(update).id
    if key == OPEN:
        # "Add more": the flow in a message of its own, which later taps edit in place.
        await query.answer()
        checkin = await context.checkins.get(person.id, day.day)
        if checkin is None:
            text, keyboard = await opening(context, day)
        else:
            await stop_waiting(context, person)
            text, keyboard = await render(context, day, checkin, _more_step(checkin))
        await context.bot.send_message(chat_id, text, reply_markup=keyboard)
        return
    answer = Answer.from_key(key)
    assert answer is not None  # parse_entry admits only known keys
    await stop_waiting(context, person)
    await context.journal.answer(day, answer, now)
    await query.answer(checkin_texts.answer_saved(answer))
    # One edit, no new message: the reminder keeps its text, says what was recorded, and
    # offers the rest of the check-in.
    reminder = query.message
    if isinstance(reminder, Message) and reminder.text is not None:
        await query.edit_message_text(
            reminder.text_html + checkin_texts.one_tap_saved(answer),
            reply_markup=more_keyboard(day.day),
        )
    else:
        await _drop_keyboard(update)


def _more_step(checkin: Checkin) -> Step:
    """Where "add more" starts: the behaviours of an untouched check-in, else the summary
    (from which every step can be changed)."""
    untouched = (
        not checkin.practised
        and not checkin.malu_answered
        and checkin.note_status is NoteStatus.NONE
    )
    return Step.BEHAVIOURS if untouched else Step.SUMMARY


async def checkin_callback(update: Update, context: Context) -> None:
    """A tap in the check-in flow message: record it and edit the message in place."""
    press = await pressed(update, context, FEATURE, kb.parse, command=COMMAND)
    if press is None:
        return
    query, person = press.query, press.person
    now = context.clock.now()
    day = await _open_day(update, context, person, press.data.day, now)
    if day is None:
        return
    checkin = await context.checkins.get(person.id, day.day)
    if press.data.action is kb.Action.ANSWER:
        answer = Answer.from_key(press.data.arg)
        if answer is None:
            await refuse_stale(update, FEATURE, "no such answer")
            return
        await stop_waiting(context, person)
        checkin, created = await context.journal.answer(day, answer, now)
        await query.answer(checkin_texts.answer_saved(answer))
        await _show(
            update, context, day, checkin, step_after(checkin, Step.ANSWER, created=created)
        )
        return
    if checkin is None:
        await query.answer(checkin_texts.NO_CHECKIN_YET, show_alert=True)
        return
    await _act(update, context, day, checkin, press.data)


async def _show(
    update: Update,
    context: Context,
    day: Day,
    checkin: Checkin,
    step: Step,
    page: int | None = None,
) -> None:
    text, keyboard = await render(context, day, checkin, step, page)
    await query_of(update).edit_message_text(text, reply_markup=keyboard)


async def _reload(context: Context, checkin: Checkin) -> Checkin:
    fresh = await context.checkins.get(checkin.person_id, checkin.day)
    assert fresh is not None
    return fresh


async def _act(
    update: Update, context: Context, day: Day, checkin: Checkin, press: kb.Press
) -> None:
    """Every flow action but the answer, on the day's existing check-in."""
    query = query_of(update)
    repo = context.checkins
    now = context.clock.now()
    value_set = context.value_set
    malu = context.content.budaya_malu.items
    action = press.action
    if action is not kb.Action.NOTE:
        await stop_waiting(context, day.person)  # a tap elsewhere: the note is not coming
    match action:
        case kb.Action.PAGE:
            page = kb.parse_index(press.arg, len(value_set.values))
            if page is None:
                await refuse_stale(update, FEATURE, "no such value")
                return
            await query.answer()
            await _show(update, context, day, checkin, Step.BEHAVIOURS, page)
        case kb.Action.TICK:
            pair = kb.parse_pair(press.arg, value_set)
            if pair is None:
                await refuse_stale(update, FEATURE, "no such behaviour")
                return
            behaviour = value_set.values[pair[0]].behaviours[pair[1]]
            ticked = await repo.toggle_practised(checkin.id, behaviour.id, now)
            await query.answer(checkin_texts.TOGGLED_ON if ticked else checkin_texts.TOGGLED_OFF)
            checkin = await _reload(context, checkin)
            await _show(update, context, day, checkin, Step.BEHAVIOURS, pair[0])
        case kb.Action.BEHAVIOURS_DONE:
            await query.answer()
            await _show(update, context, day, checkin, step_after(checkin, Step.BEHAVIOURS))
        case kb.Action.MALU:
            await query.answer()
            await _show(update, context, day, checkin, Step.MALU)
        case kb.Action.MALU_TICK:
            index = kb.parse_index(press.arg, len(malu))
            if index is None:
                await refuse_stale(update, FEATURE, "no such budaya-malu item")
                return
            slipped = await repo.toggle_malu(checkin.id, malu[index].id, now)
            await query.answer(checkin_texts.TOGGLED_ON if slipped else checkin_texts.TOGGLED_OFF)
            await _show(update, context, day, await _reload(context, checkin), Step.MALU)
        case kb.Action.MALU_DONE:
            await repo.finish_malu(checkin.id, now)
            await query.answer()
            checkin = await _reload(context, checkin)
            await _show(update, context, day, checkin, step_after(checkin, Step.MALU))
        case kb.Action.NOTE:
            await query.answer()
            await _show(update, context, day, checkin, Step.NOTE)
        case kb.Action.NOTE_SKIP:
            await query.answer(None if checkin.note else checkin_texts.NOTE_SKIPPED)
            await _show(update, context, day, await _reload(context, checkin), Step.SUMMARY)
        case kb.Action.NOTE_DELETE:
            await repo.clear_note(checkin.id, now)
            await query.answer(checkin_texts.NOTE_DELETED)
            await _show(update, context, day, await _reload(context, checkin), Step.SUMMARY)
        case kb.Action.ACCEPT | kb.Action.REFUSE:
            accept = action is kb.Action.ACCEPT
            if checkin.note_status is NoteStatus.SUGGESTED:
                await repo.settle_suggestion(checkin.id, accept, now)
            await query.answer(checkin_texts.SUGGESTION_ACCEPTED if accept else None)
            await _show(update, context, day, await _reload(context, checkin), Step.SUMMARY)
        case kb.Action.ANSWER:  # handled by the caller
            raise AssertionError("answers are handled by checkin_callback")
