"""The roster file the Admin Pemda sends as a document: checked whole, applied on
"Terapkan" (all or nothing, as ``budaya-bot import-roster``), every step audited."""

from __future__ import annotations

import logging

from telegram import Update

from bot import permissions
from bot.drafts import Draft, DraftAction
from bot.handlers.admin_common import audit
from bot.handlers.confirm import draft_keyboard
from bot.handlers.context import Context
from bot.handlers.guards import message_of, user_of
from bot.handlers.replies import reply_in_chunks
from bot.org.models import AuditEvent, Person
from bot.org.roster_file import MAX_BYTES, RosterFileError, parse_roster_file
from bot.texts import admin as admin_texts

log = logging.getLogger(__name__)


async def roster_document_msg(update: Update, context: Context) -> None:
    """A file sent in private: a roster from the Admin Pemda is checked, with Terapkan/Batal."""
    message = message_of(update)
    document = message.document
    person = context.person
    if document is None or person is None or not permissions.is_pemda_admin(person):
        await message.reply_text(admin_texts.ROSTER_NOT_ADMIN)
        return
    filename = document.file_name or "roster.csv"
    try:
        if document.file_size and document.file_size > MAX_BYTES:
            raise RosterFileError(f"berkas lebih besar dari {MAX_BYTES // 1024 // 1024} MB")
        data = bytes(await (await document.get_file()).download_as_bytearray())
        parsed = parse_roster_file(data, filename)
    except RosterFileError as error:
        await audit(context, AuditEvent.ROSTER_CHECKED, person, f"{filename}: unreadable")
        await message.reply_text(admin_texts.roster_unreadable(str(error)))
        return
    if not parsed.ok:
        await audit(
            context,
            AuditEvent.ROSTER_CHECKED,
            person,
            f"{filename}: refused, {parsed.bad_lines} bad rows",
        )
        await reply_in_chunks(message, admin_texts.roster_refused(filename, parsed))
        return
    now = context.clock.now()
    result = await context.org.import_roster(parsed.entries, now, dry_run=True)
    draft_id = await context.drafts.create(
        person.id, DraftAction.ROSTER, {"filename": filename}, now, content=data
    )
    await audit(
        context,
        AuditEvent.ROSTER_CHECKED,
        person,
        f"{filename}: draft {draft_id}, {admin_texts.roster_counts(result)}",
    )
    log.info("roster %s checked for user %s: draft %s", filename, user_of(update).id, draft_id)
    await reply_in_chunks(
        message,
        admin_texts.roster_dry_run(filename, result),
        reply_markup=draft_keyboard(draft_id, admin_texts.APPLY),
    )


async def apply_roster(context: Context, person: Person, draft: Draft, go: bool) -> list[str]:
    """Import the draft's file (or not); the lines to tell the admin."""
    filename = str(draft.payload.get("filename", "roster"))
    if not go or draft.content is None:
        await audit(context, AuditEvent.ROSTER_CANCELLED, person, f"{filename}: draft {draft.id}")
        return [admin_texts.ROSTER_CANCELLED]
    if not permissions.is_pemda_admin(person):
        return [admin_texts.NOT_ADMIN_ANY_MORE]
    parsed = parse_roster_file(draft.content, filename)  # checked when sent; same bytes
    result = await context.org.import_roster(parsed.entries, context.clock.now())
    await audit(
        context,
        AuditEvent.ROSTER_APPLIED,
        person,
        f"{filename}: draft {draft.id}, {admin_texts.roster_counts(result)}",
    )
    return admin_texts.roster_applied(filename, result)
