"""What the Admin Pemda's features in the chat share: the confirm/cancel buttons of a
draft (:mod:`bot.org.drafts`) and the audit line each action leaves."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers import callback_data
from bot.handlers.context import Context
from bot.org.models import Person
from bot.storage.onboarding import AuditEvent
from bot.texts import admin as admin_texts

DRAFT = "adm"
"""Callback feature of a draft's buttons: ``adm:1:<draft id>:ok|no``."""
DRAFT_VERSION = 1


def draft_keyboard(draft_id: int, yes: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    yes,
                    callback_data=callback_data.make(DRAFT, DRAFT_VERSION, str(draft_id), "ok"),
                ),
                InlineKeyboardButton(
                    admin_texts.CANCEL,
                    callback_data=callback_data.make(DRAFT, DRAFT_VERSION, str(draft_id), "no"),
                ),
            ]
        ]
    )


async def audit(context: Context, event: AuditEvent, person: Person, detail: str) -> None:
    """One line in the audit log for an admin action done in the chat."""
    await context.onboarding.audit.record(
        event,
        context.clock.now(),
        telegram_user_id=person.telegram_user_id,
        person_id=person.id,
        detail=detail,
    )
