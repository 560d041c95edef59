"""The operator's calendar commands: ``budaya-bot libur ...`` and ``budaya-bot hari-kerja``."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.schedule.calendar import MON_SAT, DayKind, OverrideKind, WorkCalendar
from bot.schedule.calendar_file import parse_calendar_file
from bot.storage import Database, OrgRepository
from bot.storage.schedule import CalendarRepository
from tests.org_fixtures import KOMINFO, import_sample_roster


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env here
    path = tmp_path / "data" / "b.db"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    return path


def calendar_of(path: Path) -> WorkCalendar:
    async def read() -> WorkCalendar:
        async with Database(path) as db:
            return await CalendarRepository(db).calendar()

    return asyncio.run(read())


def test_a_pemda_holiday_and_an_extra_working_day(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["libur", "tambah", "2026-11-24", "HUT Kabupaten"]) == 0
    out = capsys.readouterr().out
    assert "Selasa, 24 November 2026 kini hari libur Pemda: HUT Kabupaten" in out
    assert "(sebelumnya: hari kerja)" in out
    assert main(["libur", "kerja", "28/11/2026", "Pengganti cuti bersama"]) == 0
    assert "(sebelumnya: akhir pekan)" in capsys.readouterr().out
    calendar = calendar_of(db_path)
    assert calendar.info(date(2026, 11, 24)).kind is DayKind.HOLIDAY
    assert calendar.is_working_day(date(2026, 11, 28))
    assert main(["libur", "hapus", "2026-11-24"]) == 0
    assert "kini: hari kerja" in capsys.readouterr().out
    assert calendar_of(db_path).is_working_day(date(2026, 11, 24))
    assert main(["libur", "hapus", "2026-11-24"]) == 2
    assert "Tidak ada libur atau hari kerja Pemda" in capsys.readouterr().err


def test_bad_dates_and_reasons_are_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["libur", "tambah", "2026-02-30", "HUT"]) == 2
    assert "Tanggal '2026-02-30' tidak dikenal" in capsys.readouterr().err
    assert main(["libur", "tambah", "2026-11-24", "   "]) == 2
    assert "alasan kosong" in capsys.readouterr().err


def test_import_is_all_or_nothing_with_line_numbers(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "kalender.csv"
    bad.write_text(
        "tanggal;jenis;alasan\n"
        "2026-11-24;libur;HUT Kabupaten\n"
        "31/11/2026;libur;Tanggal tidak ada\n"
        "2026-12-01;cuti;Jenis salah\n"
        "2026-11-24;kerja;Tanggal dua kali\n"
        "2026-12-02;libur;\n",
        encoding="utf-8",
    )
    assert main(["libur", "impor", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Kalender tidak diimpor, tidak ada yang berubah. 4 baris bermasalah:" in err
    assert "baris 3: tanggal '31/11/2026' tidak dikenal" in err
    assert "baris 4: jenis 'cuti' tidak dikenal; tulis libur atau kerja" in err
    assert "baris 5: tanggal 2026-11-24 sudah ada di baris 2" in err
    assert "baris 6: alasan kosong" in err
    assert calendar_of(db_path).overrides == []

    good = tmp_path / "kalender-baik.csv"
    good.write_bytes(
        "\ufefftanggal,jenis,alasan\r\n"  # Excel: BOM, commas
        "24-11-2026,libur,HUT Kabupaten\r\n"
        "28/11/2026,kerja,Pengganti\r\n".encode()
    )
    assert main(["libur", "impor", str(good)]) == 0
    assert "Kalender diimpor: 2 tanggal (1 libur, 1 hari kerja)." in capsys.readouterr().out
    kinds = [(o.day, o.kind) for o in calendar_of(db_path).overrides]
    assert kinds == [
        (date(2026, 11, 24), OverrideKind.HOLIDAY),
        (date(2026, 11, 28), OverrideKind.WORKING),
    ]


def test_an_empty_or_headerless_file(tmp_path: Path) -> None:
    assert (
        parse_calendar_file("tanggal;jenis;alasan\n")
        .problems[0]
        .message.startswith("tidak ada satu tanggal")
    )
    assert parse_calendar_file("2026-11-24;libur;HUT\n").problems[0].line == 1


def test_the_year_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["libur", "tambah", "2026-11-24", "HUT Kabupaten"]) == 0
    assert main(["libur", "kerja", "2026-12-24", "Pelayanan tetap buka"]) == 0
    capsys.readouterr()
    assert main(["libur", "daftar", "2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Hari libur dan hari kerja khusus tahun 2026:"
    text = "\n".join(lines)
    assert "Senin, 17 Agustus 2026" in text
    assert "Hari Kemerdekaan Republik Indonesia" in text
    august = next(line for line in lines if "17 Agustus" in line)
    assert "libur nasional" in august
    assert "cuti bersama" in next(line for line in lines if "23 Maret 2026" in line)
    assert "libur Pemda" in next(line for line in lines if "24 November" in line)
    christmas_eve = next(line for line in lines if "24 Desember" in line)
    assert "kerja Pemda" in christmas_eve
    assert "menggantikan Cuti Bersama Hari Raya Natal" in christmas_eve
    dates = [line.split("  ")[1] for line in lines[1:]]
    assert len(dates) == len(set(dates))


def test_a_units_work_week(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def roster() -> None:
        async with Database(db_path) as db:
            await import_sample_roster(OrgRepository(db))

    asyncio.run(roster())
    assert main(["hari-kerja", "--unit", KOMINFO]) == 0
    assert "Senin, Selasa, Rabu, Kamis, Jumat (12345)" in capsys.readouterr().out
    assert main(["hari-kerja", "--unit", KOMINFO.upper(), "123456"]) == 0
    assert f"Hari kerja {KOMINFO} kini: Senin" in capsys.readouterr().out

    async def workweek() -> frozenset[int]:
        async with Database(db_path) as db:
            unit = await OrgRepository(db).unit_by_name(KOMINFO)
            assert unit is not None
            return await CalendarRepository(db).workweek(unit.id)

    assert asyncio.run(workweek()) == MON_SAT
    assert main(["hari-kerja", "--unit", KOMINFO, "12389"]) == 2
    assert "hari kerja harus angka 1-7" in capsys.readouterr().err
    assert main(["hari-kerja", "--unit", "Dinas Kominfo", "12345"]) == 2
    err = capsys.readouterr().err
    assert 'Unit "Dinas Kominfo" tidak ditemukan.' in err
    assert KOMINFO in err  # suggested
