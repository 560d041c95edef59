"""Gather the counts of a period from storage and compute the summaries."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.action_plan.ports import UnitPlans
from bot.content.models import ContentPack, ValueSet
from bot.org.models import Unit
from bot.reports.culture import CultureSources
from bot.reports.period import Period, PeriodKind
from bot.reports.ports import ReportQueries, UnitActivities
from bot.reports.privacy import Figure, guard
from bot.reports.rows import Activity, Member
from bot.reports.summary import (
    Held,
    KbkSummary,
    ProblemLine,
    ProblemStats,
    Ranked,
    expected_checkins,
    malu_counts,
    participation,
    problem_lines,
    problem_stats,
    ranked_behaviours,
    registered_by,
    trend,
    value_answers,
)
from bot.schedule.ports import CalendarStore, Pauses

T = TypeVar("T")

ProblemSource = Callable[[int | None, date, date], Awaitable[ProblemStats]]
"""(unit id or None for every unit, start, end) -> the problem figures of that period."""
PAST_PERIODS = 4
"""A week or a month is also compared with the average of the four before it."""


async def no_problems(unit_id: int | None, start: date, end: date) -> ProblemStats:
    return ProblemStats()


def _bounds(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local days [start, end] as [begin, stop) instants."""
    begin = datetime.combine(start, time(0), zone)
    return begin, datetime.combine(end + timedelta(days=1), time(0), zone)


def problems_from(reports: ReportQueries, zone: ZoneInfo) -> ProblemSource:
    """Problem figures of the local days [start, end], from the problems' own tables."""

    async def source(unit_id: int | None, start: date, end: date) -> ProblemStats:
        opened, open_now, days = await reports.problem_counts(
            unit_id, *_bounds(start, max(start, end), zone)
        )
        return problem_stats(opened, open_now, days)

    return source


@dataclass(frozen=True)
class ReportSources:
    reports: ReportQueries
    calendar: CalendarStore
    person_settings: Pauses
    problems: ProblemSource = no_problems
    culture: CultureSources | None = None
    """Self-assessment and appreciation (bot.reports.culture); None leaves them out."""
    plans: UnitPlans | None = None
    """The KBK's rencana aksi (bot.action_plan); None leaves it out."""
    activities: UnitActivities | None = None
    """Activities, pledges and innovation proposals (bot.activities); None leaves them out."""
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    """The Pemda's time zone: the local day of a registration or of a problem."""


def _member_ids(members: Sequence[Member]) -> set[int]:
    return {m.person_id for m in members}


async def _expected(
    src: ReportSources, unit_id: int, members: Sequence[Member], span: Period
) -> dict[date, int]:
    if span.end < span.start:
        return {}
    calendar = await src.calendar.calendar()
    workweek = await src.calendar.workweek(unit_id)
    days = calendar.working_days(span.start, span.end, workweek)
    pauses = await src.person_settings.pauses_between(
        sorted(_member_ids(members)), span.start, span.end
    )
    return expected_checkins(days, members, pauses, src.zone)


async def _rate(src: ReportSources, unit_id: int, span: Period, min_people: int) -> Figure[float]:
    """Participation of the unit over a finished span, over the people of that span."""
    members = await src.reports.members(unit_id, span.start, span.end)
    expected = await _expected(src, unit_id, members, span)
    checkins = await src.reports.checkins_per_day(unit_id, span.start, span.end)
    people = len(registered_by(members, span.end, src.zone))
    return participation(expected, checkins, people, min_people)[2]


def _past(period: Period) -> Period | None:
    """The four weeks or months before a week or a month, as one span."""
    if period.kind not in (PeriodKind.WEEK, PeriodKind.MONTH):
        return None
    first = period
    for _ in range(PAST_PERIODS):
        first = first.previous()
    return Period(PeriodKind.RANGE, first.start, period.previous().end)


async def build_kbk_summary(
    src: ReportSources,
    content: ContentPack,
    value_set: ValueSet,
    unit: Unit,
    period: Period,
    today: date,
    min_people: int,
) -> KbkSummary:
    """The summary of one KBK for ``period``, counting the days of it that are over."""
    counted = period.clipped(today)
    running = period.running(today)
    last = max(counted.end, period.start)
    members = await src.reports.members(unit.id, period.start, last)
    registered = registered_by(members, last, src.zone)
    people = len(registered)
    expected = await _expected(src, unit.id, members, counted)
    held = Held.RUNNING if running else None if period.whole_months else Held.WEEKS

    async def past_rate() -> Figure[float] | None:
        span = None if running else _past(period)
        return None if span is None else await _rate(src, unit.id, span, min_people)

    # The queries below are independent: on PostgreSQL they run side by side, each on a
    # connection of the pool (on SQLite one after the other, behind the one connection).
    async with asyncio.TaskGroup() as group:
        activity_task = group.create_task(
            _when(
                bool(expected), lambda: src.reports.activity(unit.id, counted.start, counted.end)
            )
        )
        previous_task = group.create_task(
            _when(not running, lambda: _rate(src, unit.id, period.previous(), min_people))
        )
        past_task = group.create_task(past_rate())
        behaviours_task = group.create_task(
            _when(
                held is None, lambda: src.reports.behaviours(unit.id, counted.start, counted.end)
            )
        )
        malu_task = group.create_task(
            _when(held is None, lambda: src.reports.malu(unit.id, counted.start, counted.end))
        )
        problems_task = group.create_task(_run(src.problems(unit.id, counted.start, counted.end)))
        problem_list_task = group.create_task(_problem_list(src, unit.id, counted))
    activity = activity_task.result()
    previous, past = previous_task.result(), past_task.result()
    behaviour_rows, malu_rows = behaviours_task.result(), malu_task.result()
    problems, problem_list = problems_task.result(), problem_list_task.result()
    activity = activity or Activity({}, [], {})
    done, total, rate = participation(expected, activity.per_day, people, min_people)
    active = activity.active.get(None, 0)
    most: list[Ranked] = []
    least: list[Ranked] = []
    malu: list[tuple[str, Figure[int]]] = []
    if behaviour_rows is not None and malu_rows is not None:
        most, least = ranked_behaviours(
            value_set, activity.cells, behaviour_rows, activity.active, min_people
        )
        malu_items = [(item.id, item.text) for item in content.budaya_malu.items]
        malu = malu_counts(malu_items, malu_rows, activity.active, min_people)
    not_today: Figure[int] = Figure(None, 0)
    if running:
        due = await _expected(src, unit.id, members, Period(period.kind, today, today))
        if due:
            checked = await src.reports.checked_in_on(unit.id, today)
            not_today = guard(max(due[today] - checked, 0), people, min_people)
    return KbkSummary(
        unit_name=unit.name,
        kbk_name=unit.kbk_display_name,
        period=period,
        counted_until=counted.end,
        running=running,
        members=len(_member_ids(members)),
        registered=people,
        active=guard(active, people, min_people),
        unreachable=len({m.person_id for m in members if m.unreachable and m.active}),
        working_days=len(expected),
        checkins=done,
        expected=total,
        participation=rate,
        previous_participation=previous or Figure(None, 0),
        values=value_answers(value_set, activity.cells if held is None else [], min_people),
        most_practised=most,
        least_practised=least,
        malu=malu,
        problems=problems,
        trend=trend(expected, activity.per_day, people, min_people),
        problem_list=problem_list,
        past_participation=past or Figure(None, 0),
        not_checked_in_today=not_today,
        held=held,
    )


async def _when(wanted: bool, query: Callable[[], Awaitable[T]]) -> T | None:
    """``query()``'s result if ``wanted``, else None (and the query is never made)."""
    return await query() if wanted else None


async def _run(query: Awaitable[T]) -> T:
    """``query`` as a coroutine, for a task."""
    return await query


async def _problem_list(src: ReportSources, unit_id: int, counted: Period) -> list[ProblemLine]:
    end = max(counted.end, counted.start)
    rows = await src.reports.problem_list(unit_id, *_bounds(counted.start, end, src.zone))
    return problem_lines(rows, end, src.zone)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    members: int
    registered: int
    participation: Figure[float]
    previous: Figure[float]
    open_problems: int
    running: bool = False

    @property
    def change(self) -> float | None:
        """In points, between the rates as shown (one decimal); never for a running period."""
        if self.running or not (self.participation.shown and self.previous.shown):
            return None
        assert self.participation.value is not None
        assert self.previous.value is not None
        return round(
            round(100 * self.participation.value, 1) - round(100 * self.previous.value, 1), 1
        )


async def build_pemda_rows(
    src: ReportSources, units: list[Unit], period: Period, today: date, min_people: int
) -> list[UnitRow]:
    """Every unit side by side, best participation first (withheld ones last)."""
    counted = period.clipped(today)
    running = period.running(today)
    spans = [counted] if running else [counted, period.previous()]
    calendar = await src.calendar.calendar()
    workweeks = await src.calendar.workweeks()
    rates: dict[int, list[Figure[float]]] = {}
    sizes: dict[int, tuple[int, int]] = {}
    for index, span in enumerate(spans):
        last = max(span.end, span.start)
        members = await src.reports.members_by_unit(span.start, last)
        counts = (
            await src.reports.checkins_by_unit(span.start, span.end)
            if span.end >= span.start
            else {}
        )
        pauses = await src.person_settings.pauses_between(None, span.start, last)
        for unit in units:
            unit_members = members.get(unit.id, [])
            people = len(registered_by(unit_members, last, src.zone))
            if index == 0:
                sizes[unit.id] = (len(_member_ids(unit_members)), people)
            workweek = workweeks.get(unit.id)
            days = (
                []
                if span.end < span.start
                else calendar.working_days(span.start, span.end, workweek)
                if workweek
                else calendar.working_days(span.start, span.end)
            )
            expected = sum(expected_checkins(days, unit_members, pauses, src.zone).values())
            value = min(counts.get(unit.id, 0) / expected, 1.0) if expected else None
            rates.setdefault(unit.id, []).append(guard(value, people, min_people))
    rows = []
    for unit in units:
        problems = await src.problems(unit.id, counted.start, counted.end)
        figures = rates[unit.id]
        rows.append(
            UnitRow(
                unit,
                *sizes[unit.id],
                figures[0],
                figures[1] if len(figures) > 1 else Figure(None, 0),
                problems.open_now,
                running,
            )
        )
    rows.sort(key=lambda r: (not r.participation.shown, -(r.participation.value or 0.0)))
    return rows
