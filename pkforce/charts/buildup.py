"""The build-up chart: personnel in theatre over time, from the simulator.

The top panel shows the whole force: the median over the runs (a line) and the band between the
10th and 90th percentiles (P10-P90: in 8 runs out of 10 the strength lies inside it), with the
Council decision, initial and full operational capability (IOC, FOC: their median as a line and
their P10-P90 spread as a shaded span) and the trainer's injects. Below it, one small panel per
category (or contributing state) with its own band, each personnel requirement of the mandate as
a level and its deadline, and the share of runs in which it was met by then. A table of every
requirement ends the chart.

Percentiles do not add up (the median of the total is not the sum of the medians), which is why
groups get panels of their own instead of a stack.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from ..scenario.vocab import MULTINATIONAL
from . import style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario.model import Inject, Scenario
    from ..simulation import SimulationResult

__all__ = ["buildup_chart", "inject_day", "inject_marker", "inject_text", "simulation_of"]

WIDTH = 10.5
TOP_H = 3.0
PANEL_H = 1.55
PANEL_COLS = 3
LABEL_SIZE = 7.5
DECISION_COLOUR = "#555555"
DECISION_DASH = (0, (1.5, 1.5))
IOC_COLOUR = style.OKABE_ITO["blue"]
FOC_COLOUR = style.OKABE_ITO["vermillion"]
INJECT_COLOUR = "#7a3d6b"
"""reddish purple, darkened for thin lines and text"""


def simulation_of(
    source: Scenario | SimulationResult, runs: int | None, seed: int | None
) -> SimulationResult:
    """`source` if it is a result, else a simulation of the scenario (``runs``/``seed``: its defaults)."""
    from ..scenario.model import Scenario

    if not isinstance(source, Scenario):
        return source
    from ..simulation import simulate

    return simulate(source, runs=runs, seed=seed)


def inject_day(scenario: Scenario, inject: Inject) -> float | None:
    """The day an inject acts on (its `day`, or its `date` from the start)."""
    if inject.day is not None:
        return float(inject.day)
    if inject.date is not None:
        return scenario.day_of(inject.date)
    return None


def inject_text(inject: Inject) -> str:
    unit = inject.unit if isinstance(inject.unit, str) else inject.unit.id
    what = {"withdraw": f"withdraw {unit}", "delay": f"delay {unit}", "reinforce": f"reinforce with {unit}"}
    text = what.get(inject.action, f"{inject.action} {unit}")
    if inject.action == "delay" and inject.duration is not None:
        text += f" by {inject.duration.days:g} d"
    if inject.note:
        text += f": {inject.note}"
    return text


def inject_marker(
    ax: Axes, x: float, y: float, number: int, *, va: str = "center", size: float = 7.0
) -> None:
    """The numbered circle that marks an inject (white on reddish purple)."""
    ax.text(
        x,
        y,
        str(number),
        ha="center",
        va=va,
        fontsize=size,
        fontweight="bold",
        color="white",
        zorder=6,
        clip_on=False,
        bbox={"boxstyle": "circle,pad=0.25", "facecolor": INJECT_COLOUR, "edgecolor": "none"},
    )


def _finite(x: float) -> bool:
    return math.isfinite(x)


def _span_text(p: Any) -> str:
    """``D+8 (D+7 to D+10)``, or ``not reached`` / with the share of runs that reach it."""
    if not _finite(p.p50):
        return (
            f"not reached within the horizon ({p.reached:.0%} of runs reach it)"
            if p.reached
            else "not reached within the horizon"
        )
    text = style.day_label(round(p.p50, 1))
    if _finite(p.p90) and p.p90 - p.p10 > 1e-6:
        text += f" (P10–P90 {style.day_label(round(p.p10, 1))} to {style.day_label(round(p.p90, 1))})"
    elif not _finite(p.p90):
        text += f" (P90 beyond the horizon; {p.reached:.0%} of runs reach it)"
    return text


def _mark_date(ax: Axes, p: Any, colour: str, linestyle: Any, label: str) -> None:
    if not _finite(p.p50):
        ax.plot([], [], color=colour, linestyle=linestyle, linewidth=1.4, label=label)
        return
    if _finite(p.p10) and p.p90 - p.p10 > 1e-6:
        hi = p.p90 if _finite(p.p90) else ax.get_xlim()[1]
        ax.axvspan(p.p10, hi, color=colour, alpha=0.10, linewidth=0, zorder=0.5)
    ax.axvline(p.p50, color=colour, linestyle=linestyle, linewidth=1.4, zorder=2.5, label=label)


def _personnel_axis(ax: Axes, top: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_ylim(0, max(top, 1.0) * 1.08)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="y", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def buildup_chart(
    source: Scenario | SimulationResult,
    *,
    by: Literal["category", "nation"] = "category",
    runs: int | None = None,
    seed: int | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the build-up chart (see the module docstring)."""
    if by not in ("category", "nation"):
        raise ValueError(f"by must be `category` or `nation`, not `{by}`")
    result = simulation_of(source, runs, seed)
    with style.chart_style():
        return style.finish(_draw(result, by, title))


def _draw(result: SimulationResult, by: Literal["category", "nation"], title: str | None) -> Figure:
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    scenario = result.scenario
    times = np.asarray(result.times, dtype=float)
    horizon = float(result.horizon)
    total = result.series("total")["total"]
    groups = result.series(by)
    dates = result.key_dates()
    if by == "category":
        names = [g for g in style.ordered_categories(list(groups)) if g is not None]
        colours = {g: style.category_colour(g) for g in names}
        labels = {g: style.category_label(g) for g in names}
    else:
        names = list(groups)
        colours = {g: c for g, (c, _) in style.nation_colours(names).items()}
        names = [g for g in names if g != MULTINATIONAL] + [g for g in names if g == MULTINATIONAL]
        labels = {g: style.nation_label(g, scenario, long=True) for g in names}
    outcomes = list(result.requirements)
    by_group: dict[str, list[Any]] = {g: [] for g in names}
    if by == "category":
        for o in outcomes:
            cat = o.requirement.category
            if cat in by_group and o.personnel_required is not None:
                by_group[cat].append(o)

    injects = [(inject_day(scenario, i), i) for i in scenario.injects]
    injects = [(d, i) for d, i in injects if d is not None and 0 <= d <= horizon]
    injects.sort(key=lambda di: di[0] if di[0] is not None else 0.0)

    title = title or f"Build-up in theatre: {style.scenario_name(scenario)}"
    runs_text = (
        "one deterministic run (every random duration at its mode)"
        if result.deterministic
        else f"{result.runs:,} runs: median line, P10–P90 band"
    )
    subtitle = [
        f"Personnel in theatre (a unit counts once its last member has arrived) · {runs_text} · "
        f"by {'unit category' if by == 'category' else 'contributing state'}"
    ]
    cap = style.caption(scenario, seed=result.seed, runs=result.runs, deterministic=result.deterministic)

    rows = math.ceil(len(names) / PANEL_COLS) if names else 0
    one_run = result.deterministic or result.runs == 1
    req_lines = [_requirement_line(o, one_run) for o in outcomes]
    inj_lines = [
        f"{k}  {style.day_label(round(d or 0.0, 2))}  {inject_text(i)}" for k, (d, i) in enumerate(injects, 1)
    ]
    text_lines = len(req_lines) + len(inj_lines) + (1 if req_lines else 0) + (1 if inj_lines else 0)
    head_h = style.header_height(title, subtitle, WIDTH)
    legend_rows = 2
    legend_h = legend_rows * 0.19 + 0.12
    top_block = 0.3 + TOP_H + 0.62
    section_h = 0.5
    row_h = 0.42 + PANEL_H + 0.42
    text_h = text_lines * style.line_height(LABEL_SIZE) * 1.25 + (0.3 if text_lines else 0.0)
    height = (
        head_h
        + legend_h
        + top_block
        + (section_h + rows * row_h if names else 0.0)
        + text_h
        + style.FOOTER_HEIGHT
    )

    fig = style.new_figure(WIDTH, height)
    y = style.draw_header(fig, title, subtitle)
    style.draw_caption(fig, cap)
    left, right = 0.95, style.PAGE_MARGIN
    axis_w = WIDTH - left - right
    legend_top = y

    # Top panel: the whole force.
    y -= legend_h + 0.3
    ax = style.add_axes_inches(fig, left, y - TOP_H, axis_w, TOP_H)
    ax.set_title("All personnel in theatre", fontsize=9, loc="left", pad=5)
    band_colour = "#4d4d4d"
    ax.fill_between(
        times,
        total.p10,
        total.p90,
        color=band_colour,
        alpha=0.18,
        linewidth=0,
        label="P10–P90",
        step="post",
        gid="band-total",
    )
    ax.plot(times, total.p50, color=style.INK, linewidth=1.8, drawstyle="steps-post", gid="median-total")
    style.time_axis(ax, scenario, 0.0, horizon)
    _personnel_axis(ax, float(np.nanmax(total.p90)) if total.p90.size else 1.0)
    ax.set_ylabel("Personnel")
    _mark_date(
        ax,
        dates["decision"],
        DECISION_COLOUR,
        DECISION_DASH,
        f"Council decision {_span_text(dates['decision'])}",
    )
    _mark_date(ax, dates["ioc"], IOC_COLOUR, (0, (5, 2)), f"IOC {_span_text(dates['ioc'])}")
    _mark_date(ax, dates["foc"], FOC_COLOUR, (0, (6, 2, 1.5, 2)), f"FOC {_span_text(dates['foc'])}")
    ymax = ax.get_ylim()[1]
    seen: dict[float, int] = {}
    for k, (d, _) in enumerate(injects, 1):
        assert d is not None
        level = seen.get(round(d, 3), 0)
        seen[round(d, 3)] = level + 1
        ax.axvline(d, color=INJECT_COLOUR, linewidth=0.9, linestyle=(0, (3, 2)), zorder=2, gid=f"inject-{k}")
        inject_marker(ax, d, ymax * (0.97 - 0.09 * level), k, va="top")
    entries: list[tuple[Any, str]] = [
        (Line2D([], [], color=style.INK, linewidth=1.8), "Personnel in theatre" if one_run else "Median"),
        (Patch(facecolor=band_colour, alpha=0.18), "P10–P90"),
        (
            Line2D([], [], color=DECISION_COLOUR, linestyle=DECISION_DASH, linewidth=1.2),
            f"Council decision {_span_text(dates['decision'])}",
        ),
        (
            Line2D([], [], color=IOC_COLOUR, linestyle=(0, (5, 2)), linewidth=1.4),
            f"IOC {_span_text(dates['ioc'])}",
        ),
        (
            Line2D([], [], color=FOC_COLOUR, linestyle=(0, (6, 2, 1.5, 2)), linewidth=1.4),
            f"FOC {_span_text(dates['foc'])}",
        ),
    ]
    if one_run:
        entries.pop(1)
    if injects:
        entries.append(
            (
                Line2D([], [], color=INJECT_COLOUR, linewidth=0.9, linestyle=(0, (3, 2))),
                "Inject (numbered, listed below)",
            )
        )
    entries = style.row_major(entries, 3)
    fig.legend(
        [h for h, _ in entries],
        [t for _, t in entries],
        loc="upper left",
        bbox_to_anchor=(left / WIDTH, legend_top / height),
        ncol=3,
        frameon=False,
        fontsize=7,
        handlelength=2.4,
        columnspacing=1.8,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    y -= TOP_H + 0.62

    # One panel per group.
    pw = (axis_w - (PANEL_COLS - 1) * 0.45) / PANEL_COLS
    if names:
        y -= section_h
        fig.text(
            left,
            y + 0.12,
            f"By {'unit category' if by == 'category' else 'contributing state'}",
            transform=fig.dpi_scale_trans,
            fontsize=9,
            fontweight="bold",
            va="baseline",
        )
        handles2 = [
            Patch(facecolor="#bbbbbb", alpha=0.6, label="P10–P90"),
            Line2D([], [], color=style.INK, linewidth=1.6, label="Personnel" if one_run else "Median"),
        ]
        if one_run:
            handles2.pop(0)
        if any(by_group.values()):
            handles2 += [
                Line2D(
                    [], [], color=style.INK, linewidth=0.9, linestyle=(0, (4, 2)), label="Required strength"
                ),
                Line2D(
                    [], [], color=style.INK, marker="D", markersize=4.5, linestyle="none", label="Deadline"
                ),
            ]
        fig.legend(
            handles=handles2,
            loc="lower right",
            bbox_to_anchor=((WIDTH - right) / WIDTH, (y + 0.06) / height),
            ncol=len(handles2),
            frameon=False,
            fontsize=7,
            borderaxespad=0.0,
            borderpad=0.0,
        )
    for i, g in enumerate(names):
        r, c = divmod(i, PANEL_COLS)
        x0 = left + c * (pw + 0.45)
        y0 = y - r * row_h - 0.42 - PANEL_H
        pax = style.add_axes_inches(fig, x0, y0, pw, PANEL_H)
        band = groups[g]
        colour = colours[g]
        pax.fill_between(
            times, band.p10, band.p90, color=colour, alpha=0.30, linewidth=0, step="post", gid=f"band-{g}"
        )
        pax.plot(
            times,
            band.p50,
            color=style.line_colour(colour),
            linewidth=1.6,
            drawstyle="steps-post",
            gid=f"median-{g}",
        )
        ceiling = float(np.nanmax(band.p90)) if band.p90.size else 1.0
        for o in by_group[g]:
            required = float(o.personnel_required or 0.0)
            ceiling = max(ceiling, required)
            pax.axhline(required, color=style.INK, linewidth=0.9, linestyle=(0, (4, 2)), zorder=3)
            if o.has_deadline:
                pax.plot(
                    [o.deadline],
                    [required],
                    marker="D",
                    markersize=4.5,
                    color=style.INK,
                    zorder=4,
                    gid=f"deadline-{g}",
                )
                pax.axvline(o.deadline, color=style.INK, linewidth=0.6, linestyle=(0, (1, 1.5)), zorder=3)
        style.time_axis(pax, scenario, 0.0, horizon, label=False, most=5)
        pax.tick_params(axis="x", labelsize=6.5)
        pax.tick_params(axis="y", labelsize=6.5)
        _personnel_axis(pax, ceiling)
        sub = "; ".join(_short_requirement(o, one_run) for o in by_group[g])
        pax.set_title(style.fit(labels[g], pw, 8), fontsize=8, loc="left", pad=15 if sub else 4)
        if sub:
            pax.text(
                0,
                1.03,
                style.wrap_text(sub, pw * 72.0, 6.5, max_lines=1)[0],
                transform=pax.transAxes,
                fontsize=6.5,
                color=style.MUTED,
                va="bottom",
                ha="left",
            )
    if names:
        y -= rows * row_h

    # Requirements and injects as text.
    step = style.line_height(LABEL_SIZE) * 1.25
    y -= 0.2
    for heading, lines in (("Requirements of the mandate", req_lines), ("Injects", inj_lines)):
        if not lines:
            continue
        y -= step
        fig.text(
            style.PAGE_MARGIN,
            y,
            heading,
            transform=fig.dpi_scale_trans,
            fontsize=8.5,
            fontweight="bold",
            va="baseline",
        )
        for line in lines:
            y -= step
            fig.text(
                style.PAGE_MARGIN + 0.1,
                y,
                style.wrap_text(line, (WIDTH - 2 * style.PAGE_MARGIN - 0.1) * 72.0, LABEL_SIZE, max_lines=1)[
                    0
                ],
                transform=fig.dpi_scale_trans,
                fontsize=LABEL_SIZE,
                va="baseline",
            )
    return fig


def _share(p: float, one_run: bool) -> str:
    """``in 87% of runs``; for a single run ``met`` or ``not met`` says it all."""
    return "" if one_run else f" in {p:.0%} of runs"


def _met(p: float, one_run: bool) -> str:
    return ("met" if p >= 0.5 else "not met") if one_run else "met"


def _short_requirement(o: Any, one_run: bool = False) -> str:
    text = f"required {o.personnel_required:,.0f}"
    if o.has_deadline:
        p = o.p_met_by_deadline
        text += f" by {style.day_label(round(o.deadline, 2))}: {_met(p, one_run)}{_share(p, one_run)}"
    else:
        p = o.p_met_at_horizon
        text += f": {_met(p, one_run)} at the horizon{_share(p, one_run)}"
    return text


def _requirement_line(o: Any, one_run: bool = False) -> str:
    r = o.requirement
    what = (
        style.category_label(r.category)
        if r.category
        else (r.capability or "?").replace("_", " ").capitalize() + " (capability)"
    )
    need = []
    if r.personnel is not None:
        need.append(f"{r.personnel:,} personnel")
    if r.units is not None:
        need.append(f"{r.units:,} unit{'s' if r.units != 1 else ''}")
    text = f"{what}: {' and '.join(need) or 'nothing'}"
    if o.has_deadline:
        p = o.p_met_by_deadline
        text += (
            f" by {style.day_label(round(o.deadline, 2))} — {_met(p, one_run)} by then{_share(p, one_run)}"
        )
    else:
        p = o.p_met_at_horizon
        text += f" — {_met(p, one_run)} at the horizon{_share(p, one_run)}"
    fm = o.first_met
    if _finite(fm.p50):
        text += f"; first met {_span_text(fm)}"
    shortfall = []
    median = "" if one_run else "median "
    if o.shortfall_personnel:
        shortfall.append(f"{o.shortfall_personnel:,.0f} personnel")
    if o.shortfall_units:
        shortfall.append(f"{o.shortfall_units:,.0f} units")
    if shortfall:
        text += f"; {median}shortfall at the horizon {' and '.join(shortfall)}"
    return text
