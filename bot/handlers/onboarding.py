"""/start (with or without an invite code), NIP join requests and their Setujui/Tolak buttons."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError

from bot.handlers import callback_data
from bot.handlers.context import Context
from bot.handlers.guards import chat_of, message_of, query_of, user_of
from bot.handlers.menu import sync_menu
from bot.handlers.presses import parsed, refuse_stale
from bot.org.models import Person
from bot.org.nip import mask_nip
from bot.org.onboarding import (
    Decide,
    Join,
    Redeem,
    decide_join,
    redeem_invite,
    request_join,
)
from bot.texts import org as org_texts

log = logging.getLogger(__name__)

JOIN = "join"
JOIN_VERSION = 1
APPROVE, REJECT = "a", "r"

NIP_PATTERN = r"^\s*[0-9][0-9 .\-]{10,40}\s*$"
"""Digits with the spaces (or dots, dashes) people type in a NIP; checked properly later."""


async def _kbk_name(context: Context, person: Person) -> str:
    unit = await context.org.unit(person.unit_id)
    return unit.kbk_display_name if unit else f"KBK {person.unit_name}"


async def _greet(context: Context, chat_id: int, person: Person, *, new: bool) -> str:
    await sync_menu(context.bot, context.users, chat_id, person, await context.users.menu(chat_id))
    return org_texts.registered_greeting(person, await _kbk_name(context, person), new=new)


async def start_cmd(update: Update, context: Context) -> None:
    """Welcome; with an invite code (``/start <code>``) register the sender."""
    message = message_of(update)
    user = user_of(update)
    chat = chat_of(update)
    if chat.type != chat.PRIVATE:
        await message.reply_text(org_texts.welcome(user.first_name, context.value_set))
        return
    args = context.args or []
    if args:
        await _redeem(update, context, args[0])
        return
    person = context.person
    if person is not None:
        await message.reply_text(await _greet(context, chat.id, person, new=False))
        return
    welcome = org_texts.welcome(user.first_name, context.value_set)
    await message.reply_text(welcome + org_texts.ASK_FOR_NIP)


async def _redeem(update: Update, context: Context, code: str) -> None:
    message = message_of(update)
    user = user_of(update)
    result = await redeem_invite(context.onboarding, code, user.id, context.clock.now())
    match result.outcome:
        case Redeem.REGISTERED | Redeem.ALREADY_YOU:
            assert result.person is not None
            new = result.outcome is Redeem.REGISTERED
            await message.reply_text(await _greet(context, user.id, result.person, new=new))
        case Redeem.ACCOUNT_BOUND_ELSEWHERE:
            assert result.person is not None
            await message.reply_text(org_texts.account_bound_elsewhere(result.person))
        case Redeem.UNKNOWN:
            await message.reply_text(org_texts.INVITE_UNKNOWN)
        case Redeem.USED:
            await message.reply_text(org_texts.INVITE_USED)
        case Redeem.EXPIRED:
            await message.reply_text(org_texts.INVITE_EXPIRED)
        case Redeem.NIP_BOUND_ELSEWHERE:
            await message.reply_text(org_texts.NIP_BOUND_ELSEWHERE)


def _decision_keyboard(request_id: int) -> InlineKeyboardMarkup:
    approve = callback_data.make(JOIN, JOIN_VERSION, APPROVE, str(request_id))
    reject = callback_data.make(JOIN, JOIN_VERSION, REJECT, str(request_id))
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(org_texts.APPROVE, callback_data=approve),
                InlineKeyboardButton(org_texts.REJECT, callback_data=reject),
            ]
        ]
    )


async def nip_msg(update: Update, context: Context) -> None:
    """An unregistered user sent their NIP: ask their KBK's leaders to let them in."""
    message = message_of(update)
    user = user_of(update)
    now = context.clock.now()
    result = await request_join(context.onboarding, message.text or "", user.id, now)
    match result.outcome:
        case Join.SENT:
            if result.person is not None and result.request is not None:
                await _ask_leaders(update, context, result.person, result.request.id,
                                   result.approvers)  # fmt: skip
            # The same words whatever the NIP turned out to be: no oracle of the roster.
            await message.reply_text(org_texts.JOIN_SENT)
        case Join.ALREADY_REGISTERED:
            assert result.person is not None
            await message.reply_text(await _greet(context, user.id, result.person, new=False))
        case Join.BAD_NIP:
            await message.reply_text(org_texts.bad_nip(result.reason))
        case Join.TOO_MANY_TRIES:
            await message.reply_text(org_texts.TOO_MANY_TRIES)


async def _ask_leaders(
    update: Update, context: Context, person: Person, request_id: int, leaders: list[Person]
) -> None:
    user = user_of(update)
    text = org_texts.join_request_for_leader(
        person, mask_nip(person.nip), user.full_name, user.username
    )
    keyboard = _decision_keyboard(request_id)
    for leader in leaders:
        assert leader.telegram_user_id is not None
        try:
            await context.bot.send_message(leader.telegram_user_id, text, reply_markup=keyboard)
        except TelegramError:  # a block is recorded by the outbox
            log.warning("join request %s to person %s failed", request_id, leader.id)


def _parse_join(data: str | None) -> tuple[str, int] | None:
    parts = callback_data.parse(data, JOIN, JOIN_VERSION, arity=2)
    if parts is None or parts[0] not in (APPROVE, REJECT) or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


async def join_callback(update: Update, context: Context) -> None:
    """A leader pressed Setujui or Tolak under a join request."""
    press = await parsed(update, "join", _parse_join)
    if press is None:
        return
    query = query_of(update)
    action, request_id = press
    decider = context.person
    now = context.clock.now()
    result = await decide_join(context.onboarding, request_id, action == APPROVE, decider, now)
    match result.outcome:
        case Decide.UNKNOWN:
            await refuse_stale(update, "join", "no such request")
        case Decide.NOT_ALLOWED:
            await query.answer(org_texts.JOIN_NOT_ALLOWED, show_alert=True)
        case Decide.ALREADY_DECIDED:
            await query.answer(org_texts.JOIN_ALREADY_DECIDED, show_alert=True)
            await query.edit_message_reply_markup(reply_markup=None)
        case Decide.NIP_BOUND_ELSEWHERE:
            await query.answer(org_texts.JOIN_NIP_TAKEN, show_alert=True)
            await query.edit_message_reply_markup(reply_markup=None)
        case Decide.APPROVED | Decide.REJECTED:
            assert decider is not None
            assert result.request is not None
            assert result.person is not None
            approved = result.outcome is Decide.APPROVED
            await query.answer()
            note = org_texts.join_decided_note(approved, decider)
            original = query.message.text_html if isinstance(query.message, Message) else ""
            await query.edit_message_text(original + note)
            requester = result.request.telegram_user_id
            if approved:
                text = await _greet(context, requester, result.person, new=True)
            else:
                text = org_texts.JOIN_REJECTED_TO_USER
            try:
                await context.bot.send_message(requester, text)
            except Forbidden:
                log.info("join decision not delivered: the requester blocked the bot")
