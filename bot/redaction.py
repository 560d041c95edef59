"""Secrets and people out of every log line: the bot token (and the webhook secret) are
masked in each record, whoever logs it and at whatever level, and PTB's DEBUG lines that
would print whole updates or the parameters of a call (names, texts) keep only ids.

PTB and httpx put the token into lines of their own ("Set Bot API URL: .../bot<token>" at
DEBUG, request URLs in exceptions). A ``logging.Filter`` attached to the root logger would
not see records that propagate up from those loggers (Python applies a logger's filters only
to records logged on that logger itself), so the mask sits in the log record factory, which
every record of every logger passes through before any handler, pytest's included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

MASK = "***"

_secrets: set[str] = set()
_installed = False

HIDDEN = "<disembunyikan>"


def _update_id(update: object) -> object:
    return getattr(update, "update_id", HIDDEN)


_CONTENT: dict[str, Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {
    # PTB's own DEBUG (and one CRITICAL) lines that carry a whole update or a call's data.
    "Processing update %s": lambda args: (_update_id(args[0]),),
    "Dropping pending update: %s": lambda args: (_update_id(args[0]),),
    "Calling Bot API endpoint `%s` with parameters `%s`": lambda args: (args[0], HIDDEN),
    "Call to Bot API endpoint `%s` finished with return value `%s`": lambda args: (
        args[0],
        HIDDEN,
    ),
    # aiosqlite's DEBUG lines print every statement with its parameters.
    "executing %s": lambda args: (HIDDEN,),
    "operation %s completed": lambda args: (HIDDEN,),
    "Webhook received data: %s": lambda args: (HIDDEN,),
    "Something went wrong processing the data received from Telegram. "
    "Received data was *not* processed! Received data was: %r": lambda args: (HIDDEN,),
}
"""Log templates whose arguments are people's data, and what to log instead."""


def _scrub(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, MASK)
    return text


def redact(record: logging.LogRecord) -> logging.LogRecord:
    """Mask every known secret in ``record``'s message, exception and stack text."""
    keep = _CONTENT.get(record.msg) if isinstance(record.msg, str) else None
    if keep is not None and isinstance(record.args, tuple) and record.args:
        record.args = keep(record.args)
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed log call: leave it to logging to report
        return record
    clean = _scrub(message)
    if clean != message:
        record.msg, record.args = clean, ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = _scrub(record.stack_info)
    return record


class SecretFilter(logging.Filter):
    """The same mask as a filter, for handlers set up outside this process's factory."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact(record)
        return True


def hide(*secrets: str | None) -> None:
    """Mask ``secrets`` (and their URL-quoted forms) in every log record from now on."""
    global _installed
    for secret in secrets:
        if secret and len(secret) >= 8:
            _secrets.update({secret, quote(secret, safe="")})
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact(make_record(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
