"""On PostgreSQL a long period's breakdowns are counted in parts side by side; each part
is whole months (the breakdowns are per month), together exactly the period."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from bot.storage.reports import _month_parts


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        (date(2026, 7, 1), date(2026, 12, 31), 3),  # a semester: two months each
        (date(2026, 1, 1), date(2026, 12, 31), 3),  # a year: four months each
        (date(2026, 7, 15), date(2026, 8, 3), 2),  # partial months at both ends
        (date(2026, 12, 1), date(2026, 12, 7), 1),  # a week: one part
        (date(2026, 2, 1), date(2026, 3, 31), 2),
    ],
)
def test_parts_are_whole_months_covering_the_period_once(
    start: date, end: date, parts: int
) -> None:
    found = _month_parts(start, end, 3)
    assert len(found) == parts
    assert found[0][0] == start
    assert found[-1][1] == end
    for (_, before), (after, _) in itertools.pairwise(found):
        assert after == before + timedelta(days=1)  # no gap, no overlap
        assert after.day == 1  # cut at a month's start only
