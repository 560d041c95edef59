"""An online backup of the database while the bot runs, with SQLite's backup API.

The copy is made in one step (``sqlite3_backup_step(-1)``), inside one read transaction of
the source: a consistent snapshot holding every transaction committed before it began and
none after, while the bot keeps writing (WAL lets writers go on beside a reader). It is
written next to the target under a temporary name, turned into a single self-contained file
(``journal_mode=DELETE``), checked (``PRAGMA quick_check``) and only then renamed into place,
so a failed backup never leaves a half-written file under the target's name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.storage.diagnosis import diagnose, inspect_file


class BackupFailed(Exception):
    """The copy could not be written or did not check out; the target is untouched."""


@dataclass(frozen=True)
class BackupResult:
    size: int
    people: int
    deliveries: int


def backup(source: Path, target: Path, *, busy_timeout: float = 30.0) -> BackupResult:
    """Copy ``source`` to ``target`` (replacing it); raises ``DatabaseUnusable`` for a bad
    source and :class:`BackupFailed` when the copy cannot be made."""
    inspect_file(source)
    if not source.exists():
        raise BackupFailed(f"{source} tidak ada")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        src = sqlite3.connect(source, timeout=busy_timeout)
    except sqlite3.Error as error:
        raise diagnose(source, error) from error
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as dst:
            try:
                src.backup(dst)
            except sqlite3.Error as error:
                if _source_fault(error):
                    raise diagnose(source, error) from error
                raise
            dst.execute("PRAGMA journal_mode = DELETE")
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise BackupFailed(f"salinan tidak lolos pemeriksaan: {verdict}")
            people = dst.execute("SELECT COUNT(*) FROM people").fetchone()[0]
            deliveries = dst.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
        with temporary.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupFailed(str(error)) from error
    finally:
        src.close()
        temporary.unlink(missing_ok=True)
    return BackupResult(target.stat().st_size, people, deliveries)


def _source_fault(error: sqlite3.Error) -> bool:
    """The source is garbage or malformed (the copy only writes, so the rest is its own)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
