"""Charts of a summary as PNG bytes (matplotlib, Agg backend, Indonesian labels)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; pyplot is never imported

from matplotlib.figure import Figure as MplFigure

from bot.reports.build import UnitRow
from bot.reports.summary import KbkSummary

COLOURS = {"sudah": "#2e7d32", "sebagian": "#f9a825", "belum": "#c62828"}
TOO_FEW = "terlalu sedikit data"
TREND_COLOUR = "#1565c0"
RUNNING_NOTE = "* termasuk hari ini, yang masih berjalan"


def _png(figure: MplFigure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def kbk_chart(summary: KbkSummary) -> bytes:
    """Participation trend (left) and Sudah/Sebagian/Belum per value (right)."""
    figure = MplFigure(figsize=(11, 4.6))
    trend_ax, values_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    shown = [p for p in summary.trend if p.rate.shown and p.rate.value is not None]
    if shown:
        xs = list(range(len(shown)))
        ys = [100 * (p.rate.value or 0.0) for p in shown]
        done = [i for i, p in enumerate(shown) if not p.running]
        trend_ax.plot([xs[i] for i in done], [ys[i] for i in done], marker="o", color=TREND_COLOUR)
        labels = [p.label for p in shown]
        if shown[-1].running:
            # Today is not over: a hollow point on a dashed line, and said so below.
            tail = xs[-2:] if len(xs) > 1 else xs[-1:]
            trend_ax.plot(tail, ys[-len(tail) :], linestyle="--", color=TREND_COLOUR, alpha=0.6)
            trend_ax.plot(
                xs[-1:], ys[-1:], marker="o", markerfacecolor="white", color=TREND_COLOUR
            )
            labels[-1] += "*"
            trend_ax.annotate(
                RUNNING_NOTE, (0, -0.3), xycoords="axes fraction", fontsize=8, color="#555"
            )
        trend_ax.set_xticks(xs, labels, rotation=45, ha="right")
    else:
        trend_ax.text(0.5, 0.5, TOO_FEW, ha="center", va="center", transform=trend_ax.transAxes)
    trend_ax.set_ylim(0, 100)
    trend_ax.set_ylabel("Partisipasi (%)")
    trend_ax.set_title("Tren partisipasi")
    trend_ax.grid(alpha=0.3)

    names = [v.name for v in summary.values]
    positions = list(range(len(names)))
    left = [0.0] * len(names)
    for index, answer in enumerate(("sudah", "sebagian", "belum")):
        widths = [
            float(v.counts.value[index]) if v.counts.shown and v.counts.value else 0.0
            for v in summary.values
        ]
        values_ax.barh(
            positions, widths, left=left, color=COLOURS[answer], label=answer.capitalize()
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for position, value in zip(positions, summary.values, strict=True):
        if value.counts.withheld:
            values_ax.text(0, position, f"  {TOO_FEW}", va="center", fontsize=8, color="#555")
    values_ax.set_yticks(positions, names)
    values_ax.invert_yaxis()
    values_ax.set_xlabel("Jumlah jawaban")
    values_ax.set_title("Jawaban per nilai")
    values_ax.legend(loc="lower right", fontsize=8)
    figure.suptitle(f"{summary.kbk_name}", fontsize=12)
    return _png(figure)


def pemda_chart(rows: list[UnitRow]) -> bytes:
    """Participation per unit, ranked."""
    figure = MplFigure(figsize=(9, max(2.5, 0.45 * len(rows) + 1)))
    ax = figure.subplots()
    names = [r.unit.name for r in rows]
    values = [100 * (r.participation.value or 0.0) if r.participation.shown else 0.0 for r in rows]
    positions = list(range(len(rows)))
    ax.barh(positions, values, color="#1565c0")
    for position, row in zip(positions, rows, strict=True):
        label = f" {values[position]:.0f}%" if row.participation.shown else f" {TOO_FEW}"
        ax.text(values[position], position, label, va="center", fontsize=8)
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel("Partisipasi (%)")
    ax.set_title("Partisipasi per unit")
    return _png(figure)
