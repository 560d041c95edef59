"""Typed records of a check-in, shared by the rules, storage and handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Answer(StrEnum):
    """How far the person met today's behaviour, in one tap."""

    SUDAH = "sudah"
    SEBAGIAN = "sebagian"
    BELUM = "belum"

    @property
    def key(self) -> str:
        """The one-letter key of the entry buttons (``s``, ``p``, ``b``)."""
        return _KEYS[self]

    @classmethod
    def from_key(cls, key: str) -> Answer | None:
        return _BY_KEY.get(key)

    @property
    def score(self) -> float:
        """How much of the day's value was met: 1, 0.5 or 0 (see :mod:`bot.checkin.progress`)."""
        return _SCORES[self]


_KEYS = {Answer.SUDAH: "s", Answer.SEBAGIAN: "p", Answer.BELUM: "b"}
_BY_KEY = {key: answer for answer, key in _KEYS.items()}
_SCORES = {Answer.SUDAH: 1.0, Answer.SEBAGIAN: 0.5, Answer.BELUM: 0.0}


class NoteStatus(StrEnum):
    """Where the optional note of a check-in stands; kept in the database, not in memory.

    Whether the person's next message *is* the note is kept apart, in the one pending-input
    slot per user that every feature asking for typed text shares (the latest prompt wins).
    """

    NONE = "none"
    """Its step not offered yet: the flow will offer it."""
    SUGGESTED = "suggested"
    """The note is saved and a matching behaviour is proposed, awaiting yes or no."""
    DONE = "done"
    """Offered: a note given, skipped or settled."""


@dataclass(frozen=True)
class Checkin:
    """One person's check-in of one local working day, in progress or complete."""

    id: int
    person_id: int
    day: date
    value_id: str
    """The day's value (from the rotation at the time of the check-in)."""
    behaviour_id: str
    """The day's behaviour."""
    answer: Answer
    practised: frozenset[str]
    """Ids of the behaviours the person says they practised (multi-select)."""
    malu: frozenset[str]
    """Ids of the budaya-malu items the person slipped on: private to them."""
    malu_answered: bool
    """The budaya-malu self-check was answered (an empty answer is an answer)."""
    note: str | None
    note_behaviour_id: str | None
    """The behaviour the person agreed their note is about."""
    note_status: NoteStatus
    note_suggestion_id: str | None
    """The behaviour proposed for the note while :attr:`note_status` is SUGGESTED."""
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PersonalCounts:
    """What /hapusdata erases for a person."""

    notes: int
    """Check-ins with a note."""
    malu_days: int
    """Check-ins with a budaya-malu answer (an empty answer included)."""

    @property
    def empty(self) -> bool:
        return not (self.notes or self.malu_days)
