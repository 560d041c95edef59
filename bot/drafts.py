"""A change asked for in the chat that waits for its author's confirming tap: the draft.

The Admin Pemda's roster file is checked first (a dry run) and applied only on "Terapkan";
a calendar day is added or removed only on "Ya"; a problem is refused only once the Agen
Perubahan confirms the reason they typed. The draft is kept in the database, so the
buttons carry its id alone and a restart in between loses nothing. Each draft is decided
once, by the person who made it, within :data:`DRAFT_TTL`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

DRAFT_TTL = timedelta(hours=24)
"""After this a draft's buttons are stale: the admin checks the file (or the day) again."""


class DraftAction(StrEnum):
    """What confirming the draft does."""

    ROSTER = "roster"
    """Apply the roster file in ``content`` (its name in ``payload["filename"]``)."""
    DAY_SET = "day_set"
    """Make ``payload["day"]`` a Pemda holiday or working day (``kind``, ``reason``)."""
    DAY_REMOVE = "day_remove"
    """Remove the Pemda's own ruling on ``payload["day"]``."""
    PROBLEM_REJECT = "problem_reject"
    """Refuse problem ``payload["problem_id"]`` for ``payload["reason"]``."""


class DraftOutcome(StrEnum):
    APPLIED = "applied"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Draft:
    id: int
    person_id: int
    action: DraftAction
    payload: dict[str, Any]
    content: bytes | None
    created_at: datetime
    decided_at: datetime | None
