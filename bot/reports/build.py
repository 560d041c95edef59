"""Gather the counts of a period from storage and compute the summaries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.content.models import ContentPack, ValueSet
from bot.org.models import Unit
from bot.reports.culture import CultureSources
from bot.reports.period import Period
from bot.reports.privacy import Figure, guard
from bot.reports.summary import (
    KbkSummary,
    ProblemStats,
    expected_checkins,
    malu_counts,
    participation,
    problem_stats,
    ranked_behaviours,
    registered_ids,
    trend,
    value_answers,
)
from bot.storage.action_plans import ActionPlanRepository
from bot.storage.activities import ActivityRepository
from bot.storage.reports import ReportRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository

ProblemSource = Callable[[int | None, date, date], Awaitable[ProblemStats]]
"""(unit id or None for every unit, start, end) -> the problem figures of that period."""


async def no_problems(unit_id: int | None, start: date, end: date) -> ProblemStats:
    return ProblemStats()


def problems_from(reports: ReportRepository, zone: ZoneInfo) -> ProblemSource:
    """Problem figures of the local days [start, end], from the problems' own tables."""

    async def source(unit_id: int | None, start: date, end: date) -> ProblemStats:
        begin = datetime.combine(start, time(0), zone)
        stop = datetime.combine(end + timedelta(days=1), time(0), zone)
        opened, open_now, days = await reports.problem_counts(unit_id, begin, stop)
        return problem_stats(opened, open_now, days)

    return source


@dataclass(frozen=True)
class ReportSources:
    reports: ReportRepository
    calendar: CalendarRepository
    person_settings: PersonSettingsRepository
    problems: ProblemSource = no_problems
    culture: CultureSources | None = None
    """Self-assessment and appreciation (bot.reports.culture); None leaves them out."""
    plans: ActionPlanRepository | None = None
    """The KBK's rencana aksi (bot.action_plan); None leaves it out."""
    activities: ActivityRepository | None = None
    """Activities, pledges and innovation proposals (bot.activities); None leaves them out."""


async def _expected(
    src: ReportSources, unit_id: int, registered: list[int], period: Period
) -> dict[date, int]:
    calendar = await src.calendar.calendar()
    workweek = await src.calendar.workweek(unit_id)
    days = calendar.working_days(period.start, period.end, workweek)
    pauses = await src.person_settings.pauses_between(registered, period.start, period.end)
    return expected_checkins(days, registered, pauses)


async def _participation(
    src: ReportSources, unit_id: int, registered: list[int], period: Period, min_people: int
) -> tuple[int, int, Figure[float], dict[date, int], dict[date, int]]:
    expected = await _expected(src, unit_id, registered, period)
    checkins = await src.reports.checkins_per_day(unit_id, period.start, period.end)
    done, total, rate = participation(expected, checkins, len(registered), min_people)
    return done, total, rate, expected, checkins


async def build_kbk_summary(
    src: ReportSources,
    content: ContentPack,
    value_set: ValueSet,
    unit: Unit,
    period: Period,
    today: date,
    min_people: int,
) -> KbkSummary:
    """The summary of one KBK for ``period``, counting days up to ``today``."""
    counted = period.clipped(today)
    members = await src.reports.members(unit.id)
    registered = registered_ids(members)
    activity = await src.reports.activity(unit.id, counted.start, counted.end)
    expected = await _expected(src, unit.id, registered, counted)
    checkins = activity.per_day
    done, total, rate = participation(expected, checkins, len(registered), min_people)
    previous = period.previous().clipped(today)
    *_, previous_rate, _, _ = await _participation(src, unit.id, registered, previous, min_people)
    answers, answer_people = activity.answers, activity.value_people
    behaviour_rows = await src.reports.behaviours(unit.id, counted.start, counted.end)
    active = activity.active
    most, least = ranked_behaviours(value_set, behaviour_rows, active, min_people)
    malu_rows = await src.reports.malu(unit.id, counted.start, counted.end)
    malu_items = [(item.id, item.text) for item in content.budaya_malu.items]
    checked_today = await src.reports.checked_in_on(unit.id, today)
    not_today = expected.get(today)
    return KbkSummary(
        unit_name=unit.name,
        kbk_name=unit.kbk_display_name,
        period=period,
        counted_until=counted.end,
        members=len(members),
        registered=len(registered),
        active=guard(active, len(registered), min_people),
        unreachable=sum(1 for m in members if m.unreachable),
        working_days=len(expected),
        checkins=done,
        expected=total,
        participation=rate,
        previous_participation=previous_rate,
        values=value_answers(value_set, answers, answer_people, min_people),
        most_practised=most,
        least_practised=least,
        malu=malu_counts(malu_items, malu_rows, min_people),
        problems=await src.problems(unit.id, counted.start, counted.end),
        trend=trend(expected, checkins, len(registered), min_people, today),
        not_checked_in_today=guard(
            None if not_today is None else max(not_today - checked_today, 0),
            len(registered),
            min_people,
        ),
    )


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    members: int
    registered: int
    participation: Figure[float]
    previous: Figure[float]
    open_problems: int

    @property
    def change(self) -> float | None:
        if self.participation.shown and self.previous.shown:
            assert self.participation.value is not None
            assert self.previous.value is not None
            return round(100 * (self.participation.value - self.previous.value), 1)
        return None


async def build_pemda_rows(
    src: ReportSources, units: list[Unit], period: Period, today: date, min_people: int
) -> list[UnitRow]:
    """Every unit side by side, best participation first (withheld ones last)."""
    counted = period.clipped(today)
    previous = period.previous().clipped(today)
    calendar = await src.calendar.calendar()
    workweeks = await src.calendar.workweeks()
    members = await src.reports.members_by_unit()
    all_registered = [pid for ms in members.values() for pid in registered_ids(ms)]
    now_counts = await src.reports.checkins_by_unit(counted.start, counted.end)
    before_counts = await src.reports.checkins_by_unit(previous.start, previous.end)
    pauses_now = await src.person_settings.pauses_between(
        all_registered, counted.start, counted.end
    )
    pauses_before = await src.person_settings.pauses_between(
        all_registered, previous.start, previous.end
    )
    rows = []
    for unit in units:
        unit_members = members.get(unit.id, [])
        registered = registered_ids(unit_members)
        workweek = workweeks.get(unit.id)
        rates = []
        for span, counts, pauses in (
            (counted, now_counts, pauses_now),
            (previous, before_counts, pauses_before),
        ):
            days = (
                calendar.working_days(span.start, span.end, workweek)
                if workweek
                else calendar.working_days(span.start, span.end)
            )
            expected = sum(expected_checkins(days, registered, pauses).values())
            value = min(counts.get(unit.id, 0) / expected, 1.0) if expected else None
            rates.append(guard(value, len(registered), min_people))
        problems = await src.problems(unit.id, counted.start, counted.end)
        rows.append(
            UnitRow(
                unit, len(unit_members), len(registered), rates[0], rates[1], problems.open_now
            )
        )
    rows.sort(key=lambda r: (not r.participation.shown, -(r.participation.value or 0.0)))
    return rows
