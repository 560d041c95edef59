"""Reading the Pemda's calendar file: extra holidays and extra working days, with reasons.

Pure code: text in, :class:`DayOverride` records and problems out; the caller saves nothing
unless the whole file is good. Columns (header required, ``;`` or ``,``)::

    tanggal;jenis;alasan
    2026-11-24;libur;HUT Kabupaten
    28/11/2026;kerja;Pengganti cuti bersama

``tanggal`` is ``YYYY-MM-DD`` or ``DD-MM-YYYY`` / ``DD/MM/YYYY`` (as Excel writes it);
``jenis`` is ``libur`` or ``kerja``. Line numbers are the spreadsheet's (header = 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from bot.org.roster import RowProblem, clean_text, detect_delimiter
from bot.schedule.calendar import DayOverride, OverrideKind

COLUMNS = ("tanggal", "jenis", "alasan")
REASON_MAX = 200
KINDS = {kind.value: kind for kind in OverrideKind}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_date(text: str) -> date | None:
    """``2026-11-24``, ``24-11-2026`` or ``24/11/2026``; None if not a real date."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _DMY.match(text):
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def check_reason(text: str) -> tuple[str, str | None]:
    """The cleaned reason and, if it cannot be used, why (in Indonesian)."""
    reason = clean_text(text)
    if not reason:
        return reason, "alasan kosong; tulis misalnya HUT Kabupaten"
    if len(reason) > REASON_MAX:
        return (
            reason,
            f"alasan terlalu panjang ({len(reason)} karakter, paling banyak {REASON_MAX})",
        )
    return reason, None


@dataclass
class CalendarParse:
    overrides: list[DayOverride] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_calendar_file(text: str) -> CalendarParse:
    """Read every row; collect every problem (not only the first)."""
    text = text.removeprefix("\ufeff")
    result = CalendarParse()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        records = list(enumerate(reader, start=1))
    except csv.Error:
        result.problems.append(
            RowProblem(1, "format CSV rusak (ada tanda kutip yang tidak ditutup?)")
        )
        return result
    header = [cell.strip().lower() for cell in records[0][1]] if records else []
    if header[: len(COLUMNS)] != list(COLUMNS):
        result.problems.append(
            RowProblem(1, f"baris 1 harus berisi judul kolom: {';'.join(COLUMNS)}")
        )
        return result
    first_line: dict[date, int] = {}
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        padded = [*cells, "", "", ""][:3]
        if len(cells) > len(COLUMNS) and any(c.strip() for c in cells[3:]):
            result.problems.append(RowProblem(line, "lebih dari 3 kolom (ada pemisah di alasan?)"))
            continue
        day = parse_date(padded[0])
        kind = KINDS.get(padded[1].strip().lower())
        reason, reason_problem = check_reason(padded[2])
        if day is None:
            result.problems.append(
                RowProblem(line, f"tanggal {padded[0].strip()!r} tidak dikenal; tulis YYYY-MM-DD")
            )
        if kind is None:
            result.problems.append(
                RowProblem(
                    line, f"jenis {padded[1].strip()!r} tidak dikenal; tulis libur atau kerja"
                )
            )
        if reason_problem:
            result.problems.append(RowProblem(line, reason_problem))
        if day is not None and day in first_line:
            result.problems.append(
                RowProblem(line, f"tanggal {day.isoformat()} sudah ada di baris {first_line[day]}")
            )
        if day is None or kind is None or reason_problem:
            continue
        first_line.setdefault(day, line)
        result.overrides.append(DayOverride(day, kind, reason))
    if not result.overrides and not result.problems:
        result.problems.append(RowProblem(1, "tidak ada satu tanggal pun di bawah judul kolom"))
    return result
