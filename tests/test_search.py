"""Fuzzy search for /nilai: typos, everyday words and whole behaviours land on the right item."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Kind, ValueSearch, load_content

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = ValueSearch(PACK.value_set("berakhlak"))
BESAOH = ValueSearch(PACK.value_set("besaoh"))


@pytest.mark.parametrize(
    ("search", "query", "item_id"),
    [
        (BERAKHLAK, "akuntabl", "berakhlak.akuntabel"),
        (BERAKHLAK, "AKUNTABEL", "berakhlak.akuntabel"),
        (BERAKHLAK, "kolaboratif", "berakhlak.kolaboratif"),
        (BERAKHLAK, "kolaboratip", "berakhlak.kolaboratif"),
        (BERAKHLAK, "gotong royong", "berakhlak.harmonis"),
        (BERAKHLAK, "adaptif terhadap perubahan", "berakhlak.adaptif"),
        (BERAKHLAK, "berorientasi pelayanan", "berakhlak.berorientasi_pelayanan"),
        (BERAKHLAK, "menjaga rahasia jabatan", "berakhlak.loyal.3"),
        (BESAOH, "akuntabl", "besaoh.akuntabel"),
        (BESAOH, "gotong royong", "besaoh.sinergi"),
        (BESAOH, "adaptif terhadap perubahan", "besaoh.optimis.4"),
        (BESAOH, "menolak korupsi", "besaoh.berintegritas.2.a"),
    ],
)
def test_query_lands_on_item(search: ValueSearch, query: str, item_id: str) -> None:
    hits = search.search(query)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].item_id == item_id


@pytest.mark.parametrize("query", ["xyzzy qwerty", "asdfgh", "zz", "", "   ", "!!!"])
def test_nonsense_finds_nothing(query: str) -> None:
    assert BERAKHLAK.search(query) == []
    assert BESAOH.search(query) == []


def test_value_wins_a_tie_with_its_behaviour() -> None:
    hits = BERAKHLAK.search("belajar")
    assert hits[0].kind is Kind.VALUE
    assert hits[0].item_id == "berakhlak.kompeten"
    assert any(h.item_id == "berakhlak.kompeten.2" for h in hits[1:])


def test_limit() -> None:
    assert len(BESAOH.search("pelayanan", limit=2)) == 2
