"""content/values_id.yaml: it validates, has the counts of the regulations and quotes them.

The texts are transcribed from two regulations kept in ``shared/seeds`` next to the repo:
Peraturan Bupati Serang No. 121/2022 (BerAKHLAK, budaya malu, evaluasi) and Peraturan Bupati
Bangka Selatan No. 8/2020, Lampiran I (BESAOH). The strongest check here finds every text of
the file, with its list marker, in the right part of the right regulation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content.loader import load_content
from bot.content.models import Behaviour, ContentPack, Value

CONTENT = Path(__file__).parents[1] / "content" / "values_id.yaml"
SEEDS = Path(__file__).parents[1] / "docs" / "regulations"
SERANG = "perbup_serang_121_2022.txt"
BANGKA_SELATAN = "perbup_bangka_selatan_8_2020.txt"

LETTERS = "abcdefghijklmnopqrstuvwxyz"

BERAKHLAK_NAMES = [
    "Berorientasi Pelayanan",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Loyal",
    "Adaptif",
    "Kolaboratif",
]
BESAOH_NAMES = [
    "Berintegritas",
    "Efektif dan Efisien",
    "Sinergi",
    "Akuntabel",
    "Optimis",
    "Humanis",
]
BESAOH_EXPECTED = {
    "besaoh.berintegritas": 23,
    "besaoh.efektif_efisien": 20,
    "besaoh.sinergi": 18,
    "besaoh.akuntabel": 15,
    "besaoh.optimis": 21,
    "besaoh.humanis": 18,
}


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    return ContentPack.model_validate(data)


def _item_texts(pack: ContentPack) -> dict[str, str]:
    """Id -> text of every behaviour, expected behaviour, budaya malu item and criterion."""
    texts: dict[str, str] = {}
    for value_set in pack.value_sets.values():
        for _, beh in value_set.behaviours():
            texts[beh.id] = beh.text
            texts.update((exp.id, exp.text) for exp in beh.expected)
    texts.update((item.id, item.text) for item in pack.budaya_malu.items)
    for group in pack.evaluasi.groups:
        texts.update((crit.id, crit.text) for crit in group.items)
    return texts


def test_loader_accepts_the_file() -> None:
    # The bot's own loader also refuses a key written twice, which safe_load lets through.
    loaded = load_content(CONTENT)
    assert set(loaded.value_sets) == {"berakhlak", "besaoh"}


def test_berakhlak_counts_and_names(pack: ContentPack) -> None:
    berakhlak = pack.value_set("berakhlak")
    assert berakhlak.name == "BerAKHLAK"
    assert berakhlak.source == "Peraturan Bupati Serang Nomor 121 Tahun 2022, Pasal 3 ayat (2)"
    assert [v.name for v in berakhlak.values] == BERAKHLAK_NAMES
    assert len(berakhlak.values) == 7
    assert len(list(berakhlak.behaviours())) == 21
    assert all(len(v.behaviours) == 3 for v in berakhlak.values)
    assert all(not b.expected for _, b in berakhlak.behaviours())


def test_besaoh_counts_and_names(pack: ContentPack) -> None:
    besaoh = pack.value_set("besaoh")
    assert besaoh.name == "BESAOH"
    assert besaoh.source == "Peraturan Bupati Bangka Selatan Nomor 8 Tahun 2020, Lampiran I"
    assert [v.name for v in besaoh.values] == BESAOH_NAMES
    assert len(besaoh.values) == 6
    assert len(list(besaoh.behaviours())) == 30
    assert all(len(v.behaviours) == 5 for v in besaoh.values)
    per_value = {v.id: sum(len(b.expected) for b in v.behaviours) for v in besaoh.values}
    assert per_value == BESAOH_EXPECTED
    assert sum(per_value.values()) == 115


def test_budaya_malu_and_evaluasi_counts(pack: ContentPack) -> None:
    assert pack.budaya_malu.source == "Peraturan Bupati Serang Nomor 121 Tahun 2022, Pasal 4"
    assert len(pack.budaya_malu.items) == 10
    assert pack.evaluasi.source == (
        "Peraturan Bupati Serang Nomor 121 Tahun 2022, Pasal 10 ayat (4)"
    )
    groups = [(g.id, g.audience, len(g.items)) for g in pack.evaluasi.groups]
    assert groups == [
        ("evaluasi.kepemimpinan", "pimpinan", 10),
        ("evaluasi.pola_pikir", "semua", 5),
        ("evaluasi.perilaku_kerja", "semua", 17),
    ]
    assert pack.evaluasi.criteria_count() == 32


@pytest.mark.parametrize(
    ("item_id", "text"),
    [
        # A spelling slip of the source ("ideology") is kept.
        (
            "berakhlak.loyal.1",
            "Memegang teguh ideology Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan "
            "yang sah",
        ),
        # Split across a page break in the source ("2) Membantu . . .").
        ("berakhlak.kompeten.2", "Membantu orang lain belajar"),
        ("besaoh.berintegritas.1.e", "setia kepada UUD 1945 dan pemerintahan yang syah"),
        (
            "besaoh.berintegritas.5.c",
            "mengemban tugas dengan benar dan tidak meyalahgunakan wewenang",
        ),
        ("besaoh.sinergi.5", 'Membudayakan "BESAOH" atau Gotong Royong'),
        ("malu.9", "Malu tidak ikut memelihara lingkungan kantor"),
        (
            "evaluasi.kepemimpinan.7",
            "Menerapkan system kebijakan public untuk mencapai tujuan dan sasarnya secara "
            "efektif dan efisien",
        ),
        ("evaluasi.perilaku_kerja.1", "Komitmen dan konsistensi"),
    ],
)
def test_spot_texts_equal_the_source(pack: ContentPack, item_id: str, text: str) -> None:
    assert _item_texts(pack)[item_id] == text


def test_spot_definitions_and_group_names(pack: ContentPack) -> None:
    berakhlak = pack.value_set("berakhlak")
    besaoh = pack.value_set("besaoh")
    assert _value(berakhlak.values, "berakhlak.kolaboratif").definition == (
        "Membangun kerja sama yang sinergis."
    )
    assert _value(besaoh.values, "besaoh.efektif_efisien").definition == (
        "Pelaksanaan tugas dapat di selesaikan dengan tepat dan tercapai sesuai rencana dan "
        "tujuan untuk mendapatkan hasil yang optimal dengan sumber daya yang tersedia."
    )
    assert pack.evaluasi.groups[0].name == (
        "Penerapan nilai-nilai dasar budaya kerja dalam kepemimpinan dan manajemen"
    )


def _value(values: tuple[Value, ...], value_id: str) -> Value:
    return next(v for v in values if v.id == value_id)


def test_berakhlak_behaviour_ids_start_with_their_value_id(pack: ContentPack) -> None:
    for value, beh in pack.value_set("berakhlak").behaviours():
        assert beh.id.startswith(value.id + "."), beh.id


def test_ids_follow_the_numbering_of_the_source(pack: ContentPack) -> None:
    for set_id, value_set in pack.value_sets.items():
        for value in value_set.values:
            assert value.id.startswith(set_id + "."), value.id
            for n, beh in enumerate(value.behaviours, 1):
                assert beh.id == f"{value.id}.{n}"
                for letter, exp in zip(LETTERS, beh.expected, strict=False):
                    assert exp.id == f"{beh.id}.{letter}"
    assert [m.id for m in pack.budaya_malu.items] == [f"malu.{n}" for n in range(1, 11)]
    for group in pack.evaluasi.groups:
        assert [c.id for c in group.items] == [
            f"{group.id}.{n}" for n in range(1, len(group.items) + 1)
        ]


def test_list_punctuation_is_dropped_and_definitions_are_sentences(pack: ContentPack) -> None:
    for item_id, text in _item_texts(pack).items():
        assert not text.endswith((";", ".", "; dan")), item_id
        assert text == " ".join(text.split()), item_id
    for value_set in pack.value_sets.values():
        for value in value_set.values:
            assert value.definition[0].isupper(), value.id
            assert value.definition.endswith("."), value.id


def test_keywords_are_few_and_point_at_one_value(pack: ContentPack) -> None:
    for value_set in pack.value_sets.values():
        seen: dict[str, str] = {}
        for value in value_set.values:
            assert 2 <= len(value.keywords) <= 5, value.id
            for keyword in value.keywords:
                assert keyword == keyword.lower(), keyword
                assert seen.setdefault(keyword, value.id) == value.id, keyword


# --- verbatim against the regulations -------------------------------------------------------

_PAGE_BREAK = re.compile(r"^.*\s\.\s\.\s\.[ \t]*$", re.MULTILINE)
"""A page of the source ends by repeating the first words of the next one: '2) Membantu . . .'."""

_NEXT = r"(?=$|\s(?:-\s)?(?:\d+[.)]\s|[a-z]\.\s|<ul|No\s))"
"""What follows an item: the end, the next list marker or the next table row."""
_ITEM_END = r"(?:; dan|;|\.)?" + _NEXT
"""After an item: its list punctuation, then what follows an item."""


def _seed(name: str) -> str:
    """A seed file with the page-break repeats removed and all whitespace collapsed."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return " ".join(_PAGE_BREAK.sub("", text).split())


def _section(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i + len(start))].strip()


def _chunks(section: str, heads: list[str]) -> list[str]:
    """``section`` cut at each head in order; each chunk starts with its head."""
    starts = []
    pos = 0
    for head in heads:
        pos = section.index(head, pos)
        starts.append(pos)
    ends = [*starts[1:], len(section)]
    return [section[s:e].strip(" -") for s, e in zip(starts, ends, strict=True)]


def _quoted(chunk: str, marker: str, text: str) -> bool:
    """Whether ``text`` is a whole list item of ``chunk`` under ``marker`` (e.g. '2)')."""
    pattern = r"(?:^|\s)" + re.escape(f"{marker} {text}") + _ITEM_END
    return re.search(pattern, chunk) is not None


def _definition_in(chunk: str, lead: str, definition: str) -> bool:
    """Whether the definition follows ``lead`` in ``chunk``, its first letter in either case."""
    first = definition[0]
    pattern = lead + f"[{first.lower()}{first.upper()}]" + re.escape(definition[1:]) + _NEXT
    return re.search(pattern, chunk) is not None


def _check_behaviours(
    chunk: str, behaviours: tuple[Behaviour, ...], marker_end: str, missing: list[str]
) -> None:
    for beh in behaviours:
        number = beh.id.rsplit(".", 1)[1]
        if not _quoted(chunk, number + marker_end, beh.text):
            missing.append(f"{beh.id}: {beh.text!r}")
        for exp in beh.expected:
            letter = exp.id.rsplit(".", 1)[1]
            if not _quoted(chunk, letter + ".", exp.text):
                missing.append(f"{exp.id}: {exp.text!r}")


def test_every_text_is_verbatim_in_its_regulation(pack: ContentPack) -> None:
    serang = _seed(SERANG)
    bangka_selatan = _seed(BANGKA_SELATAN)
    missing: list[str] = []

    # BerAKHLAK: Serang Pasal 3 ayat (2), one chunk per value ("a. Berorientasi Pelayanan, ...").
    berakhlak = pack.value_set("berakhlak")
    section = _section(serang, "(2) Nilai budaya kerja di Lingkungan", "Pasal 4")
    heads = [f"{LETTERS[i]}. {v.name}," for i, v in enumerate(berakhlak.values)]
    for value, chunk in zip(berakhlak.values, _chunks(section, heads), strict=True):
        if not _definition_in(
            chunk, re.escape(f"{value.name},") + " (?:yaitu )?", value.definition
        ):
            missing.append(f"{value.id} definition: {value.definition!r}")
        _check_behaviours(chunk, value.behaviours, ")", missing)

    # BESAOH: Bangka Selatan Lampiran I, one chunk per value ("1. BERINTEGRITAS : ...").
    besaoh = pack.value_set("besaoh")
    section = _section(bangka_selatan, "PENJABARAN NILAI BUDAYA KERJA", "BUPATI BANGKA SELATAN,")
    heads = [f"{i}. {v.name.upper()}" for i, v in enumerate(besaoh.values, 1)]
    for value, chunk in zip(besaoh.values, _chunks(section, heads), strict=True):
        if not _definition_in(chunk, re.escape(value.name.upper()) + " ?: ", value.definition):
            missing.append(f"{value.id} definition: {value.definition!r}")
        _check_behaviours(chunk, value.behaviours, ".", missing)

    # Budaya malu: Serang Pasal 4.
    section = _section(serang, "10 (sepuluh) budaya malu", "Pasal 5")
    for n, item in enumerate(pack.budaya_malu.items, 1):
        if not _quoted(section, f"{n})", item.text):
            missing.append(f"{item.id}: {item.text!r}")

    # Evaluasi: Serang Pasal 10 ayat (4), one chunk per group headed by its name.
    section = _section(serang, "(4) Evaluasi atas implementasi", "BAB V")
    groups = pack.evaluasi.groups
    heads = [f"{LETTERS[i]}. {g.name}" for i, g in enumerate(groups)]
    for head, group, chunk in zip(heads, groups, _chunks(section, heads), strict=True):
        if not re.match(re.escape(head) + "[:;] ", chunk):
            missing.append(f"{group.id} name: {group.name!r}")
        for n, crit in enumerate(group.items, 1):
            if not _quoted(chunk, f"{n})", crit.text):
                missing.append(f"{crit.id}: {crit.text!r}")

    assert not missing, "not verbatim in the regulation:\n" + "\n".join(missing)


ARTICLE = re.compile(r"Pasal (\d+)(?: ayat \((\d+)\))?(?: huruf ([a-z]))?")
REGULATION_OF_SET = {"berakhlak": SERANG, "besaoh": BANGKA_SELATAN}


def _article_text(source: str, article: str) -> str:
    """The text of ``Pasal N`` (narrowed to its ayat, then its huruf) in ``source``."""
    found = ARTICLE.match(article)
    assert found, article
    number, ayat, huruf = found.groups()
    start = re.search(rf"^Pasal {number}$", source, re.MULTILINE)
    assert start, f"Pasal {number} is not in the regulation"
    end = re.search(rf"^Pasal {int(number) + 1}$", source[start.end() :], re.MULTILINE)
    body = source[start.end() : start.end() + end.start()] if end else source[start.end() :]
    if ayat:
        at = body.find(f"({ayat}) ")
        assert at >= 0, f"{article}: no ayat ({ayat})"
        following = body.find(f"({int(ayat) + 1}) ", at)
        body = body[at : following if following > 0 else None]
    if huruf:
        at = body.find(f"{huruf}. ")
        assert at >= 0, f"{article}: no huruf {huruf}"
        following = body.find(f"{chr(ord(huruf) + 1)}. ", at)
        # The ayat's opening words name who has the duty; the huruf says which.
        body = body[: body.find("a. ")] + body[at : following if following > 0 else None]
    return body


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


@pytest.mark.parametrize("set_id", sorted(REGULATION_OF_SET))
def test_every_cited_article_says_the_duty_it_is_cited_for(pack: ContentPack, set_id: str) -> None:
    """Each duty's article exists in the regulation of its value set, and the article's own
    text carries the words of the duty (so a wrong number cannot pass)."""
    basis = pack.value_set(set_id).legal_basis
    source = (SEEDS / REGULATION_OF_SET[set_id]).read_text(encoding="utf-8")
    assert basis.regulation.replace("Peraturan Bupati ", "").split(" Nomor")[0] in source
    for name, citation in basis.duties:
        if citation is None:
            continue  # a duty this regulation does not lay down
        body = _article_text(source, citation.article)
        missing = _words(citation.duty) - _words(body)
        assert not missing, f"{set_id}.{name} ({citation.article}) lacks {sorted(missing)}"
