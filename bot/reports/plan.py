"""The KBK's rencana aksi in the reports: its progress in /laporan and the semester report,
and its sheet in their workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.action_plan.models import PlanItem
from bot.action_plan.progress import Progress, is_overdue, progress
from bot.reports.build import ReportSources
from bot.reports.period import Period
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

    def sheet(self, today: date) -> ExtraSheet:
        return plan_sheet(self.items, today)


async def unit_plan(
    src: ReportSources, unit_id: int, period: Period, today: date
) -> PlanSection | None:
    """The unit's rencana aksi of the period's year (None when reports leave it out)."""
    if src.plans is None:
        return None
    year = period.start.year
    items = await src.plans.of_unit(unit_id, year)
    return PlanSection(tuple(items), progress(items, year, today))
