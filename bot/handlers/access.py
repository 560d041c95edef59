"""The handlers' door to :mod:`bot.permissions`: who is asking, and may they."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Update

from bot import permissions, texts
from bot.handlers.context import Context
from bot.handlers.guards import chat_of, message_of, query_of, user_of
from bot.org.models import Person
from bot.storage.onboarding import AuditEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gate:
    allowed: bool
    person: Person | None


async def current_person(update: Update, context: Context) -> Person | None:
    """The active roster person bound to the sender's account, if any."""
    user = update.effective_user
    return await context.org.person_by_telegram(user.id) if user else None


async def gate(update: Update, context: Context, command: str) -> Gate:
    """Check ``/command`` for the sender; on refusal, answer them and log it."""
    person = await current_person(update, context)
    private = chat_of(update).type == chat_of(update).PRIVATE
    refusal = permissions.check_command(person, command, private_chat=private)
    if refusal is None:
        return Gate(True, person)
    user = user_of(update)
    log.info("refused /%s to Telegram user %s: %s", command, user.id, refusal.value)
    await context.onboarding.audit.record(
        AuditEvent.COMMAND_REFUSED,
        context.clock.now(),
        telegram_user_id=user.id,
        person_id=person.id if person else None,
        detail=f"/{command}: {refusal.value}",
    )
    await message_of(update).reply_text(texts.REFUSALS[refusal])
    return Gate(False, person)


async def button_presser(update: Update, context: Context, command: str) -> Person | None:
    """The person pressing a button of ``/command``'s flow, if they may use the command;
    otherwise the button's answer says why not, and None."""
    query = query_of(update)
    person = await current_person(update, context)
    private = chat_of(update).type == chat_of(update).PRIVATE
    refusal = permissions.check_command(person, command, private_chat=private)
    if refusal is not None or person is None:
        refusal = refusal or permissions.Refusal.NOT_REGISTERED
        await query.answer(texts.REFUSALS[refusal], show_alert=True)
        return None
    return person


async def refuse_forged(update: Update, feature: str) -> None:
    """A button whose data no keyboard of ours could carry (forged, or of an old version):
    logged, and answered like a stale button."""
    query = query_of(update)
    log.warning("refused %s callback %r from user %s", feature, query.data, query.from_user.id)
    await query.answer(texts.STALE_BUTTON, show_alert=True)
