"""The two buttons under a draft (:mod:`bot.drafts`): confirm or cancel."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers import callback_data
from bot.texts import CANCEL

DRAFT = "dr"
"""Callback feature of a draft's buttons: ``dr:1:<draft id>:ok|no``."""
DRAFT_VERSION = 1


def draft_keyboard(draft_id: int, yes: str) -> InlineKeyboardMarkup:
    def button(text: str, answer: str) -> InlineKeyboardButton:
        data = callback_data.make(DRAFT, DRAFT_VERSION, str(draft_id), answer)
        return InlineKeyboardButton(text, callback_data=data)

    return InlineKeyboardMarkup([[button(yes, "ok"), button(CANCEL, "no")]])


def parse_draft_press(data: str | None) -> tuple[int, bool] | None:
    """(draft id, confirmed) of a press, or None if no keyboard of ours carries ``data``."""
    parts = callback_data.parse(data, DRAFT, DRAFT_VERSION, arity=2)
    if parts is None or not parts[0].isdigit() or parts[1] not in ("ok", "no"):
        return None
    return int(parts[0]), parts[1] == "ok"
