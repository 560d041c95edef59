"""An escalation waits on someone: the head of the unit (or the Pemda, for what the head
passed up) chooses a proposed solution or writes a direction; the Ketua (berjenjang) passes
it on to the head, and the head may pass it up to the Pemda, either with a note."""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from bot.handlers import problem_buttons as kb
from bot.handlers.context import Context
from bot.handlers.presses import pressed
from bot.handlers.problem_notices import deliver
from bot.handlers.problem_prompts import Kind, Typed, await_input, stop_waiting
from bot.org.models import Person
from bot.problems.desk import Outcome, Result
from bot.problems.escalation import answer, forward, waiting_on
from bot.texts import problems as texts


async def head_callback(update: Update, context: Context) -> None:
    """Pilih usulan, Tulis arahan, Teruskan (tanpa atau dengan catatan)."""
    pressing = await pressed(update, context, kb.FEATURE, kb.parser(kb.HEAD))
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    user_id = query.from_user.id
    desk = context.problems
    now = context.clock.now()
    escalation_id = press.number
    if press.action in (kb.DIRECTION, kb.NOTE):
        direction = press.action == kb.DIRECTION
        result = await waiting_on(desk, person, user_id, escalation_id, now, to_direct=direction)
        if result.outcome is not Outcome.DONE or result.problem is None:
            await _refuse(query, result, context)
            return
        await query.answer()
        if direction:
            await await_input(context, user_id, Kind.DIRECTION, escalation_id)
            ask = texts.ask_direction(result.problem)
        else:
            assert result.escalation is not None
            await await_input(context, user_id, Kind.FORWARD_NOTE, escalation_id)
            ask = texts.ask_forward_note(
                result.problem, result.escalation.level, context.value_set.legal_basis
            )
        await context.bot.send_message(user_id, ask, reply_markup=kb.cancel_keyboard())
        return
    if press.action == kb.FORWARD:
        result = await forward(desk, person, user_id, escalation_id, now)
        note = _forwarded_note(result, context)
    else:
        result = await answer(desk, person, user_id, escalation_id, now, solution_id=press.second)
        note = texts.answered_note(result.solutions, None)
    if result.outcome is not Outcome.DONE:
        await _refuse(query, result, context)
        return
    await query.answer()
    await _note_on(query.message, note)
    await deliver(context, result.notices)


async def _refuse(query: CallbackQuery, result: Result, context: Context) -> None:
    if result.outcome is Outcome.HEAD_ONLY:
        await query.answer(texts.head_only(context.value_set.legal_basis), show_alert=True)
    else:
        await kb.refuse_press(query, result)


def _forwarded_note(result: Result, context: Context) -> str:
    card = result.notices[0] if result.notices else None
    if result.escalation is None or card is None:
        return ""
    return texts.forwarded_note(card.to, result.escalation.level, context.value_set.legal_basis)


async def _note_on(message: object, note: str) -> None:
    """Close the answered card: its buttons go, a note says what was done."""
    if isinstance(message, Message) and message.text is not None:
        await message.edit_text(message.text_html + note, reply_markup=None)
    elif isinstance(message, Message):
        await message.edit_reply_markup(reply_markup=None)


async def _after_typing(message: Message, context: Context, result: Result) -> bool:
    """Say why a typed direction or note was not taken; True when it was."""
    if result.outcome is Outcome.STALE:
        closed = result.escalation is not None and not result.escalation.open
        await message.reply_text(texts.escalation_answered(result.by if closed else None))
        return False
    if result.outcome is Outcome.HEAD_ONLY:
        await message.reply_text(texts.head_only(context.value_set.legal_basis))
        return False
    if result.outcome is not Outcome.DONE or result.problem is None:
        await message.reply_text(texts.NOT_ALLOWED)
        return False
    return True


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
    if not await _after_typing(message, context, result):
        return
    assert result.problem is not None
    await deliver(context, result.notices)
    await message.reply_text(texts.answer_sent(result.problem))


async def on_forward_note(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """The note the Ketua (or the head) passes an escalation up with."""
    await stop_waiting(context, message.chat_id)
    result = await forward(
        context.problems, person, message.chat_id, ref or 0, context.clock.now(), got.text
    )
    if not await _after_typing(message, context, result):
        return
    assert result.problem is not None
    await deliver(context, result.notices)
    assert result.escalation is not None
    to = result.notices[0].to if result.notices else ()
    basis = context.value_set.legal_basis
    await message.reply_text(texts.forwarded(result.problem, to, result.escalation.level, basis))
