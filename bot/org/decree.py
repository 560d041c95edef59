"""The decree that forms a unit's KBK, and its attachment for signing: the composition list
in the layout of Lampiran II of Perbup Bangka Selatan 8/2020 (the list of the decree's
"Lampiran Keputusan"), built from the roster as a .docx."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from bot.org.models import KbkRole, Person

MAX_NUMBER = 100


@dataclass(frozen=True)
class Decree:
    id: int
    unit_id: int
    number: str
    decided_on: date
    file_kind: str
    """``photo`` or ``document``."""
    file_id: str
    recorded_by: int
    recorded_at: datetime


_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_decided_on(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class AttachmentTexts:
    """The words of the attachment, from the texts module (Indonesian)."""

    title_lines: Sequence[str]
    heading: str
    header: Sequence[str]
    roles: dict[KbkRole, str]
    agent: str
    signer_title: str


def composition_docx(people: Sequence[Person], words: AttachmentTexts) -> bytes:
    """The composition list: a numbered table of name and NIP, position and place in the KBK,
    signed by the head (the Penanggung jawab, whose name closes it)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    for line in words.title_lines:
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.left_indent = Pt(260)
        paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(words.heading).bold = True
    table = document.add_table(rows=1, cols=len(words.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, words.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for number, person in enumerate(people, start=1):
        place = words.roles[person.kbk_role]
        if person.agen_perubahan:
            place = f"{place} ({words.agent})"
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = f"{person.name}\nNIP {person.nip}"
        cells[2].text = person.position
        cells[3].text = place
    document.add_paragraph()
    head = next((p for p in people if p.kbk_role is KbkRole.PENANGGUNG_JAWAB), None)
    for line in (words.signer_title, "", "", "", head.name if head else "", 
                 f"NIP {head.nip}" if head else ""):  # fmt: skip
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.left_indent = Pt(260)
        paragraph.paragraph_format.space_after = Pt(0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
