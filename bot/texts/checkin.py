"""Texts of /checkin: the one-tap question, the practised behaviours, the budaya-malu
self-check, the note and its suggestion, the summary, and polite refusals."""

from __future__ import annotations

from datetime import date

from bot.checkin.models import Answer, Checkin
from bot.checkin.rules import NOTE_MAX_CHARS, DayDecision, DayState
from bot.content.models import Behaviour, MaluItem, Value, ValueSet
from bot.content.rotation import DailyFocus
from bot.schedule.models import Pause
from bot.texts import esc
from bot.texts.dates import long_date, short_date

ANSWER_LABELS = {
    Answer.SUDAH: "✅ Sudah",
    Answer.SEBAGIAN: "🔸 Sebagian",
    Answer.BELUM: "❌ Belum",
}
"""The same labels as the buttons under the morning and afternoon messages."""

SELECTED = "☑️"
UNSELECTED = "⬜"
BUTTON_TEXT_MAX = 36
"""Behaviour buttons show the start of the text; the message lists it in full."""

PREVIOUS = "◀️"
NEXT = "▶️"
DONE = "Selesai ➡️"
MALU_NONE = "👍 Tidak ada yang terlewat"
SKIP_NOTE = "Lewati ➡️"
KEEP_NOTE = "Biarkan seperti ini"
DELETE_NOTE = "🗑️ Hapus catatan"
ACCEPT_SUGGESTION = "✅ Ya, tandai"
REFUSE_SUGGESTION = "Bukan"
EDIT_BEHAVIOURS = "🧩 Perilaku"
EDIT_MALU = "🙈 Budaya malu"
EDIT_NOTE = "📝 Catatan"


def thousands(number: int) -> str:
    """``1.000``: Indonesian digit grouping."""
    return f"{number:,}".replace(",", ".")


def short_label(text: str, limit: int = BUTTON_TEXT_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def behaviour_button(number: int, behaviour: Behaviour, selected: bool) -> str:
    mark = SELECTED if selected else UNSELECTED
    return f"{mark} {number}. {short_label(behaviour.text)}"


def malu_button(number: int, selected: bool) -> str:
    return f"{SELECTED if selected else UNSELECTED} {number}"


def malu_done_button(selected: int) -> str:
    return MALU_NONE if not selected else f"{DONE} ({selected} terlewat)"


def answer_button(answer: Answer, current: Answer | None) -> str:
    label = ANSWER_LABELS[answer]
    return f"• {label} •" if answer is current else label


def previous_button(value: Value) -> str:
    return f"{PREVIOUS} {short_label(value.name, 18)}"


def next_button(value: Value) -> str:
    return f"{short_label(value.name, 18)} {NEXT}"


# --- The flow message ----------------------------------------------------------------------


def _header(day: date, focus: DailyFocus) -> list[str]:
    return [
        f"<b>Check-in {long_date(day)}</b>",
        f"Nilai hari ini: <b>{esc(focus.value.name)}</b>",
        f"Perilaku: <i>{esc(focus.behaviour.text)}</i>",
    ]


def question(day: date, focus: DailyFocus) -> str:
    return "\n".join([*_header(day, focus), "", "Sudahkah Anda menerapkannya hari ini?"])


def behaviours_step(
    day: date, focus: DailyFocus, answer: Answer, value_set: ValueSet, page: int, ticked: int
) -> str:
    value = value_set.values[page]
    lines = [
        *_header(day, focus),
        f"Jawaban Anda: {ANSWER_LABELS[answer]}",
        "",
        "<b>Perilaku apa saja yang Anda praktikkan hari ini?</b> (boleh lebih dari satu, "
        f"boleh dilewati) Ketuk untuk menandai, pindah nilai dengan {PREVIOUS} {NEXT}, "
        f"lalu tekan <b>{DONE}</b>.",
        "",
        f"Nilai {page + 1} dari {len(value_set.values)}: <b>{esc(value.name)}</b>",
    ]
    lines += [f"{n}. {esc(b.text)}" for n, b in enumerate(value.behaviours, start=1)]
    lines += ["", f"Ditandai: {ticked} perilaku"]
    return "\n".join(lines)


def malu_step(day: date, items: tuple[MaluItem, ...], slipped: int) -> str:
    lines = [
        f"<b>Budaya malu — {long_date(day)}</b>",
        "Adakah yang terlewat hari ini? Ketuk nomornya; jawaban ini hanya untuk Anda.",
        f"Jika tidak ada, cukup tekan <b>{MALU_NONE}</b>.",
        "",
    ]
    lines += [f"{n}. {esc(item.text)}" for n, item in enumerate(items, start=1)]
    if slipped:
        lines += ["", f"Ditandai terlewat: {slipped}"]
    return "\n".join(lines)


def note_step(day: date, note: str | None) -> str:
    lines = [f"<b>Catatan — {long_date(day)}</b> (opsional)"]
    if note:
        lines += [
            f"Catatan Anda sekarang: <i>{esc(note)}</i>",
            "",
            "Ketik catatan baru untuk menggantinya, paling banyak "
            f"{thousands(NOTE_MAX_CHARS)} karakter.",
        ]
    else:
        lines += [
            "Mau menulis catatan singkat tentang hari ini? Ketik saja di sini, paling banyak "
            f"{thousands(NOTE_MAX_CHARS)} karakter.",
            "Contoh: <i>membantu rekan belajar aplikasi</i>",
            "",
            f"Tidak ingin menulis? Tekan <b>{SKIP_NOTE}</b>.",
        ]
    return "\n".join(lines)


def suggestion(value: Value, behaviour: Behaviour) -> str:
    return "\n".join(
        [
            "📝 Catatan tersimpan.",
            "",
            f"Sepertinya ini tentang perilaku <b>{esc(value.name)}</b>: "
            f"<i>{esc(behaviour.text)}</i>.",
            "Tandai sebagai perilaku yang Anda praktikkan hari ini?",
        ]
    )


def _behaviour_line(value_set: ValueSet, behaviour_id: str) -> str | None:
    for value, behaviour in value_set.behaviours():
        if behaviour.id == behaviour_id:
            return f"{esc(value.name)}: {esc(behaviour.text)}"
    return None


def summary(
    checkin: Checkin, focus: DailyFocus, value_set: ValueSet, malu: tuple[MaluItem, ...]
) -> str:
    lines = [
        f"<b>Check-in {long_date(checkin.day)} tersimpan</b> ✅",
        f"{esc(focus.value.name)}: <i>{esc(focus.behaviour.text)}</i>",
        f"Jawaban: {ANSWER_LABELS[checkin.answer]}",
        "",
    ]
    practised = [
        line
        for _, b in value_set.behaviours()
        if b.id in checkin.practised and (line := _behaviour_line(value_set, b.id))
    ]
    if practised:
        lines.append(f"<b>Perilaku yang dipraktikkan</b> ({len(practised)}):")
        lines += [f"• {line}" for line in practised]
    else:
        lines.append("<b>Perilaku yang dipraktikkan</b>: belum ada yang ditandai")
    slipped = [item for item in malu if item.id in checkin.malu]
    if slipped:
        lines.append(f"<b>Budaya malu</b> — terlewat {len(slipped)} (hanya Anda yang melihat):")
        lines += [f"• {esc(item.text)}" for item in slipped]
    elif checkin.malu_answered:
        lines.append("<b>Budaya malu</b>: tidak ada yang terlewat 👍")
    else:
        lines.append("<b>Budaya malu</b>: belum diisi")
    if checkin.note:
        lines.append(f"<b>Catatan</b>: <i>{esc(checkin.note)}</i>")
        about = _behaviour_line(value_set, checkin.note_behaviour_id or "")
        if about:
            lines.append(f"Tentang: {about}")
    else:
        lines.append("<b>Catatan</b>: —")
    lines += [
        "",
        "Anda bisa mengubahnya sampai pukul 24.00 hari ini: ketuk tombol di bawah atau "
        "ketik /checkin. Lihat kemajuan Anda dengan /riwayat.",
    ]
    return "\n".join(lines)


# --- Answers to taps and typed notes -------------------------------------------------------


def answer_saved(answer: Answer) -> str:
    return f"Tercatat: {ANSWER_LABELS[answer]}"


def one_tap_saved(answer: Answer) -> str:
    """Added under the reminder whose button recorded the check-in."""
    return (
        f"\n\n<b>Check-in hari ini tercatat:</b> {ANSWER_LABELS[answer]}\n"
        "Ingin menandai perilaku yang diterapkan, budaya malu, atau menulis catatan? "
        "Ketuk tombol di bawah (boleh dilewati)."
    )


MORE = "📝 Perilaku, budaya malu, catatan"


TOGGLED_ON = "Ditandai"
TOGGLED_OFF = "Tanda dihapus"
SUGGESTION_ACCEPTED = "Perilaku ditandai"
NOTE_SKIPPED = "Tanpa catatan"
NOTE_DELETED = "Catatan dihapus"
NOTE_WAITING_TEXT = (
    "Catatan hanya bisa berupa teks. Ketik catatan Anda, atau tekan Lewati pada pesan "
    "check-in. Check-in Anda tetap tersimpan."
)
NO_CHECKIN_YET = "Belum ada check-in hari ini. Ketik /checkin untuk memulai."


def note_too_long(length: int) -> str:
    return (
        f"Catatan terlalu panjang ({thousands(length)} karakter; paling banyak "
        f"{thousands(NOTE_MAX_CHARS)}). Silakan ringkas lalu kirim lagi. "
        "Check-in Anda tetap tersimpan."
    )


NOTE_EMPTY = "Catatannya kosong. Ketik beberapa kata, atau tekan Lewati pada pesan check-in."


def day_passed(day: date) -> str:
    """For an old button; short enough for a callback answer (200 characters)."""
    return (
        f"Hari itu ({short_date(day)}) sudah lewat, jadi check-in-nya tidak bisa diubah. "
        "Ketik /checkin untuk check-in hari ini."
    )


def refused(decision: DayDecision, pause: Pause | None, *, html: bool = True) -> str:
    """Why there is no check-in that day: HTML for a message, plain for a callback answer."""
    match decision.state:
        case DayState.WEEKEND:
            return (
                "Hari ini akhir pekan, jadi tidak ada check-in. Selamat beristirahat! "
                "Sampai jumpa di hari kerja berikutnya."
            )
        case DayState.HOLIDAY:
            reason = esc(decision.reason) if html else decision.reason
            name = f" ({reason})" if reason else ""
            return (
                f"Hari ini hari libur{name}, jadi tidak ada check-in. Selamat berlibur! "
                "Runtun Anda tetap aman."
            )
        case DayState.PAUSED:
            until = (
                f"sampai {short_date(pause.end_day)}"
                if pause is not None and pause.end_day is not None
                else "sampai Anda aktif kembali"
            )
            return (
                f"Anda sedang dalam masa jeda {until}, jadi tidak ada check-in. "
                "Runtun Anda tetap aman."
            )
        case DayState.PAST:
            return day_passed(decision.day)
    return "Check-in hanya bisa untuk hari ini. Ketik /checkin."


def today_only(extra: str) -> str:
    """``/checkin`` with words after it: the check-in is always today's."""
    return (
        f"“{esc(extra[:40])}” tidak dipakai: check-in selalu untuk hari ini (bisa diubah "
        "sampai tengah malam). Hari kerja berikutnya Anda diingatkan lagi."
    )
