"""Shared pieces of the ``budaya-bot`` subcommands: settings loading and exit codes."""

from __future__ import annotations

import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.content import ContentError

EXIT_USAGE = 2
"""Exit code for anything the operator must fix: configuration, content, missing token."""
EXIT_DATABASE = 3
"""The database cannot be used (garbage, truncated, read-only, disk full)."""
EXIT_IN_USE = 4
"""Another bot instance owns the database (or took it over while this one ran)."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        print("Pengaturan tidak valid / invalid settings:", file=sys.stderr)
        for err in exc.errors(include_url=False):
            name = ".".join(str(p) for p in err["loc"]).upper()
            print(f"  {name}: {err['msg']}" if name else f"  {err['msg']}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def content_failed(error: ContentError) -> int:
    print(f"Berkas konten tidak valid / invalid content file: {error.path}", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem.render(error.path)}", file=sys.stderr)
    return EXIT_USAGE
