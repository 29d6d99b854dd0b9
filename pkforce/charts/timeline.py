"""The procedure timeline: the decision path and each contributor's units, in swimlanes.

Lanes, top to bottom:

- **Decision path**: the host state's application, the Council decision, the UN Security
  Council's notification with its "immediately" window (the organisation's ``un_notification``,
  one day by default: domain brief, section 1), a UN mandate and the coordinating state's
  designation, in the scenario's order. A step counted from another one shows the wait as a thin bar
  from that step.
- **Each contributing state**: its national approval, then each of its units: ready to move (open
  circle), moving through the lift queue (bar), in theatre (filled circle, when its last member has
  arrived), withdrawn by an inject (cross). Above ``max_unit_rows`` units, a contributor's units
  share one lane: from its first unit ready to its last unit in theatre.
- **Capability**: initial and full operational capability (IOC, FOC).

Every marker is the median over the simulation's runs; whiskers span P10 to P90.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..scenario.vocab import MULTINATIONAL
from . import style
from .buildup import (
    FOC_COLOUR,
    INJECT_COLOUR,
    IOC_COLOUR,
    inject_day,
    inject_marker,
    inject_text,
    simulation_of,
)

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario.model import Inject, Organization, Scenario
    from ..simulation import SimulationResult

__all__ = ["Lane", "timeline_chart", "timeline_lanes"]

WIDTH = 11.0
LANE_H = 0.27
LABEL_SIZE = 7.5
STEP_COLOUR = style.INK
WAIT_COLOUR = "#c8c8c8"
WINDOW_COLOUR = style.OKABE_ITO["bluish_green"]
LATE_COLOUR = "#b34400"
MAX_LABEL_W = 3.35
"""inches: a longer lane label is cut with an ellipsis"""


@dataclass
class Lane:
    """One row of the chart. Days are (P10, P50, P90) over the runs; inf means never."""

    label: str
    kind: str
    """``header``, ``step``, ``unit``, ``units`` (a contributor's units together) or ``capability``"""
    group: int = 0
    """contributor block (for the background shading); 0 for the decision path"""
    day: tuple[float, float, float] | None = None
    """the step's day, or the unit's arrival in theatre"""
    ready: tuple[float, float, float] | None = None
    """units: ready to move"""
    since: float | None = None
    """steps counted from another step: that step's median day"""
    window: tuple[float, float] | None = None
    """the UN notification's "immediately" window"""
    withdrawn: float | None = None
    colour: str = style.INK
    gid: str = ""
    notes: list[str] = field(default_factory=list)


def _q(values: np.ndarray) -> tuple[float, float, float]:
    from ..simulation.stats import percentile_triple

    return percentile_triple(values)


def _organization(scenario: Scenario) -> Organization | None:
    from ..data import organization_of

    return organization_of(scenario)


def _step_label(step: Any, council: str) -> str:
    """The step's title (:func:`pkforce.scenario.timeline.step_title`), in the chart's language."""
    from ..i18n.messages import localise
    from ..i18n.steps import step_title

    return localise(step_title(step, council), style.lang()) or ""


def timeline_lanes(result: SimulationResult, *, max_unit_rows: int = 40) -> list[Lane]:
    """The lanes of the timeline, top to bottom (see the module docstring)."""
    import numpy as np

    from ..scenario.timeline import step_graph

    scenario = result.scenario
    org = _organization(scenario)
    council = org.council if org is not None else "Council"
    steps = list(scenario.procedure)
    n_steps = result.step_days.shape[1] if result.step_days.ndim == 2 else 0
    anchors = step_graph(scenario).anchor
    step_q = [_q(result.step_days[:, i]) for i in range(min(n_steps, len(steps)))]
    decision = _q(result.decision_day)
    lanes: list[Lane] = [Lane(_("Decision path"), "header")]
    for i, s in enumerate(steps[: len(step_q)]):
        if s.step == "national_approval":
            continue
        lane = Lane(_step_label(s, council), "step", day=step_q[i], gid=f"step-{i}")
        a = anchors[i] if i < len(anchors) else None
        if a is not None and a < len(step_q) and math.isfinite(step_q[a][1]):
            lane.since = step_q[a][1]
        if s.step == "un_notification" and org is not None and math.isfinite(decision[1]):
            lane.window = (decision[1], decision[1] + org.un_notification.days)
            if math.isfinite(step_q[i][1]) and step_q[i][1] > lane.window[1] + 1e-9:
                lane.colour = LATE_COLOUR
                lane.notes.append("late")
        lanes.append(lane)

    nations = list(dict.fromkeys(result.unit_nations))
    for s in steps:
        if s.step == "national_approval" and s.state not in nations:
            nations.append(s.state)
    if MULTINATIONAL in nations:
        nations = [n for n in nations if n != MULTINATIONAL] + [MULTINATIONAL]
    colours = {n: c for n, (c, _hatch) in style.nation_colours(nations).items()}
    aggregate = len(result.unit_ids) > max_unit_rows
    ready_q = arrival_q = None
    if not aggregate and result.unit_ids:
        from ..simulation.stats import column_percentiles

        ready_q = column_percentiles(result.unit_ready)
        arrival_q = column_percentiles(result.unit_arrival)
    withdrawn = result.unit_withdrawn[0] if result.runs else np.full(len(result.unit_ids), np.inf)
    for g, nation in enumerate(nations, 1):
        units = [j for j, n in enumerate(result.unit_nations) if n == nation]
        lanes.append(Lane(style.nation_label(nation, scenario, long=True), "header", group=g))
        for i, s in enumerate(steps[: len(step_q)]):
            if s.step == "national_approval" and s.state == nation:
                lane = Lane(_step_label(s, council), "step", group=g, day=step_q[i], gid=f"step-{i}")
                a = anchors[i] if i < len(anchors) else None
                if a is not None and a < len(step_q) and math.isfinite(step_q[a][1]):
                    lane.since = step_q[a][1]
                lanes.append(lane)
        if not units:
            continue
        if aggregate:
            ready = np.where(np.isnan(result.unit_ready[:, units]), np.inf, result.unit_ready[:, units])
            arrival = np.where(np.isnan(result.unit_arrival[:, units]), -np.inf, result.unit_arrival[:, units])
            first_ready = ready.min(axis=1)
            last = np.where(np.isfinite(arrival), arrival, -np.inf).max(axis=1)
            last = np.where(np.isfinite(last), last, np.inf)
            lanes.append(
                Lane(
                    _("%(units)s: first ready to last in theatre") % {"units": style.units_text(len(units))},
                    "units",
                    group=g,
                    day=_q(last),
                    ready=_q(first_ready),
                    colour=colours[nation],
                    gid=f"units-{nation}",
                )
            )
            continue
        assert ready_q is not None and arrival_q is not None
        for j in units:
            name = result.unit_names[j] if j < len(result.unit_names) else result.unit_ids[j]
            if j < len(result.unit_reinforcement) and result.unit_reinforcement[j]:
                name += " " + _("(reinforcement)")
            w = float(withdrawn[j])
            if math.isfinite(w):
                name += " " + _("(withdrawn %(day)s)") % {"day": style.day_label(round(w, 2))}
            lanes.append(
                Lane(
                    name,
                    "unit",
                    group=g,
                    day=(float(arrival_q[0, j]), float(arrival_q[1, j]), float(arrival_q[2, j])),
                    ready=(float(ready_q[0, j]), float(ready_q[1, j]), float(ready_q[2, j])),
                    withdrawn=w if math.isfinite(w) else None,
                    colour=colours[nation],
                    gid=f"unit-{result.unit_ids[j]}",
                )
            )
    g = len(nations) + 1
    lanes.append(Lane(_("Operational capability"), "header", group=g))
    lanes.append(
        Lane(
            _("Initial operational capability (IOC)"),
            "capability",
            group=g,
            day=_q(result.ioc_day),
            colour=IOC_COLOUR,
            gid="ioc",
        )
    )
    lanes.append(
        Lane(
            _("Full operational capability (FOC)"),
            "capability",
            group=g,
            day=_q(result.foc_day),
            colour=FOC_COLOUR,
            gid="foc",
        )
    )
    return lanes


def timeline_chart(
    source: Scenario | SimulationResult,
    *,
    runs: int | None = None,
    seed: int | None = None,
    max_unit_rows: int = 40,
    title: str | None = None,
) -> Figure:
    """Draw the procedure timeline (see the module docstring)."""
    result = simulation_of(source, runs, seed)
    with style.chart_style():
        return style.finish(_draw(result, timeline_lanes(result, max_unit_rows=max_unit_rows), title))


def _whisker(
    ax: Axes,
    y: float,
    q: tuple[float, float, float],
    colour: str,
    hi_limit: float,
    lw: float = 1.0,
    cap: float = 0.16,
) -> None:
    lo, _mid, hi = q
    if not math.isfinite(lo) or hi - lo <= 1e-6:
        return
    end = hi if math.isfinite(hi) else hi_limit
    ax.plot([lo, end], [y, y], color=colour, linewidth=lw, solid_capstyle="butt", zorder=3)
    ax.plot([lo, lo], [y - cap, y + cap], color=colour, linewidth=lw, zorder=3)
    if math.isfinite(hi):
        ax.plot([end, end], [y - cap, y + cap], color=colour, linewidth=lw, zorder=3)
    else:  # beyond the horizon in more than 10% of runs
        ax.annotate(
            "",
            xy=(end, y),
            xytext=(end - 1e-9, y),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": lw},
        )


@dataclass
class _Page:
    """Geometry of the page (inches) and of the time axis (days)."""

    lo: float
    hi: float
    title: str
    subtitle: list[str]
    caption: str
    labels: list[str]
    """lane labels, cut to fit the label column"""
    left: float
    axis_w: float
    legend_h: float
    plot_h: float
    injects: list[tuple[float, Inject]]
    height: float
    legend_cols: int


def _geometry(result: SimulationResult, lanes: list[Lane], title: str | None) -> _Page:
    scenario = result.scenario
    horizon = float(result.horizon)
    finite = [d for lane in lanes for q in (lane.day, lane.ready) if q is not None for d in q if math.isfinite(d)]
    finite += [lane.window[1] for lane in lanes if lane.window is not None]
    lo = min([0.0, *finite])
    hi = min(max([1.0, *finite]), horizon)
    pad = (hi - lo) * 0.03
    lo, hi = lo - pad, hi + pad

    title = title or _("Procedure timeline: %(scenario)s") % {"scenario": style.scenario_name(scenario)}
    runs_text = (
        _("one deterministic run (every random duration at its mode)")
        if result.deterministic
        else _("%(runs)s: markers at the median, whiskers P10–P90") % {"runs": style.runs_text(result.runs)}
    )
    subtitle = [_("Decision path, national approvals, readiness and arrival in theatre") + f" · {runs_text}"]
    cap = style.caption(scenario, seed=result.seed, runs=result.runs, deterministic=result.deterministic)
    labels = [style.fit(lane.label, MAX_LABEL_W, LABEL_SIZE, bold=lane.kind == "header") for lane in lanes]
    label_w = (
        max(
            style.text_width(label, LABEL_SIZE, lane.kind == "header")
            for label, lane in zip(labels, lanes, strict=True)
        )
        / 72.0
    )
    left = style.PAGE_MARGIN + min(label_w + 0.25, MAX_LABEL_W + 0.25)
    axis_w = WIDTH - left - style.PAGE_MARGIN
    n_entries = (
        7
        + any(lane.window for lane in lanes)
        + any(lane.withdrawn is not None for lane in lanes)
        + bool(scenario.injects)
    )
    plot_h = LANE_H * len(lanes) + 0.1
    injects = [(d, inj) for inj in scenario.injects if (d := inject_day(scenario, inj)) is not None and lo <= d <= hi]
    injects.sort(key=lambda di: di[0])
    legend_labels = [t for _handle, t in _legend_entries(lanes, bool(injects))]
    ncol = style.legend_columns(legend_labels, 4, WIDTH - 2 * style.PAGE_MARGIN, 7, 2.0, 1.4)
    legend_h = math.ceil(n_entries / ncol) * 0.19 + 0.25
    inject_h = len(injects) * style.line_height(LABEL_SIZE) * 1.25 + (0.15 if injects else 0.0)
    height = style.header_height(title, subtitle, WIDTH) + legend_h + plot_h + 0.75 + inject_h + style.FOOTER_HEIGHT

    return _Page(lo, hi, title, subtitle, cap, labels, left, axis_w, legend_h, plot_h, injects, height, ncol)


def _draw(result: SimulationResult, lanes: list[Lane], title: str | None) -> Figure:
    page = _geometry(result, lanes, title)
    fig = style.new_figure(WIDTH, page.height)
    y = style.draw_header(fig, page.title, page.subtitle)
    style.draw_caption(fig, page.caption)
    legend_top = y
    y -= page.legend_h
    ax = style.add_axes_inches(fig, page.left, y - page.plot_h, page.axis_w, page.plot_h)
    n = len(lanes)
    ax.set_ylim(n - 0.5 + 0.1 / LANE_H, -0.5)
    style.time_axis(ax, result.scenario, page.lo, page.hi)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    _background(ax, lanes)
    for i, lane in enumerate(lanes):
        if lane.kind in ("step", "capability"):
            _step_lane(ax, i, lane, page.hi)
        elif lane.kind != "header":
            _unit_lane(ax, i, lane, page.hi)
    _injects(fig, ax, page, y)
    _lane_labels(ax, lanes, page.labels)
    _legend(fig, page, lanes, legend_top)
    return fig


def _background(ax: Axes, lanes: list[Lane]) -> None:
    # Background: a light band per contributor block, every other block.
    blocks: dict[int, list[int]] = {}
    for i, lane in enumerate(lanes):
        blocks.setdefault(lane.group, []).append(i)
    for g, rows in blocks.items():
        if g % 2 == 1:
            ax.axhspan(min(rows) - 0.5, max(rows) + 0.5, color="#f2f2f2", linewidth=0, zorder=0)

    ioc = next((lane.day for lane in lanes if lane.gid == "ioc"), None)
    foc = next((lane.day for lane in lanes if lane.gid == "foc"), None)
    for q, colour, style_ in ((ioc, IOC_COLOUR, (0, (5, 2))), (foc, FOC_COLOUR, (0, (6, 2, 1.5, 2)))):
        if q is not None and math.isfinite(q[1]):
            ax.axvline(q[1], color=colour, linewidth=0.8, linestyle=style_, zorder=1, alpha=0.8)


def _step_lane(ax: Axes, i: int, lane: Lane, hi: float) -> None:
    """A step of the procedure or a capability date: window, wait, whisker and diamond."""
    if lane.window is not None:
        w0, w1 = lane.window
        ax.fill_betweenx([i - 0.38, i + 0.38], w0, w1, color=WINDOW_COLOUR, alpha=0.25, linewidth=0, zorder=1)
        ax.plot([w1, w1], [i - 0.38, i + 0.38], color=WINDOW_COLOUR, linewidth=1.2, zorder=1.5)
    if lane.since is not None and lane.day is not None and math.isfinite(lane.day[1]):
        ax.plot(
            [lane.since, lane.day[1]],
            [i, i],
            color=WAIT_COLOUR,
            linewidth=3.0,
            solid_capstyle="butt",
            zorder=1.5,
        )
    if lane.kind in ("step", "capability"):
        assert lane.day is not None
        _whisker(ax, i, lane.day, lane.colour, hi)
        if math.isfinite(lane.day[1]):
            ax.plot(
                [lane.day[1]],
                [i],
                marker="D",
                markersize=6,
                color=lane.colour,
                markeredgecolor="white",
                markeredgewidth=0.6,
                linestyle="none",
                zorder=4,
                gid=lane.gid,
            )
        else:
            ax.text(
                hi,
                i,
                _("not reached within the horizon") + " ",
                ha="right",
                va="center",
                fontsize=6.5,
                color=style.MUTED,
            )
        return


def _unit_lane(ax: Axes, i: int, lane: Lane, hi: float) -> None:
    """A unit (or a contributor's units together): ready, moving, in theatre, withdrawn."""
    assert lane.day is not None and lane.ready is not None
    r50, a50 = lane.ready[1], lane.day[1]
    edge = style.line_colour(lane.colour)
    gone = lane.withdrawn is not None and (not math.isfinite(a50) or lane.withdrawn <= a50)
    if math.isfinite(r50):
        end = a50 if math.isfinite(a50) else hi
        if lane.withdrawn is not None:
            end = min(end, lane.withdrawn)
        if end > r50:
            ax.plot(
                [r50, end],
                [i, i],
                color=lane.colour,
                alpha=0.55,
                linewidth=4.0,
                solid_capstyle="butt",
                zorder=2,
            )
        _whisker(ax, i - 0.14, lane.ready, "#8c8c8c", hi, lw=0.8, cap=0.07)
        ax.plot(
            [r50],
            [i],
            marker="o",
            markersize=5.5,
            markerfacecolor="white",
            markeredgecolor=edge,
            markeredgewidth=1.2,
            linestyle="none",
            zorder=4,
            alpha=0.5 if gone else 1.0,
        )
    if math.isfinite(a50) and not gone:
        _whisker(ax, i + 0.14, lane.day, style.INK, hi, lw=0.9, cap=0.07)
        ax.plot(
            [a50],
            [i],
            marker="o",
            markersize=6,
            markerfacecolor=lane.colour,
            markeredgecolor=style.INK,
            markeredgewidth=0.8,
            linestyle="none",
            zorder=5,
            gid=lane.gid,
        )
    if lane.withdrawn is not None:
        ax.plot(
            [lane.withdrawn],
            [i],
            marker="X",
            markersize=7,
            color=LATE_COLOUR,
            markeredgecolor="white",
            markeredgewidth=0.5,
            linestyle="none",
            zorder=6,
        )


def _injects(fig: Figure, ax: Axes, page: _Page, y: float) -> None:
    """Injects: numbered at the top of the lanes, listed under the chart."""
    injects = page.injects
    for k, (d, _inj) in enumerate(injects, 1):
        ax.axvline(d, color=INJECT_COLOUR, linewidth=0.7, linestyle=(0, (3, 2)), zorder=1)
        inject_marker(ax, d, -0.5, k, size=6.5)
    yy = y - page.plot_h - 0.75
    for k, (d, inj) in enumerate(injects, 1):
        yy -= style.line_height(LABEL_SIZE) * 1.25
        line = _("Inject %(n)s") % {"n": k} + f"  {style.day_label(round(d, 2))}  {inject_text(inj)}"
        fig.text(
            style.PAGE_MARGIN,
            yy,
            style.wrap_text(line, (WIDTH - 2 * style.PAGE_MARGIN) * 72.0, LABEL_SIZE, max_lines=1)[0],
            transform=fig.dpi_scale_trans,
            fontsize=LABEL_SIZE,
            va="baseline",
        )


def _lane_labels(ax: Axes, lanes: list[Lane], labels: list[str]) -> None:
    ax.set_yticks(range(len(lanes)), labels)
    for tick, lane in zip(ax.get_yticklabels(), lanes, strict=True):
        tick.set_fontsize(LABEL_SIZE if lane.kind != "header" else 8)
        if lane.kind == "header":
            tick.set_fontweight("bold")
        if "late" in lane.notes:
            tick.set_color(LATE_COLOUR)


def _legend(fig: Figure, page: _Page, lanes: list[Lane], top: float) -> None:
    style.top_legend(
        fig,
        _legend_entries(lanes, bool(page.injects)),
        page.legend_cols,
        (style.PAGE_MARGIN / WIDTH, top / page.height),
        handlelength=2.0,
        columnspacing=1.4,
    )


def _legend_entries(lanes: list[Lane], injects: bool) -> list[tuple[Any, str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    withdrawn_label = _("Withdrawn (inject)")
    entries: list[tuple[Any, str]] = [
        (Line2D([], [], marker="D", markersize=6, color=STEP_COLOUR, linestyle="none"), _("Step (median day)")),
        (Line2D([], [], color=WAIT_COLOUR, linewidth=3.0), _("Waiting from the step it counts from")),
        (
            Patch(facecolor=WINDOW_COLOUR, alpha=0.25),
            _("“Immediately”: longest delay allowed after the decision"),
        ),
        (
            Line2D(
                [],
                [],
                marker="o",
                markersize=5.5,
                markerfacecolor="white",
                markeredgecolor=style.INK,
                linestyle="none",
            ),
            _("Unit ready to move"),
        ),
        (Line2D([], [], color="#999999", linewidth=4.0, alpha=0.55), _("Waiting for lift and moving")),
        (
            Line2D(
                [],
                [],
                marker="o",
                markersize=6,
                markerfacecolor="#999999",
                markeredgecolor=style.INK,
                linestyle="none",
            ),
            _("Unit in theatre (last member arrived)"),
        ),
        (Line2D([], [], color=style.INK, linewidth=0.9, marker="|", markersize=6), "P10–P90"),
        (Line2D([], [], marker="X", markersize=7, color=LATE_COLOUR, linestyle="none"), withdrawn_label),
        (
            Line2D([], [], color=INJECT_COLOUR, linewidth=0.7, linestyle=(0, (3, 2))),
            _("Inject (numbered, listed below)"),
        ),
    ]
    if not injects:
        entries.pop()
    if not any(lane.window for lane in lanes):
        entries.pop(2)
    if not any(lane.withdrawn is not None for lane in lanes):
        entries = [e for e in entries if e[1] != withdrawn_label]
    return entries
