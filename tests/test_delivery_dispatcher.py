"""The dispatcher on a real SQLite file with a fake transport: exactly-once across a kill,
nothing a day late, the afternoon nudge only for those not checked in, unreachable chats."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.content import load_content
from bot.content.rotation import daily_focus, daily_malu
from bot.delivery.dispatcher import Dispatcher, Repositories
from bot.delivery.due import Due, Kind, Recipient, Schedule
from bot.delivery.models import Status
from bot.delivery.sender import LOOKAHEAD, Outgoing, SendError, Unreachable
from bot.schedule.calendar import WorkCalendar
from bot.storage import Database, OrgRepository, UserRepository
from bot.storage import deliveries as deliveries_module
from bot.storage.checkins import CheckinRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from bot.storage.timestamps import to_iso
from tests.engines import DatabaseTarget
from tests.org_fixtures import KOMINFO, import_sample_roster

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
BERAKHLAK = PACK.value_set("berakhlak")
MONDAY = date(2026, 11, 23)


def clock_at(moment: datetime) -> Clock:
    return Clock(moment - datetime.now(UTC))


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=UTC)


@dataclass
class FakeTransport:
    sent: list[Outgoing] = field(default_factory=list)
    calls: int = 0
    hang_from: int | None = None
    """Calls from this number on never return (a process frozen mid-send)."""
    hanging: asyncio.Event = field(default_factory=asyncio.Event)
    errors: dict[int, SendError] = field(default_factory=dict)

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def send(self, message: Outgoing) -> None:
        self.calls += 1
        if self.hang_from is not None and self.calls >= self.hang_from:
            self.hanging.set()
            await asyncio.Event().wait()
        if message.chat_id in self.errors:
            raise self.errors[message.chat_id]
        self.sent.append(message)

    def chats(self) -> Counter[int]:
        return Counter(m.chat_id for m in self.sent)


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def bind_unit(db: Database, unit: str = KOMINFO) -> dict[int, int]:
    """Bind every person of the unit to a Telegram account; person id -> chat id."""
    org = OrgRepository(db)
    found = await org.unit_by_name(unit)
    assert found is not None
    chats = {}
    for person in await org.people_of_unit(found.id):
        chat_id = 5_000_000 + person.id
        await org.bind_telegram(person.id, chat_id, datetime(2026, 11, 2, tzinfo=UTC))
        await UserRepository(db).seen(
            chat_id,
            person.name,
            last_name=None,
            username=None,
            language_code="id",
            now=datetime(2026, 11, 2, tzinfo=UTC),
        )
        chats[person.id] = chat_id
    return chats


def dispatcher(
    db: Database,
    transport: FakeTransport,
    clock: Clock,
    rate: float = 1000.0,
    deliveries: DeliveryRepository | None = None,
) -> Dispatcher:
    repos = Repositories(
        deliveries or DeliveryRepository(db),
        CalendarRepository(db),
        PersonSettingsRepository(db),
        CheckinRepository(db),
        UserRepository(db),
    )
    return Dispatcher(
        repos,
        value_set=BERAKHLAK,
        malu=PACK.budaya_malu.items,
        schedule=Schedule("Asia/Jakarta", time(7, 30), time(15, 30)),
        clock=clock,
        transport=transport,
        rate=rate,
        chat_rate=1000.0,
    )


async def killed_process(
    db: Database, transport: FakeTransport, clock: Clock, rate: float = 1000.0
) -> None:
    """A process of its own (own connection) that dies once ``transport`` hangs."""
    async with db.again() as own:
        doomed = dispatcher(own, transport, clock, rate)
        await doomed.start()
        async with asyncio.timeout(5):
            await transport.hanging.wait()
        await doomed.stop(grace=0)  # cut off: what was in flight has an unknown outcome


async def run_once(dispatch: Dispatcher) -> None:
    await dispatch.start()
    async with asyncio.timeout(5):
        await dispatch.idle()
    await dispatch.stop()


async def test_the_morning_message(db: Database) -> None:
    chats = await bind_unit(db)
    transport = FakeTransport()
    await run_once(dispatcher(db, transport, clock_at(wib(MONDAY, 8))))
    assert sorted(transport.chats().values()) == [1] * len(chats)
    person_id = min(chats)
    (message,) = [m for m in transport.sent if m.chat_id == chats[person_id]]
    number = WorkCalendar().working_day_number(MONDAY)
    focus = daily_focus(BERAKHLAK, person_id, number)  # what the check-in asks about, too
    malu = daily_malu(PACK.budaya_malu.items, person_id, number)
    assert "Senin, 23 November 2026" in message.text
    assert f"Nilai hari ini: <b>{focus.value.name}</b>" in message.text
    assert focus.behaviour.text in message.text
    assert malu.text in message.text
    assert message.checkin_day == MONDAY  # the one-tap check-in buttons go with it


async def test_a_kill_mid_broadcast_misses_nobody_and_resends_only_what_was_in_flight(
    db: Database,
) -> None:
    """In flight: the requests made, and the few prepared a slot or two ahead of theirs
    (recorded as in flight before their slot, so that each request leaves in its slot)."""
    chats = await bind_unit(db)
    clock = clock_at(wib(MONDAY, 8))
    first = FakeTransport(hang_from=4)
    await killed_process(db, first, clock, rate=20.0)  # dies during the fourth send
    assert len(first.sent) == 3
    in_flight = first.calls - len(first.sent)
    assert in_flight >= 1

    second = FakeTransport()
    await run_once(dispatcher(db, second, clock))
    total = first.chats() + second.chats()
    assert set(total) == set(chats.values())  # nobody missing
    assert max(total.values()) == 1  # the hung request never reached anyone here
    # At least once for the uncertain: the sends in flight were sent again, with at most the
    # few prepared ahead of their slot (none of which had reached anyone).
    deliveries = DeliveryRepository(db)
    health = await deliveries.health(MONDAY)
    assert in_flight <= health.resent <= in_flight + LOOKAHEAD
    assert await deliveries.counts(MONDAY, Kind.MORNING) == {Status.SENT: len(chats)}
    # Later ticks send nothing more.
    third = FakeTransport()
    await run_once(dispatcher(db, third, clock))
    assert third.sent == []


async def test_nothing_from_a_past_day_is_sent_late(db: Database) -> None:
    chats: dict[int, int] = {}
    for unit in await OrgRepository(db).units():  # the whole roster: more than the look-ahead
        chats |= await bind_unit(db, unit.name)
    # Monday's process froze on its first send and the bot was down the rest of the day.
    await killed_process(db, FakeTransport(hang_from=1), clock_at(wib(MONDAY, 8)), rate=20.0)
    tuesday = FakeTransport()
    await run_once(dispatcher(db, tuesday, clock_at(wib(date(2026, 11, 24), 8))))
    assert sorted(tuesday.chats().values()) == [1] * len(chats)
    assert all("Selasa, 24 November 2026" in m.text for m in tuesday.sent)
    # Monday's rows are all closed: the one in flight when the process froze as unknown
    # (its day is over, so it is not sent again), the rest as expired.
    counts = await DeliveryRepository(db).counts(MONDAY)
    assert set(counts) == {Status.EXPIRED, Status.UNKNOWN}
    assert sum(counts.values()) == len(chats)


async def test_the_afternoon_nudge_skips_who_checked_in(db: Database) -> None:
    chats = await bind_unit(db)
    done = min(chats)
    stamp = to_iso(wib(MONDAY, 12))
    await db.execute(
        "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer, created_at,"
        " updated_at) VALUES (?, ?, 'v', 'b', 'sudah', ?, ?)",
        (done, MONDAY.isoformat(), stamp, stamp),
    )
    transport = FakeTransport()
    await run_once(dispatcher(db, transport, clock_at(wib(MONDAY, 16))))
    nudges = [m for m in transport.sent if "sudahkah Anda menjalankan" in m.text]
    assert {m.chat_id for m in nudges} == {c for p, c in chats.items() if p != done}
    assert all("Senin, 23 November 2026" in m.text and m.checkin_day == MONDAY for m in nudges)
    counts = await DeliveryRepository(db).counts(MONDAY, Kind.AFTERNOON)
    assert counts == {Status.SENT: len(chats) - 1, Status.SKIPPED: 1}


async def test_a_blocked_chat_is_marked_unreachable_and_left_alone(db: Database) -> None:
    chats = await bind_unit(db)
    blocked = chats[min(chats)]
    transport = FakeTransport(errors={blocked: Unreachable("Forbidden: bot was blocked")})
    await run_once(dispatcher(db, transport, clock_at(wib(MONDAY, 8))))
    user = await UserRepository(db).get(blocked)
    assert user is not None
    assert user.unreachable_since is not None
    tuesday = FakeTransport()
    await run_once(dispatcher(db, tuesday, clock_at(wib(date(2026, 11, 24), 8))))
    assert blocked not in tuesday.chats()
    assert len(tuesday.sent) == len(chats) - 1


class FullDiskAfterSending(DeliveryRepository):
    """The disk fills up for a moment: the first writes after successful sends fail."""

    def __init__(self, db: Database, failures: int) -> None:
        super().__init__(db)
        self.failures = failures

    async def finish(
        self, delivery_id: int, status: Status, now: datetime, detail: str | None = None
    ) -> None:
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database or disk is full")
        await super().finish(delivery_id, status, now, detail)


async def test_a_failed_write_after_a_send_is_corrected_by_the_next_tick(db: Database) -> None:
    chats = await bind_unit(db)
    transport = FakeTransport()
    deliveries = FullDiskAfterSending(db, failures=3)
    dispatch = dispatcher(db, transport, clock_at(wib(MONDAY, 8)), deliveries=deliveries)
    await dispatch.start()
    async with asyncio.timeout(5):
        await dispatch.idle()
    assert sorted(transport.chats().values()) == [1] * len(chats)
    # Three messages went out but their rows could not say so yet.
    assert (await deliveries.counts(MONDAY))[Status.SENDING] == 3
    report = await dispatch.tick()  # the disk has room again
    assert report.submitted == 0  # nothing is sent again
    assert await deliveries.counts(MONDAY) == {Status.SENT: len(chats)}
    await dispatch.stop()
    assert sorted(transport.chats().values()) == [1] * len(chats)


async def test_the_log_takes_each_message_once_in_statements_of_many_rows(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bind_unit(db)
    monkeypatch.setattr(deliveries_module, "ADD_ROWS", 2)  # several statements, a short last
    log = DeliveryRepository(db)
    recipients = await log.recipients()
    assert len(recipients) >= 5
    deadline = wib(MONDAY, 12)

    def dues(kind: Kind, people: list[Recipient]) -> list[tuple[Due, Status, str | None]]:
        return [
            (Due(r, kind, MONDAY, deadline, frozenset(range(5))), Status.PENDING, None)
            for r in people
        ]

    now = wib(MONDAY, 7, 30)
    assert await log.add(dues(Kind.MORNING, recipients[:3]), now) == 3
    # The same three again with two more, and one afternoon row: only the new are counted.
    again = dues(Kind.MORNING, recipients[:5]) + dues(Kind.AFTERNOON, recipients[:1])
    assert await log.add(again, now) == 3
    assert await log.add([], now) == 0
    rows = await log.on_dates([MONDAY])
    assert sorted((r.person_id, r.kind) for r in rows) == sorted(
        [(r.person_id, Kind.MORNING) for r in recipients[:5]]
        + [(recipients[0].person_id, Kind.AFTERNOON)]
    )
    assert {r.status for r in rows} == {Status.PENDING}


def test_the_log_rows_go_in_few_distinct_statement_sizes() -> None:
    rows = list(range(237))
    chunks = list(deliveries_module._chunks(rows))
    assert [len(c) for c in chunks] == [100, 100, 32, 4, 1]
    assert [row for chunk in chunks for row in chunk] == rows  # all, in order, once
    sizes = {len(c) for n in range(1, 1001) for c in deliveries_module._chunks(list(range(n)))}
    assert sizes == {100, 64, 32, 16, 8, 4, 2, 1}
