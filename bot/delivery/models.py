"""The delivery log's records: one row per person, local day and kind of message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.delivery.due import Kind, LogKey


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


OPEN = (Status.PENDING, Status.SENDING)
CHECKED_IN = "sudah check-in"
PAST_CUTOFF = "lewat batas waktu kirim"
RESENT = "mungkin sudah terkirim sebelum proses berhenti; dikirim ulang"
"""The detail of a row that was in flight at a crash and is sent again (maybe twice)."""
INTERRUPTED = "proses berhenti saat mengirim"


@dataclass(frozen=True)
class Interrupted:
    """What start-up found in flight from the last process."""

    resent: int
    """Still before their cut-off: back to 'pending', sent again."""
    unknown: int
    """Past their cut-off: 'unknown' for good."""


@dataclass(frozen=True)
class DeliveryHealth:
    """The figures ``budaya-bot health`` prints."""

    day: date | None
    """The day they are of (None: nothing logged yet)."""
    counts: dict[Status, int]
    resent: int
    """Rows of the day sent again after a crash (maybe twice)."""
    unknown_recent: int
    """'unknown' rows of the week up to the day."""


class Claim(StrEnum):
    """What happened when a row was to become 'sending'."""

    CLAIMED = "claimed"
    """Now 'sending': go ahead and send."""
    CHECKED_IN = "checked_in"
    """An afternoon nudge for someone who checked in meanwhile: now 'skipped'."""
    CLOSED = "closed"
    """No longer open (finished by someone else): do not send."""


@dataclass(frozen=True)
class Delivery:
    id: int
    person_id: int
    local_date: date
    kind: Kind
    status: Status
    deadline: datetime
    attempts: int
    detail: str | None
    sent_at: datetime | None

    @property
    def key(self) -> LogKey:
        return (self.person_id, self.local_date, self.kind)
