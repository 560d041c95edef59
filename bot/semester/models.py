"""A semester report being prepared, approved and delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.problems.models import Category, Status

MAX_NARRATIVE = 2000


class Scope(StrEnum):
    UNIT = "unit"
    PEMDA = "pemda"


class PreparedAs(StrEnum):
    KEPALA = "kepala"
    """The head of the unit (the Penanggung jawab): his report, as the article says."""
    KETUA = "ketua"
    """No head on the bot: the Ketua prepares it; the Pemda sees the head did not approve."""
    TIM = "tim"
    ADMIN = "admin"


@dataclass(frozen=True)
class SemesterReport:
    id: int
    scope: Scope
    unit_id: int | None
    period_key: str
    preparer_id: int
    preparer_as: PreparedAs
    obstacles: str | None
    follow_up: str | None
    drafted_at: datetime
    approved_by: int | None
    approved_at: datetime | None
    sent_at: datetime | None

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def head_approved(self) -> bool:
        """Approved by whom the article names (the head; the Tim or Bagian Organisasi for
        the Pemda's summary), not by a Ketua standing in."""
        return self.approved and self.preparer_as is not PreparedAs.KETUA


@dataclass(frozen=True)
class ProblemAnswer:
    """A problem of the semester that went up, and the direction or solution it got."""

    number: str
    category: Category
    status: Status
    answer: str
    chosen: bool
    """The head chose one of the proposed solutions (else: a written direction)."""
    answered_by: str
