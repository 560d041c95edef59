"""Why a database cannot be used, in words an operator can act on.

:func:`inspect_file` looks at the file before SQLite opens it (a garbage or truncated file, a
read-only folder or file) and :func:`diagnose` names what an SQLite or OS error means. Both
give a :class:`DatabaseUnusable`, which the command line prints without a traceback and
exits non-zero on. :func:`is_busy` tells a busy or locked database (worth waiting for) from
the rest.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import StrEnum
from pathlib import Path

HEADER = b"SQLite format 3\x00"


class Problem(StrEnum):
    NOT_SQLITE = "not_sqlite"
    """Not an SQLite database at all (garbage, another kind of file)."""
    TRUNCATED = "truncated"
    """Shorter than its own header says: cut off by a failed copy or a full disk."""
    CORRUPT = "corrupt"
    """SQLite reports the file malformed."""
    READ_ONLY_FOLDER = "read_only_folder"
    """The folder cannot be written (SQLite needs it for the -wal and -shm files)."""
    READ_ONLY_FILE = "read_only_file"
    DISK_FULL = "disk_full"
    LOCKED = "locked"
    """Another program keeps the database locked for longer than the bot waits."""
    CANNOT_OPEN = "cannot_open"


class DatabaseUnusable(Exception):
    """The database cannot be used; :attr:`problem` says why, :attr:`detail` what SQLite or
    the system said."""

    def __init__(self, path: Path, problem: Problem, detail: str = "") -> None:
        super().__init__(f"{path}: {problem.value}{f' ({detail})' if detail else ''}")
        self.path = path
        self.problem = problem
        self.detail = detail


_CODES = {
    sqlite3.SQLITE_NOTADB: Problem.NOT_SQLITE,
    sqlite3.SQLITE_CORRUPT: Problem.CORRUPT,
    sqlite3.SQLITE_FULL: Problem.DISK_FULL,
    sqlite3.SQLITE_READONLY: Problem.READ_ONLY_FILE,
    sqlite3.SQLITE_CANTOPEN: Problem.CANNOT_OPEN,
    sqlite3.SQLITE_BUSY: Problem.LOCKED,
    sqlite3.SQLITE_LOCKED: Problem.LOCKED,
}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def is_busy(error: BaseException) -> bool:
    """A busy or locked database: another connection holds a lock; waiting may help."""
    error = _driver_error(error)
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _driver_error(error: BaseException) -> BaseException:
    """SQLite's own exception where a wrapper (SQLAlchemy's) carries it as ``orig``."""
    orig = getattr(error, "orig", None)
    return orig if isinstance(orig, BaseException) else error


def is_disk_full(error: BaseException) -> bool:
    error = _driver_error(error)
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_FULL


def inspect_file(path: Path) -> None:
    """Raise :class:`DatabaseUnusable` if the file or its folder is plainly unusable; a
    missing file is fine (it is created)."""
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        raise DatabaseUnusable(path, Problem.READ_ONLY_FOLDER, str(folder))
    try:
        with path.open("rb") as file:
            head = file.read(100)
            size = os.fstat(file.fileno()).st_size
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseUnusable(path, Problem.CANNOT_OPEN, str(error)) from error
    if not os.access(path, os.W_OK):
        raise DatabaseUnusable(path, Problem.READ_ONLY_FILE)
    if size == 0:
        return  # an empty file is an empty database
    if len(head) < 100 or not head.startswith(HEADER):
        raise DatabaseUnusable(path, Problem.NOT_SQLITE, f"{size} bytes, no SQLite header")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The page count in the header is valid when its change counter matches (SQLite 3.7+).
    if head[24:28] == head[92:96] and pages and size < pages * page_size:
        raise DatabaseUnusable(
            path, Problem.TRUNCATED, f"{size} of {pages * page_size} bytes present"
        )


def diagnose(path: Path, error: BaseException) -> DatabaseUnusable:
    """What an error met while opening or using the database means for the operator."""
    error = _driver_error(error)
    if isinstance(error, DatabaseUnusable):
        return error
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DatabaseUnusable(path, Problem.DISK_FULL, str(error))
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return DatabaseUnusable(path, Problem.READ_ONLY_FOLDER, str(error))
        return DatabaseUnusable(path, Problem.CANNOT_OPEN, str(error))
    code = getattr(error, "sqlite_errorcode", None)
    problem = _CODES.get(code & 0xFF) if code is not None else None
    if problem is Problem.CANNOT_OPEN and not os.access(path.parent, os.W_OK):
        problem = Problem.READ_ONLY_FOLDER
    if problem is Problem.READ_ONLY_FILE and not os.access(path.parent, os.W_OK):
        problem = Problem.READ_ONLY_FOLDER
    return DatabaseUnusable(path, problem or Problem.CANNOT_OPEN, str(error))
