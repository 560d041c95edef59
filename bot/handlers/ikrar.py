"""/ikrar: the yearly declaration of values and commitment as a one-tap pledge, recorded with
its date (Bangka Selatan Pasal 12(1) a). A declaration announced with /kegiatan records the
same pledge."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import pressed
from bot.schedule.local import local_date
from bot.texts import activities as texts

COMMAND = "ikrar"
PREFIX, VERSION, PLEDGE = "ik", 1, "y"


def parse(data: str | None) -> int | None:
    """``ik:1:y:<year>``: the year the button pledges for."""
    parts = callback_data.parse(data, PREFIX, VERSION, 2)
    if parts is None or parts[0] != PLEDGE or not parts[1].isdigit() or len(parts[1]) != 4:
        return None
    return int(parts[1])


async def ikrar_cmd(update: Update, context: Context) -> None:
    """``/ikrar``: the pledge of this year, or when I made it."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    year = local_date(context.clock.now(), context.settings.tz).year
    text = texts.pledge_text(context.value_set, year)
    at = await context.activities.pledged_at(person.id, year)
    if at is not None:
        await message_of(update).reply_text(
            text + texts.pledged(local_date(at, context.settings.tz))
        )
        return
    data = callback_data.make(PREFIX, VERSION, PLEDGE, str(year))
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(texts.PLEDGE, callback_data=data)]])
    await message_of(update).reply_text(text, reply_markup=keyboard)


async def ikrar_callback(update: Update, context: Context) -> None:
    """The pledge: recorded once per year, with its date."""
    pressing = await pressed(update, context, COMMAND, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, year = pressing.query, pressing.person, pressing.data
    now = context.clock.now()
    await context.activities.pledge(person.id, person.unit_id, year, now)
    at = await context.activities.pledged_at(person.id, year)
    await query.answer()
    message = query.message
    if at is not None and isinstance(message, Message) and message.text is not None:
        note = texts.pledged(local_date(at, context.settings.tz))
        await message.edit_text(message.text_html + note, reply_markup=None)
