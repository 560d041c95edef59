"""Roster reconciliation: what importing a roster file changes in the people already known.

Pure: the file's entries, the units and the people as stored in, a :class:`RosterPlan` out,
which the organisation repository writes whole in one transaction (or, in a dry run, only
reports). New NIPs are added, known ones updated in place (their Telegram binding and
history stay), deactivated ones that reappear reactivated, active people missing from the
file deactivated. Units are matched by name, ignoring case and extra spaces, and created
when new; existing units keep their spelling and KBK name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.org.models import Person, RosterEntry
from bot.org.roster import clean_text, unit_key


@dataclass(frozen=True)
class ImportResult:
    """What a roster import changed (or, in a dry run, would change)."""

    people: int
    """People in the file."""
    added: int
    updated: int
    unchanged: int
    reactivated: int
    """People back in the roster after having been deactivated (whatever else changed)."""
    deactivated: int
    """Active people missing from the file."""
    units: int
    """Units in the file."""
    units_added: int
    dry_run: bool
    deactivated_people: tuple[str, ...] = ()
    """``Name (Unit)`` of each person deactivated, by name."""

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.reactivated + self.deactivated + self.units_added


@dataclass(frozen=True)
class Rewrite:
    """A known person whose roster fields the file sets again."""

    person_id: int
    entry: RosterEntry
    reactivated: bool
    """The person had been deactivated (whatever else changed)."""


@dataclass(frozen=True)
class RosterPlan:
    """Every change an import makes; written whole or not at all."""

    entries: int
    """People in the file."""
    units: int
    """Units in the file."""
    new_units: tuple[str, ...]
    """Units to create, spelt as first written in the file, by name."""
    added: tuple[RosterEntry, ...]
    rewrites: tuple[Rewrite, ...]
    unchanged: int
    leaving: tuple[Person, ...]
    """Active people missing from the file, by name."""

    def result(self, *, dry_run: bool) -> ImportResult:
        reactivated = sum(rewrite.reactivated for rewrite in self.rewrites)
        return ImportResult(
            people=self.entries,
            added=len(self.added),
            updated=len(self.rewrites) - reactivated,
            unchanged=self.unchanged,
            reactivated=reactivated,
            deactivated=len(self.leaving),
            units=self.units,
            units_added=len(self.new_units),
            dry_run=dry_run,
            deactivated_people=tuple(f"{p.name} ({p.unit_name})" for p in self.leaving),
        )


def plan_roster(
    entries: Sequence[RosterEntry], units: Mapping[str, int], people: Sequence[Person]
) -> RosterPlan:
    """The changes that make the stored roster the file's.

    ``units`` maps each stored unit's :func:`~bot.org.roster.unit_key` to its id; ``people``
    are everybody stored, active or not. Raises ``ValueError`` for an empty file (it would
    deactivate everybody) or one NIP twice.
    """
    if not entries:
        raise ValueError("an empty roster would deactivate everybody; refusing")
    nips = {e.nip for e in entries}
    if len(nips) != len(entries):
        raise ValueError("duplicate NIP in roster entries")
    file_units: dict[str, str] = {}  # the first spelling in the file wins
    for entry in entries:
        file_units.setdefault(unit_key(entry.unit), clean_text(entry.unit))
    new_units = sorted((n for k, n in file_units.items() if k not in units), key=unit_key)

    known = {person.nip: person for person in people}
    added: list[RosterEntry] = []
    rewrites: list[Rewrite] = []
    unchanged = 0
    for entry in entries:
        person = known.get(entry.nip)
        if person is None:
            added.append(entry)
        elif person.active and _same(person, entry, units.get(unit_key(entry.unit))):
            unchanged += 1
        else:
            rewrites.append(Rewrite(person.id, entry, reactivated=not person.active))

    leaving = sorted(
        (p for p in people if p.active and p.nip not in nips),
        key=lambda p: (p.name.casefold(), p.id),
    )
    return RosterPlan(
        entries=len(entries),
        units=len(file_units),
        new_units=tuple(new_units),
        added=tuple(added),
        rewrites=tuple(rewrites),
        unchanged=unchanged,
        leaving=tuple(leaving),
    )


def _same(person: Person, entry: RosterEntry, unit_id: int | None) -> bool:
    """Whether the file says of a person what is stored (``unit_id`` None: a new unit)."""
    return (
        person.name == entry.name
        and person.position == entry.position
        and person.unit_id == unit_id
        and person.kbk_role is entry.kbk_role
        and person.agen_perubahan == entry.agen_perubahan
        and person.role_model == entry.role_model
        and person.pemda_role is entry.pemda_role
    )
