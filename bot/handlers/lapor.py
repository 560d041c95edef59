"""/lapor: describe a problem (text, optionally a photo or document), pick a category,
choose to report by name or anonymously; the ticket goes to the unit's Agen Perubahan.

Every step is saved (the draft in ``problem_drafts``, the prompt in ``pending_inputs``), so
a restart between two steps loses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Message, Update

from bot.handlers import problem_buttons as kb
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of, query_of, user_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import deliver
from bot.handlers.problem_prompts import Kind, Typed, await_input, stop_waiting
from bot.org.models import Person
from bot.problems.models import MAX_TEXT, Category, Draft
from bot.problems.reporting import file_report, registered_in_unit
from bot.texts import problems as texts

log = logging.getLogger(__name__)


async def lapor_cmd(update: Update, context: Context) -> None:
    """Start a report; ``/lapor <text>`` gives the description at once."""
    access = await gate(update, context, "lapor")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    repo = context.problems.problems
    await repo.drop_draft(person.id)
    description = command_args(message)
    if description and len(description) <= MAX_TEXT:
        await repo.save_draft(Draft(person.id, description=description), context.clock.now())
        await message.reply_text(texts.ASK_CATEGORY, reply_markup=kb.category_keyboard())
        return
    await repo.save_draft(Draft(person.id), context.clock.now())
    await await_input(context, user_of(update).id, Kind.DESCRIBE, None)
    if description:  # too long: say so, and wait for a shorter one
        await message.reply_text(texts.too_long(len(description), MAX_TEXT))
    await message.reply_text(texts.ASK_DESCRIPTION, reply_markup=kb.cancel_keyboard())


async def on_description(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """The reporter sent the description, or its photo or document."""
    repo = context.problems.problems
    draft = await repo.draft(person.id) or Draft(person.id)
    if got.attachment is not None:
        draft = replace(draft, attachment=got.attachment)
    if got.text:
        draft = replace(draft, description=got.text)
    await repo.save_draft(draft, context.clock.now())
    if draft.description is None:
        await message.reply_text(texts.ATTACHMENT_KEPT, reply_markup=kb.cancel_keyboard())
        return
    await stop_waiting(context, message.chat_id)
    await message.reply_text(texts.ASK_CATEGORY, reply_markup=kb.category_keyboard())


async def draft_callback(update: Update, context: Context) -> None:
    """Category, named or anonymous, or Batal under a prompt of the problem flow."""
    pressing = await pressed(update, context, kb.FEATURE, kb.parser(kb.DRAFT))
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    if press.action == kb.CANCEL:
        await _cancel(update, context, person, press.number)
        return
    repo = context.problems.problems
    draft = await repo.draft(person.id)
    if draft is None or draft.description is None:
        await refuse_stale(update, kb.FEATURE, "no report being written")
        return
    if press.action == kb.CATEGORY:
        try:
            category = Category(press.arg)
        except ValueError:
            await refuse_stale(update, kb.FEATURE, "no such category")
            return
        await repo.save_draft(replace(draft, category=category), context.clock.now())
        registered = await registered_in_unit(context.problems, person.unit_id)
        holds = registered >= context.settings.report_min_people
        await query.answer()
        await query.edit_message_text(
            _identity_question(category, registered, context.settings.report_min_people),
            reply_markup=kb.identity_keyboard(category, holds),
        )
        return
    if draft.category is None or press.arg not in (kb.NAMED, kb.ANONYMOUS, kb.ANONYMOUS_PEMDA):
        await refuse_stale(update, kb.FEATURE, "no category chosen, or no such choice")
        return
    to_pemda = press.arg == kb.ANONYMOUS_PEMDA
    if press.arg == kb.ANONYMOUS and draft.category is not Category.INTEGRITAS:
        registered = await registered_in_unit(context.problems, person.unit_id)
        if registered < context.settings.report_min_people:
            # Asked before sending; a button from before the unit shrank asks again.
            await query.answer(texts.ANONYMITY_TOO_SMALL, show_alert=True)
            return
    result = await file_report(
        context.problems,
        person,
        draft,
        press.arg != kb.NAMED,
        context.clock.now(),
        to_pemda=to_pemda,
    )
    assert result.problem is not None
    # The notices first (stored, then sent): whatever happens to the reply below, the
    # Agen Perubahan hears of the problem.
    reached = await deliver(context, result.notices)
    await query.answer()
    await query.edit_message_text(texts.filed(result.problem, delivered=reached > 0))


def _identity_question(category: Category, registered: int, minimum: int) -> str:
    if category is Category.INTEGRITAS:
        return texts.ASK_IDENTITY_INTEGRITY
    if registered < minimum:
        return texts.ask_identity_small_unit(registered, minimum)
    return texts.ASK_IDENTITY + texts.ASK_IDENTITY_ALSO_PEMDA


async def _cancel(update: Update, context: Context, person: Person, problem_id: int) -> None:
    """Stop waiting for text; drop the report or the solutions being written."""
    query = query_of(update)
    await stop_waiting(context, query.from_user.id)
    repo = context.problems.problems
    await repo.drop_draft(person.id)
    if problem_id:
        await context.problems.escalations.drop_draft_solutions(problem_id, person.id)
    await query.answer(texts.CANCELLED)
    await query.edit_message_reply_markup(reply_markup=None)
