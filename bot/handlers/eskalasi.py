"""The head of the unit (or the Ketua, berjenjang) answers an escalation: choose a proposed
solution, write a direction, or (the Ketua) pass it on to the head."""

from __future__ import annotations

from telegram import Message, Update

from bot import texts as base_texts
from bot.handlers import problem_buttons as kb
from bot.handlers.context import Context
from bot.handlers.guards import query_of
from bot.handlers.problem_notices import deliver
from bot.handlers.problem_prompts import Kind, Typed, await_input, stop_waiting
from bot.org.models import Person
from bot.problems.desk import Outcome, Result
from bot.problems.escalation import answer, forward, waiting_on
from bot.texts import problems as texts


async def head_callback(update: Update, context: Context) -> None:
    """Pilih usulan, Tulis arahan, Teruskan ke Kepala Unit."""
    query = query_of(update)
    press = kb.parse(query.data, kb.HEAD)
    user_id = query.from_user.id
    person = await context.org.person_by_telegram(user_id)
    if press is None or person is None:
        await query.answer(base_texts.STALE_BUTTON, show_alert=True)
        return
    desk = context.problems
    now = context.clock.now()
    escalation_id = press.number
    if press.action == kb.DIRECTION:
        result = await waiting_on(desk, person, user_id, escalation_id, now)
        if result.outcome is not Outcome.DONE or result.problem is None:
            await kb.refuse_press(query, result)
            return
        await query.answer()
        await await_input(context, user_id, Kind.DIRECTION, escalation_id)
        await context.bot.send_message(
            user_id, texts.ask_direction(result.problem), reply_markup=kb.cancel_keyboard()
        )
        return
    if press.action == kb.FORWARD:
        result = await forward(desk, person, user_id, escalation_id, now)
        note = texts.forwarded_note(result.notices[0].to if result.notices else ())
    else:
        result = await answer(desk, person, user_id, escalation_id, now, solution_id=press.second)
        note = texts.answered_note(result.solutions, None)
    if result.outcome is not Outcome.DONE:
        await kb.refuse_press(query, result)
        return
    await query.answer()
    await _note_on(query.message, note)
    await deliver(context, result.notices)


async def _note_on(message: object, note: str) -> None:
    """Close the answered card: its buttons go, a note says what was done."""
    if isinstance(message, Message) and message.text is not None:
        await message.edit_text(message.text_html + note, reply_markup=None)
    elif isinstance(message, Message):
        await message.edit_reply_markup(reply_markup=None)


async def on_direction(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """The head's written direction."""
    await stop_waiting(context, message.chat_id)
    result: Result = await answer(
        context.problems,
        person,
        message.chat_id,
        ref or 0,
        context.clock.now(),
        direction=got.text,
    )
    if result.outcome is Outcome.STALE:
        closed = result.escalation is not None and not result.escalation.open
        await message.reply_text(texts.escalation_answered(result.by if closed else None))
        return
    if result.outcome is not Outcome.DONE or result.problem is None:
        await message.reply_text(texts.NOT_ALLOWED)
        return
    await deliver(context, result.notices)
    await message.reply_text(texts.answer_sent(result.problem))
