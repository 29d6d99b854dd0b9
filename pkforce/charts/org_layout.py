"""The force-structure (org) chart's geometry: where every unit goes, in inches, without drawing.

:func:`org_layout` places every shown unit on a tidy tree. Each subtree is laid out on its own and
its *contour* (the leftmost and rightmost extent on every level below its root) is kept; siblings
are then pushed apart, left to right in the scenario's order, until their contours keep a gap on
every level, and a parent is centred over its first and last child (Reingold & Tilford, *Tidier
drawings of trees*, IEEE TSE 1981). Every unit gets a cell of the same width, and labels are
wrapped or cut to fit it, so no two boxes or labels overlap. Tests and other tools check the
geometry here; :mod:`pkforce.charts.org` draws it.

Large forces stay legible: below ``depth`` (a number of levels, or an echelon name) subordinates
are collapsed into a "+N units" marker. When the tree would be wider than ``max_width`` inches,
the layout first lists the lowest level under its parent as a column ("stacked"), then collapses
one level at a time until it fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from ..force import Force, ResolvedUnit, Totals
from ..i18n import _
from ..scenario.vocab import ECHELON_RANK, ECHELONS
from . import style
from .symbols import fallback_shape, sidc_for, symbol_shape

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = ["CELL_W", "H_GAP", "OrgLayout", "OrgNode", "org_layout"]

# Geometry, in inches (the chart's data units are inches, so text sizes in points match).
CELL_W = 1.62
"""width of every unit's cell: the symbol and its label"""
H_GAP = 0.16
"""least horizontal gap between two cells on one level"""
V_GAP = 0.34
"""vertical room for the connectors between two levels"""
FRAME_H = 0.30
"""height of a symbol's frame"""
STACK_FRAME_H = 0.22
"""frame height of a unit listed in a stacked column"""
STACK_INDENT = 0.24
"""from a stacked column's left edge to its symbols"""
STACK_GAP = 0.14
"""between a parent's label and its stacked list"""
ROW_GAP = 0.08
"""between two rows of a stacked list"""
LABEL_PAD = 0.05
"""between a symbol and its label"""
CONNECTOR_GAP = 0.05
"""between a connector's end and the echelon mark it points at, so the mark stays readable"""

NAME_SIZE = 7.5
INFO_SIZE = 7.0
SPLIT_SIZE = 6.5
MARKER_SIZE = 6.5
LINE_SPACING = 1.22
TEXT_MARGIN_PT = 3.0

DEFAULT_MAX_WIDTH = 48.0
"""inches: about the width of an A0 poster; wider trees are stacked, then collapsed"""
DEFAULT_MAX_HEIGHT = 36.0


def _line_h(size: float) -> float:
    return size * LINE_SPACING / 72.0


# --------------------------------------------------------------------------------------------------
# The tree to show


@dataclass
class _Tree:
    """The command tree as charted: every unit once, orphans and cycles turned into extra roots."""

    units: dict[str, ResolvedUnit]
    roots: list[str]
    kids: dict[str, list[str]]
    depth: dict[str, int]
    order: list[str]
    """pre-order"""
    rollup: dict[str, Totals]
    size: dict[str, int]
    """units in each subtree, the unit included"""


def _tree(force: Force) -> _Tree:
    t = force.tree
    size = {uid: totals.units for uid, totals in t.rollups.items()}
    return _Tree(dict(force.by_id), list(t.roots), t.kids, t.depth, t.order, t.rollups, size)


def _depth_filter(depth: int | str | None) -> tuple[int | None, int | None]:
    """(level limit, least echelon rank) from a ``depth`` option: 2, "2", "battalion" or None."""
    if depth is None:
        return None, None
    if isinstance(depth, bool):
        raise ValueError("depth must be a number of levels or an echelon name")
    if isinstance(depth, int):
        if depth < 0:
            raise ValueError(f"depth must be 0 or more, not {depth}")
        return depth, None
    text = str(depth).strip().lower()
    if text.isdigit():
        return int(text), None
    if text in ECHELON_RANK:
        return None, ECHELON_RANK[text]
    raise ValueError(f"depth `{depth}` is neither a number of levels nor an echelon ({', '.join(ECHELONS)})")


# --------------------------------------------------------------------------------------------------
# Layout


@dataclass
class OrgNode:
    """One shown unit: where its frame is and everything it draws, in inches (y up)."""

    id: str
    name: str
    nation: str
    category: str | None
    echelon: str | None
    sidc: str
    depth: int
    x: float
    """centre of the symbol's frame"""
    y: float
    frame_h: float
    box: tuple[float, float, float, float]
    """(x0, y0, x1, y1): the cell holding the symbol and every label line"""
    lines: list[tuple[str, float, str, str]]
    """label lines: (text, size in points, weight, colour), top to bottom"""
    text_x: float
    text_top: float
    text_align: Literal["center", "left"]
    hidden: int
    """subordinates collapsed into this unit's "+N units" marker"""
    stacked: bool
    """listed in a column under its parent"""
    totals: Totals
    """rolled up over the unit's whole subtree, collapsed subordinates included"""
    parent: str | None


@dataclass
class OrgLayout:
    """Where every shown unit goes. Coordinates in inches, y up, the top of the tree at y = 0."""

    nodes: list[OrgNode]
    edges: list[list[tuple[float, float]]]
    """connector polylines"""
    x0: float
    x1: float
    y0: float
    y1: float
    level: int | None
    """the level limit used (None: every level shown)"""
    echelon: str | None
    """the least echelon shown (None: no echelon limit)"""
    stacked: bool
    """the lowest shown level is listed in columns"""
    automatic: bool
    """the layout was collapsed or stacked to fit ``max_width`` / ``max_height``"""
    total_units: int
    frame_h: float = FRAME_H
    symbols: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def hidden(self) -> int:
        """Units not shown."""
        return self.total_units - len(self.nodes)

    def node(self, unit_id: str) -> OrgNode:
        for n in self.nodes:
            if n.id == unit_id:
                return n
        raise KeyError(unit_id)


@cache
def _extent(sidc: str, height: float) -> tuple[float, float, float, float]:
    """(left, below, right, above) of a symbol from its frame centre, as draw_symbol will draw it."""
    try:
        shape = symbol_shape(sidc)
    except Exception:  # the same fallback draw_symbol takes
        shape = fallback_shape(sidc)
    scale = height / shape.frame_height
    ax, ay = shape.anchor
    return (ax * scale, ay * scale, (shape.aspect - ax) * scale, (1.0 - ay) * scale)


def _sidc(u: ResolvedUnit, multinational: bool) -> str:
    return sidc_for(u.category or "other", u.echelon, u.type, u.capabilities, multinational=multinational)


def _multinational(tree: _Tree) -> set[str]:
    """Units that are multinational: their nation says so, or they and their subordinates come
    from two or more states (the combined command). A national brigade's HQ is not."""
    from ..scenario.vocab import MULTINATIONAL

    nations: dict[str, set[str]] = {}
    for uid in reversed(tree.order):
        mine = {tree.units[uid].nation}
        for c in tree.kids.get(uid, []):
            mine |= nations[c]
        nations[uid] = mine
    return {uid for uid, ns in nations.items() if len(ns) > 1 or MULTINATIONAL in ns}


def _split_text(t: Totals) -> str:
    labels = ((_("mil %(n)s"), t.military), (_("pol %(n)s"), t.police), (_("civ %(n)s"), t.civilian))
    parts = [label % {"n": style.num(n)} for label, n in labels if n]
    return " · ".join(parts) if parts else _("no personnel")


def _label_lines(u: ResolvedUnit, t: Totals, width_pt: float, *, compact: bool) -> list[tuple[str, float, str, str]]:
    name_size = NAME_SIZE - (0.5 if compact else 0.0)
    lines = [
        (line, name_size, "bold", style.INK)
        for line in style.wrap_text(u.name, width_pt, name_size, bold=True, max_lines=2 if compact else 3)
    ]
    # In a tree cell the state's code stands beside the symbol; a stacked row names it in its label.
    nation = f"{style.nation_label(u.nation)} · " if compact else ""
    info = nation + style.personnel_text(t.personnel)
    if style.text_width(info, INFO_SIZE) > width_pt:
        info = nation + _("%(n)s pers.") % {"n": style.num(t.personnel)}
    lines.append((style.wrap_text(info, width_pt, INFO_SIZE, max_lines=1)[0], INFO_SIZE, "normal", style.INK))
    split = _split_text(t)
    lines.append((style.wrap_text(split, width_pt, SPLIT_SIZE, max_lines=1)[0], SPLIT_SIZE, "normal", style.MUTED))
    return lines


def _lines_height(lines: Sequence[tuple[str, float, str, str]]) -> float:
    return sum(_line_h(size) for _text, size, _weight, _colour in lines)


def _marker_text(hidden: int) -> str:
    return "+" + style.units_text(hidden)


MARKER_H = _line_h(MARKER_SIZE) + 0.06


@dataclass
class _Plan:
    shown: list[str]
    shown_kids: dict[str, list[str]]
    hidden: dict[str, int]
    stacked: set[str]
    """parents whose children are listed in a column"""


def _plan(tree: _Tree, level: int | None, min_rank: int | None, stack: bool) -> _Plan:
    def visible(uid: str) -> bool:
        if level is not None and tree.depth[uid] > level:
            return False
        if min_rank is not None:
            ech = tree.units[uid].echelon
            if ech in ECHELON_RANK and ECHELON_RANK[ech] < min_rank:
                return False
        return True

    shown: list[str] = []
    shown_kids: dict[str, list[str]] = {}
    hidden: dict[str, int] = {}
    hidden_parents: set[str] = set()
    shown_set: set[str] = set()
    for uid in tree.order:
        u = tree.units[uid]
        parent = u.parent if u.parent in tree.units and uid not in tree.roots else None
        if parent is not None and (parent not in shown_set or parent in hidden_parents):
            hidden_parents.add(uid)
            continue
        if not visible(uid) and parent is not None:
            hidden_parents.add(uid)
            hidden[parent] = hidden.get(parent, 0) + tree.size[uid]
            continue
        shown.append(uid)
        shown_set.add(uid)
        shown_kids[uid] = []
        if parent is not None:
            shown_kids[parent].append(uid)
    stacked: set[str] = set()
    if stack:
        for uid in shown:
            kids = shown_kids[uid]
            if len(kids) >= 2 and all(not shown_kids[k] for k in kids):
                stacked.add(uid)
    return _Plan(shown, shown_kids, hidden, stacked)


def _node(tree: _Tree, uid: str, sidc: str, **geometry: Any) -> OrgNode:
    """An OrgNode for a unit of the tree: who it is from the tree, where it goes from `geometry`."""
    u = tree.units[uid]
    return OrgNode(
        id=uid,
        name=u.name,
        nation=u.nation,
        category=u.category,
        echelon=u.echelon,
        sidc=sidc,
        depth=tree.depth[uid],
        totals=tree.rollup[uid],
        **geometry,
    )


@dataclass
class _Cells:
    """The planned units' symbols and labels, and the heights they need (inches)."""

    sidcs: dict[str, str]
    in_stack: set[str]
    """units listed in a column under their parent"""
    normal: list[str]
    """units in tree cells, pre-order"""
    above: float
    """from the top of a cell to the frame's centre (the tallest symbol's)"""
    below: dict[str, float]
    labels: dict[str, list[tuple[str, float, str, str]]]
    node_h: dict[str, float]
    cell_h: float
    level_h: float
    text_dx: float
    """from a column's left edge to its labels"""
    s_labels: dict[str, list[tuple[str, float, str, str]]]
    s_row_h: dict[str, float]
    block_h: dict[str, float]
    """parent -> height of its stacked column"""


def _cells(tree: _Tree, plan: _Plan) -> _Cells:
    """Symbols, label lines and heights of every planned unit, in cells and in columns."""
    width_pt = CELL_W * 72.0 - 2 * TEXT_MARGIN_PT
    mn = _multinational(tree)
    sidcs = {uid: _sidc(tree.units[uid], uid in mn) for uid in plan.shown}
    in_stack = {k for p in plan.stacked for k in plan.shown_kids[p]}
    normal = [uid for uid in plan.shown if uid not in in_stack]
    above = max((_extent(sidcs[n], FRAME_H)[3] for n in normal), default=FRAME_H)
    below = {n: _extent(sidcs[n], FRAME_H)[1] for n in normal}
    labels = {n: _label_lines(tree.units[n], tree.rollup[n], width_pt, compact=False) for n in normal}
    node_h = {
        n: above
        + below[n]
        + LABEL_PAD
        + _lines_height(labels[n])
        + (MARKER_H if plan.hidden.get(n) and not plan.shown_kids[n] else 0.0)
        for n in normal
    }
    cell_h = max(node_h.values(), default=1.0)
    level_h = cell_h + V_GAP

    # Stacked columns: each row's label and height.
    s_sym_w = 0.0
    for sid in in_stack:
        left, _bottom, right, _top = _extent(sidcs[sid], STACK_FRAME_H)
        s_sym_w = max(s_sym_w, left + right)
    text_dx = STACK_INDENT + s_sym_w + 0.06
    s_width_pt = (CELL_W - text_dx) * 72.0 - TEXT_MARGIN_PT
    s_labels: dict[str, list[tuple[str, float, str, str]]] = {}
    s_row_h: dict[str, float] = {}
    for sid in in_stack:
        lines = _label_lines(tree.units[sid], tree.rollup[sid], s_width_pt, compact=True)
        if plan.hidden.get(sid):
            text, size, weight, colour = lines[-1]
            marker = f"{text} · {_marker_text(plan.hidden[sid])}"
            if style.text_width(marker, size) > s_width_pt:
                lines.append((_marker_text(plan.hidden[sid]), size, "normal", colour))
            else:
                lines[-1] = (marker, size, weight, colour)
        s_labels[sid] = lines
        _left, b, _right, a = _extent(sidcs[sid], STACK_FRAME_H)
        s_row_h[sid] = max(a + b, _lines_height(lines)) + ROW_GAP
    block_h = {p: STACK_GAP + sum(s_row_h[k] for k in plan.shown_kids[p]) for p in plan.stacked}

    return _Cells(
        sidcs, in_stack, normal, above, below, labels, node_h, cell_h, level_h, text_dx, s_labels, s_row_h, block_h
    )


def _x_positions(tree: _Tree, plan: _Plan, cells: _Cells) -> tuple[dict[str, float], list[str]]:
    """Every cell's x (the tidy tree) and the roots: contours, children before parents."""
    normal, node_h, cell_h = cells.normal, cells.node_h, cells.cell_h
    level_h, block_h = cells.level_h, cells.block_h
    # offset[c]: a child's x relative to its parent.
    half = CELL_W / 2.0
    contour: dict[str, list[tuple[float, float]]] = {}
    offset: dict[str, float] = {}
    for uid in reversed(normal):
        if uid in plan.stacked:
            extra = node_h[uid] + block_h[uid] - cell_h  # how far the column reaches below the cell
            levels = 1
            while extra > V_GAP + (levels - 1) * level_h:
                levels += 1
            contour[uid] = [(-half, half)] * (levels if extra > 0 else 1)
            continue
        kids = plan.shown_kids[uid]
        if not kids:
            contour[uid] = [(-half, half)]
            continue
        acc: list[tuple[float, float]] = []
        pos: list[float] = []
        for c in kids:
            cc = contour.pop(c)
            shift = 0.0
            if acc:
                shift = max(acc[k][1] - cc[k][0] + H_GAP for k in range(min(len(acc), len(cc))))
            pos.append(shift)
            for k, (lo, hi) in enumerate(cc):
                if k < len(acc):
                    acc[k] = (min(acc[k][0], lo + shift), max(acc[k][1], hi + shift))
                else:
                    acc.append((lo + shift, hi + shift))
        centre = (pos[0] + pos[-1]) / 2.0
        for c, p in zip(kids, pos, strict=True):
            offset[c] = p - centre
        contour[uid] = [(-half, half)] + [(lo - centre, hi - centre) for lo, hi in acc]

    # Roots side by side, then absolute positions (pre-order).
    roots = [u for u in normal if u not in offset]
    acc = []
    xs: dict[str, float] = {}
    for r in roots:
        cc = contour.pop(r)
        shift = 0.0
        if acc:
            shift = max(acc[k][1] - cc[k][0] + 2 * H_GAP for k in range(min(len(acc), len(cc))))
        xs[r] = shift
        for k, (lo, hi) in enumerate(cc):
            if k < len(acc):
                acc[k] = (min(acc[k][0], lo + shift), max(acc[k][1], hi + shift))
            else:
                acc.append((lo + shift, hi + shift))
    for uid in normal:
        if uid not in xs:
            parent = tree.units[uid].parent
            assert parent is not None
            xs[uid] = xs[parent] + offset[uid]

    return xs, roots


def _place(
    tree: _Tree, plan: _Plan, cells: _Cells, xs: dict[str, float], roots: list[str]
) -> tuple[list[OrgNode], list[list[tuple[float, float]]], dict[str, tuple[float, float, float, float]]]:
    """The nodes (cells, then their stacked columns) with their connectors."""
    sidcs, in_stack, normal, above, below = cells.sidcs, cells.in_stack, cells.normal, cells.above, cells.below
    labels, level_h, text_dx = cells.labels, cells.level_h, cells.text_dx
    s_labels, s_row_h = cells.s_labels, cells.s_row_h
    half = CELL_W / 2.0
    nodes: list[OrgNode] = []
    edges: list[list[tuple[float, float]]] = []
    symbols: dict[str, tuple[float, float, float, float]] = {}
    bottom: dict[str, float] = {}
    for uid in plan.shown:
        if uid in in_stack:
            continue
        u = tree.units[uid]
        d = tree.depth[uid]
        top = -d * level_h
        x = xs[uid]
        y = top - above
        lines = labels[uid]
        text_top = y - below[uid] - LABEL_PAD
        y_bottom = text_top - _lines_height(lines)
        hidden = plan.hidden.get(uid, 0)
        if hidden and not plan.shown_kids[uid]:
            y_bottom -= MARKER_H
        bottom[uid] = y_bottom
        left, b, right, a = _extent(sidcs[uid], FRAME_H)
        symbols[uid] = (x - left, y - b, x + right, y + a)
        nodes.append(
            _node(
                tree,
                uid,
                sidcs[uid],
                x=x,
                y=y,
                frame_h=FRAME_H,
                box=(x - half, y_bottom, x + half, top),
                lines=lines,
                text_x=x,
                text_top=text_top,
                text_align="center",
                hidden=hidden,
                stacked=False,
                parent=u.parent if uid not in roots else None,
            )
        )
        if uid in plan.stacked:
            col_left = x - half
            spine_x = col_left + 0.10
            row_top = y_bottom - STACK_GAP
            ticks: list[float] = []
            for kid in plan.shown_kids[uid]:
                left, b, right, a = _extent(sidcs[kid], STACK_FRAME_H)
                ky = row_top - a
                kx = col_left + STACK_INDENT + left
                tx = col_left + text_dx
                kh = s_row_h[kid]
                symbols[kid] = (kx - left, ky - b, kx + right, ky + a)
                khidden = plan.hidden.get(kid, 0)
                nodes.append(
                    _node(
                        tree,
                        kid,
                        sidcs[kid],
                        x=kx,
                        y=ky,
                        frame_h=STACK_FRAME_H,
                        box=(col_left, row_top - kh + ROW_GAP, col_left + CELL_W, row_top),
                        lines=s_labels[kid],
                        text_x=tx,
                        text_top=row_top,
                        text_align="left",
                        hidden=khidden,
                        stacked=True,
                        parent=uid,
                    )
                )
                ticks.append(ky)
                edges.append([(spine_x, ky), (kx - left, ky)])
                row_top -= kh
            stub = y_bottom - STACK_GAP / 2.0
            edges.append([(x, y_bottom), (x, stub), (spine_x, stub), (spine_x, ticks[-1])])
    for uid in normal:
        kids = plan.shown_kids[uid]
        if not kids or uid in plan.stacked:
            continue
        child_top = -(tree.depth[uid] + 1) * level_h
        bus = child_top + V_GAP * 0.45
        x = xs[uid]
        edges.append([(x, bottom[uid]), (x, bus)])
        if len(kids) > 1:
            edges.append([(xs[kids[0]], bus), (xs[kids[-1]], bus)])
        for c in kids:
            edges.append([(xs[c], bus), (xs[c], symbols[c][3] + CONNECTOR_GAP)])

    return nodes, edges, symbols


def _layout(tree: _Tree, plan: _Plan, *, level: int | None, echelon: str | None, automatic: bool) -> OrgLayout:
    """Place the planned units: cell sizes, the tidy tree's x positions, then nodes and connectors."""
    cells = _cells(tree, plan)
    xs, roots = _x_positions(tree, plan, cells)
    nodes, edges, symbols = _place(tree, plan, cells, xs, roots)
    x0 = min((n.box[0] for n in nodes), default=0.0)
    x1 = max((n.box[2] for n in nodes), default=0.0)
    y0 = min((n.box[1] for n in nodes), default=0.0)
    y1 = max((n.box[3] for n in nodes), default=0.0)
    return OrgLayout(
        nodes=nodes,
        edges=edges,
        x0=x0,
        x1=x1,
        y0=y0,
        y1=y1,
        level=level,
        echelon=echelon,
        stacked=bool(plan.stacked),
        automatic=automatic,
        total_units=len(tree.units),
        symbols=symbols,
    )


def org_layout(
    scenario: Scenario | Force,
    *,
    depth: int | str | None = None,
    max_width: float | None = DEFAULT_MAX_WIDTH,
    max_height: float | None = DEFAULT_MAX_HEIGHT,
) -> OrgLayout:
    """Lay out the command tree (see the module docstring). Sizes in inches.

    ``depth``: show this many levels below the roots (0: the roots only), or units of this echelon
    and larger (``"battalion"``); None shows every level. ``max_width`` / ``max_height``: when the
    tree would be larger, list the lowest level in columns, then collapse a level at a time; None
    turns the automatic fitting off in that direction.
    """
    force = scenario if isinstance(scenario, Force) else Force.from_scenario(scenario)
    tree = _tree(force)
    level, min_rank = _depth_filter(depth)
    echelon = ECHELONS[min_rank] if min_rank is not None else None
    deepest = max(tree.depth.values(), default=0)
    start = deepest if level is None else min(level, deepest)
    if max_height is not None:
        # Each level is at least a frame and a gap tall: deeper plans cannot fit, so do not lay
        # them out one by one (a 5,000-deep chain would otherwise take minutes).
        tallest = max(0, int((max_height + V_GAP) // (FRAME_H + V_GAP)) - 1)
        start = min(start, tallest)

    def fits(lay: OrgLayout) -> bool:
        return (max_width is None or lay.width <= max_width) and (max_height is None or lay.height <= max_height)

    last: tuple[_Plan, int | None, bool] | None = None
    for lv in range(start, -1, -1):
        limit = None if (level is None and lv == deepest) else lv
        for stack in (False, True):
            automatic = stack or lv != start
            plan = _plan(tree, limit, min_rank, stack)
            if stack and not plan.stacked:
                continue
            last = (plan, limit, automatic)
            if max_width is not None and _least_width(tree, plan) > max_width and lv > 0:
                continue  # cannot fit: skip the costly layout
            lay = _layout(tree, plan, level=limit, echelon=echelon, automatic=automatic)
            if fits(lay):
                return lay
    if last is None:
        return _layout(tree, _plan(tree, None, None, False), level=None, echelon=None, automatic=False)
    plan, limit, automatic = last
    return _layout(tree, plan, level=limit, echelon=echelon, automatic=automatic)


def _least_width(tree: _Tree, plan: _Plan) -> float:
    """A lower bound of the layout's width: the most cells on one level, side by side."""
    in_stack = {k for p in plan.stacked for k in plan.shown_kids[p]}
    per_level: dict[int, int] = {}
    for uid in plan.shown:
        if uid not in in_stack:
            d = tree.depth[uid]
            per_level[d] = per_level.get(d, 0) + 1
    most = max(per_level.values(), default=0)
    return most * CELL_W + max(most - 1, 0) * H_GAP
