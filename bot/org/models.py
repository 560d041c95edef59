"""Typed records of the organisation, shared by the roster import, storage and handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class KbkRole(StrEnum):
    """A person's role in their unit's Kelompok Budaya Kerja (Perbup Serang 121/2022 Pasal 7)."""

    PENANGGUNG_JAWAB = "penanggung_jawab"
    KETUA = "ketua"
    SEKRETARIS = "sekretaris"
    ANGGOTA = "anggota"
    """A member of the KBK: in Bangka Selatan Pasal 13(3) d the representative of a Bidang,
    Bagian, Subbagian or Seksi, not every ASN of the unit."""
    FASILITATOR = "fasilitator"
    PEGAWAI = "pegawai"
    """An ASN of the unit who holds no place in its KBK (the roster's default)."""

    @property
    def is_leader(self) -> bool:
        """Leaders see their KBK's summaries (everyone but a plain anggota)."""
        return self not in (KbkRole.ANGGOTA, KbkRole.PEGAWAI)

    @property
    def in_kbk(self) -> bool:
        """Whether the position is one of the KBK's composition (the decree lists them)."""
        return self is not KbkRole.PEGAWAI


class PemdaRole(StrEnum):
    """A Pemda-wide role: Bagian Organisasi (admin), the Sekretaris Daerah, or the
    Inspektorat (which receives complaints about leaders and integrity, nothing else)."""

    ADMIN = "admin"
    SEKDA = "sekda"
    TIM = "tim"
    """A member of the Tim Pengembangan Budaya Kerja (Serang Pasal 9-10): monitoring and
    evaluation of every unit, the Pemda's summary for the Bupati."""
    BUPATI = "bupati"
    """Receives the Pemda's monitoring summary (Serang Pasal 10(3)) and nothing else."""
    INSPEKTORAT = "inspektorat"


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    """The Perangkat Daerah / Unit Kerja as written in the roster."""
    kbk_name: str | None
    """The KBK's own name (Pasal 6(5)), if the unit gave it one."""

    @property
    def kbk_display_name(self) -> str:
        return self.kbk_name or f"KBK {self.name}"


@dataclass(frozen=True)
class RosterEntry:
    """One valid row of a roster file."""

    nip: str
    """18 digits, spaces removed."""
    name: str
    position: str
    unit: str
    kbk_role: KbkRole
    agen_perubahan: bool
    role_model: bool
    pemda_role: PemdaRole | None


@dataclass(frozen=True)
class Person:
    id: int
    nip: str
    name: str
    position: str
    unit_id: int
    unit_name: str
    kbk_role: KbkRole
    agen_perubahan: bool
    role_model: bool
    pemda_role: PemdaRole | None
    active: bool
    telegram_user_id: int | None
    registered_at: datetime | None

    @property
    def registered(self) -> bool:
        return self.telegram_user_id is not None


@dataclass(frozen=True)
class UnitStats:
    """How far a unit's active people have joined the bot."""

    unit: Unit
    members: int
    """Active people of the roster in the unit."""
    registered: int
    """Of those, people bound to a Telegram account."""
    unreachable: int
    """Of the registered, people the bot cannot reach (blocked it, chat gone)."""

    @property
    def unregistered(self) -> int:
        return self.members - self.registered

    @property
    def reachable(self) -> int:
        return self.registered - self.unreachable


class AlreadyBoundError(Exception):
    """The person already has another Telegram account, or the account another person."""

    def __init__(
        self,
        person_id: int,
        telegram_user_id: int,
        *,
        bound_user_id: int | None = None,
        bound_person_id: int | None = None,
    ) -> None:
        super().__init__(
            f"person {person_id} / Telegram user {telegram_user_id}: person bound to "
            f"{bound_user_id}, account bound to person {bound_person_id}"
        )
        self.person_id = person_id
        self.telegram_user_id = telegram_user_id
        self.bound_user_id = bound_user_id
        """The other account the person is bound to, if that is the clash."""
        self.bound_person_id = bound_person_id
        """The other person the account is bound to, if that is the clash."""


class InviteStatus(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Invite:
    person_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None

    def status(self, now: datetime) -> InviteStatus:
        if self.used_at is not None:
            return InviteStatus.USED
        if now >= self.expires_at:
            return InviteStatus.EXPIRED
        return InviteStatus.OK


class JoinStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class JoinRequest:
    id: int
    person_id: int
    telegram_user_id: int
    status: JoinStatus
    created_at: datetime
    decided_at: datetime | None
    decided_by: int | None


class AuditEvent(StrEnum):
    INVITE_UNKNOWN = "invite_unknown"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"
    INVITE_ACCEPTED = "invite_accepted"
    NIP_UNKNOWN = "nip_unknown"
    NIP_BOUND_ELSEWHERE = "nip_bound_elsewhere"
    ACCOUNT_BOUND_ELSEWHERE = "account_bound_elsewhere"
    JOIN_ATTEMPT = "join_attempt"
    """A well-formed NIP typed to ask to join (the NIP in ``detail``): counted per account
    and per NIP."""
    JOIN_MERGED = "join_merged"
    """A request for a NIP that already has one pending: no second notice."""
    JOIN_REQUESTED = "join_requested"
    JOIN_APPROVED = "join_approved"
    JOIN_REJECTED = "join_rejected"
    FORGED_CALLBACK = "forged_callback"
    COMMAND_REFUSED = "command_refused"
    # An Admin Pemda's work in the chat (detail: what, e.g. the file and its counts).
    ROSTER_CHECKED = "roster_checked"
    ROSTER_APPLIED = "roster_applied"
    ROSTER_CANCELLED = "roster_cancelled"
    INVITES_ISSUED = "invites_issued"
    CALENDAR_CHANGED = "calendar_changed"
    CALENDAR_CANCELLED = "calendar_cancelled"


@dataclass(frozen=True)
class TelegramUser:
    user_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    unreachable_since: datetime | None
    unreachable_reason: str | None

    @property
    def reachable(self) -> bool:
        return self.unreachable_since is None
