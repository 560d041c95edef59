"""The weekly digest and the semester report: who gets what, and when.

Entered by a periodic job, never by a handler. Idempotent: what was sent is in the report
log, so a second tick or a restart sends nothing twice, and a bot that was down catches up
(a digest during its first working day, a semester report within a week after the
semester's end). Both cover complete periods only: the digest the week before, the semester
report the semester that ended yesterday or earlier, so no unfinished day is in them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.content.models import ContentPack, ValueSet
from bot.org.models import KbkRole, PemdaRole
from bot.org.ports import ReportRecipients
from bot.reports.build import ReportSources, build_kbk_summary, build_pemda_rows
from bot.reports.chart import kbk_chart
from bot.reports.culture import build_pemda_evaluations
from bot.reports.culture_sheets import pemda_evaluation_sheet
from bot.reports.period import Period, semester_of, week_of
from bot.reports.ports import SentReports
from bot.reports.workbook import pemda_workbook
from bot.texts import reports as report_texts

log = logging.getLogger(__name__)

WEEKLY, SEMESTER = "weekly", "semester"
SEMESTER_CATCH_UP = timedelta(days=7)


class Outbox(Protocol):
    """How reports leave the bot (implemented with the Telegram bot by the job)."""

    async def text(self, chat_id: int, html: str) -> None: ...
    async def photo(self, chat_id: int, png: bytes, caption: str) -> None: ...
    async def document(self, chat_id: int, data: bytes, filename: str, caption: str) -> None: ...


@dataclass(frozen=True)
class ReportContext:
    sources: ReportSources
    org: ReportRecipients
    log: SentReports
    content: ContentPack
    value_set: ValueSet
    zone: ZoneInfo
    digest_time: time
    semester_time: time
    min_people: int


def weekly_due(today: date, local_time: time, first_working_day: date | None, at: time) -> bool:
    """The digest goes out on the week's first working day, from ``at`` until midnight (a
    restart that day still sends it; a digest of a week long gone is not worth sending)."""
    return today == first_working_day and local_time >= at


def semester_due(today: date, local_time: time, at: time) -> Period | None:
    """The semester that just ended, from ``at`` on the day after its last day, or in the
    week after that (a bot that was down catches up)."""
    previous = semester_of(today).previous()
    late = today - previous.end
    if late > SEMESTER_CATCH_UP or (late == timedelta(days=1) and local_time < at):
        return None
    return previous


async def send_scheduled_reports(ctx: ReportContext, outbox: Outbox, now: datetime) -> int:
    """Send whatever digest or semester report is due and not yet sent; returns how many."""
    local = now.astimezone(ctx.zone)
    today, clock = local.date(), local.time()
    sent = 0
    calendar = await ctx.sources.calendar.calendar()
    week = week_of(today)
    working = calendar.working_days(week.start, week.end)
    if weekly_due(today, clock, working[0] if working else None, ctx.digest_time):
        sent += await _weekly(ctx, outbox, week.previous(), today, now)
    semester = semester_due(today, clock, ctx.semester_time)
    if semester is not None:
        sent += await _semester(ctx, outbox, semester, today, now)
    return sent


async def _weekly(
    ctx: ReportContext, outbox: Outbox, period: Period, today: date, now: datetime
) -> int:
    done = await ctx.log.sent(WEEKLY, period.key)
    count = 0
    for unit in await ctx.org.units():
        ketua = [
            p
            for p in await ctx.org.unit_leaders(unit.id, [KbkRole.KETUA])
            if p.registered and p.id not in done
        ]
        if not ketua:
            continue
        summary = await build_kbk_summary(
            ctx.sources, ctx.content, ctx.value_set, unit, period, today, ctx.min_people
        )
        chart = await asyncio.to_thread(kbk_chart, summary)
        for person in ketua:
            assert person.telegram_user_id is not None
            await outbox.text(person.telegram_user_id, report_texts.weekly_digest_intro(summary))
            await outbox.photo(
                person.telegram_user_id, chart, report_texts.kbk_chart_caption(summary)
            )
            await ctx.log.record(WEEKLY, period.key, person.id, now)
            count += 1
    return count


async def _semester(
    ctx: ReportContext, outbox: Outbox, period: Period, today: date, now: datetime
) -> int:
    # The unit's own report is the head's, approved in the chat (bot.semester); here the
    # Pemda gets every unit's figures side by side.
    done = await ctx.log.sent(SEMESTER, period.key)
    count = 0
    units = await ctx.org.units()
    pemda = [
        p
        for role in (PemdaRole.SEKDA, PemdaRole.ADMIN)
        for p in await ctx.org.pemda_people(role)
        if p.registered and p.id not in done
    ]
    if pemda:
        summaries = [
            await build_kbk_summary(
                ctx.sources, ctx.content, ctx.value_set, unit, period, today, ctx.min_people
            )
            for unit in units
        ]
        rows = await build_pemda_rows(ctx.sources, units, period, today, ctx.min_people)
        extra = []
        if ctx.sources.culture is not None:
            evaluations = await build_pemda_evaluations(
                ctx.sources.culture, units, period, today, ctx.min_people
            )
            extra.append(pemda_evaluation_sheet(evaluations))
        workbook = await asyncio.to_thread(
            pemda_workbook,
            rows,
            period,
            ctx.value_set.legal_basis,
            summaries,
            semester=True,
            extra=extra,
        )
        for person in pemda:
            assert person.telegram_user_id is not None
            await outbox.document(
                person.telegram_user_id,
                workbook,
                f"laporan-semester-pemda-{period.key}.xlsx",
                report_texts.semester_intro(
                    "semua unit", period, ctx.value_set.legal_basis, pemda=True
                ),
            )
            await ctx.log.record(SEMESTER, period.key, person.id, now)
            count += 1
    if count:
        log.info("sent %d semester reports for %s", count, period.key)
    return count
