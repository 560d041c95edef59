"""``budaya-bot invite``: one-time deep links for people of the roster, as a CSV."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE, PemdaTarget, add_pemda_option, load_settings, pemda_target
from bot.config import Settings
from bot.org.invite_sheet import InviteLink, invite_url, invites_csv
from bot.org.models import Person
from bot.org.nip import NipError, format_nip, normalize_nip
from bot.storage import OrgRepository
from bot.storage.onboarding import InviteRepository


class InviteError(Exception):
    """Something the operator must fix; the message says what, in Indonesian."""


async def bot_username(settings: Settings) -> str:
    """BOT_USERNAME, or the bot's username as Telegram reports it (getMe)."""
    if settings.bot_username:
        return settings.bot_username
    if settings.bot_token is None:
        raise InviteError(
            "Isi BOT_USERNAME (username bot tanpa @) atau BOT_TOKEN di .env "
            "agar tautan bisa dibuat."
        )
    from telegram import Bot
    from telegram.error import TelegramError

    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.bot_api_url,
        base_file_url=settings.file_url,
    )
    try:
        async with bot:
            me = await bot.get_me()
    except TelegramError as error:
        raise InviteError(
            f"Tidak bisa menanyakan username bot ke Telegram ({error}). Isi BOT_USERNAME di .env."
        ) from error
    if not me.username:
        raise InviteError("Telegram tidak memberi username bot. Isi BOT_USERNAME di .env.")
    return me.username


async def _select(org: OrgRepository, args: argparse.Namespace) -> list[Person]:
    if args.nip:
        people = []
        for raw in args.nip:
            try:
                nip = normalize_nip(raw)
            except NipError as error:
                raise InviteError(f"NIP {raw}: {error}") from error
            person = await org.person_by_nip(nip)
            if person is None:
                raise InviteError(f"NIP {format_nip(nip)} tidak ada di roster aktif.")
            people.append(person)
        return people
    if args.all:
        units = await org.units()
    else:
        unit = await org.unit_by_name(args.unit)
        if unit is None:
            known = ", ".join(u.name for u in await org.units()) or "(belum ada; impor roster)"
            raise InviteError(f"Unit “{args.unit}” tidak ada. Unit yang ada: {known}")
        units = [unit]
    people = []
    for unit in units:
        members = await org.people_of_unit(unit.id)
        people += [p for p in members if args.include_registered or not p.registered]
    return people


async def create_invites(
    target: PemdaTarget, args: argparse.Namespace, now: datetime
) -> list[InviteLink]:
    """Issue a fresh one-time code for each selected person (older unused codes stop working)."""
    settings = target.settings
    username = await bot_username(settings)
    async with target.database() as db:
        people = await _select(OrgRepository(db), args)
        ttl = timedelta(days=args.days or settings.invite_ttl_days)
        issued = await InviteRepository(db).issue([p.id for p in people], now, ttl)
    return [InviteLink(p, invite_url(username, issued[p.id][0]), issued[p.id][1]) for p in people]


def default_output(args: argparse.Namespace, now: datetime) -> Path:
    label = "nip" if args.nip else "semua" if args.all else args.unit
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "unit"
    return Path(f"undangan-{slug}-{now:%Y%m%d-%H%M}.csv")


def write_csv(path: Path, links: list[InviteLink], settings: Settings) -> None:
    path.write_bytes(invites_csv(links, settings.tz))


def invite_cmd(args: argparse.Namespace) -> int:
    target = pemda_target(args, load_settings())
    settings = target.settings
    now = datetime.now(UTC)
    try:
        links = asyncio.run(create_invites(target, args, now))
    except InviteError as error:
        print(f"Undangan tidak dibuat: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not links:
        print("Tidak ada undangan dibuat: semua orang yang dipilih sudah terdaftar.")
        return 0
    path: Path = args.out or default_output(args, now)
    write_csv(path, links, settings)
    days = args.days or settings.invite_ttl_days
    print(f"{len(links)} tautan undangan ditulis ke {path} (berlaku {days} hari, sekali pakai).")
    print("Berkas ini rahasia: bagikan tiap tautan hanya kepada orangnya.")
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    invite = commands.add_parser("invite", help="buat tautan undangan sekali pakai (CSV)")
    who = invite.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", help="semua anggota unit ini yang belum terdaftar")
    who.add_argument("--nip", action="append", help="orang dengan NIP ini (boleh diulang)")
    who.add_argument("--all", action="store_true", help="semua unit")
    invite.add_argument("--out", type=Path, help="berkas CSV keluaran")
    invite.add_argument("--days", type=int, help="masa berlaku, hari (bawaan: INVITE_TTL_DAYS)")
    invite.add_argument(
        "--include-registered",
        action="store_true",
        help="juga yang sudah terdaftar (untuk --unit/--all)",
    )
    add_pemda_option(invite)
    invite.set_defaults(handler=invite_cmd)
