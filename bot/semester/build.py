"""What a semester report holds: the unit's figures of the semester, its rencana aksi,
activities, the problems that went up with their solutions and the head's directions, and
the evaluation results; the workbook and the printable document built from them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocxDocument

from bot.content.models import ContentPack, LegalBasis, ValueSet
from bot.org.models import Person, Unit
from bot.reports.activities import ActivitySection, unit_activities
from bot.reports.build import ReportSources, build_kbk_summary
from bot.reports.culture import CultureSection, build_culture
from bot.reports.culture_sheets import culture_sheets
from bot.reports.period import Period
from bot.reports.plan import PlanSection, unit_plan
from bot.reports.summary import KbkSummary
from bot.reports.workbook import Cell, ExtraSheet, kbk_workbook
from bot.semester.models import ProblemAnswer, SemesterReport
from bot.semester.ports import SemesterReports
from bot.texts import action_plan as plan_texts
from bot.texts import activities as activity_texts
from bot.texts import semester as texts
from bot.texts.problems import CATEGORY_LABELS, STATUS_LABELS


@dataclass(frozen=True)
class Inputs:
    sources: ReportSources
    reports: SemesterReports
    content: ContentPack
    value_set: ValueSet
    zone: ZoneInfo
    min_people: int


@dataclass(frozen=True)
class UnitReport:
    unit: Unit
    summary: KbkSummary
    culture: CultureSection | None
    plan: PlanSection | None
    activities: ActivitySection | None
    problems: tuple[ProblemAnswer, ...]

    def figures(self) -> list[str]:
        """The draft's short figures."""
        p = self.summary.participation
        return texts.unit_figures(
            texts.rate(p.value, p.withheld),
            plan_texts.progress_line(self.plan.progress) if self.plan else None,
            len(self.activities.activities) if self.activities else None,
            len(self.problems),
        )


async def unit_report(inputs: Inputs, unit: Unit, period: Period, today: date) -> UnitReport:
    """The unit's report of ``period`` with what is known on ``today`` (the whole semester
    once it is over)."""
    src = inputs.sources
    summary = await build_kbk_summary(
        src, inputs.content, inputs.value_set, unit, period, today, inputs.min_people
    )
    culture = None
    if src.culture is not None:
        culture = await build_culture(
            src.culture, unit.id, period, today, inputs.min_people, summary.registered
        )
    plan = await unit_plan(src, unit.id, summary)
    held = await unit_activities(src, unit.id, summary, inputs.zone, inputs.min_people)
    start = datetime.combine(period.start, time(0), tzinfo=inputs.zone)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=inputs.zone)
    problems = await inputs.reports.answered_problems(unit.id, start, end)
    return UnitReport(unit, summary, culture, plan, held, tuple(problems))


def _problem_rows(problems: tuple[ProblemAnswer, ...]) -> list[tuple[Cell, ...]]:
    return [
        (p.number, CATEGORY_LABELS[p.category], STATUS_LABELS[p.status],
         texts.CHOSEN if p.chosen else texts.DIRECTION, p.answer, p.answered_by)
        for p in problems
    ]  # fmt: skip


def unit_workbook(
    report: UnitReport,
    semester: SemesterReport,
    approver: Person | None,
    basis: LegalBasis,
    today: date,
    zone: ZoneInfo,
) -> bytes:
    sheets = culture_sheets(report.culture) if report.culture is not None else []
    if report.plan is not None:
        sheets.append(report.plan.sheet())
    if report.activities is not None:
        sheets.append(report.activities.sheet(zone.key))
    sheets.append(
        ExtraSheet(texts.PROBLEMS_SHEET, texts.PROBLEMS_HEADER, _problem_rows(report.problems))
    )
    narrative = texts.narrative_rows(semester, approver, basis, zone)
    sheets.append(ExtraSheet(texts.NARRATIVE_SHEET, ("", ""), narrative))
    return kbk_workbook(report.summary, basis, semester=True, extra=sheets)


def _table(document: DocxDocument, header: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def unit_document(
    report: UnitReport,
    semester: SemesterReport,
    approver: Person | None,
    basis: LegalBasis,
    zone: ZoneInfo,
) -> bytes:
    """The printable report (.docx), in the order of the report's sections."""
    citation = basis.duties.semester_report
    document = Document()
    for line in texts.document_title(report.summary.unit_name, report.summary.period):
        document.add_paragraph().add_run(line).bold = True
    document.add_paragraph(f"Dasar: {basis.cite_full(citation)}: {citation.duty}.")
    sections = iter(texts.SECTIONS)
    document.add_heading(next(sections), level=2)
    for line in report.figures():
        document.add_paragraph(line.lstrip("• "))
    document.add_heading(next(sections), level=2)
    if report.plan is not None:
        document.add_paragraph(plan_texts.progress_line(report.plan.progress))
        sheet = report.plan.sheet()
        _table(document, tuple(sheet.header), [tuple(r) for r in sheet.rows])
    document.add_heading(next(sections), level=2)
    if report.activities is not None:
        for line in activity_texts.report_lines(report.activities):
            document.add_paragraph(line)
    document.add_heading(next(sections), level=2)
    _table(document, texts.PROBLEMS_HEADER, _problem_rows(report.problems))
    document.add_heading(next(sections), level=2)
    windows = len(report.culture.evaluations) if report.culture is not None else 0
    document.add_paragraph(texts.evaluation_note(windows))
    document.add_heading(next(sections), level=2)
    document.add_paragraph(semester.obstacles or "-")
    document.add_heading(next(sections), level=2)
    document.add_paragraph(semester.follow_up or "-")
    document.add_paragraph()
    document.add_paragraph(texts.approval_line(semester, approver, basis, zone))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
