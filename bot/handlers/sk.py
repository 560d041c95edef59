"""/sk: the decree that forms the unit's KBK (Keputusan Kepala Perangkat Daerah; Serang
Pasal 6(2), Bangka Selatan Pasal 13(5)). The KBK's leaders see it with the composition
checked against the cited article (a warning, never a block); the Penanggung jawab, Ketua or
Sekretaris record it by sending the signed file with its number and date, and get the
decree's attachment (the composition list) as a .docx built from the roster."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update

from bot import permissions
from bot.forms import labelled_fields
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.awaiting import cancel_prompt, stop_waiting, wait_for
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import pressed
from bot.handlers.problem_prompts import Unsupported, typed
from bot.org.composition import check_composition, composition
from bot.org.decree import MAX_NUMBER, composition_docx, parse_decided_on
from bot.org.models import Person
from bot.storage.pending_inputs import PendingInput
from bot.texts import kbk_setup as texts

log = logging.getLogger(__name__)

COMMAND = "sk"
FEATURE = "sk"
PREFIX, VERSION = "sk", 1
RECORD, ATTACHMENT, FILE, CANCEL = "r", "l", "f", "x"
DECREE = "decree"


def parse(data: str | None) -> str | None:
    parts = callback_data.parse(data, PREFIX, VERSION, 1)
    if parts is None or parts[0] not in (RECORD, ATTACHMENT, FILE, CANCEL):
        return None
    return parts[0]


def _button(text: str, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback_data.make(PREFIX, VERSION, action))


async def sk_cmd(update: Update, context: Context) -> None:
    """``/sk``: my KBK's decree, its composition against the cited article, its buttons."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    basis = context.value_set.legal_basis
    people = await context.org.people_of_unit(person.unit_id)
    decree = await context.decrees.current(person.unit_id)
    warnings = check_composition(people, basis.kbk_roles)
    text = texts.status(person.unit_name, decree, composition(people), warnings, basis)
    rows = []
    if permissions.may_plan(person, person.unit_id):
        rows.append([_button(texts.RECORD, RECORD), _button(texts.ATTACHMENT, ATTACHMENT)])
    if decree is not None:
        rows.append([_button(texts.FILE, FILE)])
    keyboard = InlineKeyboardMarkup(rows) if rows else None
    await message_of(update).reply_text(text, reply_markup=keyboard)


async def sk_callback(update: Update, context: Context) -> None:
    """Record the decree, get its attachment (.docx) or its file, cancel the prompt."""
    pressing = await pressed(update, context, FEATURE, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, action = pressing.query, pressing.person, pressing.data
    chat = person.telegram_user_id or 0
    if action == CANCEL:
        await cancel_prompt(query, context, person, FEATURE, texts.CANCELLED)
        return
    if action == FILE:
        decree = await context.decrees.current(person.unit_id)
        await query.answer()
        if decree is not None:
            caption = texts.file_caption(decree)
            if decree.file_kind == "photo":
                await context.bot.send_photo(chat, decree.file_id, caption=caption)
            else:
                await context.bot.send_document(chat, decree.file_id, caption=caption)
        return
    if not permissions.may_plan(person, person.unit_id):
        log.warning("refused /sk button %r from person %s", query.data, person.id)
        await query.answer(texts.NOT_ALLOWED, show_alert=True)
        return
    await query.answer()
    if action == RECORD:
        await wait_for(context, person, FEATURE, DECREE)
        cancel = InlineKeyboardMarkup([[_button(texts.CANCEL, CANCEL)]])
        await context.bot.send_message(chat, texts.ask_decree(), reply_markup=cancel)
        return
    people = composition(await context.org.people_of_unit(person.unit_id))
    decree = await context.decrees.current(person.unit_id)
    words = texts.attachment_texts(person.unit_name, decree)
    data = await asyncio.to_thread(composition_docx, people, words)
    await context.bot.send_document(
        chat,
        InputFile(data, filename="lampiran-sk-kbk.docx"),
        caption=texts.attachment_caption(person.unit_name),
    )


async def sk_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """The signed decree: a PDF or a photo, its number and date in the caption."""
    if pending.kind != DECREE or not permissions.may_plan(person, person.unit_id):
        return False
    try:
        got = typed(message)
    except Unsupported:
        got = None
    if got is None or got.attachment is None:
        await message.reply_text(texts.NEEDS_FILE)
        return True
    fields = labelled_fields(got.text, ("nomor", "tanggal"))
    number = fields.get("nomor", "")
    decided_on = parse_decided_on(fields.get("tanggal", ""))
    if not number or decided_on is None or len(number) > MAX_NUMBER:
        faults = texts.decree_faults(not number, decided_on is None, len(number) > MAX_NUMBER)
        await message.reply_text(faults)
        return True
    file = got.attachment
    decree = await context.decrees.record(
        person.unit_id,
        number,
        decided_on,
        file.kind.value,
        file.file_id,
        person.id,
        context.clock.now(),
    )
    await stop_waiting(context, person, FEATURE)
    await message.reply_text(texts.recorded(decree))
    return True
