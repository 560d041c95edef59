"""Appreciation's pure logic: finding a colleague by name, the rules, the candidates, buttons."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.appreciation.candidates import AppreciationCount, role_model_candidates
from bot.appreciation.rules import (
    MAX_SENTENCE,
    ColleagueProblem,
    SentenceProblem,
    check_colleague,
    check_sentence,
    clean_sentence,
    left_today,
)
from bot.appreciation.search import find_people, plain_name
from bot.content import load_content
from bot.handlers import apresiasi_keyboards as kb
from bot.org.models import KbkRole, Person

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = PACK.value_set("berakhlak")
NAMES = [
    "Dr. Hendra Gunawan, S.T., M.Kom.",
    "Fitri Handayani, S.Kom., M.T.",
    "Andi Pratama, S.Kom.",
    "Budi Santoso",
    "Maya Sari, S.Sos.",
    "Dedi Kurniawan, S.Kom.",
    "Dewi Anggraini, S.E.",
    "Drs. H. Ahmad Syarifudin, M.Si.",
]


def person(
    person_id: int, name: str, *, unit_id: int = 1, registered: bool = True, active: bool = True
) -> Person:
    return Person(
        id=person_id, nip=f"{person_id:018d}", name=name, position="Staf", unit_id=unit_id,
        unit_name="Unit", kbk_role=KbkRole.ANGGOTA, agen_perubahan=False, role_model=False,
        pemda_role=None, active=active, telegram_user_id=100 + person_id if registered else None,
        registered_at=datetime(2026, 1, 1) if registered else None,  # noqa: DTZ001
    )  # fmt: skip


PEOPLE = [person(i, name) for i, name in enumerate(NAMES, start=1)]


def found(query: str) -> list[str]:
    return [m.person.name for m in find_people(query, PEOPLE)]


def test_plain_names_drop_titles() -> None:
    assert plain_name("Drs. H. Ahmad Syarifudin, M.Si.") == "Ahmad Syarifudin"
    assert plain_name("dr. Hj. Ratna Dewi, M.Kes.") == "Ratna Dewi"
    assert plain_name("apt. Rahmat Hidayat, S.Farm.") == "Rahmat Hidayat"
    assert plain_name("Budi Santoso") == "Budi Santoso"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Budi Santso", "Budi Santoso"),
        ("budy", "Budi Santoso"),
        ("santoso", "Budi Santoso"),
        ("Fitri Handayni", "Fitri Handayani, S.Kom., M.T."),
        ("hendra gunawn", "Dr. Hendra Gunawan, S.T., M.Kom."),
        ("ahmad syarifudin", "Drs. H. Ahmad Syarifudin, M.Si."),
        ("andi pratma", "Andi Pratama, S.Kom."),
    ],
)
def test_misspelt_names_are_found_first(query: str, expected: str) -> None:
    assert found(query)[0] == expected


def test_only_close_matches() -> None:
    assert found("dedi") == ["Dedi Kurniawan, S.Kom."]  # not Dewi as well
    assert found("xyzzy") == []
    assert found("b") == []  # too short to mean anything
    assert len(find_people("a", PEOPLE)) == 0
    assert len(find_people("an", PEOPLE, limit=2)) <= 2


def test_who_may_be_appreciated() -> None:
    giver = PEOPLE[3]
    assert check_colleague(giver, PEOPLE[0]) is None
    assert check_colleague(giver, giver) is ColleagueProblem.SELF
    assert check_colleague(giver, None) is ColleagueProblem.NOT_COLLEAGUE
    other_unit = person(20, "Eko Prasetyo", unit_id=2)
    unregistered = person(21, "Maya Putri", registered=False)
    gone = person(22, "Joko Susilo", active=False)
    for colleague in (other_unit, unregistered, gone):
        assert check_colleague(giver, colleague) is ColleagueProblem.NOT_COLLEAGUE
    assert left_today(0) == 3
    assert left_today(2) == 1
    assert left_today(5) == 0


def test_one_sentence() -> None:
    assert clean_sentence("  Terima kasih\n sudah   membantu.  ") == "Terima kasih sudah membantu."
    assert check_sentence("Terima kasih sudah membantu.") is None
    assert check_sentence("") is SentenceProblem.EMPTY
    assert check_sentence("ok") is SentenceProblem.TOO_SHORT
    assert check_sentence("👍👍👍👍👍👍") is SentenceProblem.TOO_SHORT
    assert check_sentence("a" * MAX_SENTENCE) is None
    assert check_sentence("a" * (MAX_SENTENCE + 1)) is SentenceProblem.TOO_LONG


def test_role_model_candidates() -> None:
    counts = [
        AppreciationCount(1, "Hendra", "berakhlak.akuntabel", appreciators=3, appreciations=3),
        AppreciationCount(2, "Fitri", "berakhlak.akuntabel", appreciators=4, appreciations=4),
        AppreciationCount(3, "Andi", "berakhlak.akuntabel", appreciators=2, appreciations=9),
        AppreciationCount(4, "Budi", "berakhlak.akuntabel", appreciators=3, appreciations=5),
        AppreciationCount(5, "Maya", "berakhlak.akuntabel", appreciators=3, appreciations=3),
        AppreciationCount(6, "Dedi", "berakhlak.kolaboratif", appreciators=3, appreciations=3),
    ]
    per_value = {v.value.id: v.candidates for v in role_model_candidates(BERAKHLAK, counts)}
    assert list(per_value) == [v.id for v in BERAKHLAK.values]
    # Most distinct appreciators, then most appreciations, then by name; at most three; two
    # appreciators are not enough however many appreciations they gave.
    assert [c.name for c in per_value["berakhlak.akuntabel"]] == ["Fitri", "Budi", "Hendra"]
    assert [c.name for c in per_value["berakhlak.kolaboratif"]] == ["Dedi"]
    assert per_value["berakhlak.adaptif"] == []
    strict = role_model_candidates(BERAKHLAK, counts, min_appreciators=4, top=5)
    assert [c.name for v in strict for c in v.candidates] == ["Fitri"]


def test_callback_data_is_short_and_validated() -> None:
    colleague = PEOPLE[0]
    keyboard = kb.send_keyboard(colleague, 6)
    datas = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert datas == ["ap:1:s:1.6.n", "ap:1:s:1.6.a", "ap:1:x:0"]
    assert kb.parse("ap:1:s:1.6.a") == kb.Press(kb.Action.SEND, 1, 6, anonymous=True)
    assert kb.parse("ap:1:c:123") == kb.Press(kb.Action.COLLEAGUE, 123)
    assert kb.parse("ap:1:v:12.3") == kb.Press(kb.Action.VALUE, 12, 3)
    for forged in ("ap:1:s:1.6.q", "ap:1:c:x", "ap:2:c:1", "ap:1:v:1", "ap:1:z:0",
                   "ap:1:v:1.999", "ev:1:c:1", None, "ap:1:c:-1"):  # fmt: skip
        assert kb.parse(forged) is None, forged
