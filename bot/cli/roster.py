"""``budaya-bot import-roster FILE`` and ``budaya-bot kbk-name --unit UNIT NAME``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE, PemdaTarget, add_pemda_option, load_settings, pemda_target
from bot.org.models import Unit
from bot.org.reconcile import ImportResult
from bot.org.roster import FIELD_MAX, RosterParse, clean_text
from bot.org.roster_file import RosterFileError, parse_roster_file
from bot.org.unit_search import close_unit_names
from bot.storage import OrgRepository
from bot.storage.timestamps import utcnow
from bot.texts import admin as admin_texts


def read_roster_file(path: Path) -> RosterParse:
    """Check the roster file at ``path`` (CSV or .xlsx); RosterFileError if unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterFileError(f"Berkas roster tidak ditemukan: {path}") from None
    except IsADirectoryError:
        raise RosterFileError(f"{path} adalah folder, bukan berkas roster") from None
    except OSError as error:
        raise RosterFileError(f"Berkas roster tidak bisa dibaca: {path} ({error})") from None
    return parse_roster_file(data, str(path))


def import_summary(result: ImportResult) -> list[str]:
    """The lines ``import-roster`` prints after a good file."""
    counts = admin_texts.roster_counts(result)
    if result.dry_run:
        lines = [f"Uji coba (--dry-run), tidak ada yang disimpan. Jika diimpor: {counts}"]
    else:
        lines = [f"Roster diimpor: {counts}"]
    if result.deactivated_people:
        verb = "akan dinonaktifkan" if result.dry_run else "dinonaktifkan"
        lines.append(f"Yang {verb} (tidak ada lagi di berkas):")
        lines += [f"  {name}" for name in result.deactivated_people]
    if not result.changes:
        lines.append("Tidak ada perubahan: isi berkas sama dengan roster yang tersimpan.")
    return lines


def problems_report(parsed: RosterParse) -> list[str]:
    """The lines ``import-roster`` prints for a refused file."""
    lines = [f"Roster tidak diimpor, tidak ada yang berubah. {parsed.bad_lines} baris bermasalah:"]
    lines += [f"  {problem.render()}" for problem in parsed.problems]
    return lines


async def _import(target: PemdaTarget, parsed: RosterParse, dry_run: bool) -> ImportResult:
    async with target.database() as db:
        return await OrgRepository(db).import_roster(parsed.entries, utcnow(), dry_run=dry_run)


def import_roster_cmd(args: argparse.Namespace) -> int:
    target = pemda_target(args, load_settings())
    try:
        parsed = read_roster_file(args.file)
    except RosterFileError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if not parsed.ok:
        print("\n".join(problems_report(parsed)), file=sys.stderr)
        return EXIT_USAGE
    result = asyncio.run(_import(target, parsed, args.dry_run))
    print("\n".join(import_summary(result)))
    return 0


async def _kbk_name(
    target: PemdaTarget, unit_name: str, name: str | None
) -> tuple[int, list[str]]:
    async with target.database() as db:
        org = OrgRepository(db)
        unit = await org.unit_by_name(unit_name)
        if unit is None:
            units = await org.units()
            lines = [f'Unit "{unit_name}" tidak ditemukan.']
            if not units:
                lines.append("Belum ada unit: impor roster dulu dengan budaya-bot import-roster.")
            elif close := close_unit_names(unit_name, units):
                lines.append("Mungkin maksud Anda:")
                lines += [f"  {choice}" for choice in close]
            else:
                lines.append("Unit yang ada:")
                lines += [f"  {u.name}" for u in units]
            return EXIT_USAGE, lines
        await org.set_kbk_name(unit.id, name)
        if name is None:
            shown = Unit(unit.id, unit.name, None).kbk_display_name
            return 0, [f'Nama KBK {unit.name} dihapus; kini tampil sebagai "{shown}".']
        return 0, [f'Nama KBK {unit.name}: "{name}".']


def kbk_name_cmd(args: argparse.Namespace) -> int:
    target = pemda_target(args, load_settings())
    name: str | None = None
    if args.clear == (args.name is not None):
        print("Tulis nama KBK, atau --clear untuk menghapusnya (salah satu).", file=sys.stderr)
        return EXIT_USAGE
    if not args.clear:
        name = clean_text(args.name)
        if not name:
            print("Nama KBK kosong; pakai --clear untuk menghapus nama KBK.", file=sys.stderr)
            return EXIT_USAGE
        if len(name) > FIELD_MAX:
            print(
                f"Nama KBK terlalu panjang ({len(name)} karakter, paling banyak {FIELD_MAX}).",
                file=sys.stderr,
            )
            return EXIT_USAGE
    code, lines = asyncio.run(_kbk_name(target, args.unit, name))
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def register(commands: argparse._SubParsersAction[Any]) -> None:
    roster = commands.add_parser(
        "import-roster",
        help="impor roster pegawai (CSV atau Excel .xlsx): unit, peran KBK, Agen Perubahan",
        description=(
            "Impor roster dari berkas CSV (UTF-8, pemisah titik koma atau koma) atau Excel "
            "(.xlsx, lembar pertama) dengan kolom "
            "nip, nama, jabatan, unit, peran_kbk, agen_perubahan, role_model, peran_pemda. "
            "Semua baris harus benar: jika satu saja salah, tidak ada yang diubah. "
            "Orang yang tidak ada lagi di berkas dinonaktifkan, tidak dihapus."
        ),
    )
    roster.add_argument(
        "file",
        metavar="BERKAS",
        type=Path,
        help="berkas CSV atau .xlsx, misalnya content/roster_contoh.csv",
    )
    roster.add_argument(
        "--dry-run", action="store_true", help="periksa dan hitung perubahan tanpa menyimpan"
    )
    add_pemda_option(roster)
    roster.set_defaults(handler=import_roster_cmd)

    kbk = commands.add_parser(
        "kbk-name",
        help="beri nama sendiri untuk KBK sebuah unit (Perbup Pasal 6 ayat 5)",
    )
    kbk.add_argument("--unit", required=True, help='nama unit, misalnya "Dinas Kesehatan"')
    kbk.add_argument(
        "name", metavar="NAMA", nargs="?", help='nama KBK, misalnya "KBK Sehat Melayani"'
    )
    kbk.add_argument("--clear", action="store_true", help="hapus nama KBK (kembali ke bawaan)")
    add_pemda_option(kbk)
    kbk.set_defaults(handler=kbk_name_cmd)
