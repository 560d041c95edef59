"""Settings from the environment and the operator-facing CLI paths (no Telegram needed)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli import parser as cli_parser
from bot.config import Settings
from bot.health import check_heartbeat, write_heartbeat

ROOT = Path(__file__).parents[1]


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("BOT_TOKEN", "BOT_API_URL", "TIMEZONE", "VALUE_SET", "DATABASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.bot_token is None
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.file_url == "https://api.telegram.org/file/bot"
    assert settings.database_path == Path("data/budaya.db")
    assert settings.timezone == "Asia/Jakarta"
    assert settings.value_set == "berakhlak"

    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("BOT_API_URL", "http://127.0.0.1:8081/bot/")
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    settings = Settings()
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)  # a SecretStr never leaks into logs
    assert settings.bot_api_url == "http://127.0.0.1:8081/bot"
    assert settings.file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.tz.key == "Asia/Makassar"


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VALUE_SET", raising=False)
    (tmp_path / ".env").write_text("VALUE_SET=besaoh\nBOT_TOKEN=\n", encoding="utf-8")
    settings = Settings()
    assert settings.value_set == "besaoh"
    assert settings.bot_token is None  # an empty line in .env means "not set"


def _run_cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "TIMEZONE"}}
    clean.update(env, CONTENT_FILE=str(ROOT / "content" / "values_id.yaml"))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_token_exits_2_with_help(tmp_path: Path) -> None:
    done = _run_cli(["run"], tmp_path, DATABASE_PATH=str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    assert "BOT_TOKEN belum diisi" in done.stderr
    assert "BOT_TOKEN is not set" in done.stderr
    assert "@BotFather" in done.stderr
    assert ".env" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_setting_exits_2_naming_it(tmp_path: Path) -> None:
    done = _run_cli(["run"], tmp_path, TIMEZONE="Mars/Olympus")
    assert done.returncode == 2
    assert "TIMEZONE: Value error, unknown time zone 'Mars/Olympus'" in done.stderr
    assert "Traceback" not in done.stderr


def test_health_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    beat = tmp_path / "heartbeat"
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert check_heartbeat(beat, now) is not None  # never started
    write_heartbeat(beat, now)
    assert check_heartbeat(beat, now + timedelta(seconds=30)) is None
    stale = check_heartbeat(beat, now + timedelta(minutes=5))
    assert stale is not None
    assert "detak terakhir 300 detik lalu (batas 120 detik)" in stale

    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "budaya.db"))
    write_heartbeat(beat, datetime.now(UTC))
    assert main(["health"]) == 0
    assert capsys.readouterr().out == "sehat / healthy\n"
    write_heartbeat(beat, datetime.now(UTC) - timedelta(hours=1))
    assert main(["health"]) == 1
    assert capsys.readouterr().err.startswith("tidak sehat / unhealthy: detak terakhir ")


def _every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _every_parser(sub)
    return found


ARGPARSE_ENGLISH = (
    "usage",
    "options",
    "positional arguments",
    "show this help",
    "default:",
    "error",
    "required",
    "arguments",
)


def test_every_help_and_error_of_the_cli_is_indonesian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parsers = _every_parser(cli_parser())
    assert len(parsers) > 10
    for parser in parsers:
        text = parser.format_help().lower()
        for english in ARGPARSE_ENGLISH:
            assert english not in text, (parser.prog, english)
        assert "pemakaian: " in text
        assert "tampilkan bantuan ini lalu keluar" in text
    with pytest.raises(SystemExit) as exit_info:
        main(["import-roster"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "budaya-bot import-roster: kesalahan: argumen ini wajib diisi: BERKAS" in err
    with pytest.raises(SystemExit):
        main(["libur", "pindah"])
    err = capsys.readouterr().err
    assert "pilihan tidak dikenal: 'pindah' (pilih dari " in err
    assert not any(english in err.lower() for english in ARGPARSE_ENGLISH)


def test_database_path_still_works_and_says_it_is_deprecated(tmp_path: Path) -> None:
    old = Settings(_env_file=None, database_path=tmp_path / "old.db")
    assert old.database_file == tmp_path / "old.db"
    assert any("DATABASE_PATH is deprecated" in note for note in old.deprecated_settings)
    new = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'new.db'}")
    assert new.database_file == tmp_path / "new.db"
    assert new.deprecated_settings == []
    server = Settings(_env_file=None, database_url="postgresql://budaya:rahasia@db:5432/budaya")
    assert server.database_file is None
    assert "rahasia" not in server.database_label


def test_a_database_url_of_another_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="sqlite:/// or postgresql://"):
        Settings(_env_file=None, database_url="mysql://root@localhost/budaya")
