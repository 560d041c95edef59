"""Logging that stays readable when something fails over and over (a full disk, a locked
database): identical warnings and errors are written once, then once more per window with
how many were held back, instead of thousands of tracebacks a minute. In a process serving
many Pemda, every line says which Pemda it is about (:data:`PEMDA`), and one Pemda's
warning never hides another's."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

WINDOW = 60.0
"""Seconds during which repeats of one warning or error are only counted."""
FORMAT = "%(asctime)s %(levelname)s %(pemda)s%(name)s: %(message)s"

PEMDA: ContextVar[str | None] = ContextVar("pemda", default=None)
"""The Pemda whose Application this code runs for (bot/deployment sets it as it starts one;
every task started from there inherits it); None in a single-Pemda process."""


def tag_records() -> None:
    """Every log record made from now on carries ``pemda``: ``[code] `` or nothing, for
    :data:`FORMAT` (a record factory, so any handler and formatter may use it)."""
    made = logging.getLogRecordFactory()
    if getattr(made, "tags_pemda", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = made(*args, **kwargs)
        code = PEMDA.get()
        record.pemda = f"[{code}] " if code else ""
        return record

    factory.tags_pemda = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


@dataclass
class _Seen:
    since: float
    held: int = 0


class RepeatFilter(logging.Filter):
    """Lets the first of identical records (same logger, level, message template and
    exception) through, counts the repeats for ``window`` seconds, and lets the next one
    after that through with the count. Records below WARNING always pass."""

    def __init__(self, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self._window = window
        self._clock = clock
        self._seen: dict[tuple[object, ...], _Seen] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        error = record.exc_info[1] if record.exc_info else None
        pemda = getattr(record, "pemda", "")
        key = (pemda, record.name, record.levelno, str(record.msg), type(error), str(error))
        now = self._clock()
        seen = self._seen.get(key)
        if seen is None or now - seen.since >= self._window:
            if seen is not None and seen.held:
                record.msg = f"{record.getMessage()} [+{seen.held} serupa sebelumnya]"
                record.args = ()
            self._seen[key] = _Seen(now)
            if len(self._seen) > 1000:
                self._forget(now)
            return True
        seen.held += 1
        return False

    def _forget(self, now: float) -> None:
        for key in [k for k, s in self._seen.items() if now - s.since >= self._window]:
            del self._seen[key]


def install(root: logging.Logger | None = None) -> None:
    """Put a :class:`RepeatFilter` on every handler of the root logger."""
    for handler in (root or logging.getLogger()).handlers:
        if not any(isinstance(f, RepeatFilter) for f in handler.filters):
            handler.addFilter(RepeatFilter())
