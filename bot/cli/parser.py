"""argparse in Indonesian: the usage line, the section titles, ``-h`` and the errors.

argparse writes its own words in English ("usage", "options", "show this help message and
exit", "the following arguments are required"); every parser of ``budaya-bot`` (the
subcommands' too, which take their parent's class) is a :class:`Parser` instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

USAGE = "Pemakaian: "

ERRORS = (
    ("the following arguments are required: ", "argumen ini wajib diisi: "),
    ("unrecognized arguments: ", "argumen tidak dikenal: "),
    ("invalid choice: ", "pilihan tidak dikenal: "),
    ("(choose from ", "(pilih dari "),
    ("expected one argument", "perlu satu nilai"),
    ("expected at least one argument", "perlu paling sedikit satu nilai"),
    ("invalid int value: ", "bukan bilangan bulat: "),
    ("invalid float value: ", "bukan angka: "),
    ("not allowed with argument ", "tidak boleh bersama argumen "),
    ("one of the arguments ", "salah satu argumen "),
    (" is required", " wajib diisi"),
    ("ambiguous option: ", "pilihan ambigu: "),
    (" could match ", " bisa berarti "),
    ("argument ", "argumen "),
)
"""argparse's error phrases (Python 3.11-3.13) and their Indonesian."""


def indonesian(message: str) -> str:
    for english, ours in ERRORS:
        message = message.replace(english, ours)
    return message


class Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Indonesian."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="tampilkan bantuan ini lalu keluar",
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {indonesian(message)}\n")
