"""/apresiasi: appreciate a colleague of my unit for a value, in one sentence.

Name (typed, found fuzzily) -> colleague (button) -> value (button) -> one sentence (typed)
-> send with my name or anonymously (button). The draft is in the database and what the bot
waits for is in the shared pending-input slot (feature ``apresiasi``), so a restart loses
nothing; the typed steps are taken by :mod:`bot.handlers.apresiasi_input`.
"""

from __future__ import annotations

import logging
from datetime import date

from telegram import InlineKeyboardMarkup, Message, Update

from bot.appreciation.models import DailyLimitError, NewAppreciation
from bot.appreciation.rules import DAILY_LIMIT, ColleagueProblem, check_colleague, left_today
from bot.appreciation.search import find_people
from bot.content.models import Value
from bot.handlers import apresiasi_keyboards as kb
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of, query_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import send_to
from bot.org.models import Person
from bot.texts import appreciation as appreciation_texts

log = logging.getLogger(__name__)

COMMAND = "apresiasi"
PENDING = "apresiasi"
FEATURE = "appreciation"
"""This feature's rows in the shared ``pending_inputs`` slot (one per user, latest wins)."""
NAME, SENTENCE = "name", "sentence"


async def local_today(context: Context, person: Person) -> date:
    """The giver's local day: the daily limit counts per local day."""
    return await context.journal.local_today(person, context.clock.now())


async def at_limit(context: Context, person: Person) -> bool:
    given = await context.appreciations.given_on(person.id, await local_today(context, person))
    return given >= DAILY_LIMIT


async def wait_for(context: Context, person: Person, kind: str, ref: int | None = None) -> None:
    if person.telegram_user_id is not None:
        now = context.clock.now()
        await context.pending_inputs.set(person.telegram_user_id, PENDING, kind, ref, now)


async def stop_waiting(context: Context, person: Person) -> None:
    if person.telegram_user_id is not None:
        await context.pending_inputs.clear(person.telegram_user_id, PENDING)


async def search(message: Message, context: Context, person: Person, query: str) -> None:
    """Offer the colleagues whose name looks like ``query`` (the typed name step)."""
    people = [p for p in await context.org.people_of_unit(person.unit_id) if p.registered]
    matches = find_people(query, people)
    await wait_for(context, person, NAME)  # another name may follow until one is chosen
    if not matches:
        await message.reply_text(appreciation_texts.no_match(query))
        return
    found = [m.person for m in matches if m.person.id != person.id]
    own = next((m.score for m in matches if m.person.id == person.id), None)
    if own is not None and all(m.score < own for m in matches if m.person.id != person.id):
        await message.reply_text(appreciation_texts.SELF)  # their own name, best of all
        return
    await message.reply_text(
        appreciation_texts.CHOOSE_COLLEAGUE, reply_markup=kb.colleagues_keyboard(found)
    )


async def apresiasi_cmd(update: Update, context: Context) -> None:
    """``/apresiasi [nama]``: start an appreciation (at most three a day)."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    if await at_limit(context, person):
        await stop_waiting(context, person)
        await message.reply_text(appreciation_texts.LIMIT_REACHED)
        return
    query = command_args(message)
    if query:
        await search(message, context, person, query)
        return
    await wait_for(context, person, NAME)
    await message.reply_text(appreciation_texts.ASK_NAME)


# --- Buttons ----------------------------------------------------------------------------------


async def _colleague(
    update: Update, context: Context, giver: Person, press: kb.Press
) -> Person | None:
    """The colleague a button names, if the presser may appreciate them; else answer why."""
    assert press.colleague_id is not None
    colleague = await context.org.person(press.colleague_id)
    problem = check_colleague(giver, colleague)
    if problem is None and colleague is not None:
        return colleague
    if problem is ColleagueProblem.SELF:
        await query_of(update).answer(appreciation_texts.SELF, show_alert=True)
    else:
        log.warning("refused appreciation of person %s by %s", press.colleague_id, giver.id)
        await query_of(update).answer(appreciation_texts.NOT_COLLEAGUE, show_alert=True)
    return None


def _value(context: Context, press: kb.Press) -> Value | None:
    values = context.value_set.values
    index = press.value_index
    return values[index] if index is not None and index < len(values) else None


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the flow's message in place (an unchanged one is the error handler's quiet
    "message is not modified")."""
    await query_of(update).edit_message_text(text, reply_markup=markup)


async def apresiasi_callback(update: Update, context: Context) -> None:
    """A colleague, a value, send or cancel: check it, record it, show the next step."""
    pressing = await pressed(update, context, FEATURE, kb.parse, command=COMMAND)
    if pressing is None:
        return
    query, giver, press = pressing.query, pressing.person, pressing.data
    if press.action is kb.Action.CANCEL:
        await context.appreciations.drop_draft(giver.id)
        await stop_waiting(context, giver)
        await query.answer()
        await _edit(update, appreciation_texts.CANCELLED, None)
        return
    colleague = await _colleague(update, context, giver, press)
    if colleague is None:
        return
    if await at_limit(context, giver):
        await query.answer(appreciation_texts.LIMIT_REACHED, show_alert=True)
        return
    now = context.clock.now()
    if press.action is kb.Action.COLLEAGUE:
        await context.appreciations.save_draft(giver.id, colleague.id, None, None, now)
        await stop_waiting(context, giver)
        await query.answer()
        await _edit(
            update,
            appreciation_texts.choose_value(colleague),
            kb.values_keyboard(colleague, context.value_set),
        )
        return
    value = _value(context, press)
    if value is None:
        await refuse_stale(update, FEATURE, "no such value")
        return
    if press.action is kb.Action.VALUE:
        await context.appreciations.save_draft(giver.id, colleague.id, value.id, None, now)
        await wait_for(context, giver, SENTENCE, colleague.id)
        await query.answer()
        await _edit(
            update, appreciation_texts.ask_sentence(colleague, value), kb.cancel_keyboard()
        )
        return
    await _send(update, context, giver, colleague, value, press.anonymous)


async def _send(
    update: Update,
    context: Context,
    giver: Person,
    colleague: Person,
    value: Value,
    anonymous: bool,
) -> None:
    """Record the appreciation (the limit checked once more, inside the transaction) and
    tell the colleague."""
    query = query_of(update)
    draft = await context.appreciations.draft(giver.id)
    if (
        draft is None
        or draft.colleague_id != colleague.id
        or draft.value_id != value.id
        or not draft.sentence
    ):
        await refuse_stale(update, FEATURE, "the draft was sent or changed")
        return
    today = await local_today(context, giver)
    new = NewAppreciation(
        giver.id, colleague.id, giver.unit_id, value.id, draft.sentence, anonymous, today
    )
    try:
        appreciation_id = await context.appreciations.give(new, DAILY_LIMIT, context.clock.now())
    except DailyLimitError:
        await query.answer(appreciation_texts.LIMIT_REACHED, show_alert=True)
        return
    await query.answer()
    delivered = await _tell(context, colleague, None if anonymous else giver, value, new.sentence)
    if delivered:
        await context.appreciations.mark_delivered(appreciation_id)
    left = left_today(await context.appreciations.given_on(giver.id, today))
    await _edit(update, appreciation_texts.sent(colleague, anonymous, delivered, left), None)


async def _tell(
    context: Context, colleague: Person, giver: Person | None, value: Value, sentence: str
) -> bool:
    """Write to the colleague, unless the bot knows it cannot reach them."""
    if colleague.telegram_user_id is None:
        return False
    account = await context.users.get(colleague.telegram_user_id)
    if account is not None and not account.reachable:
        return False
    return await send_to(context, colleague, appreciation_texts.received(giver, value, sentence))
