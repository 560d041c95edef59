"""What the operator reads from ``budaya-bot pemda ...`` and from ``--pemda`` on the admin
commands. Indonesian, with English after " / " on the refusals. A bot token is never part
of any of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.tenants.models import OVERRIDABLE

CODE_RULE = "huruf kecil, angka dan _, 2-30 karakter, diawali huruf, mis. kab_serang"


def code_invalid(code: str) -> str:
    return (
        f"Kode Pemda tidak sah: {code!r} ({CODE_RULE}). / Not a Pemda code: lower-case"
        " letters, digits and _, 2-30 long, starting with a letter."
    )


def unknown(code: str) -> str:
    return (
        f"Pemda {code} tidak terdaftar; lihat budaya-bot pemda daftar. / No Pemda {code} is"
        " registered; see budaya-bot pemda daftar."
    )


def settings_invalid(code: str, problems: Sequence[tuple[str, str]]) -> str:
    lines = [f"Pengaturan Pemda {code} tidak valid / invalid settings of Pemda {code}:"]
    lines += [f"  {name}: {why}" for name, why in problems]
    allowed = ", ".join(sorted(key.upper() for key in OVERRIDABLE))
    lines.append(f"  Pengaturan yang boleh diatur per Pemda / settings a Pemda may set: {allowed}")
    return "\n".join(lines)


def code_taken(code: str) -> str:
    return f"Pemda {code} sudah terdaftar; pilih kode lain. / Pemda {code} is already registered."


def token_taken(other: str) -> str:
    return (
        f"Token bot ini sudah dipakai Pemda {other}: tiap Pemda punya bot sendiri (buat lewat"
        f" @BotFather). / This bot token already belongs to Pemda {other}: each Pemda has a"
        " bot of its own."
    )


TOKEN_INVALID = (
    "Token bot tidak sah: bentuknya 123456789:AA... seperti yang diberikan @BotFather. / Not a"
    " bot token: it looks like 123456789:AA..., as @BotFather gives it."
)
NAME_EMPTY = 'Nama Pemda kosong; tulis --nama "Kabupaten ...". / The Pemda\'s name is empty.'


def added(code: str, name: str, where: str) -> list[str]:
    return [
        f"Pemda {code} ({name}) terdaftar; datanya di {where}.",
        f"  Impor rosternya: budaya-bot import-roster --pemda {code} BERKAS",
        "  Bot Pemda ini dilayani saat budaya-bot run dimulai lagi.",
    ]


def deactivated(code: str) -> str:
    return (
        f"Pemda {code} dinonaktifkan: botnya tidak dilayani lagi sejak budaya-bot run berikutnya;"
        " datanya tetap tersimpan."
    )


def activated(code: str) -> str:
    return f"Pemda {code} diaktifkan lagi: botnya dilayani sejak budaya-bot run berikutnya."


NONE_REGISTERED = (
    "Belum ada Pemda terdaftar: bot melayani satu Pemda dengan BOT_TOKEN dari .env."
    " Tambahkan dengan budaya-bot pemda tambah KODE --nama NAMA --token TOKEN."
)

COLUMNS = ("KODE", "NAMA", "BOT", "AKTIF", "PEGAWAI", "PEMILIK")


def yes_no(value: bool) -> str:
    return "ya" if value else "tidak"


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """``rows`` under :data:`COLUMNS`, each column as wide as its widest cell."""
    everything = [COLUMNS, *rows]
    widths = [max(len(row[i]) for row in everything) for i in range(len(COLUMNS))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in everything
    ]


def where(path: Path | None, schema: str) -> str:
    """Where a Pemda's data is: its SQLite file, or its PostgreSQL schema."""
    return str(path) if path is not None else f"skema {schema}"
