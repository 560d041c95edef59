"""Where a Pemda's data lives, and the settings it runs with.

- PostgreSQL: a schema of its own on the deployment's server, ``pemda_<code>`` when the
  home schema is ``public``, else ``<home>_pemda_<code>`` (so a deployment, or a test, that
  has a home schema of its own keeps its Pemda beside it).
- SQLite: a file beside the main one, ``<stem>.<code>.db`` (``data/budaya.db`` ->
  ``data/budaya.kab_serang.db``).

A Pemda's settings are the deployment's with its bot (token, username, webhook secret) and
its overrides (:data:`bot.tenants.models.OVERRIDABLE`) applied, validated as Settings are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.storage.database import Database
from bot.tenants.models import CODE, OVERRIDABLE, Pemda


class InvalidOverrides(ValueError):
    """Settings overrides a Pemda may not have; ``problems`` are (SETTING, why) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {why}" for name, why in problems))


def _checked(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ValueError(
            f"not a Pemda code: {code!r} (lower-case letters, digits and _, 2-30 long)"
        )
    return code


def home_schema(settings: Settings) -> str:
    """PostgreSQL: the deployment's home schema (its registry, and its single Pemda)."""
    return settings.database_schema or "public"


def pemda_schema(settings: Settings, code: str) -> str:
    """PostgreSQL: the schema of Pemda ``code``."""
    home = home_schema(settings)
    _checked(code)
    return f"pemda_{code}" if home == "public" else f"{home}_pemda_{code}"


def pemda_file(settings: Settings, code: str) -> Path:
    """SQLite: the file of Pemda ``code``, beside the main file."""
    main = settings.database_file
    if main is None:
        raise ValueError("the deployment's database is not an SQLite file")
    return main.parent / f"{main.stem}.{_checked(code)}.db"


def pemda_database(
    settings: Settings, code: str, *, engine: AsyncEngine | None = None
) -> Database:
    """The (unopened) database of Pemda ``code``; on PostgreSQL ``engine`` may be one
    shared by every Pemda of the process (SQLite ignores it: one file, one connection)."""
    if settings.database_file is not None:
        return Database(pemda_file(settings, code))
    return Database(settings.database_target, schema=pemda_schema(settings, code), engine=engine)


def parse_overrides(assignments: list[str]) -> dict[str, str]:
    """``["TIMEZONE=Asia/Makassar", ...]`` as ``{"timezone": "Asia/Makassar"}``; raises
    :class:`InvalidOverrides` for a malformed line or a setting a Pemda may not set."""
    found: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for text in assignments:
        name, equals, value = text.partition("=")
        key = name.strip().lower()
        if not equals or not key:
            problems.append((text, "not NAME=VALUE"))
        elif key not in OVERRIDABLE:
            problems.append((name.strip().upper(), "not a setting a Pemda may set"))
        else:
            found[key] = value.strip()
    if problems:
        raise InvalidOverrides(problems)
    return found


def pemda_settings(settings: Settings, pemda: Pemda) -> Settings:
    """The deployment's ``settings`` as Pemda ``pemda`` runs with them: its bot token,
    username and webhook secret, and its overrides, validated again (no environment or
    ``.env`` read); raises :class:`InvalidOverrides` when they are not valid."""
    unknown = sorted(set(pemda.settings) - OVERRIDABLE)
    if unknown:
        raise InvalidOverrides([(key.upper(), "not a setting a Pemda may set") for key in unknown])
    values: dict[str, Any] = settings.model_dump(exclude_unset=True)
    values.update(pemda.settings)
    values["bot_token"] = pemda.bot_token
    values["bot_username"] = pemda.bot_username
    values["webhook_secret"] = pemda.webhook_secret or settings.webhook_secret
    try:
        # model_validate does not run BaseSettings' __init__: neither the environment nor
        # .env is read again, only these values are checked.
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = []
        for err in error.errors(include_url=False):
            name = ".".join(str(p) for p in err["loc"]).upper() or "SETTINGS"
            problems.append((name, str(err["msg"])))
        raise InvalidOverrides(problems) from None


__all__ = [
    "InvalidOverrides",
    "home_schema",
    "parse_overrides",
    "pemda_database",
    "pemda_file",
    "pemda_schema",
    "pemda_settings",
]
