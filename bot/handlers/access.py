"""The handlers' door to :mod:`bot.permissions`: who is asking, and may they."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Update

from bot import permissions, texts
from bot.handlers.context import Context
from bot.handlers.guards import chat_of, message_of, user_of
from bot.org.models import AuditEvent, Person

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gate:
    allowed: bool
    person: Person | None


def refusal_for(update: Update, context: Context, command: str) -> permissions.Refusal | None:
    """Why the sender of ``update`` may not use ``/command`` here, or None if they may."""
    private = chat_of(update).type == chat_of(update).PRIVATE
    return permissions.check_command(context.person, command, private_chat=private)


async def gate(update: Update, context: Context, command: str) -> Gate:
    """Check ``/command`` for the sender; on refusal, answer them and log it."""
    person = context.person
    refusal = refusal_for(update, context, command)
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
