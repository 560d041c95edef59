"""Texts of /evaluasi, its reminder, and its section in /laporan."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.models import Evaluasi
from bot.evaluation.questionnaire import GroupMean, Question
from bot.evaluation.results import EvaluationResult
from bot.evaluation.window import Window
from bot.texts import esc
from bot.texts.dates import MONTHS, date_range, decimal, short_date
from bot.texts.reports import TOO_FEW

ROMAN = ("I", "II", "III", "IV", "V", "VI")
SCALE = "1 = belum diterapkan sama sekali\n5 = sudah diterapkan sepenuhnya dan konsisten"
PRIVACY = (
    "Jawaban Anda hanya Anda yang melihat. Pimpinan melihat rata-rata unit saja, dan hanya "
    "bila cukup banyak yang menjawab."
)


def window_label(window: Window) -> str:
    """``Triwulan IV 2026``, ``Semester 1 2026``, ``November 2026``, ``Tahun 2026``..."""
    year = window.start.year
    match window.months:
        case 1:
            return f"{MONTHS[window.start.month - 1]} {year}"
        case 3:
            return f"Triwulan {ROMAN[window.number - 1]} {year}"
        case 6:
            return f"Semester {window.number} {year}"
        case 12:
            return f"Tahun {year}"
    return f"Periode {date_range(window.start, window.end)}"


def _header(window: Window) -> str:
    return f"<b>Evaluasi budaya kerja · {esc(window_label(window))}</b>"


def question(window: Window, asked: Question, total: int, answered: int) -> str:
    lines = [
        _header(window),
        f"Pertanyaan {asked.index + 1} dari {total} · sudah dijawab {answered}",
        f"<i>{esc(asked.group.name)}</i>",
        "",
        f"<b>{esc(asked.criterion.text)}</b>",
        "",
        "Seberapa jauh hal ini sudah Anda terapkan dalam pekerjaan?",
        SCALE,
    ]
    return "\n".join(lines)


def opening(window: Window, total: int, answered: int) -> str:
    """Above the first question shown by /evaluasi: what this is, how long, until when."""
    if answered:
        return (
            f"Melanjutkan evaluasi: {answered} dari {total} pertanyaan sudah dijawab. "
            f"Terbuka sampai {short_date(window.end)}."
        )
    return (
        f"Evaluasi diri {total} pertanyaan, dijawab dengan skala 1-5, sekitar lima menit. "
        "Setiap jawaban langsung tersimpan: bila terputus, ketik /evaluasi lagi untuk "
        f"melanjutkan, paling lambat {short_date(window.end)}.\n{PRIVACY}"
    )


def answer_saved(score: int) -> str:
    return f"Tersimpan: {score}"


def score_button(score: int, current: int | None) -> str:
    return f"✅ {score}" if score == current else str(score)


BACK_BUTTON = "◀️ Sebelumnya"
LATER_BUTTON = "⏸ Lanjutkan nanti"
OPEN_BUTTON = "📝 Isi evaluasi"


def paused(window: Window, total: int, answered: int) -> str:
    return (
        f"{_header(window)}\nJawaban Anda tersimpan ({answered} dari {total}). Ketik "
        f"/evaluasi kapan saja untuk melanjutkan, paling lambat {short_date(window.end)}."
    )


def finished(window: Window, means: Sequence[GroupMean], next_window: Window) -> str:
    lines = [
        _header(window),
        "✅ Evaluasi Anda sudah lengkap. Terima kasih!",
        "",
        "<b>Rata-rata jawaban Anda</b>",
    ]
    for mean in means:
        shown = "-" if mean.mean is None else decimal(mean.mean)
        lines.append(f"• {esc(mean.group.name)}: {shown}")
    lines += [
        "",
        PRIVACY,
        f"Evaluasi berikutnya dibuka {short_date(next_window.start)}.",
    ]
    return "\n".join(lines)


WINDOW_CLOSED = "Periode evaluasi itu sudah ditutup. Ketik /evaluasi untuk periode sekarang."
ALREADY_FINISHED = "Evaluasi periode ini sudah lengkap; jawaban tidak bisa diubah lagi."


def reminder(window: Window, answered: int) -> str:
    progress = (
        f"Anda sudah menjawab {answered} pertanyaan; tinggal sedikit lagi."
        if answered
        else "Anda belum mengisinya."
    )
    return (
        f"{_header(window)}\nEvaluasi diri periode ini ditutup {short_date(window.end)}. "
        f"{progress}\nTekan tombol di bawah atau ketik /evaluasi. Jawaban Anda hanya Anda yang "
        "melihat."
    )


# --- /laporan ---------------------------------------------------------------------------------


def _mean(result_mean: float | None, withheld: bool) -> str:
    if withheld:
        return TOO_FEW
    return "-" if result_mean is None else decimal(result_mean)


def report_section(
    results: Sequence[EvaluationResult], evaluasi: Evaluasi, open_windows: Sequence[Window] = ()
) -> list[str]:
    """The self-assessment in /laporan: per closed window, per criterion with enough
    respondents, the mean to one decimal; an open window only says when it closes."""
    lines = ["", "<b>Evaluasi budaya kerja</b> (rata-rata skor 1-5 per kriteria)"]
    lines.append(f"<i>Dasar: {esc(evaluasi.source)}</i>")
    for window in open_windows:
        lines.append(
            f"{esc(window_label(window))}: hasil tampil setelah periode evaluasi ditutup "
            f"({short_date(window.end)})."
        )
    if not results and not open_windows:
        lines.append("Belum ada periode evaluasi.")
    for result in results:
        finished = TOO_FEW if result.finished.withheld else str(result.finished.value or 0)
        lines.append(f"{esc(window_label(result.window))}: selesai {finished} orang")
        if not result.any_shown:
            lines.append(f"• {TOO_FEW}: terlalu sedikit yang menjawab setiap kriteria.")
            continue
        for group in result.groups:
            if group.all_withheld:
                lines.append(f"• {esc(group.group.name)}: {TOO_FEW}")
                continue
            lines.append(f"• <b>{esc(group.group.name)}</b>")
            for number, item in enumerate(group.criteria, start=1):
                mean = item.mean
                lines.append(
                    f"   {number}. {esc(item.criterion.text)}: {_mean(mean.value, mean.withheld)}"
                )
    return lines
