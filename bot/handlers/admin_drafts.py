"""The buttons under an Admin Pemda's draft (a roster file, a calendar day): apply or
cancel, once, by the admin who made it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot import permissions, texts
from bot.handlers import callback_data
from bot.handlers.access import current_person, refuse_forged
from bot.handlers.admin_common import DRAFT, DRAFT_VERSION
from bot.handlers.admin_roster import apply_roster
from bot.handlers.context import Context
from bot.handlers.guards import query_of
from bot.handlers.libur import apply_day
from bot.handlers.replies import chunk_lines
from bot.org.drafts import AdminDraft, DraftAction, DraftOutcome
from bot.org.models import Person
from bot.texts import admin as admin_texts

Apply = Callable[[Context, Person, AdminDraft, bool], Awaitable[list[str]]]

APPLY: dict[DraftAction, Apply] = {
    DraftAction.ROSTER: apply_roster,
    DraftAction.DAY_SET: apply_day,
    DraftAction.DAY_REMOVE: apply_day,
}


def _parse(data: str | None) -> tuple[int, bool] | None:
    parts = callback_data.parse(data, DRAFT, DRAFT_VERSION, arity=2)
    if parts is None or not parts[0].isdigit() or parts[1] not in ("ok", "no"):
        return None
    return int(parts[0]), parts[1] == "ok"


async def admin_draft_callback(update: Update, context: Context) -> None:
    """Terapkan/Ya or Batal under a draft: carried out once, then the buttons go."""
    query = query_of(update)
    parsed = _parse(query.data)
    if parsed is None:
        await refuse_forged(update, DRAFT)
        return
    draft_id, go = parsed
    person = await current_person(update, context)
    if person is None or not permissions.is_pemda_admin(person):
        await query.answer(texts.REFUSALS[permissions.Refusal.NOT_PEMDA_ADMIN], show_alert=True)
        return
    outcome = DraftOutcome.APPLIED if go else DraftOutcome.CANCELLED
    draft = await context.drafts.decide(draft_id, person.id, outcome, context.clock.now())
    if draft is None:
        await query.answer(admin_texts.DRAFT_STALE, show_alert=True)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    lines = await APPLY[draft.action](context, person, draft, go)
    for chunk in chunk_lines(lines):
        await context.bot.send_message(query.from_user.id, chunk)
