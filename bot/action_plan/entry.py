"""A new item typed in one message, as the template /rencana sends: one field per line,
``Kegiatan: ...``, ``Target: ...``, ``Pelaksana: ...``, ``Bulan: ...``, ``Indikator: ...``.

The owner is found among the unit's people by name (typos and titles forgiven); the month
by its Indonesian name, its abbreviation or its number. Every fault is collected, so the
leader fixes the message once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from bot.action_plan.models import MAX_FIELD, NewItem
from bot.appreciation.search import find_people
from bot.forms import labelled_fields
from bot.org.models import Person

MONTHS = (
    "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
    "oktober", "november", "desember",
)  # fmt: skip


class Field(Enum):
    ACTIVITY = "kegiatan"
    TARGET = "target"
    OWNER = "pelaksana"
    MONTH = "bulan"
    INDICATOR = "indikator"


class Fault(Enum):
    MISSING = "missing"
    TOO_LONG = "too_long"
    BAD_MONTH = "bad_month"
    NO_OWNER = "no_owner"
    MANY_OWNERS = "many_owners"


@dataclass(frozen=True)
class EntryError:
    faults: tuple[tuple[Field, Fault], ...]
    candidates: tuple[Person, ...] = field(default=())
    """For MANY_OWNERS: the people the name could mean."""


def parse_month(text: str) -> int | None:
    """``Maret``, ``mar``, ``3`` or ``03`` -> 3."""
    word = text.strip().lower().rstrip(".")
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else None
    if len(word) < 3:
        return None
    found = [i for i, name in enumerate(MONTHS, start=1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _fields(text: str) -> dict[Field, str]:
    found = labelled_fields(text, (f.value for f in Field))
    return {f: found[f.value] for f in Field if f.value in found}


def parse_item(text: str, unit_people: Sequence[Person]) -> NewItem | EntryError:
    """The item in ``text``, or every fault found in it."""
    values = _fields(text)
    faults: list[tuple[Field, Fault]] = []
    for name in Field:
        value = values.get(name, "")
        if not value:
            faults.append((name, Fault.MISSING))
        elif len(value) > MAX_FIELD:
            faults.append((name, Fault.TOO_LONG))
    month = parse_month(values.get(Field.MONTH, "")) if values.get(Field.MONTH) else None
    if values.get(Field.MONTH) and month is None:
        faults.append((Field.MONTH, Fault.BAD_MONTH))
    owner: Person | None = None
    candidates: tuple[Person, ...] = ()
    if values.get(Field.OWNER):
        matches = find_people(values[Field.OWNER], [p for p in unit_people if p.active])
        if not matches:
            faults.append((Field.OWNER, Fault.NO_OWNER))
        elif len(matches) > 1 and not (matches[0].score == 100 > matches[1].score):
            # Several people answer to the name and none exactly: ask for a fuller one.
            faults.append((Field.OWNER, Fault.MANY_OWNERS))
            candidates = tuple(m.person for m in matches)
        else:
            owner = matches[0].person
    if faults or owner is None or month is None:
        return EntryError(tuple(faults), candidates)
    return NewItem(
        activity=values[Field.ACTIVITY],
        target=values[Field.TARGET],
        owner_id=owner.id,
        month=month,
        indicator=values[Field.INDICATOR],
    )
