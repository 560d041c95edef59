"""Texts of /apresiasi, of the appreciation a colleague receives, and of the Role Model
candidates in /laporan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.appreciation.candidates import MIN_APPRECIATORS, MonthCandidates
from bot.appreciation.rules import DAILY_LIMIT, MAX_SENTENCE, MIN_SENTENCE
from bot.content.models import Value
from bot.org.models import Person
from bot.texts import esc, full_stop
from bot.texts.dates import MONTHS

ASK_NAME = (
    "<b>Apresiasi rekan</b>\n"
    "Siapa rekan satu unit yang ingin Anda apresiasi? Ketik namanya: boleh sebagian, salah "
    "ketik sedikit tidak apa-apa."
)
SELF = "Apresiasi untuk diri sendiri tidak bisa dikirim. 🙂 Ketik nama rekan lain."
NOT_COLLEAGUE = (
    "Rekan itu tidak bisa menerima apresiasi: hanya rekan satu unit yang sudah terdaftar di bot."
)
CHOOSE_COLLEAGUE = "Rekan yang mana?"
CANCEL_BUTTON = "✖️ Batal"
CANCELLED = "Apresiasi dibatalkan."
SEND_NAMED_BUTTON = "📨 Kirim dengan nama saya"
SEND_ANONYMOUS_BUTTON = "🙈 Kirim tanpa nama"
WAITING_TEXT = "Silakan ketik dengan teks biasa."


LIMIT_REACHED = (
    f"Anda sudah memberi {DAILY_LIMIT} apresiasi hari ini, batas per hari. "
    "Silakan lanjutkan besok. 🙏"
)


def no_match(query: str) -> str:
    return (
        f"Tidak ada rekan terdaftar di unit Anda yang namanya mirip “{esc(query)}”. "
        "Ketik nama lain, atau ketik perintah lain untuk berhenti."
    )


def choose_value(colleague: Person) -> str:
    return (
        f"Apresiasi untuk <b>{esc(colleague.name)}</b>{full_stop(colleague.name)}\n"
        "Nilai apa yang ia tunjukkan dalam pekerjaannya?"
    )


def ask_sentence(colleague: Person, value: Value) -> str:
    return (
        f"Apresiasi untuk <b>{esc(colleague.name)}</b> · nilai <b>{esc(value.name)}</b>.\n"
        f"Tulis <b>satu kalimat</b> tentang apa yang ia lakukan (paling banyak {MAX_SENTENCE} "
        "karakter)."
    )


def sentence_too_long(length: int) -> str:
    return (
        f"Kalimatnya {length} karakter; paling banyak {MAX_SENTENCE}. Persingkat lalu kirim lagi."
    )


SENTENCE_TOO_SHORT = (
    f"Tulis satu kalimat dengan kata-kata (paling sedikit {MIN_SENTENCE} huruf), misalnya "
    "“Terima kasih sudah membantu menyelesaikan laporan tepat waktu.”"
)


def preview(colleague: Person, value: Value, sentence: str) -> str:
    return (
        f"<b>Apresiasi untuk {esc(colleague.name)}</b>\n"
        f"Nilai: <b>{esc(value.name)}</b>\n“{esc(sentence)}”\n\n"
        "Kirim dengan nama Anda, atau tanpa nama?"
    )


def sent(colleague: Person, anonymous: bool, delivered: bool, left: int) -> str:
    how = " tanpa nama" if anonymous else ""
    if delivered:
        head = f"✅ Apresiasi{how} terkirim ke {esc(colleague.name)}{full_stop(colleague.name)}"
    else:
        head = (
            f"Apresiasi{how} untuk {esc(colleague.name)} tercatat, tetapi belum bisa "
            "disampaikan: bot tidak dapat menghubunginya saat ini."
        )
    rest = f"Sisa apresiasi hari ini: {left}." if left else "Itu apresiasi terakhir hari ini."
    return f"{head}\n{rest}"


def received(giver: Person | None, value: Value, sentence: str) -> str:
    """What the colleague reads; ``giver`` None when sent anonymously."""
    source = f"<b>{esc(giver.name)}</b>" if giver else "seorang rekan di unit Anda"
    return (
        "🌟 <b>Apresiasi untuk Anda</b>\n"
        f"Dari {source}, untuk nilai <b>{esc(value.name)}</b>:\n"
        f"“{esc(sentence)}”"
    )


# --- /laporan -------------------------------------------------------------------------------


def month_label(month_start: date) -> str:
    return f"{MONTHS[month_start.month - 1]} {month_start.year}"


def report_section(months: Sequence[MonthCandidates]) -> list[str]:
    """Role Model candidates per month and value; never who gave the appreciations."""
    lines = [
        "",
        "<b>Kandidat Role Model</b> (dari apresiasi rekan)",
        f"<i>Hanya yang diapresiasi oleh sedikitnya {MIN_APPRECIATORS} rekan berbeda; siapa "
        "yang memberi apresiasi tidak ditampilkan.</i>",
    ]
    for month in months:
        if not month.any:
            lines.append(f"{month_label(month.month)}: belum ada kandidat")
            continue
        lines.append(f"{month_label(month.month)}:")
        for value in month.values:
            if not value.candidates:
                continue
            names = ", ".join(
                f"{esc(c.name)} ({c.appreciators} rekan, {c.appreciations} apresiasi)"
                for c in value.candidates
            )
            lines.append(f"• {esc(value.value.name)}: {names}")
    return lines
