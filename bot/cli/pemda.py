"""``budaya-bot pemda tambah|daftar|nonaktifkan|aktifkan``: the Pemda a deployment serves.

The registry lives in the deployment's home database (:mod:`bot.storage.tenants`); each
Pemda's data in a schema or file of its own (:mod:`bot.tenants.location`). No command here
prints a bot token.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli.common import EXIT_USAGE, content_failed, load_settings
from bot.config import Settings
from bot.content import ContentError, active_value_set, load_content
from bot.ownership import Owner
from bot.storage.database import Database
from bot.storage.lease import NAME as LEASE_NAME
from bot.storage.lease import owner_of
from bot.storage.tenants import open_registry
from bot.tenants.location import (
    InvalidOverrides,
    parse_overrides,
    pemda_database,
    pemda_file,
    pemda_settings,
)
from bot.tenants.models import CODE, Pemda
from bot.texts import pemda as texts

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,100}")
"""What @BotFather's tokens look like."""


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_USAGE


# --- tambah ------------------------------------------------------------------------------


def tambah_cmd(args: argparse.Namespace) -> int:
    settings = load_settings()
    code: str = args.code
    name = " ".join(args.nama.split())
    token: str = args.token.strip()
    if not CODE.fullmatch(code):
        return _fail(texts.code_invalid(code))
    if not name:
        return _fail(texts.NAME_EMPTY)
    if not TOKEN.fullmatch(token):
        return _fail(texts.TOKEN_INVALID)
    try:
        overrides = parse_overrides(args.set or [])
        pemda = Pemda(
            code=code,
            name=name,
            bot_token=SecretStr(token),
            bot_username=(args.username or "").lstrip("@") or None,
            settings=overrides,
            webhook_secret=SecretStr(secrets.token_urlsafe(32)),
        )
        own = pemda_settings(settings, pemda)
    except InvalidOverrides as error:
        return _fail(texts.settings_invalid(code, error.problems))
    try:
        active_value_set(load_content(own.content_file), own.value_set, own.content_file)
    except ContentError as error:
        return content_failed(error)
    code_, lines = asyncio.run(_add(settings, pemda))
    print("\n".join(lines), file=sys.stderr if code_ else sys.stdout)
    return code_


async def _add(settings: Settings, pemda: Pemda) -> tuple[int, list[str]]:
    async with open_registry(settings) as registry:
        if await registry.get(pemda.code) is not None:
            return EXIT_USAGE, [texts.code_taken(pemda.code)]
        token = pemda.bot_token.get_secret_value()
        for other in await registry.all():
            if other.bot_token.get_secret_value() == token:
                return EXIT_USAGE, [texts.token_taken(other.code)]
        # The Pemda's schema or file first, migrated: a registered Pemda always has one.
        async with pemda_database(settings, pemda.code) as db:
            where = texts.where(db.path, db.schema)
        try:
            await registry.add(pemda)
        except ValueError:  # another process registered the code or the token meanwhile
            return EXIT_USAGE, [texts.code_taken(pemda.code)]
    return 0, texts.added(pemda.code, pemda.name, where)


# --- daftar ------------------------------------------------------------------------------


async def _row(
    settings: Settings, pemda: Pemda, now: datetime, engine: AsyncEngine | None
) -> list[str]:
    people, owner = "?", "-"
    file = pemda_file(settings, pemda.code) if settings.database_file is not None else None
    if file is None or file.exists():
        # Read as it is: listing changes nothing (no migration, no schema made).
        db = pemda_database(settings, pemda.code, engine=engine)
        try:
            await db.open(migrate=False)
            people = str(await db.fetchval("SELECT count(*) FROM people WHERE active = 1"))
            found = await _owner(db)
            if found is not None and found.expires_at > now:
                owner = f"{found.host} pid {found.pid}"
        except SQLAlchemyError:
            log.debug("cannot read Pemda %s", pemda.code, exc_info=True)
        finally:
            await db.close()
    username = f"@{pemda.bot_username}" if pemda.bot_username else "-"
    return [pemda.code, pemda.name, username, texts.yes_no(pemda.active), people, owner]


async def _owner(db: Database) -> Owner | None:
    """Who holds the Pemda's lease, as its ``owner_lease`` row says (both engines keep it)."""
    row = await db.fetchone("SELECT * FROM owner_lease WHERE name = ?", (LEASE_NAME,))
    return None if row is None else owner_of(row)


async def _list(settings: Settings) -> list[str]:
    now = datetime.now(UTC)
    async with open_registry(settings) as registry:
        everyone = await registry.all()
        if not everyone:
            return [texts.NONE_REGISTERED]
        # PostgreSQL: every Pemda read through the home database's engine (one pool).
        engine = None if registry.db.sqlite else registry.db.engine
        rows = [await _row(settings, pemda, now, engine) for pemda in everyone]
    return texts.table(rows)


def daftar_cmd(args: argparse.Namespace) -> int:
    settings = load_settings()
    print("\n".join(asyncio.run(_list(settings))))
    return 0


# --- nonaktifkan / aktifkan --------------------------------------------------------------


def _switch(args: argparse.Namespace, active: bool) -> int:
    settings = load_settings()
    code: str = args.code

    async def switch() -> bool:
        async with open_registry(settings) as registry:
            if active:
                return await registry.activate(code)
            return await registry.deactivate(code)

    if not CODE.fullmatch(code):
        return _fail(texts.code_invalid(code))
    if not asyncio.run(switch()):
        return _fail(texts.unknown(code))
    print(texts.activated(code) if active else texts.deactivated(code))
    return 0


def nonaktifkan_cmd(args: argparse.Namespace) -> int:
    return _switch(args, False)


def aktifkan_cmd(args: argparse.Namespace) -> int:
    return _switch(args, True)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    pemda = commands.add_parser(
        "pemda",
        help="Pemda yang dilayani deployment ini (banyak Pemda, tiap Pemda satu bot)",
        description="Daftar Pemda sebuah deployment: tiap Pemda punya bot, pengaturan dan"
        " data sendiri (skema PostgreSQL atau berkas SQLite sendiri).",
    )
    actions = pemda.add_subparsers(dest="action", required=True, metavar="AKSI", title="aksi")

    tambah = actions.add_parser(
        "tambah",
        help="daftarkan Pemda baru dan siapkan basis datanya",
        description="Daftarkan Pemda baru: kodenya, namanya, token botnya (dari @BotFather)"
        " dan pengaturan sendiri bila perlu (mis. --set TIMEZONE=Asia/Makassar"
        " --set VALUE_SET=besaoh).",
    )
    tambah.add_argument("code", metavar="KODE", help="kode Pemda, mis. kab_serang")
    tambah.add_argument("--nama", required=True, help='nama Pemda, mis. "Kabupaten Serang"')
    tambah.add_argument("--token", required=True, help="token bot Pemda ini dari @BotFather")
    tambah.add_argument("--username", help="username bot (tanpa @), untuk tautan undangan")
    tambah.add_argument(
        "--set",
        action="append",
        metavar="NAMA=NILAI",
        help="pengaturan sendiri Pemda ini, mis. TIMEZONE=Asia/Makassar (boleh diulang)",
    )
    tambah.set_defaults(handler=tambah_cmd)

    daftar = actions.add_parser("daftar", help="daftar Pemda: kode, nama, bot, pegawai, pemilik")
    daftar.set_defaults(handler=daftar_cmd)

    off = actions.add_parser(
        "nonaktifkan", help="berhenti melayani bot sebuah Pemda (datanya tetap ada)"
    )
    off.add_argument("code", metavar="KODE", help="kode Pemda")
    off.set_defaults(handler=nonaktifkan_cmd)

    on = actions.add_parser("aktifkan", help="layani lagi Pemda yang dinonaktifkan")
    on.add_argument("code", metavar="KODE", help="kode Pemda")
    on.set_defaults(handler=aktifkan_cmd)
