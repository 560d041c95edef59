"""Privacy thresholds: a figure drawn from too few people is withheld.

Leaders see how the values live in their KBK, never one person's answers. A figure is shown
only when at least ``min_people`` distinct people (configurable, never below 3) stand behind
it; a cell of a breakdown (Sudah / Sebagian / Belum of one value, the slips of one budaya-malu
item) also needs as many people behind its complement, because "everyone but one" reveals
that one. When one cell of a breakdown whose total can be worked out is withheld, a second
one is withheld too, so the first cannot be recovered by subtraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

ABSOLUTE_MIN_PEOPLE = 3

T = TypeVar("T")


@dataclass(frozen=True)
class Figure(Generic[T]):
    """A number together with how many distinct people it was drawn from."""

    value: T | None
    """None when withheld (or when there is nothing to compute, e.g. no working day)."""
    people: int
    withheld: bool = False

    @property
    def shown(self) -> bool:
        return not self.withheld and self.value is not None


def threshold(min_people: int) -> int:
    return max(min_people, ABSOLUTE_MIN_PEOPLE)


def guard(value: T | None, people: int, min_people: int) -> Figure[T]:
    """Keep ``value`` only if at least ``min_people`` people stand behind it."""
    if people < threshold(min_people):
        return Figure(None, people, withheld=True)
    return Figure(value, people)


def cell(count: int, people: int, complement_people: int, min_people: int) -> Figure[int]:
    """A count of a breakdown: shown when it and the rest of the breakdown each come from
    at least ``min_people`` people."""
    if min(people, complement_people) < threshold(min_people):
        return Figure(None, people, withheld=True)
    return Figure(count, people)


def secondary(cells: Sequence[Figure[int]], counts: Sequence[int]) -> list[Figure[int]]:
    """Withhold a second cell (the smallest shown) when exactly one is withheld, so that a
    known total minus the shown cells does not give the withheld one back."""
    result = list(cells)
    hidden = [i for i, c in enumerate(result) if c.withheld]
    shown = [i for i, c in enumerate(result) if not c.withheld]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda i: (counts[i], i))
        result[smallest] = Figure(None, result[smallest].people, withheld=True)
    return result
