"""The workbook sheets of the self-assessment and of the Role Model candidates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.evaluation.results import EvaluationResult
from bot.reports.culture import CultureSection, UnitEvaluation
from bot.reports.workbook import Cell, ExtraSheet
from bot.texts.appreciation import month_label
from bot.texts.evaluation import window_label
from bot.texts.reports import TOO_FEW

EVALUATION_HEADER = ("Periode evaluasi", "Kelompok", "No", "Kriteria", "Rata-rata (1-5)",
                     "Responden")  # fmt: skip


def _evaluation_rows(result: EvaluationResult, *before: Cell) -> list[tuple[Cell, ...]]:
    label = window_label(result.window)
    rows: list[tuple[Cell, ...]] = []
    for group in result.groups:
        for number, item in enumerate(group.criteria, start=1):
            mean = item.mean
            shown: Cell = TOO_FEW if mean.withheld else mean.value
            people: Cell = mean.people if mean.shown else None
            rows.append(
                (label, *before, group.group.name, number, item.criterion.text, shown, people)
            )
    return rows


def evaluation_sheet(results: Sequence[EvaluationResult]) -> ExtraSheet:
    rows = [row for result in results for row in _evaluation_rows(result)]
    return ExtraSheet("Evaluasi", EVALUATION_HEADER, rows)


def role_model_sheet(section: CultureSection) -> ExtraSheet:
    rows: list[tuple[Cell, ...]] = []
    for month in section.role_models:
        for value in month.values:
            for candidate in value.candidates:
                rows.append(
                    (
                        month_label(month.month),
                        value.value.name,
                        candidate.name,
                        candidate.appreciators,
                        candidate.appreciations,
                    )
                )
    return ExtraSheet(
        "Role Model",
        ("Bulan", "Nilai", "Kandidat", "Rekan yang mengapresiasi", "Jumlah apresiasi"),
        rows,
    )


def culture_sheets(section: CultureSection) -> list[ExtraSheet]:
    """The sheets of one KBK's workbook (/laporan and the semester report)."""
    return [evaluation_sheet(section.evaluations), role_model_sheet(section)]


def pemda_evaluation_sheet(evaluations: Sequence[UnitEvaluation]) -> ExtraSheet:
    """Every unit's results, with every unit together first, per window."""
    header = (EVALUATION_HEADER[0], "Unit", *EVALUATION_HEADER[1:])
    rows = [
        row
        for item in evaluations
        for row in _evaluation_rows(item.result, item.unit.name if item.unit else "Semua unit")
    ]
    return ExtraSheet("Evaluasi", header, rows)
