"""The KBK's rencana aksi in the reports: its progress in /laporan and the semester report,
and its sheet in their workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.action_plan.models import PlanItem
from bot.action_plan.progress import Progress, is_overdue, progress
from bot.reports.build import ReportSources
from bot.reports.summary import KbkSummary
from bot.reports.workbook import Cell, ExtraSheet
from bot.texts.action_plan import STATUS_LABELS, month_name

PLAN_HEADER = ("Tahun", "Bulan", "Kegiatan", "Target", "Pelaksana", "Indikator", "Status",
               "Bukti", "Lewat bulannya")  # fmt: skip


def plan_sheet(items: Sequence[PlanItem], today: date) -> ExtraSheet:
    rows: list[tuple[Cell, ...]] = [
        (item.year, month_name(item.month), item.activity, item.target, item.owner_name or "-",
         item.indicator, STATUS_LABELS[item.status], item.evidence,
         "ya" if is_overdue(item, today) else "")
        for item in items
    ]  # fmt: skip
    return ExtraSheet("Rencana Aksi", PLAN_HEADER, rows)


@dataclass(frozen=True)
class PlanSection:
    items: tuple[PlanItem, ...]
    progress: Progress
    """Overdue as of the day after the last day counted: a month is late once it is over."""
    after: date
    running: bool

    def sheet(self) -> ExtraSheet:
        return plan_sheet(self.items, self.after)


async def unit_plan(src: ReportSources, unit_id: int, summary: KbkSummary) -> PlanSection | None:
    """The unit's rencana aksi of the year of the last day counted, overdue as of the end of
    that day (None when reports leave it out). Items are not people: no threshold applies."""
    if src.plans is None:
        return None
    year = summary.counted_until.year
    after = summary.counted_until + timedelta(days=1)
    items = await src.plans.of_unit(unit_id, year)
    return PlanSection(tuple(items), progress(items, year, after), after, summary.running)
