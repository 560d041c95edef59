"""Shared pieces of the ``budaya-bot`` subcommands: settings loading, the Pemda a command
is for (``--pemda``) and exit codes."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.content import ContentError
from bot.storage.database import Database, open_database
from bot.storage.tenants import open_registry
from bot.tenants.location import InvalidOverrides, pemda_database, pemda_file, pemda_settings
from bot.tenants.models import CODE, Pemda
from bot.texts import pemda as pemda_texts

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


class UnknownPemda(Exception):
    """``--pemda`` names no Pemda of the registry (or one whose settings are not valid);
    the message says so, in Indonesian. :func:`bot.cli.main` prints it and exits 2."""


def add_pemda_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pemda",
        metavar="KODE",
        help="Pemda yang dituju (kode dari budaya-bot pemda daftar); tanpa ini: Pemda utama",
    )


@dataclass(frozen=True)
class PemdaTarget:
    """The Pemda an admin command works on: the home (single) Pemda, or one registered."""

    settings: Settings
    """Its settings: the deployment's, with a registered Pemda's bot and overrides."""
    deployment: Settings
    """The deployment's own settings (where the registry and every Pemda's data are)."""
    code: str | None = None
    """None: the home Pemda (data in the deployment's own database, as before)."""

    def database(self) -> Database:
        """Its database, not yet opened."""
        if self.code is None:
            return open_database(self.deployment)
        return pemda_database(self.deployment, self.code)

    @property
    def database_file(self) -> Path | None:
        """SQLite: the Pemda's file; None on PostgreSQL."""
        if self.code is None or self.deployment.database_file is None:
            return self.deployment.database_file
        return pemda_file(self.deployment, self.code)


def pemda_target(args: argparse.Namespace, settings: Settings) -> PemdaTarget:
    """The Pemda ``--pemda`` names (the home Pemda without it); raises
    :class:`UnknownPemda` when the registry has no such Pemda."""
    code: str | None = getattr(args, "pemda", None)
    if code is None:
        return PemdaTarget(settings, settings)
    if not CODE.fullmatch(code):
        raise UnknownPemda(pemda_texts.code_invalid(code))

    async def find() -> Pemda | None:
        async with open_registry(settings) as registry:
            return await registry.get(code)

    pemda = asyncio.run(find())
    if pemda is None:
        raise UnknownPemda(pemda_texts.unknown(code))
    try:
        own = pemda_settings(settings, pemda)
    except InvalidOverrides as error:
        raise UnknownPemda(pemda_texts.settings_invalid(code, error.problems)) from error
    return PemdaTarget(own, settings, code)


def database_for(args: argparse.Namespace, settings: Settings) -> Database:
    """The (unopened) database of the Pemda ``--pemda`` names, the home one without it."""
    return pemda_target(args, settings).database()
