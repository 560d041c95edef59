"""Who is due a daily message now: a pure selection over plain records.

A person is due their morning reminder (or afternoon nudge) when, in their own time zone,
today is a working day of their unit, they are not away (paused), their time for it has
passed, and the delivery log has no row for it yet. Only the person's current local date is
ever considered, so nothing from a past day is sent late; and nothing is sent after the
kind's cut-off (:meth:`Schedule.cutoff_of`), so a bot started late in the evening does not
wish everyone good morning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.schedule.calendar import MON_FRI, WorkCalendar
from bot.schedule.models import Pause


class Kind(StrEnum):
    MORNING = "morning"
    """The value of the day, one behaviour and a budaya-malu prompt."""
    AFTERNOON = "afternoon"
    """The check-in nudge, only for those who have not checked in yet."""


@dataclass(frozen=True)
class Recipient:
    """A person who may receive daily messages: active, registered, reachable."""

    person_id: int
    name: str
    chat_id: int
    unit_id: int
    morning_time: time | None = None
    """Their own time (``/atur``); None means the Pemda's default."""
    afternoon_time: time | None = None
    timezone: str | None = None
    """IANA zone of their own choice (WIB, WITA, WIT); None means the Pemda's zone."""


GRACE = timedelta(hours=1)
"""A person's message may always go out until this long after their own time for it."""


@dataclass(frozen=True)
class Schedule:
    """The Pemda's defaults for everyone who has not chosen their own."""

    timezone: str
    morning: time
    afternoon: time
    morning_cutoff: time | None = None
    """No morning message after this local time; None: the Pemda's afternoon time."""
    afternoon_cutoff: time = time(17, 0)
    """No afternoon nudge after this local time (the end of working hours)."""

    def zone(self, recipient: Recipient) -> ZoneInfo:
        """The recipient's zone; an unknown stored name falls back to the Pemda's, so one
        bad row cannot stop everyone's reminders."""
        try:
            return ZoneInfo(recipient.timezone or self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(self.timezone)

    def time_of(self, recipient: Recipient, kind: Kind) -> time:
        if kind is Kind.MORNING:
            return recipient.morning_time or self.morning
        return recipient.afternoon_time or self.afternoon

    def cutoff_of(self, recipient: Recipient, kind: Kind) -> time:
        """The local time after which ``kind`` is no longer sent to ``recipient``: the
        Pemda's cut-off, or :data:`GRACE` after their own time if that is later."""
        if kind is Kind.MORNING:
            cutoff = self.morning_cutoff or self.afternoon
        else:
            cutoff = self.afternoon_cutoff
        own = datetime.combine(date.min, self.time_of(recipient, kind)) + GRACE
        return max(cutoff, own.time()) if own.date() == date.min else time.max


@dataclass(frozen=True)
class Due:
    recipient: Recipient
    kind: Kind
    day: date
    """The recipient's local date the message belongs to."""
    deadline: datetime
    """The kind's cut-off on that day (UTC): the message is not sent from then on."""
    workweek: frozenset[int]
    """The recipient's unit's work week (for the behaviour rotation)."""


LogKey = tuple[int, date, Kind]
"""(person id, local date, kind): the unique key of the delivery log."""


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first moment after ``day`` in ``zone``, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def local_dates(now: datetime, recipients: Iterable[Recipient], schedule: Schedule) -> set[date]:
    """Every local date ``now`` falls on for these recipients (at most one per zone)."""
    zones = {schedule.zone(recipient) for recipient in recipients}
    zones.add(ZoneInfo(schedule.timezone))
    return {now.astimezone(zone).date() for zone in zones}


def due_now(
    now: datetime,
    recipients: Iterable[Recipient],
    schedule: Schedule,
    calendar: WorkCalendar,
    workweeks: Mapping[int, frozenset[int]],
    pauses: Iterable[Pause] = (),
    logged: Collection[LogKey] = (),
) -> list[Due]:
    """What is due at ``now`` and not yet in the log, the longest-waiting first."""
    away: dict[int, list[Pause]] = {}
    for pause in pauses:
        away.setdefault(pause.person_id, []).append(pause)
    working: dict[tuple[date, frozenset[int]], bool] = {}
    found: list[tuple[datetime, int, Due]] = []
    for recipient in recipients:
        zone = schedule.zone(recipient)
        local = now.astimezone(zone)
        day = local.date()
        workweek = workweeks.get(recipient.unit_id, MON_FRI)
        key = (day, workweek)
        if key not in working:
            working[key] = calendar.is_working_day(day, workweek)
        if not working[key]:
            continue
        if any(p.covers(day) for p in away.get(recipient.person_id, ())):
            continue
        for order, kind in enumerate(Kind):
            at = schedule.time_of(recipient, kind)
            if local.time() < at or (recipient.person_id, day, kind) in logged:
                continue
            since = datetime.combine(day, at, tzinfo=zone)
            cutoff = datetime.combine(day, schedule.cutoff_of(recipient, kind), tzinfo=zone)
            deadline = min(cutoff.astimezone(UTC), end_of_day(day, zone))
            found.append((since, order, Due(recipient, kind, day, deadline, workweek)))
    found.sort(key=lambda item: (item[0], item[1], item[2].recipient.person_id))
    return [due for _, _, due in found]
