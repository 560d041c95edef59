"""/laporan: a KBK's summary for its leaders, or every unit for the Pemda (text, chart, xlsx)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot import permissions, texts
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of, query_of
from bot.handlers.presses import parsed, refuse_stale
from bot.handlers.replies import reply_in_chunks
from bot.org.models import KbkRole, Person
from bot.reports.activities import ActivitySection, unit_activities
from bot.reports.build import build_kbk_summary, build_pemda_rows
from bot.reports.chart import kbk_chart, pemda_chart
from bot.reports.culture import CultureSection, build_culture, build_pemda_evaluations
from bot.reports.culture_sheets import culture_sheets, pemda_evaluation_sheet
from bot.reports.period import Period, PeriodError, PeriodKind, parse_key, parse_period
from bot.reports.plan import unit_plan
from bot.reports.summary import KbkSummary
from bot.reports.workbook import kbk_workbook, pemda_workbook
from bot.schedule.local import local_date
from bot.texts import action_plan as plan_texts
from bot.texts import activities as activity_texts
from bot.texts import appreciation as appreciation_texts
from bot.texts import evaluation as evaluation_texts
from bot.texts import kbk_setup as setup_texts
from bot.texts import reports as report_texts

log = logging.getLogger(__name__)

FEATURE = "lap"
VERSION = 1
KBK, PEMDA = "k", "p"


def _today(context: Context) -> date:
    return local_date(context.clock.now(), context.settings.tz)


def _xlsx_button(scope: str, period: Period) -> InlineKeyboardMarkup:
    data = callback_data.make(FEATURE, VERSION, scope, period.key)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(report_texts.XLSX_BUTTON, callback_data=data)]]
    )


async def laporan_cmd(update: Update, context: Context) -> None:
    """``/laporan [minggu|bulan|semester [ini]|DD-MM-YYYY DD-MM-YYYY]`` or ``/laporan pemda``."""
    words = [w.lower() for w in (context.args or [])]
    pemda = bool(words) and words[0] == "pemda"
    access = await gate(update, context, "laporan pemda" if pemda else "laporan")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    try:
        period = parse_period(words[1:] if pemda else words, _today(context))
    except PeriodError as error:
        await message.reply_text(report_texts.bad_period(str(error)))
        return
    await context.bot.send_chat_action(message.chat_id, "upload_photo")
    if pemda:
        await _send_pemda(update, context, period)
    else:
        await _send_kbk(update, context, person, period, default=not words)


async def _kbk_summary(context: Context, person: Person, period: Period) -> KbkSummary:
    unit = await context.org.unit(person.unit_id)
    assert unit is not None
    return await build_kbk_summary(
        context.reports,
        context.content,
        context.value_set,
        unit,
        period,
        _today(context),
        context.settings.report_min_people,
    )


async def _culture(context: Context, unit_id: int, summary: KbkSummary) -> CultureSection | None:
    """The self-assessment and Role Model sections (bot.reports.culture), if wired in."""
    src = context.reports.culture
    if src is None:
        return None
    min_people = context.settings.report_min_people
    return await build_culture(
        src, unit_id, summary.period, _today(context), min_people, summary.registered
    )


async def _activities(
    context: Context, unit_id: int, summary: KbkSummary
) -> ActivitySection | None:
    """The KBK's activities, pledges and innovation proposals of the period."""
    settings = context.settings
    return await unit_activities(
        context.reports, unit_id, summary, settings.tz, settings.report_min_people
    )


async def _send_kbk(
    update: Update, context: Context, person: Person, period: Period, *, default: bool
) -> None:
    message = message_of(update)
    summary = await _kbk_summary(context, person, period)
    names = None
    if context.settings.report_show_names and summary.not_checked_in_today.shown:
        # Only in a running period, about today: who may still be reminded.
        names = await context.reports.reports.not_checked_in_names(person.unit_id, _today(context))
    intro = report_texts.report_intro(summary) if default else ""
    lines = [intro + report_texts.kbk_summary(summary, names)]
    culture = await _culture(context, person.unit_id, summary)
    if culture is not None:
        lines += evaluation_texts.report_section(
            culture.evaluations, context.content.evaluasi, culture.open_windows
        )
        lines += appreciation_texts.report_section(culture.role_models)
    plan = await unit_plan(context.reports, person.unit_id, summary)
    if plan is not None:
        lines += plan_texts.report_section(plan.progress, running=plan.running)
    held = await _activities(context, person.unit_id, summary)
    if held is not None:
        lines += activity_texts.report_section(held)
    heads = await context.org.unit_leaders(person.unit_id, [KbkRole.PENANGGUNG_JAWAB])
    if heads:
        lines.append(setup_texts.role_model_line(heads[0], context.value_set.legal_basis))
    await reply_in_chunks(message, lines)
    chart = await asyncio.to_thread(kbk_chart, summary)
    await message.reply_photo(
        InputFile(chart, filename="laporan.png"),
        caption=report_texts.kbk_chart_caption(summary),
        reply_markup=_xlsx_button(KBK, period),
    )


async def _send_pemda(update: Update, context: Context, period: Period) -> None:
    message = message_of(update)
    rows = await build_pemda_rows(
        context.reports,
        await context.org.units(),
        period,
        _today(context),
        context.settings.report_min_people,
    )
    running = period.running(_today(context))
    await reply_in_chunks(message, report_texts.pemda_lines(rows, period, running))
    chart = await asyncio.to_thread(pemda_chart, rows, period, running)
    await message.reply_photo(
        InputFile(chart, filename="laporan-pemda.png"),
        caption=report_texts.pemda_chart_caption(period, running),
        reply_markup=_xlsx_button(PEMDA, period),
    )


def _parse_xlsx(data: str | None) -> tuple[str, Period] | None:
    """(KBK or PEMDA, the period) of an Excel button."""
    parts = callback_data.parse(data, FEATURE, VERSION, arity=2)
    period = parse_key(parts[1]) if parts else None
    if parts is None or period is None or parts[0] not in (KBK, PEMDA):
        return None
    return parts[0], period


async def laporan_callback(update: Update, context: Context) -> None:
    """The Excel button: the unit comes from who presses it, never from the button."""
    press = await parsed(update, FEATURE, _parse_xlsx)
    if press is None:
        return
    query = query_of(update)
    scope, period = press
    if period.kind is PeriodKind.RANGE and period.running(_today(context)):
        # Only a week, a month or a semester is ever offered while running.
        await refuse_stale(update, FEATURE, "typed range not over yet")
        return
    person = context.person
    allowed = (
        permissions.may_see_all_units(person)
        if scope == PEMDA
        else person is not None and permissions.may_see_unit(person, person.unit_id)
    )
    if not allowed or person is None:
        log.warning("refused report button %r from %s", query.data, query.from_user.id)
        await query.answer(texts.REFUSALS[permissions.Refusal.NOT_LEADER], show_alert=True)
        return
    await query.answer()
    if scope == PEMDA:
        rows = await build_pemda_rows(
            context.reports,
            await context.org.units(),
            period,
            _today(context),
            context.settings.report_min_people,
        )
        extra = []
        if context.reports.culture is not None:
            evaluations = await build_pemda_evaluations(
                context.reports.culture,
                await context.org.units(),
                period,
                _today(context),
                context.settings.report_min_people,
            )
            extra.append(pemda_evaluation_sheet(evaluations))
        basis = context.value_set.legal_basis
        running = period.running(_today(context))
        data = await asyncio.to_thread(
            pemda_workbook, rows, period, basis, running=running, extra=extra
        )
        name = f"laporan-pemda-{period.key}.xlsx"
    else:
        summary = await _kbk_summary(context, person, period)
        culture = await _culture(context, person.unit_id, summary)
        sheets = culture_sheets(culture) if culture is not None else []
        plan = await unit_plan(context.reports, person.unit_id, summary)
        if plan is not None:
            sheets.append(plan.sheet())
        held = await _activities(context, person.unit_id, summary)
        if held is not None:
            sheets.append(held.sheet(context.settings.timezone))
        basis = context.value_set.legal_basis
        data = await asyncio.to_thread(kbk_workbook, summary, basis, extra=sheets)
        name = f"laporan-kbk-{period.key}.xlsx"
    await context.bot.send_document(
        person.telegram_user_id or query.from_user.id,
        InputFile(data, filename=name),
        caption=report_texts.XLSX_CAPTION,
    )
