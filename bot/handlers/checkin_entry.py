"""The one-tap check-in buttons under the morning reminder and the afternoon nudge.

Shared by the delivery (which sends them) and the check-in feature (which handles them):
``ci:1:<YYYYMMDD>:<answer>`` where answer is ``s`` (Sudah), ``p`` (Sebagian), ``b`` (Belum)
or ``o`` (open the full check-in: behaviours, budaya malu, note; the one button left under
the reminder once it is answered). The date lets yesterday's buttons say the day has passed.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers import callback_data
from bot.texts import checkin as checkin_texts

FEATURE = "ci"
VERSION = 1
ANSWERS = {"s": "✅ Sudah", "p": "🔸 Sebagian", "b": "❌ Belum"}
OPEN = "o"


def entry_keyboard(day: date) -> InlineKeyboardMarkup:
    stamp = day.strftime("%Y%m%d")
    answers = [
        InlineKeyboardButton(label, callback_data=callback_data.make(FEATURE, VERSION, stamp, key))
        for key, label in ANSWERS.items()
    ]
    return InlineKeyboardMarkup([answers])


def more_keyboard(day: date) -> InlineKeyboardMarkup:
    """Under an answered reminder: the rest of the check-in, for whoever wants it."""
    data = callback_data.make(FEATURE, VERSION, day.strftime("%Y%m%d"), OPEN)
    return InlineKeyboardMarkup([[InlineKeyboardButton(checkin_texts.MORE, callback_data=data)]])


def parse_entry(data: str | None) -> tuple[date, str] | None:
    """(day, answer key) of an entry button, or None if it is not one (or forged)."""
    parts = callback_data.parse(data, FEATURE, VERSION, arity=2)
    if parts is None:
        return None
    stamp, key = parts
    if key not in (*ANSWERS, OPEN) or len(stamp) != 8 or not stamp.isdigit():
        return None
    try:
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
    except ValueError:
        return None
    return day, key
