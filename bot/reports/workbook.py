"""Excel workbooks of a summary (openpyxl): one sheet per topic, ready to print."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.cells import CellValue, put, put_row
from bot.content.models import LegalBasis
from bot.reports.build import UnitRow
from bot.reports.period import Period
from bot.reports.privacy import Figure
from bot.reports.summary import KbkSummary
from bot.texts.dates import long_date
from bot.texts.reports import TOO_FEW, period_label, report_basis

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
Cell = CellValue


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet built elsewhere (e.g. :mod:`bot.reports.culture_sheets`), added at the end."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> None:
    sheet: Worksheet = book.create_sheet(title[:31])
    for cell in put_row(sheet, 1, header):
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for index, row in enumerate(rows, start=2):
        put_row(sheet, index, row)
    for index, _ in enumerate(header, start=1):
        width = max(len(str(c.value or "")) for c in sheet[get_column_letter(index)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(12, width + 2), 70)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"


def _rate(figure: Figure[float]) -> Cell:
    if figure.withheld:
        return TOO_FEW
    return None if figure.value is None else round(100 * figure.value, 1)


def _count(figure: Figure[int]) -> Cell:
    return TOO_FEW if figure.withheld else figure.value


def _cover(book: Workbook, title: str, lines: Sequence[tuple[str, str]]) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sampul"
    put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(lines, start=3):
        put(sheet, row, 1, label).font = Font(bold=True)
        put(sheet, row, 2, value).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kbk_workbook(
    summary: KbkSummary,
    basis: LegalBasis,
    *,
    semester: bool = False,
    extra: Sequence[ExtraSheet] = (),
) -> bytes:
    s = summary
    book = Workbook()
    title = f"Laporan Semester {s.kbk_name}" if semester else f"Laporan {s.kbk_name}"
    _cover(
        book,
        title,
        [
            ("Unit", s.unit_name),
            ("KBK", s.kbk_name),
            ("Periode", period_label(s.period)),
            ("Dihitung sampai", long_date(s.counted_until)),
            ("Dasar", report_basis(basis, semester=semester)),
            ("Privasi", f"Angka dari terlalu sedikit orang ditulis “{TOO_FEW}”."),
        ],
    )
    _sheet(
        book,
        "Ringkasan",
        ["Ukuran", "Nilai"],
        [
            ("Anggota", s.members),
            ("Terdaftar", s.registered),
            ("Aktif", _count(s.active)),
            ("Tidak terjangkau", s.unreachable),
            ("Hari kerja", s.working_days),
            ("Check-in", s.checkins),
            ("Check-in yang diharapkan", s.expected),
            ("Partisipasi (%)", _rate(s.participation)),
            ("Partisipasi periode sebelumnya (%)", _rate(s.previous_participation)),
            ("Perubahan (poin)", s.change.value if s.change.shown else "-"),
        ],
    )
    _sheet(
        book,
        "Partisipasi",
        ["Periode", "Partisipasi (%)"],
        [(p.label, _rate(p.rate)) for p in s.trend],
    )
    _sheet(
        book,
        "Nilai",
        ["Nilai", "Sudah", "Sebagian", "Belum"],
        [
            (v.name, *(v.counts.value or (None, None, None)))
            if v.counts.shown
            else (v.name, TOO_FEW, None, None)
            for v in s.values
        ],
    )
    behaviour_rows: list[tuple[Cell, ...]] = []
    for label, figure in (
        ("Paling sering", s.most_practised),
        ("Paling jarang", s.least_practised),
    ):
        if figure.shown and figure.value is not None:
            behaviour_rows += [(label, r.label, r.count) for r in figure.value]
        else:
            behaviour_rows.append((label, TOO_FEW, None))
    _sheet(book, "Perilaku", ["Urutan", "Perilaku", "Jumlah"], behaviour_rows)
    _sheet(
        book,
        "Budaya Malu",
        ["Butir budaya malu", "Jumlah terlewat"],
        [(text, _count(count)) for text, count in s.malu],
    )
    p = s.problems
    _sheet(
        book,
        "Masalah",
        ["Ukuran", "Nilai"],
        [
            ("Dibuka", p.opened),
            ("Selesai", p.resolved),
            ("Masih terbuka", p.open_now),
            ("Median hari penyelesaian", p.median_days_to_resolve),
        ],
    )
    for sheet in extra:
        _sheet(book, sheet.title, sheet.header, sheet.rows)
    return _save(book)


def pemda_workbook(
    rows: list[UnitRow],
    period: Period,
    basis: LegalBasis,
    summaries: Sequence[KbkSummary] = (),
    *,
    semester: bool = False,
    extra: Sequence[ExtraSheet] = (),
) -> bytes:
    """Every unit side by side; with ``summaries``, also one sheet per unit (semester report)."""
    book = Workbook()
    title = "Laporan Semester Pemda" if semester else "Laporan Pemda"
    _cover(
        book,
        title,
        [
            ("Periode", period_label(period)),
            ("Unit", str(len(rows))),
            ("Dasar", report_basis(basis, semester=semester, pemda=True)),
        ],
    )
    _sheet(
        book,
        "Semua Unit",
        ["Peringkat", "Unit", "Anggota", "Terdaftar", "Partisipasi (%)", "Perubahan (poin)",
         "Masalah terbuka"],
        [
            (rank, r.unit.name, r.members, r.registered, _rate(r.participation),
             r.change if r.change is not None else "-", r.open_problems)
            for rank, r in enumerate(rows, start=1)
        ],
    )  # fmt: skip
    for summary in summaries:
        unit_rows: list[tuple[str, Cell]] = [
            ("Unit", summary.unit_name),
            ("Anggota", summary.members),
            ("Terdaftar", summary.registered),
            ("Partisipasi (%)", _rate(summary.participation)),
            ("Masalah dibuka", summary.problems.opened),
            ("Masalah selesai", summary.problems.resolved),
            ("Masalah terbuka", summary.problems.open_now),
        ]
        for v in summary.values:
            shown = v.counts.shown and v.counts.value is not None
            answers = " / ".join(map(str, v.counts.value or ())) if shown else TOO_FEW
            unit_rows.append((f"Nilai {v.name} (Sudah/Sebagian/Belum)", answers))
        _sheet(book, summary.unit_name, ["Ukuran", "Nilai"], unit_rows)
    for sheet in extra:
        _sheet(book, sheet.title, sheet.header, sheet.rows)
    return _save(book)
