"""An activity announced in one message: ``Judul:``, ``Waktu:`` (``DD-MM-YYYY HH.MM``) and
``Tempat:``; every fault collected at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from zoneinfo import ZoneInfo

from bot.activities.models import MAX_PLACE, MAX_TITLE, ActivityKind, NewActivity
from bot.forms import labelled_fields


class Field(Enum):
    TITLE = "judul"
    WHEN = "waktu"
    PLACE = "tempat"


class Fault(Enum):
    MISSING = "missing"
    TOO_LONG = "too_long"
    BAD_TIME = "bad_time"
    PAST = "past"


@dataclass(frozen=True)
class EntryError:
    faults: tuple[tuple[Field, Fault], ...]


_WHEN = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[.:](\d{2}))?$")


def parse_when(text: str, zone: ZoneInfo) -> datetime | None:
    """``10-12-2026 09.00`` (or without the time: 08.00) as a local moment."""
    match = _WHEN.match(text.strip())
    if match is None:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        moment = time(int(hour), int(minute)) if hour is not None else time(8, 0)
        return datetime.combine(date(int(year), int(month), int(day)), moment, tzinfo=zone)
    except ValueError:
        return None


def parse_activity(
    kind: ActivityKind, text: str, now: datetime, zone: ZoneInfo
) -> NewActivity | EntryError:
    values = labelled_fields(text, (f.value for f in Field))
    faults: list[tuple[Field, Fault]] = []
    limits = {Field.TITLE: MAX_TITLE, Field.PLACE: MAX_PLACE}
    for name in Field:
        value = values.get(name.value, "")
        if not value:
            faults.append((name, Fault.MISSING))
        elif len(value) > limits.get(name, MAX_TITLE):
            faults.append((name, Fault.TOO_LONG))
    starts_at = None
    if values.get(Field.WHEN.value):
        starts_at = parse_when(values[Field.WHEN.value], zone)
        if starts_at is None:
            faults.append((Field.WHEN, Fault.BAD_TIME))
        elif starts_at.date() < now.astimezone(zone).date():
            faults.append((Field.WHEN, Fault.PAST))
    if faults or starts_at is None:
        return EntryError(tuple(faults))
    return NewActivity(kind, values[Field.TITLE.value], starts_at, values[Field.PLACE.value])
