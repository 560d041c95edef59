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
    FASILITATOR = "fasilitator"

    @property
    def is_leader(self) -> bool:
        """Leaders see their KBK's summaries (everyone but a plain anggota)."""
        return self is not KbkRole.ANGGOTA


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
