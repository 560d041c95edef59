"""Buttons of /apresiasi and their callback data: ``ap:1:<action>:<arg>``.

A colleague is named by their person id, a value by its index in the active set. Every
press is checked again on arrival: the colleague must still be a registered colleague of
the presser's unit, the value must exist, and a send button must match the presser's own
draft (so an old preview cannot send a newer text).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.models import ValueSet
from bot.handlers import callback_data
from bot.org.models import Person
from bot.texts import appreciation as texts

FEATURE = "ap"
VERSION = 1
NO_ARG = "0"
NAMED, ANONYMOUS = "n", "a"


class Action(Enum):
    COLLEAGUE = "c"
    """arg: the colleague's person id."""
    VALUE = "v"
    """arg: ``<person id>.<value index>``."""
    SEND = "s"
    """arg: ``<person id>.<value index>.<n|a>`` (with my name, or anonymous)."""
    CANCEL = "x"


@dataclass(frozen=True)
class Press:
    action: Action
    colleague_id: int | None = None
    value_index: int | None = None
    anonymous: bool = False


def _data(action: Action, arg: str = NO_ARG) -> str:
    return callback_data.make(FEATURE, VERSION, action.value, arg)


def _number(text: str, digits: int) -> int | None:
    return int(text) if text.isdigit() and len(text) <= digits else None


def parse(data: str | None) -> Press | None:
    """The press of an /apresiasi button, or None if malformed (or forged). Ids and indexes
    are checked against the roster and the content by the caller."""
    parts = callback_data.parse(data, FEATURE, VERSION, arity=2)
    if parts is None:
        return None
    try:
        action = Action(parts[0])
    except ValueError:
        return None
    fields = parts[1].split(".")
    match action, len(fields):
        case Action.CANCEL, 1:
            return Press(action)
        case Action.COLLEAGUE, 1:
            colleague = _number(fields[0], 12)
            return Press(action, colleague) if colleague is not None else None
        case Action.VALUE, 2:
            colleague, index = _number(fields[0], 12), _number(fields[1], 2)
            if colleague is None or index is None:
                return None
            return Press(action, colleague, index)
        case Action.SEND, 3 if fields[2] in (NAMED, ANONYMOUS):
            colleague, index = _number(fields[0], 12), _number(fields[1], 2)
            if colleague is None or index is None:
                return None
            return Press(action, colleague, index, anonymous=fields[2] == ANONYMOUS)
    return None


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(texts.CANCEL_BUTTON, callback_data=_data(Action.CANCEL))]


def colleagues_keyboard(people: list[Person]) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(p.name, callback_data=_data(Action.COLLEAGUE, str(p.id)))]
        for p in people
    ]
    return InlineKeyboardMarkup([*rows, _cancel_row()])


def values_keyboard(colleague: Person, value_set: ValueSet) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(value.name, callback_data=_data(Action.VALUE, f"{colleague.id}.{i}"))
        for i, value in enumerate(value_set.values)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup([*rows, _cancel_row()])


def cancel_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([_cancel_row()])


def send_keyboard(colleague: Person, value_index: int) -> InlineKeyboardMarkup:
    def send(text: str, mode: str) -> InlineKeyboardButton:
        arg = f"{colleague.id}.{value_index}.{mode}"
        return InlineKeyboardButton(text, callback_data=_data(Action.SEND, arg))

    return InlineKeyboardMarkup(
        [
            [send(texts.SEND_NAMED_BUTTON, NAMED)],
            [send(texts.SEND_ANONYMOUS_BUTTON, ANONYMOUS)],
            _cancel_row(),
        ]
    )
