"""Group commit: concurrent writes share a transaction; a write that can wait a moment
lingers for company instead of costing a transaction of its own."""

from __future__ import annotations

import asyncio
import time

from bot.storage.group_commit import GroupCommit


class Log:
    def __init__(self, seconds: float = 0.0) -> None:
        self.batches: list[list[str]] = []
        self.at: list[float] = []
        self._seconds = seconds

    async def write(self, items: list[str]) -> list[str]:
        self.at.append(time.monotonic())
        await asyncio.sleep(self._seconds)  # the transaction's round trips
        self.batches.append(items)
        return [item.upper() for item in items]


async def test_writes_arriving_during_a_transaction_go_together_in_the_next() -> None:
    log = Log(seconds=0.05)
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    first = asyncio.create_task(commit.submit("a"))
    await asyncio.sleep(0.01)  # "a" is being written
    results = await asyncio.gather(first, *(commit.submit(x) for x in "bcd"))
    assert results == ["A", "B", "C", "D"]
    assert log.batches == [["a"], ["b", "c", "d"]]


async def test_a_lingering_write_alone_waits_its_linger() -> None:
    log = Log()
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    started = time.monotonic()
    assert await commit.submit("sent", linger=0.15) == "SENT"
    assert log.batches == [["sent"]]
    assert log.at[0] - started >= 0.14


async def test_a_lingering_write_rides_with_the_next_one_that_cannot_wait() -> None:
    log = Log()
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    outcome = asyncio.create_task(commit.submit("sent", linger=5.0))
    await asyncio.sleep(0.05)
    assert log.batches == []  # waiting for company
    started = time.monotonic()
    assert await commit.submit("claim") == "CLAIM"
    assert await outcome == "SENT"
    assert log.batches == [["sent", "claim"]]
    assert time.monotonic() - started < 1.0


async def test_lingering_writes_share_the_earliest_deadline() -> None:
    log = Log()
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    started = time.monotonic()
    results = await asyncio.gather(
        commit.submit("sent", linger=5.0), commit.submit("claim", linger=0.1)
    )
    assert results == ["SENT", "CLAIM"]
    assert log.batches == [["sent", "claim"]]
    assert 0.09 <= log.at[0] - started < 1.0


async def test_a_write_lingering_during_a_transaction_waits_after_it() -> None:
    log = Log(seconds=0.05)
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    claim = asyncio.create_task(commit.submit("claim"))
    await asyncio.sleep(0.01)
    outcome = asyncio.create_task(commit.submit("sent", linger=0.2))
    await claim
    assert log.batches == [["claim"]]  # not at once in a transaction of its own
    assert await outcome == "SENT"
    assert log.batches == [["claim"], ["sent"]]
    assert log.at[1] - log.at[0] >= 0.15  # its linger counts from its own submit


async def test_flush_writes_lingering_writes_at_once() -> None:
    log = Log()
    commit: GroupCommit[str, str] = GroupCommit(log.write)
    outcome = asyncio.create_task(commit.submit("sent", linger=5.0))
    await asyncio.sleep(0.01)
    started = time.monotonic()
    await commit.flush()
    assert log.batches == [["sent"]]
    assert await outcome == "SENT"
    assert time.monotonic() - started < 1.0


async def test_a_failed_write_fails_its_batch_only() -> None:
    calls: list[list[str]] = []

    async def write(items: list[str]) -> list[str]:
        calls.append(items)
        if "bad" in items:
            raise RuntimeError("constraint")
        return items

    commit: GroupCommit[str, str] = GroupCommit(write)
    bad = asyncio.create_task(commit.submit("bad"))
    await asyncio.sleep(0)
    good = asyncio.create_task(commit.submit("good"))
    results = await asyncio.gather(bad, good, return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert results[1] == "good"
    assert calls == [["bad"], ["good"]]
