"""/dataku (everything the bot holds about me, as a file) and /hapusdata (erase my notes
and budaya-malu answers), in line with UU 27/2022 on personal data protection."""

from __future__ import annotations

import logging
from datetime import date

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import privacy
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of, user_of
from bot.handlers.presses import pressed, refuse_stale
from bot.texts import mydata as mydata_texts

log = logging.getLogger(__name__)

ERASE = "hd"
ERASE_VERSION = 1
YES, NO = "y", "n"


async def dataku_cmd(update: Update, context: Context) -> None:
    """Send the sender everything the bot holds about them, as a JSON file."""
    access = await gate(update, context, "dataku")
    if not access.allowed or access.person is None:
        return
    person = access.person
    now = context.clock.now()
    data = await context.personal_data.export(person.id, user_of(update).id)
    document = privacy.export_document(data, context.value_set, context.content, now)
    today = await context.journal.local_today(person, now)
    await message_of(update).reply_document(
        document=privacy.export_json(document),
        filename=mydata_texts.export_filename(today),
        caption=mydata_texts.export_caption(today),
    )


def _erase_keyboard(day: date) -> InlineKeyboardMarkup:
    stamp = day.strftime("%Y%m%d")
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    mydata_texts.ERASE_YES,
                    callback_data=callback_data.make(ERASE, ERASE_VERSION, stamp, YES),
                ),
                InlineKeyboardButton(
                    mydata_texts.ERASE_NO,
                    callback_data=callback_data.make(ERASE, ERASE_VERSION, stamp, NO),
                ),
            ]
        ]
    )


async def hapusdata_cmd(update: Update, context: Context) -> None:
    """Ask the sender to confirm erasing their notes and budaya-malu answers."""
    access = await gate(update, context, "hapusdata")
    if not access.allowed or access.person is None:
        return
    message = message_of(update)
    counts = await context.checkins.personal_counts(access.person.id)
    if counts.empty:
        await message.reply_text(mydata_texts.ERASE_NOTHING)
        return
    today = await context.journal.local_today(access.person, context.clock.now())
    await message.reply_text(
        mydata_texts.erase_question(counts), reply_markup=_erase_keyboard(today)
    )


def _on_its_message(query: CallbackQuery) -> bool:
    """The pressed data is a button of the message it came from: erasing is irreversible,
    so a confirmation typed up by a modified client is not taken for the real one."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    buttons = message.reply_markup.inline_keyboard
    return any(button.callback_data == query.data for row in buttons for button in row)


def _parse_erase(data: str | None) -> list[str] | None:
    parts = callback_data.parse(data, ERASE, ERASE_VERSION, arity=2)
    return parts if parts is not None and parts[1] in (YES, NO) else None


async def hapusdata_callback(update: Update, context: Context) -> None:
    """Ya, hapus / Batal under the /hapusdata question (valid the day it was asked)."""
    press = await pressed(update, context, "erase", _parse_erase, command="hapusdata")
    if press is None:
        return
    query, person, parts = press.query, press.person, press.data
    now = context.clock.now()
    today = await context.journal.local_today(person, now)
    if parts[0] != today.strftime("%Y%m%d") or not _on_its_message(query):
        await refuse_stale(update, "erase", "asked on another day or message")
        return
    if parts[1] == NO:
        await query.answer()
        await query.edit_message_text(mydata_texts.ERASE_CANCELLED)
        return
    counts = await context.checkins.erase_personal(person.id, now)
    log.info("erased the notes and budaya-malu answers of person %s (UU 27/2022)", person.id)
    await query.answer()
    await query.edit_message_text(mydata_texts.erased(counts))
