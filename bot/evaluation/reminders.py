"""When the reminder to finish the questionnaire goes out.

From ``remind_days`` working days before a window closes (the last ``remind_days`` working
days of the window, counted in the person's unit's work week), on a working day, from the
morning reminder time on. Whoever has not finished and has not been reminded in this window
gets it once; a bot that was down on the first of those days catches up on the next working
day. Nobody is reminded on a day their pause (leave) covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from bot.evaluation.window import Window


def reminder_start(working_days: Sequence[date], remind_days: int) -> date | None:
    """The first day of the reminder: the ``remind_days``-th working day from the end of
    ``working_days`` (the window's working days, in order); None if there are none."""
    if not working_days or remind_days < 1:
        return None
    return working_days[max(len(working_days) - remind_days, 0)]


def reminder_due(
    window: Window,
    working_days: Sequence[date],
    today: date,
    local_time: time,
    remind_days: int,
    at: time,
) -> bool:
    """May the reminder of ``window`` go out now to someone whose unit works
    ``working_days`` (the window's working days in that unit's work week)?"""
    start = reminder_start(working_days, remind_days)
    if start is None or not window.contains(today) or today < start:
        return False
    return today in working_days and local_time >= at
