"""Charts of a summary as PNG bytes (matplotlib, Agg backend, Indonesian labels).

Honest by construction: axes start at zero, counts are whole numbers, long value names are
wrapped instead of running into the next panel, percentages are written as the text writes
them, and a running period says so in its title.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on a server; pyplot is never imported

from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.reports.build import UnitRow
from bot.reports.period import Period
from bot.reports.summary import KbkSummary
from bot.texts.dates import long_date, percent
from bot.texts.reports import HIDDEN, period_label

COLOURS = {"sudah": "#2e7d32", "sebagian": "#f9a825", "belum": "#c62828"}
TOO_FEW = "terlalu sedikit data"
TREND_COLOUR = "#1565c0"
LABEL_WIDTH = 16
"""Characters per line of a value name on the axis; longer names wrap."""


def _png(figure: MplFigure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _title(name: str, period: Period, running: bool, counted_until_text: str) -> str:
    title = f"{name} · {period_label(period, running)}"
    if running:
        title += f"\ndihitung sampai {counted_until_text}; hari ini setelah berakhir"
    return title


def kbk_figure(summary: KbkSummary) -> MplFigure:
    """Participation trend (left) and, for a complete period with figures to show,
    Sudah/Sebagian/Belum per value (right)."""
    breakdown = summary.breakdown_shown
    figure = MplFigure(figsize=(11, 4.8) if breakdown else (7, 4.4), layout="constrained")
    if breakdown:
        trend_ax, values_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    else:
        trend_ax, values_ax = figure.subplots(), None
    shown = [p for p in summary.trend if p.rate.shown and p.rate.value is not None]
    if shown:
        xs = list(range(len(shown)))
        ys = [round(100 * (p.rate.value or 0.0), 1) for p in shown]
        trend_ax.plot(xs, ys, marker="o", color=TREND_COLOUR)
        trend_ax.set_xticks(xs, [p.label for p in shown], rotation=45, ha="right")
    else:
        message = "belum ada hari yang selesai" if not summary.trend else TOO_FEW
        trend_ax.text(0.5, 0.5, message, ha="center", va="center", transform=trend_ax.transAxes)
        trend_ax.set_xticks([])
    trend_ax.set_ylim(0, 100)
    trend_ax.set_ylabel("Partisipasi (%)")
    trend_ax.set_title("Tren partisipasi")
    trend_ax.grid(alpha=0.3)
    if values_ax is not None:
        _values_panel(values_ax, summary)
    until = long_date(summary.counted_until) if summary.working_days else "-"
    figure.suptitle(_title(summary.kbk_name, summary.period, summary.running, until), fontsize=11)
    return figure


def _values_panel(ax: Axes, summary: KbkSummary) -> None:
    values = [v for v in summary.values if v.prompted]
    positions = list(range(len(values)))
    left = [0] * len(values)
    for index, answer in enumerate(("sudah", "sebagian", "belum")):
        widths = [(v.cells[index].value or 0) if v.cells[index].shown else 0 for v in values]
        ax.barh(positions, widths, left=left, color=COLOURS[answer], label=answer.capitalize())
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for position, value, total in zip(positions, values, left, strict=True):
        if any(not c.shown for c in value.cells):
            ax.text(total, position, f" {HIDDEN}", va="center", fontsize=9, color="#555")
    ax.set_yticks(positions, [wrap(v.name) for v in values], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(left=0, right=max([*left, 1]) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    hidden = any(not c.shown for v in values for c in v.cells)
    note = f" ({HIDDEN} = sebagian disembunyikan)" if hidden else ""
    ax.set_xlabel(f"Jumlah jawaban{note}")
    ax.set_title("Jawaban per nilai")
    # Beside the bars, never over them.
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)


def _thousands(x: float, _: object) -> str:
    """``1.200``: the thousands dot, as the text writes numbers."""
    return f"{x:,.0f}".replace(",", ".")


def kbk_chart(summary: KbkSummary) -> bytes:
    return _png(kbk_figure(summary))


def pemda_figure(rows: list[UnitRow], period: Period, running: bool = False) -> MplFigure:
    """Participation per unit, ranked, labelled as the text labels it."""
    figure = MplFigure(figsize=(9, max(2.5, 0.5 * len(rows) + 1.2)), layout="constrained")
    ax = figure.subplots()
    names = [wrap(r.unit.name, 34) for r in rows]
    values = [
        round(100 * (r.participation.value or 0.0), 1) if r.participation.shown else 0.0
        for r in rows
    ]
    positions = list(range(len(rows)))
    ax.barh(positions, values, color="#1565c0")
    for position, row in zip(positions, rows, strict=True):
        shown = row.participation.shown and row.participation.value is not None
        label = f" {percent(row.participation.value or 0.0)}" if shown else f" {TOO_FEW}"
        ax.text(values[position], position, label, va="center", fontsize=8)
    ax.set_yticks(positions, names, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("Partisipasi (%)")
    ax.set_title(_title("Partisipasi per unit", period, running, "kemarin"), fontsize=11)
    return figure


def pemda_chart(rows: list[UnitRow], period: Period, running: bool = False) -> bytes:
    return _png(pemda_figure(rows, period, running))
