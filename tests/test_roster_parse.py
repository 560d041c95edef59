"""Reading roster files: every kind of bad row is reported with its spreadsheet row number."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.org.models import KbkRole, PemdaRole, RosterEntry
from bot.org.roster import COLUMNS, RosterParse, parse_roster

ROOT = Path(__file__).parents[1]
HEADER = ";".join(COLUMNS)
A = "196703211992031008"
B = "198301222009022008"
C = "199502282021031001"


def row(
    nip: str = A,
    nama: str = "Budi Santoso",
    jabatan: str = "Analis",
    unit: str = "Dinas Kesehatan",
    peran_kbk: str = "anggota",
    agen: str = "tidak",
    role_model: str = "tidak",
    pemda: str = "",
    sep: str = ";",
) -> str:
    return sep.join([nip, nama, jabatan, unit, peran_kbk, agen, role_model, pemda])


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def rendered(parsed: RosterParse) -> list[str]:
    return [problem.render() for problem in parsed.problems]


def test_good_file_gives_entries() -> None:
    parsed = parse_roster(
        csv_text(
            row(A, "Drs. H. Ahmad, M.Si.", "Kepala Dinas", peran_kbk="penanggung_jawab"),
            row(B, "Fitri", "Kabid", peran_kbk="ketua", agen="ya", pemda="admin"),
            row(C, "Rizky", "Pranata", peran_kbk="", agen="", role_model="YA", pemda="sekda"),
        )
    )
    assert parsed.ok
    assert parsed.bad_lines == 0
    assert parsed.entries == [
        RosterEntry(
            A,
            "Drs. H. Ahmad, M.Si.",
            "Kepala Dinas",
            "Dinas Kesehatan",
            KbkRole.PENANGGUNG_JAWAB,
            False,
            False,
            None,
        ),
        RosterEntry(
            B, "Fitri", "Kabid", "Dinas Kesehatan", KbkRole.KETUA, True, False, PemdaRole.ADMIN
        ),
        RosterEntry(
            C,
            "Rizky",
            "Pranata",
            "Dinas Kesehatan",
            KbkRole.PEGAWAI,  # an empty cell: no place in the KBK, not "anggota"
            False,
            True,
            PemdaRole.SEKDA,
        ),
    ]


def test_comma_file_with_quoted_commas_bom_and_crlf() -> None:
    text = (
        "\ufeff" + ",".join(COLUMNS) + "\r\n"
        f'{A},"Dr. Hendra Gunawan, S.T., M.Kom.",Kepala Dinas,Dinas Kominfo,ketua,ya,tidak,\r\n'
    )
    parsed = parse_roster(text)
    assert parsed.ok, rendered(parsed)
    (entry,) = parsed.entries
    assert entry.nip == A
    assert entry.name == "Dr. Hendra Gunawan, S.T., M.Kom."
    assert entry.kbk_role is KbkRole.KETUA
    assert entry.agen_perubahan is True


def test_header_in_other_order_and_spelling() -> None:
    header = "Nama;NIP;Jabatan;Unit;Peran KBK;Agen Perubahan;Role Model;Peran Pemda;;"
    parsed = parse_roster(csv_text(f"Budi;{A};Analis;Dinas X;Ketua;Ya;tidak;;;", header=header))
    assert parsed.ok, rendered(parsed)
    assert parsed.entries[0].nip == A
    assert parsed.entries[0].name == "Budi"
    assert parsed.entries[0].kbk_role is KbkRole.KETUA


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("Penanggung Jawab", KbkRole.PENANGGUNG_JAWAB),
        ("  penanggung  jawab ", KbkRole.PENANGGUNG_JAWAB),
        ("PENANGGUNG-JAWAB", KbkRole.PENANGGUNG_JAWAB),
        ("Sekretaris", KbkRole.SEKRETARIS),
        ("Fasilitator", KbkRole.FASILITATOR),
        ("Anggota", KbkRole.ANGGOTA),
        ("", KbkRole.PEGAWAI),
    ],
)
def test_kbk_role_spellings(written: str, role: KbkRole) -> None:
    parsed = parse_roster(csv_text(row(peran_kbk=written)))
    assert parsed.ok, rendered(parsed)
    assert parsed.entries[0].kbk_role is role


def test_spaces_in_cells_are_tidied() -> None:
    parsed = parse_roster(
        csv_text(row(nip="19670321 199203 1 008", nama="  Budi   Santoso ", unit=" Dinas  X "))
    )
    assert parsed.ok
    entry = parsed.entries[0]
    assert (entry.nip, entry.name, entry.unit) == (A, "Budi Santoso", "Dinas X")


def test_every_bad_row_is_listed_with_its_line() -> None:
    parsed = parse_roster(
        csv_text(
            row(A),  # line 2: fine
            row("19670321199203100"),  # line 3
            row(B, nama=""),  # line 4
            row(C, peran_kbk="kepala", agen="mungkin"),  # line 5: two problems
        )
    )
    assert not parsed.ok
    assert parsed.bad_lines == 3
    assert rendered(parsed) == [
        "baris 3: NIP harus 18 angka (tertulis 17)",
        "baris 4: kolom nama kosong (wajib diisi)",
        'baris 5: peran_kbk tidak dikenal: "kepala" (pilihan: penanggung_jawab, ketua, '
        "sekretaris, anggota, fasilitator, pegawai; kosong = pegawai)",
        'baris 5: agen_perubahan harus "ya" atau "tidak" (tertulis "mungkin"; kosong = tidak)',
    ]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (row(nip=""), "kolom nip kosong (wajib diisi)"),
        (row(jabatan=" "), "kolom jabatan kosong (wajib diisi)"),
        (row(unit=""), "kolom unit kosong (wajib diisi)"),
        (row(nip="1.96703E+17"), "format kolom nip sebagai Teks"),
        (row(nip="196703211992031000"), "tidak boleh 000"),
        (row(nip="196702301992031008"), "bukan tanggal yang sah"),
        (row(nama="x" * 201), "nama terlalu panjang (201 karakter, paling banyak 200)"),
        (row(jabatan="x" * 250), "jabatan terlalu panjang (250 karakter"),
        (row(unit="x" * 201), "unit terlalu panjang (201 karakter"),
        (row(role_model="mungkin"), 'role_model harus "ya" atau "tidak" (tertulis "mungkin"'),
        (row(pemda="walikota"), 'peran_pemda tidak dikenal: "walikota" (pilihan: admin, sekda'),
        (row(pemda="admin;lebih"), "baris berisi 9 kolom, judul hanya 8"),
    ],
)
def test_bad_cell(bad_row: str, message: str) -> None:
    parsed = parse_roster(csv_text(row(B), bad_row))
    assert not parsed.ok
    assert [p.line for p in parsed.problems] == [3]
    assert message in parsed.problems[0].message
    assert [e.nip for e in parsed.entries] == [B]  # good rows still read, never imported


def test_name_of_exactly_200_characters_is_fine() -> None:
    parsed = parse_roster(csv_text(row(nama="x" * 200)))
    assert parsed.ok


def test_duplicate_nip_names_both_lines() -> None:
    parsed = parse_roster(csv_text(row(A), row(B), row("19670321 199203 1 008", nama="Lain")))
    assert rendered(parsed) == [
        "baris 2: NIP ganda: NIP yang sama juga ada di baris 4",
        "baris 4: NIP ganda: NIP yang sama juga ada di baris 2",
    ]


def test_second_penanggung_jawab_and_ketua_in_a_unit() -> None:
    parsed = parse_roster(
        csv_text(
            row(A, peran_kbk="penanggung_jawab"),
            row(B, peran_kbk="Penanggung Jawab", unit="dinas kesehatan"),
            row(C, peran_kbk="ketua"),
            row("198005092005012009", peran_kbk="ketua", unit="Dinas Lain"),
            row("197909232007011008", peran_kbk="ketua", unit="DINAS  KESEHATAN"),
        )
    )
    assert rendered(parsed) == [
        'baris 2: unit "Dinas Kesehatan" punya lebih dari satu penanggung_jawab '
        "(juga di baris 3); hanya boleh satu",
        'baris 3: unit "Dinas Kesehatan" punya lebih dari satu penanggung_jawab '
        "(juga di baris 2); hanya boleh satu",
        'baris 4: unit "Dinas Kesehatan" punya lebih dari satu ketua '
        "(juga di baris 6); hanya boleh satu",
        'baris 6: unit "Dinas Kesehatan" punya lebih dari satu ketua '
        "(juga di baris 4); hanya boleh satu",
    ]


def test_second_sekda() -> None:
    parsed = parse_roster(
        csv_text(row(A, pemda="sekda"), row(B, pemda="admin"), row(C, pemda="Sekda"))
    )
    assert rendered(parsed) == [
        "baris 2: peran_pemda sekda hanya boleh satu orang (juga di baris 4)",
        "baris 4: peran_pemda sekda hanya boleh satu orang (juga di baris 2)",
    ]


def test_several_admins_are_fine() -> None:
    assert parse_roster(csv_text(row(A, pemda="admin"), row(B, pemda="ADMIN"))).ok


def test_line_numbers_count_empty_rows_as_a_spreadsheet_does() -> None:
    text = csv_text(row(A), "", ";;;;;;;", row("123"))
    assert rendered(parse_roster(text)) == ["baris 5: NIP harus 18 angka (tertulis 3)"]


def test_missing_and_unknown_columns() -> None:
    header = "nip;nama;jabatan;unit;peran_kbk;email"
    parsed = parse_roster(csv_text(f"{A};Budi;Analis;X;anggota;a@b.c", header=header))
    assert rendered(parsed) == [
        "baris 1: kolom agen_perubahan, role_model, peran_pemda tidak ada; baris 1 harus "
        "berisi judul kolom: nip, nama, jabatan, unit, peran_kbk, agen_perubahan, "
        "role_model, peran_pemda",
        'baris 1: kolom tidak dikenal: "email" (yang dikenal: nip, nama, jabatan, unit, '
        "peran_kbk, agen_perubahan, role_model, peran_pemda)",
    ]
    assert parsed.entries == []


def test_unknown_column_alone_still_checks_the_rows() -> None:
    parsed = parse_roster(csv_text(row(A) + ";x", row("1") + ";y", header=HEADER + ";catatan"))
    assert [p.line for p in parsed.problems] == [1, 3]
    assert 'kolom tidak dikenal: "catatan"' in parsed.problems[0].message


def test_duplicate_column() -> None:
    parsed = parse_roster(csv_text(row(A) + ";x", header=HEADER + ";NIP"))
    assert rendered(parsed) == ["baris 1: kolom nip muncul lebih dari sekali"]


def test_data_without_header() -> None:
    parsed = parse_roster(csv_text(row(B), header=row(A)))
    assert not parsed.ok
    assert parsed.problems[0].line == 1
    assert "baris 1 harus berisi judul kolom" in parsed.problems[0].message


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n"])
def test_empty_file(text: str) -> None:
    parsed = parse_roster(text)
    assert rendered(parsed) == [
        "baris 1: baris 1 harus berisi judul kolom: nip, nama, jabatan, unit, peran_kbk, "
        "agen_perubahan, role_model, peran_pemda"
    ]


@pytest.mark.parametrize("text", [HEADER, HEADER + "\n", HEADER + "\n;;;;;;;\n\n"])
def test_header_only_is_refused(text: str) -> None:
    parsed = parse_roster(text)
    assert not parsed.ok
    assert parsed.problems[0].line == 1
    assert "roster kosong tidak diimpor" in parsed.problems[0].message


def test_unclosed_quote() -> None:
    parsed = parse_roster(csv_text(row(A), f'{B};"Budi;Analis;X;;;;'))
    assert not parsed.ok


def test_sample_roster() -> None:
    parsed = parse_roster((ROOT / "content" / "roster_contoh.csv").read_text(encoding="utf-8"))
    assert parsed.ok, rendered(parsed)
    entries = parsed.entries
    assert len(entries) == 40
    units = Counter(e.unit for e in entries)
    assert units == {
        "Sekretariat Daerah - Bagian Organisasi": 8,
        "Dinas Komunikasi dan Informatika": 8,
        "Dinas Kesehatan": 8,
        "Badan Kepegawaian dan Pengembangan SDM": 8,
        "Kecamatan Sukamaju": 8,
    }
    for unit in units:
        roles = Counter(e.kbk_role for e in entries if e.unit == unit)
        assert roles[KbkRole.PENANGGUNG_JAWAB] == 1
        assert roles[KbkRole.KETUA] == 1
        assert roles[KbkRole.SEKRETARIS] == 1
        assert 1 <= roles[KbkRole.FASILITATOR] <= 2
        assert roles[KbkRole.ANGGOTA] >= 3
        agents = [e for e in entries if e.unit == unit and e.agen_perubahan]
        assert bool(agents) == (unit != "Kecamatan Sukamaju")
    assert sum(e.role_model for e in entries) >= 3
    pemda = {e.pemda_role: e for e in entries if e.pemda_role}
    assert len([e for e in entries if e.pemda_role]) == 2
    assert pemda[PemdaRole.ADMIN].unit == "Sekretariat Daerah - Bagian Organisasi"
    assert pemda[PemdaRole.SEKDA].position == "Sekretaris Daerah"
    # Every NIP has a different birth date part: the sample reads like real people.
    assert len({e.nip[:8] for e in entries}) == 40


@pytest.mark.parametrize(
    ("written", "meant"),
    [("ya", True), ("Iya", True), ("Y", True), ("TRUE", True), ("Tidak", False), ("tdk", False)],
)
def test_yes_no_spellings_of_a_spreadsheet_user(written: str, meant: bool) -> None:
    parsed = parse_roster(csv_text(row(agen=written, role_model=written)))
    assert parsed.ok, parsed.problems
    [entry] = parsed.entries
    assert entry.agen_perubahan is meant
    assert entry.role_model is meant
