"""The report sections beyond the check-ins: the self-assessment results (/evaluasi) and
the Role Model candidates (/apresiasi), for the windows and months a report period spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.appreciation.candidates import MonthCandidates, role_model_candidates
from bot.content.models import Evaluasi, ValueSet
from bot.evaluation.ports import EvaluationScores
from bot.evaluation.results import EvaluationResult, evaluation_result
from bot.evaluation.window import Window, windows_between
from bot.org.models import Unit
from bot.reports.period import Period, month_of
from bot.reports.ports import AppreciationCounts


@dataclass(frozen=True)
class CultureSources:
    evaluations: EvaluationScores
    appreciations: AppreciationCounts
    evaluasi: Evaluasi
    value_set: ValueSet
    months: int
    """Length of an evaluation window (settings.evaluation_months)."""


@dataclass(frozen=True)
class CultureSection:
    evaluations: list[EvaluationResult]
    """Windows of the period that are closed: their results no longer change."""
    role_models: list[MonthCandidates]
    open_windows: list[Window] = field(default_factory=list)
    """Windows of the period still open: no result until they close (a result that moves
    with each answer would give each answer away)."""


def closed_windows(
    start: date, end: date, today: date, months: int
) -> tuple[list[Window], list[Window]]:
    """The windows overlapping ``start``..``end``: closed ones, then those still open."""
    windows = windows_between(start, max(start, end), months)
    return [w for w in windows if w.end < today], [w for w in windows if w.end >= today]


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months overlapping ``start``..``end``, oldest first."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = month_of(month).end + timedelta(days=1)
    return months


async def build_culture(
    src: CultureSources,
    unit_id: int,
    period: Period,
    today: date,
    min_people: int,
    registered: int,
) -> CultureSection:
    """One unit's evaluation windows and Role Model months overlapping the period so far;
    ``registered`` is the unit's registered members (from its summary)."""
    counted = period.clipped(today)
    closed, still_open = closed_windows(counted.start, counted.end, today, src.months)
    evaluations = []
    for window in closed:
        rows = await src.evaluations.scores(window.key, unit_id)
        finished = (await src.evaluations.finished_by_unit(window.key)).get(unit_id, 0)
        evaluations.append(
            evaluation_result(src.evaluasi, window, rows, finished, registered, min_people)
        )
    role_models = []
    for month in months_between(period.start, max(period.start, counted.end)):
        counts = await src.appreciations.counts(unit_id, month, month_of(month).end)
        role_models.append(MonthCandidates(month, role_model_candidates(src.value_set, counts)))
    return CultureSection(evaluations, role_models, still_open)


@dataclass(frozen=True)
class UnitEvaluation:
    """One unit's results, or every unit's together (``unit`` None)."""

    unit: Unit | None
    result: EvaluationResult


async def build_pemda_evaluations(
    src: CultureSources, units: list[Unit], period: Period, today: date, min_people: int
) -> list[UnitEvaluation]:
    """Per window of the period: every unit together, then each unit."""
    counted = period.clipped(today)
    registered = await src.evaluations.registered_by_unit()
    found = []
    for window in closed_windows(counted.start, counted.end, today, src.months)[0]:
        by_unit = await src.evaluations.scores_by_unit(window.key)
        finished = await src.evaluations.finished_by_unit(window.key)
        everyone = await src.evaluations.scores(window.key)
        found.append(
            UnitEvaluation(
                None,
                evaluation_result(
                    src.evaluasi,
                    window,
                    everyone,
                    sum(finished.values()),
                    sum(registered.values()),
                    min_people,
                ),
            )
        )
        for unit in units:
            result = evaluation_result(
                src.evaluasi,
                window,
                by_unit.get(unit.id, []),
                finished.get(unit.id, 0),
                registered.get(unit.id, 0),
                min_people,
            )
            found.append(UnitEvaluation(unit, result))
    return found
