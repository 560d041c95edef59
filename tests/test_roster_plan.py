"""Roster reconciliation as a pure plan: plain records in, the changes out, no database."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.org.models import KbkRole, Person, RosterEntry
from bot.org.reconcile import Rewrite, plan_roster

UNITS = {"dinas kominfo": 1, "kecamatan sukamaju": 2}


def entry(nip: str, name: str, unit: str = "Dinas Kominfo", **changes: Any) -> RosterEntry:
    base = RosterEntry(
        nip=nip,
        name=name,
        position="Staf",
        unit=unit,
        kbk_role=KbkRole.ANGGOTA,
        agen_perubahan=False,
        role_model=False,
        pemda_role=None,
    )
    return replace(base, **changes)


def stored(person_id: int, e: RosterEntry, unit_id: int, *, active: bool = True) -> Person:
    return Person(
        id=person_id,
        nip=e.nip,
        name=e.name,
        position=e.position,
        unit_id=unit_id,
        unit_name=e.unit,
        kbk_role=e.kbk_role,
        agen_perubahan=e.agen_perubahan,
        role_model=e.role_model,
        pemda_role=e.pemda_role,
        active=active,
        telegram_user_id=None,
        registered_at=None,
    )


ANI = entry("1", "Ani")
BAMBANG = entry("2", "Bambang")
CICI = entry("3", "Cici", "Kecamatan Sukamaju")
DEDI = entry("4", "dedi", "Kecamatan Sukamaju")
EKO = entry("5", "Eko")


def test_each_person_lands_in_exactly_one_kind_of_change() -> None:
    people = [
        stored(10, ANI, 1),  # same in the file: unchanged
        stored(11, BAMBANG, 1),  # moves to Sukamaju: updated
        stored(12, CICI, 2, active=False),  # back in the file: reactivated
        stored(13, DEDI, 2),  # missing from the file: deactivated
        stored(14, EKO, 1),  # missing too
    ]
    file = [ANI, replace(BAMBANG, unit="Kecamatan  SUKAMAJU"), CICI, entry("6", "Fajar")]

    plan = plan_roster(file, UNITS, people)

    assert [e.nip for e in plan.added] == ["6"]
    assert plan.rewrites == (
        Rewrite(11, file[1], reactivated=False),
        Rewrite(12, CICI, reactivated=True),
    )
    assert plan.unchanged == 1
    # By name, case ignored: "dedi" before "Eko".
    assert [p.id for p in plan.leaving] == [13, 14]
    assert plan.new_units == ()
    result = plan.result(dry_run=True)
    assert (result.added, result.updated, result.reactivated, result.deactivated) == (1, 1, 1, 2)
    assert result.deactivated_people == ("dedi (Kecamatan Sukamaju)", "Eko (Dinas Kominfo)")
    assert result.changes == 5


def test_a_new_unit_is_created_once_as_first_spelt_and_its_people_change() -> None:
    # Ani is stored in unit 1; the file moves her to a unit nobody has stored yet.
    people = [stored(10, ANI, 1)]
    file = [replace(ANI, unit="Dinas  Pariwisata"), entry("7", "Gita", "DINAS PARIWISATA")]

    plan = plan_roster(file, UNITS, people)

    assert plan.new_units == ("Dinas Pariwisata",)
    assert plan.units == 1
    assert [r.person_id for r in plan.rewrites] == [10]
    assert plan.result(dry_run=False).units_added == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ([], "an empty roster would deactivate everybody"),
        ([ANI, replace(BAMBANG, nip=ANI.nip)], "duplicate NIP"),
    ],
)
def test_a_file_that_would_do_harm_is_refused(file: list[RosterEntry], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan_roster(file, UNITS, [stored(10, ANI, 1)])
