"""A roster file as it arrives (bytes and a file name): CSV or an Excel workbook (.xlsx).

Used by ``budaya-bot import-roster`` and by the file an Admin Pemda sends to the bot; both
then check it with :mod:`bot.org.roster`, all of it, before anything is imported.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from bot.org.roster import RosterParse, parse_roster, parse_roster_rows

MAX_BYTES = 5 * 1024 * 1024
"""A roster of 10,000 people is under 1 MB as CSV; anything far larger is not a roster."""

SAVE_AS_UTF8 = 'simpan ulang dari Excel lewat "Simpan Sebagai" (Save As) dengan jenis "CSV UTF-8"'


class RosterFileError(Exception):
    """The file cannot be read as a roster at all; the message is for the admin."""


def is_workbook(filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm"))


def decode_csv(data: bytes, filename: str) -> str:
    """The text of a CSV roster: UTF-8 (with or without Excel's BOM) or UTF-16 with BOM."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterFileError(
            f"Berkas {filename} bukan teks UTF-8 (baris {line}); {SAVE_AS_UTF8}"
        ) from None


def _cell_text(value: object) -> str:
    """A sheet cell as the text a CSV export would hold (NIPs typed as numbers included)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def workbook_rows(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The first sheet's rows (spreadsheet row number, cells as text)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RosterFileError(
            f"Berkas {filename} bukan buku kerja Excel (.xlsx) yang bisa dibaca ({error})"
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def parse_roster_file(data: bytes, filename: str) -> RosterParse:
    """Check a roster file, CSV or .xlsx by its name; RosterFileError if unreadable."""
    if len(data) > MAX_BYTES:
        raise RosterFileError(
            f"Berkas {filename} terlalu besar ({len(data) // 1024} KB, paling besar "
            f"{MAX_BYTES // 1024 // 1024} MB) untuk sebuah roster"
        )
    if is_workbook(filename):
        return parse_roster_rows(workbook_rows(data, filename))
    return parse_roster(decode_csv(data, filename))
