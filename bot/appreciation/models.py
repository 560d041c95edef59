"""An appreciation being written and one ready to be stored, and the daily limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Draft:
    """The appreciation a person is writing: colleague, then value, then sentence."""

    person_id: int
    colleague_id: int
    value_id: str | None
    sentence: str | None


@dataclass(frozen=True)
class NewAppreciation:
    person_id: int
    colleague_id: int
    unit_id: int
    value_id: str
    sentence: str
    anonymous: bool
    day: date
    """The giver's local day."""


class DailyLimitError(Exception):
    """The giver has reached the day's limit."""
