"""Buttons of the check-in flow and their callback data: ``ck:1:<YYYYMMDD>:<action>:<arg>``.

Every button carries the day it belongs to, so a button of an earlier day answers that the
day has passed; the rest of the state (answer, ticks, note) is in the database. Indexes
(value, behaviour, budaya-malu item) keep the data short; they are checked against the
content on every press, so a forged or outdated index is refused, never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.checkin.models import Answer, Checkin
from bot.content.models import MaluItem, ValueSet
from bot.handlers import callback_data
from bot.texts import checkin as checkin_texts

FEATURE = "ck"
VERSION = 1
NO_ARG = "0"
MALU_PER_ROW = 5


class Action(Enum):
    ANSWER = "a"
    """arg: the answer key (s, p, b)."""
    PAGE = "v"
    """Show the behaviours of value ``arg`` (its index in the set)."""
    TICK = "t"
    """Tick or untick behaviour ``arg`` = ``<value index>.<behaviour index>``."""
    BEHAVIOURS_DONE = "d"
    MALU = "m"
    """Open the budaya-malu self-check."""
    MALU_TICK = "u"
    """Mark or unmark item ``arg`` (its index)."""
    MALU_DONE = "k"
    NOTE = "n"
    """Open the note step."""
    NOTE_SKIP = "x"
    NOTE_DELETE = "z"
    ACCEPT = "y"
    REFUSE = "r"


@dataclass(frozen=True)
class Press:
    day: date
    action: Action
    arg: str


def _data(day: date, action: Action, arg: str = NO_ARG) -> str:
    return callback_data.make(FEATURE, VERSION, day.strftime("%Y%m%d"), action.value, arg)


def _button(text: str, day: date, action: Action, arg: str = NO_ARG) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=_data(day, action, arg))


def parse(data: str | None) -> Press | None:
    """The press of a check-in flow button, or None if the data is not one (or forged).

    Only the shape is checked here; indexes are checked against the content by the caller.
    """
    parts = callback_data.parse(data, FEATURE, VERSION, arity=3)
    if parts is None:
        return None
    stamp, action_key, arg = parts
    if len(stamp) != 8 or not stamp.isdigit() or not arg or len(arg) > 8:
        return None
    try:
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        action = Action(action_key)
    except ValueError:
        return None
    return Press(day, action, arg)


def parse_index(arg: str, size: int) -> int | None:
    if not arg.isdigit():
        return None
    index = int(arg)
    return index if index < size else None


def parse_pair(arg: str, value_set: ValueSet) -> tuple[int, int] | None:
    """``<value index>.<behaviour index>`` if both exist in the set."""
    first, dot, second = arg.partition(".")
    value_index = parse_index(first, len(value_set.values))
    if not dot or value_index is None:
        return None
    behaviour_index = parse_index(second, len(value_set.values[value_index].behaviours))
    return None if behaviour_index is None else (value_index, behaviour_index)


def answers_row(day: date, current: Answer | None = None) -> list[InlineKeyboardButton]:
    return [
        _button(checkin_texts.answer_button(answer, current), day, Action.ANSWER, answer.key)
        for answer in Answer
    ]


def question_keyboard(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([answers_row(day)])


def behaviours_keyboard(
    day: date, value_set: ValueSet, page: int, ticked: frozenset[str]
) -> InlineKeyboardMarkup:
    value = value_set.values[page]
    rows = [
        [
            _button(
                checkin_texts.behaviour_button(number + 1, behaviour, behaviour.id in ticked),
                day,
                Action.TICK,
                f"{page}.{number}",
            )
        ]
        for number, behaviour in enumerate(value.behaviours)
    ]
    count = len(value_set.values)
    if count > 1:
        before, after = (page - 1) % count, (page + 1) % count
        rows.append(
            [
                _button(
                    checkin_texts.previous_button(value_set.values[before]),
                    day,
                    Action.PAGE,
                    str(before),
                ),
                _button(
                    checkin_texts.next_button(value_set.values[after]),
                    day,
                    Action.PAGE,
                    str(after),
                ),
            ]
        )
    rows.append([_button(checkin_texts.DONE, day, Action.BEHAVIOURS_DONE)])
    return InlineKeyboardMarkup(rows)


def malu_keyboard(
    day: date, items: tuple[MaluItem, ...], slipped: frozenset[str]
) -> InlineKeyboardMarkup:
    buttons = [
        _button(
            checkin_texts.malu_button(n + 1, item.id in slipped), day, Action.MALU_TICK, str(n)
        )
        for n, item in enumerate(items)
    ]
    rows = [buttons[i : i + MALU_PER_ROW] for i in range(0, len(buttons), MALU_PER_ROW)]
    chosen = sum(1 for item in items if item.id in slipped)
    rows.append([_button(checkin_texts.malu_done_button(chosen), day, Action.MALU_DONE)])
    return InlineKeyboardMarkup(rows)


def note_keyboard(day: date, has_note: bool) -> InlineKeyboardMarkup:
    if not has_note:
        return InlineKeyboardMarkup([[_button(checkin_texts.SKIP_NOTE, day, Action.NOTE_SKIP)]])
    return InlineKeyboardMarkup(
        [
            [_button(checkin_texts.KEEP_NOTE, day, Action.NOTE_SKIP)],
            [_button(checkin_texts.DELETE_NOTE, day, Action.NOTE_DELETE)],
        ]
    )


def suggestion_keyboard(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(checkin_texts.ACCEPT_SUGGESTION, day, Action.ACCEPT),
                _button(checkin_texts.REFUSE_SUGGESTION, day, Action.REFUSE),
            ]
        ]
    )


def summary_keyboard(checkin: Checkin, focus_page: int) -> InlineKeyboardMarkup:
    day = checkin.day
    return InlineKeyboardMarkup(
        [
            answers_row(day, checkin.answer),
            [
                _button(checkin_texts.EDIT_BEHAVIOURS, day, Action.PAGE, str(focus_page)),
                _button(checkin_texts.EDIT_MALU, day, Action.MALU),
                _button(checkin_texts.EDIT_NOTE, day, Action.NOTE),
            ],
        ]
    )
