"""Excel workbooks of a summary (openpyxl): one sheet per topic, ready to print and to
compute with.

Numbers are number cells (a withheld figure is an empty cell with the reason in the
"Keterangan" column, never text in a number column), dates are date cells with their year,
numbers use the Indonesian format, header rows are frozen and columns sized. A workbook never
shows a figure the text of the same report withholds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.cells import CellValue, put
from bot.content.models import LegalBasis
from bot.problems.models import Category, Level, Status
from bot.reports.build import UnitRow
from bot.reports.period import Period
from bot.reports.privacy import Figure
from bot.reports.summary import KbkSummary, ProblemLine
from bot.texts.problems import CATEGORY_LABELS, STATUS_LABELS
from bot.texts.reports import (
    HIDDEN_NOTE,
    TOO_FEW,
    held_text,
    period_label,
    report_basis,
)

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
Cell = CellValue
LOCALE = "[$-421]"
"""Indonesian (0x0421): a decimal comma and a thousands dot in Excel and LibreOffice."""
INTEGER_FORMAT = LOCALE + "#,##0"
DECIMAL_FORMAT = LOCALE + "#,##0.0"
DATE_FORMAT = LOCALE + "dd/mm/yyyy"
NOTE = "Keterangan"
LEVELS = {Level.KETUA: "Ketua KBK", Level.KEPALA: "Kepala Unit", Level.PEMDA: "Pemda"}


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet built elsewhere (e.g. :mod:`bot.reports.culture_sheets`), added at the end."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    empty: str = "Tidak ada data pada periode ini."
    """Said once, in the first row, when there are no rows."""


def _format(value: Cell) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def _write(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    """Through :func:`bot.cells.put` (a text is never a formula), with the number format."""
    cell = put(sheet, row, column, value)
    number_format = _format(value)
    if number_format is not None:
        cell.number_format = number_format


def _sheet(
    book: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    empty: str = "Tidak ada data pada periode ini.",
) -> None:
    sheet: Worksheet = book.create_sheet(title[:31])
    for column, name in enumerate(header, start=1):
        _write(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.cell(row=1, column=column).fill = HEADER_FILL
    if not rows:
        _write(sheet, 2, 1, empty)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _write(sheet, number, column, value)
    for index, _ in enumerate(header, start=1):
        letter = get_column_letter(index)
        width = max(
            10 if isinstance(c.value, date) else len(str(c.value or "")) for c in sheet[letter]
        )
        sheet.column_dimensions[letter].width = min(max(12, width + 2), 70)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"


def _rate(figure: Figure[float]) -> tuple[Cell, str]:
    """A rate as a percentage with one decimal (as the text rounds it), and its note."""
    if figure.withheld:
        return None, TOO_FEW
    if figure.value is None:
        return None, "tidak ada hari kerja"
    return round(100 * figure.value, 1), ""


def _count(figure: Figure[int]) -> tuple[Cell, str]:
    return (None, TOO_FEW) if figure.withheld else (figure.value, "")


def _cover(book: Workbook, title: str, lines: Sequence[tuple[str, Cell]]) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sampul"
    _write(sheet, 1, 1, title)
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(lines, start=3):
        _write(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        _write(sheet, row, 2, value)
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, horizontal="left")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary_rows(s: KbkSummary) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = [
        ("Anggota selama periode", s.members, ""),
        ("Terdaftar", s.registered, ""),
        ("Aktif", *_count(s.active)),
        ("Tidak terjangkau", s.unreachable, ""),
        ("Hari kerja yang dihitung", s.working_days, ""),
    ]
    if s.participation.withheld:  # the counts would give the rate the text withholds
        rows += [("Check-in", None, TOO_FEW), ("Check-in yang diharapkan", None, TOO_FEW)]
    else:
        rows += [("Check-in", s.checkins, ""), ("Check-in yang diharapkan", s.expected, "")]
    rows.append(("Partisipasi (%)", *_rate(s.participation)))
    if s.running:
        rows.append(("Perubahan (poin)", None, "periode berjalan: tidak dibandingkan"))
    else:
        rows.append(("Partisipasi periode sebelumnya (%)", *_rate(s.previous_participation)))
        change = s.change
        rows.append(
            ("Perubahan (poin)", change.value, "")
            if change.shown
            else ("Perubahan (poin)", None, "tidak dapat dihitung")
        )
    return rows


def value_rows(s: KbkSummary) -> list[tuple[Cell, ...]]:
    if s.held is not None:
        return [("Semua nilai", None, None, None, held_text(s.held))]
    if not s.breakdown_shown:
        return [("Semua nilai", None, None, None, f"{TOO_FEW} per nilai")]
    rows: list[tuple[Cell, ...]] = []
    for v in s.values:
        if not v.prompted:
            rows.append((v.name, None, None, None, "tidak ditanyakan pada periode ini"))
            continue
        numbers = [c.value if c.shown else None for c in v.cells]
        note = HIDDEN_NOTE if any(not c.shown for c in v.cells) else ""
        rows.append((v.name, *numbers, note))
    return rows


def problem_rows(lines: Sequence[ProblemLine]) -> list[tuple[Cell, ...]]:
    return [
        (
            line.number,
            CATEGORY_LABELS[Category(line.category)],
            STATUS_LABELS[Status(line.status)].split(" ", 1)[1],
            line.opened,
            line.days_open,
            LEVELS[Level(line.level)] if line.level else "belum dieskalasi",
        )
        for line in lines
    ]


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
            ("Periode", period_label(s.period, s.running)),
            ("Dari", s.period.start),
            ("Sampai", s.period.end),
            ("Dihitung sampai", s.counted_until if s.working_days else None),
            ("Dasar", report_basis(basis, semester=semester)),
            ("Privasi", f"Angka dari terlalu sedikit orang dikosongkan; {HIDDEN_NOTE}."),
        ],
    )
    _sheet(book, "Ringkasan", ["Ukuran", "Nilai", NOTE], summary_rows(s))
    _sheet(
        book,
        "Partisipasi",
        ["Mulai", "Label", "Partisipasi (%)", NOTE],
        [(p.start, p.label, *_rate(p.rate)) for p in s.trend],
        "Belum ada hari kerja yang selesai pada periode ini.",
    )
    _sheet(book, "Nilai", ["Nilai", "Sudah", "Sebagian", "Belum", NOTE], value_rows(s))
    behaviour_rows: list[tuple[Cell, ...]] = [
        *(("Paling sering", r.label, r.count) for r in s.most_practised),
        *(("Paling jarang", r.label, r.count) for r in s.least_practised),
    ]
    _sheet(
        book,
        "Perilaku",
        ["Urutan", "Perilaku", "Jumlah"],
        behaviour_rows,
        held_text(s.held)
        if s.held is not None
        else "Belum ada perilaku yang dicentang cukup banyak orang untuk ditampilkan.",
    )
    _sheet(
        book,
        "Budaya Malu",
        ["Butir budaya malu", "Jumlah terlewat"],
        [(text, count.value) for text, count in s.malu],
        held_text(s.held)
        if s.held is not None
        else "Tidak ada butir yang dapat ditampilkan tanpa menunjuk seseorang.",
    )
    p = s.problems
    days = p.median_days_to_resolve
    _sheet(
        book,
        "Masalah",
        ["Ukuran", "Nilai", NOTE],
        [
            ("Dibuka pada periode", p.opened, ""),
            ("Selesai pada periode", p.resolved, ""),
            ("Masih terbuka sekarang", p.open_now, ""),
            (
                "Median hari penyelesaian",
                days,
                "" if days is not None else "belum ada masalah yang selesai pada periode ini",
            ),
        ],
    )
    _sheet(
        book,
        "Daftar Masalah",
        ["Nomor", "Kategori", "Status", "Dibuka", "Hari terbuka", "Tingkat tertinggi"],
        problem_rows(s.problem_list),
        "Tidak ada masalah unit ini yang terbuka pada periode ini.",
    )
    for sheet in extra:
        _sheet(book, sheet.title, sheet.header, sheet.rows, sheet.empty)
    return _save(book)


def pemda_workbook(
    rows: list[UnitRow],
    period: Period,
    basis: LegalBasis,
    summaries: Sequence[KbkSummary] = (),
    *,
    semester: bool = False,
    running: bool = False,
    extra: Sequence[ExtraSheet] = (),
) -> bytes:
    """Every unit side by side; with ``summaries``, also one sheet per unit (semester report)."""
    book = Workbook()
    title = "Laporan Semester Pemda" if semester else "Laporan Pemda"
    _cover(
        book,
        title,
        [
            ("Periode", period_label(period, running)),
            ("Dari", period.start),
            ("Sampai", period.end),
            ("Unit", len(rows)),
            ("Dasar", report_basis(basis, semester=semester, pemda=True)),
        ],
    )
    unit_rows: list[tuple[Cell, ...]] = []
    for rank, r in enumerate(rows, start=1):
        rate, note = _rate(r.participation)
        if running:
            note = "; ".join(n for n in (note, "periode berjalan: tidak dibandingkan") if n)
        unit_rows.append(
            (rank, r.unit.name, r.members, r.registered, rate, r.change, r.open_problems, note)
        )
    _sheet(
        book,
        "Semua Unit",
        ["Peringkat", "Unit", "Anggota", "Terdaftar", "Partisipasi (%)", "Perubahan (poin)",
         "Masalah terbuka", NOTE],
        unit_rows,
    )  # fmt: skip
    for summary in summaries:
        sheet_rows: list[tuple[Cell, ...]] = [
            ("Unit", summary.unit_name, ""),
            *summary_rows(summary),
            ("Masalah dibuka", summary.problems.opened, ""),
            ("Masalah selesai", summary.problems.resolved, ""),
            ("Masalah terbuka", summary.problems.open_now, ""),
        ]
        for value in value_rows(summary):
            name, *numbers, why = value
            for label, number in zip(("Sudah", "Sebagian", "Belum"), numbers, strict=True):
                reason = "" if number is not None else str(why)
                sheet_rows.append((f"{name}: {label}", number, reason))
        _sheet(book, summary.unit_name, ["Ukuran", "Nilai", NOTE], sheet_rows)
    for sheet in extra:
        _sheet(book, sheet.title, sheet.header, sheet.rows, sheet.empty)
    return _save(book)
