"""The composition chart: who contributes what, and how it compares with the mandate's requirements.

Three parts, top to bottom:

1. **By contributor**: one bar per contributing state (largest first), stacked by unit category,
   with the state's personnel and its share of the force at the end of the bar.
2. **By category**: one bar per category, stacked by personnel kind (military, police, civilian),
   with the category's total and share, and every personnel requirement of the mandate drawn as a
   black tick at the required strength, labelled with its deadline and whether the force meets it.
3. **Units and capabilities required**: the requirements counted in units (the combined command,
   a Role 2 hospital...), each with what the force holds.

This chart shows what is *planned* (the force as written in the scenario): a requirement reads
"planned strength covers it", not "met", because the plan says nothing about when the units arrive.
Given a simulation result, each requirement shows instead the share of runs in which it is met by
its deadline (the build-up chart shows when).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..force import Force, Totals
from ..i18n import _
from ..scenario.vocab import PERSONNEL_KINDS
from ..summary import summarize
from . import style
from .style import N_

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario.model import Requirement, Scenario
    from ..simulation import SimulationResult
    from ..summary import ForceSummary

__all__ = ["RequirementCheck", "composition_chart", "requirement_checks"]

BAR_H = 0.30
"""inches per bar"""
WIDTH = 10.0
LABEL_SIZE = 7.5
PANEL_GAP = 0.3
LEGEND_H = 0.2
LEGEND_SIZE = 7.5
AXIS_LABEL_H = 0.5
"""room under an axes for its tick labels and axis label"""
KIND_LABELS = {"military": N_("Military"), "police": N_("Police"), "civilian": N_("Civilian")}
"""Personnel kind -> its legend label"""
MET = "#1a1a1a"
SHORT = "#b34400"
"""vermillion, darkened for text"""
MAX_LABEL_W = 2.45
"""inches: a longer state or category name is cut with "…" (the label column is at most 2.6 in)"""
TAB_W = 0.07
"""inches: the contributing state's colour tab beside its name"""


@dataclass(frozen=True)
class RequirementCheck:
    """A requirement of the mandate against the force as planned (no timing)."""

    requirement: Requirement
    what: str
    """the category or capability"""
    kind: str
    """``category`` or ``capability``"""
    personnel: int
    units: int
    names: tuple[str, ...]
    """the units that count for it"""

    @property
    def met(self) -> bool:
        r = self.requirement
        return (r.personnel is None or self.personnel >= r.personnel) and (r.units is None or self.units >= r.units)

    def deadline(self) -> str:
        by = self.requirement.by
        return " " + _("by %(day)s") % {"day": style.day_label(by.days)} if by is not None else ""

    def status(self) -> str:
        """``met`` or ``short by 280 personnel`` / ``short by 1 unit``."""
        r = self.requirement
        gaps = []
        if r.personnel is not None and self.personnel < r.personnel:
            gaps.append(style.personnel_text(r.personnel - self.personnel))
        if r.units is not None and self.units < r.units:
            gaps.append(style.units_text(r.units - self.units))
        return _("met") if not gaps else _("short by %(gap)s") % {"gap": style.and_list(gaps)}


def requirement_checks(scenario: Scenario, force: Force | None = None) -> list[RequirementCheck]:
    """Each requirement of the operation with the personnel and units of the force that count for it."""
    force = force or Force.from_scenario(scenario)
    out = []
    for r in scenario.operation.requirements:
        units = force.counting_toward(r)
        kind = "capability" if r.category is None and r.capability is not None else "category"
        what = r.category or r.capability or "?"
        out.append(
            RequirementCheck(r, what, kind, sum(u.personnel for u in units), len(units), tuple(u.name for u in units))
        )
    return out


def _xmax(values: list[float], label_widths: list[float], axis_width: float) -> float:
    """The least x limit that fits every bar and its label (label widths in inches)."""
    best = max([*values, 1.0])
    for v, w in zip(values, label_widths, strict=True):
        room = axis_width - w - 0.08
        if room > 0.5:
            best = max(best, v * axis_width / room)
    return best * 1.02


def _legend_grid(labels: list[str], width: float) -> tuple[int, int]:
    """(columns, rows) for legend entries in one block at most `width` inches wide."""
    em = LEGEND_SIZE / 72.0
    widths = [style.text_width(t, LEGEND_SIZE) / 72.0 + (1.6 + 0.8 + 1.4) * em for t in labels]
    for ncol in range(len(labels), 0, -1):
        rows = -(-len(labels) // ncol)
        cols = [max(widths[r * ncol + c] for r in range(rows) if r * ncol + c < len(labels)) for c in range(ncol)]
        if sum(cols) <= width or ncol == 1:
            return ncol, rows
    return 1, len(labels)


def _personnel_axis(ax: Axes, xmax: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(style.number_formatter()))
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def composition_chart(
    scenario: Scenario, *, result: SimulationResult | None = None, title: str | None = None
) -> Figure:
    """Draw the composition chart (see the module docstring).

    Without `result` a requirement reads "planned strength covers it" (or "short by N"): the plan
    holds enough, but says nothing about when. With a simulation result of the scenario it reads the
    share of runs in which the requirement is met by its deadline."""
    data = _prepare(scenario, result)
    with style.chart_style():
        return style.finish(_draw(data, title))


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class _Data:
    """What the chart shows, before any geometry."""

    scenario: Scenario
    summary: ForceSummary
    nations: list[str]
    """largest contributor first"""
    categories: list[str]
    nation_cats: dict[tuple[str, str | None], Totals]
    personnel_checks: list[RequirementCheck]
    unit_checks: list[RequirementCheck]
    outcomes: dict[int, Any]
    """requirement index -> the simulation's outcome for it (empty without a result)"""
    index: dict[int, int]
    """id() of a check -> its requirement's index in the operation"""
    result: SimulationResult | None

    @property
    def total(self) -> Totals:
        return self.summary.total

    def nation_label(self, nation: str) -> str:
        """``KAZ Kazakhstan``, cut to fit the label column."""
        return style.fit(style.nation_label(nation, self.scenario, long=True), MAX_LABEL_W, LABEL_SIZE)

    def category_label(self, category: str) -> str:
        return style.fit(style.category_label(category), MAX_LABEL_W, LABEL_SIZE)

    def share(self, count: int) -> float:
        return count / self.total.personnel if self.total.personnel else 0.0

    def verdict(self, check: RequirementCheck) -> tuple[str, bool]:
        """What to say about a requirement, and whether it reads as met."""
        outcome = self.outcomes.get(self.index[id(check)])
        if not check.met:
            return _("planned strength %(status)s") % {"status": check.status()}, False
        if outcome is None:
            return _("planned strength covers it"), True
        one_run = self.result is not None and (self.result.deterministic or self.result.runs == 1)
        by_then = outcome.has_deadline
        p = outcome.p_met_by_deadline if by_then else outcome.p_met_at_horizon
        if one_run:
            if by_then:
                text = _("met by then in the simulation") if p >= 0.5 else _("not met by then in the simulation")
            else:
                met, not_met = _("met at the horizon in the simulation"), _("not met at the horizon in the simulation")
                text = met if p >= 0.5 else not_met
            return text, p >= 0.5
        template = _("met by then in %(share)s of runs") if by_then else _("met at the horizon in %(share)s of runs")
        return template % {"share": style.pct(p)}, p >= 0.5


def _prepare(scenario: Scenario, result: SimulationResult | None) -> _Data:
    force = Force.from_scenario(scenario)
    summary = summarize(scenario, force)
    checks = requirement_checks(scenario, force)
    personnel_checks = [c for c in checks if c.kind == "category" and c.requirement.personnel is not None]
    unit_checks = [c for c in checks if c not in personnel_checks]
    first = {n: i for i, n in enumerate(summary.by_nation)}
    nations = sorted(summary.by_nation, key=lambda n: (-summary.by_nation[n].personnel, first[n]))
    categories = list(summary.by_category)
    for check in personnel_checks:  # a required category the force lacks still gets its (empty) bar
        if check.what not in categories:
            categories.append(check.what)
    categories = [c for c in style.ordered_categories(categories) if c is not None]
    outcomes = {o.index: o for o in result.requirements} if result is not None else {}
    return _Data(
        scenario=scenario,
        summary=summary,
        nations=nations,
        categories=categories,
        nation_cats={(r.nation, r.category): r.totals for r in summary.rows},
        personnel_checks=personnel_checks,
        unit_checks=unit_checks,
        outcomes=outcomes,
        index={id(c): i for i, c in enumerate(checks)},
        result=result,
    )


def _unit_lines(data: _Data) -> list[tuple[str, bool, str]]:
    """The requirements counted in units: (line, reads as met, status) each."""
    out = []
    for uc in data.unit_checks:
        r = uc.requirement
        need = []
        if r.units is not None:
            need.append(style.units_text(r.units))
        if r.personnel is not None:
            need.append(style.personnel_text(r.personnel))
        held = style.units_text(uc.units)
        if r.personnel is not None:
            held += ", " + style.personnel_text(uc.personnel)
        names = ", ".join(uc.names[:4])
        if len(uc.names) > 4:
            names = _("%(names)s and %(n)s more") % {"names": names, "n": style.num(len(uc.names) - 4)}
        what = style.category_label(uc.what) if uc.kind == "category" else uc.what.replace("_", " ").capitalize()
        template = _("%(what)s (category)") if uc.kind == "category" else _("%(what)s (capability)")
        line = (
            template % {"what": what}
            + ": "
            + _("required %(need)s") % {"need": style.and_list(need)}
            + uc.deadline()
            + " · "
            + _("the force has %(held)s") % {"held": held}
        )
        if names:
            line = _("%(line)s: %(names)s") % {"line": line, "names": names}
        verdict, met = data.verdict(uc)
        out.append((line, met, ("✓ " if met else "✗ ") + verdict))
    return out


# --------------------------------------------------------------------------------------------------
# Geometry (inches)

SECTION_H = 0.3


@dataclass
class _Page:
    title: str
    subtitle: list[str]
    caption: str
    left: float
    """x of the bar panels' axes"""
    axis_w: float
    a_h: float
    b_h: float
    c_lines: list[tuple[str, bool, str]]
    line_step: float
    height: float


def _geometry(data: _Data, title: str | None) -> _Page:
    scenario, total, nations, categories = data.scenario, data.total, data.nations, data.categories
    title = title or _("Force composition: %(scenario)s") % {"scenario": style.scenario_name(scenario)}
    n_contrib = len([n for n in nations if n != "multinational"])
    if data.result is None:
        basis = _("Planned strength as written in the scenario; shares are of the whole force.")
    else:
        r = data.result
        basis = (
            _("Planned strength as written; shares of the whole force")
            + " · "
            + (
                _("requirements: share of one deterministic run meeting each by its deadline")
                if r.deterministic
                else _("requirements: share of %(n)s simulated runs meeting each by its deadline")
                % {"n": style.num(r.runs)}
            )
        )
    counts = {
        "personnel": style.num(total.personnel),
        "units": style.num(total.units),
        "states": style.num(n_contrib),
    }
    force = (
        _("%(personnel)s personnel in %(units)s units from %(states)s contributing states")
        if n_contrib != 1
        else _("%(personnel)s personnel in %(units)s units from %(states)s contributing state")
    ) % counts
    subtitle = [
        force
        + " · "
        + " · ".join(
            template % {"n": style.num(n)}
            for template, n in (
                (_("military %(n)s"), total.military),
                (_("police %(n)s"), total.police),
                (_("civilian %(n)s"), total.civilian),
            )
        ),
        basis,
    ]
    if data.result is None:
        cap = style.caption(scenario)
    else:
        cap = style.caption(
            scenario, seed=data.result.seed, runs=data.result.runs, deterministic=data.result.deterministic
        )
    label_w = (
        max(
            [style.text_width(data.nation_label(n), LABEL_SIZE) / 72.0 for n in nations]
            + [style.text_width(data.category_label(c), LABEL_SIZE) / 72.0 for c in categories]
            + [1.0]
        )
        + 0.15
    )
    left = style.PAGE_MARGIN + min(label_w, 2.6)
    axis_w = WIDTH - left - style.PAGE_MARGIN
    a_h = BAR_H * max(len(nations), 1) + 0.2
    b_h = BAR_H * max(len(categories), 1) + 0.2
    c_lines = _unit_lines(data)
    line_step = style.line_height(LABEL_SIZE) * 1.3
    c_h = (SECTION_H + len(c_lines) * line_step + 0.1) if c_lines else 0.0
    head_h = style.header_height(title, subtitle, WIDTH)
    n_a = len([c for c in categories if any((n, c) in data.nation_cats for n in nations)])
    n_b = len([k for k in PERSONNEL_KINDS if getattr(total, k)]) + (1 if data.personnel_checks else 0)
    rows_a = _legend_grid([style.category_label(c) for c in categories][:n_a], axis_w)[1]
    rows_b = _legend_grid([_("Required strength (mandate)")] * max(n_b, 1), axis_w)[1]
    panel_extra = SECTION_H + AXIS_LABEL_H + 0.06
    height = (
        head_h
        + (panel_extra + LEGEND_H * rows_a + a_h)
        + PANEL_GAP
        + (panel_extra + LEGEND_H * rows_b + b_h)
        + PANEL_GAP * 0.6
        + c_h
        + style.FOOTER_HEIGHT
    )
    return _Page(title, subtitle, cap, left, axis_w, a_h, b_h, c_lines, line_step, height)


# --------------------------------------------------------------------------------------------------
# Drawing


def _draw(data: _Data, title: str | None) -> Figure:
    page = _geometry(data, title)
    fig = style.new_figure(WIDTH, page.height)
    y = style.draw_header(fig, page.title, page.subtitle)
    style.draw_caption(fig, page.caption)
    y = _nations_panel(fig, page, data, y)
    y = _categories_panel(fig, page, data, y)
    if page.c_lines:
        _units_panel(fig, page, y)
    return fig


def _section(fig: Figure, y: float, text: str) -> float:
    y -= SECTION_H
    fig.text(
        style.PAGE_MARGIN,
        y + 0.08,
        text,
        transform=fig.dpi_scale_trans,
        fontsize=10,
        fontweight="bold",
        va="baseline",
    )
    return y


def _legend(fig: Figure, page: _Page, y: float, handles: list[Any]) -> float:
    ncol, rows = _legend_grid([h.get_label() for h in handles], page.axis_w)
    fig.legend(
        handles=style.row_major(handles, ncol),  # matplotlib fills by column: read row by row
        loc="upper left",
        bbox_to_anchor=(page.left / WIDTH, y / page.height),
        ncol=ncol,
        frameon=False,
        handlelength=1.6,
        handleheight=1.1,
        columnspacing=1.4,
        fontsize=LEGEND_SIZE,
        borderaxespad=0.0,
        borderpad=0.2,
    )
    return y - LEGEND_H * rows - 0.06


def _nations_panel(fig: Figure, page: _Page, data: _Data, y: float) -> float:
    """1. By contributor, stacked by category; each state's tab in its fixed colour."""
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.transforms import blended_transform_factory

    nations, categories, nation_cats = data.nations, data.categories, data.nation_cats
    by_nation = data.summary.by_nation
    y = _section(fig, y, _("Personnel by contributing state and unit category"))
    handles: list[Any] = [
        Patch(
            facecolor=style.category_colour(c),
            hatch=style.CATEGORY_HATCHES.get(c, ""),
            edgecolor="white",
            linewidth=0.5,
            label=style.category_label(c),
        )
        for c in categories
        if any((n, c) in nation_cats for n in nations)
    ]
    y = _legend(fig, page, y, handles)
    ax = style.add_axes_inches(fig, page.left, y - page.a_h, page.axis_w, page.a_h)
    ypos = list(range(len(nations)))
    for c in categories:
        # floats: matplotlib cannot take integers beyond 64 bits (a hostile 2**63 personnel)
        widths = [float(nation_cats.get((n, c), Totals()).personnel) for n in nations]
        if not any(widths):
            continue
        starts = [
            float(sum(nation_cats.get((n, k), Totals()).personnel for k in categories[: categories.index(c)]))
            for n in nations
        ]
        ax.barh(
            ypos,
            widths,
            left=starts,
            height=0.68,
            color=style.category_colour(c),
            hatch=style.CATEGORY_HATCHES.get(c, ""),
            edgecolor="white",
            linewidth=0.5,
            gid=f"bar-nation-{c}",
        )
    values: list[float] = [float(by_nation[n].personnel) for n in nations]
    texts = [f"{style.num(by_nation[n].personnel)} ({style.pct(data.share(by_nation[n].personnel))})" for n in nations]
    xmax = _xmax(values, [style.text_width(t, LABEL_SIZE, True) / 72.0 for t in texts], page.axis_w)
    _personnel_axis(ax, xmax)
    for i, (v, t) in enumerate(zip(values, texts, strict=True)):
        ax.text(v + xmax * 0.006, i, t, va="center", ha="left", fontsize=LABEL_SIZE, fontweight="bold")
    # The state's colour, the same in every chart, as a tab between its name and its bar.
    tab = blended_transform_factory(ax.transAxes, ax.transData)
    tab_w = TAB_W / page.axis_w
    for i, n in enumerate(nations):
        ax.add_patch(
            Rectangle(
                (-tab_w - 0.004, i - 0.34),
                tab_w,
                0.68,
                transform=tab,
                facecolor=style.nation_colour(n)[0],
                edgecolor=style.INK,
                linewidth=0.4,
                clip_on=False,
            )
        )
    ax.tick_params(axis="y", pad=TAB_W * 72.0 + 4)
    ax.set_yticks(ypos, [data.nation_label(n) for n in nations], fontsize=LABEL_SIZE)
    ax.set_ylim(len(nations) - 0.5, -0.5)
    ax.set_xlabel(_("Personnel"))
    return y - (page.a_h + AXIS_LABEL_H + PANEL_GAP)


def _categories_panel(fig: Figure, page: _Page, data: _Data, y: float) -> float:
    """2. By category, stacked by personnel kind, with the personnel requirements."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    categories, total = data.categories, data.total
    y = _section(fig, y, _("Personnel by unit category and kind, against the mandate's requirements"))
    kinds = [k for k in PERSONNEL_KINDS if getattr(total, k)] or ["military"]
    handles: list[Any] = [
        Patch(
            facecolor=style.KIND_COLOURS[k],
            hatch=style.KIND_HATCHES[k],
            edgecolor="white",
            linewidth=0.5,
            label=_(KIND_LABELS[k]) if k in KIND_LABELS else k.capitalize(),
        )
        for k in kinds
    ]
    if data.personnel_checks:
        handles.append(
            Line2D(
                [],
                [],
                color=style.INK,
                marker="|",
                markersize=11,
                markeredgewidth=2.2,
                linestyle="none",
                label=_("Required strength (mandate)"),
            )
        )
    y = _legend(fig, page, y, handles)
    ax2 = style.add_axes_inches(fig, page.left, y - page.b_h, page.axis_w, page.b_h)
    by_cat = {c: data.summary.by_category.get(c, Totals()) for c in categories}
    ypos = list(range(len(categories)))
    lefts: list[float] = [0.0] * len(categories)
    for k in kinds:
        kind_widths = [float(getattr(by_cat[c], k)) for c in categories]
        ax2.barh(
            ypos,
            kind_widths,
            left=lefts,
            height=0.68,
            color=style.KIND_COLOURS[k],
            hatch=style.KIND_HATCHES[k],
            edgecolor="white",
            linewidth=0.5,
            gid=f"bar-category-{k}",
        )
        lefts = [a + b for a, b in zip(lefts, kind_widths, strict=True)]
    reqs = {c: [p for p in data.personnel_checks if p.what == c] for c in categories}
    values: list[float] = []
    texts: list[tuple[str, str, bool]] = []
    for c in categories:
        strength = by_cat[c].personnel
        main = f"{style.num(strength)} ({style.pct(data.share(strength))})"
        rest, met = "", True
        for p in reqs[c]:
            verdict, ok = data.verdict(p)
            rest += " · " + _("required %(need)s") % {"need": style.num(p.requirement.personnel or 0)}
            rest += f"{p.deadline()}: {verdict}"
            met = met and ok
        values.append(float(max([strength, *[p.requirement.personnel or 0 for p in reqs[c]]])))
        texts.append((main, rest, met))
    widths = [style.text_width(main + rest, LABEL_SIZE) / 72.0 for main, rest, _met in texts]
    xmax2 = _xmax(values, widths, page.axis_w)
    _personnel_axis(ax2, xmax2)
    for i, c in enumerate(categories):
        for p in reqs[c]:
            level = float(p.requirement.personnel or 0)
            ax2.plot(
                [level, level],
                [i - 0.46, i + 0.46],
                color=style.INK,
                linewidth=2.2,
                solid_capstyle="butt",
                gid=f"requirement-{c}",
            )
        _bar_label(ax2, values[i] + xmax2 * 0.006, i, *texts[i])
    ax2.set_yticks(ypos, [data.category_label(c) for c in categories], fontsize=LABEL_SIZE)
    ax2.set_ylim(len(categories) - 0.5, -0.5)
    ax2.set_xlabel(_("Personnel"))
    return y - (page.b_h + AXIS_LABEL_H + PANEL_GAP * 0.6)


def _bar_label(ax: Axes, x: float, i: int, main: str, rest: str, met: bool) -> None:
    """A category's strength in bold, then its requirements in black (met) or vermillion (not)."""
    from matplotlib.text import Annotation

    t1 = ax.text(x, i, main, va="center", ha="left", fontsize=LABEL_SIZE, fontweight="bold")
    if rest:
        ax.add_artist(
            Annotation(
                rest,
                xy=(1, 0.5),
                xycoords=t1,
                va="center",
                ha="left",
                fontsize=LABEL_SIZE,
                color=MET if met else SHORT,
            )
        )


def _units_panel(fig: Figure, page: _Page, y: float) -> None:
    """3. Requirements counted in units or by capability."""
    inch = fig.dpi_scale_trans
    y = _section(fig, y, _("Units and capabilities required"))
    status_w = max(style.text_width(st, LABEL_SIZE, True) for _line, _ok, st in page.c_lines) / 72.0 + 0.2
    for line, met, status in page.c_lines:
        y -= page.line_step
        fig.text(
            style.PAGE_MARGIN + 0.05,
            y,
            status,
            transform=inch,
            fontsize=LABEL_SIZE,
            fontweight="bold",
            color=MET if met else SHORT,
            va="baseline",
        )
        x = style.PAGE_MARGIN + 0.05 + status_w
        fig.text(
            x,
            y,
            style.wrap_text(line, (WIDTH - x - style.PAGE_MARGIN) * 72.0, LABEL_SIZE, max_lines=1)[0],
            transform=inch,
            fontsize=LABEL_SIZE,
            va="baseline",
        )
