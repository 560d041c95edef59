"""A rencana aksi item, its evidence, and the limits of what people type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_FIELD = 300
"""Characters of one field of an item (activity, target, indicator)."""
MAX_EVIDENCE_TEXT = 1000
MAX_ITEMS_LISTED = 30
"""Items of a year listed with a button each in /rencana."""


class ItemStatus(StrEnum):
    DIRENCANAKAN = "direncanakan"
    BERJALAN = "berjalan"
    SELESAI = "selesai"
    BATAL = "batal"

    @property
    def closed(self) -> bool:
        return self in (ItemStatus.SELESAI, ItemStatus.BATAL)


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    TEXT = "text"


@dataclass(frozen=True)
class NewItem:
    """What a KBK leader typed for a new item, checked."""

    activity: str
    target: str
    owner_id: int
    month: int
    indicator: str


@dataclass(frozen=True)
class PlanItem:
    id: int
    unit_id: int
    year: int
    activity: str
    target: str
    owner_id: int | None
    owner_name: str | None
    month: int
    indicator: str
    status: ItemStatus
    status_since: datetime
    created_by: int
    created_at: datetime
    reminded_at: datetime | None
    evidence: int
    """How many pieces of evidence it has."""


@dataclass(frozen=True)
class Evidence:
    id: int
    item_id: int
    kind: EvidenceKind
    file_id: str | None
    text: str
    added_by: int
    added_at: datetime
