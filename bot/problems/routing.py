"""Who receives a problem, and who an escalation goes to. Pure: people in, people out.

A problem goes to every registered Agen Perubahan of the reporter's unit. A unit without
one sends it to its KBK Ketua and Sekretaris (failing them, its Penanggung jawab), and the
Pemda admin is told the unit lacks an Agen Perubahan. An escalation climbs Ketua -> head of
the unit (Penanggung jawab), skipping a Ketua nobody registered can pass it on, and goes on
to the Pemda only when the head passes it up.

A named reporter never receives their own problem. An anonymous one is routed as if the
reporter were an ordinary anggota of the unit: nobody is left out on their account, so no
skipped level, fallback or text of the routing depends on who they are (an Agen Perubahan
who reports anonymously receives their own report like every other Agen).

A problem of the Pemda desk (a complaint about leaders or integrity, or an anonymous report
the reporter sent to the Pemda) goes to the Pemda desk roles only (Bagian Organisasi and,
when configured, the Inspektorat): nobody of the unit receives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.org.models import PemdaRole, Person
from bot.permissions import (
    ESCALATION_ROLES,
    PEMDA_OVERSIGHT,
    PROBLEM_FALLBACK_ROLES,
    PROBLEM_LAST_RESORT_ROLES,
)
from bot.problems.models import Desk, Level, Problem, Route

LEVELS = (Level.KETUA, Level.KEPALA, Level.PEMDA)
"""The hierarchy an escalation climbs, lowest first."""
UNIT_LEVELS = (Level.KETUA, Level.KEPALA)
"""The levels inside the unit, which an escalation climbs on its own."""


@dataclass(frozen=True)
class Routing:
    recipients: tuple[Person, ...]
    lacks_agent: bool
    """The unit has no registered Agen Perubahan: the Pemda admin is to be told."""


def _reachable(people: Iterable[Person], exclude: Iterable[int]) -> list[Person]:
    skip = set(exclude)
    return [p for p in people if p.active and p.registered and p.id not in skip]


def left_out(problem: Problem) -> list[int]:
    """Who the routing of ``problem`` skips: the named reporter; nobody when anonymous."""
    return [] if problem.anonymous else [problem.reporter_id]


def problem_recipients(
    problem: Problem,
    unit_people: Sequence[Person],
    pemda_people: Sequence[Person],
    desk_roles: Iterable[PemdaRole],
) -> Routing:
    """Who receives ``problem`` (and the reporter's side of its thread)."""
    if problem.desk is Desk.PEMDA:
        roles = set(desk_roles)
        desk = [p for p in _reachable(pemda_people, left_out(problem)) if p.pemda_role in roles]
        return Routing(tuple(desk), lacks_agent=False)
    return unit_recipients(unit_people, left_out(problem))


def unit_recipients(unit_people: Sequence[Person], exclude: Iterable[int]) -> Routing:
    """Who receives a new problem of the unit whose active people are ``unit_people``."""
    people = _reachable(unit_people, exclude)
    agents = [p for p in people if p.agen_perubahan]
    if agents:
        return Routing(tuple(agents), lacks_agent=False)
    for roles in (PROBLEM_FALLBACK_ROLES, PROBLEM_LAST_RESORT_ROLES):
        leaders = [p for p in people if p.kbk_role in roles]
        if leaders:
            return Routing(tuple(leaders), lacks_agent=True)
    return Routing((), lacks_agent=True)


def pemda_admins(pemda_people: Sequence[Person]) -> list[Person]:
    return [p for p in _reachable(pemda_people, []) if p.pemda_role is PemdaRole.ADMIN]


def first_level(route: Route) -> Level:
    """Berjenjang and the SLA start at the Ketua; langsung goes straight to the head."""
    return Level.KEPALA if route is Route.DIRECT else Level.KETUA


def addressees(
    level: Level,
    unit_people: Sequence[Person],
    pemda_people: Sequence[Person],
    exclude: Iterable[int],
) -> list[Person]:
    """Who answers at ``level``: registered, and neither the reporter nor the escalator."""
    if level is Level.PEMDA:
        return [p for p in _reachable(pemda_people, exclude) if p.pemda_role in PEMDA_OVERSIGHT]
    roles = ESCALATION_ROLES[level]
    return [p for p in _reachable(unit_people, exclude) if p.kbk_role in roles]


def escalation_target(
    start: Level,
    unit_people: Sequence[Person],
    pemda_people: Sequence[Person],
    exclude: Iterable[int],
) -> tuple[Level, tuple[Person, ...]]:
    """The first level from ``start`` up with someone to answer, and those people.

    A unit's escalation climbs at most to its head: the head gives the direction (Bangka
    Selatan Pasal 15 ayat (2)) and nobody answers instead of a head who is not on the bot;
    the escalation then waits at the head's level with no one, and the Pemda is told the
    head is missing. The Pemda level is reached only when the head passes a problem up.
    """
    skip = list(exclude)
    if start is Level.PEMDA:
        return Level.PEMDA, tuple(addressees(Level.PEMDA, unit_people, pemda_people, skip))
    for level in UNIT_LEVELS[UNIT_LEVELS.index(start) :]:
        people = addressees(level, unit_people, pemda_people, skip)
        if people:
            return level, tuple(people)
    return Level.KEPALA, ()


def next_level(level: Level) -> Level | None:
    """The level above ``level`` (the Ketua forwards to the head), None at the top."""
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None
