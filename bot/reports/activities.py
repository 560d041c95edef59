"""The KBK's activities in the reports: what took place in the period, how many attended
(behind the privacy threshold), this year's pledges and the innovation proposals; and the
workbook sheet listing the activities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.activities.models import Activity, ActivityKind, Innovation, InnovationStatus
from bot.reports.build import ReportSources
from bot.reports.period import Period
from bot.reports.privacy import Figure, guard
from bot.reports.workbook import Cell, ExtraSheet
from bot.texts.activities import KIND_LABELS
from bot.texts.reports import TOO_FEW


@dataclass(frozen=True)
class ActivitySection:
    activities: tuple[Activity, ...]
    by_kind: dict[ActivityKind, int]
    attendance: Figure[int]
    """Attendances over the period's activities, from this many distinct people."""
    pledged: Figure[int]
    """People of the unit who pledged in the period's year."""
    members: int
    innovations: dict[InnovationStatus, int]
    min_people: int

    def sheet(self, zone_name: str) -> ExtraSheet:
        rows: list[tuple[Cell, ...]] = []
        for activity in self.activities:
            shown = guard(activity.attendees, activity.attendees, self.min_people)
            rows.append(
                (activity.starts_at.strftime("%d-%m-%Y %H.%M"), KIND_LABELS[activity.kind],
                 activity.title, activity.place, shown.value if shown.shown else TOO_FEW)
            )  # fmt: skip
        header = (f"Waktu ({zone_name})", "Jenis", "Judul", "Tempat", "Hadir")
        return ExtraSheet("Kegiatan", header, rows)


def activity_section(
    activities: Sequence[Activity],
    attendees: int,
    pledged: int,
    members: int,
    innovations: Sequence[Innovation],
    min_people: int,
) -> ActivitySection:
    """``attendees``: distinct people who attended any of ``activities``."""
    total = sum(a.attendees for a in activities)
    return ActivitySection(
        activities=tuple(activities),
        by_kind={k: sum(1 for a in activities if a.kind is k) for k in ActivityKind},
        attendance=guard(total, attendees, min_people),
        pledged=guard(pledged, pledged, min_people),
        members=members,
        innovations={s: sum(1 for i in innovations if i.status is s) for s in InnovationStatus},
        min_people=min_people,
    )


async def unit_activities(
    src: ReportSources,
    unit_id: int,
    members: int,
    period: Period,
    zone: ZoneInfo,
    min_people: int,
) -> ActivitySection | None:
    """The unit's activities in ``period`` (None when reports leave them out)."""
    if src.activities is None:
        return None
    start = datetime.combine(period.start, time(0), tzinfo=zone)
    end = datetime.combine(period.end, time(23, 59, 59), tzinfo=zone)
    activities = await src.activities.of_unit(unit_id, start, end)
    attendees = await src.activities.distinct_attendees([a.id for a in activities])
    pledged = await src.activities.pledges_of_unit(unit_id, period.start.year)
    innovations = await src.activities.innovations_of_unit(unit_id, start, end)
    localised = [replace(a, starts_at=a.starts_at.astimezone(zone)) for a in activities]
    return activity_section(localised, attendees, pledged, members, innovations, min_people)
