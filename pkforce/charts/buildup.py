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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..i18n import _
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
BAND_COLOUR = "#4d4d4d"
INJECT_COLOUR = "#7a3d6b"
LOSS_COLOUR = style.OKABE_ITO["vermillion"]
"""reddish purple, darkened for thin lines and text"""


def simulation_of(source: Scenario | SimulationResult, runs: int | None, seed: int | None) -> SimulationResult:
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
    unit = (
        inject.unit
        if isinstance(inject.unit, str)
        else inject.unit.id
        if inject.unit is not None
        else f"{inject.step} {inject.state}"
        if inject.state
        else str(inject.step)
    )
    what = {
        "withdraw": _("withdraw %(unit)s"),
        "delay": _("delay %(unit)s"),
        "reinforce": _("reinforce with %(unit)s"),
        "block": _("block %(unit)s"),
    }
    values = {"unit": unit, "action": inject.action}
    text = what.get(inject.action, "%(action)s %(unit)s") % values
    if inject.action == "delay" and inject.duration is not None:
        days = f"{inject.duration.days:g}"
        days = days.replace(".", ",") if style.lang() == "ru" else days
        text = _("delay %(unit)s by %(days)s d") % {**values, "days": days}
    if inject.note:
        text += f": {inject.note}"
    return text


def inject_marker(ax: Axes, x: float, y: float, number: int, *, va: str = "center", size: float = 7.0) -> None:
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
            _("not reached within the horizon (%(share)s of runs reach it)") % {"share": style.pct(p.reached)}
            if p.reached
            else _("not reached within the horizon")
        )
    text = style.day_label(round(p.p50, 1))
    if _finite(p.p90) and p.p90 - p.p10 > 1e-6:
        span = {"p10": style.day_label(round(p.p10, 1)), "p90": style.day_label(round(p.p90, 1))}
        text += " " + _("(P10–P90 %(p10)s to %(p90)s)") % span
    elif not _finite(p.p90):
        text += " " + _("(P90 beyond the horizon; %(share)s of runs reach it)") % {"share": style.pct(p.reached)}
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
    ax.yaxis.set_major_formatter(FuncFormatter(style.number_formatter()))
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


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class _Data:
    """What the chart shows, before any geometry."""

    result: SimulationResult
    by: Literal["category", "nation"]
    times: Any
    horizon: float
    total: Any
    """the P10/P50/P90 series of all personnel"""
    groups: dict[str, Any]
    dates: dict[str, Any]
    names: list[str]
    """the groups, one panel each, in order"""
    colours: dict[str, str]
    labels: dict[str, str]
    by_group: dict[str, list[Any]]
    """group -> its personnel requirements' outcomes"""
    injects: list[tuple[float, Inject]]
    one_run: bool
    req_lines: list[str]
    inj_lines: list[str]

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario


def _prepare(result: SimulationResult, by: Literal["category", "nation"]) -> _Data:
    import numpy as np

    scenario = result.scenario
    horizon = float(result.horizon)
    groups = result.series(by)
    if by == "category":
        names = [g for g in style.ordered_categories(list(groups)) if g is not None]
        colours = {g: style.category_colour(g) for g in names}
        labels = {g: style.category_label(g) for g in names}
    else:
        names = list(groups)
        colours = {g: c for g, (c, _hatch) in style.nation_colours(names).items()}
        names = [g for g in names if g != MULTINATIONAL] + [g for g in names if g == MULTINATIONAL]
        labels = {g: style.nation_label(g, scenario, long=True) for g in names}
    outcomes = list(result.requirements)
    by_group: dict[str, list[Any]] = {g: [] for g in names}
    if by == "category":
        for o in outcomes:
            cat = o.requirement.category
            if cat in by_group and o.personnel_required is not None:
                by_group[cat].append(o)
    days = [(inject_day(scenario, i), i) for i in scenario.injects]
    injects = sorted(((d, i) for d, i in days if d is not None and 0 <= d <= horizon), key=lambda di: di[0])
    one_run = result.deterministic or result.runs == 1
    return _Data(
        result=result,
        by=by,
        times=np.asarray(result.times, dtype=float),
        horizon=horizon,
        total=result.series("total")["total"],
        groups=groups,
        dates=result.key_dates(),
        names=names,
        colours=colours,
        labels=labels,
        by_group=by_group,
        injects=injects,
        one_run=one_run,
        req_lines=[_requirement_line(o, one_run) for o in outcomes],
        inj_lines=[f"{k}  {style.day_label(round(d, 2))}  {inject_text(i)}" for k, (d, i) in enumerate(injects, 1)],
    )


# --------------------------------------------------------------------------------------------------
# Geometry (inches)

LEFT = 0.95
LEGEND_H = 2 * 0.19 + 0.12
TOP_BLOCK = 0.3 + TOP_H + 0.62
SECTION_H = 0.5
ROW_H = 0.42 + PANEL_H + 0.42
PANEL_GAP = 0.45


@dataclass
class _Page:
    title: str
    subtitle: list[str]
    caption: str
    rows: int
    """rows of group panels"""
    height: float
    axis_w: float

    @property
    def panel_w(self) -> float:
        return (self.axis_w - (PANEL_COLS - 1) * PANEL_GAP) / PANEL_COLS


def _geometry(data: _Data, title: str | None) -> _Page:
    result, by = data.result, data.by
    title = title or _("Build-up in theatre: %(scenario)s") % {"scenario": style.scenario_name(data.scenario)}
    runs_text = (
        _("one deterministic run (every random duration at its mode)")
        if result.deterministic
        else _("%(runs)s: median line, P10–P90 band") % {"runs": style.runs_text(result.runs)}
    )
    subtitle = [
        _("Personnel in theatre (a unit counts once its last member has arrived)")
        + f" · {runs_text} · "
        + (_("by unit category") if by == "category" else _("by contributing state"))
    ]
    cap = style.caption(data.scenario, seed=result.seed, runs=result.runs, deterministic=result.deterministic)
    rows = math.ceil(len(data.names) / PANEL_COLS) if data.names else 0
    req, inj = data.req_lines, data.inj_lines
    text_lines = len(_requirement_rows(req)) + len(inj) + (1 if req else 0) + (1 if inj else 0)
    text_h = text_lines * style.line_height(LABEL_SIZE) * 1.25 + (0.3 if text_lines else 0.0)
    height = (
        style.header_height(title, subtitle, WIDTH)
        + LEGEND_H
        + TOP_BLOCK
        + (SECTION_H + rows * ROW_H if data.names else 0.0)
        + text_h
        + style.FOOTER_HEIGHT
    )
    return _Page(title, subtitle, cap, rows, height, WIDTH - LEFT - style.PAGE_MARGIN)


# --------------------------------------------------------------------------------------------------
# Drawing


def _draw(result: SimulationResult, by: Literal["category", "nation"], title: str | None) -> Figure:
    data = _prepare(result, by)
    page = _geometry(data, title)
    fig = style.new_figure(WIDTH, page.height)
    y = style.draw_header(fig, page.title, page.subtitle)
    style.draw_caption(fig, page.caption)
    legend_top = y
    y -= LEGEND_H + 0.3
    ax = style.add_axes_inches(fig, LEFT, y - TOP_H, page.axis_w, TOP_H)
    _top_panel(ax, data)
    _top_legend(fig, page, data, legend_top)
    y -= TOP_H + 0.62
    if data.names:
        y = _group_panels(fig, page, data, y)
    _text_lists(fig, data, y)
    return fig


def _top_panel(ax: Axes, data: _Data) -> None:
    """All personnel: the band, the median, the key dates and the injects."""
    import numpy as np

    total, dates = data.total, data.dates
    ax.set_title(_("All personnel in theatre"), fontsize=9, loc="left", pad=5)
    ax.fill_between(
        data.times,
        total.p10,
        total.p90,
        color=BAND_COLOUR,
        alpha=0.18,
        linewidth=0,
        label="P10–P90",
        step="post",
        gid="band-total",
    )
    ax.plot(data.times, total.p50, color=style.INK, linewidth=1.8, drawstyle="steps-post", gid="median-total")
    style.time_axis(ax, data.scenario, 0.0, data.horizon)
    _personnel_axis(ax, float(np.nanmax(total.p90)) if total.p90.size else 1.0)
    ax.set_ylabel(_("Personnel"))
    _mark_date(ax, dates["decision"], DECISION_COLOUR, DECISION_DASH, _date_label("decision", dates))
    _mark_date(ax, dates["ioc"], IOC_COLOUR, (0, (5, 2)), _date_label("ioc", dates))
    _mark_date(ax, dates["foc"], FOC_COLOUR, (0, (6, 2, 1.5, 2)), _date_label("foc", dates))
    ymax = ax.get_ylim()[1]
    seen: dict[float, int] = {}
    for k, (d, _inj) in enumerate(data.injects, 1):
        level = seen.get(round(d, 3), 0)
        seen[round(d, 3)] = level + 1
        ax.axvline(d, color=INJECT_COLOUR, linewidth=0.9, linestyle=(0, (3, 2)), zorder=2, gid=f"inject-{k}")
        inject_marker(ax, d, ymax * (0.97 - 0.09 * level), k, va="top")


def _date_label(key: str, dates: Any) -> str:
    """``Council decision D+1 (P10–P90 ...)``, ``IOC ...``, ``FOC ...``"""
    template = {
        "decision": _("Council decision %(when)s"),
        "ioc": _("IOC %(when)s"),
        "foc": _("FOC %(when)s"),
    }[key]
    return template % {"when": _span_text(dates[key])}


def _top_legend(fig: Figure, page: _Page, data: _Data, top: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    dates = data.dates
    entries: list[tuple[Any, str]] = [
        (Line2D([], [], color=style.INK, linewidth=1.8), _("Personnel in theatre") if data.one_run else _("Median")),
        (Patch(facecolor=BAND_COLOUR, alpha=0.18), "P10–P90"),
        (
            Line2D([], [], color=DECISION_COLOUR, linestyle=DECISION_DASH, linewidth=1.2),
            _date_label("decision", dates),
        ),
        (
            Line2D([], [], color=IOC_COLOUR, linestyle=(0, (5, 2)), linewidth=1.4),
            _date_label("ioc", dates),
        ),
        (
            Line2D([], [], color=FOC_COLOUR, linestyle=(0, (6, 2, 1.5, 2)), linewidth=1.4),
            _date_label("foc", dates),
        ),
    ]
    if data.one_run:
        entries.pop(1)
    if data.injects:
        entries.append(
            (
                Line2D([], [], color=INJECT_COLOUR, linewidth=0.9, linestyle=(0, (3, 2))),
                _("Inject (numbered, listed below)"),
            )
        )
    style.top_legend(fig, entries, 3, (LEFT / WIDTH, top / page.height), handlelength=2.4, columnspacing=1.8)


def _group_panels(fig: Figure, page: _Page, data: _Data, y: float) -> float:
    """One small panel per category (or state), with its heading and legend; returns the y below."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    y -= SECTION_H
    fig.text(
        LEFT,
        y + 0.12,
        _("By unit category") if data.by == "category" else _("By contributing state"),
        transform=fig.dpi_scale_trans,
        fontsize=9,
        fontweight="bold",
        va="baseline",
    )
    handles = [
        Patch(facecolor="#bbbbbb", alpha=0.6, label="P10–P90"),
        Line2D([], [], color=style.INK, linewidth=1.6, label=_("Personnel") if data.one_run else _("Median")),
    ]
    if data.one_run:
        handles.pop(0)
    if any(data.by_group.values()):
        handles += [
            Line2D([], [], color=style.INK, linewidth=0.9, linestyle=(0, (4, 2)), label=_("Required strength")),
            Line2D([], [], color=style.INK, marker="D", markersize=4.5, linestyle="none", label=_("Deadline")),
        ]
    if any(o.lost is not None for group in data.by_group.values() for o in group):
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=LOSS_COLOUR,
                hatch="////",
                linewidth=0,
                alpha=0.45,
                label=_("Met, then lost (median)"),
            )
        )
    fig.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=((WIDTH - style.PAGE_MARGIN) / WIDTH, (y + 0.06) / page.height),
        ncol=len(handles),
        frameon=False,
        fontsize=7,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    pw = page.panel_w
    for i, g in enumerate(data.names):
        r, c = divmod(i, PANEL_COLS)
        x0 = LEFT + c * (pw + PANEL_GAP)
        y0 = y - r * ROW_H - 0.42 - PANEL_H
        _group_panel(style.add_axes_inches(fig, x0, y0, pw, PANEL_H), data, g, pw)
    return y - page.rows * ROW_H


def _group_panel(pax: Axes, data: _Data, g: str, pw: float) -> None:
    import numpy as np

    band, colour, times = data.groups[g], data.colours[g], data.times
    pax.fill_between(times, band.p10, band.p90, color=colour, alpha=0.30, linewidth=0, step="post", gid=f"band-{g}")
    pax.plot(
        times,
        band.p50,
        color=style.line_colour(colour),
        linewidth=1.6,
        drawstyle="steps-post",
        gid=f"median-{g}",
    )
    ceiling = float(np.nanmax(band.p90)) if band.p90.size else 1.0
    for o in data.by_group[g]:
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
    for k, o in enumerate(data.by_group[g]):
        _loss_band(pax, o, data.horizon, f"lost-{g}-{k}")
    style.time_axis(pax, data.scenario, 0.0, data.horizon, label=False, most=5)
    pax.tick_params(axis="x", labelsize=6.5)
    pax.tick_params(axis="y", labelsize=6.5)
    _personnel_axis(pax, ceiling)
    sub = "; ".join(_short_requirement(o, data.one_run) for o in data.by_group[g])
    # two smaller lines when a translation does not fit on one (the English was written to fit)
    size, lines = 6.5, style.wrap_text(sub, pw * 72.0, 6.5, max_lines=1)
    if sub and style.text_width(style.fitting_prefix(sub, pw * 72.0, 6.5), 6.5) > pw * 72.0:
        size, lines = 6.0, style.wrap_text(sub, pw * 72.0, 6.0, max_lines=2)
    pad = 15 + 7 * (len(lines) - 1) if sub else 4
    pax.set_title(style.fit(data.labels[g], pw, 8), fontsize=8, loc="left", pad=pad)
    if sub:
        text = pax.text(
            0,
            1.03,
            "\n".join(lines),
            transform=pax.transAxes,
            fontsize=size,
            color=style.MUTED,
            va="bottom",
            ha="left",
        )
        if len(lines) > 1:
            text.set_linespacing(1.1)


def _loss_band(ax: Axes, o: Any, horizon: float, gid: str) -> None:
    """Hatch the period in which a met requirement is lost: from the median day it is lost to the
    median day it is regained (the horizon when most runs that lose it never regain it)."""
    if o.lost is None or o.regained is None:
        return
    end = o.regained.p50 if _finite(o.regained.p50) else horizon
    ax.axvspan(
        o.lost.p50,
        max(end, o.lost.p50),
        facecolor="none",
        edgecolor=LOSS_COLOUR,
        hatch="////",
        linewidth=0,
        alpha=0.45,
        zorder=1,
        gid=gid,
    )


def _loss_text(o: Any, one_run: bool) -> str:
    """``; lost day 5 (in 22% of runs), regained day 6.9`` for the requirement line, or nothing."""
    if o.lost is None or o.regained is None:
        return ""
    lost = {"when": _span_text(o.lost), "share": style.pct(o.p_lost)}
    text = "; " + (_("lost %(when)s") if one_run else _("lost %(when)s in %(share)s of runs")) % lost
    if not _finite(o.regained.p50):
        return text + ", " + _("not regained by the horizon")
    return text + ", " + _("regained %(when)s") % {"when": _span_text(o.regained)}


TEXT_W = (WIDTH - 2 * style.PAGE_MARGIN - 0.1) * 72.0
"""points: the width of a line of the requirement and inject lists"""


INDENT = 0.25
"""inches: the indent of a requirement's second line"""


def _requirement_rows(lines: list[str]) -> list[tuple[str, float]]:
    """The requirement lines as drawn, (text, indent in inches) each: one row a line, or two when it
    does not fit (a translation is longer than the English the page was made for)."""
    rows: list[tuple[str, float]] = []
    for line in lines:
        if style.text_width(style.fitting_prefix(line, TEXT_W, LABEL_SIZE, 2), LABEL_SIZE) <= TEXT_W:
            rows.append((line, 0.0))
            continue
        first = style.wrap_text(line, TEXT_W, LABEL_SIZE, max_lines=2)[0]
        rest = style.clean_text(style.fitting_prefix(line, TEXT_W, LABEL_SIZE, 2)).split()[len(first.split()) :]
        rows += [(first, 0.0), (" ".join(rest), INDENT)]
    return rows


def _text_lists(fig: Figure, data: _Data, y: float) -> None:
    """The requirements and the injects, as text under the panels."""
    step = style.line_height(LABEL_SIZE) * 1.25
    y -= 0.2
    injects = [(line, 0.0) for line in data.inj_lines]
    lists = ((_("Requirements of the mandate"), _requirement_rows(data.req_lines)), (_("Injects"), injects))
    for heading, lines in lists:
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
        for line, indent in lines:
            y -= step
            fig.text(
                style.PAGE_MARGIN + 0.1 + indent,
                y,
                style.wrap_text(line, TEXT_W - indent * 72.0, LABEL_SIZE, max_lines=1)[0],
                transform=fig.dpi_scale_trans,
                fontsize=LABEL_SIZE,
                va="baseline",
            )


def _verdict(p: float, one_run: bool, when: str) -> str:
    """``met by then in 87% of runs``; for a single run ``met`` or ``not met`` says it all. `when`:
    ``""`` (after "by D+30:"), ``by then`` or ``at the horizon``."""
    if one_run:
        met = p >= 0.5
        return {
            "": _("met") if met else _("not met"),
            "by then": _("met by then") if met else _("not met by then"),
            "at the horizon": _("met at the horizon") if met else _("not met at the horizon"),
        }[when]
    template = {
        "": _("met in %(share)s of runs"),
        "by then": _("met by then in %(share)s of runs"),
        "at the horizon": _("met at the horizon in %(share)s of runs"),
    }[when]
    return template % {"share": style.pct(p)}


def _short_requirement(o: Any, one_run: bool = False) -> str:
    n = style.num(o.personnel_required)
    if o.has_deadline:
        day = style.day_label(round(o.deadline, 2))
        return _("required %(n)s by %(day)s") % {"n": n, "day": day} + ": " + _verdict(o.p_met_by_deadline, one_run, "")
    return _("required %(n)s") % {"n": n} + ": " + _verdict(o.p_met_at_horizon, one_run, "at the horizon")


def _requirement_line(o: Any, one_run: bool = False) -> str:
    r = o.requirement
    what = (
        style.category_label(r.category)
        if r.category
        else _("%(name)s (capability)") % {"name": (r.capability or "?").replace("_", " ").capitalize()}
    )
    need = []
    if r.personnel is not None:
        need.append(style.personnel_text(r.personnel))
    if r.units is not None:
        need.append(style.units_text(r.units))
    values = {"what": what, "need": style.and_list(need)}
    if o.has_deadline:
        values["day"] = style.day_label(round(o.deadline, 2))
        text = _("%(what)s: %(need)s by %(day)s") % values + " — " + _verdict(o.p_met_by_deadline, one_run, "by then")
    else:
        text = _("%(what)s: %(need)s") % values + " — " + _verdict(o.p_met_at_horizon, one_run, "at the horizon")
    fm = o.first_met
    if _finite(fm.p50):
        text += "; " + _("first met %(when)s") % {"when": _span_text(fm)}
    shortfall = []
    if o.shortfall_personnel:
        shortfall.append(style.personnel_text(o.shortfall_personnel))
    if o.shortfall_units:
        shortfall.append(_("%(n)s units") % {"n": style.num(o.shortfall_units)})
    if shortfall:
        template = _("shortfall at the horizon %(what)s") if one_run else _("median shortfall at the horizon %(what)s")
        text += "; " + template % {"what": style.and_list(shortfall)}
    return text + _loss_text(o, one_run)
