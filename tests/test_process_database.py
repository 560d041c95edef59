"""The database from an operator's side, with real processes: ``budaya-bot run`` exits at once
with a message on a garbage, truncated or read-only database; a start at 23.59 sends nothing
past the cut-offs; ``budaya-bot backup`` taken mid-broadcast holds every row committed
before it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.delivery.models import PAST_CUTOFF
from bot.emulator import FakeBotApi
from tests.processes import bot_env, population, sends, start, until

pytestmark = pytest.mark.usefixtures("reap_processes")

WITHOUT_OVERRIDE = (
    "setpriv",
    "--inh-caps=-all",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
    "--",
)
"""Root as an ordinary user: file permissions apply to it (util-linux's setpriv)."""


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder every user may enter (pytest's own are private to the user running it)."""
    path = Path(tempfile.mkdtemp(prefix="budaya-ro-"))
    path.chmod(0o755)
    yield path
    for folder in (path, *path.iterdir()):
        folder.chmod(0o755)
    shutil.rmtree(path)


async def a_database(fake: FakeBotApi, path: Path, people: int = 200) -> None:
    await population(fake, path, people)  # closed: checkpointed into one file


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def truncated(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(size // 2)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (garbage, ("bukan basis data SQLite", "not an SQLite database", "restore from backup")),
        (truncated, ("berkas terpotong", "truncated", "pulihkan dari cadangan")),
        (None, ("folder hanya-baca", "the folder is read-only")),
    ],
    ids=["garbage", "truncated", "read-only folder"],
)
async def test_run_exits_at_once_on_an_unusable_database(
    fake: FakeBotApi,
    open_dir: Path,
    damage: Callable[[Path], None] | None,
    words: tuple[str, ...],
) -> None:
    folder = open_dir / "data"
    folder.mkdir()
    database = folder / "budaya.db"
    await a_database(fake, database)
    prefix: tuple[str, ...] = ()
    if damage is not None:
        damage(database)
    else:  # an existing database in a folder the bot's user may not write to
        if os.geteuid() == 0:  # root writes anywhere, unless it drops that privilege
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: cannot make a folder read-only")
            prefix = WITHOUT_OVERRIDE
        folder.chmod(0o555)
    process = await start(["run"], bot_env(fake, database), open_dir, prefix=prefix)
    code = await process.exited(within=10)
    took = time.monotonic() - process.started
    output = process.output()
    print(f"{damage.__name__ if damage else 'read-only'}: exit {code} in {took:.1f} s")
    assert code == 3
    assert str(database) in output
    for text in words:
        assert text in output
    assert "Traceback" not in output
    assert not fake.calls("sendMessage")


async def test_a_start_at_23_59_sends_nothing_past_the_cut_offs(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "budaya.db"
    people = 200
    await a_database(fake, database, people)
    env = bot_env(fake, database)
    process = await start(["run"], env, tmp_path, at="2026-11-23T23:59:00+07:00")

    def logged() -> int:
        with sqlite3.connect(database) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0])

    await until(lambda: logged() == 2 * people)
    health = await start(["health"], env, tmp_path)
    assert await health.exited(within=10) == 0
    assert await process.stop() == 0
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT kind, status, detail FROM deliveries").fetchall()
    assert {(kind, status) for kind, status, _ in rows} == {
        ("morning", "expired"),
        ("afternoon", "expired"),
    }
    details = {detail for _, _, detail in rows}
    assert details == {f"{PAST_CUTOFF} (2026-11-23T15:30+07:00)",
                       f"{PAST_CUTOFF} (2026-11-23T17:00+07:00)"}  # fmt: skip
    assert sends(fake) == 0
    report = health.output()
    print(report)
    assert f"kedaluwarsa {2 * people}" in report
    assert "pemilik basis data: host" in report


async def test_a_backup_mid_broadcast_holds_what_was_committed_before_it(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "budaya.db"
    people = 250
    await a_database(fake, database, people)
    fake.inject_delay("sendMessage", 0.02, times=None)
    env = bot_env(fake, database, delivery_rate="80")
    bot = await start(["run"], env, tmp_path)
    await until(lambda: sends(fake) >= 60)
    with sqlite3.connect(database) as conn:
        committed = {
            row[0] for row in conn.execute("SELECT id FROM deliveries WHERE status = 'sent'")
        }
    target = tmp_path / "cadangan" / "budaya-copy.db"
    target.parent.mkdir()
    backup = await start(["backup", str(target)], env, tmp_path)
    assert await backup.exited(within=15) == 0
    await until(lambda: sends(fake) >= people)
    assert await bot.stop() == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        sent = {row[0] for row in copy.execute("SELECT id FROM deliveries WHERE status = 'sent'")}
        registered = copy.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    print(
        f"backup mid-broadcast: {len(committed)} sent rows committed before it,"
        f" {len(sent)} in the copy, {people} in the end"
    )
    assert committed <= sent  # every row committed before the backup
    assert len(sent) < people  # taken mid-broadcast
    assert registered == people
    assert "Cadangan tersimpan" in backup.output()
