"""Texts of the daily messages: the morning value reminder and the afternoon check-in nudge."""

from __future__ import annotations

from datetime import date

from bot.content.models import MaluItem
from bot.content.rotation import DailyFocus
from bot.texts import esc
from bot.texts.dates import long_date


def short_name(name: str) -> str:
    """The roster name without the degrees after the first comma: ``Fitri Handayani``."""
    return name.split(",", 1)[0].strip() or name


def morning(name: str, day: date, focus: DailyFocus, malu: MaluItem) -> str:
    value, behaviour = focus.value, focus.behaviour
    lines = [
        f"☀️ <b>Selamat pagi, {esc(short_name(name))}!</b>",
        long_date(day),
        "",
        f"Nilai hari ini: <b>{esc(value.name)}</b>",
        f"<i>{esc(value.definition)}</i>",
        "",
        f"Perilaku yang kita latih hari ini ({focus.position} dari {focus.cycle}):",
        f"<b>{esc(behaviour.text)}</b>",
    ]
    if behaviour.expected:
        lines.append("Wujudnya dalam pekerjaan:")
        lines += [f"• {esc(item.text)}" for item in behaviour.expected]
    lines += [
        "",
        "🪞 <b>Budaya malu hari ini</b>",
        f"{esc(malu.text.rstrip('.'))}.",
        "Adakah yang perlu Anda jaga hari ini?",
        "",
        "Setelah menjalankannya, ketuk salah satu tombol di bawah untuk check-in.",
        "<i>Jam, zona waktu, dan jeda pengingat bisa diatur dengan /atur.</i>",
    ]
    return "\n".join(lines)


def afternoon(name: str, day: date, focus: DailyFocus) -> str:
    return "\n".join(
        [
            f"🕒 <b>{esc(short_name(name))}, sudahkah Anda menjalankan perilaku hari ini?</b>",
            long_date(day),
            "",
            f"<b>{esc(focus.value.name)}</b>: {esc(focus.behaviour.text)}",
            "",
            "Ketuk satu tombol di bawah untuk check-in; cukup beberapa detik.",
        ]
    )
