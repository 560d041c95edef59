"""The buttons under a draft (a roster file, a calendar day, the refusal of a problem):
confirm or cancel, once, by the person who made it. Each action checks again, when
carried out, that its author still may."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot import texts
from bot.drafts import Draft, DraftAction, DraftOutcome
from bot.handlers.admin_roster import apply_roster
from bot.handlers.confirm import DRAFT, parse_draft_press
from bot.handlers.context import Context
from bot.handlers.libur import apply_day
from bot.handlers.masalah import apply_reject
from bot.handlers.presses import pressed
from bot.handlers.replies import chunk_lines
from bot.org.models import Person

Apply = Callable[[Context, Person, Draft, bool], Awaitable[list[str]]]

APPLY: dict[DraftAction, Apply] = {
    DraftAction.ROSTER: apply_roster,
    DraftAction.DAY_SET: apply_day,
    DraftAction.DAY_REMOVE: apply_day,
    DraftAction.PROBLEM_REJECT: apply_reject,
}


async def confirm_callback(update: Update, context: Context) -> None:
    """Confirm or Batal under a draft: carried out once, then the buttons go."""
    press = await pressed(update, context, DRAFT, parse_draft_press)
    if press is None:
        return
    (draft_id, go), person, query = press.data, press.person, press.query
    outcome = DraftOutcome.APPLIED if go else DraftOutcome.CANCELLED
    draft = await context.drafts.decide(draft_id, person.id, outcome, context.clock.now())
    if draft is None:
        await query.answer(texts.DRAFT_STALE, show_alert=True)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    lines = await APPLY[draft.action](context, person, draft, go)
    for chunk in chunk_lines(lines):
        await context.bot.send_message(query.from_user.id, chunk)
