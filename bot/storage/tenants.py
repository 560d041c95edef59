"""The Pemda registry (:class:`bot.tenants.ports.PemdaRegistry`) in the home database.

The table ``pemda`` lives in the deployment's home database (the home schema on
PostgreSQL, the main SQLite file) and has migrations of its own
(``bot/storage/registry_schema``, version table ``registry_version``), applied when the
registry opens; a Pemda's own schema or file never has it. A Pemda's data is elsewhere:
:mod:`bot.tenants.location`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.exc import IntegrityError

from bot.config import Settings
from bot.storage.database import Database, Row, open_database
from bot.storage.timestamps import from_iso, to_iso, utcnow
from bot.tenants.models import CODE, Pemda

REGISTRY_FOLDER = Path(__file__).parent / "registry_schema"

_COLUMNS = "code, name, bot_token, bot_username, settings, webhook_secret, active, created_at"


def _pemda(row: Row) -> Pemda:
    secret = row["webhook_secret"]
    return Pemda(
        code=row["code"],
        name=row["name"],
        bot_token=SecretStr(row["bot_token"]),
        bot_username=row["bot_username"],
        settings=json.loads(row["settings"] or "{}"),
        webhook_secret=SecretStr(secret) if secret else None,
        active=bool(row["active"]),
        created_at=from_iso(row["created_at"]),
    )


class PemdaRepository:
    """The registry on an open home :class:`Database`; :meth:`migrate` once before use
    (:func:`open_registry` does)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def migrate(self) -> None:
        """Create or upgrade the registry's table (idempotent)."""
        await self.db.upgrade(REGISTRY_FOLDER)

    async def add(self, pemda: Pemda) -> None:
        if not CODE.fullmatch(pemda.code):
            raise ValueError(f"not a Pemda code: {pemda.code!r}")
        token = pemda.bot_token.get_secret_value()
        created = pemda.created_at or utcnow()
        try:
            async with self.db.transaction() as tx:
                if await tx.fetchval("SELECT 1 FROM pemda WHERE code = ?", (pemda.code,)):
                    raise ValueError(f"Pemda {pemda.code} already exists")
                if await tx.fetchval("SELECT 1 FROM pemda WHERE bot_token = ?", (token,)):
                    raise ValueError("that bot token already belongs to another Pemda")
                await tx.execute(
                    f"INSERT INTO pemda ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pemda.code,
                        pemda.name,
                        token,
                        pemda.bot_username,
                        json.dumps(_jsonable(pemda.settings), sort_keys=True),
                        pemda.webhook_secret.get_secret_value() if pemda.webhook_secret else None,
                        1 if pemda.active else 0,
                        to_iso(created),
                    ),
                )
        except IntegrityError as error:  # another process added it meanwhile
            raise ValueError(f"Pemda {pemda.code} or its bot token already exists") from error

    async def get(self, code: str) -> Pemda | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM pemda WHERE code = ?", (code,))
        return None if row is None else _pemda(row)

    async def all(self, *, active_only: bool = False) -> list[Pemda]:
        where = " WHERE active = 1" if active_only else ""
        rows = await self.db.fetchall(f"SELECT {_COLUMNS} FROM pemda{where} ORDER BY code")
        return [_pemda(row) for row in rows]

    async def deactivate(self, code: str) -> bool:
        return await self._set_active(code, False)

    async def activate(self, code: str) -> bool:
        """Serve a deactivated Pemda again; False if there is no such Pemda."""
        return await self._set_active(code, True)

    async def _set_active(self, code: str, active: bool) -> bool:
        # A SELECT decides, not the rows changed: PostgreSQL and SQLite count an UPDATE
        # that changes nothing alike, but "no such Pemda" must not depend on it.
        async with self.db.transaction() as tx:
            if not await tx.fetchval("SELECT 1 FROM pemda WHERE code = ?", (code,)):
                return False
            await tx.execute(
                "UPDATE pemda SET active = ? WHERE code = ?", (1 if active else 0, code)
            )
        return True


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Overrides as JSON: times, paths and the like as their text (what Settings reads)."""
    return {
        key: value if isinstance(value, bool | int | float | str) or value is None else str(value)
        for key, value in values.items()
    }


@asynccontextmanager
async def open_registry(settings: Settings) -> AsyncIterator[PemdaRepository]:
    """The registry of the deployment ``settings`` describe: its home database opened (and
    migrated, the registry's table included) for the block."""
    async with open_database(settings) as db:
        registry = PemdaRepository(db)
        await registry.migrate()
        yield registry
