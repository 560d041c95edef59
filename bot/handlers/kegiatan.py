"""/kegiatan: a KBK leader announces a sosialisasi, an internalisasi, a group discussion or
the declaration of values and commitment; every registered person of the unit gets the
announcement and confirms attendance (or the pledge) with one tap, then may add one line of
takeaway. The template and the takeaway are typed through the input router (feature
``kegiatan``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import permissions
from bot.activities.entry import EntryError, parse_activity
from bot.activities.models import MAX_TAKEAWAY, Activity, ActivityKind
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.awaiting import cancel_prompt, stop_waiting, wait_for
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import send_to
from bot.org.models import Person
from bot.schedule.local import local_date
from bot.storage.pending_inputs import PendingInput
from bot.texts import activities as texts

log = logging.getLogger(__name__)

COMMAND = "kegiatan"
FEATURE = "kegiatan"
PREFIX, VERSION = "kg", 1
ANNOUNCE, ATTEND, TAKEAWAY, CANCEL = "n", "h", "k", "x"
_KINDS = {"s": ActivityKind.SOSIALISASI, "i": ActivityKind.INTERNALISASI,
          "d": ActivityKind.DISKUSI, "k": ActivityKind.DEKLARASI}  # fmt: skip
_CODES = {kind: code for code, kind in _KINDS.items()}


@dataclass(frozen=True)
class Press:
    action: str
    arg: str


def parse(data: str | None) -> Press | None:
    """``kg:1:<action>:<activity id or kind code>``."""
    parts = callback_data.parse(data, PREFIX, VERSION, 2)
    if parts is None:
        return None
    action, arg = parts
    if action == ANNOUNCE and arg in _KINDS:
        return Press(action, arg)
    if action in (ATTEND, TAKEAWAY, CANCEL) and arg.isdigit() and len(arg) <= 12:
        return Press(action, arg)
    return None


def _button(text: str, action: str, arg: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text, callback_data=callback_data.make(PREFIX, VERSION, action, str(arg))
    )


def _cancel() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CANCEL, CANCEL, 0)]])


def attend_keyboard(activity: Activity) -> InlineKeyboardMarkup:
    label = texts.PLEDGE if activity.kind is ActivityKind.DEKLARASI else texts.ATTEND
    return InlineKeyboardMarkup([[_button(label, ATTEND, activity.id)]])


async def kegiatan_cmd(update: Update, context: Context) -> None:
    """``/kegiatan``: this year's activities of my KBK; leaders announce a new one."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    zone = context.settings.tz
    year = local_date(context.clock.now(), zone).year
    start = datetime.combine(date(year, 1, 1), time(0), tzinfo=zone)
    end = datetime.combine(date(year + 1, 1, 1), time(0), tzinfo=zone)
    activities = await context.activities.of_unit(person.unit_id, start, end)
    can = permissions.may_announce(person, person.unit_id)
    keyboard = None
    if can:
        buttons = [_button(texts.ANNOUNCE[kind], ANNOUNCE, _CODES[kind]) for kind in ActivityKind]
        keyboard = InlineKeyboardMarkup([buttons[:2], buttons[2:]])
    text = texts.activity_list(person.unit_name, activities, zone, can_announce=can)
    await message_of(update).reply_text(text, reply_markup=keyboard)


async def kegiatan_callback(update: Update, context: Context) -> None:
    """Announce (a kind), attend or pledge, write a takeaway, cancel a prompt."""
    pressing = await pressed(update, context, FEATURE, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    chat = person.telegram_user_id or 0
    if press.action == CANCEL:
        await cancel_prompt(query, context, person, FEATURE, texts.CANCELLED)
        return
    if press.action == ANNOUNCE:
        if not permissions.may_announce(person, person.unit_id):
            await query.answer(texts.LEADERS_ONLY, show_alert=True)
            return
        kind = _KINDS[press.arg]
        await query.answer()
        await wait_for(context, person, FEATURE, kind.value, None)
        await context.bot.send_message(chat, texts.ask_activity(kind))
        await context.bot.send_message(chat, texts.TEMPLATE, reply_markup=_cancel())
        return
    activity = await context.activities.activity(int(press.arg))
    if activity is None or activity.unit_id != person.unit_id:
        await refuse_stale(update, FEATURE, "activity of another unit or gone")
        return
    if press.action == TAKEAWAY:
        if not await context.activities.attended(activity.id, person.id):
            await refuse_stale(update, FEATURE, "takeaway without attendance")
            return
        await query.answer()
        await wait_for(context, person, FEATURE, TAKEAWAY, activity.id)
        await context.bot.send_message(chat, texts.ask_takeaway(activity), reply_markup=_cancel())
        return
    now = context.clock.now()
    await context.activities.attend(activity, person.id, now)
    if activity.kind is ActivityKind.DEKLARASI:
        year = local_date(now, context.settings.tz).year
        await context.activities.pledge(person.id, person.unit_id, year, now)
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text is not None:
        await message.edit_text(
            message.text_html + texts.attended_note(activity),
            reply_markup=InlineKeyboardMarkup([[_button(texts.TAKEAWAY, TAKEAWAY, activity.id)]]),
        )


async def kegiatan_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """An activity's template (its kind is the prompt's), or a takeaway line."""
    if not message.text:
        await message.reply_text(texts.TEXT_ONLY)
        return True
    if pending.kind == TAKEAWAY:
        if len(message.text) > MAX_TAKEAWAY:
            await message.reply_text(texts.too_long(len(message.text), MAX_TAKEAWAY))
            return True
        await stop_waiting(context, person, FEATURE)
        await context.activities.set_takeaway(pending.ref_id or 0, person.id, message.text)
        await message.reply_text(texts.TAKEAWAY_SAVED)
        return True
    try:
        kind = ActivityKind(pending.kind)
    except ValueError:
        return False
    if not permissions.may_announce(person, person.unit_id):
        return False
    now = context.clock.now()
    parsed = parse_activity(kind, message.text, now, context.settings.tz)
    if isinstance(parsed, EntryError):
        await message.reply_text(texts.entry_faults(parsed))
        return True
    activity = await context.activities.announce(person.unit_id, parsed, person.id, now)
    await stop_waiting(context, person, FEATURE)
    card = texts.announcement(activity, person.unit_name, context.settings.tz)
    sent = 0
    for member in await context.org.people_of_unit(person.unit_id):
        if member.registered and await send_to(context, member, card, attend_keyboard(activity)):
            sent += 1
    await message.reply_text(texts.announced(activity, sent))
    return True
