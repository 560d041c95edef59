"""/inovasi: anyone proposes an innovation of the work culture; the KBK's Penanggung jawab,
Ketua and Sekretaris review it (accept, to be developed, refuse) and the proposer is told
(Bangka Selatan Pasal 13(4) e: the KBK encourages innovation)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import permissions
from bot.activities.models import MAX_PROPOSAL, InnovationStatus
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of
from bot.handlers.presses import pressed, refuse_stale
from bot.handlers.problem_notices import send_to
from bot.org.models import Person
from bot.storage.pending_inputs import PendingInput
from bot.texts import activities as texts

log = logging.getLogger(__name__)

COMMAND = "inovasi"
FEATURE = "inovasi"
PREFIX, VERSION, PROPOSAL = "in", 1, "proposal"
_DECISIONS = {"t": InnovationStatus.DITERIMA, "k": InnovationStatus.DIKEMBANGKAN,
              "x": InnovationStatus.DITOLAK}  # fmt: skip
_CODES = {status: code for code, status in _DECISIONS.items()}


def parse(data: str | None) -> tuple[InnovationStatus, int] | None:
    """``in:1:<decision>:<proposal id>``."""
    parts = callback_data.parse(data, PREFIX, VERSION, 2)
    if parts is None or parts[0] not in _DECISIONS or not parts[1].isdigit():
        return None
    return _DECISIONS[parts[0]], int(parts[1])


def review_keyboard(innovation_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label,
                    callback_data=callback_data.make(
                        PREFIX, VERSION, _CODES[status], str(innovation_id)
                    ),
                )
                for status, label in texts.REVIEW.items()
            ]
        ]
    )


async def inovasi_cmd(update: Update, context: Context) -> None:
    """``/inovasi [usulan]``: propose an innovation (or be asked to type it)."""
    access = await gate(update, context, COMMAND)
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    text = command_args(message)
    if text:
        await _propose(message, context, person, text)
        return
    now = context.clock.now()
    await context.pending_inputs.set(message.chat_id, FEATURE, PROPOSAL, None, now)
    await message.reply_text(texts.ASK_PROPOSAL)


async def inovasi_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """The proposal typed after /inovasi."""
    if pending.kind != PROPOSAL:
        return False
    if not message.text:
        await message.reply_text(texts.TEXT_ONLY)
        return True
    await _propose(message, context, person, message.text)
    return True


async def _propose(message: Message, context: Context, person: Person, text: str) -> None:
    if len(text) > MAX_PROPOSAL:
        await message.reply_text(texts.too_long(len(text), MAX_PROPOSAL))
        return
    await context.pending_inputs.clear(message.chat_id, FEATURE)
    innovation = await context.activities.propose(
        person.unit_id, person.id, text.strip(), context.clock.now()
    )
    card = texts.proposal_card(innovation, person.name, person.unit_name)
    reviewers = [
        p
        for p in await context.org.people_of_unit(person.unit_id)
        if p.id != person.id and permissions.may_review_innovation(p, person.unit_id)
    ]
    told = 0
    for reviewer in reviewers:
        if await send_to(context, reviewer, card, review_keyboard(innovation.id)):
            told += 1
    await message.reply_text(texts.proposal_sent(told))


async def inovasi_callback(update: Update, context: Context) -> None:
    """A reviewer's decision; the proposer is told."""
    pressing = await pressed(update, context, FEATURE, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, (status, innovation_id) = pressing.query, pressing.person, pressing.data
    innovation = await context.activities.innovation(innovation_id)
    if innovation is None or innovation.unit_id != person.unit_id:
        await refuse_stale(update, FEATURE, "proposal of another unit or gone")
        return
    if not permissions.may_review_innovation(person, innovation.unit_id):
        log.warning("refused innovation review %r from person %s", query.data, person.id)
        await query.answer(texts.NOT_REVIEWER, show_alert=True)
        return
    reviewed = await context.activities.review(innovation, status, person.id, context.clock.now())
    if reviewed is None:
        current = await context.activities.innovation(innovation_id)
        await query.answer(texts.already_reviewed(current or innovation), show_alert=True)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text is not None:
        note = texts.reviewed_note(reviewed, person.name)
        await message.edit_text(message.text_html + note, reply_markup=None)
    proposer = await context.org.person(reviewed.person_id)
    if proposer is not None:
        await send_to(context, proposer, texts.review_to_proposer(reviewed, person.name))
