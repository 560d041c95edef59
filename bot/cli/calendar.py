"""``budaya-bot libur ...`` (the Pemda's holidays and extra working days) and
``budaya-bot hari-kerja --unit UNIT [HARI]`` (a unit's work week)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import holidays

from bot.cli.common import EXIT_USAGE, add_pemda_option, load_settings, pemda_target
from bot.org.roster_file import RosterFileError, decode_csv
from bot.org.unit_search import close_unit_names
from bot.schedule.calendar import (
    DayOverride,
    OverrideKind,
    WorkCalendar,
    format_workweek,
    parse_workweek,
)
from bot.schedule.calendar_file import CalendarParse, check_reason, parse_calendar_file, parse_date
from bot.storage import OrgRepository
from bot.storage.schedule import CalendarRepository
from bot.storage.timestamps import utcnow
from bot.texts.admin import describe_day
from bot.texts.dates import DAYS, long_date

Lines = tuple[int, list[str]]

KIND_LABELS = {
    OverrideKind.HOLIDAY: "libur Pemda",
    OverrideKind.WORKING: "kerja Pemda",
}


def _run(
    args: argparse.Namespace,
    work: Callable[[CalendarRepository, OrgRepository], Awaitable[Lines]],
) -> int:
    target = pemda_target(args, load_settings())

    async def inner() -> Lines:
        async with target.database() as db:
            return await work(CalendarRepository(db), OrgRepository(db))

    code, lines = asyncio.run(inner())
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def _describe(calendar: WorkCalendar, day: date) -> str:
    return describe_day(calendar.info(day))


# --- libur tambah / kerja ----------------------------------------------------------------------


def _set_cmd(kind: OverrideKind) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        day = parse_date(args.tanggal)
        if day is None:
            print(f"Tanggal {args.tanggal!r} tidak dikenal; tulis YYYY-MM-DD.", file=sys.stderr)
            return EXIT_USAGE
        reason, problem = check_reason(args.alasan)
        if problem:
            print(f"Alasan tidak bisa dipakai: {problem}.", file=sys.stderr)
            return EXIT_USAGE

        async def work(calendar: CalendarRepository, _: OrgRepository) -> Lines:
            before = _describe(await calendar.calendar(), day)
            await calendar.set_override(DayOverride(day, kind, reason), utcnow())
            what = "hari libur Pemda" if kind is OverrideKind.HOLIDAY else "hari kerja Pemda"
            return 0, [f"{long_date(day)} kini {what}: {reason} (sebelumnya: {before})."]

        return _run(args, work)

    return command


def hapus_cmd(args: argparse.Namespace) -> int:
    day = parse_date(args.tanggal)
    if day is None:
        print(f"Tanggal {args.tanggal!r} tidak dikenal; tulis YYYY-MM-DD.", file=sys.stderr)
        return EXIT_USAGE

    async def work(calendar: CalendarRepository, _: OrgRepository) -> Lines:
        if not await calendar.remove_override(day):
            return EXIT_USAGE, [f"Tidak ada libur atau hari kerja Pemda pada {long_date(day)}."]
        now = _describe(await calendar.calendar(), day)
        return 0, [f"Ketetapan Pemda untuk {long_date(day)} dihapus; kini: {now}."]

    return _run(args, work)


# --- libur impor ---------------------------------------------------------------------------------


def read_calendar_file(path: Path) -> str | None:
    """The file's text (UTF-8 with or without BOM, or UTF-16), or None after printing why."""
    try:
        return decode_csv(path.read_bytes(), str(path))
    except OSError as error:
        print(f"Berkas tidak bisa dibaca: {path} ({error.strerror or error})", file=sys.stderr)
    except RosterFileError as error:
        print(error, file=sys.stderr)
    return None


def import_report(parsed: CalendarParse) -> list[str]:
    lines = [
        f"Kalender tidak diimpor, tidak ada yang berubah. "
        f"{len({p.line for p in parsed.problems})} baris bermasalah:"
    ]
    return lines + [f"  {problem.render()}" for problem in parsed.problems]


def impor_cmd(args: argparse.Namespace) -> int:
    text = read_calendar_file(args.file)
    if text is None:
        return EXIT_USAGE
    parsed = parse_calendar_file(text)
    if not parsed.ok:
        print("\n".join(import_report(parsed)), file=sys.stderr)
        return EXIT_USAGE

    async def work(calendar: CalendarRepository, _: OrgRepository) -> Lines:
        count = await calendar.set_overrides(parsed.overrides, utcnow())
        holidays_count = sum(o.kind is OverrideKind.HOLIDAY for o in parsed.overrides)
        return 0, [
            f"Kalender diimpor: {count} tanggal ({holidays_count} libur, "
            f"{count - holidays_count} hari kerja)."
        ]

    return _run(args, work)


# --- libur daftar --------------------------------------------------------------------------------


def year_listing(year: int, overrides: list[DayOverride]) -> list[str]:
    """National holidays, cuti bersama and the Pemda's own days of ``year``, by date."""
    entries: dict[date, tuple[str, str]] = {}
    for category, label in (("public", "libur nasional"), ("government", "cuti bersama")):
        found = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
        for day, name in found.items():
            entries[day] = (label, str(name))
    for override in overrides:
        if override.day.year != year:
            continue
        label = KIND_LABELS[override.kind]
        replaced = entries.get(override.day)
        note = f" (menggantikan {replaced[1]})" if replaced else ""
        entries[override.day] = (label, override.reason + note)
    width = max((len(long_date(day)) for day in entries), default=0)
    lines = [f"Hari libur dan hari kerja khusus tahun {year}:"]
    for day in sorted(entries):
        label, name = entries[day]
        lines.append(f"  {long_date(day):<{width}}  {label:<14}  {name}")
    if len(lines) == 1:
        lines.append("  (tidak ada)")
    return lines


def daftar_cmd(args: argparse.Namespace) -> int:
    year = args.tahun or utcnow().year

    async def work(calendar: CalendarRepository, _: OrgRepository) -> Lines:
        return 0, year_listing(year, await calendar.overrides())

    return _run(args, work)


# --- hari-kerja ----------------------------------------------------------------------------------


def workweek_label(days: frozenset[int]) -> str:
    names = [DAYS[d - 1] for d in sorted(days)]
    return f"{', '.join(names)} ({format_workweek(days)})"


def hari_kerja_cmd(args: argparse.Namespace) -> int:
    days: frozenset[int] | None = None
    if args.hari is not None:
        try:
            days = parse_workweek(args.hari)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return EXIT_USAGE

    async def work(calendar: CalendarRepository, org: OrgRepository) -> Lines:
        unit = await org.unit_by_name(args.unit)
        if unit is None:
            lines = [f'Unit "{args.unit}" tidak ditemukan.']
            if close := close_unit_names(args.unit, await org.units()):
                lines += ["Mungkin maksud Anda:", *(f"  {name}" for name in close)]
            return EXIT_USAGE, lines
        if days is None:
            current = await calendar.workweek(unit.id)
            return 0, [f"Hari kerja {unit.name}: {workweek_label(current)}."]
        await calendar.set_workweek(unit.id, days)
        return 0, [f"Hari kerja {unit.name} kini: {workweek_label(days)}."]

    return _run(args, work)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    libur = commands.add_parser(
        "libur",
        help="hari libur dan hari kerja khusus Pemda (di atas libur nasional dan cuti bersama)",
        description=(
            "Libur nasional dan cuti bersama sudah dikenal bot. Di sini Pemda menambah hari "
            "libur sendiri (misalnya HUT Kabupaten) atau hari kerja pengganti."
        ),
    )
    actions = libur.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    for name, kind, text in (
        ("tambah", OverrideKind.HOLIDAY, "tetapkan hari libur Pemda"),
        ("kerja", OverrideKind.WORKING, "tetapkan hari kerja tambahan (misalnya pengganti)"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("tanggal", help="YYYY-MM-DD, misalnya 2026-11-24")
        action.add_argument("alasan", help='misalnya "HUT Kabupaten"')
        add_pemda_option(action)
        action.set_defaults(handler=_set_cmd(kind))
    hapus = actions.add_parser("hapus", help="hapus ketetapan Pemda untuk satu tanggal")
    hapus.add_argument("tanggal", help="YYYY-MM-DD")
    add_pemda_option(hapus)
    hapus.set_defaults(handler=hapus_cmd)
    impor = actions.add_parser(
        "impor",
        help="impor banyak tanggal dari CSV (kolom tanggal;jenis;alasan), semua atau tidak sama "
        "sekali",
    )
    impor.add_argument(
        "file", metavar="BERKAS", type=Path, help="berkas CSV, jenis = libur atau kerja"
    )
    add_pemda_option(impor)
    impor.set_defaults(handler=impor_cmd)
    daftar = actions.add_parser("daftar", help="daftar libur nasional, cuti bersama dan Pemda")
    daftar.add_argument("tahun", nargs="?", type=int, help="tahun, bawaan tahun ini")
    add_pemda_option(daftar)
    daftar.set_defaults(handler=daftar_cmd)

    workweek = commands.add_parser(
        "hari-kerja",
        help="hari kerja sebuah unit: 12345 = Senin-Jumat, 123456 = Senin-Sabtu",
    )
    workweek.add_argument("--unit", required=True, help='nama unit, misalnya "RSUD"')
    workweek.add_argument("hari", nargs="?", help="angka hari (1 = Senin); kosong = tampilkan")
    add_pemda_option(workweek)
    workweek.set_defaults(handler=hari_kerja_cmd)
