"""Webhook mode without forged updates: a secret always, and every refused request counted.

Telegram sends the secret given to ``setWebhook`` in the ``X-Telegram-Bot-Api-Secret-Token``
header of each update; PTB's webhook server answers 403 to a request without it (or with
another), so a plain POST claiming to be the admin changes nothing. When ``WEBHOOK_SECRET``
is empty the bot generates one, stores it next to the database (readable by its owner only)
and uses it from then on: webhook mode never runs without a secret.

PTB's server reports each refusal only in a DEBUG line of its own logger;
:class:`RefusedRequests` counts them there and writes one WARNING per refusal with the
running total, whatever the log level.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from bot.config import WEBHOOK_SECRET_PATTERN, Settings

log = logging.getLogger(__name__)

SECRET_FILE = "webhook_secret"
PTB_WEBHOOK_LOGGER = "telegram.ext.Updater"
"""The logger of PTB's webhook server (shared with its Updater)."""
FORBIDDEN = 403


def secret_path(settings: Settings) -> Path:
    return settings.state_folder / SECRET_FILE


def webhook_secret(settings: Settings) -> str:
    """``WEBHOOK_SECRET``, else the stored generated one, else a new one (stored, 0600)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    path = secret_path(settings)
    if path.exists():
        stored = path.read_text(encoding="ascii").strip()
        if WEBHOOK_SECRET_PATTERN.fullmatch(stored):
            return stored
        log.warning("the stored webhook secret in %s is malformed: making a new one", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    log.info("WEBHOOK_SECRET is empty: generated one and stored it in %s", path)
    return secret


class RefusedRequests(logging.Filter):
    """Counts the webhook requests PTB's server refused with 403, and warns of each."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if getattr(exc, "status_code", None) == FORBIDDEN:
            self.refused()
        # PTB's own DEBUG lines pass only when the bot's log level asks for them.
        return record.levelno >= logging.getLogger().getEffectiveLevel()

    def refused(self, pemda: str | None = None) -> None:
        """Count one refusal (PTB's server, or the one of many Pemda: ``pemda`` its code)."""
        self.count += 1
        where = f" for Pemda {pemda}" if pemda else ""
        log.warning(
            "refused a webhook request%s without the right secret token (%s so far)",
            where,
            self.count,
        )


def count_refusals() -> RefusedRequests:
    """Start counting refused webhook requests (once per process; the same counter after)."""
    logger = logging.getLogger(PTB_WEBHOOK_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, RefusedRequests):
            return existing
    counter = RefusedRequests()
    logger.addFilter(counter)
    logger.setLevel(logging.DEBUG)  # the refusals are DEBUG records: let them be made
    return counter
