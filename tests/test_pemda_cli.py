"""``budaya-bot pemda tambah|daftar|nonaktifkan`` and ``--pemda`` on the admin commands, on
both engines: two Pemda, a roster imported into one, the other sees nothing of it; refusals
are clear and exit 2; no bot token is ever printed."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import Database
from bot.tenants.location import pemda_database
from bot.texts import operations as ops_texts
from tests.conftest import CONTENT_FILE
from tests.engines import DatabaseTarget
from tests.org_fixtures import DEDI_ADMIN, KOMINFO, SAMPLE_ROSTER

SERANG_TOKEN = "111111:serang-secret-token_AAA"
BASEL_TOKEN = "222222:basel-secret-token_BBB"
TOKENS = (SERANG_TOKEN, BASEL_TOKEN)


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys
        self.printed = ""

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = self._capsys.readouterr()
        self.printed += out + err
        return code, out, err


@pytest.fixture
def cli(
    database_target: DatabaseTarget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name, value in database_target.settings().items():
        monkeypatch.setenv(name.upper(), str(value))
    monkeypatch.setenv("CONTENT_FILE", str(CONTENT_FILE))
    monkeypatch.setenv("BOT_TOKEN", "999999:the-deployment-token")
    monkeypatch.setenv("BOT_USERNAME", "home_bot")
    return Cli(capsys)


def count(target: DatabaseTarget, code: str | None, sql: str) -> int:
    async def read() -> int:
        from bot.config import Settings

        settings = Settings(_env_file=None, **target.settings())
        db = target.database() if code is None else pemda_database(settings, code)
        async with db:
            return int(await db.fetchval(sql))

    return asyncio.run(read())


def add_two(cli: Cli) -> None:
    code, out, _ = cli(
        "pemda", "tambah", "kab_serang", "--nama", "Kabupaten  Serang", "--token",
        SERANG_TOKEN, "--username", "@serang_budaya_bot",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith("Pemda kab_serang (Kabupaten Serang) terdaftar")
    code, _, _ = cli(
        "pemda", "tambah", "kab_basel", "--nama", "Kabupaten Bangka Selatan", "--token",
        BASEL_TOKEN, "--username", "basel_bot", "--set", "TIMEZONE=Asia/Makassar",
        "--set", "VALUE_SET=besaoh",
    )  # fmt: skip
    assert code == 0


def test_two_pemda_their_rosters_kept_apart(cli: Cli, database_target: DatabaseTarget) -> None:
    add_two(cli)
    code, out, _ = cli("import-roster", "--pemda", "kab_serang", str(SAMPLE_ROSTER))
    assert code == 0
    assert out.startswith("Roster diimpor: 40 orang")

    active = "SELECT count(*) FROM people WHERE active = 1"
    assert count(database_target, "kab_serang", active) == 40
    assert count(database_target, "kab_basel", active) == 0
    assert count(database_target, None, active) == 0  # the home Pemda neither
    # The other Pemda knows no unit of it.
    code, _, err = cli("kbk-name", "--pemda", "kab_basel", "--unit", KOMINFO, "KBK Basel")
    assert code == 2
    assert f'Unit "{KOMINFO}" tidak ditemukan.' in err
    assert "Belum ada unit" in err
    code, out, _ = cli("kbk-name", "--pemda", "kab_serang", "--unit", KOMINFO, "KBK Digital")
    assert code == 0
    assert "KBK Digital" in out

    # The same NIPs and unit names in the second Pemda: unique per Pemda, not across.
    code, out, _ = cli("import-roster", "--pemda", "kab_basel", str(SAMPLE_ROSTER))
    assert code == 0
    assert "baru 40" in out
    nip = f"SELECT count(*) FROM people WHERE nip = '{DEDI_ADMIN}'"
    assert count(database_target, "kab_serang", nip) == 1
    assert count(database_target, "kab_basel", nip) == 1
    named = "SELECT count(*) FROM units WHERE kbk_name IS NOT NULL"
    assert count(database_target, "kab_serang", named) == 1
    assert count(database_target, "kab_basel", named) == 0

    code, out, _ = cli("pemda", "daftar")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["KODE", "NAMA", "BOT", "AKTIF", "PEGAWAI", "PEMILIK"]
    basel = ["kab_basel", "Kabupaten", "Bangka", "Selatan", "@basel_bot", "ya", "40", "-"]
    assert lines[1].split() == basel
    serang = ["kab_serang", "Kabupaten", "Serang", "@serang_budaya_bot", "ya", "40", "-"]
    assert lines[2].split() == serang

    code, out, _ = cli("pemda", "nonaktifkan", "kab_basel")
    assert code == 0
    assert "dinonaktifkan" in out
    _, out, _ = cli("pemda", "daftar")
    assert out.splitlines()[1].split()[5] == "tidak"
    # Its data stays, and the admin commands still reach it.
    assert count(database_target, "kab_basel", active) == 40
    code, _, _ = cli("import-roster", "--dry-run", "--pemda", "kab_basel", str(SAMPLE_ROSTER))
    assert code == 0
    code, out, _ = cli("pemda", "aktifkan", "kab_basel")
    assert code == 0

    assert not any(token in cli.printed for token in TOKENS)


def test_calendar_and_invites_per_pemda(
    cli: Cli, database_target: DatabaseTarget, tmp_path: Path
) -> None:
    add_two(cli)
    code, _, _ = cli("libur", "tambah", "--pemda", "kab_serang", "2026-12-24", "HUT Serang")
    assert code == 0
    _, serang, _ = cli("libur", "daftar", "--pemda", "kab_serang", "2026")
    _, basel, _ = cli("libur", "daftar", "--pemda", "kab_basel", "2026")
    _, home, _ = cli("libur", "daftar", "2026")
    assert "HUT Serang" in serang
    assert "HUT Serang" not in basel
    assert "HUT Serang" not in home

    assert cli("import-roster", "--pemda", "kab_serang", str(SAMPLE_ROSTER))[0] == 0
    out_file = tmp_path / "undangan.csv"
    code, out, _ = cli("invite", "--pemda", "kab_serang", "--all", "--out", str(out_file))
    assert code == 0
    assert out.startswith("40 tautan undangan")
    with out_file.open(encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "https://t.me/serang_budaya_bot?start=" in text
    assert "home_bot" not in text
    assert len(list(csv.reader(text.splitlines()))) > 40
    # The other Pemda has no one to invite.
    code, _, err = cli("invite", "--pemda", "kab_basel", "--unit", KOMINFO)
    assert code == 2
    assert "tidak ada" in err
    assert not any(token in cli.printed for token in TOKENS)


def test_refusals_are_clear_and_change_nothing(cli: Cli, database_target: DatabaseTarget) -> None:
    add_two(cli)

    code, _, err = cli("import-roster", "--pemda", "kab_lebak", str(SAMPLE_ROSTER))
    assert code == 2
    assert "Pemda kab_lebak tidak terdaftar" in err
    code, _, err = cli("libur", "daftar", "--pemda", "Kab-Lebak")
    assert code == 2
    assert "Kode Pemda tidak sah" in err
    assert cli("pemda", "nonaktifkan", "kab_lebak")[0] == 2

    code, _, err = cli("pemda", "tambah", "Kab Lebak", "--nama", "Lebak", "--token", "3:x")
    assert code == 2
    assert "Kode Pemda tidak sah" in err
    code, _, err = cli("pemda", "tambah", "kab_lebak", "--nama", "Lebak", "--token", "nope")
    assert code == 2
    assert "Token bot tidak sah" in err
    code, _, err = cli(
        "pemda", "tambah", "kab_serang", "--nama", "Lagi", "--token", "333333:another"
    )
    assert code == 2
    assert "sudah terdaftar" in err
    code, _, err = cli("pemda", "tambah", "kab_lebak", "--nama", "Lebak", "--token", BASEL_TOKEN)
    assert code == 2
    assert "sudah dipakai Pemda kab_basel" in err

    for setting, named in (
        ("TIMEZONE=Mars/Olympus", "TIMEZONE: "),
        ("REPORT_MIN_PEOPLE=1", "REPORT_MIN_PEOPLE: "),
        ("BOT_TOKEN=444444:sneaky", "BOT_TOKEN: "),
        ("DATABASE_URL=sqlite:///x.db", "DATABASE_URL: "),
        ("MORNING_TIME", "MORNING_TIME: "),
    ):
        code, _, err = cli(
            "pemda", "tambah", "kab_lebak", "--nama", "Lebak", "--token", "555555:lebak",
            "--set", setting,
        )  # fmt: skip
        assert code == 2, setting
        assert "Pengaturan Pemda kab_lebak tidak valid" in err, setting
        assert named in err, setting
    code, _, err = cli(
        "pemda", "tambah", "kab_lebak", "--nama", "Lebak", "--token", "555555:lebak",
        "--set", "VALUE_SET=tidak_ada",
    )  # fmt: skip
    assert code == 2
    assert "tidak_ada" in err

    _, out, _ = cli("pemda", "daftar")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["kab_basel", "kab_serang"]
    assert not any(token in cli.printed for token in (*TOKENS, "555555:lebak", "444444:sneaky"))


def test_no_pemda_yet(cli: Cli) -> None:
    code, out, _ = cli("pemda", "daftar")
    assert code == 0
    assert out.startswith("Belum ada Pemda terdaftar")


def test_backup_of_one_pemda(cli: Cli, database_target: DatabaseTarget, tmp_path: Path) -> None:
    add_two(cli)
    assert cli("import-roster", "--pemda", "kab_serang", str(SAMPLE_ROSTER))[0] == 0
    assert cli("backup", "--pemda", "kab_lebak", str(tmp_path / "x.db"))[0] == 2
    copy = tmp_path / "serang-copy.db"
    code, out, err = cli("backup", "--pemda", "kab_serang", str(copy))
    if database_target.path is None:  # PostgreSQL: the server's own tool
        assert code == 2
        assert err.strip() == ops_texts.BACKUP_ON_POSTGRESQL
        return
    assert code == 0
    assert "40 pegawai" in out
    home_copy = tmp_path / "home-copy.db"
    assert cli("backup", str(home_copy))[0] == 0

    async def people(path: Path) -> int:
        async with Database(path) as db:
            return int(await db.fetchval("SELECT count(*) FROM people"))

    assert asyncio.run(people(copy)) == 40
    assert asyncio.run(people(home_copy)) == 0
