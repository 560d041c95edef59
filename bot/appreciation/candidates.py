"""Role Model candidates of a month: per value, the colleagues most appreciated for it.

Only a colleague appreciated for the value by at least :data:`MIN_APPRECIATORS` distinct
people is a candidate, so one friend's enthusiasm makes nobody a candidate and a count
never points at a handful of appreciators. Who appreciated whom is never part of the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.content.models import Value, ValueSet

MIN_APPRECIATORS = 3
TOP_PER_VALUE = 3


@dataclass(frozen=True)
class AppreciationCount:
    """Appreciations of one colleague for one value in a month (from storage)."""

    person_id: int
    name: str
    value_id: str
    appreciators: int
    """Distinct people who gave them."""
    appreciations: int


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    appreciators: int
    appreciations: int


@dataclass(frozen=True)
class ValueCandidates:
    value: Value
    candidates: list[Candidate]


@dataclass(frozen=True)
class MonthCandidates:
    month: date
    """The first day of the month."""
    values: list[ValueCandidates]
    """Every value of the set, in order; a value may have no candidate."""

    @property
    def any(self) -> bool:
        return any(v.candidates for v in self.values)


def role_model_candidates(
    value_set: ValueSet,
    counts: Sequence[AppreciationCount],
    *,
    min_appreciators: int = MIN_APPRECIATORS,
    top: int = TOP_PER_VALUE,
) -> list[ValueCandidates]:
    """Per value of the set, up to ``top`` colleagues with at least ``min_appreciators``
    distinct appreciators: most appreciators first, then most appreciations, then by name."""
    result = []
    for value in value_set.values:
        eligible = [
            c for c in counts if c.value_id == value.id and c.appreciators >= min_appreciators
        ]
        eligible.sort(key=lambda c: (-c.appreciators, -c.appreciations, c.name.casefold()))
        result.append(
            ValueCandidates(
                value,
                [
                    Candidate(c.person_id, c.name, c.appreciators, c.appreciations)
                    for c in eligible[:top]
                ],
            )
        )
    return result
