"""The database in trouble: what an unusable file is called, busy and locked waits, the
ownership lease between two holders, and repeated errors logged once."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.cli import main
from bot.logs import RepeatFilter
from bot.ownership import HeldElsewhere, Owner, Ownership
from bot.storage import Database
from bot.storage.diagnosis import DatabaseUnusable, Problem, diagnose, is_busy
from bot.storage.lease import SqliteLease
from bot.storage.timestamps import to_iso

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


async def made(path: Path) -> Path:
    async with Database(path):
        pass
    return path


async def test_a_malformed_file_behind_a_valid_header_is_named_and_closed(
    tmp_path: Path,
) -> None:
    path = await made(tmp_path / "b.db")
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # the schema page and everything after
    path.write_bytes(bytes(data))
    before = set(threading.enumerate())
    with pytest.raises(DatabaseUnusable) as caught:
        await Database(path).open()
    assert caught.value.problem in (Problem.CORRUPT, Problem.NOT_SQLITE)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=2)  # no connection thread keeps the process alive
        assert not thread.is_alive()


def test_disk_full_and_read_only_are_told_apart(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    conn.close()
    assert diagnose(tmp_path / "full.db", full.value).problem is Problem.DISK_FULL
    no_space = OSError(errno.ENOSPC, "No space left on device")
    assert diagnose(tmp_path / "b.db", no_space).problem is Problem.DISK_FULL
    denied = PermissionError(errno.EACCES, "Permission denied")
    assert diagnose(tmp_path / "b.db", denied).problem is Problem.READ_ONLY_FOLDER


async def test_a_lock_held_a_while_is_waited_for_then_reported(tmp_path: Path) -> None:
    path = await made(tmp_path / "b.db")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    async with Database(path, busy_timeout_ms=50, retry_seconds=3.0) as db:
        loop = asyncio.get_running_loop()
        loop.call_later(0.4, other.execute, "COMMIT")
        await db.execute("CREATE TABLE waited (x)")  # waits past busy_timeout, then works
    other.execute("BEGIN EXCLUSIVE")
    async with Database(path, busy_timeout_ms=50, retry_seconds=0.2) as db:
        with pytest.raises(OperationalError) as caught:
            await db.execute("CREATE TABLE never (x)")
        assert is_busy(caught.value)
    other.execute("COMMIT")
    other.close()


async def test_one_lease_one_holder(tmp_path: Path) -> None:
    path = await made(tmp_path / "b.db")
    async with Database(path) as first_db, Database(path) as second_db:
        first, second = SqliteLease(first_db), SqliteLease(second_db)
        owner = Ownership(first)
        me = await owner.acquire(standby=False)
        with pytest.raises(HeldElsewhere) as refused:
            await Ownership(second).acquire(standby=False)
        assert (refused.value.owner.host, refused.value.owner.pid) == (me.host, me.pid)
        standby = Ownership(second, poll=0.05)
        waiting: list[Owner] = []
        taking = asyncio.create_task(standby.acquire(standby=True, waiting=waiting.append))
        await asyncio.sleep(0.2)
        assert not taking.done()
        assert waiting == [await first.current()]
        await owner.release()
        taken = await asyncio.wait_for(taking, 2)
        assert (await second.current() or me).holder == taken.holder != me.holder
        await standby.release()
        first.close()
        second.close()


async def test_a_row_left_by_a_dead_owner(tmp_path: Path) -> None:
    """Without a live lock, a row of this machine is a dead owner's (taken at once); one of
    another machine is respected until it expires."""
    path = await made(tmp_path / "b.db")
    async with Database(path) as db:

        async def left(host: str, expires: datetime) -> None:
            await db.execute(
                "INSERT OR REPLACE INTO owner_lease VALUES ('bot', 'old', ?, 1, ?, ?, ?)",
                (host, to_iso(NOW), to_iso(NOW), to_iso(expires)),
            )

        lease = SqliteLease(db)
        soon = NOW + timedelta(seconds=20)
        await left(socket.gethostname(), soon)
        assert await lease.take(Owner.me(NOW), NOW) is None
        await left("other-machine", soon)
        held = await lease.take(Owner.me(NOW), NOW)
        assert held is not None
        assert held.host == "other-machine"
        later = NOW + timedelta(seconds=21)
        assert await lease.take(Owner.me(later), later) is None
        # The one whose row was taken finds out at its next renewal.
        assert not await lease.renew(Owner("old", "other-machine", 1, NOW, later), later)
        lease.close()


def test_repeated_errors_are_logged_once_per_window_with_a_count() -> None:
    now = [0.0]
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    handler.addFilter(RepeatFilter(window=60, clock=lambda: now[0]))
    logger = logging.getLogger("test.repeats")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        error = OSError(errno.ENOSPC, "No space left on device")
        for key in range(500):
            logger.error("preparing delivery %s failed", key, exc_info=error)
            logger.info("tick %s", key)
            now[0] += 0.1
        now[0] = 61.0
        logger.error("preparing delivery %s failed", 500, exc_info=error)
    finally:
        logger.removeHandler(handler)
    errors = [r for r in records if r.startswith("preparing")]
    assert errors == [
        "preparing delivery 0 failed",
        "preparing delivery 500 failed [+499 serupa sebelumnya]",
    ]
    assert len(records) == 502  # every info line passes


def test_backup_never_overwrites_by_accident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    database = tmp_path / "data" / "budaya.db"
    monkeypatch.setenv("DATABASE_PATH", str(database))
    asyncio.run(made(database))
    target = tmp_path / "copy.db"
    assert main(["backup", str(target)]) == 0
    assert "Cadangan tersimpan" in capsys.readouterr().out
    assert main(["backup", str(target)]) == 2
    assert "sudah ada" in capsys.readouterr().err
    assert main(["backup", str(database), "--overwrite"]) == 2
    assert "basis data itu sendiri" in capsys.readouterr().err
    assert main(["backup", str(target), "--overwrite"]) == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
