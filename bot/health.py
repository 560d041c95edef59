"""A heartbeat file the running bot refreshes, and the check Docker's HEALTHCHECK runs."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

HEARTBEAT_INTERVAL = timedelta(seconds=30)
MAX_AGE = timedelta(seconds=120)


def heartbeat_path(state_folder: Path) -> Path:
    """The heartbeat file in the bot's state folder (``Settings.state_folder``)."""
    return state_folder / "heartbeat"


def write_heartbeat(path: Path, now: datetime) -> None:
    """Atomically record ``now``: a reader never sees a half-written file (the temporary
    file is this process's own: workers on one machine may share the state folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(now.isoformat(), encoding="utf-8")
    os.replace(tmp, path)


def check_heartbeat(path: Path, now: datetime, max_age: timedelta = MAX_AGE) -> str | None:
    """None when healthy, else what is wrong (in Indonesian, for the operator)."""
    try:
        beat = datetime.fromisoformat(path.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        return f"belum ada detak (heartbeat) di {path}: bot belum berjalan"
    except (OSError, ValueError) as exc:
        return f"detak (heartbeat) di {path} tidak terbaca: {exc}"
    age = now - beat
    if age > max_age:
        seconds, limit = int(age.total_seconds()), int(max_age.total_seconds())
        return f"detak terakhir {seconds} detik lalu (batas {limit} detik): bot macet atau mati"
    return None
