"""Which behaviour a person meets on a working day.

Each person walks through every behaviour of the value set in order, one per working day,
starting at an offset of their own (so a unit does not all read the same sentence on the
same day). Over one cycle (21 working days for BerAKHLAK, 30 for BESAOH) everyone meets every
behaviour. The reminder and the check-in call the same function, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.models import Behaviour, MaluItem, Value, ValueSet


@dataclass(frozen=True)
class DailyFocus:
    value: Value
    behaviour: Behaviour
    position: int
    """1-based place of the behaviour in the cycle."""
    cycle: int
    """Length of the cycle: how many behaviours the set has."""


def daily_focus(value_set: ValueSet, person_id: int, working_day_number: int) -> DailyFocus:
    """The value and behaviour for ``person_id`` on the working day numbered so."""
    pairs = list(value_set.behaviours())
    index = (person_id + working_day_number) % len(pairs)
    value, behaviour = pairs[index]
    return DailyFocus(value, behaviour, index + 1, len(pairs))


def daily_malu(items: tuple[MaluItem, ...], person_id: int, working_day_number: int) -> MaluItem:
    """The budaya-malu prompt of the day; a different stride keeps it from pairing up with
    the same behaviour every cycle."""
    return items[(person_id * 3 + working_day_number) % len(items)]
