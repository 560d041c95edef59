"""What the operator reads on the command line about the database: why it cannot be used,
who owns it, backups and health. In Indonesian, with English where a message may reach a
log read by someone else (the refusals that stop the bot)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.ownership import Owner
from bot.storage.diagnosis import DatabaseUnusable, Problem

_PROBLEMS: dict[Problem, tuple[str, str]] = {
    Problem.NOT_SQLITE: (
        "bukan basis data SQLite (isinya rusak atau berkas lain) — pulihkan dari cadangan",
        "not an SQLite database (garbage or another kind of file) — restore from backup",
    ),
    Problem.TRUNCATED: (
        "berkas terpotong (salinan gagal atau disk penuh) — pulihkan dari cadangan",
        "the file is truncated (a failed copy or a full disk) — restore from backup",
    ),
    Problem.CORRUPT: (
        "berkas rusak menurut SQLite — pulihkan dari cadangan",
        "SQLite reports the file malformed — restore from backup",
    ),
    Problem.READ_ONLY_FOLDER: (
        "folder hanya-baca — beri hak tulis pada folder untuk pengguna bot (SQLite menulis"
        " berkas -wal dan -shm di sebelahnya)",
        "the folder is read-only — give the bot's user write access to it (SQLite writes the"
        " -wal and -shm files next to the database)",
    ),
    Problem.READ_ONLY_FILE: (
        "berkas hanya-baca — beri hak tulis pada berkas untuk pengguna bot",
        "the file is read-only — give the bot's user write access to it",
    ),
    Problem.DISK_FULL: (
        "disk penuh — kosongkan ruang di disk lalu jalankan lagi",
        "disk full — free space on the disk, then start again",
    ),
    Problem.LOCKED: (
        "dikunci program lain terlalu lama — tutup program yang memegangnya (mis. sqlite3)",
        "locked by another program for too long — close whatever holds it (e.g. sqlite3)",
    ),
    Problem.CANNOT_OPEN: (
        "tidak bisa dibuka — periksa path DATABASE_PATH dan hak aksesnya",
        "cannot be opened — check DATABASE_PATH and its permissions",
    ),
}


def database_unusable(error: DatabaseUnusable) -> str:
    indonesian, english = _PROBLEMS[error.problem]
    lines = [
        f"Basis data tidak bisa dipakai: {error.path}",
        f"  {indonesian}.",
        f"Database cannot be used: {error.path}",
        f"  {english}.",
    ]
    if error.detail:
        lines.append(f"  ({error.detail})")
    return "\n".join(lines)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z")


def held_elsewhere(path: Path | str, owner: Owner, zone: ZoneInfo) -> str:
    since = _when(owner.since, zone)
    return "\n".join(
        [
            f"Basis data {path} sedang dipakai instance bot lain:"
            f" host {owner.host}, pid {owner.pid}, sejak {since}.",
            "  Hentikan instance itu dulu, atau jalankan dengan --standby untuk menunggu dan"
            " mengambil alih saat instance itu berhenti.",
            f"Database {path} is held by another bot instance:"
            f" host {owner.host}, pid {owner.pid}, since {since}.",
            "  Stop that instance first, or run with --standby to wait and take over when it"
            " stops.",
        ]
    )


def standby_waiting(path: Path | str, owner: Owner, zone: ZoneInfo) -> str:
    since = _when(owner.since, zone)
    return (
        f"Siaga: menunggu instance host {owner.host}, pid {owner.pid} (sejak {since}) melepas"
        f" {path}. / Standby: waiting for host {owner.host}, pid {owner.pid} (since {since})"
        f" to release {path}."
    )


OWNERSHIP_LOST = (
    "Instance lain mengambil alih basis data; bot ini berhenti. / Another instance took over"
    " the database; this bot stops."
)


def backup_done(target: Path, size: int, people: int, deliveries: int) -> str:
    return (
        f"Cadangan tersimpan: {target} ({size / 1_048_576:.1f} MiB; {people} pegawai,"
        f" {deliveries} baris log pengiriman). Pulihkan dengan menghentikan bot, menyalin"
        " berkas ini ke DATABASE_PATH, lalu menjalankan bot lagi."
    )


def backup_target_exists(target: Path) -> str:
    return f"Berkas {target} sudah ada; pilih nama lain atau tambahkan --overwrite."


def backup_same_file(target: Path) -> str:
    return f"{target} adalah basis data itu sendiri; pilih berkas lain untuk cadangan."


def backup_failed(target: Path, reason: str) -> str:
    return f"Cadangan gagal, {target} tidak dibuat: {reason}"


NO_OWNER = "pemilik basis data: tidak ada (bot tidak berjalan)"


def owner_line(owner: Owner, now: datetime, zone: ZoneInfo) -> str:
    state = "aktif" if owner.expires_at > now else "kedaluwarsa"
    return (
        f"pemilik basis data: host {owner.host}, pid {owner.pid}, sejak"
        f" {_when(owner.since, zone)} (sewa {state} s.d. {_when(owner.expires_at, zone)})"
    )


STATUS_NAMES = {
    "sent": "terkirim",
    "pending": "menunggu",
    "sending": "sedang dikirim",
    "failed": "gagal",
    "skipped": "dilewati",
    "expired": "kedaluwarsa",
    "unknown": "tidak pasti (unknown)",
}


def deliveries_line(
    day: date | None, counts: dict[str, int], resent: int, unknown_week: int
) -> str:
    if day is None:
        return "pengiriman harian: belum ada"
    shown = ", ".join(
        f"{STATUS_NAMES[name]} {counts[name]}" for name in STATUS_NAMES if counts.get(name)
    )
    return (
        f"pengiriman harian terakhir ({day.isoformat()}): {shown}; dikirim ulang setelah"
        f" proses berhenti (mungkin ganda) {resent}; tidak pasti (unknown) dalam 7 hari"
        f" {unknown_week}"
    )


BACKUP_ON_POSTGRESQL = (
    "Basis data ada di PostgreSQL: cadangkan dengan pg_dump (mis. pg_dump -Fc -f cadangan.dump"
    " NAMA_DB), bukan dengan perintah ini. / The database is on PostgreSQL: back it up with"
    " pg_dump (e.g. pg_dump -Fc -f backup.dump DBNAME), not with this command."
)
