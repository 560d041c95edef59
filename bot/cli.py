"""The ``budaya-bot`` command: run, check-content, health."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.content import ContentError, ContentPack, active_value_set, load_content
from bot.health import check_heartbeat, heartbeat_path

EXIT_USAGE = 2
"""Exit code for anything the operator must fix: configuration, content, missing token."""

MISSING_TOKEN = """\
BOT_TOKEN belum diisi. / BOT_TOKEN is not set.

[ID] Buat bot di Telegram lewat @BotFather (kirim /newbot dan ikuti petunjuknya), salin
     token yang diberikan, lalu tulis di berkas .env di folder proyek ini:
         BOT_TOKEN=123456789:AA...
     (contoh lengkap ada di .env.example), atau set sebagai variabel lingkungan BOT_TOKEN.
[EN] Create a bot in Telegram with @BotFather (send /newbot and follow its steps), copy the
     token it gives you, then put it in the .env file in this project folder:
         BOT_TOKEN=123456789:AA...
     (see .env.example for every setting), or set the BOT_TOKEN environment variable.
"""


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        print("Pengaturan tidak valid / invalid settings:", file=sys.stderr)
        for err in exc.errors(include_url=False):
            name = ".".join(str(p) for p in err["loc"]).upper()
            print(f"  {name}: {err['msg']}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _content_failed(error: ContentError) -> int:
    print(f"Berkas konten tidak valid / invalid content file: {error.path}", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem.render(error.path)}", file=sys.stderr)
    return EXIT_USAGE


def content_summary(pack: ContentPack) -> list[str]:
    """The counts ``check-content`` prints, one line per part of the pack."""
    lines = []
    for set_id, value_set in pack.value_sets.items():
        behaviours = [b for v in value_set.values for b in v.behaviours]
        expected = sum(len(b.expected) for b in behaviours)
        line = f"{set_id} ({value_set.name}): {len(value_set.values)} nilai, "
        if expected:
            line += f"{len(behaviours)} perilaku utama, {expected} perilaku yang diharapkan"
        else:
            line += f"{len(behaviours)} perilaku"
        lines.append(line)
    lines.append(f"budaya malu: {len(pack.budaya_malu.items)} butir")
    groups = ", ".join(f"{g.id.rpartition('.')[2]} {len(g.items)}" for g in pack.evaluasi.groups)
    lines.append(f"evaluasi: {pack.evaluasi.criteria_count()} kriteria ({groups})")
    return lines


def check_content_cmd(args: argparse.Namespace) -> int:
    settings = _settings()
    path: Path = args.file or settings.content_file
    value_set_id: str = args.value_set or settings.value_set
    try:
        pack = load_content(path)
        active_value_set(pack, value_set_id, path)
    except ContentError as error:
        return _content_failed(error)
    print(f"{path}: OK")
    for line in content_summary(pack):
        print(f"  {line}")
    print(f"  nilai aktif (VALUE_SET): {value_set_id}")
    return 0


def run_cmd(args: argparse.Namespace) -> int:
    from bot.app import MissingTokenError, run

    settings = _settings()
    settings.configure_logging()
    try:
        run(settings)
    except MissingTokenError:
        print(MISSING_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        return _content_failed(error)
    return 0


def health_cmd(args: argparse.Namespace) -> int:
    settings = _settings()
    problem = check_heartbeat(heartbeat_path(settings.database_path), datetime.now(UTC))
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print("healthy")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="budaya-bot",
        description="Budaya Kerja Bot: nilai budaya kerja ASN setiap hari, lewat Telegram.",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="jalankan bot (long polling, atau webhook)")
    run.set_defaults(handler=run_cmd)
    check = commands.add_parser("check-content", help="periksa berkas konten dan hitung isinya")
    check.add_argument("file", nargs="?", type=Path, help="berkas YAML (default: CONTENT_FILE)")
    check.add_argument("--value-set", help="nilai yang harus ada (default: VALUE_SET)")
    check.set_defaults(handler=check_content_cmd)
    health = commands.add_parser("health", help="cek kesehatan bot yang sedang berjalan")
    health.set_defaults(handler=health_cmd)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.handler(args)
    return code


def console_main() -> None:
    """Entry point of the ``budaya-bot`` console script."""
    sys.exit(main())
