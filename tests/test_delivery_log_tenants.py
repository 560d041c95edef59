"""The delivery log's claims and outcomes of two Pemda served by one worker: on PostgreSQL
they run outside a transaction on connections the Pemda share, so each statement must name
its Pemda's schema; one Pemda's claims and outcomes never touch the other's rows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.delivery.models import Claim, Status
from bot.storage import Database
from bot.storage.deliveries import DeliveryRepository
from bot.storage.workers import shared_engine
from tests.engines import DatabaseTarget, new_target

NOW = datetime(2026, 12, 4, 0, 30, tzinfo=UTC)
STAMP = "2026-12-01T00:00:00+00:00"


@pytest.fixture
async def two_pemda(engine_name: str, tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    """Two Pemda's databases, each with one person, a pending morning reminder (row 1) and
    afternoon nudge (row 2); on PostgreSQL two schemas on one engine, as a worker opens
    them."""
    targets: list[DatabaseTarget] = []
    for name in ("serang", "basel"):
        folder = tmp_path / name
        folder.mkdir()
        target = new_target(engine_name, folder)
        await target.prepare()
        targets.append(target)
    engine = None
    if engine_name == "postgresql":
        assert targets[0].url is not None
        engine = shared_engine(targets[0].url, pool_size=1, max_overflow=0)
    opened = [
        Database(t.path, engine=engine)
        if t.path is not None
        else Database(t.url or "", schema=t.schema, engine=engine)
        for t in targets
    ]
    try:
        for db in opened:
            await db.open()
            async with db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO units (id, name, created_at) VALUES (1, 'Diskominfo', ?)",
                    (STAMP,),
                )
                await tx.execute(
                    "INSERT INTO people (id, nip, name, position, unit_id, kbk_role,"
                    " telegram_user_id, created_at, updated_at)"
                    " VALUES (1, '198001012005011001', 'Siti', 'Staf', 1, 'anggota', 42, ?, ?)",
                    (STAMP, STAMP),
                )
                await tx.executemany(
                    "INSERT INTO deliveries (id, person_id, local_date, kind, status, deadline,"
                    " created_at, updated_at) VALUES (?, 1, '2026-12-04', ?, 'pending',"
                    " '2026-12-04T10:00:00+00:00', ?, ?)",
                    [(1, "morning", STAMP, STAMP), (2, "afternoon", STAMP, STAMP)],
                )
        yield opened[0], opened[1]
    finally:
        for db in opened:
            await db.close()
        if engine is not None:
            await engine.dispose()
        for target in targets:
            await target.drop()


async def _status(db: Database, delivery_id: int = 1) -> str:
    return str(await db.fetchval("SELECT status FROM deliveries WHERE id = ?", (delivery_id,)))


async def test_claims_and_outcomes_stay_in_their_pemda(
    two_pemda: tuple[Database, Database],
) -> None:
    serang, basel = two_pemda
    log = DeliveryRepository(serang)

    assert await log.claim(1, NOW) is Claim.CLAIMED
    assert (await _status(serang), await _status(basel)) == ("sending", "pending")

    await log.finish(1, Status.SENT, NOW)
    await log.flush()
    assert (await _status(serang), await _status(basel)) == ("sent", "pending")

    other = DeliveryRepository(basel)
    assert await other.claim(1, NOW) is Claim.CLAIMED
    await other.finish(1, Status.FAILED, NOW, "chat not found")
    await other.flush()
    assert (await _status(serang), await _status(basel)) == ("sent", "failed")
    assert await log.claim(1, NOW) is Claim.CLOSED  # sent stays sent


async def test_a_statement_without_its_schema_is_refused(
    two_pemda: tuple[Database, Database], engine_name: str
) -> None:
    serang, basel = two_pemda
    unqualified = "UPDATE deliveries SET status = 'skipped' WHERE id = 1"
    if engine_name == "postgresql":
        # On a shared connection it would land in whatever schema the session names.
        with pytest.raises(ValueError, match="without the schema"):
            async with serang.statements() as tx:
                await tx.execute(unqualified)
        assert (await _status(serang), await _status(basel)) == ("pending", "pending")
    else:  # one file per Pemda: nothing to confuse
        async with serang.statements() as tx:
            await tx.execute(unqualified)
        assert (await _status(serang), await _status(basel)) == ("skipped", "pending")


async def test_an_outcome_and_the_next_claim_written_together(
    two_pemda: tuple[Database, Database],
) -> None:
    serang, basel = two_pemda
    log = DeliveryRepository(serang)
    await serang.execute(
        "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer, created_at,"
        " updated_at) VALUES (1, '2026-12-04', 'akuntabel', 'akuntabel.1', 'sudah', ?, ?)",
        (STAMP, STAMP),
    )
    assert await log.claim(1, NOW) is Claim.CLAIMED
    # The outcome waits for the next claim and goes in the same write; the afternoon
    # nudge's person has checked in since: skipped, in Serang only.
    finished = asyncio.create_task(log.finish(1, Status.SENT, NOW))
    await asyncio.sleep(0)
    assert await log.claim(2, NOW) is Claim.CHECKED_IN
    await finished
    assert [await _status(serang, 1), await _status(serang, 2)] == ["sent", "skipped"]
    assert [await _status(basel, 1), await _status(basel, 2)] == ["pending", "pending"]
    assert await DeliveryRepository(basel).claim(2, NOW) is Claim.CLAIMED
