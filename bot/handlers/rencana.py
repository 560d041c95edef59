"""/rencana: the KBK's rencana aksi of the year.

Everyone of the unit sees the programme; the Ketua, Sekretaris and Penanggung jawab add items
(one message filled in from a template) and cancel them; an item's owner and those leaders
move it along (berjalan, selesai) and send evidence (a photo, a document or text). What the
bot waits for someone to type is in the shared pending-input slot (feature ``rencana``),
taken by :func:`rencana_input` through the input router.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import permissions
from bot.action_plan.entry import EntryError, parse_item
from bot.action_plan.models import (
    MAX_EVIDENCE_TEXT,
    MAX_ITEMS_LISTED,
    EvidenceKind,
    ItemStatus,
    PlanItem,
)
from bot.action_plan.progress import progress
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.awaiting import cancel_prompt, stop_waiting, wait_for
from bot.handlers.context import Context
from bot.handlers.guards import message_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import send_to
from bot.handlers.problem_prompts import Unsupported, typed
from bot.org.models import Person
from bot.schedule.local import local_date
from bot.storage.pending_inputs import PendingInput
from bot.texts import action_plan as texts

log = logging.getLogger(__name__)

COMMAND = "rencana"
FEATURE = "rencana"
"""This feature's pending inputs, and its buttons' prefix (``ra``) in the log."""
PREFIX, VERSION = "ra", 1
ITEM, EVIDENCE = "item", "evidence"
"""What the bot waits for: a new item's message, or evidence of an item (ref: the item)."""

ADD, VIEW, STATUS, PROOF, CANCEL = "a", "v", "s", "e", "x"
_STATUS_CODES = {"b": ItemStatus.BERJALAN, "s": ItemStatus.SELESAI, "x": ItemStatus.BATAL}
_NEXT = {
    ItemStatus.DIRENCANAKAN: (ItemStatus.BERJALAN, ItemStatus.SELESAI, ItemStatus.BATAL),
    ItemStatus.BERJALAN: (ItemStatus.SELESAI, ItemStatus.BATAL),
}


@dataclass(frozen=True)
class Press:
    action: str
    item_id: int
    status: ItemStatus | None = None


def parse(data: str | None) -> Press | None:
    """``ra:1:<action>:<item>:<status>``, or None if it is not a current button."""
    parts = callback_data.parse(data, PREFIX, VERSION, 3)
    if parts is None or parts[0] not in (ADD, VIEW, STATUS, PROOF, CANCEL):
        return None
    action, item, code = parts
    if not item.isdigit() or len(item) > 12:
        return None
    status = _STATUS_CODES.get(code)
    if (action == STATUS) != (status is not None):
        return None
    return Press(action, int(item), status)


def _button(text: str, action: str, item_id: int = 0, code: str = "-") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text, callback_data=callback_data.make(PREFIX, VERSION, action, str(item_id), code)
    )


def _code(status: ItemStatus) -> str:
    return next(code for code, s in _STATUS_CODES.items() if s is status)


def list_keyboard(items: list[PlanItem], can_add: bool) -> InlineKeyboardMarkup | None:
    buttons = [_button(texts.item_label(i), VIEW, i.id) for i in items[:MAX_ITEMS_LISTED]]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if can_add:
        rows.append([_button(texts.ADD, ADD)])
    return InlineKeyboardMarkup(rows) if rows else None


def item_keyboard(item: PlanItem, person: Person) -> InlineKeyboardMarkup | None:
    """The next statuses and the evidence button, for whom may move the item along."""
    if not permissions.may_update_item(person, item.unit_id, item.owner_id):
        return None
    may_cancel = permissions.may_plan(person, item.unit_id)
    rows = [
        [_button(texts.SET_STATUS[status], STATUS, item.id, _code(status))]
        for status in _NEXT.get(item.status, ())
        if status is not ItemStatus.BATAL or may_cancel
    ]
    rows.append([_button(texts.EVIDENCE, PROOF, item.id)])
    return InlineKeyboardMarkup(rows)


def _cancel_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.CANCEL, CANCEL)]])


def _today(context: Context) -> date:
    return local_date(context.clock.now(), context.settings.tz)


async def rencana_cmd(update: Update, context: Context) -> None:
    """``/rencana``: the unit's rencana aksi of this year, with its buttons."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    today = _today(context)
    items = await context.plans.of_unit(person.unit_id, today.year)
    can_add = permissions.may_plan(person, person.unit_id)
    text = texts.plan_list(
        person.unit_name,
        today.year,
        items,
        progress(items, today.year, today),
        context.value_set.legal_basis,
        can_add=can_add,
    )
    await message_of(update).reply_text(text, reply_markup=list_keyboard(items, can_add))


async def _own_item(context: Context, person: Person, item_id: int) -> PlanItem | None:
    """The item, if it is of the presser's unit (a forged id of another unit is None)."""
    item = await context.plans.get(item_id)
    return item if item is not None and item.unit_id == person.unit_id else None


async def rencana_callback(update: Update, context: Context) -> None:
    """Add an item, open one, move it along, send its evidence, or cancel a prompt."""
    pressing = await pressed(update, context, FEATURE, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    if press.action == CANCEL:
        await cancel_prompt(query, context, person, FEATURE, texts.CANCELLED)
        return
    if press.action == ADD:
        if not permissions.may_plan(person, person.unit_id):
            await query.answer(texts.NOT_ALLOWED, show_alert=True)
            return
        await query.answer()
        await wait_for(context, person, FEATURE, ITEM, None)
        year = _today(context).year
        await context.bot.send_message(person.telegram_user_id or 0, texts.ask_item(year))
        await context.bot.send_message(
            person.telegram_user_id or 0, texts.TEMPLATE, reply_markup=_cancel_keyboard()
        )
        return
    item = await _own_item(context, person, press.item_id)
    if item is None:
        await refuse_stale(update, FEATURE, "item of another unit or gone")
        return
    if press.action == VIEW:
        await query.answer()
        await context.bot.send_message(
            person.telegram_user_id or 0,
            texts.item_card(item),
            reply_markup=item_keyboard(item, person),
        )
        return
    allowed = permissions.may_update_item(person, item.unit_id, item.owner_id)
    if press.status is ItemStatus.BATAL:
        allowed = permissions.may_plan(person, item.unit_id)
    if not allowed:
        log.warning("refused rencana button %r from person %s", query.data, person.id)
        await query.answer(texts.NOT_ALLOWED, show_alert=True)
        return
    if press.action == PROOF:
        await query.answer()
        await wait_for(context, person, FEATURE, EVIDENCE, item.id)
        await context.bot.send_message(
            person.telegram_user_id or 0, texts.ask_evidence(item), reply_markup=_cancel_keyboard()
        )
        return
    assert press.status is not None
    moved = None
    if press.status in _NEXT.get(item.status, ()):
        moved = await context.plans.set_status(item, press.status, context.clock.now())
    if moved is None:
        await refuse_stale(update, FEATURE, f"item {item.id} is {item.status.value}")
        return
    await query.answer()
    await query.edit_message_text(
        texts.item_card(moved), reply_markup=item_keyboard(moved, person)
    )


async def rencana_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """A new item's message, or an item's evidence; False when the wait no longer holds."""
    if pending.kind == ITEM and permissions.may_plan(person, person.unit_id):
        await _new_item(message, context, person)
        return True
    if pending.kind == EVIDENCE:
        item = await _own_item(context, person, pending.ref_id or 0)
        if item is not None and permissions.may_update_item(person, item.unit_id, item.owner_id):
            await _evidence(message, context, person, item)
            return True
    return False


async def _new_item(message: Message, context: Context, person: Person) -> None:
    if not message.text:
        await message.reply_text(texts.TEXT_ONLY)
        return
    people = await context.org.people_of_unit(person.unit_id)
    parsed = parse_item(message.text, people)
    if isinstance(parsed, EntryError):
        await message.reply_text(texts.entry_faults(parsed))
        return
    now = context.clock.now()
    item = await context.plans.add(person.unit_id, _today(context).year, parsed, person.id, now)
    await stop_waiting(context, person, FEATURE)
    await message.reply_text(texts.item_added(item), reply_markup=item_keyboard(item, person))
    owner = await context.org.person(parsed.owner_id)
    if owner is not None and owner.id != person.id and owner.registered:
        await send_to(
            context,
            owner,
            texts.assigned_to_owner(item, person.unit_name),
            item_keyboard(item, owner),
        )


async def _evidence(message: Message, context: Context, person: Person, item: PlanItem) -> None:
    try:
        got = typed(message)
    except Unsupported:
        await message.reply_text(texts.EVIDENCE_ONLY)
        return
    if len(got.text) > MAX_EVIDENCE_TEXT:
        await message.reply_text(texts.evidence_too_long(len(got.text)))
        return
    file = got.attachment
    kind = EvidenceKind(file.kind.value) if file is not None else EvidenceKind.TEXT
    count = await context.plans.add_evidence(
        item, kind, file.file_id if file else None, got.text, person.id, context.clock.now()
    )
    await stop_waiting(context, person, FEATURE)
    await message.reply_text(texts.evidence_saved(item, count))
