"""The tornado chart of a sweep: how much each variant moves FOC, largest effect on top.

Each variant is a bar from 0 to its mean per-run difference from the base (variant minus base, in
days: right is later, left is earlier), with a whisker over the P10-P90 of that difference across
runs. With common random numbers the per-run difference is the change's own effect, so a short
whisker means the effect is the same in almost every run. Bars are coloured by direction and also
labelled in text (colour is never the only cue).

    >>> from pkforce.charts.tornado import tornado_chart          # doctest: +SKIP
    >>> save_figure(tornado_chart(sweep(base)), "tornado.svg")    # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..i18n import _, language
from . import style
from .style import N_

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.sweep import SweepResult

__all__ = ["tornado_chart"]

WIDTH = 9.0
ROW = 0.42
LATER = style.OKABE_ITO["vermillion"]
EARLIER = style.OKABE_ITO["blue"]


def _rows(result: SweepResult) -> list[tuple[str, float, float, float]]:
    """(name, mean, p10, p90) per variant, largest absolute effect first (unreached: left out)."""
    rows = []
    for case in result.variants:
        d = case.difference
        if d is None or not np.isfinite(d.mean):
            continue
        rows.append((case.name, d.mean, d.p10, d.p90))
    rows.sort(key=lambda r: (-abs(r[1]), r[0]))
    return rows


TARGET_LABELS = (N_("FOC"), N_("whole force in theatre"))
"""the sweep's targets as the chart names them (:attr:`SweepResult.target_label`)"""


def tornado_chart(result: SweepResult, *, title: str | None = None, lang: str = "en") -> Figure:
    """The variants' effect on the sweep's target date (FOC, or the whole force in theatre), its
    text in `lang` (``en`` or ``ru``)."""
    with language(lang):
        return _tornado(result, title)


def _tornado(result: SweepResult, title: str | None) -> Figure:
    from matplotlib.figure import Figure

    rows = _rows(result)
    base = result.base
    target = _(result.target_label)
    with style.chart_style():
        subtitle = [
            _(
                "Effect of each variant on the %(target)s: mean difference from the base per run (days), "
                "whisker P10-P90 across runs"
            )
            % {"target": target},
            (_("Common random numbers") if result.common_random_numbers else _("Independent random numbers"))
            + "; "
            + _("%(n)s variant(s); right: later, left: earlier") % {"n": len(result.variants)},
        ]
        title = title or _("What moves the %(target)s: %(scenario)s") % {
            "target": target,
            "scenario": style.scenario_name(base.scenario),
        }
        head = style.header_height(title, subtitle, WIDTH)  # the title drawn (it was the bare name's)
        plot_h = max(1, len(rows)) * ROW + 0.8
        fig = Figure(figsize=(WIDTH, head + plot_h + style.FOOTER_HEIGHT), dpi=100)
        y = style.draw_header(fig, title, subtitle)
        style.draw_caption(fig, style.caption(base.scenario, seed=result.seed, runs=result.runs))
        left = 2.6
        ax = style.add_axes_inches(fig, left, y - plot_h + 0.35, WIDTH - left - 0.5, plot_h - 0.6)
        if not rows:
            ax.text(
                0.5,
                0.5,
                _("no variant reaches the date in the runs: nothing to compare"),
                ha="center",
                va="center",
                transform=ax.transAxes,
                color=style.MUTED,
            )
            ax.set_axis_off()
            return fig
        ys = np.arange(len(rows))[::-1]
        for yy, (name, mean, lo, hi) in zip(ys, rows, strict=True):
            colour = LATER if mean > 0 else EARLIER
            ax.barh(
                yy, mean, height=0.6, color=colour, hatch="//" if mean > 0 else "", edgecolor="white", gid=f"bar-{name}"
            )
            ax.plot([lo, hi], [yy, yy], color=style.INK, linewidth=1)
            ax.plot([lo, lo], [yy - 0.15, yy + 0.15], color=style.INK, linewidth=1)
            ax.plot([hi, hi], [yy - 0.15, yy + 0.15], color=style.INK, linewidth=1)
            if not (mean >= 0.05 or mean <= -0.05):
                text = _("no change")
            else:
                days = f"{mean:+.1f}".replace(".", "," if style.lang() == "ru" else ".")
                text = (_("%(days)s d (later)") if mean > 0 else _("%(days)s d (earlier)")) % {"days": days}
            ax.annotate(
                text,
                (max(hi, mean, 0), yy),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.axvline(0, color=style.INK, linewidth=1)
        ax.set_yticks(ys, [r[0] for r in rows])
        lo = min(min(r[2] for r in rows), 0.0)
        hi = max(max(r[3] for r in rows), 0.0)
        span = max(hi - lo, 1.0)
        ax.set_xlim(lo - 0.05 * span, hi + 0.35 * span)
        ax.set_xlabel(_("days, variant minus base (%(target)s)") % {"target": target})
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig
