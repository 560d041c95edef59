"""The PostgreSQL side of :mod:`bot.ownership`: an advisory lock per Pemda plus the same
``owner_lease`` row the SQLite side keeps, for the operator to read.

``pg_try_advisory_lock`` is held by one connection of the owner, kept open for as long as
it owns the Pemda. The server frees the lock the moment that connection ends, so a worker
that dies (kill -9, a lost machine once its TCP connection times out) gives its Pemda up at
once and another worker takes it over on its next attempt. A worker whose lock connection
broke has lost the Pemda: :meth:`renew` says so and the worker stops serving it.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.ownership import Owner
from bot.storage.database import Database
from bot.storage.lease import NAME, owner_of
from bot.storage.timestamps import to_iso

log = logging.getLogger(__name__)

_TRY = sa.text("SELECT pg_try_advisory_lock(hashtext(:key))")
_UNLOCK = sa.text("SELECT pg_advisory_unlock(hashtext(:key))")


class PostgresLease:
    """A :class:`bot.ownership.LeaseStore` for the Pemda whose schema ``db`` opens."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._key = {"key": f"budaya-bot owner {db.schema}"}
        self._holder: AsyncConnection | None = None

    async def take(self, me: Owner, now: datetime) -> Owner | None:
        if self._holder is None:
            self._holder = await self._db.engine.connect()
            # The lock belongs to the session: no transaction may stay open around it.
            await self._holder.execution_options(isolation_level="AUTOCOMMIT")
        got = (await self._holder.execute(_TRY, self._key)).scalar()
        if not got:
            await self._drop_holder()
            return await self.current() or Owner("", "?", 0, now, now)
        await self._db.execute(
            "INSERT INTO owner_lease (name, holder, host, pid, since, renewed_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
            " holder = excluded.holder, host = excluded.host, pid = excluded.pid,"
            " since = excluded.since, renewed_at = excluded.renewed_at,"
            " expires_at = excluded.expires_at",
            (NAME, me.holder, me.host, me.pid, to_iso(me.since), to_iso(now),
             to_iso(me.expires_at)),
        )  # fmt: skip
        return None

    async def renew(self, me: Owner, now: datetime) -> bool:
        if self._holder is None:
            return False
        try:
            await self._holder.execute(sa.text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            log.error("the connection holding the lock of %s broke", self._db.schema)
            await self._drop_holder()
            return False
        changed = await self._db.execute(
            "UPDATE owner_lease SET renewed_at = ?, expires_at = ? WHERE name = ? AND holder = ?",
            (to_iso(now), to_iso(me.expires_at), NAME, me.holder),
        )
        return changed == 1

    async def release(self, me: Owner) -> None:
        try:
            await self._db.execute(
                "DELETE FROM owner_lease WHERE name = ? AND holder = ?", (NAME, me.holder)
            )
        finally:
            if self._holder is not None:
                try:
                    await self._holder.execute(_UNLOCK, self._key)
                finally:
                    await self._drop_holder()

    async def current(self) -> Owner | None:
        row = await self._db.fetchone("SELECT * FROM owner_lease WHERE name = ?", (NAME,))
        return owner_of(row) if row is not None else None

    async def _drop_holder(self) -> None:
        holder, self._holder = self._holder, None
        if holder is not None:
            try:
                await holder.close()
            except (SQLAlchemyError, OSError):
                log.debug("closing the lock connection failed", exc_info=True)

    def close(self) -> None:
        """Nothing to close here: :meth:`release` ends the lock's connection."""
