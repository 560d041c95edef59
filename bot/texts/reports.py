"""Texts of /laporan, the weekly digest and the semester report."""

from __future__ import annotations

from bot.content.models import Citation, LegalBasis
from bot.reports.build import UnitRow
from bot.reports.period import Period, PeriodKind
from bot.reports.privacy import Figure
from bot.reports.summary import KbkSummary
from bot.texts import esc
from bot.texts.dates import date_range, decimal, long_date, percent

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


def period_label(period: Period) -> str:
    span = date_range(period.start, period.end)
    match period.kind:
        case PeriodKind.WEEK:
            return f"Minggu {span}"
        case PeriodKind.MONTH:
            return f"Bulan {span}"
        case PeriodKind.SEMESTER:
            half = 1 if period.start.month == 1 else 2
            return f"Semester {half} {period.start.year} ({span})"
    return span


def _rate(figure: Figure[float]) -> str:
    if figure.withheld:
        return TOO_FEW
    return "-" if figure.value is None else percent(figure.value)


def _count(figure: Figure[int]) -> str:
    if figure.withheld:
        return TOO_FEW
    return "-" if figure.value is None else str(figure.value)


def change_text(change: float | None) -> str:
    if change is None:
        return "perubahan tidak dapat dihitung"
    if abs(change) < 0.05:
        return "sama dengan periode sebelumnya"
    arrow = "▲" if change > 0 else "▼"
    return f"{arrow} {decimal(abs(change))} poin dibanding periode sebelumnya"


def kbk_summary(summary: KbkSummary, names_not_checked_in: list[str] | None = None) -> str:
    s = summary
    lines = [
        f"<b>Laporan {esc(s.kbk_name)}</b>",
        f"{esc(s.unit_name)} · {esc(period_label(s.period))}",
        f"<i>Dihitung sampai {long_date(s.counted_until)}; {s.working_days} hari kerja.</i>",
        "",
        f"<b>Anggota</b>: {s.members} · terdaftar {s.registered} · aktif {_count(s.active)}"
        f" · tidak terjangkau {s.unreachable}",
    ]
    part = f"<b>Partisipasi</b>: {_rate(s.participation)}"
    if s.participation.shown:
        part += f" ({s.checkins} dari {s.expected} check-in)"
        part += f"\n{change_text(s.change.value if s.change.shown else None)}"
    lines.append(part)
    if s.not_checked_in_today.value is not None or s.not_checked_in_today.withheld:
        line = f"Belum check-in hari ini: {_count(s.not_checked_in_today)}"
        if names_not_checked_in:
            line += " (" + ", ".join(esc(n) for n in names_not_checked_in) + ")"
        lines.append(line)
    lines += ["", "<b>Jawaban per nilai</b> (Sudah / Sebagian / Belum)"]
    for value in s.values:
        if value.counts.withheld or value.counts.value is None:
            shown = TOO_FEW if value.counts.withheld else "-"
        else:
            shown = " / ".join(str(n) for n in value.counts.value)
        lines.append(f"• {esc(value.name)}: {shown}")
    for title, figure in (
        ("Perilaku paling sering dijalankan", s.most_practised),
        ("Perilaku paling jarang dijalankan", s.least_practised),
    ):
        lines += ["", f"<b>{title}</b>"]
        if figure.withheld or figure.value is None:
            lines.append(TOO_FEW)
        else:
            lines += [f"{i}. {esc(r.label)} ({r.count})" for i, r in enumerate(figure.value, 1)]
    lines += ["", "<b>Budaya malu yang paling sering terlewat</b> (jumlah saja)"]
    if not s.malu:
        lines.append("tidak ada")
    for text, count in s.malu[:5]:
        lines.append(f"• {esc(text)}: {_count(count)}")
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


def pemda_lines(rows: list[UnitRow], period: Period) -> list[str]:
    lines = [
        "<b>Laporan Pemda: semua unit</b>",
        esc(period_label(period)),
        "<i>Urut dari partisipasi tertinggi.</i>",
        "",
    ]
    for rank, row in enumerate(rows, start=1):
        trend = change_text(row.change)
        lines.append(
            f"{rank}. <b>{esc(row.unit.name)}</b>: {_rate(row.participation)}"
            f" · {trend} · terdaftar {row.registered}/{row.members}"
            f" · masalah terbuka {row.open_problems}"
        )
    return lines


CHART_CAPTION = "Grafik partisipasi dan jawaban per nilai."
XLSX_BUTTON = "📊 Unduh Excel"
XLSX_CAPTION = "Laporan dalam Excel: satu lembar per topik, siap dicetak."
NOTHING_YET = "Belum ada data pada periode ini."


def bad_period(reason: str) -> str:
    return (
        f"Periode tidak dikenal: {esc(reason)}.\n"
        "Contoh: <code>/laporan</code> (minggu ini), <code>/laporan bulan</code>, "
        "<code>/laporan semester</code>, <code>/laporan 01-11-2026 30-11-2026</code>."
    )


def weekly_digest_intro(summary: KbkSummary) -> str:
    return "<b>Ringkasan mingguan</b>\n\n" + kbk_summary(summary)


def semester_intro(name: str, period: Period, basis: LegalBasis, *, pemda: bool = False) -> str:
    cited = report_basis(basis, semester=True, pemda=pemda)
    return (
        f"<b>Laporan semester {esc(name)}</b>\n{esc(period_label(period))}\n\n"
        f"Sesuai {esc(cited)}. Berkas Excel terlampir."
    )
