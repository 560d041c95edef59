"""The figures of a KBK summary, computed from aggregate counts (pure; no I/O).

Participation = check-ins / expected check-ins, where the expected ones are, for every
working day of the period up to today, the registered members not away (paused) that day.
Holidays and weekends are not working days, so they count neither way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from bot.content.models import ValueSet
from bot.reports.period import Period
from bot.reports.privacy import Figure, guard
from bot.storage.reports import AnswerRow, CountRow, Member
from bot.storage.schedule import Pause

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
class ValueAnswers:
    value_id: str
    name: str
    counts: Figure[tuple[int, int, int]]
    """(Sudah, Sebagian, Belum), withheld if too few people answered about this value."""


@dataclass(frozen=True)
class Ranked:
    label: str
    count: int


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: date
    rate: Figure[float]
    running: bool = False
    """The point holds today, which is not over: its figure will still grow."""


@dataclass(frozen=True)
class KbkSummary:
    unit_name: str
    kbk_name: str
    period: Period
    counted_until: date
    """The last day counted: the period's end, or today if the period is still running."""
    members: int
    registered: int
    active: Figure[int]
    unreachable: int
    working_days: int
    checkins: int
    expected: int
    participation: Figure[float]
    previous_participation: Figure[float]
    values: list[ValueAnswers]
    most_practised: Figure[list[Ranked]]
    least_practised: Figure[list[Ranked]]
    malu: list[tuple[str, Figure[int]]]
    problems: ProblemStats
    trend: list[TrendPoint]
    not_checked_in_today: Figure[int] = field(default_factory=lambda: Figure(None, 0))

    @property
    def change(self) -> Figure[float]:
        """Participation minus the previous period's, in percentage points."""
        now, before = self.participation, self.previous_participation
        if not now.shown or not before.shown or now.value is None or before.value is None:
            return Figure(None, min(now.people, before.people), withheld=True)
        return Figure(round(100 * (now.value - before.value), 1), now.people)


def expected_checkins(
    working_days: Iterable[date], registered: Sequence[int], pauses: Sequence[Pause]
) -> dict[date, int]:
    """Per working day, how many registered members were not away (paused)."""
    days = list(working_days)
    if not days:
        return {}
    wanted = set(registered)
    away: dict[date, set[int]] = {}
    first, last = days[0], days[-1]
    for pause in pauses:
        if pause.person_id not in wanted:
            continue
        day = max(pause.start_day, first)
        stop = min(pause.end_day or last, last)
        while day <= stop:
            away.setdefault(day, set()).add(pause.person_id)
            day += timedelta(days=1)
    return {day: len(wanted) - len(away.get(day, ())) for day in days}


def participation(
    expected: dict[date, int], checkins: dict[date, int], people: int, min_people: int
) -> tuple[int, int, Figure[float]]:
    done = sum(min(checkins.get(day, 0), n) for day, n in expected.items())
    total = sum(expected.values())
    rate = done / total if total else None
    return done, total, guard(rate, people, min_people)


def trend(
    expected: dict[date, int],
    checkins: dict[date, int],
    people: int,
    min_people: int,
    today: date | None = None,
) -> list[TrendPoint]:
    """Participation per day (up to two weeks), per week (up to a quarter) or per month;
    the point that holds ``today`` is marked running."""
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
        points.append(TrendPoint(label, key, rate, running=today in members))
    return points


MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def value_answers(
    value_set: ValueSet, rows: Sequence[AnswerRow], people: dict[str, int], min_people: int
) -> list[ValueAnswers]:
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row.value_id, {})[row.answer] = row.count
    result = []
    for value in value_set.values:
        got = counts.get(value.id, {})
        triple = (got.get("sudah", 0), got.get("sebagian", 0), got.get("belum", 0))
        result.append(
            ValueAnswers(value.id, value.name, guard(triple, people.get(value.id, 0), min_people))
        )
    return result


def ranked_behaviours(
    value_set: ValueSet, rows: Sequence[CountRow], people: int, min_people: int
) -> tuple[Figure[list[Ranked]], Figure[list[Ranked]]]:
    """The behaviours most and least often ticked as practised, over the whole set."""
    counts = {row.key: row.count for row in rows}
    labelled = [(counts.get(b.id, 0), f"{v.name}: {b.text}") for v, b in value_set.behaviours()]
    most = sorted(labelled, key=lambda item: (-item[0], item[1]))[:TOP]
    least = sorted(labelled, key=lambda item: (item[0], item[1]))[:TOP]
    return (
        guard([Ranked(label, n) for n, label in most], people, min_people),
        guard([Ranked(label, n) for n, label in least], people, min_people),
    )


def malu_counts(
    items: Sequence[tuple[str, str]], rows: Sequence[CountRow], min_people: int
) -> list[tuple[str, Figure[int]]]:
    """Budaya-malu slips per item, most frequent first; an item slipped by fewer people
    than the threshold is withheld (it could point at someone)."""
    by_id = {row.key: row for row in rows}
    result = []
    for item_id, text in items:
        row = by_id.get(item_id)
        if row is None:
            continue
        result.append((text, guard(row.count, row.people, min_people)))
    result.sort(key=lambda item: -(item[1].value or 0))
    return result


def registered_ids(members: Sequence[Member]) -> list[int]:
    return [m.person_id for m in members if m.registered]
