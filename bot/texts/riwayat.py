"""Texts of /riwayat: streak, the last working days as a line of marks, value strengths."""

from __future__ import annotations

from datetime import date

from bot.checkin.progress import CALENDAR_DAYS, STRENGTH_DECAY, Mark, Progress
from bot.content.models import ValueSet
from bot.texts import esc

MARKS = {
    Mark.SUDAH: "✅",
    Mark.SEBAGIAN: "🔸",
    Mark.BELUM: "❌",
    Mark.MISSED: "⬜",
    Mark.AWAY: "💤",
    Mark.TODAY: "⏳",
}
LEGEND = "✅ sudah · 🔸 sebagian · ❌ belum · ⬜ tidak check-in · 💤 masa jeda · ⏳ hari ini belum"
BAR_CELLS = 5


def calendar_marks(line: list[tuple[date, Mark]]) -> str:
    """The marks oldest first, a space between weeks: ``✅✅🔸✅❌ ✅💤💤✅⏳``."""
    groups: list[str] = []
    week: tuple[int, int] | None = None
    for day, mark in line:
        iso = day.isocalendar()
        key = (iso.year, iso.week)
        if key != week:
            groups.append("")
            week = key
        groups[-1] += MARKS[mark]
    return " ".join(groups)


def percent(rate: float) -> str:
    return f"{round(100 * rate)}%"


def strength_bar(strength: float) -> str:
    filled = round(strength * BAR_CELLS)
    return "▰" * filled + "▱" * (BAR_CELLS - filled)


STREAK_RULE = (
    "Setiap check-in menyambung runtun, juga ❌ belum: yang dibiasakan adalah jujur "
    "merenung setiap hari. Hanya ⬜ (hari kerja tanpa check-in) yang memutusnya; akhir "
    "pekan, hari libur dan masa jeda 💤 tidak."
)


def streak_line(streak: int) -> str:
    return f"🔥 Runtun: <b>{streak}</b> hari kerja berturut-turut"


def history(progress: Progress, value_set: ValueSet) -> str:
    lines = ["<b>Riwayat check-in Anda</b>", ""]
    if not progress.checkins:
        lines += ["Belum ada check-in. Mulai hari ini dengan /checkin!", ""]
    lines.append(streak_line(progress.streak))
    if progress.longest > progress.streak:
        lines.append(f"Runtun terpanjang: {progress.longest} hari kerja")
    shown = len(progress.line)
    since = " sejak check-in pertama Anda" if shown < CALENDAR_DAYS else ""
    lines += [
        STREAK_RULE,
        "",
        f"<b>{shown} hari kerja terakhir</b>{since} (lama → baru, dipisah per minggu)",
        calendar_marks(progress.line) or "—",
        LEGEND,
        "",
        "<b>Nilai</b>: berapa kali terpenuhi, dan kekuatannya",
    ]
    names = {v.id: v.name for v in value_set.values}
    for item in progress.values:
        name = esc(names[item.value_id])
        if item.strength is None:
            lines.append(f"• {name}: belum ada data")
            continue
        partly = f", sebagian {item.partly} kali" if item.partly else ""
        lines.append(
            f"• {name}: terpenuhi {item.met} dari {item.chances} kali{partly} · "
            f"{strength_bar(item.strength)} {percent(item.strength)}"
        )
    lines += [
        "",
        "<i>Kekuatan menimbang hari-hari terbaru paling berat: satu hari terlewat "
        f"menurunkannya sedikit (ke sekitar {percent(STRENGTH_DECAY)} setelah rangkaian yang "
        "baik), tidak mengembalikannya ke nol.</i>",
    ]
    return "\n".join(lines)
