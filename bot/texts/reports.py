"""Texts of /laporan, the weekly digest and the semester report."""

from __future__ import annotations

from bot.content.models import Citation, LegalBasis
from bot.reports.build import UnitRow
from bot.reports.period import Period, PeriodKind
from bot.reports.privacy import Figure
from bot.reports.summary import Held, KbkSummary
from bot.texts import esc
from bot.texts.dates import date_range, decimal, long_date, number, percent

TOO_FEW = "terlalu sedikit data"


def _cited(basis: LegalBasis, citation: Citation) -> str:
    to = f"; kepada {citation.to}" if citation.to else ""
    return f"{basis.cite_full(citation)}: {citation.duty}{to}"


def report_basis(basis: LegalBasis, *, semester: bool = False, pemda: bool = False) -> str:
    """The 'Dasar' of a report, from the Pemda's legal basis: the unit's periodic report,
    the Pemda's summary, or (any other period) monitoring."""
    duties = basis.duties
    if semester:
        return _cited(basis, duties.pemda_report if pemda else duties.semester_report)
    return _cited(basis, duties.monitoring)


def period_label(period: Period, running: bool = False) -> str:
    span = date_range(period.start, period.end)
    match period.kind:
        case PeriodKind.WEEK:
            label = f"Minggu {span}"
        case PeriodKind.MONTH:
            label = f"Bulan {span}"
        case PeriodKind.SEMESTER:
            half = 1 if period.start.month == 1 else 2
            label = f"Semester {half} {period.start.year} ({span})"
        case _:
            label = span
    return f"{label} (berjalan)" if running else label


def _rate(figure: Figure[float]) -> str:
    if figure.withheld:
        return TOO_FEW
    return "-" if figure.value is None else percent(figure.value)


def _count(figure: Figure[int]) -> str:
    if figure.withheld:
        return TOO_FEW
    return "-" if figure.value is None else number(figure.value)


HIDDEN = "✱"


def _cell(figure: Figure[int]) -> str:
    return number(figure.value) if figure.shown and figure.value is not None else HIDDEN


HIDDEN_NOTE = (
    f"{HIDDEN} disembunyikan: terlalu sedikit orang di balik angka itu atau di balik sisanya"
)
RUNNING_BREAKDOWN = (
    "Rincian jawaban, perilaku dan budaya malu tampil setelah periode selesai, agar dua "
    "laporan yang berurutan tidak bisa dikurangkan menjadi jawaban satu hari."
)
WEEKS_BREAKDOWN = (
    "Rincian jawaban, perilaku dan budaya malu tampil per bulan penuh (/laporan bulan, "
    "/laporan semester): dari satu minggu, angka itu bisa menunjuk seseorang bila "
    "dikurangkan dari laporan lain."
)


def held_text(held: Held) -> str:
    """Why a report has no answer breakdown, in one sentence."""
    return RUNNING_BREAKDOWN if held is Held.RUNNING else WEEKS_BREAKDOWN


def change_text(change: float | None, against: str = "periode sebelumnya") -> str:
    if change is None:
        return "perubahan tidak dapat dihitung"
    if abs(change) < 0.05:
        return f"sama dengan {against}"
    arrow = "▲" if change > 0 else "▼"
    return f"{arrow} {decimal(abs(change))} poin dibanding {against}"


def period_note(s: KbkSummary) -> str:
    """Whether the period is complete, and up to which day it is counted."""
    if not s.running:
        return f"<i>Periode lengkap: {s.working_days} hari kerja.</i>"
    if s.counted_until < s.period.start:
        return (
            "<i>⏳ Periode ini sedang berjalan dan belum ada hari yang selesai; hari ini "
            "dihitung setelah berakhir.</i>"
        )
    return (
        f"<i>⏳ Periode berjalan: dihitung sampai {long_date(s.counted_until)} "
        f"({s.working_days} hari kerja); hari ini dihitung setelah berakhir. Tidak "
        "dibandingkan dengan periode sebelumnya.</i>"
    )


def _past_label(s: KbkSummary) -> str:
    unit = "minggu" if s.period.kind is PeriodKind.WEEK else "bulan"
    return f"rata-rata 4 {unit} sebelumnya"


def _value_lines(s: KbkSummary) -> list[str]:
    lines = ["", "<b>Jawaban per nilai</b> (Sudah / Sebagian / Belum)"]
    if s.held is not None:
        return [*lines, held_text(s.held)]
    prompted = [v for v in s.values if v.prompted]
    if not s.breakdown_shown:
        longer = (
            ""
            if s.period.kind is PeriodKind.SEMESTER
            else " Periode yang lebih panjang (/laporan semester) mengumpulkan lebih banyak"
            " jawaban per nilai."
        )
        lines.append(
            "Terlalu sedikit orang per nilai pada periode ini untuk ditampilkan tanpa "
            f"menunjuk seseorang.{longer}"
        )
    else:
        for value in prompted:
            shown = " · ".join(
                f"{label} {_cell(cell)}"
                for label, cell in zip(("Sudah", "Sebagian", "Belum"), value.cells, strict=True)
            )
            lines.append(f"• {esc(value.name)}: {shown}")
        if any(not c.shown for v in prompted for c in v.cells):
            lines.append(f"<i>{HIDDEN_NOTE}.</i>")
    absent = [v.name for v in s.values if not v.prompted]
    if absent and prompted:
        lines.append("Tidak ditanyakan pada periode ini: " + ", ".join(esc(n) for n in absent))
    return lines


def _behaviour_lines(s: KbkSummary) -> list[str]:
    if s.held is not None:
        return []
    lines: list[str] = []
    for title, ranked in (
        ("Perilaku paling sering dijalankan", s.most_practised),
        ("Perilaku paling jarang dijalankan", s.least_practised),
    ):
        if ranked:
            lines += ["", f"<b>{title}</b> (di antara perilaku yang ditanyakan)"]
            lines += [f"{i}. {esc(r.label)} ({number(r.count)})" for i, r in enumerate(ranked, 1)]
    if not lines:
        lines = [
            "",
            "<b>Perilaku yang dijalankan</b>",
            "Belum ada perilaku yang dicentang cukup banyak orang untuk ditampilkan.",
        ]
    lines += ["", "<b>Budaya malu yang paling sering terlewat</b> (jumlah saja)"]
    if not s.malu:
        lines.append("Tidak ada butir yang dapat ditampilkan tanpa menunjuk seseorang.")
    for text, count in s.malu[:5]:
        lines.append(f"• {esc(text)}: {_count(count)}")
    return lines


def kbk_summary(summary: KbkSummary, names_not_checked_in: list[str] | None = None) -> str:
    s = summary
    lines = [
        f"<b>Laporan {esc(s.kbk_name)}</b>",
        f"{esc(s.unit_name)} · {esc(period_label(s.period, s.running))}",
        period_note(s),
        "",
        f"<b>Anggota</b>: {s.members} · terdaftar {s.registered} · aktif {_count(s.active)}"
        f" · tidak terjangkau {s.unreachable}",
    ]
    part = f"<b>Partisipasi</b>: {_rate(s.participation)}"
    if s.participation.shown:
        part += f" ({number(s.checkins)} dari {number(s.expected)} check-in)"
        if not s.running:
            part += f"\n{change_text(s.change.value if s.change.shown else None)}"
            if s.change_from_past.shown:
                past = _rate(s.past_participation)
                part += f"\n{change_text(s.change_from_past.value, _past_label(s))} ({past})"
    lines.append(part)
    if s.not_checked_in_today.value is not None or s.not_checked_in_today.withheld:
        line = f"Belum check-in hari ini: {_count(s.not_checked_in_today)}"
        if names_not_checked_in:
            line += " (" + ", ".join(esc(n) for n in names_not_checked_in) + ")"
        lines.append(line)
    lines += _value_lines(s)
    lines += _behaviour_lines(s)
    p = s.problems
    median = (
        f"{decimal(p.median_days_to_resolve)} hari"
        if p.median_days_to_resolve is not None
        else "-"
    )
    lines += [
        "",
        f"<b>Masalah</b>: dibuka {p.opened} · selesai {p.resolved} · masih terbuka {p.open_now}"
        f" · median penyelesaian {median}",
    ]
    return "\n".join(lines)


def kbk_chart_caption(summary: KbkSummary) -> str:
    what = "Partisipasi per hari kerja yang sudah selesai"
    if summary.breakdown_shown:
        what += " (kiri) dan jawaban Sudah/Sebagian/Belum per nilai (kanan)"
    label = period_label(summary.period, summary.running)
    return f"{what}, {label}."


def pemda_chart_caption(period: Period, running: bool) -> str:
    return (
        f"Partisipasi per unit, {period_label(period, running)}, dari yang tertinggi; unit "
        "dengan terlalu sedikit orang tanpa batang."
    )


def pemda_lines(rows: list[UnitRow], period: Period, running: bool = False) -> list[str]:
    note = (
        "<i>⏳ Periode berjalan: hanya hari yang sudah selesai dihitung, tanpa perbandingan.</i>"
        if running
        else "<i>Periode lengkap. Urut dari partisipasi tertinggi.</i>"
    )
    lines = ["<b>Laporan Pemda: semua unit</b>", esc(period_label(period, running)), note, ""]
    for rank, row in enumerate(rows, start=1):
        trend = "" if running else f" · {change_text(row.change)}"
        lines.append(
            f"{rank}. <b>{esc(row.unit.name)}</b>: {_rate(row.participation)}"
            f"{trend} · terdaftar {row.registered}/{row.members}"
            f" · masalah terbuka {row.open_problems}"
        )
    return lines


XLSX_BUTTON = "📊 Unduh Excel"
XLSX_CAPTION = "Laporan dalam Excel: satu lembar per topik, siap dicetak."
NOTHING_YET = "Belum ada data pada periode ini."


def bad_period(reason: str) -> str:
    return (
        f"Periode tidak dikenal: {esc(reason)}.\n"
        "Contoh: <code>/laporan</code> (minggu lalu, lengkap), <code>/laporan bulan</code>, "
        "<code>/laporan semester</code>, <code>/laporan minggu ini</code> (berjalan), "
        "<code>/laporan 02-11-2026 29-11-2026</code> (minggu utuh) atau "
        "<code>/laporan 01-11-2026 30-11-2026</code> (bulan utuh)."
    )


def weekly_digest_intro(summary: KbkSummary) -> str:
    return "<b>Ringkasan mingguan</b>\n\n" + kbk_summary(summary)


def report_intro(summary: KbkSummary) -> str:
    """The first line of /laporan: which period it is, and why that one."""
    if summary.running:
        return ""
    return (
        f"Laporan minggu lengkap terakhir ({esc(period_label(summary.period))}). Periode yang "
        "sedang berjalan: /laporan minggu ini.\n\n"
    )


def semester_intro(name: str, period: Period, basis: LegalBasis, *, pemda: bool = False) -> str:
    cited = report_basis(basis, semester=True, pemda=pemda)
    return (
        f"<b>Laporan semester {esc(name)}</b>\n{esc(period_label(period))}\n\n"
        f"Sesuai {esc(cited)}. Berkas Excel terlampir."
    )
