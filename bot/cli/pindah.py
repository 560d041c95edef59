"""``budaya-bot pindah-ke-postgres --dari FILE --pemda KODE``: move an SQLite deployment up
into a Pemda on PostgreSQL, verified table by table (bot/storage/transfer.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.cli.common import EXIT_DATABASE, EXIT_IN_USE, EXIT_USAGE, load_settings
from bot.tenants.location import pemda_schema
from bot.tenants.models import CODE
from bot.texts import moving as texts

if TYPE_CHECKING:
    from bot.storage.transfer import Step, TransferReport

EXIT_MISMATCH = 1
"""The copy did not match its source (it was rolled back) or PostgreSQL refused a row."""

_EXITS = {
    "in_use": EXIT_IN_USE,
    "copy_failed": EXIT_MISMATCH,
    "tables_differ": EXIT_MISMATCH,
}
"""Exit status by refusal (bot/storage/transfer.py ``Reason``); the rest: EXIT_USAGE."""


def is_postgresql(url: str | None) -> bool:
    if not url:
        return False
    try:
        return make_url(url).get_backend_name() in ("postgresql", "postgres")
    except ArgumentError:
        return False


def report_lines(report: TransferReport) -> list[str]:
    lines = []
    if report.upgraded_from is not None:
        lines.append(texts.upgraded(report.upgraded_from))
    lines.append(texts.HEADER)
    for check in report.tables:
        lines.append(
            texts.table_line(check.name, check.source_rows, check.source_checksum, check.ok)
        )
        if not check.ok:
            lines.append(texts.mismatch_detail(check.target_rows, check.target_checksum))
    if report.skipped:
        lines.append(texts.skipped(report.skipped))
    if report.committed:
        lines.append(
            texts.done(len(report.tables), report.rows, report.total_seconds, report.copy_seconds)
        )
    else:
        lines.append(texts.ROLLED_BACK)
    return lines


def show_progress(step: Step) -> None:
    print(texts.progress(step.stage, step.name, step.rows), flush=True)


def pindah_cmd(args: argparse.Namespace) -> int:
    # Imported here: the other commands (``run`` above all) start without asyncpg's COPY
    # and Alembic's script loading.
    import asyncpg

    from bot.storage.transfer import Refused, transfer

    settings = load_settings()
    target = args.ke or settings.database_url
    if not is_postgresql(target):
        print(texts.NOT_POSTGRESQL, file=sys.stderr)
        return EXIT_USAGE
    assert target is not None
    if args.batch < 1:
        print(texts.BAD_BATCH, file=sys.stderr)
        return EXIT_USAGE
    if not CODE.fullmatch(args.pemda):
        print(texts.bad_code(args.pemda), file=sys.stderr)
        return EXIT_USAGE
    schema = pemda_schema(settings, args.pemda)
    shown = make_url(target).render_as_string(hide_password=True)
    print(texts.starting(str(args.dari), shown, schema), flush=True)
    try:
        report = asyncio.run(
            transfer(args.dari, target, schema, batch=args.batch, progress=show_progress)
        )
    except Refused as refusal:
        print(texts.refused(refusal.reason, refusal.detail), file=sys.stderr)
        return _EXITS.get(refusal.reason, EXIT_USAGE)
    except (OSError, SQLAlchemyError, asyncpg.PostgresError) as error:
        print(texts.cannot_connect(shown, str(getattr(error, "orig", error))), file=sys.stderr)
        return EXIT_DATABASE
    print("\n".join(report_lines(report)))
    return 0 if report.committed and report.ok else EXIT_MISMATCH


def register(commands: argparse._SubParsersAction[Any]) -> None:
    command = commands.add_parser(
        "pindah-ke-postgres",
        help="pindahkan basis data SQLite ke satu Pemda di PostgreSQL, terverifikasi",
        description="Salin seluruh basis data SQLite (berkas tidak diubah) ke skema Pemda"
        " KODE di PostgreSQL (DATABASE_URL), dalam satu transaksi, lalu cocokkan jumlah baris"
        " dan checksum setiap tabel. Hentikan bot dulu. Skema tujuan harus kosong.",
    )
    command.add_argument(
        "--dari",
        type=Path,
        required=True,
        metavar="BERKAS",
        help="berkas SQLite, mis. data/budaya.db",
    )
    command.add_argument(
        "--pemda", required=True, metavar="KODE", help="kode Pemda tujuan, mis. kab_serang"
    )
    command.add_argument(
        "--ke",
        metavar="URL",
        help="server PostgreSQL tujuan (postgresql://…); bawaan: DATABASE_URL",
    )
    command.add_argument(
        "--batch",
        type=int,
        default=5000,
        metavar="N",
        help="baris per COPY (bawaan 5000)",
    )
    command.set_defaults(handler=pindah_cmd)
