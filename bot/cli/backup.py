"""``budaya-bot backup FILE``: a consistent copy of the database while the bot runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE, add_pemda_option, load_settings, pemda_target
from bot.storage.backup import BackupFailed, backup
from bot.texts import operations as ops_texts


def backup_cmd(args: argparse.Namespace) -> int:
    source = pemda_target(args, load_settings()).database_file
    if source is None:
        print(ops_texts.BACKUP_ON_POSTGRESQL, file=sys.stderr)
        return EXIT_USAGE
    target: Path = args.file
    if target.exists() and target.resolve() == source.resolve():
        print(ops_texts.backup_same_file(target), file=sys.stderr)
        return EXIT_USAGE
    if target.exists() and not args.overwrite:
        print(ops_texts.backup_target_exists(target), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = backup(source, target)
    except BackupFailed as error:
        print(ops_texts.backup_failed(target, str(error)), file=sys.stderr)
        return 1
    print(ops_texts.backup_done(target, result.size, result.people, result.deliveries))
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    command = commands.add_parser(
        "backup",
        help="salin basis data secara konsisten, juga selagi bot berjalan",
        description="Salinan konsisten basis data (API backup SQLite), aman selagi bot"
        " berjalan. Pulihkan: hentikan bot, salin berkas ini ke DATABASE_PATH, jalankan lagi.",
    )
    command.add_argument(
        "file", type=Path, help="berkas tujuan, mis. cadangan/budaya-2026-12-04.db"
    )
    command.add_argument(
        "--overwrite", action="store_true", help="timpa berkas tujuan bila sudah ada"
    )
    add_pemda_option(command)
    command.set_defaults(handler=backup_cmd)
