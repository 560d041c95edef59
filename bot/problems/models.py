"""Typed records of the problem flow: tickets, their thread, escalations and notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Literal

from bot.org.models import Person

TICKET_PREFIX = "LP-"
ANONYMOUS_PREFIX = "LA-"
"""Anonymous reports are numbered apart (``LA-`` and six random digits), so a named and an
anonymous report of one person never arrive with consecutive numbers."""
MAX_TEXT = 2000
"""Longest description, thread message, direction or reason, in characters."""
MAX_SOLUTION = 500
"""Longest alternative solution: three of them and the description fit one message."""
MAX_SOLUTIONS = 3
MIN_REASON_WORDS = 3
"""A refusal's reason is read by the reporter: a few words at least, never a lone "✖️"."""


def reason_too_short(reason: str) -> bool:
    """Fewer than :data:`MIN_REASON_WORDS` words with letters in them."""
    words = [w for w in reason.split() if any(ch.isalpha() for ch in w)]
    return len(words) < MIN_REASON_WORDS


"""Alternative solutions per escalation: one button each for the head of the unit."""


class Status(StrEnum):
    """Where a problem stands, in the words of the issue (stored as is)."""

    BARU = "baru"
    DITANGANI = "ditangani"
    DIESKALASI = "dieskalasi"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"
    DITOLAK = "ditolak"

    @property
    def is_open(self) -> bool:
        """Still needs someone: not finished, not refused."""
        return self not in (Status.SELESAI, Status.DITOLAK)


class Category(StrEnum):
    PELAYANAN = "pelayanan"
    SARANA = "sarana"
    PROSEDUR = "prosedur"
    SDM = "sdm"
    PERILAKU = "perilaku"
    INTEGRITAS = "integritas"
    """About the unit's leaders or integrity: handled by the Pemda, never by the unit."""
    LAINNYA = "lainnya"


class Desk(StrEnum):
    """Who handles a problem: the unit's Agen Perubahan, or the Pemda (Bagian Organisasi and,
    when configured, the Inspektorat) for complaints about leaders and for an anonymous
    reporter who would be recognised in their own unit."""

    UNIT = "unit"
    PEMDA = "pemda"


class Action(StrEnum):
    """What happened to a problem: the "what" of every recorded event."""

    REPORT = "report"
    TAKE_UP = "take_up"
    ESCALATE = "escalate"
    AUTO_ESCALATE = "auto_escalate"
    FORWARD = "forward"
    ANSWER = "answer"
    RESOLVE = "resolve"
    REJECT = "reject"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    REMIND = "remind"
    """The SLA reminded the unit's handlers (no change of status)."""
    REMIND_HEAD = "remind_head"
    """The SLA reminded the addressees of an escalation (no change of status)."""


class ActorRole(StrEnum):
    """Who acted, by role: an anonymous reporter is recorded by role only, never by id."""

    REPORTER = "pelapor"
    HANDLER = "penangan"
    HEAD = "pimpinan"
    SYSTEM = "sistem"


class Route(StrEnum):
    """How an escalation goes up (Pasal 15 ayat (1): langsung atau berjenjang)."""

    DIRECT = "langsung"
    TIERED = "berjenjang"
    AUTOMATIC = "otomatis"
    """By the SLA: nobody took the problem up in time."""


class Level(StrEnum):
    """Who an escalation currently waits on."""

    KETUA = "ketua"
    KEPALA = "kepala"
    """The head of the unit (the KBK's Penanggung jawab)."""
    PEMDA = "pemda"
    """The Pemda (admin, Sekda): only when the unit has no one above to answer."""


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class Attachment:
    """A photo or document a user sent, kept by Telegram ``file_id`` and re-sent by it."""

    kind: AttachmentKind
    file_id: str


def ticket_number(problem_id: int, code: str | None = None) -> str:
    return code or f"{TICKET_PREFIX}{problem_id:04d}"


@dataclass(frozen=True)
class Draft:
    """A problem being written with /lapor: saved at every step, so it survives a restart."""

    person_id: int
    description: str | None = None
    attachment: Attachment | None = None
    category: Category | None = None


@dataclass(frozen=True)
class Problem:
    id: int
    unit_id: int
    unit_name: str
    reporter_id: int
    """The one link to the reporter. For an anonymous problem it never leaves the flow."""
    anonymous: bool
    category: Category
    description: str
    attachment: Attachment | None
    status: Status
    handler_id: int | None
    """The Agen Perubahan (or leader) who took it up."""
    created_at: datetime
    status_since: datetime
    """When the current status began: the start of the current wait."""
    reminded_at: datetime | None
    """When the SLA reminded the handlers during the current wait."""
    code: str | None = None
    """The public number of an anonymous problem (``LA-...``); None: ``LP-`` and the id."""
    desk: Desk = Desk.UNIT

    @property
    def number(self) -> str:
        return ticket_number(self.id, self.code)


@dataclass(frozen=True)
class ProblemEvent:
    at: datetime
    action: Action
    from_status: Status | None
    to_status: Status
    actor_id: int | None
    actor_role: ActorRole
    detail: str


@dataclass(frozen=True)
class ThreadMessage:
    id: int
    problem_id: int
    at: datetime
    from_reporter: bool
    author_id: int | None
    """Staff only: a reporter's messages carry no author."""
    text: str
    attachment: Attachment | None


@dataclass(frozen=True)
class Solution:
    id: int
    problem_id: int
    escalation_id: int | None
    position: int
    """1, 2, 3: as the head sees them ("Usulan 1")."""
    text: str


@dataclass(frozen=True)
class Escalation:
    id: int
    problem_id: int
    route: Route
    level: Level
    escalated_by: int | None
    """None when the SLA escalated it."""
    created_at: datetime
    level_since: datetime
    reminded_at: datetime | None
    answered_at: datetime | None
    answered_by: int | None
    chosen_solution_id: int | None
    direction: str | None
    forward_note: str | None = None
    """What whoever passed it up (the Ketua) wrote to the level above."""
    forwarded_by: int | None = None

    @property
    def open(self) -> bool:
        return self.answered_at is None


class NoticeKind(Enum):
    """A message the flow wants sent; the handlers render each kind from the texts."""

    NEW_PROBLEM = "new_problem"
    """To the unit's Agen Perubahan (or the fallback leaders): the ticket, with buttons."""
    UNIT_LACKS_AGENT = "unit_lacks_agent"
    """To the Pemda admin: the unit has no Agen Perubahan; no ticket text."""
    TAKEN_UP = "taken_up"
    """To the reporter."""
    MESSAGE_TO_REPORTER = "message_to_reporter"
    MESSAGE_TO_STAFF = "message_to_staff"
    ESCALATION = "escalation"
    """To the addressees of an escalation: the ticket, the solutions, answer buttons."""
    ESCALATED = "escalated"
    """To the reporter: their problem went up to the head of the unit."""
    AUTO_ESCALATED = "auto_escalated"
    """To the unit's Agen Perubahan: nobody took it up in time, the SLA escalated it."""
    ANSWERED = "answered"
    """To the handlers: the head's answer, with a button to mark the problem done."""
    ANSWER_TO_REPORTER = "answer_to_reporter"
    RESOLVED = "resolved"
    """To the reporter: did it work? (confirm or reopen)."""
    REJECTED = "rejected"
    """To the reporter, with the reason."""
    CONFIRMED = "confirmed"
    """To the handlers: the reporter says it worked."""
    REOPENED = "reopened"
    """To the handlers: the reporter says it did not."""
    SLA_REMINDER = "sla_reminder"
    HEAD_REMINDER = "head_reminder"
    UNIT_LACKS_HEAD = "unit_lacks_head"
    """To the Pemda admin: an escalation waits on a head not on the bot; no ticket text."""


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    problem: Problem
    to: tuple[Person, ...]
    reporter: Person | None = None
    """The reporter as staff may see them: None for an anonymous problem, always."""
    actor: Person | None = None
    """Who acted, when staff did (never the reporter)."""
    message: ThreadMessage | None = None
    escalation: Escalation | None = None
    solutions: tuple[Solution, ...] = ()
    text: str = ""
    """A reason, a direction or a chosen solution, as the kind needs."""


@dataclass(frozen=True)
class UnitCounts:
    """How many problems a unit has in each status: what the Pemda sees (no texts)."""

    unit_id: int
    unit_name: str
    counts: dict[Status, int]

    @property
    def open(self) -> int:
        return sum(n for status, n in self.counts.items() if status.is_open)


Order = Literal["newest", "waiting"]
"""Newest reports first, or the problems waiting longest in their status first."""


@dataclass(frozen=True)
class OutgoingNotice:
    """One message for one person (a card's file and the card itself are two)."""

    problem_id: int
    person_id: int
    text: str
    keyboard: str | None
    """The inline keyboard as JSON, or None."""
    attachment: Attachment | None = None


@dataclass(frozen=True)
class QueuedNotice:
    id: int
    notice: OutgoingNotice
    attempts: int
