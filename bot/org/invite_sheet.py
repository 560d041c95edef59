"""The one-time invite links as a file to hand out: CSV (``budaya-bot invite``, /undangan)
or an Excel workbook (/undangan)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.cells import csv_text, put_row
from bot.org.models import Person
from bot.org.nip import format_nip

COLUMNS = ["nip", "nama", "jabatan", "unit", "tautan", "berlaku_sampai"]


@dataclass(frozen=True)
class InviteLink:
    person: Person
    url: str
    expires_at: datetime


def invite_url(username: str, code: str) -> str:
    return f"https://t.me/{username}?start={code}"


def invite_rows(links: Sequence[InviteLink], tz: ZoneInfo) -> list[list[str]]:
    return [
        [
            format_nip(link.person.nip),
            link.person.name,
            link.person.position,
            link.person.unit_name,
            link.url,
            f"{link.expires_at.astimezone(tz):%d-%m-%Y %H:%M}",
        ]
        for link in links
    ]


def invites_csv(links: Sequence[InviteLink], tz: ZoneInfo) -> bytes:
    """Semicolon-separated UTF-8 with a BOM, so Excel in Indonesia opens it as it is; a cell
    that would read as a formula starts with an apostrophe (:mod:`bot.cells`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows([csv_text(cell) for cell in row] for row in invite_rows(links, tz))
    return out.getvalue().encode("utf-8-sig")


def invites_xlsx(links: Sequence[InviteLink], tz: ZoneInfo) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Undangan"
    put_row(sheet, 1, COLUMNS)
    for number, row in enumerate(invite_rows(links, tz), start=2):
        put_row(sheet, number, row)
    for column, width in zip("ABCDEF", (22, 28, 24, 24, 60, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
