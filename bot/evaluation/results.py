"""Results of a window per criterion: the mean score and how many people answered it.

The same privacy rule as the summaries (:mod:`bot.reports.privacy`): a mean drawn from
fewer than the threshold of respondents is withheld. The leadership items are answered by a
unit's few leaders only, so for one unit they are usually withheld; that is the rule working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.models import CriteriaGroup, Criterion, Evaluasi
from bot.evaluation.window import Window
from bot.reports.privacy import Figure, guard


@dataclass(frozen=True)
class ScoreRow:
    """Aggregate answers to one criterion (from storage)."""

    criterion_id: str
    respondents: int
    total: int
    """Sum of the scores."""


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    mean: Figure[float]
    """``people`` is the number of respondents."""


@dataclass(frozen=True)
class GroupResult:
    group: CriteriaGroup
    criteria: list[CriterionResult]

    @property
    def all_withheld(self) -> bool:
        return all(not c.mean.shown for c in self.criteria)

    @property
    def respondents(self) -> int:
        """The most respondents of any criterion of the group (an unfinished questionnaire
        counts for the questions it reached)."""
        return max((c.mean.people for c in self.criteria), default=0)


@dataclass(frozen=True)
class EvaluationResult:
    window: Window
    finished: Figure[int]
    """How many finished the questionnaire, withheld like the other counts of people."""
    groups: list[GroupResult]

    @property
    def any_shown(self) -> bool:
        return any(not g.all_withheld for g in self.groups)


def mean_score(total: int, respondents: int) -> float | None:
    """Rounded to one decimal: enough to read, too coarse to subtract one answer back out."""
    return round(total / respondents, 1) if respondents else None


def aggregate(evaluasi: Evaluasi, rows: Sequence[ScoreRow], min_people: int) -> list[GroupResult]:
    """Every criterion of the content, in document order, with its guarded mean."""
    by_id = {row.criterion_id: row for row in rows}
    groups = []
    for group in evaluasi.groups:
        criteria = []
        for criterion in group.items:
            row = by_id.get(criterion.id)
            respondents = row.respondents if row else 0
            mean = mean_score(row.total, respondents) if row else None
            criteria.append(CriterionResult(criterion, guard(mean, respondents, min_people)))
        groups.append(GroupResult(group, criteria))
    return groups


def evaluation_result(
    evaluasi: Evaluasi,
    window: Window,
    rows: Sequence[ScoreRow],
    finished: int,
    registered: int,
    min_people: int,
) -> EvaluationResult:
    """A unit's (or every unit's) result for ``window``; the finished count is withheld
    when the group of registered people it is drawn from is below the threshold."""
    return EvaluationResult(
        window=window,
        finished=guard(finished, registered, min_people),
        groups=aggregate(evaluasi, rows, min_people),
    )
