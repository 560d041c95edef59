"""The Pemda's semester summary (Serang Pasal 10(3): monitoring results to the Bupati):
every unit side by side, whether its head approved its report, and the narrative of the
Tim / Bagian Organisasi who prepared it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import date

from docx import Document

from bot.org.models import Person
from bot.org.ports import Units
from bot.reports.build import build_pemda_rows
from bot.reports.period import Period
from bot.reports.workbook import ExtraSheet, pemda_workbook
from bot.semester.build import Inputs
from bot.semester.models import Scope, SemesterReport
from bot.texts import semester as texts


async def pemda_workbook_for(
    inputs: Inputs,
    org: Units,
    period: Period,
    today: date,
    report: SemesterReport,
    approver: Person | None,
) -> bytes:
    basis = inputs.value_set.legal_basis
    rows = await build_pemda_rows(inputs.sources, await org.units(), period, today,
                                  inputs.min_people)  # fmt: skip
    narrative = texts.narrative_rows(report, approver, basis, inputs.zone)
    sheet = ExtraSheet(texts.NARRATIVE_SHEET, ("", ""), narrative)
    return await asyncio.to_thread(
        pemda_workbook, rows, period, basis, semester=True, extra=[sheet]
    )


async def pemda_document(
    inputs: Inputs,
    org: Units,
    period: Period,
    reports: Sequence[SemesterReport],
    report: SemesterReport,
    approver: Person | None,
) -> bytes:
    basis = inputs.value_set.legal_basis
    citation = basis.duties.pemda_report
    by_unit = {r.unit_id: r for r in reports if r.scope is Scope.UNIT}
    document = Document()
    for line in texts.document_title("Pemerintah Daerah", period):
        document.add_paragraph().add_run(line).bold = True
    document.add_paragraph(f"Dasar: {basis.cite_full(citation)}: {citation.duty}.")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Unit"
    table.rows[0].cells[1].text = "Laporan semester unit"
    for unit in await org.units():
        cells = table.add_row().cells
        cells[0].text = unit.name
        cells[1].text = texts.pemda_unit_status(by_unit.get(unit.id))
    for label, text in texts.narrative_rows(report, approver, basis, inputs.zone):
        document.add_paragraph().add_run(label).bold = True
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
