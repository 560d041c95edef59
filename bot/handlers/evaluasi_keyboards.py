"""Buttons of /evaluasi and their callback data: ``ev:1:<window start>:<action>:<arg>``.

The window's first day names the questionnaire, so a button of a closed window says so
instead of answering the current one; the question's index is checked against the
presser's own questionnaire on every press. The state itself is in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.evaluation.questionnaire import SCORES, Question
from bot.evaluation.window import Window
from bot.handlers import callback_data
from bot.texts import evaluation as texts

FEATURE = "ev"
VERSION = 1
NO_ARG = "0"


class Action(Enum):
    ANSWER = "a"
    """arg: ``<question index>.<score>``."""
    BACK = "b"
    """Show question ``arg`` again, to change its answer."""
    LATER = "l"
    OPEN = "o"
    """Open the questionnaire in a new message (the reminder's button)."""


@dataclass(frozen=True)
class Press:
    stamp: str
    action: Action
    arg: str

    def answer(self) -> tuple[int, int] | None:
        """(question index, score) of an answer press, if well formed."""
        index, dot, score = self.arg.partition(".")
        if not dot or not index.isdigit() or not score.isdigit() or len(index) > 3:
            return None
        value = int(score)
        return (int(index), value) if value in SCORES else None

    def index(self) -> int | None:
        return int(self.arg) if self.arg.isdigit() and len(self.arg) <= 3 else None


def _button(text: str, window: Window, action: Action, arg: str = NO_ARG) -> InlineKeyboardButton:
    data = callback_data.make(FEATURE, VERSION, window.stamp, action.value, arg)
    return InlineKeyboardButton(text, callback_data=data)


def parse(data: str | None) -> Press | None:
    """The press of an /evaluasi button, or None if the data is not one (or forged)."""
    parts = callback_data.parse(data, FEATURE, VERSION, arity=3)
    if parts is None:
        return None
    stamp, key, arg = parts
    if len(stamp) != 8 or not stamp.isdigit() or not arg or len(arg) > 8:
        return None
    try:
        action = Action(key)
    except ValueError:
        return None
    return Press(stamp, action, arg)


def question_keyboard(
    window: Window, question: Question, current: int | None, can_go_back: bool
) -> InlineKeyboardMarkup:
    scores = [
        _button(
            texts.score_button(score, current),
            window,
            Action.ANSWER,
            f"{question.index}.{score}",
        )
        for score in SCORES
    ]
    last = [_button(texts.LATER_BUTTON, window, Action.LATER)]
    if can_go_back:
        last.insert(0, _button(texts.BACK_BUTTON, window, Action.BACK, str(question.index - 1)))
    return InlineKeyboardMarkup([scores, last])


def open_keyboard(window: Window) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.OPEN_BUTTON, window, Action.OPEN)]])
