"""Which criteria a person is asked, in which order, and where an interrupted one resumes."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.content.models import CriteriaGroup, Criterion, Evaluasi

SCORES = (1, 2, 3, 4, 5)
LEADERS_ONLY = "pimpinan"
"""The audience of the groups asked only of people with a leading role."""


@dataclass(frozen=True)
class Question:
    index: int
    """0-based position in the person's questionnaire."""
    group: CriteriaGroup
    criterion: Criterion


def questions_for(evaluasi: Evaluasi, leading: bool) -> list[Question]:
    """The content's groups in document order; the leaders' groups only when ``leading``."""
    questions: list[Question] = []
    for group in evaluasi.groups:
        if group.audience == LEADERS_ONLY and not leading:
            continue
        for criterion in group.items:
            questions.append(Question(len(questions), group, criterion))
    return questions


def next_question(questions: list[Question], answered: Collection[str]) -> Question | None:
    """The first question not answered yet (None when all are): where a resumed
    questionnaire continues, even if an earlier answer came in out of order."""
    return next((q for q in questions if q.criterion.id not in answered), None)


def is_valid_score(score: int) -> bool:
    return score in SCORES


@dataclass(frozen=True)
class GroupMean:
    group: CriteriaGroup
    mean: float | None
    answered: int


def own_means(questions: list[Question], scores: Mapping[str, int]) -> list[GroupMean]:
    """A person's mean score per group of their questionnaire (shown to them alone)."""
    groups: dict[str, CriteriaGroup] = {}
    for question in questions:
        groups.setdefault(question.group.id, question.group)
    result: list[GroupMean] = []
    for group_id, group in groups.items():
        got = [
            scores[q.criterion.id]
            for q in questions
            if q.group.id == group_id and q.criterion.id in scores
        ]
        mean = round(sum(got) / len(got), 2) if got else None
        result.append(GroupMean(group, mean, len(got)))
    return result
