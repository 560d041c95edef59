"""The semester report's draft in the chat: whoever prepares it (the head; without one on the
bot, the Ketua; for the Pemda's summary, the Tim or Bagian Organisasi) writes the obstacles
and the follow-up, previews the workbook and approves it. The job of
:mod:`bot.semester.job` drafts and delivers; the narrative is typed through the input router
(feature ``semester``)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update

from bot.handlers import callback_data
from bot.handlers.awaiting import cancel_prompt, stop_waiting, wait_for
from bot.handlers.context import Context
from bot.handlers.presses import pressed, refuse_stale
from bot.org.models import Person
from bot.reports.period import Period, parse_key
from bot.schedule.local import local_date
from bot.semester.build import Inputs, unit_report, unit_workbook
from bot.semester.job import Draft, may_prepare
from bot.semester.models import MAX_NARRATIVE, Scope, SemesterReport
from bot.storage.pending_inputs import PendingInput
from bot.texts import semester as texts

log = logging.getLogger(__name__)

FEATURE = "semester"
PREFIX, VERSION = "sm", 1
OBSTACLES, FOLLOW_UP, PREVIEW, APPROVE, CANCEL = "o", "f", "p", "a", "x"
_FIELDS = {OBSTACLES: "obstacles", FOLLOW_UP: "follow_up"}


@dataclass(frozen=True)
class Press:
    action: str
    report_id: int


def parse(data: str | None) -> Press | None:
    parts = callback_data.parse(data, PREFIX, VERSION, 2)
    if parts is None or parts[0] not in (OBSTACLES, FOLLOW_UP, PREVIEW, APPROVE, CANCEL):
        return None
    if not parts[1].isdigit() or len(parts[1]) > 12:
        return None
    return Press(parts[0], int(parts[1]))


def _button(text: str, action: str, report_id: int) -> InlineKeyboardButton:
    data = callback_data.make(PREFIX, VERSION, action, str(report_id))
    return InlineKeyboardButton(text, callback_data=data)


def draft_keyboard(report: SemesterReport) -> InlineKeyboardMarkup | None:
    if report.approved:
        return None
    rows = [
        [_button(texts.OBSTACLES, OBSTACLES, report.id),
         _button(texts.FOLLOW_UP, FOLLOW_UP, report.id)],
        [_button(texts.APPROVE, APPROVE, report.id)],
    ]  # fmt: skip
    if report.scope is Scope.UNIT:
        rows.insert(1, [_button(texts.PREVIEW, PREVIEW, report.id)])
    return InlineKeyboardMarkup(rows)


def render_draft(context: Context, draft: Draft) -> tuple[str, InlineKeyboardMarkup | None]:
    basis = context.value_set.legal_basis
    text = texts.draft_card(
        draft.report, draft.title, draft.period, draft.figures, basis, draft.citation
    )
    return text, draft_keyboard(draft.report)


def inputs_of(context: Context) -> Inputs:
    settings = context.settings
    return Inputs(
        context.reports,
        context.semester_reports,
        context.content,
        context.value_set,
        settings.tz,
        settings.report_min_people,
    )


def _roles(context: Context) -> tuple[str, ...]:
    return context.value_set.legal_basis.duties.pemda_report.prepared_by


async def _draft_of(context: Context, report: SemesterReport, period: Period) -> Draft:
    basis = context.value_set.legal_basis
    if report.scope is Scope.PEMDA:
        return Draft(report, "Pemda", period, [], basis.duties.pemda_report)
    unit = await context.org.unit(report.unit_id or 0)
    assert unit is not None
    today = local_date(context.clock.now(), context.settings.tz)
    content = await unit_report(inputs_of(context), unit, period, today)
    return Draft(
        report, content.summary.kbk_name, period, content.figures(), basis.duties.semester_report
    )


async def _own(context: Context, person: Person, report_id: int) -> SemesterReport | None:
    report = await context.semester_reports.get(report_id)
    if report is None or not may_prepare(person, report, _roles(context)):
        return None
    return report


async def semester_callback(update: Update, context: Context) -> None:
    """Write the obstacles or the follow-up, preview the workbook, approve, cancel."""
    pressing = await pressed(update, context, FEATURE, parse)
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    chat = person.telegram_user_id or 0
    if press.action == CANCEL:
        await cancel_prompt(query, context, person, FEATURE, texts.CANCELLED)
        return
    report = await _own(context, person, press.report_id)
    period = parse_key(report.period_key) if report is not None else None
    if report is None or period is None:
        log.warning("refused semester button %r from person %s", query.data, person.id)
        await query.answer(texts.NOT_YOURS, show_alert=True)
        return
    if report.approved and press.action != PREVIEW:
        await refuse_stale(update, FEATURE, "report already approved")
        return
    await query.answer()
    if press.action in _FIELDS:
        await wait_for(context, person, FEATURE, _FIELDS[press.action], report.id)
        cancel = InlineKeyboardMarkup([[_button(texts.CANCEL, CANCEL, report.id)]])
        ask = texts.ask_narrative(press.action == OBSTACLES)
        await context.bot.send_message(chat, ask, reply_markup=cancel)
        return
    if press.action == PREVIEW:
        unit = await context.org.unit(report.unit_id or 0)
        if unit is None:
            return
        today = local_date(context.clock.now(), context.settings.tz)
        content = await unit_report(inputs_of(context), unit, period, today)
        basis = context.value_set.legal_basis
        data = await asyncio.to_thread(
            unit_workbook, content, report, None, basis, today, context.settings.tz
        )
        await context.bot.send_document(
            chat, InputFile(data, filename=f"draf-laporan-semester-{period.key}.xlsx")
        )
        return
    approved = await context.semester_reports.approve(report, person.id, context.clock.now())
    if approved is None:
        return
    today = local_date(context.clock.now(), context.settings.tz)
    sends_on = max(today, period.end + timedelta(days=1))
    message = query.message
    if isinstance(message, Message):
        await message.edit_reply_markup(reply_markup=None)
    await context.bot.send_message(chat, texts.approved(period, sends_on))


async def semester_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """The obstacles or the follow-up of a draft; the draft comes back updated."""
    report = await _own(context, person, pending.ref_id or 0)
    period = parse_key(report.period_key) if report is not None else None
    if report is None or period is None or pending.kind not in _FIELDS.values():
        return False
    if not message.text:
        await message.reply_text(texts.TEXT_ONLY)
        return True
    if len(message.text) > MAX_NARRATIVE:
        await message.reply_text(texts.too_long(len(message.text)))
        return True
    written = await context.semester_reports.write(report, pending.kind, message.text.strip())
    await stop_waiting(context, person, FEATURE)
    if written is None:
        await message.reply_text(texts.ALREADY_APPROVED)
        return True
    await message.reply_text(texts.NARRATIVE_SAVED)
    text, keyboard = render_draft(context, await _draft_of(context, written, period))
    await message.reply_text(text, reply_markup=keyboard)
    return True
