"""/nilai: the active value set, one value's behaviours, or a fuzzy search."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.content import ValueSet
from bot.handlers import callback_data
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of, query_of
from bot.handlers.presses import parsed, refuse_stale
from bot.texts import nilai as nilai_texts

log = logging.getLogger(__name__)

FEATURE = "nilai"
VERSION = 1
OVERVIEW = "semua"
"""Payload of the "back to all values" button; value ids always contain a dot."""


def _overview_keyboard(value_set: ValueSet) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            value.name, callback_data=callback_data.make(FEATURE, VERSION, value.id)
        )
        for value in value_set.values
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows)


def _back_keyboard() -> InlineKeyboardMarkup:
    back = callback_data.make(FEATURE, VERSION, OVERVIEW)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(nilai_texts.BACK_TO_VALUES, callback_data=back)]]
    )


async def nilai_cmd(update: Update, context: Context) -> None:
    """Show the value set, or search it when words follow the command."""
    message = message_of(update)
    query = command_args(message)
    value_set = context.value_set
    if not query:
        await message.reply_text(
            nilai_texts.value_set_overview(value_set), reply_markup=_overview_keyboard(value_set)
        )
        return
    if len(query) > nilai_texts.NILAI_QUERY_MAX:
        await message.reply_text(nilai_texts.query_too_long())
        return
    hits = context.search.search(query)
    if not hits:
        await message.reply_text(
            nilai_texts.no_match(value_set, query), reply_markup=_overview_keyboard(value_set)
        )
        return
    await message.reply_text(nilai_texts.search_result(value_set, query, hits))


def _parse(data: str | None) -> list[str] | None:
    return callback_data.parse(data, FEATURE, VERSION, arity=1)


async def nilai_callback(update: Update, context: Context) -> None:
    """Open one value's behaviours, or go back to the overview, editing in place."""
    parts = await parsed(update, FEATURE, _parse)
    if parts is None:
        return
    query = query_of(update)
    value_set = context.value_set
    (target,) = parts
    if target == OVERVIEW:
        await query.answer()
        await query.edit_message_text(
            nilai_texts.value_set_overview(value_set), reply_markup=_overview_keyboard(value_set)
        )
        return
    value = value_set.value(target)
    if value is None:
        # A button from another value set (VALUE_SET changed) or a forged one.
        await refuse_stale(update, FEATURE, "no such value")
        return
    await query.answer()
    await query.edit_message_text(
        nilai_texts.value_detail(value_set, value), reply_markup=_back_keyboard()
    )
