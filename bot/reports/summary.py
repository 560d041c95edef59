"""The figures of a KBK summary, computed from aggregate counts (pure; no I/O).

Participation = check-ins / expected check-ins, where the expected ones are, for every
finished working day of the period, the people who belonged to the unit that day, had
registered by then and were not away (paused). Holidays and weekends are not working days,
so they count neither way. Every count follows :mod:`bot.reports.privacy`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from functools import partial
from statistics import median
from zoneinfo import ZoneInfo

from bot.content.models import ValueSet
from bot.problems.models import ticket_number
from bot.reports.period import Period
from bot.reports.privacy import Figure, cell, guard, secondary
from bot.reports.rows import AnswerCells, CountRow, Member, ProblemRow
from bot.schedule.models import Pause

ANSWERS = ("sudah", "sebagian", "belum")
TOP = 3


@dataclass(frozen=True)
class ProblemStats:
    opened: int = 0
    resolved: int = 0
    open_now: int = 0
    median_days_to_resolve: float | None = None


def problem_stats(opened: int, open_now: int, resolve_days: Sequence[float]) -> ProblemStats:
    return ProblemStats(
        opened=opened,
        resolved=len(resolve_days),
        open_now=open_now,
        median_days_to_resolve=round(median(resolve_days), 1) if resolve_days else None,
    )


@dataclass(frozen=True)
class ProblemLine:
    """One problem of the unit as its report lists it."""

    number: str
    """The public number (LP-0001, or LA-... for an anonymous report)."""
    category: str
    status: str
    opened: date
    days_open: int
    """Until it was closed, or until the end of the period if still open then."""
    level: str | None
    closed: bool


def problem_lines(rows: Sequence[ProblemRow], until: date, zone: ZoneInfo) -> list[ProblemLine]:
    lines = []
    for row in rows:
        opened = row.created_at.astimezone(zone).date()
        closed = row.closed_at.astimezone(zone).date() if row.closed_at else None
        stop = min(closed, until) if closed else until
        lines.append(
            ProblemLine(
                ticket_number(row.number, row.code),
                row.category,
                row.status,
                opened,
                max((stop - opened).days, 0),
                row.level,
                closed is not None and closed <= until,
            )
        )
    return lines


@dataclass(frozen=True)
class ValueAnswers:
    value_id: str
    name: str
    cells: tuple[Figure[int], Figure[int], Figure[int]]
    """Sudah, Sebagian, Belum: each withheld on its own (see bot.reports.privacy)."""
    prompted: bool
    """The value was the day's value of at least one check-in of the period."""

    @property
    def all_withheld(self) -> bool:
        return all(not c.shown for c in self.cells)


@dataclass(frozen=True)
class Ranked:
    label: str
    count: int


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: date
    rate: Figure[float]


class Held(Enum):
    """Why a summary has no answer breakdown (values, behaviours, budaya malu)."""

    RUNNING = "running"
    """The period is not over: two looks a day apart would give that day's answers."""
    WEEKS = "weeks"
    """Answers are broken down per whole calendar month only (see bot.storage.reports.ATOM):
    a week's figures, subtracted from a month's, could point at someone."""


@dataclass(frozen=True)
class KbkSummary:
    unit_name: str
    kbk_name: str
    period: Period
    counted_until: date
    """The last day counted: the period's end, or yesterday while it is still running."""
    running: bool
    """The period is not over: its figures will still change, so it is compared with
    nothing."""
    members: int
    """People who belonged to the unit during the period."""
    registered: int
    active: Figure[int]
    unreachable: int
    working_days: int
    checkins: int
    expected: int
    participation: Figure[float]
    previous_participation: Figure[float]
    values: list[ValueAnswers]
    most_practised: list[Ranked]
    least_practised: list[Ranked]
    malu: list[tuple[str, Figure[int]]]
    problems: ProblemStats
    trend: list[TrendPoint]
    problem_list: list[ProblemLine] = field(default_factory=list)
    past_participation: Figure[float] = field(default_factory=lambda: Figure(None, 0))
    """Participation over the four periods before this one (a small unit's own past)."""
    not_checked_in_today: Figure[int] = field(default_factory=lambda: Figure(None, 0))
    held: Held | None = None
    """Why the answers are not broken down, or None when they are."""

    @property
    def change(self) -> Figure[float]:
        """Participation minus the previous period's, in percentage points; withheld for a
        running period, which is never compared with a complete one."""
        return _difference(self.participation, self.previous_participation, self.running)

    @property
    def change_from_past(self) -> Figure[float]:
        return _difference(self.participation, self.past_participation, self.running)

    @property
    def breakdown_shown(self) -> bool:
        return self.held is None and any(not v.all_withheld for v in self.values)


def _difference(now: Figure[float], before: Figure[float], running: bool) -> Figure[float]:
    if running or not now.shown or not before.shown or now.value is None or before.value is None:
        return Figure(None, min(now.people, before.people), withheld=True)
    return Figure(round(100 * now.value, 1) - round(100 * before.value, 1), now.people)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def expected_checkins(
    working_days: Iterable[date],
    members: Sequence[Member],
    pauses: Sequence[Pause],
    zone: ZoneInfo,
) -> dict[date, int]:
    """Per working day, how many people belonged to the unit, had registered and were not
    away (paused)."""
    days = list(working_days)
    if not days:
        return {}
    first, last = days[0], days[-1]
    index = {day: i for i, day in enumerate(days)}
    delta = [0] * (len(days) + 1)
    spans: dict[int, list[tuple[date, date]]] = {}
    for member in members:
        if member.registered_at is None:
            continue
        begin = max(member.since, local_day(member.registered_at, zone), first)
        end = min(member.until - timedelta(days=1), last) if member.until else last
        if end < begin:
            continue
        spans.setdefault(member.person_id, []).append((begin, end))
        delta[_position(days, begin)] += 1
        delta[_position(days, end + timedelta(days=1))] -= 1
    counts, running = {}, 0
    for i, day in enumerate(days):
        running += delta[i]
        counts[day] = running
    away: set[tuple[int, date]] = set()
    for pause in pauses:
        for begin, end in spans.get(pause.person_id, ()):
            day = max(pause.start_day, begin)
            stop = min(pause.end_day or end, end)
            while day <= stop:
                if day in index and (pause.person_id, day) not in away:
                    away.add((pause.person_id, day))
                    counts[day] -= 1
                day += timedelta(days=1)
    return counts


def _position(days: Sequence[date], day: date) -> int:
    """Index of the first working day on or after ``day`` (len(days) if none)."""
    return bisect_left(days, day)


def participation(
    expected: dict[date, int], checkins: dict[date, int], people: int, min_people: int
) -> tuple[int, int, Figure[float]]:
    done = sum(min(checkins.get(day, 0), n) for day, n in expected.items())
    total = sum(expected.values())
    rate = done / total if total else None
    return done, total, guard(rate, people, min_people)


def trend(
    expected: dict[date, int], checkins: dict[date, int], people: int, min_people: int
) -> list[TrendPoint]:
    """Participation per day (up to two weeks), per week (up to a quarter) or per month."""
    days = sorted(expected)
    if not days:
        return []
    span = (days[-1] - days[0]).days + 1
    buckets: dict[date, list[date]] = {}
    for day in days:
        if span <= 14:
            key = day
        elif span <= 92:
            key = day - timedelta(days=day.weekday())
        else:
            key = day.replace(day=1)
        buckets.setdefault(key, []).append(day)
    points = []
    for key, members in sorted(buckets.items()):
        part = {d: expected[d] for d in members}
        _, _, rate = participation(part, checkins, people, min_people)
        if span <= 14:
            label = f"{key:%d/%m}"
        elif span <= 92:
            label = f"mg {key:%d/%m}"
        else:
            label = MONTHS_SHORT[key.month - 1]
        points.append(TrendPoint(label, key, rate))
    return points


MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _triple(row: AnswerCells, min_people: int) -> list[Figure[int]]:
    cells = [cell(row.counts[i], row.people[i], row.others[i], min_people) for i in range(3)]
    return secondary(cells, row.counts)


def _by_key(rows: Iterable[CountRow]) -> dict[str, list[CountRow]]:
    found: dict[str, list[CountRow]] = defaultdict(list)
    for row in rows:
        found[row.key].append(row)
    return found


def value_answers(
    value_set: ValueSet, cells: Sequence[AnswerCells], min_people: int
) -> list[ValueAnswers]:
    """Sudah / Sebagian / Belum per value. Each cell is guarded in every month of the
    period that has answers about the value (with its complement, and a second cell
    withheld when one alone would be), and shown over the period only if it is shown in all
    of them: every period with a breakdown is whole months, so no difference of two
    reports (a semester minus five months, two months minus one) gives back a cell that a
    report withholds. The people behind a cell and behind its complement only grow with
    the months, so the period's cell passes the threshold too."""
    parts: dict[str, list[AnswerCells]] = defaultdict(list)
    for row in cells:
        parts[row.value_id].append(row)
    result = []
    for value in value_set.values:
        rows = parts.get(value.id, [])
        counts = [sum(row.counts[i] for row in rows) for i in range(3)]
        people = [max((row.people[i] for row in rows), default=0) for i in range(3)]
        shown = [bool(rows)] * 3
        for row in rows:
            for i, figure in enumerate(_triple(row, min_people)):
                shown[i] = shown[i] and figure.shown
        guarded = secondary(
            [
                Figure(counts[i], people[i]) if shown[i] else Figure(None, people[i], True)
                for i in range(3)
            ],
            counts,
        )
        result.append(
            ValueAnswers(value.id, value.name, (guarded[0], guarded[1], guarded[2]), bool(rows))
        )
    return result


def _count_shown(
    parts: Sequence[CountRow],
    active: dict[date | None, int],
    asked: Callable[[date], bool],
    min_people: int,
) -> Figure[int]:
    """A tick or slip count: shown if, in every part where it could have been given,
    enough people gave it and enough who checked in did not."""
    people = max((part.people for part in parts), default=0)
    if not parts:
        return Figure(None, 0, withheld=True)
    by_atom = {part.atom: part for part in parts}
    for atom, checked_in in active.items():
        if atom is None:
            continue
        part = by_atom.get(atom)
        if part is None and not asked(atom):
            continue
        n, who = (part.count, part.people) if part else (0, 0)
        if not cell(n, who, checked_in - who, min_people).shown:
            return Figure(None, people, withheld=True)
    return Figure(sum(part.count for part in parts), people)


def _always(atom: date) -> bool:
    return True


def _was_asked(prompted: set[tuple[str, date]], value_id: str, atom: date) -> bool:
    return (value_id, atom) in prompted


def ranked_behaviours(
    value_set: ValueSet,
    cells: Sequence[AnswerCells],
    rows: Sequence[CountRow],
    active: dict[date | None, int],
    min_people: int,
) -> tuple[list[Ranked], list[Ranked]]:
    """The behaviours most and least often ticked as practised, among the behaviours of
    the values that were the day's value in the period (or ticked), each shown only under
    the same rule as the answer cells (a month where its value was not the
    day's value and nobody ticked it says nothing about anyone)."""
    prompted = {(row.value_id, row.atom) for row in cells}
    asked_values = {row.value_id for row in cells}
    ticks = _by_key(rows)
    labelled = []
    for value, behaviour in value_set.behaviours():
        if value.id not in asked_values and behaviour.id not in ticks:
            continue
        figure = _count_shown(
            ticks.get(behaviour.id, []),
            active,
            partial(_was_asked, prompted, value.id),
            min_people,
        )
        if figure.shown and figure.value is not None:
            labelled.append((figure.value, f"{value.name}: {behaviour.text}"))
    most = sorted(labelled, key=lambda item: (-item[0], item[1]))[:TOP]
    rest = [item for item in labelled if item not in most]
    least = sorted(rest, key=lambda item: (item[0], item[1]))[:TOP]
    return [Ranked(label, n) for n, label in most], [Ranked(label, n) for n, label in least]


def malu_counts(
    items: Sequence[tuple[str, str]],
    rows: Sequence[CountRow],
    active: dict[date | None, int],
    min_people: int,
) -> list[tuple[str, Figure[int]]]:
    """Budaya-malu slips per item, most frequent first: only the items slipped by enough
    people and not slipped by enough who checked in (either could point at someone), in
    every month of the period."""
    slips = _by_key(rows)
    result = []
    for item_id, text in items:
        if item_id not in slips:
            continue
        figure = _count_shown(slips[item_id], active, _always, min_people)
        if figure.shown:
            result.append((text, figure))
    result.sort(key=lambda item: -(item[1].value or 0))
    return result


def registered_by(members: Sequence[Member], day: date, zone: ZoneInfo) -> set[int]:
    """People of ``members`` who had registered by ``day``."""
    return {
        m.person_id
        for m in members
        if m.registered_at is not None and local_day(m.registered_at, zone) <= day
    }
