"""The periodic job of scheduled reports: the weekly digest and the semester report.

Entered from the job queue with the services and an :class:`~bot.reports.scheduled.Outbox`
(the Telegram glue implements it); idempotent, see :mod:`bot.reports.scheduled`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.reports.scheduled import Outbox, ReportContext, send_scheduled_reports

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

JOB_NAME = "scheduled-reports"
INTERVAL = timedelta(minutes=5)


class SendFailed(Exception):
    """The outbox could not send a report now (the bot is blocked, Telegram is down...)."""


def report_context(services: Services) -> ReportContext:
    settings = services.settings
    return ReportContext(
        sources=services.reports,
        org=services.org,
        log=services.report_log,
        content=services.content,
        value_set=services.value_set,
        zone=settings.tz,
        digest_time=settings.morning_time,
        semester_time=settings.afternoon_time,
        min_people=settings.report_min_people,
    )


async def run_scheduled_reports(services: Services, outbox: Outbox, now: datetime) -> int:
    """Send the weekly digest or the semester report when due; how many went out."""
    try:
        return await send_scheduled_reports(report_context(services), outbox, now)
    except SendFailed:
        # What was sent is logged; the rest goes out at the next tick.
        log.warning("scheduled reports interrupted; will retry", exc_info=True)
        return 0
