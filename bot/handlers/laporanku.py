"""/laporanku: my problems and their status; on each, write to the staff, confirm the fix
or reopen it."""

from __future__ import annotations

from telegram import Update

from bot.handlers import problem_buttons as kb
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import pressed
from bot.handlers.problem_notices import deliver
from bot.handlers.problem_prompts import Kind, await_input
from bot.problems.desk import Outcome, Result
from bot.problems.reporting import confirm, reopen
from bot.problems.status import may_talk
from bot.problems.views import reporter_view
from bot.texts import problems as texts

MY_LIST_LIMIT = 10


async def laporanku_cmd(update: Update, context: Context) -> None:
    """The reporter's latest problems with their status."""
    access = await gate(update, context, "laporanku")
    person = access.person
    if not access.allowed or person is None:
        return
    problems = await context.problems.problems.of_reporter(person.id, MY_LIST_LIMIT)
    message = message_of(update)
    if not problems:
        await message.reply_text(texts.NO_REPORTS)
        return
    await message.reply_text(
        texts.my_reports(problems, context.settings.tz),
        reply_markup=kb.my_list_keyboard(problems),
    )


async def mine_callback(update: Update, context: Context) -> None:
    """The reporter's buttons on their own ticket."""
    pressing = await pressed(update, context, kb.FEATURE, kb.parser(kb.MINE))
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    user_id = query.from_user.id
    now = context.clock.now()
    desk = context.problems
    if press.action in (kb.CONFIRM, kb.REOPEN):
        step = confirm if press.action == kb.CONFIRM else reopen
        result = await step(desk, person, user_id, press.number, now)
        if result.outcome is not Outcome.DONE or result.problem is None:
            await kb.refuse_press(query, result)
            return
        await query.answer()
        await query.edit_message_reply_markup(reply_markup=None)
        await deliver(context, result.notices)
        if press.action == kb.CONFIRM:
            await context.bot.send_message(user_id, texts.confirmed_to_reporter(result.problem))
            return
        await await_input(context, user_id, Kind.REPLY, result.problem.id)
        await context.bot.send_message(
            user_id,
            texts.reopened_to_reporter(result.problem),
            reply_markup=kb.cancel_keyboard(),
        )
        return
    view = await reporter_view(desk, person, user_id, press.number, now)
    if isinstance(view, Result):
        await kb.refuse_press(query, view)
        return
    problem = view.problem
    if press.action == kb.VIEW:
        await query.answer()
        await context.bot.send_message(
            user_id,
            texts.reporter_card(view, context.settings.tz, context.value_set.legal_basis),
            reply_markup=kb.reporter_keyboard(problem),
        )
        return
    if not may_talk(problem.status):
        await query.answer(texts.thread_closed(problem), show_alert=True)
        return
    await query.answer()
    await await_input(context, user_id, Kind.REPLY, problem.id)
    await context.bot.send_message(
        user_id, texts.ask_reply(problem, to_reporter=False), reply_markup=kb.cancel_keyboard()
    )
