"""Who may do what: the one module every handler consults before acting.

Each command states its audience here, once. ``/bantuan`` and the per-user command menu are
built from the same table, so a person is never shown a command they would be refused.
Pure code: a person (or None for someone not in the roster) in, a decision out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeGuard

from bot.org.models import KbkRole, PemdaRole, Person
from bot.problems.models import Level


class Audience(Enum):
    EVERYONE = "everyone"
    """Anyone who writes to the bot, registered or not."""
    REGISTERED = "registered"
    """Active people of the roster bound to their Telegram account."""
    KBK_LEADER = "kbk_leader"
    """Penanggung jawab, Ketua, Sekretaris and Fasilitator of a KBK (their own KBK only)."""
    KBK_HEAD = "kbk_head"
    """Penanggung jawab and Ketua: those who speak for the KBK (e.g. give it a name)."""
    PEMDA = "pemda"
    """Bagian Organisasi (admin) and the Sekretaris Daerah: all units."""
    PEMDA_ADMIN = "pemda_admin"
    """Bagian Organisasi only: the roster, the invites, the Pemda's calendar."""
    UNIT_VIEWER = "unit_viewer"
    """KBK leaders (their own unit) and the Pemda (every unit): who is in, who is not yet."""
    PROBLEM_DESK = "problem_desk"
    """Agen Perubahan and KBK leaders (their unit's problems), the Pemda (counts per unit)."""


@dataclass(frozen=True)
class Command:
    name: str
    audience: Audience
    private_only: bool
    """Shows personal or other people's data: refused in group chats."""


COMMANDS: tuple[Command, ...] = (
    Command("start", Audience.EVERYONE, private_only=False),
    Command("bantuan", Audience.EVERYONE, private_only=False),
    Command("nilai", Audience.EVERYONE, private_only=False),
    Command("checkin", Audience.REGISTERED, private_only=True),
    Command("riwayat", Audience.REGISTERED, private_only=True),
    Command("profil", Audience.REGISTERED, private_only=True),
    Command("dataku", Audience.REGISTERED, private_only=True),
    Command("hapusdata", Audience.REGISTERED, private_only=True),
    Command("atur", Audience.REGISTERED, private_only=True),
    Command("namakbk", Audience.KBK_HEAD, private_only=True),
    Command("unit", Audience.UNIT_VIEWER, private_only=True),
    # The Admin Pemda's work in the chat (a roster file is simply sent as a document).
    Command("undangan", Audience.PEMDA_ADMIN, private_only=True),
    Command("libur", Audience.PEMDA_ADMIN, private_only=True),
    Command("laporan", Audience.KBK_LEADER, private_only=True),
    # Problems to the Agen Perubahan (Perbup Bangka Selatan 8/2020 Pasal 15).
    Command("lapor", Audience.REGISTERED, private_only=True),
    Command("laporanku", Audience.REGISTERED, private_only=True),
    Command("masalah", Audience.PROBLEM_DESK, private_only=True),
    # Self-assessment (Perbup Serang 121/2022 Pasal 10(4)) and appreciation of colleagues.
    Command("evaluasi", Audience.REGISTERED, private_only=True),
    Command("apresiasi", Audience.REGISTERED, private_only=True),
    # The KBK's rencana aksi (Serang Pasal 6(4); Bangka Selatan Pasal 13(4) b-c).
    Command("rencana", Audience.REGISTERED, private_only=True),
    # Activities: sosialisasi, internalisasi, group discussions, the declaration of values
    # and commitment, and innovation proposals (Bangka Selatan Pasal 12(1), 13(4) d-f).
    Command("kegiatan", Audience.REGISTERED, private_only=True),
    Command("ikrar", Audience.REGISTERED, private_only=True),
    Command("inovasi", Audience.REGISTERED, private_only=True),
    # The decree that forms the KBK (Serang Pasal 6(2); Bangka Selatan Pasal 13(5)).
    Command("sk", Audience.KBK_LEADER, private_only=True),
)
"""Every command, in menu order."""

SUBCOMMANDS: tuple[Command, ...] = (
    # Every unit side by side: a word after /laporan with an audience of its own, so an
    # ASN asking for it hears who may (not "KBK leaders only").
    Command("laporan pemda", Audience.PEMDA, private_only=True),
)
"""Commands with a first word that changes who may use them; not in the menus."""

_BY_NAME = {c.name: c for c in (*COMMANDS, *SUBCOMMANDS)}

PEMDA_OVERSIGHT = (PemdaRole.ADMIN, PemdaRole.SEKDA)
"""Pemda roles that see every unit (reports, counts, escalations). The Inspektorat is not
one of them: it receives the complaints about leaders and integrity, nothing else."""
REPORT_OVERSIGHT = (*PEMDA_OVERSIGHT, PemdaRole.TIM)
"""Pemda roles that read every unit's reports: with the Tim Pengembangan Budaya Kerja,
which monitors and evaluates (Serang Pasal 10(2)). The Bupati is in none of these: he
receives the Pemda's monitoring summary (Serang Pasal 10(3)) and nothing else."""
PROBLEM_DESK_PEMDA_ROLES = (*PEMDA_OVERSIGHT, PemdaRole.INSPEKTORAT)
"""Pemda roles with /masalah: counts per unit, the Pemda desk, what was escalated to them."""

JOIN_APPROVER_ROLES = (KbkRole.KETUA, KbkRole.SEKRETARIS)
"""Who receives join requests of their unit (Perbup Serang Pasal 7: they run the KBK)."""
JOIN_FALLBACK_ROLES = (KbkRole.PENANGGUNG_JAWAB,)
"""Who receives them when the unit has no registered Ketua or Sekretaris."""


class Refusal(Enum):
    NOT_REGISTERED = "not_registered"
    NOT_LEADER = "not_leader"
    NOT_HEAD = "not_head"
    NOT_PEMDA = "not_pemda"
    NOT_PEMDA_ADMIN = "not_pemda_admin"
    NOT_UNIT_VIEWER = "not_unit_viewer"
    NOT_PROBLEM_DESK = "not_problem_desk"
    PRIVATE_ONLY = "private_only"


def _fits(person: Person | None, audience: Audience) -> bool:
    if audience is Audience.EVERYONE:
        return True
    if person is None or not person.active or not person.registered:
        return False
    match audience:
        case Audience.REGISTERED:
            return True
        case Audience.KBK_LEADER:
            return person.kbk_role.is_leader
        case Audience.KBK_HEAD:
            return person.kbk_role in (KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA)
        case Audience.PEMDA:
            return person.pemda_role in REPORT_OVERSIGHT
        case Audience.PEMDA_ADMIN:
            return person.pemda_role is PemdaRole.ADMIN
        case Audience.UNIT_VIEWER:
            return person.pemda_role in REPORT_OVERSIGHT or person.kbk_role.is_leader
        case Audience.PROBLEM_DESK:
            return (
                person.agen_perubahan
                or person.kbk_role.is_leader
                or person.pemda_role in PROBLEM_DESK_PEMDA_ROLES
            )
    return False


_REFUSAL_FOR = {
    Audience.REGISTERED: Refusal.NOT_REGISTERED,
    Audience.KBK_LEADER: Refusal.NOT_LEADER,
    Audience.KBK_HEAD: Refusal.NOT_HEAD,
    Audience.PEMDA: Refusal.NOT_PEMDA,
    Audience.PEMDA_ADMIN: Refusal.NOT_PEMDA_ADMIN,
    Audience.UNIT_VIEWER: Refusal.NOT_UNIT_VIEWER,
    Audience.PROBLEM_DESK: Refusal.NOT_PROBLEM_DESK,
}


def check_command(person: Person | None, name: str, *, private_chat: bool) -> Refusal | None:
    """None if ``person`` may run ``/name`` in this kind of chat, else why not."""
    command = _BY_NAME[name]
    if not _fits(person, command.audience):
        if person is None or not person.registered or not person.active:
            return Refusal.NOT_REGISTERED
        return _REFUSAL_FOR[command.audience]
    if command.private_only and not private_chat:
        return Refusal.PRIVATE_ONLY
    return None


def commands_for(person: Person | None) -> list[str]:
    """The commands ``person`` may use, in menu order (for /bantuan and setMyCommands)."""
    return [c.name for c in COMMANDS if _fits(person, c.audience)]


def may_see_unit(person: Person | None, unit_id: int) -> bool:
    """Leaders see their own KBK only; the Pemda admin, Sekda and Tim see every unit."""
    if person is None or not person.active or not person.registered:
        return False
    if person.pemda_role in REPORT_OVERSIGHT:
        return True
    return person.kbk_role.is_leader and person.unit_id == unit_id


def may_decide_join(person: Person | None, unit_id: int) -> bool:
    """Approving a join request: the unit's Ketua, Sekretaris or Penanggung jawab, or admin."""
    if person is None or not person.active or not person.registered:
        return False
    if person.pemda_role is PemdaRole.ADMIN:
        return True
    roles = (*JOIN_APPROVER_ROLES, *JOIN_FALLBACK_ROLES)
    return person.unit_id == unit_id and person.kbk_role in roles


def may_see_all_units(person: Person | None) -> bool:
    """The Pemda admin, the Sekda and the Tim: every unit side by side (``/laporan pemda``)."""
    return (
        person is not None
        and person.active
        and person.registered
        and person.pemda_role in REPORT_OVERSIGHT
    )


def is_pemda_admin(person: Person | None) -> bool:
    """Bagian Organisasi: may change the roster, the invites and the Pemda's calendar."""
    return _fits(person, Audience.PEMDA_ADMIN)


def may_name_kbk(person: Person | None, unit_id: int) -> bool:
    return _fits(person, Audience.KBK_HEAD) and person is not None and person.unit_id == unit_id


# --- Problems to the Agen Perubahan (Perbup Bangka Selatan 8/2020 Pasal 15) ---------------

PROBLEM_FALLBACK_ROLES = (KbkRole.KETUA, KbkRole.SEKRETARIS)
"""Who receives a unit's problems when it has no registered Agen Perubahan."""
PROBLEM_LAST_RESORT_ROLES = (KbkRole.PENANGGUNG_JAWAB,)
"""Who receives them when the unit has no registered Ketua or Sekretaris either."""
ESCALATION_ROLES: dict[Level, tuple[KbkRole, ...]] = {
    Level.KETUA: (KbkRole.KETUA,),
    Level.KEPALA: (KbkRole.PENANGGUNG_JAWAB,),
}
"""Who answers an escalation at each level of the unit (Level.PEMDA: the Pemda roles)."""


def _member(person: Person | None) -> TypeGuard[Person]:
    return person is not None and person.active and person.registered


def may_handle_problems(person: Person | None, unit_id: int) -> bool:
    """Reading and working a unit's problems: its Agen Perubahan and KBK leaders, no one else
    (not the Pemda: it sees counts, and only the texts escalated to it)."""
    return (
        _member(person)
        and person.unit_id == unit_id
        and (person.agen_perubahan or person.kbk_role.is_leader)
    )


def may_handle_pemda_desk(person: Person | None, roles: tuple[PemdaRole, ...]) -> bool:
    """Reading and working the problems of the Pemda desk (complaints about leaders and
    integrity): the Pemda desk roles (Bagian Organisasi, and the Inspektorat if so set)."""
    return _member(person) and person.pemda_role in roles


def may_answer_escalation(person: Person | None, unit_id: int, level: Level) -> bool:
    """The escalation waits on ``person``: they may open it and act at ``level`` (pass it on
    or, see ``may_direct``, answer it)."""
    if not _member(person):
        return False
    if level is Level.PEMDA:
        return person.pemda_role in PEMDA_OVERSIGHT
    return person.unit_id == unit_id and person.kbk_role in ESCALATION_ROLES[level]


ANSWERING_LEVELS = (Level.KEPALA, Level.PEMDA)
"""Levels whose addressees give the direction and solution; the Ketua only passes it on."""
FORWARDING_LEVELS = (Level.KETUA, Level.KEPALA)
"""Levels that may pass an escalation up: the Ketua to the head, the head to the Pemda."""


def may_direct(person: Person | None, unit_id: int, level: Level) -> bool:
    """Giving the direction and solution of an escalation waiting on ``level``: the head of
    the unit (or the Pemda, for what was passed up to it), never the Ketua."""
    return level in ANSWERING_LEVELS and may_answer_escalation(person, unit_id, level)


def may_count_problems(person: Person | None) -> bool:
    """The Pemda admin and the Sekda see how many problems each unit has, not their texts."""
    return _member(person) and person.pemda_role in PEMDA_OVERSIGHT


# --- Self-assessment and appreciation -------------------------------------------------------

LEADING_KBK_ROLES = (KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA)
"""KBK roles asked the leadership-and-management items of /evaluasi: the head of the unit
(penanggung jawab) and the Ketua, who lead and manage the unit's culture work. Sekretaris
and Fasilitator are KBK leaders for the summaries but hold no leadership of the unit."""
LEADING_PEMDA_ROLES = (PemdaRole.SEKDA,)
"""The Sekretaris Daerah leads the whole administration; the admin role (Bagian Organisasi
staff) is administrative, not a leading role."""


def answers_leadership(person: Person) -> bool:
    """Whether ``person`` is asked the items of the 'pimpinan' groups of the evaluation."""
    return person.kbk_role in LEADING_KBK_ROLES or person.pemda_role in LEADING_PEMDA_ROLES


def may_appreciate(giver: Person | None, colleague: Person | None) -> bool:
    """An appreciation goes to another registered, active person of the giver's unit."""
    return (
        _member(giver)
        and _member(colleague)
        and giver.id != colleague.id
        and giver.unit_id == colleague.unit_id
    )


# --- The rencana aksi -------------------------------------------------------------------------

PLAN_EDITOR_ROLES = (KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA, KbkRole.SEKRETARIS)
"""Who enters and cancels the KBK's programme items: the Ketua and Sekretaris run the KBK's
secretariat and activities (Serang Pasal 7(3)-(4)), the Penanggung jawab oversees them."""


def may_plan(person: Person | None, unit_id: int) -> bool:
    """Entering or cancelling an item of the unit's rencana aksi."""
    return _member(person) and person.unit_id == unit_id and person.kbk_role in PLAN_EDITOR_ROLES


def may_update_item(person: Person | None, unit_id: int, owner_id: int | None) -> bool:
    """Reporting progress on an item (status, evidence): its owner or the unit's editors."""
    return may_plan(person, unit_id) or (
        _member(person) and person.unit_id == unit_id and person.id == owner_id
    )


def may_announce(person: Person | None, unit_id: int) -> bool:
    """Announcing an activity of the unit's KBK: its leaders (Fasilitator included: they
    facilitate and lead the group discussions, Serang Pasal 7(6) f)."""
    return _member(person) and person.unit_id == unit_id and person.kbk_role.is_leader


def may_review_innovation(person: Person | None, unit_id: int) -> bool:
    """The KBK's decision on an innovation proposal: the same leaders as the rencana aksi."""
    return may_plan(person, unit_id)
