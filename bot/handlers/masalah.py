"""/masalah and the ticket card: the unit's open problems for its Agen Perubahan and KBK
leaders (newest, or oldest-waiting first), the escalations waiting on the person, and for
the Pemda the counts per unit. The card's buttons: take up, reply, escalate, resolve,
reject."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts as base_texts
from bot.content.models import LegalBasis
from bot.drafts import Draft, DraftAction
from bot.handlers import problem_buttons as kb
from bot.handlers.access import gate
from bot.handlers.confirm import draft_keyboard
from bot.handlers.context import Context
from bot.handlers.guards import message_of, query_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import deliver, send_to
from bot.handlers.problem_prompts import Kind, Typed, await_input, stop_waiting
from bot.handlers.replies import reply_in_chunks
from bot.org.models import Person
from bot.problems.desk import Outcome, ProblemView, Result
from bot.problems.escalation import escalate
from bot.problems.handling import (
    act,
    add_solution,
    ready_to,
    ready_to_reply,
    start_escalation,
)
from bot.problems.models import MAX_SOLUTIONS, Action, Order, Route, reason_too_short
from bot.problems.views import Overview, overview, staff_view
from bot.texts import problems as texts

_ORDERS: dict[str, Order] = {kb.NEWEST: "newest", kb.WAITING: "waiting"}
_ACTS = {kb.TAKE_UP: Action.TAKE_UP, kb.RESOLVE: Action.RESOLVE}
_NOTES = {kb.TAKE_UP: texts.TAKEN_NOTE, kb.RESOLVE: texts.RESOLVED_NOTE}
_ROUTES = {kb.DIRECT: Route.DIRECT, kb.TIERED: Route.TIERED}


async def _listing(
    context: Context, person: Person, order: Order
) -> tuple[str | None, InlineKeyboardMarkup | None, Overview]:
    view = await overview(context.problems, person, order)
    text = texts.problem_list(view, person.unit_name, order, context.settings.tz)
    waiting = [problem for problem, _ in view.waiting]
    listed = [*(view.unit or []), *(view.pemda_desk or [])]
    keyboard = kb.list_keyboard(listed, waiting, order if listed else None)
    return text, keyboard, view


async def masalah_cmd(update: Update, context: Context) -> None:
    """Open problems of my unit, escalations waiting on me, counts per unit (Pemda)."""
    access = await gate(update, context, "masalah")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    text, keyboard, view = await _listing(context, person, "newest")
    if text is not None:
        await message.reply_text(text, reply_markup=keyboard)
    if view.counts is not None:
        await reply_in_chunks(message, texts.unit_counts(view.counts))


def card_keyboard(view: ProblemView, basis: LegalBasis) -> InlineKeyboardMarkup | None:
    """The staff actions for the unit's staff, the answer buttons for whom it waits on."""
    rows: list[Sequence[InlineKeyboardButton]] = []
    staff = kb.staff_keyboard(view.problem) if view.can_work else None
    if staff is not None:
        rows += staff.inline_keyboard
    if view.can_answer and view.escalation is not None:
        rows += kb.head_keyboard(view.escalation, view.solutions, basis).inline_keyboard
    return InlineKeyboardMarkup(rows) if rows else None


async def staff_callback(update: Update, context: Context) -> None:
    """The buttons of /masalah and of ticket cards."""
    pressing = await pressed(update, context, kb.FEATURE, kb.parser(kb.STAFF))
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    user_id = query.from_user.id
    desk = context.problems
    now = context.clock.now()
    if press.action == kb.ORDER:
        order = _ORDERS.get(press.arg)
        if order is None:
            await refuse_stale(update, kb.FEATURE, "no such order")
            return
        text, keyboard, _ = await _listing(context, person, order)
        if text is None:
            await refuse_stale(update, kb.FEATURE, "no list for this person")
            return
        await query.answer()
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    if press.action == kb.VIEW:
        view = await staff_view(desk, person, user_id, press.number, now)
        if isinstance(view, Result):
            await kb.refuse_press(query, view)
            return
        await query.answer()
        basis = context.value_set.legal_basis
        card = texts.staff_card(view, context.settings.tz, basis)
        attachment = view.problem.attachment
        if attachment is not None:
            caption = texts.attachment_caption(view.problem)
            await send_to(context, person, caption, None, attachment)
        await send_to(context, person, card, card_keyboard(view, basis))
        return
    if press.action in _ACTS:
        result = await act(desk, person, user_id, press.number, _ACTS[press.action], now)
        if result.outcome is not Outcome.DONE or result.problem is None:
            await kb.refuse_press(query, result)
            return
        await query.answer()
        if isinstance(query.message, Message) and query.message.text is not None:
            note = texts.acted_note(_NOTES[press.action], person)
            await query.edit_message_text(
                query.message.text_html + note, reply_markup=kb.staff_keyboard(result.problem)
            )
        await deliver(context, result.notices)
        return
    if press.action in _ROUTES:
        await _escalate(update, context, person, press.number, _ROUTES[press.action])
        return
    await _prompt(update, context, person, press.action, press.number)


async def _prompt(
    update: Update, context: Context, person: Person, action: str, problem_id: int
) -> None:
    """Reply, Eskalasi, Tolak: check, then wait for the text."""
    query = query_of(update)
    user_id = query.from_user.id
    desk = context.problems
    now = context.clock.now()
    if action == kb.ESCALATE:
        checked = await start_escalation(desk, person, user_id, problem_id, now)
        kind, cancel = Kind.SOLUTION, problem_id
    elif action == kb.REJECT:
        checked = await ready_to(desk, person, user_id, problem_id, Action.REJECT, now)
        kind, cancel = Kind.REASON, 0
    else:
        checked = await ready_to_reply(desk, person, user_id, problem_id, now)
        kind, cancel = Kind.REPLY, 0
    if checked.outcome is not Outcome.DONE or checked.problem is None:
        await kb.refuse_press(query, checked)
        return
    problem = checked.problem
    await query.answer()
    await await_input(context, user_id, kind, problem.id)
    prompts = {
        Kind.SOLUTION: texts.ask_solutions(problem, context.value_set.legal_basis),
        Kind.REASON: texts.ask_reason(problem),
        Kind.REPLY: texts.ask_reply(problem, to_reporter=True),
    }
    await context.bot.send_message(user_id, prompts[kind], reply_markup=kb.cancel_keyboard(cancel))


async def on_solution(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """An alternative solution for the escalation being written."""
    result = await add_solution(
        context.problems, person, message.chat_id, ref or 0, got.text, context.clock.now()
    )
    problem = result.problem
    if problem is None or result.outcome not in (Outcome.DONE, Outcome.FULL):
        await stop_waiting(context, message.chat_id)
        await message.reply_text(_refusal_text(result))
        return
    full = result.outcome is Outcome.FULL or len(result.solutions) >= MAX_SOLUTIONS
    if full:
        await stop_waiting(context, message.chat_id)
    await message.reply_text(
        texts.solutions_so_far(problem, result.solutions, full=full),
        reply_markup=kb.route_keyboard(problem, context.value_set.legal_basis),
    )


async def on_reason(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """Why the problem is refused: a few words at least, then confirmed with a tap before
    the problem is closed and the reporter told."""
    if reason_too_short(got.text):
        await message.reply_text(texts.REASON_TOO_SHORT)  # still waiting for the reason
        return
    problem_id = ref or 0
    checked = await ready_to(
        context.problems, person, message.chat_id, problem_id, Action.REJECT, context.clock.now()
    )
    await stop_waiting(context, message.chat_id)
    if checked.outcome is not Outcome.DONE or checked.problem is None:
        await message.reply_text(_refusal_text(checked))
        return
    number = checked.problem.number
    draft_id = await context.drafts.create(
        person.id,
        DraftAction.PROBLEM_REJECT,
        {"problem_id": problem_id, "number": number, "reason": got.text},
        context.clock.now(),
    )
    await message.reply_text(
        texts.confirm_reject(checked.problem, got.text),
        reply_markup=draft_keyboard(draft_id, texts.CONFIRM_REJECT),
    )


async def apply_reject(context: Context, person: Person, draft: Draft, go: bool) -> list[str]:
    """The confirmed (or cancelled) refusal; the lines to tell the Agen Perubahan."""
    if not go:
        return [texts.reject_cancelled(str(draft.payload["number"]))]
    result = await act(
        context.problems,
        person,
        person.telegram_user_id or 0,
        int(draft.payload["problem_id"]),
        Action.REJECT,
        context.clock.now(),
        reason=str(draft.payload["reason"]),
    )
    if result.outcome is not Outcome.DONE or result.problem is None:
        return [_refusal_text(result)]
    await deliver(context, result.notices)
    return [texts.rejected_done(result.problem)]


async def _escalate(
    update: Update, context: Context, person: Person, problem_id: int, route: Route
) -> None:
    query = query_of(update)
    user_id = query.from_user.id
    result = await escalate(
        context.problems, person, user_id, problem_id, route, context.clock.now()
    )
    if result.outcome is not Outcome.DONE or result.problem is None:
        await kb.refuse_press(query, result)
        return
    assert result.escalation is not None
    await stop_waiting(context, user_id)
    await query.answer()
    addressees = result.notices[0].to
    if isinstance(query.message, Message) and query.message.text is not None:
        basis = context.value_set.legal_basis
        sent = texts.escalation_sent(result.problem, result.escalation, addressees, basis)
        await query.edit_message_text(f"{query.message.text_html}\n\n{sent}")
    await deliver(context, result.notices)


def _refusal_text(result: Result) -> str:
    if result.outcome is Outcome.NOT_ALLOWED:
        return texts.NOT_ALLOWED
    if result.outcome is Outcome.STALE and result.problem is not None:
        return texts.stale(result.problem, result.by)
    return base_texts.STALE_BUTTON
