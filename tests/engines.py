"""The two database engines the tests run on: SQLite (a file in the test's folder) and
PostgreSQL (a schema of its own on the server of ``TEST_DATABASE_URL``).

Without ``TEST_DATABASE_URL`` the server of the project's machines is tried
(``postgresql://postgres@127.0.0.1:5432/test``); when there is none, the PostgreSQL half is
left out and the run says so in its header and its last line (also with
``TEST_ENGINES=sqlite``, for a quick run). With ``TEST_DATABASE_URL``
set (CI) a server that cannot be reached fails the run instead: the PostgreSQL suite must
run there, never skip.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from bot.storage import Database

ENGINES = ("sqlite", "postgresql")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
PREFIX = f"bt{os.getpid()}_"
"""Schemas of this run start with this (a run's leftovers are dropped by the next)."""


@dataclass(frozen=True)
class PostgresStatus:
    url: str | None
    line: str


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _reachable(url: str) -> str | None:
    """None if a connection works, else why not; also drops schemas of dead runs."""
    try:
        conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    try:
        for (name,) in await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname ~ '^bt[0-9]+_'"
        ):
            pid = int(name[2:].split("_", 1)[0])
            if not _alive(pid):
                await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await conn.close()
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@functools.cache
def postgres_status() -> PostgresStatus:
    if os.environ.get("TEST_ENGINES", "").strip() == "sqlite":
        return PostgresStatus(None, "PostgreSQL suite SKIPPED: TEST_ENGINES=sqlite")
    given = os.environ.get("TEST_DATABASE_URL")
    url = given or DEFAULT_URL
    problem = asyncio.run(_reachable(url))
    if problem is None:
        return PostgresStatus(url, f"PostgreSQL suite: on {make_url(url).render_as_string()}")
    if given:
        pytest.exit(
            f"TEST_DATABASE_URL={given} cannot be reached ({problem}): the PostgreSQL suite"
            " must run here",
            returncode=3,
        )
    return PostgresStatus(
        None,
        f"PostgreSQL suite SKIPPED: no server at {url} ({problem}); set TEST_DATABASE_URL"
        " to run it",
    )


@dataclass
class DatabaseTarget:
    """Where one test's database lives; :meth:`database` opens it (again)."""

    engine: str
    path: Path | None = None
    url: str | None = None
    schema: str | None = None
    folder: Path | None = None
    """PostgreSQL: the test's folder, for the bot's state files (heartbeat, secret)."""

    def database(self, **options: Any) -> Database:
        if self.path is not None:
            return Database(self.path, **options)
        assert self.url is not None
        return Database(self.url, schema=self.schema, **options)

    def settings(self) -> dict[str, Any]:
        if self.path is not None:
            return {"database_path": self.path}
        return {"database_url": self.url, "database_schema": self.schema, "state_dir": self.folder}

    async def prepare(self) -> None:
        """Lay the newest schema down (as opening it would, only faster)."""
        if self.path is not None:
            shutil.copyfile(await _Templates.sqlite(), self.path)
            return
        assert self.url is not None
        assert self.schema is not None
        script = await _Templates.postgres(self.url)
        conn = await asyncpg.connect(_asyncpg_dsn(self.url))
        try:
            await conn.execute(
                f'CREATE SCHEMA "{self.schema}"; SET search_path TO "{self.schema}";\n{script}'
            )
        finally:
            await conn.close()

    async def drop(self) -> None:
        if self.url is None or self.schema is None:
            return
        conn = await asyncpg.connect(_asyncpg_dsn(self.url))
        try:
            for (name,) in await conn.fetch(
                "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $2",
                self.schema,
                f"{self.schema}\\_%",
            ):
                await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        finally:
            await conn.close()


class _Templates:
    """The newest schema, made once per test process and laid down for each test: an SQLite
    file to copy, and the statements Alembic ran on PostgreSQL to run again in one round
    trip (migrating each test's database anew cost more than most tests)."""

    sqlite_file: Path | None = None
    postgres_script: str | None = None

    @classmethod
    async def sqlite(cls) -> Path:
        if cls.sqlite_file is None:
            folder = Path(tempfile.mkdtemp(prefix="budaya-template-"))
            async with Database(folder / "template.db"):
                pass
            cls.sqlite_file = folder / "template.db"
        return cls.sqlite_file

    @classmethod
    async def postgres(cls, url: str) -> str:
        if cls.postgres_script is None:
            statements: list[str] = []

            def record(*args: Any) -> None:
                statement, parameters = args[2], args[3]
                if _REPLAYED.match(statement) and not parameters:
                    statements.append(statement.strip())

            schema = f"{PREFIX}template"
            event.listen(Engine, "before_cursor_execute", record)
            try:
                async with Database(url, schema=schema):
                    pass
            finally:
                event.remove(Engine, "before_cursor_execute", record)
            conn = await asyncpg.connect(_asyncpg_dsn(url))
            try:
                await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            finally:
                await conn.close()
            cls.postgres_script = ";\n".join(statements)
        return cls.postgres_script


_REPLAYED = re.compile(
    r"\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b(?!\s+SCHEMA)", re.IGNORECASE
)
"""What a migration changes (its reads, locks and SET search_path are not run again)."""


def new_target(engine: str, folder: Path) -> DatabaseTarget:
    if engine == "sqlite":
        return DatabaseTarget("sqlite", path=folder / "budaya.db")
    url = postgres_status().url
    assert url is not None
    schema = PREFIX + uuid.uuid4().hex[:10]
    return DatabaseTarget("postgresql", url=url, schema=schema, folder=folder)


def point_cli_at(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Make a ``budaya-bot`` command run in the test open the database of ``settings``
    (the SQLite file, or the PostgreSQL server and schema) through the environment."""
    if settings.database_url:
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
        monkeypatch.setenv("DATABASE_SCHEMA", settings.database_schema or "")
    else:
        monkeypatch.setenv("DATABASE_PATH", str(settings.database_path))
