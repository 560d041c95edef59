"""Activities, attendance, pledges and innovation proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_TITLE = 200
MAX_PLACE = 200
MAX_TAKEAWAY = 300
"""One line of what an attendee takes home."""
MAX_PROPOSAL = 2000


class ActivityKind(StrEnum):
    SOSIALISASI = "sosialisasi"
    INTERNALISASI = "internalisasi"
    DISKUSI = "diskusi"
    """A group discussion of the KBK."""
    DEKLARASI = "deklarasi"
    """The declaration of values and commitment: attending is pledging."""


@dataclass(frozen=True)
class NewActivity:
    kind: ActivityKind
    title: str
    starts_at: datetime
    place: str


@dataclass(frozen=True)
class Activity:
    id: int
    unit_id: int
    kind: ActivityKind
    title: str
    starts_at: datetime
    place: str
    announced_by: int
    announced_at: datetime


class InnovationStatus(StrEnum):
    DIAJUKAN = "diajukan"
    DITERIMA = "diterima"
    DIKEMBANGKAN = "dikembangkan"
    """Worth pursuing, to be worked out further."""
    DITOLAK = "ditolak"


@dataclass(frozen=True)
class Innovation:
    id: int
    unit_id: int
    person_id: int
    text: str
    status: InnovationStatus
    created_at: datetime
    reviewed_by: int | None
    reviewed_at: datetime | None
