"""/dataku (everything the bot holds about me, as a file) and /hapusdata (erase my notes
and budaya-malu answers, and on request what else I wrote), in line with UU 27/2022 on
personal data protection."""

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
from bot.schedule.local import local_date
from bot.texts import mydata as mydata_texts

log = logging.getLogger(__name__)

ERASE = "hd"
ERASE_VERSION = 1
YES, ALL, NO = "y", "a", "n"
"""Erase the notes and budaya-malu answers; also what I wrote elsewhere; cancel."""


async def dataku_cmd(update: Update, context: Context) -> None:
    """Send the sender everything the bot holds about them: a readable summary, then the
    whole as JSON and the check-ins as CSV."""
    access = await gate(update, context, "dataku")
    if not access.allowed or access.person is None:
        return
    person = access.person
    now = context.clock.now()
    data = await context.personal_data.export(person.id, user_of(update).id)
    zone = await context.journal.zone(person)
    document = privacy.export_document(data, context.value_set, context.content, now, zone)
    today = local_date(now, zone)
    message = message_of(update)
    await message.reply_text(mydata_texts.export_summary(privacy.summarise(document), today))
    await message.reply_document(
        document=privacy.export_json(document),
        filename=mydata_texts.export_filename(today),
        caption=mydata_texts.export_caption(today),
    )
    await message.reply_document(
        document=privacy.checkins_csv(document),
        filename=mydata_texts.export_filename(today, "csv"),
        caption=mydata_texts.checkins_caption(today),
    )


def _erase_keyboard(day: date, *, notes: bool, writings: bool) -> InlineKeyboardMarkup:
    stamp = day.strftime("%Y%m%d")

    def button(label: str, choice: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=callback_data.make(ERASE, ERASE_VERSION, stamp, choice)
        )

    rows = []
    if notes:
        rows.append([button(mydata_texts.ERASE_YES, YES)])
    if writings:
        rows.append([button(mydata_texts.ERASE_ALL, ALL)])
    rows.append([button(mydata_texts.ERASE_NO, NO)])
    return InlineKeyboardMarkup(rows)


async def hapusdata_cmd(update: Update, context: Context) -> None:
    """Ask the sender what to erase: notes and budaya-malu answers, or also what they wrote
    in problems, appreciations, evaluations, activity takeaways and innovation proposals,
    and their Telegram name."""
    access = await gate(update, context, "hapusdata")
    if not access.allowed or access.person is None:
        return
    message = message_of(update)
    counts = await context.checkins.personal_counts(access.person.id)
    writings = await context.erasure.writings(access.person.id, user_of(update).id)
    if counts.empty and writings.empty:
        await message.reply_text(mydata_texts.ERASE_NOTHING)
        return
    today = await context.journal.local_today(access.person, context.clock.now())
    await message.reply_text(
        mydata_texts.erase_question(counts, writings),
        reply_markup=_erase_keyboard(today, notes=not counts.empty, writings=not writings.empty),
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
    return parts if parts is not None and parts[1] in (YES, ALL, NO) else None


async def hapusdata_callback(update: Update, context: Context) -> None:
    """Ya, hapus / Hapus semua / Batal under the /hapusdata question (valid the day asked)."""
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
    writings = None
    if parts[1] == ALL:
        writings = await context.erasure.erase_writings(person.id, query.from_user.id)
    # The erased text must not linger in the WAL file while the bot runs.
    await context.services.db.checkpoint()
    log.info("erased personal data of person %s on request (UU 27/2022)", person.id)
    await query.answer()
    await query.edit_message_text(mydata_texts.erased(counts, writings))
