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
                     "Keterangan")  # fmt: skip
EVALUATION_EMPTY = (
    "Belum ada periode evaluasi yang ditutup pada periode ini: hasil tampil setelah ditutup."
)


def _evaluation_rows(result: EvaluationResult, *before: Cell) -> list[tuple[Cell, ...]]:
    """The criteria with enough respondents; one row saying so when there are none."""
    label = window_label(result.window)
    if not result.any_shown:
        return [(label, *before, None, None, None, None, f"{TOO_FEW} pada setiap kriteria")]
    rows: list[tuple[Cell, ...]] = []
    for group in result.groups:
        for number, item in enumerate(group.criteria, start=1):
            mean = item.mean
            if mean.shown:
                rows.append(
                    (label, *before, group.group.name, number, item.criterion.text, mean.value, "")
                )
        if group.all_withheld:
            rows.append((label, *before, group.group.name, None, None, None, TOO_FEW))
    return rows


def evaluation_sheet(results: Sequence[EvaluationResult]) -> ExtraSheet:
    rows = [row for result in results for row in _evaluation_rows(result)]
    return ExtraSheet("Evaluasi", EVALUATION_HEADER, rows, EVALUATION_EMPTY)


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
        "Belum ada kandidat Role Model pada periode ini.",
    )


def culture_sheets(section: CultureSection) -> list[ExtraSheet]:
    """The sheets of one KBK's workbook (/laporan and the semester report)."""
    return [evaluation_sheet(section.evaluations), role_model_sheet(section)]


def pemda_evaluation_sheet(evaluations: Sequence[UnitEvaluation]) -> ExtraSheet:
    """Every unit's results with enough respondents, every unit together first, per window;
    the units with none are named once, not criterion by criterion."""
    header = (EVALUATION_HEADER[0], "Unit", *EVALUATION_HEADER[1:])
    rows: list[tuple[Cell, ...]] = []
    silent: dict[str, list[str]] = {}
    for item in evaluations:
        name = item.unit.name if item.unit else "Semua unit"
        if item.result.any_shown:
            rows += _evaluation_rows(item.result, name)
        else:
            silent.setdefault(window_label(item.result.window), []).append(name)
    for label, names in silent.items():
        rows.append(
            (label, ", ".join(names), None, None, None, None, f"{TOO_FEW} pada setiap kriteria")
        )
    return ExtraSheet("Evaluasi", header, rows, EVALUATION_EMPTY)
