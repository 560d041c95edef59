"""The ``budaya-bot`` command; each subcommand lives in its own module with a ``register``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import backup, calendar, content, demo, invite, pemda, pindah, roster, run
from bot.cli.common import EXIT_DATABASE, EXIT_USAGE, UnknownPemda
from bot.cli.parser import Parser
from bot.storage.diagnosis import DatabaseUnusable
from bot.texts import operations as ops_texts

SUBCOMMANDS = (run, demo, content, pemda, roster, invite, calendar, backup, pindah)
"""Modules whose ``register(commands)`` adds their subcommands, in help order."""


def parser() -> argparse.ArgumentParser:
    root = Parser(
        prog="budaya-bot",
        description="Budaya Kerja Bot: nilai budaya kerja ASN setiap hari, lewat Telegram.",
    )
    commands = root.add_subparsers(
        dest="command", required=True, metavar="PERINTAH", title="perintah"
    )
    for module in SUBCOMMANDS:
        module.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except DatabaseUnusable as error:  # any subcommand that opens the database
        print(ops_texts.database_unusable(error), file=sys.stderr)
        return EXIT_DATABASE
    except UnknownPemda as error:  # --pemda naming no registered Pemda
        print(error, file=sys.stderr)
        return EXIT_USAGE
    return code


def console_main() -> None:
    """Entry point of the ``budaya-bot`` console script."""
    sys.exit(main())
