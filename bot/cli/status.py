"""What ``budaya-bot health`` adds about the database: who owns it, and today's deliveries
(how many are uncertain after a crash)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Settings
from bot.storage import Database, open_database
from bot.storage.deliveries import DeliveryRepository
from bot.storage.lease import SqliteLease
from bot.storage.pg_lease import PostgresLease
from bot.texts import operations as ops_texts


async def database_status(settings: Settings, database: Database | None = None) -> list[str]:
    """The owner and the deliveries of ``database`` (else the one the settings name)."""
    now = datetime.now(UTC)
    async with database if database is not None else open_database(settings) as db:
        owner = await (SqliteLease(db) if db.sqlite else PostgresLease(db)).current()
        health = await DeliveryRepository(db).health()
    counts = {status.value: n for status, n in health.counts.items()}
    return [
        ops_texts.owner_line(owner, now, settings.tz) if owner else ops_texts.NO_OWNER,
        ops_texts.deliveries_line(health.day, counts, health.resent, health.unknown_recent),
    ]
