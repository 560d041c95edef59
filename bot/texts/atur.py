"""Texts of /atur: personal reminder times, time zone, pause and resume."""

from __future__ import annotations

from datetime import date, time

from bot.schedule.personal import PAUSE_MAX_DAYS, DayProblem, TimeProblem
from bot.texts import esc
from bot.texts.dates import long_date

PAUSE_REASON_LABELS = {"cuti": "Cuti", "dinas_luar": "Dinas luar", "sakit": "Sakit"}
PAUSE_REASON_ICONS = {"cuti": "🏖", "dinas_luar": "🚗", "sakit": "🤒"}


def hhmm(at: time) -> str:
    """``07.30``: times as Indonesians write them."""
    return f"{at.hour:02d}.{at.minute:02d}"


def _default(flag: bool) -> str:
    return " (bawaan)" if flag else ""


def panel(
    *,
    morning: time,
    morning_default: bool,
    afternoon: time,
    afternoon_default: bool,
    zone: str,
    zone_default: bool,
    paused_reason: str | None,
    paused_from: date | None,
    paused_until: date | None,
    note: str = "",
) -> str:
    lines = [note, ""] if note else []
    lines += [
        "⚙️ <b>Pengaturan pengingat Anda</b>",
        "",
        f"🌅 Pengingat pagi: <b>{hhmm(morning)} {zone}</b>{_default(morning_default)}",
        f"🕒 Ajakan check-in sore: <b>{hhmm(afternoon)} {zone}</b>{_default(afternoon_default)}",
        f"🌐 Zona waktu: <b>{zone}</b>{_default(zone_default)}",
    ]
    if paused_reason is None:
        lines.append("▶️ Status: <b>aktif</b>, pengingat dikirim setiap hari kerja.")
    else:
        label = PAUSE_REASON_LABELS.get(paused_reason, paused_reason)
        until = f"sampai {long_date(paused_until)}" if paused_until else "sampai Anda lanjutkan"
        start = f" mulai {long_date(paused_from)}" if paused_from else ""
        lines.append(f"⏸ Status: <b>jeda ({esc(label)})</b>{start} {until}.")
    lines += ["", "Pilih yang ingin diubah:"]
    return "\n".join(lines)


# --- Buttons ---------------------------------------------------------------------------------

BUTTON_MORNING = "🌅 Jam pagi"
BUTTON_AFTERNOON = "🕒 Jam sore"
BUTTON_ZONE = "🌐 Zona waktu"
BUTTON_PAUSE = "⏸ Jeda"
BUTTON_RESUME = "▶️ Lanjutkan pengingat"
BUTTON_BACK = "⬅️ Kembali"
BUTTON_TYPE_TIME = "⌨️ Ketik jam lain"
BUTTON_TYPE_DAY = "⌨️ Ketik tanggal lain"


def button_default(value: str) -> str:
    return f"↩️ Bawaan ({value})"


def button_pause_until(end: date, today: date) -> str:
    if end == today:
        return "Hari ini saja"
    return f"Sampai {long_date(end)}"


# --- Screens ---------------------------------------------------------------------------------


def choose_time(morning: bool, current: time, zone: str, low: time, high: time) -> str:
    what = "pengingat pagi" if morning else "ajakan check-in sore"
    return (
        f"{'🌅' if morning else '🕒'} <b>Jam {what}</b>\n"
        f"Sekarang: {hhmm(current)} {zone}.\n\n"
        f"Pilih jam baru, atau ketik jam lain antara {hhmm(low)} dan {hhmm(high)}."
    )


def choose_zone(current: str) -> str:
    return (
        "🌐 <b>Zona waktu</b>\n"
        f"Sekarang: {current}. Pengingat mengikuti jam di zona yang Anda pilih.\n\n"
        "WIB: Sumatra, Jawa, Kalimantan Barat dan Tengah\n"
        "WITA: Bali, Nusa Tenggara, Kalimantan Selatan, Timur dan Utara, Sulawesi\n"
        "WIT: Maluku dan Papua"
    )


CHOOSE_PAUSE_REASON = (
    "⏸ <b>Jeda pengingat</b>\n"
    "Selama jeda Anda tidak menerima pengingat, dan hari-hari itu dicatat sebagai "
    "berhalangan, bukan terlewat.\n\nApa alasannya?"
)


def choose_pause_end(reason: str) -> str:
    label = PAUSE_REASON_LABELS[reason]
    return (
        f"⏸ <b>Jeda: {esc(label)}</b>\nSampai tanggal berapa (hari terakhir Anda tidak bertugas)?"
    )


# --- Prompts for typed input (plain text: the reply is matched on the prompt's text) --------

PROMPT_MORNING = "Ketik jam pengingat pagi, misalnya 06.45"
PROMPT_AFTERNOON = "Ketik jam ajakan check-in sore, misalnya 16.15"
PROMPT_PAUSE = {
    reason: f"Jeda karena {label.lower()}: ketik tanggal terakhir, misalnya 30-11-2026"
    for reason, label in PAUSE_REASON_LABELS.items()
}
PROMPT_PLACEHOLDER_TIME = "06.45"
PROMPT_PLACEHOLDER_DAY = "30-11-2026"


# --- Outcomes ----------------------------------------------------------------------------------

SAVED = "Tersimpan"


def morning_set(at: time, zone: str) -> str:
    return f"✅ Pengingat pagi kini pukul {hhmm(at)} {zone}."


def afternoon_set(at: time, zone: str) -> str:
    return f"✅ Ajakan check-in sore kini pukul {hhmm(at)} {zone}."


def zone_set(zone: str) -> str:
    return f"✅ Zona waktu Anda kini {zone}."


def paused(reason: str, end: date) -> str:
    label = PAUSE_REASON_LABELS.get(reason, reason)
    return (
        f"⏸ Jeda dicatat: {esc(label)} sampai {long_date(end)}. "
        "Pengingat berlanjut sesudahnya dengan sendirinya."
    )


RESUMED = "▶️ Pengingat aktif lagi mulai hari ini."
NOT_PAUSED = "Pengingat Anda sedang aktif; tidak ada jeda yang perlu dilanjutkan."


def time_problem(problem: TimeProblem, low: time, high: time) -> str:
    if problem is TimeProblem.UNREADABLE:
        return (
            "Jam itu tidak terbaca. Tulis jam dan menit, misalnya <code>06.45</code> atau "
            "<code>7:30</code>."
        )
    return f"Jam itu di luar rentang yang bisa dipilih: antara {hhmm(low)} dan {hhmm(high)}."


def day_problem(problem: DayProblem) -> str:
    if problem is DayProblem.UNREADABLE:
        return (
            "Tanggal itu tidak terbaca. Tulis misalnya <code>30-11-2026</code>, "
            "<code>30/11</code> atau <code>30 November 2026</code>."
        )
    if problem is DayProblem.PAST:
        return "Tanggal itu sudah lewat. Tulis hari terakhir jeda, hari ini atau sesudahnya."
    return f"Jeda paling lama {PAUSE_MAX_DAYS} hari. Tulis tanggal yang lebih dekat."


PAST_BUTTON = "Tanggal pada tombol ini sudah lewat. Silakan pilih lagi."

USAGE = (
    "Cara singkat: <code>/atur pagi 06.45</code>, <code>/atur sore 16.00</code>, "
    "<code>/atur zona WITA</code>, <code>/atur jeda cuti 30-11-2026</code>, "
    "<code>/atur lanjut</code>. Atau ketik /atur saja dan pilih dengan tombol."
)
