"""Settings, read from the environment and ``.env`` (documented in ``.env.example``)."""

from __future__ import annotations

import logging
import re
from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot import redaction
from bot.logs import FORMAT as LOG_FORMAT
from bot.logs import install as install_repeat_filter
from bot.logs import tag_records

TELEGRAM_API_URL = "https://api.telegram.org/bot"
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret token."""

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
EVALUATION_MONTHS = (1, 2, 3, 4, 6, 12)
Environment = Literal["", "development", "production", "container"]


class Settings(BaseSettings):
    """Every setting of the bot; one instance is built at start-up and injected."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    budaya_env: Environment = ""
    """Where the bot runs: ``development`` (a developer's machine: `make run` without a
    token starts the demo), ``production`` (a server: it refuses to), ``container`` (the
    image: as production, and the database must be an absolute path on the volume). Empty:
    development when the command runs in a terminal, production otherwise."""
    bot_token: SecretStr | None = None
    """Token from @BotFather. Without it the bot cannot run."""
    bot_api_url: str = TELEGRAM_API_URL
    """Bot API base URL ending in ``/bot``; a self-hosted or test server may be set here."""
    bot_api_file_url: str | None = None
    """Base URL for file downloads; derived from ``bot_api_url`` when empty."""
    database_url: str | None = None
    """Where the data lives: ``sqlite:///data/budaya.db`` (a file, the default) or
    ``postgresql://user:password@host:5432/name`` (a server, for many Pemda and workers)."""
    database_schema: str | None = None
    """PostgreSQL: the schema of this deployment's own tables and of its first Pemda
    (``public`` when empty); each Pemda added later gets a schema of its own."""
    database_path: Path = Path("data/budaya.db")
    """Deprecated (use DATABASE_URL): the SQLite file, when DATABASE_URL is empty."""
    state_dir: Path | None = None
    """Where the heartbeat and a generated webhook secret are kept; empty: next to the
    SQLite file, or ``data`` with PostgreSQL."""
    timezone: str = "Asia/Jakarta"
    content_file: Path = Path("content/values_id.yaml")
    value_set: str = "berakhlak"
    morning_time: time = time(7, 30)
    """Default local time of the morning value reminder (a person may change theirs)."""
    afternoon_time: time = time(15, 30)
    """Default local time of the afternoon check-in nudge."""
    morning_cutoff: time | None = None
    """No morning message is sent after this local time (a bot started late skips it);
    empty means AFTERNOON_TIME. Never before an hour after a person's own morning time."""
    afternoon_cutoff: time = time(17, 0)
    """No afternoon nudge is sent after this local time: the end of working hours."""
    delivery_rate: float = Field(default=30.0, gt=0, le=1000)
    """Messages per second the bot sends, all chats and kinds together (Telegram allows
    about 30): replies first, the daily broadcast fills the rest."""
    delivery_chat_rate: float = Field(default=1.0, gt=0, le=30)
    """Messages per second to one private chat (Telegram allows about 1)."""
    update_concurrency: int = Field(default=64, ge=1, le=1024)
    """Updates handled at the same time (different chats; one chat's stay in order)."""
    reply_retry_seconds: float = Field(default=120.0, ge=0, le=3600)
    """How long a call is retried while Telegram answers 5xx or cannot be reached."""
    delivery_tick_seconds: int = Field(default=60, ge=5, le=600)
    """How often the dispatcher looks for people whose reminder is due."""
    report_min_people: int = Field(default=5, ge=3)
    """Figures drawn from fewer people are shown as "terlalu sedikit data" (never below 3)."""
    report_show_names: bool = False
    """Name who has not checked in today in /laporan (off: a count only)."""
    integrity_to_inspektorat: bool = True
    """Complaints about leaders and integrity also go to the Inspektorat (people with
    ``peran_pemda`` inspektorat), besides Bagian Organisasi."""
    anonymous_delay_minutes: int = Field(default=10, ge=2, le=60)
    """An anonymous reporter's messages reach staff after a random 2 to this many minutes,
    so the time of a notice does not point at who was typing."""
    log_level: LogLevel = "INFO"
    webhook_url: str | None = None
    """Public HTTPS URL Telegram posts updates to; unset means long polling."""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    bot_username: str | None = None
    """The bot's @username (without @), for invite links; asked from Telegram when empty."""
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    """How long an invite link stays valid."""
    problem_remind_days: int = Field(default=2, ge=1, le=30)
    """N: a problem no Agen Perubahan took up for this many working days brings a reminder."""
    problem_escalate_days: int = Field(default=5, ge=2, le=60)
    """M: ... and after this many it escalates to the KBK Ketua on its own (M > N)."""
    problem_head_remind_days: int = Field(default=3, ge=1, le=30)
    """K: an escalation the head leaves unanswered this long reminds them, every K days."""
    evaluation_months: int = 3
    """Length of an /evaluasi window in months, aligned on the year (3: the quarters)."""
    evaluation_remind_days: int = Field(default=5, ge=1, le=20)
    """Who has not finished /evaluasi is reminded once, from this many working days before
    the window closes (at the morning reminder time, on a working day)."""

    @model_validator(mode="after")
    def _remind_before_escalating(self) -> Settings:
        if self.problem_escalate_days <= self.problem_remind_days:
            raise ValueError(
                "PROBLEM_ESCALATE_DAYS must be more than PROBLEM_REMIND_DAYS: the reminder "
                "comes before the automatic escalation"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            backend = make_url(value).get_backend_name()
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {exc}") from exc
        if backend not in ("sqlite", "postgresql", "postgres"):
            raise ValueError("DATABASE_URL must start with sqlite:/// or postgresql://")
        return value

    @model_validator(mode="after")
    def _database_on_the_volume(self) -> Settings:
        file = self.database_file
        if self.budaya_env == "container" and file is not None and not file.is_absolute():
            raise ValueError(
                f"the database file {file} is relative: in the container the "
                "database belongs on the /data volume (DATABASE_PATH=/data/budaya.db, the "
                "image's default; remove the line from .env) / di dalam container basis data "
                "harus di volume /data"
            )
        return self

    @field_validator("evaluation_months")
    @classmethod
    def _divides_the_year(cls, value: int) -> int:
        # An int checked here, not a Literal: environment values arrive as text ("3"),
        # which a Literal of ints refuses.
        if value not in EVALUATION_MONTHS:
            raise ValueError(f"must be one of {', '.join(map(str, EVALUATION_MONTHS))}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Jakarta") from exc
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1-256 of them)")
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("bot_username")
    @classmethod
    def _strip_at(cls, value: str | None) -> str | None:
        return value.lstrip("@") or None if value else None

    @field_validator(
        "bot_token",
        "webhook_url",
        "webhook_secret",
        "bot_username",
        "morning_cutoff",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def database_target(self) -> str | Path:
        """What :class:`bot.storage.Database` opens: the URL, else the SQLite file."""
        return self.database_url or self.database_path

    @property
    def database_file(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        if not self.database_url:
            return self.database_path
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite":
            return None
        return Path(url.database or "")

    @property
    def database_label(self) -> str:
        """The database, as an operator names it (no password)."""
        if self.database_file is not None:
            return str(self.database_file)
        return make_url(self.database_url or "").render_as_string(hide_password=True)

    @property
    def state_folder(self) -> Path:
        if self.state_dir is not None:
            return self.state_dir
        file = self.database_file
        return file.parent if file is not None else Path("data")

    @property
    def deprecated_settings(self) -> list[str]:
        """The settings still given in a form that is going away, with what replaces it."""
        if "database_path" in self.model_fields_set and not self.database_url:
            return [
                f"DATABASE_PATH is deprecated: write DATABASE_URL=sqlite:///{self.database_path}"
                " instead (it still works) / DATABASE_PATH usang: gunakan DATABASE_URL"
            ]
        return []

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file_url(self) -> str:
        if self.bot_api_file_url:
            return self.bot_api_file_url.rstrip("/")
        base, _, tail = self.bot_api_url.rpartition("/")
        return f"{base}/file/{tail}"

    def configure_logging(self) -> None:
        tag_records()  # "[kode] " before the logger's name where a Pemda is being served
        logging.basicConfig(
            level=self.log_level,
            format=LOG_FORMAT,
        )
        token = self.bot_token.get_secret_value() if self.bot_token else None
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else None
        redaction.hide(token, secret)
        for handler in logging.getLogger().handlers:
            handler.addFilter(redaction.SecretFilter())
        # httpx logs every getUpdates call at INFO; that drowns the bot's own log.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # A failing disk or database repeats the same error: once per minute, with a count.
        install_repeat_filter()
