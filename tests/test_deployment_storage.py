"""The worker roster (bot/storage/workers.py) on both engines: live workers counted, a
worker that leaves no longer counted, and the Pemda a lease holds seen as owned without
taking anything."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ownership import Owner
from bot.storage import Database
from bot.storage.lease import SqliteLease
from bot.storage.pg_lease import PostgresLease
from bot.storage.workers import worker_roster
from bot.tenants.location import pemda_database
from tests.conftest import SettingsFactory
from tests.engines import DatabaseTarget

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


async def test_workers_are_counted_while_they_live(database_target: DatabaseTarget) -> None:
    async with database_target.database() as home, database_target.database() as other:
        first, second = worker_roster(home), worker_roster(other)
        await first.join()
        assert await first.live() == 1
        await second.join()
        assert await first.live() == 2
        assert await second.live() == 2
        await second.leave()
        assert await first.live() == 1
        await first.leave()


async def test_a_pemda_is_owned_while_its_lease_is_held(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings()
    async with Database(settings.database_target, schema=settings.database_schema) as home:
        roster = worker_roster(home)
        serang, basel = (
            pemda_database(settings, "kab_serang"),
            pemda_database(settings, "kab_basel"),
        )
        asked = {"kab_serang": serang, "kab_basel": basel}
        # Neither exists yet: nobody owns them.
        assert await roster.owned(asked) == set()
        holder = pemda_database(settings, "kab_serang")
        async with holder:
            lease = SqliteLease(holder) if holder.sqlite else PostgresLease(holder)
            me = Owner.me(NOW)
            assert await lease.take(me, NOW) is None
            try:
                # Asked from another connection (and, on SQLite, another descriptor).
                fresh = {
                    "kab_serang": pemda_database(settings, "kab_serang"),
                    "kab_basel": pemda_database(settings, "kab_basel"),
                }
                assert await roster.owned(fresh) == {"kab_serang"}
            finally:
                await lease.release(me)
            assert await roster.owned(fresh) == set()
        lease.close()  # after the database: its descriptor holds SQLite's own locks too
