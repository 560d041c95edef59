"""A feature asks a person for typed input: it takes their pending-input slot (the input
router, :mod:`bot.handlers.inputs`, hands the next message to the feature) and frees it."""

from __future__ import annotations

from telegram import CallbackQuery

from bot.handlers.context import Context
from bot.org.models import Person


async def wait_for(
    context: Context, person: Person, feature: str, kind: str, ref: int | None = None
) -> None:
    if person.telegram_user_id is not None:
        now = context.clock.now()
        await context.pending_inputs.set(person.telegram_user_id, feature, kind, ref, now)


async def stop_waiting(context: Context, person: Person, feature: str) -> None:
    if person.telegram_user_id is not None:
        await context.pending_inputs.clear(person.telegram_user_id, feature)


async def cancel_prompt(
    query: CallbackQuery, context: Context, person: Person, feature: str, text: str
) -> None:
    """The prompt's Batal button: stop waiting and say so in place of the prompt."""
    await stop_waiting(context, person, feature)
    await query.answer()
    await query.edit_message_text(text)
