"""Onboarding decisions: redeem an invite code, ask to join by NIP, decide a join request.

Pure of Telegram: repositories in, an outcome out; the handlers render the outcome. Every
refusal is written to the audit log so the Pemda admin can see attempts on the roster.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from bot.org.models import (
    AlreadyBoundError,
    AuditEvent,
    InviteStatus,
    JoinRequest,
    JoinStatus,
    PemdaRole,
    Person,
)
from bot.org.nip import NipError, mask_nip, normalize_nip
from bot.org.ports import AuditTrail, Invites, JoinRequests, OnboardingPeople
from bot.permissions import JOIN_APPROVER_ROLES, JOIN_FALLBACK_ROLES, may_decide_join

log = logging.getLogger(__name__)

NIP_ATTEMPTS_PER_DAY = 5
"""NIPs one Telegram account may try per day, known or not: the roster is no guessing game."""
REQUESTS_PER_NIP_PER_DAY = 3
"""Join attempts for one NIP per day, from all accounts together: beyond that the leaders
are not written to again (and the requester is told the same as always)."""


@dataclass(frozen=True)
class Onboarding:
    """The repositories onboarding works with."""

    org: OnboardingPeople
    invites: Invites
    joins: JoinRequests
    audit: AuditTrail


class Redeem(Enum):
    REGISTERED = "registered"
    ALREADY_YOU = "already_you"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    NIP_BOUND_ELSEWHERE = "nip_bound_elsewhere"
    ACCOUNT_BOUND_ELSEWHERE = "account_bound_elsewhere"


@dataclass(frozen=True)
class RedeemResult:
    outcome: Redeem
    person: Person | None = None


async def redeem_invite(
    repos: Onboarding, code: str, telegram_user_id: int, now: datetime
) -> RedeemResult:
    """``/start <code>``: bind the account to the invited person, once."""
    invite = await repos.invites.find(code) if len(code) <= 64 else None
    status = invite.status(now) if invite else InviteStatus.UNKNOWN
    person = await repos.org.person(invite.person_id) if invite else None
    current = await repos.org.person_by_telegram(telegram_user_id)
    if invite is None or person is None or not person.active:
        await _refuse(repos, AuditEvent.INVITE_UNKNOWN, now, telegram_user_id, None, code)
        return RedeemResult(Redeem.UNKNOWN)
    if current is not None and current.id == person.id:
        return RedeemResult(Redeem.ALREADY_YOU, person)
    if status is InviteStatus.USED:
        await _refuse(repos, AuditEvent.INVITE_USED, now, telegram_user_id, person.id, code)
        return RedeemResult(Redeem.USED)
    if status is InviteStatus.EXPIRED:
        await _refuse(repos, AuditEvent.INVITE_EXPIRED, now, telegram_user_id, person.id, code)
        return RedeemResult(Redeem.EXPIRED)
    if current is not None:
        await _refuse(
            repos, AuditEvent.ACCOUNT_BOUND_ELSEWHERE, now, telegram_user_id, person.id, code
        )
        return RedeemResult(Redeem.ACCOUNT_BOUND_ELSEWHERE, current)
    if person.registered:
        await _refuse(
            repos, AuditEvent.NIP_BOUND_ELSEWHERE, now, telegram_user_id, person.id, code
        )
        return RedeemResult(Redeem.NIP_BOUND_ELSEWHERE)
    if not await repos.invites.use(code, telegram_user_id, now):
        # Used by someone else between our read and our write.
        await _refuse(repos, AuditEvent.INVITE_USED, now, telegram_user_id, person.id, code)
        return RedeemResult(Redeem.USED)
    try:
        await repos.org.bind_telegram(person.id, telegram_user_id, now)
    except AlreadyBoundError:
        await _refuse(
            repos, AuditEvent.NIP_BOUND_ELSEWHERE, now, telegram_user_id, person.id, code
        )
        return RedeemResult(Redeem.NIP_BOUND_ELSEWHERE)
    await repos.audit.record(
        AuditEvent.INVITE_ACCEPTED, now, telegram_user_id=telegram_user_id, person_id=person.id
    )
    bound = await repos.org.person(person.id)
    return RedeemResult(Redeem.REGISTERED, bound)


class Join(Enum):
    SENT = "sent"
    """Whatever happened to a well-formed NIP (sent, unknown, taken, pending, merged): the
    requester is told one and the same thing, so the bot is no oracle of the roster."""
    BAD_NIP = "bad_nip"
    TOO_MANY_TRIES = "too_many_tries"
    ALREADY_REGISTERED = "already_registered"


@dataclass(frozen=True)
class JoinResult:
    outcome: Join
    person: Person | None = None
    """For SENT: the person the leaders are asked about, only when they are to be told."""
    request: JoinRequest | None = None
    approvers: list[Person] = field(default_factory=list)
    """Whom to tell of a new request (empty: nobody is written to)."""
    reason: str = ""
    """Why a NIP was malformed, in Indonesian (for BAD_NIP)."""


async def approvers_of(org: OnboardingPeople, unit_id: int) -> list[Person]:
    """Who decides a unit's join requests: its registered Ketua and Sekretaris; failing them
    the Penanggung jawab; failing all, the Pemda admin."""
    for roles in (JOIN_APPROVER_ROLES, JOIN_FALLBACK_ROLES):
        people = [p for p in await org.unit_leaders(unit_id, roles) if p.registered]
        if people:
            return people
    return [p for p in await org.pemda_people(PemdaRole.ADMIN) if p.registered]


async def request_join(
    repos: Onboarding, raw_nip: str, telegram_user_id: int, now: datetime
) -> JoinResult:
    """An unregistered user gave a NIP: ask whoever may approve it, without telling the user
    whether the NIP is in the roster, whose it is or whether it is taken.

    Every well-formed attempt counts toward the account's daily limit; one NIP gets at most
    one pending request (from any account) and a few attempts a day, so the leaders hear of
    it once.
    """
    current = await repos.org.person_by_telegram(telegram_user_id)
    if current is not None:
        return JoinResult(Join.ALREADY_REGISTERED, current)
    since = now - timedelta(days=1)
    if await repos.audit.count_since(AuditEvent.JOIN_ATTEMPT, telegram_user_id, since) >= (
        NIP_ATTEMPTS_PER_DAY
    ):
        return JoinResult(Join.TOO_MANY_TRIES)
    try:
        nip = normalize_nip(raw_nip)
    except NipError as exc:
        return JoinResult(Join.BAD_NIP, reason=str(exc))
    nip_tries = await repos.audit.count_detail_since(AuditEvent.JOIN_ATTEMPT, nip, since)
    await repos.audit.record(
        AuditEvent.JOIN_ATTEMPT, now, telegram_user_id=telegram_user_id, detail=nip
    )
    person = await repos.org.person_by_nip(nip)
    if person is None or not person.active:
        await _refuse(repos, AuditEvent.NIP_UNKNOWN, now, telegram_user_id, None, nip)
        return JoinResult(Join.SENT)
    if person.registered:
        await _refuse(repos, AuditEvent.NIP_BOUND_ELSEWHERE, now, telegram_user_id, person.id, nip)
        return JoinResult(Join.SENT)
    if nip_tries >= REQUESTS_PER_NIP_PER_DAY or await repos.joins.pending_of_person(person.id):
        # Merged into the request the leaders already have (or over the NIP's daily limit).
        await repos.audit.record(
            AuditEvent.JOIN_MERGED, now, telegram_user_id=telegram_user_id, person_id=person.id
        )
        return JoinResult(Join.SENT)
    approvers = await approvers_of(repos.org, person.unit_id)
    if not approvers:
        log.warning("join request for person %s: nobody can approve it", person.id)
        return JoinResult(Join.SENT)
    request = await repos.joins.create(person.id, telegram_user_id, now)
    await repos.audit.record(
        AuditEvent.JOIN_REQUESTED, now, telegram_user_id=telegram_user_id, person_id=person.id
    )
    return JoinResult(Join.SENT, person, request, approvers)


class Decide(Enum):
    APPROVED = "approved"
    REJECTED = "rejected"
    NOT_ALLOWED = "not_allowed"
    ALREADY_DECIDED = "already_decided"
    NIP_BOUND_ELSEWHERE = "nip_bound_elsewhere"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DecideResult:
    outcome: Decide
    request: JoinRequest | None = None
    person: Person | None = None
    """The person who asked to join."""


async def decide_join(
    repos: Onboarding, request_id: int, approve: bool, decider: Person | None, now: datetime
) -> DecideResult:
    """A leader pressed Setujui or Tolak on a join request."""
    request = await repos.joins.get(request_id)
    person = await repos.org.person(request.person_id) if request else None
    if request is None or person is None:
        return DecideResult(Decide.UNKNOWN)
    if decider is None or not may_decide_join(decider, person.unit_id):
        await repos.audit.record(
            AuditEvent.FORGED_CALLBACK,
            now,
            telegram_user_id=decider.telegram_user_id if decider else None,
            person_id=decider.id if decider else None,
            detail=f"join request {request_id} of unit {person.unit_id}",
        )
        return DecideResult(Decide.NOT_ALLOWED, request, person)
    if request.status is not JoinStatus.PENDING:
        return DecideResult(Decide.ALREADY_DECIDED, request, person)
    if approve:
        if person.registered or not await _bind(repos, person, request, now):
            await repos.joins.decide(request_id, JoinStatus.REJECTED, decider.id, now)
            return DecideResult(Decide.NIP_BOUND_ELSEWHERE, request, person)
        status, event, outcome = JoinStatus.APPROVED, AuditEvent.JOIN_APPROVED, Decide.APPROVED
    else:
        status, event, outcome = JoinStatus.REJECTED, AuditEvent.JOIN_REJECTED, Decide.REJECTED
    if not await repos.joins.decide(request_id, status, decider.id, now):
        return DecideResult(Decide.ALREADY_DECIDED, request, person)
    await repos.audit.record(
        event,
        now,
        telegram_user_id=request.telegram_user_id,
        person_id=person.id,
        detail=f"by person {decider.id}",
    )
    return DecideResult(outcome, request, await repos.org.person(person.id))


async def _bind(repos: Onboarding, person: Person, request: JoinRequest, now: datetime) -> bool:
    try:
        await repos.org.bind_telegram(person.id, request.telegram_user_id, now)
    except AlreadyBoundError:
        return False
    return True


async def _refuse(
    repos: Onboarding,
    event: AuditEvent,
    now: datetime,
    telegram_user_id: int,
    person_id: int | None,
    detail: str,
) -> None:
    # Codes are secrets: log only a prefix, enough to match a complaint to an entry.
    shown = detail[:6] + "…" if event.value.startswith("invite") else detail
    # A NIP names a person: the log gets it masked, the audit log (for the admin) whole.
    logged = shown if event.value.startswith("invite") else mask_nip(detail)
    log.warning(
        "onboarding refused (%s) for Telegram user %s: %s", event, telegram_user_id, logged
    )
    await repos.audit.record(
        event, now, telegram_user_id=telegram_user_id, person_id=person_id, detail=shown
    )
