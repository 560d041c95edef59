"""Privacy thresholds: a figure drawn from too few people is withheld.

Leaders see how the values live in their KBK, never one person's answers. Any figure that
comes from fewer than ``min_people`` distinct people (configurable, never below 3) is shown as
"terlalu sedikit data" instead of a number.
"""

from __future__ import annotations

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


def guard(value: T | None, people: int, min_people: int) -> Figure[T]:
    """Keep ``value`` only if at least ``min_people`` people stand behind it."""
    threshold = max(min_people, ABSOLUTE_MIN_PEOPLE)
    if people < threshold:
        return Figure(None, people, withheld=True)
    return Figure(value, people)
