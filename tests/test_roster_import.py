"""Importing a roster into a real SQLite file, through the repository and the CLI."""

from __future__ import annotations

import asyncio
from dataclasses import replace as dataclass_replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bot.cli import main
from bot.org.models import AlreadyBoundError, KbkRole, PemdaRole, Person, RosterEntry, Unit
from bot.org.roster import COLUMNS, parse_roster
from bot.storage import Database, OrgRepository, UserRepository
from tests.engines import DatabaseTarget

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "content" / "roster_contoh.csv"
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)

KOMINFO = "Dinas Komunikasi dan Informatika"
SUKAMAJU = "Kecamatan Sukamaju"
FITRI = "198301222009022008"  # ketua, Agen Perubahan, Dinas Kominfo
BUDI = "197803252006041010"  # anggota, Dinas Kominfo
EUIS = "198005092005012009"  # ketua, Kecamatan Sukamaju
DADANG = "197909232007011008"  # anggota, Kecamatan Sukamaju

SAMPLE_SUMMARY = (
    "Roster diimpor: 40 orang (baru 40, diperbarui 0, tidak berubah 0, dinonaktifkan 0, "
    "diaktifkan lagi 0), 5 unit (baru 5)."
)


def sample_entries() -> list[RosterEntry]:
    parsed = parse_roster(SAMPLE.read_text(encoding="utf-8"))
    assert parsed.ok
    return parsed.entries


def replace(entries: list[RosterEntry], nip: str, **changes: Any) -> list[RosterEntry]:
    """The roster with the person of ``nip`` changed as a new file would change them."""
    return [dataclass_replace(e, **changes) if e.nip == nip else e for e in entries]


async def everything(org: OrgRepository) -> tuple[list[Unit], list[Person]]:
    """What an operator could see of the organisation: every unit and every person."""
    units = await org.units()
    people = [p for u in units for p in await org.people_of_unit(u.id, active_only=False)]
    return units, people


# --- Repository ----------------------------------------------------------------------------


async def test_sample_roster_imports_cleanly(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        result = await org.import_roster(sample_entries(), NOW)
        assert (result.people, result.added, result.units, result.units_added) == (40, 40, 5, 5)
        assert result.changes == 45

        assert [u.name for u in await org.units()] == [
            "Badan Kepegawaian dan Pengembangan SDM",
            "Dinas Kesehatan",
            KOMINFO,
            SUKAMAJU,
            "Sekretariat Daerah - Bagian Organisasi",
        ]
        fitri = await org.person_by_nip(FITRI)
        assert fitri is not None
        assert (fitri.name, fitri.unit_name, fitri.kbk_role) == (
            "Fitri Handayani, S.Kom., M.T.",
            KOMINFO,
            KbkRole.KETUA,
        )
        assert fitri.agen_perubahan
        assert fitri.active
        assert not fitri.registered

        kominfo = await org.unit_by_name("  dinas KOMUNIKASI  dan informatika ")
        assert kominfo is not None
        assert kominfo.kbk_display_name == "KBK Dinas Komunikasi dan Informatika"
        people = await org.people_of_unit(kominfo.id)
        assert len(people) == 8
        assert [p.kbk_role for p in people[:4]] == [
            KbkRole.PENANGGUNG_JAWAB,
            KbkRole.KETUA,
            KbkRole.SEKRETARIS,
            KbkRole.FASILITATOR,
        ]
        heads = await org.unit_leaders(kominfo.id, [KbkRole.KETUA, KbkRole.PENANGGUNG_JAWAB])
        assert [p.kbk_role for p in heads] == [KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA]
        assert await org.unit_leaders(kominfo.id, []) == []
        agents = await org.agen_perubahan_of(kominfo.id)
        assert {p.nip for p in agents} == {FITRI, "199502282021031001"}

        sukamaju = await org.unit_by_name(SUKAMAJU)
        assert sukamaju is not None
        assert await org.agen_perubahan_of(sukamaju.id) == []

        pemda = await org.pemda_people()
        assert [(p.name, p.pemda_role) for p in pemda] == [
            ("Dedi Kurniawan, S.Kom.", PemdaRole.ADMIN),
            ("Ir. H. Bambang Sutrisno, M.T.", PemdaRole.SEKDA),
        ]
        assert [p.name for p in await org.pemda_people(PemdaRole.SEKDA)] == [
            "Ir. H. Bambang Sutrisno, M.T."
        ]


async def test_reimport_changes_nothing(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        before = await everything(org)
        result = await org.import_roster(sample_entries(), LATER)
        assert (result.unchanged, result.changes, result.units_added) == (40, 0, 0)
        assert await everything(org) == before


async def test_changed_person_is_updated_in_place_keeping_the_binding(
    database_target: DatabaseTarget,
) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        budi = await org.person_by_nip(BUDI)
        assert budi is not None
        await org.bind_telegram(budi.id, 5001, NOW)

        moved = replace(
            sample_entries(),
            BUDI,
            position="Pranata Komputer Terampil",
            unit="DINAS KESEHATAN",  # an existing unit, written differently
            agen_perubahan=True,
        )
        result = await org.import_roster(moved, LATER)
        assert (result.updated, result.unchanged, result.added, result.units_added) == (
            1,
            39,
            0,
            0,
        )

        after = await org.person_by_telegram(5001)
        assert after is not None
        assert after.id == budi.id
        assert after.position == "Pranata Komputer Terampil"
        assert after.unit_name == "Dinas Kesehatan"  # the unit keeps its spelling
        assert after.agen_perubahan
        assert after.registered_at == NOW


async def test_person_missing_from_file_is_deactivated_then_reactivated(
    database_target: DatabaseTarget,
) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        dadang = await org.person_by_nip(DADANG)
        assert dadang is not None
        await org.bind_telegram(dadang.id, 7007, NOW)

        without = [e for e in sample_entries() if e.nip != DADANG]
        result = await org.import_roster(without, LATER)
        assert (result.people, result.deactivated, result.unchanged) == (39, 1, 39)
        assert result.deactivated_people == ("Dadang Supriatna (Kecamatan Sukamaju)",)

        assert await org.person_by_nip(DADANG) is None
        assert await org.person_by_telegram(7007) is None
        gone = await org.person_by_nip(DADANG, include_inactive=True)
        assert gone is not None
        assert not gone.active
        assert gone.telegram_user_id == 7007  # history and binding are kept
        assert await org.person(dadang.id) == gone
        assert len(await org.people_of_unit(dadang.unit_id)) == 7
        assert len(await org.people_of_unit(dadang.unit_id, active_only=False)) == 8

        again = await org.import_roster(without, LATER)
        assert again.changes == 0  # already deactivated: nothing more to do

        back = await org.import_roster(sample_entries(), LATER + timedelta(days=1))
        assert (back.reactivated, back.deactivated, back.updated, back.unchanged) == (
            1,
            0,
            0,
            39,
        )
        returned = await org.person_by_telegram(7007)
        assert returned is not None
        assert returned.id == dadang.id
        assert returned.active


async def test_dry_run_writes_nothing(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        result = await org.import_roster(sample_entries(), NOW, dry_run=True)
        assert (result.added, result.units_added, result.dry_run) == (40, 5, True)
        assert await everything(org) == ([], [])

        await org.import_roster(sample_entries(), NOW)
        before = await everything(org)
        changed = replace(sample_entries(), FITRI, name="Fitri H.", unit="Unit Baru")
        changed = [e for e in changed if e.nip != BUDI]
        result = await org.import_roster(changed, LATER, dry_run=True)
        assert (result.updated, result.deactivated, result.units_added) == (1, 1, 1)
        assert await everything(org) == before


async def test_empty_roster_is_refused(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        with pytest.raises(ValueError, match="empty roster"):
            await org.import_roster([], LATER)
        assert len(await org.pemda_people()) == 2


async def test_telegram_binding_is_one_to_one(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        fitri = await org.person_by_nip(FITRI)
        budi = await org.person_by_nip(BUDI)
        assert fitri is not None
        assert budi is not None

        await org.bind_telegram(fitri.id, 1001, NOW)
        await org.bind_telegram(fitri.id, 1001, LATER)  # again: nothing changes
        bound = await org.person_by_telegram(1001)
        assert bound is not None
        assert (bound.id, bound.registered_at) == (fitri.id, NOW)

        with pytest.raises(AlreadyBoundError) as other_account:
            await org.bind_telegram(fitri.id, 1002, NOW)
        assert other_account.value.bound_user_id == 1001
        with pytest.raises(AlreadyBoundError) as other_person:
            await org.bind_telegram(budi.id, 1001, NOW)
        assert other_person.value.bound_person_id == fitri.id
        assert await org.person_by_telegram(1002) is None
        with pytest.raises(LookupError):
            await org.bind_telegram(99999, 1003, NOW)


async def test_unit_stats(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        users = UserRepository(db)
        await org.import_roster(sample_entries(), NOW)
        for user_id, nip in ((1, FITRI), (2, BUDI)):
            person = await org.person_by_nip(nip)
            assert person is not None
            await users.seen(
                user_id, "X", last_name=None, username=None, language_code="id", now=NOW
            )
            await org.bind_telegram(person.id, user_id, NOW)
        await users.mark_unreachable(2, "blocked", NOW)
        await org.import_roster([e for e in sample_entries() if e.unit != SUKAMAJU], LATER)

        stats = {s.unit.name: s for s in await org.unit_stats()}
        assert SUKAMAJU not in stats  # nobody active left there
        kominfo = stats[KOMINFO]
        assert (kominfo.members, kominfo.registered, kominfo.unreachable) == (8, 2, 1)
        assert (kominfo.unregistered, kominfo.reachable) == (6, 1)
        assert stats["Dinas Kesehatan"].registered == 0
        everyone = await org.unit_stats(include_empty=True)
        assert [s.members for s in everyone if s.unit.name == SUKAMAJU] == [0]


async def test_kbk_name(database_target: DatabaseTarget) -> None:
    async with database_target.database() as db:
        org = OrgRepository(db)
        await org.import_roster(sample_entries(), NOW)
        unit = await org.unit_by_name(KOMINFO)
        assert unit is not None
        assert await org.set_kbk_name(unit.id, "  KBK  Kominfo Juara ")
        named = await org.unit(unit.id)
        assert named is not None
        assert named.kbk_display_name == "KBK Kominfo Juara"
        assert await org.set_kbk_name(unit.id, None)
        cleared = await org.unit(unit.id)
        assert cleared is not None
        assert cleared.kbk_name is None
        assert not await org.set_kbk_name(99999, "X")
        # A re-import keeps the KBK name.
        await org.set_kbk_name(unit.id, "KBK Kominfo Juara")
        await org.import_roster(sample_entries(), LATER)
        assert (await org.unit(unit.id)) == Unit(unit.id, KOMINFO, "KBK Kominfo Juara")


# --- CLI -----------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env here
    path = tmp_path / "data" / "b.db"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    return path


def snapshot(path: Path) -> tuple[list[Unit], list[Person]]:
    async def read() -> tuple[list[Unit], list[Person]]:
        async with Database(path) as db:
            return await everything(OrgRepository(db))

    return asyncio.run(read())


def write_csv(path: Path, lines: list[str], *, sep: str = ";", bom: bool = False) -> Path:
    text = "\r\n".join([sep.join(COLUMNS), *lines]) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_cli_imports_the_sample_then_reimports_with_no_change(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.splitlines() == [SAMPLE_SUMMARY]

    assert main(["import-roster", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Roster diimpor: 40 orang (baru 0, diperbarui 0, tidak berubah 40, dinonaktifkan 0, "
        "diaktifkan lagi 0), 5 unit (baru 0).",
        "Tidak ada perubahan: isi berkas sama dengan roster yang tersimpan.",
    ]
    units, people = snapshot(db_path)
    assert (len(units), len(people)) == (5, 40)


def test_cli_reads_an_excel_workbook_like_its_csv(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [line.split(";") for line in SAMPLE.read_text(encoding="utf-8-sig").splitlines()]

    def workbook(name: str, nip_as_number: bool) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            nip: str | float = row[0]
            if nip_as_number and row[0].isdigit():
                nip = float(row[0])  # what Excel keeps of an 18-digit number
            sheet.append([nip, *row[1:]])
        path = tmp_path / name
        book.save(path)
        return path

    # A NIP column typed as numbers lost its last digits: refused, saying why.
    assert main(["import-roster", str(workbook("angka.xlsx", nip_as_number=True))]) == 2
    assert "format kolom nip sebagai Teks" in capsys.readouterr().err
    assert snapshot(db_path) == ([], [])
    # As text, the workbook is the same roster as the CSV.
    assert main(["import-roster", str(workbook("pegawai.xlsx", nip_as_number=False))]) == 0
    assert capsys.readouterr().out.splitlines() == [SAMPLE_SUMMARY]
    assert main(["import-roster", str(SAMPLE)]) == 0
    assert "tidak berubah 40" in capsys.readouterr().out


def test_cli_bad_file_changes_nothing_and_lists_every_bad_row(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", str(SAMPLE)]) == 0
    before = snapshot(db_path)
    capsys.readouterr()

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    lines[0] = lines[0].replace("Drs. H. Ahmad", "Drs. H. Ahmad Baru")  # a good change
    lines[2] = lines[2].replace("199108242019031007", "19910824201903100")  # line 4
    lines[9] = lines[9].replace(";ketua;", ";Kepala;")  # line 11
    lines[20] = lines[20].replace("199001042015032013", FITRI)  # line 22, with line 11
    bad = write_csv(tmp_path / "bad.csv", lines[:-5])  # and Sukamaju mostly gone

    assert main(["import-roster", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Roster tidak diimpor, tidak ada yang berubah. 3 baris bermasalah:",
        "  baris 4: NIP harus 18 angka (tertulis 17)",
        '  baris 11: peran_kbk tidak dikenal: "Kepala" (pilihan: penanggung_jawab, ketua, '
        "sekretaris, anggota, fasilitator, pegawai; kosong = pegawai)",
        "  baris 11: NIP ganda: NIP yang sama juga ada di baris 22",
        "  baris 22: NIP ganda: NIP yang sama juga ada di baris 11",
    ]
    assert snapshot(db_path) == before


def test_cli_dry_run_reports_and_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", "--dry-run", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Uji coba (--dry-run), tidak ada yang disimpan. Jika diimpor: 40 orang (baru 40, "
        "diperbarui 0, tidak berubah 0, dinonaktifkan 0, diaktifkan lagi 0), 5 unit (baru 5)."
    ]
    assert snapshot(db_path) == ([], [])

    assert main(["import-roster", str(SAMPLE)]) == 0
    capsys.readouterr()
    before = snapshot(db_path)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    smaller = write_csv(tmp_path / "smaller.csv", [ln for ln in lines if DADANG not in ln])
    assert main(["import-roster", "--dry-run", str(smaller)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Uji coba (--dry-run), tidak ada yang disimpan. Jika diimpor: 39 orang (baru 0, "
        "diperbarui 0, tidak berubah 39, dinonaktifkan 1, diaktifkan lagi 0), 5 unit (baru 0).",
        "Yang akan dinonaktifkan (tidak ada lagi di berkas):",
        "  Dadang Supriatna (Kecamatan Sukamaju)",
    ]
    assert snapshot(db_path) == before

    assert main(["import-roster", str(smaller)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Yang dinonaktifkan (tidak ada lagi di berkas):",
        "  Dadang Supriatna (Kecamatan Sukamaju)",
    ]


@pytest.mark.parametrize(("sep", "bom"), [(",", True), (";", True), (",", False), ("\t", False)])
def test_cli_reads_excel_exports(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sep: str, bom: bool
) -> None:
    rows = [
        sep.join(
            [FITRI, '"Fitri Handayani, S.Kom., M.T."', "Kabid", KOMINFO, "Ketua", "ya", "", ""]
        ),
        sep.join(["19780325 200604 1 010", "Budi Santoso", "Pengelola", KOMINFO, "", "", "", ""]),
    ]
    path = write_csv(tmp_path / "excel.csv", rows, sep=sep, bom=bom)
    assert main(["import-roster", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Roster diimpor: 2 orang (baru 2,")
    _, people = snapshot(db_path)
    assert [(p.nip, p.name, p.kbk_role) for p in people] == [
        (FITRI, "Fitri Handayani, S.Kom., M.T.", KbkRole.KETUA),
        (BUDI, "Budi Santoso", KbkRole.PEGAWAI),
    ]


def test_cli_refuses_a_header_only_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", str(SAMPLE)]) == 0
    before = snapshot(db_path)
    empty = write_csv(tmp_path / "empty.csv", [])
    assert main(["import-roster", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "Roster tidak diimpor, tidak ada yang berubah. 1 baris bermasalah:" in err
    assert "roster kosong tidak diimpor" in err
    assert snapshot(db_path) == before


def test_cli_missing_or_unreadable_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", str(tmp_path / "tidak_ada.csv")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"Berkas roster tidak ditemukan: {tmp_path / 'tidak_ada.csv'}"
    )
    latin = tmp_path / "ansi.csv"
    latin.write_bytes((";".join(COLUMNS) + "\n").encode() + "José;…".encode("cp1252"))
    assert main(["import-roster", str(latin)]) == 2
    err = capsys.readouterr().err
    assert "bukan teks UTF-8 (baris 2)" in err
    assert "CSV UTF-8" in err
    assert not db_path.exists()  # nothing was even opened


def test_cli_kbk_name(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-roster", str(SAMPLE)]) == 0
    capsys.readouterr()

    assert main(["kbk-name", "--unit", "dinas komunikasi dan informatika", "KBK Juara"]) == 0
    assert capsys.readouterr().out.strip() == f'Nama KBK {KOMINFO}: "KBK Juara".'
    units, _ = snapshot(db_path)
    assert [u.kbk_display_name for u in units if u.name == KOMINFO] == ["KBK Juara"]

    assert main(["kbk-name", "--unit", KOMINFO, "--clear"]) == 0
    assert capsys.readouterr().out.strip() == (
        f'Nama KBK {KOMINFO} dihapus; kini tampil sebagai "KBK {KOMINFO}".'
    )
    units, _ = snapshot(db_path)
    assert [u.kbk_name for u in units if u.name == KOMINFO] == [None]

    assert main(["kbk-name", "--unit", "Dinas Kominfo", "KBK Juara"]) == 2
    assert capsys.readouterr().err.splitlines()[:3] == [
        'Unit "Dinas Kominfo" tidak ditemukan.',
        "Mungkin maksud Anda:",
        f"  {KOMINFO}",
    ]
    assert main(["kbk-name", "--unit", "Zzz", "KBK Juara"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[1] == "Unit yang ada:"
    assert len(err) == 7

    assert main(["kbk-name", "--unit", KOMINFO]) == 2
    assert "Tulis nama KBK, atau --clear" in capsys.readouterr().err
    assert main(["kbk-name", "--unit", KOMINFO, "   "]) == 2
    assert "Nama KBK kosong" in capsys.readouterr().err
    assert main(["kbk-name", "--unit", KOMINFO, "x" * 201]) == 2
    assert "terlalu panjang" in capsys.readouterr().err
    units, _ = snapshot(db_path)
    assert [u.kbk_name for u in units if u.name == KOMINFO] == [None]


def test_cli_kbk_name_before_any_import(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kbk-name", "--unit", KOMINFO, "KBK Juara"]) == 2
    assert "impor roster dulu" in capsys.readouterr().err
