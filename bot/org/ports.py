"""What the organisation's services read and write through storage: people, invites, join
requests and the audit log (``bot.storage.org``, ``bot.storage.onboarding``).

Small :class:`~typing.Protocol` classes the repositories satisfy structurally; each service
names just the methods it calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from bot.org.models import (
    AuditEvent,
    Invite,
    JoinRequest,
    JoinStatus,
    KbkRole,
    PemdaRole,
    Person,
    Unit,
)


class PersonById(Protocol):
    async def person(self, person_id: int) -> Person | None: ...


class PemdaPeople(Protocol):
    async def pemda_people(self, role: PemdaRole | None = None) -> list[Person]: ...


class UnitLeaders(Protocol):
    async def unit_leaders(self, unit_id: int, roles: Iterable[KbkRole]) -> list[Person]: ...


class UnitPeople(PersonById, PemdaPeople, Protocol):
    """A person, a unit's people and the Pemda's (who handles a problem, who is told)."""

    async def people_of_unit(self, unit_id: int, *, active_only: bool = True) -> list[Person]: ...


class OnboardingPeople(PersonById, PemdaPeople, UnitLeaders, Protocol):
    """Finding the person an invite or a join request is about, and binding their account."""

    async def bind_telegram(
        self, person_id: int, telegram_user_id: int, now: datetime
    ) -> None: ...

    async def person_by_nip(
        self, nip: str, *, include_inactive: bool = False
    ) -> Person | None: ...

    async def person_by_telegram(self, telegram_user_id: int) -> Person | None: ...


class Units(Protocol):
    async def units(self) -> list[Unit]: ...


class ReportRecipients(Units, PemdaPeople, UnitLeaders, Protocol):
    """Who receives the scheduled reports: each unit's leaders and the Pemda's people."""


class Invites(Protocol):
    async def issue(
        self, person_ids: list[int], now: datetime, ttl: timedelta
    ) -> dict[int, tuple[str, datetime]]: ...

    async def latest(self, person_ids: list[int]) -> dict[int, Invite]: ...

    async def find(self, code: str) -> Invite | None: ...

    async def use(self, code: str, telegram_user_id: int, now: datetime) -> bool: ...


class JoinRequests(Protocol):
    async def create(
        self, person_id: int, telegram_user_id: int, now: datetime
    ) -> JoinRequest: ...

    async def decide(
        self, request_id: int, status: JoinStatus, decided_by: int, now: datetime
    ) -> bool: ...

    async def get(self, request_id: int) -> JoinRequest | None: ...

    async def pending_of_person(self, person_id: int) -> JoinRequest | None: ...


class AuditRecorder(Protocol):
    async def record(
        self,
        event: AuditEvent,
        now: datetime,
        *,
        telegram_user_id: int | None = None,
        person_id: int | None = None,
        detail: str = "",
    ) -> None: ...


class AuditTrail(AuditRecorder, Protocol):
    """Recording events and counting recent ones (how often someone tried a code)."""

    async def count_detail_since(self, event: AuditEvent, detail: str, since: datetime) -> int: ...

    async def count_since(
        self, event: AuditEvent, telegram_user_id: int, since: datetime
    ) -> int: ...
