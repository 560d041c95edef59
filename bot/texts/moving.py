"""What ``budaya-bot pindah-ke-postgres`` says: why it refused, and its per-table report.

Indonesian first, then English (an operator moving a deployment may forward the output to
someone else). The refusals are keyed by the reason's value (bot/storage/transfer.py
``Reason``), so this module needs nothing from storage.
"""

from __future__ import annotations

REFUSALS: dict[str, tuple[str, str]] = {
    "no_file": (
        "berkas SQLite tidak ditemukan — periksa path --dari (mis. data/budaya.db)",
        "the SQLite file was not found — check the --dari path (e.g. data/budaya.db)",
    ),
    "not_sqlite": (
        "bukan basis data SQLite — periksa path --dari",
        "not an SQLite database — check the --dari path",
    ),
    "not_bot_database": (
        "basis data SQLite ini tidak dibuat oleh Budaya Kerja Bot (tidak ada versi skema)",
        "this SQLite database was not made by Budaya Kerja Bot (no schema version)",
    ),
    "newer_schema": (
        "basis data dibuat oleh versi bot yang lebih baru — perbarui bot ini dulu",
        "the database was made by a newer version of the bot — update this bot first",
    ),
    "hot_journal": (
        "ada berkas -journal: penulisan terakhir terputus — jalankan bot sekali pada berkas"
        " ini (lalu hentikan) agar SQLite memulihkannya, kemudian ulangi",
        "a -journal file is present: the last write was cut off — start the bot once on this"
        " file (then stop it) so SQLite recovers it, then try again",
    ),
    "in_use": (
        "bot sedang berjalan pada berkas ini — hentikan bot dulu (data yang masuk selama"
        " pemindahan akan hilang)",
        "a bot is running on this file — stop it first (data written during the move would"
        " be lost)",
    ),
    "target_not_empty": (
        "skema Pemda di PostgreSQL sudah berisi data; pemindahan tidak menggabungkan data —"
        " pakai kode Pemda lain atau kosongkan skemanya dulu",
        "the Pemda's schema on PostgreSQL already holds data; the move does not merge — use"
        " another Pemda code or empty the schema first",
    ),
    "tables_differ": (
        "tabel kedua basis data berbeda walau versinya sama",
        "the two databases' tables differ although their versions are the same",
    ),
    "copy_failed": (
        "PostgreSQL menolak data; tidak ada yang ditulis",
        "PostgreSQL refused the data; nothing was written",
    ),
}


def refused(reason: str, detail: str) -> str:
    indonesian, english = REFUSALS[reason]
    lines = [f"Pemindahan dibatalkan: {indonesian}.", f"Move refused: {english}."]
    if detail:
        lines.append(f"  ({detail})")
    return "\n".join(lines)


NOT_POSTGRESQL = (
    "Tujuan harus PostgreSQL: setel DATABASE_URL=postgresql://… (atau --ke postgresql://…)."
    "\nThe target must be PostgreSQL: set DATABASE_URL=postgresql://… (or --ke postgresql://…)."
)


def bad_code(code: str) -> str:
    return (
        f"Kode Pemda tidak valid: {code!r} (huruf kecil, angka dan _, 2-30 karakter, mis."
        f" kab_serang).\nInvalid Pemda code: {code!r} (lower-case letters, digits and _,"
        " 2-30 long, e.g. kab_serang)."
    )


def cannot_connect(target: str, error: str) -> str:
    return f"PostgreSQL tidak bisa dihubungi / cannot reach PostgreSQL: {target}\n  ({error})"


def starting(source: str, target: str, schema: str) -> str:
    return f"Memindahkan / moving {source} -> {target}, skema / schema {schema}"


BAD_BATCH = "--batch harus 1 atau lebih. / --batch must be 1 or more."


def progress(stage: str, name: str, rows: int) -> str:
    if stage == "upgrade":
        return (
            f"  meningkatkan salinan sementara dari versi {name} / upgrading a temporary copy"
            f" from revision {name}"
        )
    if stage == "copied":
        return f"  disalin / copied {name}: {rows:,} baris / rows"
    return f"  diverifikasi / verified {name}: {rows:,} baris / rows"


def upgraded(revision: str) -> str:
    return (
        f"Skema berkas ({revision}) lebih lama dari versi bot ini: salinan sementaranya"
        " ditingkatkan lalu dipindahkan; berkas asli tidak diubah.\n"
        f"The file's schema ({revision}) is older than this bot's: a temporary copy was"
        " upgraded and moved; the original file is unchanged."
    )


HEADER = f"{'tabel / table':<26} {'baris / rows':>12}  {'checksum':<16}  hasil / result"
OK = "cocok / ok"
MISMATCH = "TIDAK COCOK / MISMATCH"


def table_line(name: str, rows: int, checksum: str, ok: bool) -> str:
    return f"{name:<26} {rows:>12}  {checksum[:16]:<16}  {OK if ok else MISMATCH}"


def mismatch_detail(target_rows: int, target_checksum: str) -> str:
    return f"{'  di PostgreSQL / in PostgreSQL':<26} {target_rows:>12}  {target_checksum[:16]}"


def skipped(names: list[str]) -> str:
    return (
        f"Tidak disalin / not copied: {', '.join(names)} (pemilik berkas SQLite dan tabel di"
        " luar skema Pemda / the SQLite file's owner and tables outside the Pemda's schema)"
    )


def done(tables: int, rows: int, seconds: float, copy_seconds: float) -> str:
    rate = rows / copy_seconds if copy_seconds > 0 else 0.0
    return (
        f"Selesai: {tables} tabel, {rows} baris, semua cocok; {seconds:.1f} s ({rate:,.0f}"
        f" baris/s disalin). Berkas SQLite tidak diubah.\n"
        f"Done: {tables} tables, {rows} rows, all match; {seconds:.1f} s ({rate:,.0f} rows/s"
        " copied). The SQLite file is unchanged."
    )


ROLLED_BACK = (
    "Verifikasi GAGAL: semua dibatalkan, tidak ada yang ditulis ke PostgreSQL.\n"
    "Verification FAILED: everything rolled back, nothing was written to PostgreSQL."
)
