"""The dispatcher: one periodic tick finds who is due from the database and hands them to
the sender; the delivery log makes every daily message go out once.

A tick (the ``delivery-tick`` job, and once at start-up to catch up):

1. closes pending rows whose cut-off has passed ('expired', with the reason): a morning
   message is not sent after ``MORNING_CUTOFF`` (by default the afternoon time), an
   afternoon nudge not after ``AFTERNOON_CUTOFF`` (by default 17.00), nothing a day late;
2. selects who is due now (:func:`bot.delivery.due.due_now`) and logs them as 'pending' (an
   afternoon nudge for someone who has already checked in is logged 'skipped', one already
   past its cut-off 'expired');
3. submits every pending row of today that this process does not hold yet, so rows left by
   a stopped process are sent now, and nothing is submitted twice.

Crash semantics. Only the process that owns the database (:mod:`bot.ownership`) runs a
dispatcher, so no row is ever handled by two processes. A row becomes 'sending' only when
its request is handed to Telegram (:meth:`Dispatcher.sending`), not while it waits in the
sender's queue; so after a kill -9 only the requests truly in flight (written to Telegram,
not yet answered) have an uncertain outcome. For these few the rule is **at least once**:
at start-up a row still 'sending' is sent again if its cut-off has not passed (a second
reminder is better than none; its detail says it may be a repeat), and becomes 'unknown'
only if it has. Everything else is exactly once: after any crash nobody is missing a
message, and at most the sends in flight at the crash are doubled.

When the write after a successful send fails (a locked or full disk), the outcome is kept in
memory and written by the next tick, so the log does not claim 'sending' for a message that
went out.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import Clock
from bot.content.models import MaluItem, ValueSet
from bot.content.rotation import daily_focus, daily_malu
from bot.delivery.budget import Budget
from bot.delivery.due import Due, Kind, LogKey, Schedule, due_now, local_dates
from bot.delivery.models import CHECKED_IN, PAST_CUTOFF, Claim, Status
from bot.delivery.ports import CheckedIn, DeliveryLog, Unreachable
from bot.delivery.sender import Outgoing, Sender, Transport
from bot.schedule.ports import Pauses, Workweeks
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
    deliveries: DeliveryLog
    calendar: Workweeks
    person_settings: Pauses
    checkins: CheckedIn
    users: Unreachable


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
        budget: Budget | None = None,
    ) -> None:
        self._repos = repos
        self._value_set = value_set
        self._malu = malu
        self.schedule = schedule
        self._clock = clock
        self.sender = Sender(transport, self, rate=rate, chat_rate=chat_rate, budget=budget)
        self._planned: dict[int, _Planned] = {}
        """Rows handed to the sender and not finished: what this process holds."""
        self._unwritten: dict[int, _Outcome] = {}
        """Final outcomes whose write failed: written again by the next tick."""
        self._lock = asyncio.Lock()

    # --- Lifecycle ---------------------------------------------------------------------------

    async def start(self) -> TickReport:
        """Settle what the last process left, start the sender, and catch up on today."""
        now = self._clock.now()
        found = await self._repos.deliveries.interrupted(now)
        if found.resent or found.unknown:
            log.warning(
                "%d sends were in flight when the bot last stopped: %d sent again (maybe a"
                " second time), %d past their cut-off left 'unknown'",
                found.resent + found.unknown,
                found.resent,
                found.unknown,
            )
        await self.sender.start()
        return await self.tick()

    async def stop(self, grace: float | None = None) -> None:
        """Finish the sends in flight; what is still queued stays pending in the log."""
        await self.sender.stop(grace)
        await self._repos.deliveries.flush()
        try:
            await self._write_unwritten()
        except Exception:
            log.error(
                "%d delivery outcomes could not be recorded; their rows stay 'sending'",
                len(self._unwritten),
                exc_info=True,
            )
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
        await self._write_unwritten()
        expired = await repos.deliveries.expire(now)
        recipients = await repos.deliveries.recipients()
        days = local_dates(now, recipients, self.schedule)
        calendar = await repos.calendar.calendar()
        workweeks = await repos.calendar.workweeks()
        pauses = await repos.person_settings.pauses_between(None, min(days), max(days))
        # Everything wanted by now, logged or not: pending rows of people no longer wanted
        # (paused since, not a working day any more) wait, and expire at their cut-off.
        wanted = due_now(now, recipients, self.schedule, calendar, workweeks, pauses)
        log_rows = {row.key: row for row in await repos.deliveries.on_dates(days)}
        fresh = [due for due in wanted if _key(due) not in log_rows]
        checked = await self._checked_in([d for d in fresh if d.kind is Kind.AFTERNOON])
        entries = [self._entry(due, now, checked) for due in fresh]
        logged = await repos.deliveries.add(entries, now)
        if logged:
            log_rows = {row.key: row for row in await repos.deliveries.on_dates(days)}
        submitted = 0
        for due in wanted:
            row = log_rows.get(_key(due))
            if row is None or row.status is not Status.PENDING or row.id in self._planned:
                continue
            if row.id in self._unwritten:
                continue
            if now >= due.deadline:  # logged before the cut-off moved earlier
                await self._finish(row.id, Status.EXPIRED, _late(due, self.schedule))
                expired += 1
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

    def _entry(
        self, due: Due, now: datetime, checked: set[LogKey]
    ) -> tuple[Due, Status, str | None]:
        """How a newly due message enters the log."""
        if _key(due) in checked:
            return (due, Status.SKIPPED, CHECKED_IN)
        if now >= due.deadline:
            return (due, Status.EXPIRED, _late(due, self.schedule))
        return (due, Status.PENDING, None)

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
        if await self._expired(key, planned):
            return None
        due = planned.due
        return Outgoing(due.recipient.chat_id, self._render(planned), checkin_day=due.day)

    async def sending(self, key: int) -> bool:
        planned = self._planned.get(key)
        if planned is None or await self._expired(key, planned):
            return False
        # From the committed 'sending' on, a crash leaves this one uncertain (resent at
        # start-up while before its cut-off). An afternoon nudge is skipped if the person
        # checked in since the tick.
        if await self._repos.deliveries.claim(key, self._clock.now()) is not Claim.CLAIMED:
            self._planned.pop(key, None)
            return False
        return True

    async def expired(self, key: int) -> bool:
        planned = self._planned.get(key)
        return planned is None or await self._expired(key, planned)

    async def _expired(self, key: int, planned: _Planned) -> bool:
        now = self._clock.now()
        if now < planned.due.deadline:
            return False
        self._planned.pop(key, None)
        await self._finish(key, Status.EXPIRED, _late(planned.due, self.schedule))
        return True

    async def delivered(self, key: int) -> None:
        self._planned.pop(key, None)
        await self._finish(key, Status.SENT)

    async def _finish(self, key: int, status: Status, detail: str | None = None) -> None:
        """Write a final outcome; if the database fails, keep it for the next tick."""
        outcome = _Outcome(status, self._clock.now(), detail)
        try:
            await self._repos.deliveries.finish(key, status, outcome.at, detail)
        except Exception:
            self._unwritten[key] = outcome
            log.warning("could not record delivery outcome %s; will retry", status, exc_info=True)

    async def _write_unwritten(self) -> None:
        for key, outcome in list(self._unwritten.items()):
            await self._repos.deliveries.finish(key, outcome.status, outcome.at, outcome.detail)
            del self._unwritten[key]
            self._planned.pop(key, None)

    async def retrying(self, key: int, reason: str, *, maybe_delivered: bool) -> None:
        now = self._clock.now()
        if maybe_delivered:
            await self._repos.deliveries.note(key, reason, now)
        else:
            await self._repos.deliveries.release(key, reason, now)

    async def gave_up(self, key: int, reason: str, *, unreachable: bool) -> None:
        planned = self._planned.pop(key, None)
        now = self._clock.now()
        await self._finish(key, Status.FAILED, reason)
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


@dataclass(frozen=True)
class _Outcome:
    status: Status
    at: datetime
    detail: str | None


def _key(due: Due) -> LogKey:
    return (due.recipient.person_id, due.day, due.kind)


def _late(due: Due, schedule: Schedule) -> str:
    """Why ``due`` was not sent: its cut-off, in the recipient's local time."""
    local = due.deadline.astimezone(schedule.zone(due.recipient))
    return f"{PAST_CUTOFF} ({local.isoformat(timespec='minutes')})"
