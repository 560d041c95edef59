"""The dispatcher: one periodic tick finds who is due from the database and hands them to
the sender; the delivery log makes every daily message go out exactly once.

A tick (the ``delivery-tick`` job, and once at start-up to catch up):

1. closes pending rows whose local day is over (nothing is sent a day late);
2. selects who is due now (:func:`bot.delivery.due.due_now`) and logs them as 'pending' (an
   afternoon nudge for someone who has already checked in is logged 'skipped' instead);
3. submits every pending row of today that this process does not hold yet, so rows left by
   a stopped process are sent now, and nothing is submitted twice.

Before each send the row becomes 'sending'; at start-up rows still 'sending' (the process
stopped mid-call, the outcome is unknown) become 'unknown' and are not sent again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.content.models import MaluItem, ValueSet
from bot.content.rotation import daily_focus, daily_malu
from bot.delivery.due import Due, Kind, LogKey, Schedule, due_now, local_dates
from bot.delivery.sender import Outgoing, Sender, Transport
from bot.storage.checkins import CheckinRepository
from bot.storage.deliveries import CHECKED_IN, Claim, DeliveryRepository, Status
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from bot.storage.users import UserRepository
from bot.texts import delivery as texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Planned:
    due: Due
    day_number: int
    """The working-day number of ``due.day`` (for the behaviour rotation)."""


@dataclass(frozen=True)
class TickReport:
    logged: int
    """New rows in the log."""
    submitted: int
    """Handed to the sender (new ones and those left pending by an earlier process)."""
    expired: int
    """Pending rows whose local day ended before they could be sent."""


@dataclass(frozen=True)
class Repositories:
    deliveries: DeliveryRepository
    calendar: CalendarRepository
    person_settings: PersonSettingsRepository
    checkins: CheckinRepository
    users: UserRepository


class Dispatcher:
    """Owns the sender and answers its hooks by writing the delivery log."""

    def __init__(
        self,
        repos: Repositories,
        *,
        value_set: ValueSet,
        malu: tuple[MaluItem, ...],
        schedule: Schedule,
        clock: Clock,
        transport: Transport,
        rate: float = 30.0,
        chat_rate: float = 1.0,
    ) -> None:
        self._repos = repos
        self._value_set = value_set
        self._malu = malu
        self.schedule = schedule
        self._clock = clock
        self.sender = Sender(transport, self, rate=rate, chat_rate=chat_rate)
        self._planned: dict[int, _Planned] = {}
        """Rows handed to the sender and not finished: what this process holds."""
        self._lock = asyncio.Lock()

    # --- Lifecycle ---------------------------------------------------------------------------

    async def start(self) -> TickReport:
        """Settle what the last process left, start the sender, and catch up on today."""
        now = self._clock.now()
        unknown = await self._repos.deliveries.interrupted(now)
        if unknown:
            log.warning("%d sends were in flight when the bot last stopped; not resent", unknown)
        await self.sender.start()
        return await self.tick()

    async def stop(self, grace: float | None = None) -> None:
        """Finish the sends in flight; what is still queued stays pending in the log."""
        await self.sender.stop(grace)
        await self._repos.deliveries.flush()
        self._planned.clear()

    async def idle(self) -> None:
        """Wait until the sender has nothing left (tests, the benchmark)."""
        await self.sender.idle()

    # --- The tick ----------------------------------------------------------------------------

    async def tick(self) -> TickReport:
        async with self._lock:
            return await self._tick()

    async def _tick(self) -> TickReport:
        repos = self._repos
        now = self._clock.now()
        expired = await repos.deliveries.expire(now)
        recipients = await repos.deliveries.recipients()
        days = local_dates(now, recipients, self.schedule)
        calendar = await repos.calendar.calendar()
        workweeks = await repos.calendar.workweeks()
        pauses = await repos.person_settings.pauses_between(None, min(days), max(days))
        # Everything wanted by now, logged or not: pending rows of people no longer wanted
        # (paused since, not a working day any more) wait, and expire with their day.
        wanted = due_now(now, recipients, self.schedule, calendar, workweeks, pauses)
        log_rows = {row.key: row for row in await repos.deliveries.on_dates(days)}
        fresh = [due for due in wanted if _key(due) not in log_rows]
        checked = await self._checked_in([d for d in fresh if d.kind is Kind.AFTERNOON])
        entries = [
            (due, Status.SKIPPED, CHECKED_IN)
            if _key(due) in checked
            else (due, Status.PENDING, None)
            for due in fresh
        ]
        logged = await repos.deliveries.add(entries, now)
        if logged:
            log_rows = {row.key: row for row in await repos.deliveries.on_dates(days)}
        submitted = 0
        for due in wanted:
            row = log_rows.get(_key(due))
            if row is None or row.status is not Status.PENDING or row.id in self._planned:
                continue
            number = calendar.working_day_number(due.day, due.workweek)
            self._planned[row.id] = _Planned(due, number)
            if not self.sender.submit(row.id, due.recipient.chat_id):
                del self._planned[row.id]  # stopping: it stays pending for the next process
                break
            submitted += 1
        if logged or submitted or expired:
            log.info(
                "delivery tick: %d logged, %d submitted, %d expired", logged, submitted, expired
            )
        return TickReport(logged, submitted, expired)

    async def _checked_in(self, dues: list[Due]) -> set[LogKey]:
        by_day: dict[date, list[int]] = {}
        for due in dues:
            by_day.setdefault(due.day, []).append(due.recipient.person_id)
        found: set[LogKey] = set()
        for day, ids in by_day.items():
            done = await self._repos.checkins.checked_in(ids, day)
            found.update((person_id, day, Kind.AFTERNOON) for person_id in done)
        return found

    # --- Sender hooks ------------------------------------------------------------------------

    async def prepare(self, key: int) -> Outgoing | None:
        planned = self._planned.get(key)
        if planned is None:
            return None
        due = planned.due
        deliveries = self._repos.deliveries
        now = self._clock.now()
        if now >= due.deadline:
            await deliveries.finish(key, Status.EXPIRED, now)
            self._planned.pop(key, None)
            return None
        # Claimed means 'sending' is committed: after a crash from here on, never resent.
        # An afternoon nudge is skipped if the person checked in since the tick.
        if await deliveries.claim(key, now) is not Claim.CLAIMED:
            self._planned.pop(key, None)
            return None
        return Outgoing(due.recipient.chat_id, self._render(planned), checkin_day=due.day)

    async def delivered(self, key: int) -> None:
        self._planned.pop(key, None)
        await self._repos.deliveries.finish(key, Status.SENT, self._clock.now())

    async def retrying(self, key: int, reason: str, *, maybe_delivered: bool) -> None:
        now = self._clock.now()
        if maybe_delivered:
            await self._repos.deliveries.note(key, reason, now)
        else:
            await self._repos.deliveries.release(key, reason, now)

    async def gave_up(self, key: int, reason: str, *, unreachable: bool) -> None:
        planned = self._planned.pop(key, None)
        now = self._clock.now()
        await self._repos.deliveries.finish(key, Status.FAILED, now, reason)
        if unreachable and planned is not None:
            chat_id = planned.due.recipient.chat_id
            if await self._repos.users.mark_unreachable(chat_id, reason, now):
                log.info("chat %s unreachable (%s) until they write again", chat_id, reason)

    # --- Messages ----------------------------------------------------------------------------

    def _render(self, planned: _Planned) -> str:
        due = planned.due
        person_id = due.recipient.person_id
        focus = daily_focus(self._value_set, person_id, planned.day_number)
        if due.kind is Kind.MORNING:
            malu = daily_malu(self._malu, person_id, planned.day_number)
            return texts.morning(due.recipient.name, due.day, focus, malu)
        return texts.afternoon(due.recipient.name, due.day, focus)


def _key(due: Due) -> LogKey:
    return (due.recipient.person_id, due.day, due.kind)
