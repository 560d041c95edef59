"""The note matcher: which behaviour a check-in note sounds like."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import load_content
from bot.content.search import NoteMatcher, ValueSearch, note_stem, note_words

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = NoteMatcher(PACK.value_set("berakhlak"))
BESAOH = NoteMatcher(PACK.value_set("besaoh"))


@pytest.mark.parametrize(
    ("note", "behaviour_id"),
    [
        ("membantu rekan belajar aplikasi", "berakhlak.kompeten.2"),
        ("Mengajari teman memakai Excel", "berakhlak.kompeten.2"),
        ("menjaga rahasia jabatan", "berakhlak.loyal.3"),
        ("menolong rekan yang sedang sakit", "berakhlak.harmonis.2"),
        ("menghargai pendapat rekan yang berbeda", "berakhlak.harmonis.1"),
        ("bertindak proaktif menyelesaikan masalah", "berakhlak.adaptif.3"),
        ("membuat inovasi formulir online", "berakhlak.adaptif.2"),
        ("bekerja sama dengan bidang lain menyusun laporan", "berakhlak.kolaboratif.2"),
        ("ikut pelatihan untuk menambah kompetensi", "berakhlak.kompeten.1"),
        ("tidak menyalahgunakan wewenang", "berakhlak.akuntabel.3"),
    ],
)
def test_berakhlak_notes(note: str, behaviour_id: str) -> None:
    match = BERAKHLAK.suggest(note)
    assert match is not None, note
    assert match.behaviour.id == behaviour_id


def test_the_example_of_the_issue() -> None:
    match = BERAKHLAK.suggest("membantu rekan belajar aplikasi")
    assert match is not None
    assert (match.value.name, match.behaviour.text) == ("Kompeten", "Membantu orang lain belajar")


@pytest.mark.parametrize(
    ("note", "behaviour_id"),
    [
        ("menolak gratifikasi", "besaoh.berintegritas.2"),
        ("rapat koordinasi dengan dinas lain", "besaoh.sinergi.3"),
        ("menjaga kebersihan lingkungan kantor", "besaoh.sinergi.5"),
        ("melayani warga dengan ramah", "besaoh.humanis.1"),
        ("menyelesaikan laporan tepat waktu", "besaoh.efektif_efisien.2"),
    ],
)
def test_besaoh_notes_match_expected_behaviours_too(note: str, behaviour_id: str) -> None:
    match = BESAOH.suggest(note)
    assert match is not None, note
    assert match.behaviour.id == behaviour_id


@pytest.mark.parametrize(
    "note",
    [
        "hari ini hujan deras",
        "rapat",
        "makan siang bersama",
        "menolak gratifikasi dari vendor",  # no BerAKHLAK behaviour speaks of it
        "gotong royong membersihkan kantor",  # a value's keyword alone names no behaviour
        "",
        "!!!",
    ],
)
def test_no_suggestion_rather_than_a_wrong_one(note: str) -> None:
    assert BERAKHLAK.suggest(note) is None


def test_a_long_note_is_fine() -> None:
    note = "membantu rekan belajar aplikasi " + "lalu mengerjakan tugas rutin " * 30
    match = BERAKHLAK.suggest(note[:1000])
    assert match is not None
    assert match.value.name == "Kompeten"


def test_ranked_best_first() -> None:
    ranked = BERAKHLAK.rank("menjaga rahasia jabatan dan nama baik instansi")
    assert [m.behaviour.id for m in ranked][:2] == ["berakhlak.loyal.2", "berakhlak.loyal.3"]
    assert ranked[0].evidence >= ranked[1].evidence


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("menolong", "tolong"),
        ("pelayanan", "layan"),
        ("melayani", "layan"),
        ("membantu", "bantu"),
        ("menyalahgunakan", "salahguna"),
        ("belajar", "ajar"),
        ("rapat", "rapat"),
    ],
)
def test_stems(word: str, stem: str) -> None:
    assert note_stem(word) == stem


def test_words_drop_stopwords_and_map_everyday_words() -> None:
    assert note_words("Hari ini saya membantu rekan") == {"bantu", "orang"}


def test_value_search_is_unchanged() -> None:
    hits = ValueSearch(PACK.value_set("berakhlak")).search("membantu rekan belajar aplikasi")
    assert [h.item_id for h in hits] == ["berakhlak.kompeten"]
