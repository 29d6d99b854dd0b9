"""The force-structure (org) chart: the command tree with APP-6 / MIL-STD-2525D unit symbols.

The chart is built in two steps, so tests and other tools can check the geometry without drawing:

1. :func:`~pkforce.charts.org_layout.org_layout` places every shown unit on a tidy tree, in inches
   (module :mod:`pkforce.charts.org_layout`).
2. :func:`draw_org` draws that layout: the page (:func:`_page`: title, subtitle and legend rows,
   sized to the tree), its furniture (:func:`_draw_page`), and the tree (:func:`_draw_tree`):
   connectors, then one SVG group per unit (:func:`_unit_artists`) with its symbol in the APP-6
   friendly frame, an optional tab coloured by state or category, the state's code beside the
   symbol, and its labels (name; personnel rolled up over the subtree; the split into military,
   police and civilian; a "+N units" marker for collapsed subordinates).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, cast

from ..force import Totals
from ..i18n import _
from . import style
from .org_layout import (
    CELL_W,
    DEFAULT_MAX_HEIGHT,
    DEFAULT_MAX_WIDTH,
    H_GAP,
    MARKER_SIZE,
    OrgLayout,
    OrgNode,
    _line_h,
    _marker_text,
    _split_text,
    org_layout,
)
from .symbols import fallback_shape, symbol_shape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario.model import Scenario

__all__ = ["CELL_W", "H_GAP", "OrgLayout", "OrgNode", "draw_org", "org_chart", "org_layout"]

ColorBy = Literal["nation", "category"]

TITLE_SIZE = 13.0
SUBTITLE_SIZE = 8.5
CAPTION_SIZE = 7.0
LEGEND_SIZE = 7.5
MARGIN = 0.3
EDGE_COLOUR = "#4d4d4d"
LEGEND_LABEL_W = 3.0
"""inches: a longer legend label (a state's name) is cut"""
CODE_SIZE = 6.5
"""the contributing state's code beside a symbol"""
TAB_W = 0.05
"""width of the coloured tab beside a symbol's frame"""
TAB_GAP = 0.03


# --------------------------------------------------------------------------------------------------
# Page geometry


@dataclass
class _Page:
    """The page around the tree, in inches."""

    title_lines: list[str]
    sub_lines: list[str]
    legend: list[list[tuple[str, str | None, float]]]
    caption: str
    width: float
    height: float
    tree_w: float
    tree_h: float
    foot_h: float
    tabs: dict[str, str]
    """unit id -> tab colour"""


def _subtitle(layout: OrgLayout) -> str:
    totals = Totals()
    for n in layout.nodes:
        if n.parent is None:
            totals.merge(n.totals)
    subtitle = (
        f"{style.units_text(layout.total_units)} · {style.personnel_text(totals.personnel)} ({_split_text(totals)}) · "
        + _("personnel rolled up over each unit's subordinates")
    )
    if layout.hidden:
        what = []
        if layout.level is not None:
            levels = _("%(n)s levels below the top") if layout.level != 1 else _("%(n)s level below the top")
            what.append(levels % {"n": layout.level})
        if layout.echelon is not None:
            what.append(_("%(echelon)s and larger") % {"echelon": layout.echelon})
        if layout.stacked:
            what.append(_("lowest level listed in columns"))
        shown = {"what": ", ".join(what) or _("all"), "n": style.num(layout.hidden)}
        subtitle += " · " + _("shown: %(what)s; %(n)s units collapsed into “+N” markers") % shown
    elif layout.stacked:
        subtitle += " · " + _("lowest level listed in columns")
    return subtitle


def _page(layout: OrgLayout, scenario: Scenario, color_by: ColorBy | None, title: str | None) -> _Page:
    tabs, legend_keys = _tabs(layout, color_by)
    if color_by == "nation":
        legend_items = [(style.nation_label(k, scenario, long=True), c) for k, c in legend_keys]
        legend_title = _("Tab: contributing state")
    else:
        legend_items = [(style.category_label(k), c) for k, c in legend_keys]
        legend_title = _("Tab: unit category")
    if color_by is None:
        legend_title = _("Frames: APP-6 friendly")
    title = title or _("Force structure: %(scenario)s") % {"scenario": style.scenario_name(scenario)}
    subtitle = _subtitle(layout)
    tree_w = layout.width + 2 * MARGIN
    tree_h = layout.height + 2 * MARGIN
    title_w = style.text_width(style.fitting_prefix(title, 40 * 72.0, TITLE_SIZE), TITLE_SIZE, True) / 72.0 + 2 * MARGIN
    sub_w = style.text_width(subtitle, SUBTITLE_SIZE) / 72.0 + 2 * MARGIN
    page_w = max(tree_w, min(title_w, 40.0), 7.0)
    if sub_w > page_w:
        sub_lines = style.wrap_text(subtitle, (page_w - 2 * MARGIN) * 72.0, SUBTITLE_SIZE, max_lines=3)
    else:
        sub_lines = [subtitle]
    title_lines = style.wrap_text(title, (page_w - 2 * MARGIN) * 72.0, TITLE_SIZE, bold=True, max_lines=2)
    rows = _legend_rows(legend_items, legend_title, page_w - 2 * MARGIN)
    head_h = (
        MARGIN
        + len(title_lines) * _line_h(TITLE_SIZE)
        + 0.04
        + len(sub_lines) * _line_h(SUBTITLE_SIZE)
        + 0.12
        + len(rows) * _line_h(LEGEND_SIZE) * 1.35
        + 0.1
    )
    foot_h = 0.25 + _line_h(CAPTION_SIZE)
    cap = style.caption(scenario, note=_("symbols: APP-6(D) / MIL-STD-2525D friendly land units"))
    return _Page(
        title_lines=title_lines,
        sub_lines=sub_lines,
        legend=rows,
        caption=style.fit(cap, page_w - 2 * MARGIN, CAPTION_SIZE),
        width=page_w,
        height=head_h + tree_h + foot_h,
        tree_w=tree_w,
        tree_h=tree_h,
        foot_h=foot_h,
        tabs=tabs,
    )


# --------------------------------------------------------------------------------------------------
# Drawing


def draw_org(
    layout: OrgLayout,
    scenario: Scenario,
    *,
    color_by: ColorBy | None = "nation",
    title: str | None = None,
) -> Figure:
    """Draw a laid-out tree as a figure sized to it (inches)."""
    page = _page(layout, scenario, color_by, title)
    fig = style.new_figure(page.width, page.height)
    _draw_page(fig, page)
    _draw_tree(fig, page, layout)
    return fig


def _draw_page(fig: Figure, page: _Page) -> None:
    """Title, subtitle and legend at the top, the caption at the bottom."""
    inch = fig.dpi_scale_trans
    y = page.height - MARGIN
    for line in page.title_lines:
        y -= _line_h(TITLE_SIZE)
        fig.text(MARGIN, y, line, transform=inch, fontsize=TITLE_SIZE, fontweight="bold", va="baseline")
    y -= 0.04
    for line in page.sub_lines:
        y -= _line_h(SUBTITLE_SIZE)
        fig.text(MARGIN, y, line, transform=inch, fontsize=SUBTITLE_SIZE, color=style.MUTED, va="baseline")
    y -= 0.12
    _draw_legend(fig, page.legend, MARGIN, y)
    fig.text(
        MARGIN,
        0.2,
        page.caption,
        transform=inch,
        fontsize=CAPTION_SIZE,
        color=style.MUTED,
        va="baseline",
        gid="caption",
    )


def _draw_tree(fig: Figure, page: _Page, layout: OrgLayout) -> None:
    """The tree: data units are inches, the axes exactly as large as the tree's box plus margins."""
    from matplotlib.collections import LineCollection

    left = (page.width - page.tree_w) / 2.0
    ax = fig.add_axes(
        (left / page.width, page.foot_h / page.height, page.tree_w / page.width, page.tree_h / page.height)
    )
    ax.set_xlim(layout.x0 - MARGIN, layout.x1 + MARGIN)
    ax.set_ylim(layout.y0 - MARGIN, layout.y1 + MARGIN)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()

    lines = LineCollection(
        layout.edges, colors=EDGE_COLOUR, linewidths=0.8, zorder=1, capstyle="butt", joinstyle="miter"
    )
    lines.set_gid("connectors")
    ax.add_collection(lines, autolim=False)

    group_class = _group_class()
    for node in layout.nodes:
        group = group_class(_unit_artists(ax, node, page.tabs.get(node.id)), f"unit-{node.id}")
        group.set_zorder(3)
        ax.add_artist(group)


def _unit_artists(ax: Axes, node: OrgNode, tab: str | None) -> list[Any]:
    """One unit: its symbol, tab, labels, "+N units" marker and state code, in drawing order."""
    from matplotlib.patches import FancyBboxPatch, Rectangle
    from matplotlib.text import Text

    from .symbols import draw_symbol

    collector = _Collector(ax)
    draw_symbol(cast("Axes", collector), node.sidc, node.x, node.y, node.frame_h)
    artists: list[Any] = collector.artists
    n_symbol = len(artists)
    half_w, half_h = _frame_half(node.sidc, node.frame_h)
    if tab is not None:
        artists.append(
            Rectangle(
                (node.x - half_w - TAB_GAP - TAB_W, node.y - half_h),
                TAB_W,
                2 * half_h,
                facecolor=tab,
                edgecolor=style.INK,
                linewidth=0.4,
            )
        )
    ty = node.text_top
    for text, size, weight, colour in node.lines:
        ty -= _line_h(size)
        artists.append(
            Text(
                node.text_x,
                ty + size * 0.22 / 72.0,
                text,
                fontsize=size,
                fontweight=weight,
                color=colour,
                ha=node.text_align,
                va="baseline",
            )
        )
    if node.hidden and not node.stacked:
        marker = _marker_text(node.hidden)
        w = style.text_width(marker, MARKER_SIZE) / 72.0 + 0.12
        top = ty - 0.03
        h = _line_h(MARKER_SIZE) + 0.02
        artists.append(
            FancyBboxPatch(
                (node.x - w / 2, top - h),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor="#eeeeee",
                edgecolor="#999999",
                linewidth=0.5,
            )
        )
        artists.append(
            Text(
                node.x,
                top - h / 2,
                marker,
                fontsize=MARKER_SIZE,
                fontstyle="italic",
                color=style.INK,
                ha="center",
                va="center_baseline",
            )
        )
    if not node.stacked:  # the country code beside the symbol (a stacked row has it in its label)
        artists.append(
            Text(
                node.x + half_w + TAB_GAP,
                node.y,
                style.nation_label(node.nation),
                fontsize=CODE_SIZE,
                fontweight="bold",
                color=style.INK,
                ha="left",
                va="center_baseline",
            )
        )
    for a in artists[n_symbol:]:
        a.axes = ax
        a.set_figure(ax.figure)
        a.set_transform(ax.transData)
        a.set_clip_on(False)
    return artists


@cache
def _group_class() -> type:
    """A matplotlib artist that draws its children inside one SVG group with the given id."""
    from matplotlib.artist import Artist

    class UnitGroup(Artist):
        def __init__(self, children: list[Artist], gid: str) -> None:
            super().__init__()
            self._kids = children
            self.set_gid(gid)

        def get_children(self) -> list[Artist]:
            return list(self._kids)

        def draw(self, renderer: Any) -> None:
            if not self.get_visible():
                return
            renderer.open_group("unit", gid=self.get_gid())
            for child in self._kids:
                child.draw(renderer)
            renderer.close_group("unit")
            self.stale = False

    return UnitGroup


class _Collector:
    """Stands in for an Axes while a symbol is drawn: keeps the patches instead of adding them."""

    def __init__(self, ax: Axes) -> None:
        self._ax = ax
        self.artists: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ax, name)

    def add_patch(self, patch: Any) -> Any:
        patch.axes = self._ax
        patch.set_figure(self._ax.figure)
        if not patch.is_transform_set():
            patch.set_transform(self._ax.transData)
        patch.set_clip_on(False)
        self.artists.append(patch)
        return patch


def _frame_half(sidc: str, height: float) -> tuple[float, float]:
    """Half the width and half the height of a symbol's frame drawn `height` tall."""
    try:
        shape = symbol_shape(sidc)
    except Exception:  # the same fallback draw_symbol takes
        shape = fallback_shape(sidc)
    return shape.frame_width * height / shape.frame_height / 2.0, height / 2.0


def _tabs(layout: OrgLayout, color_by: ColorBy | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """unit id -> the colour of the tab beside its symbol, and the legend entries (key, colour).

    The frames keep the APP-6 friendly fill; only the tab carries a state's (or a category's)
    colour, from the fixed table, so a state has the same colour in every chart."""
    from ..scenario.vocab import MULTINATIONAL

    if color_by is None:
        return {}, []
    if color_by == "category":
        cats = style.ordered_categories([n.category for n in layout.nodes])
        colour = {c: style.category_colour(c) for c in cats}
        return {n.id: colour[n.category] for n in layout.nodes}, [(c or "other", colour[c]) for c in cats]
    nations = list(dict.fromkeys(n.nation for n in layout.nodes))
    if MULTINATIONAL in nations:  # the multinational grey goes last in the legend
        nations = [n for n in nations if n != MULTINATIONAL] + [MULTINATIONAL]
    colour = {k: style.nation_colour(k)[0] for k in nations}
    return {n.id: colour[n.nation] for n in layout.nodes}, [(k, colour[k]) for k in nations]


def _legend_rows(items: list[tuple[str, str]], title: str, width: float) -> list[list[tuple[str, str | None, float]]]:
    """Legend entries flowed into rows of at most `width` inches: (text, colour or None, x offset)."""
    rows: list[list[tuple[str, str | None, float]]] = [[(title + ":", None, 0.0)]]
    x = style.text_width(title + ":", LEGEND_SIZE, True) / 72.0 + 0.15
    for text, colour in items:
        label = style.fit(text, LEGEND_LABEL_W, LEGEND_SIZE)
        w = 0.3 + style.text_width(label, LEGEND_SIZE) / 72.0 + 0.2
        if x + w > width and x > 0:
            rows.append([])
            x = 0.0
        rows[-1].append((label, colour, x))
        x += w
    return rows


def _draw_legend(fig: Figure, rows: list[list[tuple[str, str | None, float]]], x0: float, y: float) -> None:
    from matplotlib.patches import Rectangle

    inch = fig.dpi_scale_trans
    step = _line_h(LEGEND_SIZE) * 1.35
    for row in rows:
        y -= step
        for label, colour, dx in row:
            if colour is None:
                fig.text(x0 + dx, y, label, transform=inch, fontsize=LEGEND_SIZE, fontweight="bold", va="baseline")
                continue
            fig.patches.append(
                Rectangle(
                    (x0 + dx, y - 0.01),
                    0.22,
                    0.13,
                    transform=inch,
                    facecolor=colour,
                    edgecolor=style.INK,
                    linewidth=0.6,
                    figure=fig,
                )
            )
            fig.text(x0 + dx + 0.3, y, label, transform=inch, fontsize=LEGEND_SIZE, va="baseline")


def org_chart(
    scenario: Scenario,
    *,
    color_by: ColorBy | None = "nation",
    depth: int | str | None = None,
    max_width: float | None = DEFAULT_MAX_WIDTH,
    max_height: float | None = DEFAULT_MAX_HEIGHT,
    title: str | None = None,
) -> Figure:
    """The force-structure chart of a scenario (see :func:`org_layout` for ``depth`` and the limits).

    Every frame has the APP-6 friendly fill; the contributing state's code stands beside each
    symbol, and ``color_by`` adds a coloured tab by ``nation`` or ``category`` (None: no tab)."""
    if color_by not in ("nation", "category", None):
        raise ValueError(f"color_by must be `nation` or `category`, not `{color_by}`")
    with style.chart_style():
        layout = org_layout(scenario, depth=depth, max_width=max_width, max_height=max_height)
        return style.finish(draw_org(layout, scenario, color_by=color_by, title=title))
