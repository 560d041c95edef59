"""The KBK's activities in the reports: what took place in the period, how many attended,
this year's pledges and the innovation proposals; and the workbook sheet listing the
activities.

They follow the rules of every other figure (docs/reports.md): only days that are over are
counted (today once it is over), a running period is marked and compared with nothing, and a
count of people is shown only when it and its complement (the unit's registered people who
did not attend, or did not pledge) each come from at least ``REPORT_MIN_PEOPLE`` people.

- An activity's attendance is the confirmations made by the end of its day, so it never
  changes once that day is over: two reports (a week and its month, Tuesday's and
  Wednesday's look at a running week) cannot be subtracted into a late tap. The total of a
  report adds up only the activities whose attendance is shown.
- The pledges are counted up to the end of the last whole month counted, and shown only when
  the total and the pledges of each month of the year pass the threshold, so two reports
  differ by whole months that pass it themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.activities.models import Activity, ActivityKind, Innovation, InnovationStatus
from bot.reports.build import ReportSources
from bot.reports.period import month_of
from bot.reports.privacy import Figure, cell
from bot.reports.summary import KbkSummary
from bot.reports.workbook import NOTE, Cell, ExtraSheet
from bot.texts.activities import KIND_LABELS, NO_ACTIVITY
from bot.texts.reports import TOO_FEW


@dataclass(frozen=True)
class HeldActivity:
    activity: Activity
    """With ``starts_at`` in the report's time zone."""
    attendance: Figure[int]
    """Confirmed by the end of the activity's day, behind the complementary threshold."""


@dataclass(frozen=True)
class ActivitySection:
    held: tuple[HeldActivity, ...]
    running: bool
    registered: int
    """The unit's registered people in the period: who could attend or pledge."""
    pledge_year: int
    pledged_until: date | None
    """The last day of the last whole month counted (None: no month of the year is over)."""
    pledged: Figure[int]
    innovations: dict[InnovationStatus, int]

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(h.activity for h in self.held)

    @property
    def by_kind(self) -> dict[ActivityKind, int]:
        return {k: sum(1 for h in self.held if h.activity.kind is k) for k in ActivityKind}

    @property
    def attendance(self) -> tuple[int, int, int]:
        """(attendances, activities) over the activities whose attendance is shown, and the
        number of activities whose attendance is withheld."""
        shown = [h.attendance.value for h in self.held if h.attendance.shown]
        return sum(v or 0 for v in shown), len(shown), len(self.held) - len(shown)

    def sheet(self, zone_name: str) -> ExtraSheet:
        rows: list[tuple[Cell, ...]] = []
        for h in self.held:
            a, shown = h.activity, h.attendance
            rows.append(
                (a.starts_at.date(), a.starts_at.strftime("%H.%M"), KIND_LABELS[a.kind], a.title,
                 a.place, shown.value if shown.shown else None, "" if shown.shown else TOO_FEW)
            )  # fmt: skip
        header = ("Tanggal", f"Jam ({zone_name})", "Jenis", "Judul", "Tempat", "Hadir", NOTE)
        return ExtraSheet("Kegiatan", header, rows, NO_ACTIVITY)


def attendance_by_day_end(
    activities: Sequence[Activity], times: Sequence[tuple[int, datetime]], zone: ZoneInfo
) -> dict[int, int]:
    """Per activity, the attendances confirmed by the end of its day (in ``zone``)."""
    ends = {
        a.id: datetime.combine(a.starts_at.astimezone(zone).date() + timedelta(days=1), time(0),
                               tzinfo=zone)
        for a in activities
    }  # fmt: skip
    return Counter(activity for activity, at in times if at < ends[activity])


def last_month_end(until: date) -> date | None:
    """The last day of the last whole month up to ``until``, within ``until``'s year."""
    if month_of(until).end == until:
        return until
    end = until.replace(day=1) - timedelta(days=1)
    return end if end.year == until.year else None


def pledge_figure(
    times: Sequence[datetime], until: date | None, registered: int, zone: ZoneInfo, min_people: int
) -> Figure[int]:
    """The year's pledges up to ``until``: shown when the total and every month's pledges
    pass the complementary threshold (a month without any says nothing about anyone)."""
    if until is None:
        return Figure(None, 0)
    months = Counter(
        day.month for day in (at.astimezone(zone).date() for at in times) if day <= until
    )
    total = sum(months.values())
    parts = [cell(n, n, registered - n, min_people) for n in months.values()]
    figure = cell(total, total, registered - total, min_people)
    if figure.withheld or any(p.withheld for p in parts):
        return Figure(None, total, withheld=True)
    return figure


def activity_section(
    activities: Sequence[Activity],
    attended: dict[int, int],
    summary: KbkSummary,
    pledged: Figure[int],
    pledged_until: date | None,
    innovations: Sequence[Innovation],
    min_people: int,
) -> ActivitySection:
    registered = summary.registered
    held = tuple(
        HeldActivity(a, cell(n, n, registered - n, min_people))
        for a, n in ((a, attended.get(a.id, 0)) for a in activities)
    )
    return ActivitySection(
        held=held,
        running=summary.running,
        registered=registered,
        pledge_year=summary.counted_until.year,
        pledged_until=pledged_until,
        pledged=pledged,
        innovations={s: sum(1 for i in innovations if i.status is s) for s in InnovationStatus},
    )


async def unit_activities(
    src: ReportSources, unit_id: int, summary: KbkSummary, zone: ZoneInfo, min_people: int
) -> ActivitySection | None:
    """The unit's activities over the days of ``summary`` that are over (None when reports
    leave them out)."""
    if src.activities is None:
        return None
    start = datetime.combine(summary.period.start, time(0), tzinfo=zone)
    end = datetime.combine(summary.counted_until + timedelta(days=1), time(0), tzinfo=zone)
    if end <= start:
        activities, innovations = [], []
    else:
        activities = await src.activities.of_unit(unit_id, start, end)
        innovations = await src.activities.innovations_of_unit(unit_id, start, end)
    times = await src.activities.attendance_times([a.id for a in activities])
    attended = attendance_by_day_end(activities, times, zone)
    localised = [replace(a, starts_at=a.starts_at.astimezone(zone)) for a in activities]
    until = last_month_end(summary.counted_until)
    year = summary.counted_until.year
    pledges = pledge_figure(
        await src.activities.pledge_times(unit_id, year), until, summary.registered, zone,
        min_people,
    )  # fmt: skip
    return activity_section(localised, attended, summary, pledges, until, innovations, min_people)
