"""The KBK's composition against the cited article, and what the new Pemda roles may do."""

from __future__ import annotations

from dataclasses import replace

from bot import permissions
from bot.org.composition import CompositionWarning, Gap, check_composition, composition
from bot.org.models import KbkRole, PemdaRole
from tests.test_problem_rules import person

SERANG = ("penanggung_jawab", "ketua", "sekretaris", "anggota", "fasilitator")
BANGKA_SELATAN = ("penanggung_jawab", "ketua", "sekretaris", "anggota")


def test_the_composition_warns_of_what_the_article_lists_and_the_roster_lacks() -> None:
    unit = [
        person(1, KbkRole.ANGGOTA),
        person(2, KbkRole.KETUA),
        person(3, KbkRole.PENANGGUNG_JAWAB),
        person(4, KbkRole.SEKRETARIS),
    ]
    assert check_composition(unit, BANGKA_SELATAN) == []
    assert check_composition(unit, SERANG) == [
        CompositionWarning(Gap.MISSING, KbkRole.FASILITATOR)
    ]
    two_heads = [*unit, person(5, KbkRole.PENANGGUNG_JAWAB)]
    assert CompositionWarning(Gap.SEVERAL_HEADS, KbkRole.PENANGGUNG_JAWAB) in check_composition(
        two_heads, BANGKA_SELATAN
    )
    gone = [replace(p, active=False) if p.id == 4 else p for p in unit]
    assert check_composition(gone, BANGKA_SELATAN) == [
        CompositionWarning(Gap.MISSING, KbkRole.SEKRETARIS)
    ]
    assert [p.id for p in composition(unit)] == [3, 2, 4, 1]
    # An ASN with no place in the KBK is neither a leader nor on the decree's list.
    staff = person(6, KbkRole.PEGAWAI)
    assert not staff.kbk_role.is_leader
    assert [p.id for p in composition([*unit, staff])] == [3, 2, 4, 1]


def test_the_tim_reads_every_unit_and_the_bupati_only_receives_the_summary() -> None:
    tim = person(7, pemda=PemdaRole.TIM, unit_id=9)
    bupati = person(8, pemda=PemdaRole.BUPATI, unit_id=9)
    assert permissions.may_see_all_units(tim)
    assert permissions.check_command(tim, "unit", private_chat=True) is None
    assert not permissions.may_see_all_units(bupati)
    assert not permissions.may_see_unit(bupati, 1)
    assert not permissions.may_count_problems(bupati)
    assert permissions.check_command(bupati, "masalah", private_chat=True) is not None
    assert permissions.check_command(bupati, "laporan", private_chat=True) is not None
