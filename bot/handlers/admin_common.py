"""What the Admin Pemda's features in the chat share: the audit line each action leaves."""

from __future__ import annotations

from bot.handlers.context import Context
from bot.org.models import AuditEvent, Person


async def audit(context: Context, event: AuditEvent, person: Person, detail: str) -> None:
    """One line in the audit log for an admin action done in the chat."""
    await context.onboarding.audit.record(
        event,
        context.clock.now(),
        telegram_user_id=person.telegram_user_id,
        person_id=person.id,
        detail=detail,
    )
