"""Military unit symbols (APP-6 / MIL-STD-2525) for the force-structure chart.

A staff officer reads a unit from its symbol: a frame (friendly: a blue rectangle), an icon for its
function and an echelon mark above the frame. This module turns pkforce's unit vocabulary into such
symbols and draws them with matplotlib as vector paths, so SVG and PDF output stays vector:

- :func:`sidc_for` picks the 20-digit MIL-STD-2525D / APP-6(D) code (SIDC) for a unit from the table in
  ``pkforce/data/symbols.yaml`` (type, else first capability with an entry, else category).
- :func:`symbol_svg` renders a code with `milsymbol <https://pypi.org/project/milsymbol/>`_.
- :func:`symbol_shape` converts that SVG into matplotlib paths (:class:`SymbolShape`).
- :func:`draw_symbol` draws a symbol on an axes, falling back to :func:`draw_fallback_symbol` (plain
  built-in drawings) when milsymbol is missing or cannot render the code. It never raises for a bad
  code.

Example::

    >>> sidc_for("combat", "battalion", "infantry_battalion")
    '10031000161211000000'

matplotlib and milsymbol are imported inside the functions that need them: importing this module is
cheap, and ``pkforce validate`` never pays for charts.
"""

from __future__ import annotations

import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import svgpath

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.path import Path

__all__ = [
    "AMPLIFIERS",
    "FallbackIcon",
    "ShapePart",
    "SymbolEntry",
    "SymbolShape",
    "SymbolTable",
    "SymbolUnavailable",
    "clear_symbol_caches",
    "draw_fallback_symbol",
    "draw_symbol",
    "fallback_shape",
    "parse_path_data",
    "shape_from_svg",
    "sidc_for",
    "symbol_entry",
    "symbol_shape",
    "symbol_svg",
    "symbol_table",
]

log = logging.getLogger(__name__)

parse_path_data = svgpath.parse_path_data
"""Re-exported from :mod:`pkforce.charts.svgpath`, where the SVG reading lives."""

AMPLIFIERS = frozenset(
    {
        "unique_designation",
        "higher_formation",
        "country",
        "quantity",
        "type",
        "staff_comments",
        "additional_information",
        "reinforced_reduced",
        "dtg",
        "location",
        "speed",
        "evaluation_rating",
        "combat_effectiveness",
        "signature_equipment",
        "special_headquarters",
        "headquarters_element",
        "common_identifier",
        "size",
        "stroke_width",
        "outline_width",
    }
)
"""Keyword arguments :func:`symbol_svg` passes to ``milsymbol.Symbol`` (text amplifiers and style).

milsymbol follows 2525D in placing ``country`` only on equipment and activity symbols, never on units;
an org chart shows the contributing state by its own label or fill colour instead.
"""

_HQ_TF_DIGIT = {(False, False): "0", (False, True): "4", (True, False): "2", (True, True): "6"}
_FRIEND_FILL = "#80e0ff"  # milsymbol's friendly frame fill, rgb(128,224,255)
_CIVILIAN_FILL = "#ffa1ff"  # milsymbol's civilian fill, rgb(255,161,255)


class SymbolUnavailable(ValueError):
    """milsymbol is not installed, or it has no symbol for the code."""


# --------------------------------------------------------------------------------------------------
# The mapping table (pkforce/data/symbols.yaml)


@dataclass(frozen=True)
class FallbackIcon:
    """What :func:`draw_fallback_symbol` draws inside the frame: a named icon, text, small top text."""

    icon: str = "blank"
    text: str = ""
    top: str = ""


@dataclass(frozen=True)
class SymbolEntry:
    """One row of the symbol table: the function part of a code and what it means."""

    entity: str
    symbol_set: str = "10"
    modifier1: str = "00"
    modifier2: str = "00"
    headquarters: bool = False
    task_force: bool = False
    capabilities_override: bool = True
    label: str = ""
    reads: str = ""
    note: str = ""
    fallback: FallbackIcon = field(default_factory=FallbackIcon)


@dataclass(frozen=True)
class SymbolTable:
    """The parsed ``symbols.yaml``: code format, echelon digits and the three lookup tables."""

    version: str
    context: str
    affiliation: str
    status: str
    echelons: Mapping[str, str]
    """echelon name -> two-digit code"""
    echelon_marks: Mapping[str, str]
    categories: Mapping[str, SymbolEntry]
    types: Mapping[str, SymbolEntry]
    capabilities: Mapping[str, SymbolEntry]
    national: Mapping[str, SymbolEntry] = field(default_factory=dict)
    """entity of a multinational entry -> the entry drawn for a unit of one state instead"""

    def fallback_for(self, symbol_set: str, entity: str, modifier1: str, modifier2: str) -> FallbackIcon | None:
        """The fallback icon of the entry with this function code (best match), if any."""
        exact: FallbackIcon | None = None
        loose: FallbackIcon | None = None
        for entry in self.entries():
            if entry.symbol_set != symbol_set or entry.entity != entity:
                continue
            if (entry.modifier1, entry.modifier2) == (modifier1, modifier2):
                exact = exact or entry.fallback
            elif entry.modifier1 == "00" and entry.modifier2 == "00":
                loose = loose or entry.fallback
        return exact or loose

    def entries(self) -> Iterator[SymbolEntry]:
        """Every entry: categories, then types, then capabilities."""
        yield from self.categories.values()
        yield from self.types.values()
        yield from self.capabilities.values()
        yield from self.national.values()


def _digits(value: Any, width: int, what: str) -> str:
    text = str(value)
    if len(text) != width or not text.isdigit():
        raise ValueError(f"symbols.yaml: {what} must be {width} digits, got {value!r}")
    return text


def _entry(name: str, raw: Mapping[str, Any]) -> SymbolEntry:
    fb = raw.get("fallback", "blank")
    if isinstance(fb, str):
        fallback = FallbackIcon(icon=fb)
    else:
        fallback = FallbackIcon(
            icon=str(fb.get("icon", "blank")), text=str(fb.get("text", "")), top=str(fb.get("top", ""))
        )
    return SymbolEntry(
        entity=_digits(raw["entity"], 6, f"{name}.entity"),
        symbol_set=_digits(raw.get("symbol_set", "10"), 2, f"{name}.symbol_set"),
        modifier1=_digits(raw.get("modifier1", "00"), 2, f"{name}.modifier1"),
        modifier2=_digits(raw.get("modifier2", "00"), 2, f"{name}.modifier2"),
        headquarters=bool(raw.get("headquarters", False)),
        task_force=bool(raw.get("task_force", False)),
        capabilities_override=bool(raw.get("capabilities_override", True)),
        label=str(raw.get("label", "")),
        reads=str(raw.get("reads", "")),
        note=" ".join(str(raw.get("note", "")).split()),
        fallback=fallback,
    )


@cache
def symbol_table() -> SymbolTable:
    """The built-in symbol table, read once from ``pkforce/data/symbols.yaml``."""
    # The table is packaged data of this adapter, like the catalogue is of pkforce.data; it is read
    # with a safe loader and never comes from a user's file.
    from importlib import resources

    import yaml

    text = resources.files("pkforce.data").joinpath("symbols.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    fmt = raw["format"]
    echelons = {str(k): _digits(v["code"], 2, f"echelons.{k}") for k, v in raw["echelons"].items()}
    marks = {str(k): str(v.get("mark", "")) for k, v in raw["echelons"].items()}
    return SymbolTable(
        version=_digits(fmt["version"], 2, "format.version"),
        context=_digits(fmt["context"], 1, "format.context"),
        affiliation=_digits(fmt["affiliation"], 1, "format.affiliation"),
        status=_digits(fmt.get("status", "0"), 1, "format.status"),
        echelons=echelons,
        echelon_marks=marks,
        categories={str(k): _entry(f"categories.{k}", v) for k, v in raw["categories"].items()},
        types={str(k): _entry(f"types.{k}", v) for k, v in raw["types"].items()},
        capabilities={str(k): _entry(f"capabilities.{k}", v) for k, v in raw["capabilities"].items()},
        national={
            _digits(k, 6, f"national.{k}"): _entry(f"national.{k}", v) for k, v in raw.get("national", {}).items()
        },
    )


def symbol_entry(category: str, unit_type: str | None = None, capabilities: Sequence[str] = ()) -> SymbolEntry:
    """The table entry a unit resolves to: its type, else its first listed capability, else its category.

    An unknown category resolves like ``other`` (an empty frame). A category entry with
    ``capabilities_override: false`` (``civilian``) is not replaced by a capability, only by a type.

    >>> symbol_entry("rear_support", capabilities=["transport", "supply"]).label
    'Transportation'
    """
    table = symbol_table()
    if unit_type is not None and unit_type in table.types:
        return table.types[unit_type]
    cat = table.categories.get(category)
    if cat is None:
        log.debug("symbol: unknown category %r, drawn as 'other'", category)
        cat = table.categories["other"]
    if cat.capabilities_override:
        for capability in capabilities:
            if capability in table.capabilities:
                return table.capabilities[capability]
    return cat


def sidc_for(
    category: str,
    echelon: str | None = None,
    unit_type: str | None = None,
    capabilities: Sequence[str] = (),
    *,
    headquarters: bool | None = None,
    task_force: bool | None = None,
    multinational: bool | None = None,
) -> str:
    """The 20-digit 2525D / APP-6(D) code of a friendly land unit.

    ``headquarters`` and ``task_force`` force the headquarters staff and the task-force bracket on
    (True) or off (False); None keeps the table's choice (on for the combined command: the
    ``command`` category and the ``headquarters`` type). ``multinational=False`` draws a unit of one
    state with the table's ``national`` entry instead of a multinational one (a national brigade's
    headquarters gets no "MN"); None keeps the table's entry. An unknown echelon draws no mark.

    >>> sidc_for("command", "brigade")  # combined command: MN, HQ + task force, brigade
    '10031006181804000000'
    >>> sidc_for("command", "brigade", multinational=False)  # a national brigade HQ: C2, HQ
    '10031002181100001000'
    >>> sidc_for("police", "company", "formed_police_unit")
    '10031000152007001400'
    """
    table = symbol_table()
    entry = symbol_entry(category, unit_type, capabilities)
    if multinational is False and entry.entity in table.national:
        entry = table.national[entry.entity]
    if echelon is None:
        echelon_code = "00"
    elif echelon in table.echelons:
        echelon_code = table.echelons[echelon]
    else:
        log.debug("symbol: unknown echelon %r, no echelon mark", echelon)
        echelon_code = "00"
    hq = entry.headquarters if headquarters is None else headquarters
    tf = entry.task_force if task_force is None else task_force
    return (
        f"{table.version}{table.context}{table.affiliation}{entry.symbol_set}{table.status}"
        f"{_HQ_TF_DIGIT[(bool(hq), bool(tf))]}{echelon_code}{entry.entity}{entry.modifier1}{entry.modifier2}"
    )


# --------------------------------------------------------------------------------------------------
# milsymbol


def symbol_svg(sidc: str, **amplifiers: str | float) -> str:
    """milsymbol's SVG text for a code, cached.

    ``amplifiers`` are milsymbol's options, e.g. ``unique_designation="KAZBAT"``,
    ``higher_formation="CPF"``, ``size=60`` (see :data:`AMPLIFIERS`).

    Raises:
        SymbolUnavailable: milsymbol is not installed or does not know the code.
        TypeError: an amplifier name milsymbol does not take (it would silently ignore it).
    """
    unknown = set(amplifiers) - AMPLIFIERS
    if unknown:
        raise TypeError(f"symbol_svg: unknown amplifier(s) {sorted(unknown)}; known: {sorted(AMPLIFIERS)}")
    return _symbol_svg(sidc, tuple(sorted(amplifiers.items())))


@lru_cache(maxsize=1024)
def _symbol_svg(sidc: str, amplifiers: tuple[tuple[str, str | float], ...]) -> str:
    try:
        import milsymbol
    except ImportError as exc:
        raise SymbolUnavailable("milsymbol is not installed (pip install milsymbol)") from exc
    symbol = milsymbol.Symbol(sidc, **dict(amplifiers))
    if not symbol.is_valid():
        raise SymbolUnavailable(f"milsymbol has no symbol for the code {sidc!r}")
    return str(symbol.as_svg())


# --------------------------------------------------------------------------------------------------
# The drawable shape


class ShapePart(NamedTuple):
    """One drawable part: a path in the shape's unit box, its colours (None: none) and stroke width.

    ``linewidth`` is in the same units as the path (a fraction of the symbol's height).
    """

    path: Path
    facecolor: str | None
    edgecolor: str | None
    linewidth: float


@dataclass(frozen=True)
class SymbolShape:
    """A symbol as matplotlib paths in a unit box.

    The box's lower-left corner is (0, 0) and its height is 1 (y up); its width is ``aspect``. The box
    holds the whole symbol: frame, icon, echelon mark, indicators and text amplifiers.
    ``anchor`` is the centre of the frame in box coordinates and ``frame_width`` /
    ``frame_height`` its size, so a caller can place the frame, not the whole symbol.
    """

    sidc: str
    parts: tuple[ShapePart, ...]
    aspect: float
    anchor: tuple[float, float]
    frame_width: float
    frame_height: float
    frame_fill: str | None
    """the frame's fill colour: `draw_symbol(fill=...)` replaces this colour"""
    source: Literal["milsymbol", "fallback"] = "milsymbol"

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the whole symbol in box coordinates: (0, 0, aspect, 1)."""
        return (0.0, 0.0, self.aspect, 1.0)


@lru_cache(maxsize=512)
def symbol_shape(sidc: str) -> SymbolShape:
    """milsymbol's rendering of a code as a :class:`SymbolShape` (cached).

    Raises:
        SymbolUnavailable: milsymbol is missing or cannot render the code.
    """
    return shape_from_svg(symbol_svg(sidc), sidc=sidc)


def clear_symbol_caches() -> None:
    """Forget cached SVG and shapes (tests, or after milsymbol was installed or removed)."""
    _symbol_svg.cache_clear()
    symbol_shape.cache_clear()
    fallback_shape.cache_clear()


# Fraction of the font size from the requested y to the alphabetic baseline (SVG y axis down).
_BASELINE_SHIFT = {"middle": 0.26, "central": 0.35, "hanging": 0.8, "text-before-edge": 0.9, "text-top": 0.9}


@cache
def _font_family() -> str:
    """A sans-serif family matplotlib has, preferring Arial's metrics (milsymbol lays out for Arial)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in ("Arial", "Liberation Sans", "Arimo", "Helvetica", "DejaVu Sans"):
        if family in names:
            return family
    return "sans-serif"


def _text_width_estimate(text: str, size: float, bold: bool) -> float:
    """Width milsymbol assumes for a string (Arial metrics), used to keep text where it placed it."""
    try:
        from milsymbol.textfields import str_width

        width = float(str_width(text, size, 0))
    except (ImportError, AttributeError, TypeError):
        width = 0.6 * size * len(text)
    return width * (1.07 if bold else 1.0)


def _text_outline(
    text: str, x: float, y: float, style: Mapping[str, str]
) -> tuple[list[tuple[float, float]], list[int]]:
    """A text element as glyph outlines in SVG user space (y down)."""
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    size = svgpath.number(style.get("font-size"), 16.0)
    weight = style.get("font-weight", "normal")
    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
    prop = FontProperties(family=_font_family(), weight="bold" if bold else "normal")
    tp = TextPath((0, 0), text, size=size, prop=prop)
    if len(tp.vertices) == 0:
        return [], []
    ext = tp.get_extents()
    width = ext.x1 - ext.x0
    target = _text_width_estimate(text, size, bold)
    sx = min(1.0, target / width) if width > 0 and target > 0 else 1.0  # narrow, never widen
    anchor = style.get("text-anchor", "start")
    if anchor == "middle":
        dx = -(ext.x0 + width / 2) * sx
    elif anchor == "end":
        dx = -ext.x1 * sx
    else:
        dx = 0.0
    baseline = y + _BASELINE_SHIFT.get(style.get("dominant-baseline", ""), 0.0) * size
    glyphs = np.asarray(tp.vertices, dtype=float)
    verts = [(x + dx + float(vx) * sx, baseline - float(vy)) for vx, vy in glyphs]
    return verts, [int(c) for c in np.asarray(tp.codes)]


def shape_from_svg(svg: str, *, sidc: str = "") -> SymbolShape:
    """Convert SVG text (as milsymbol writes it) to a :class:`SymbolShape`.

    Handles path (all commands; arcs become Bezier curves), rect, circle, ellipse, line, polyline,
    polygon and text (as glyph outlines, so output stays vector without the font), nested groups and
    their transforms. The first drawn element is taken as the frame, as milsymbol draws it first.
    Clip paths are ignored.

    Raises:
        SymbolUnavailable: the SVG cannot be read or draws nothing.
    """
    import numpy as np
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox

    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise SymbolUnavailable(f"unreadable symbol SVG: {exc}") from exc
    raw: list[tuple[Path, str | None, str | None, float]] = []
    svgpath.walk(
        root,
        svgpath.element_style(root, {}),
        svgpath.parse_transform(root.attrib.get("transform", "")),
        raw,
        text_outline=_text_outline,
    )
    if not raw:
        raise SymbolUnavailable(f"the symbol SVG for {sidc!r} draws nothing")

    # Box: the viewBox (it includes milsymbol's stroke margin) widened to everything drawn.
    box = [math.inf, math.inf, -math.inf, -math.inf]
    view = [float(v) for v in svgpath.NUMBER.findall(root.attrib.get("viewBox", ""))]
    if len(view) == 4 and view[2] > 0 and view[3] > 0:
        box = [view[0], view[1], view[0] + view[2], view[1] + view[3]]
    for path, _face, _edge, width in raw:
        ext = path.get_extents()
        pad = width / 2
        box = [
            min(box[0], ext.x0 - pad),
            min(box[1], ext.y0 - pad),
            max(box[2], ext.x1 + pad),
            max(box[3], ext.y1 + pad),
        ]
    if not all(math.isfinite(v) for v in box) or box[3] <= box[1]:
        raise SymbolUnavailable(f"the symbol SVG for {sidc!r} has no extent")
    frame_ext = raw[0][0].get_extents()
    if frame_ext.height <= 0 or frame_ext.width <= 0:
        frame_ext = Bbox.from_extents(*box)
    scale = 1.0 / (box[3] - box[1])
    x0, y1 = box[0], box[3]

    def to_box(path: Path) -> Path:
        # SVG y points down: flip it while moving to the unit box.
        verts = (np.asarray(path.vertices, dtype=float) - (x0, y1)) * (scale, -scale)
        return MplPath(verts, path.codes, readonly=True)

    parts = tuple(ShapePart(to_box(p), face, edge, width * scale) for p, face, edge, width in raw)
    return SymbolShape(
        sidc=sidc,
        parts=parts,
        aspect=float((box[2] - box[0]) * scale),
        anchor=(
            float(((frame_ext.x0 + frame_ext.x1) / 2 - x0) * scale),
            float((y1 - (frame_ext.y0 + frame_ext.y1) / 2) * scale),
        ),
        frame_width=float(frame_ext.width * scale),
        frame_height=float(frame_ext.height * scale),
        frame_fill=raw[0][1],
        source="milsymbol",
    )


# --------------------------------------------------------------------------------------------------
# Built-in fallback drawing


@dataclass(frozen=True)
class _SidcFields:
    symbol_set: str
    hq_tf: str
    echelon: str
    entity: str
    modifier1: str
    modifier2: str


def _split_sidc(sidc: str) -> _SidcFields | None:
    code = sidc.strip()
    if len(code) != 20 or not code.isdigit():
        return None
    return _SidcFields(code[4:6], code[7], code[8:10], code[10:16], code[16:18], code[18:20])


_Poly = list[tuple[float, float]]


def _fallback_icon_parts(icon: str) -> list[tuple[_Poly, bool]]:
    """Polylines (points, closed) of a built-in icon, frame units: frame is [-0.75, 0.75] x [-0.5, 0.5]."""
    if icon == "infantry":
        return [([(-0.75, -0.5), (0.75, 0.5)], False), ([(-0.75, 0.5), (0.75, -0.5)], False)]
    if icon == "recon":
        return [([(-0.75, -0.5), (0.75, 0.5)], False)]
    if icon == "observer":
        return [([(-0.2, -0.17), (0.2, -0.17), (0.0, 0.2)], True)]
    if icon == "medical":
        return [([(0.0, -0.5), (0.0, 0.5)], False), ([(-0.75, 0.0), (0.75, 0.0)], False)]
    if icon == "signal":
        return [([(-0.75, 0.5), (0.05, -0.12), (-0.05, 0.12), (0.75, -0.5)], False)]
    if icon == "engineer":
        return [
            ([(-0.3, -0.12), (-0.3, 0.12), (0.3, 0.12), (0.3, -0.12)], False),
            ([(0.0, 0.12), (0.0, -0.12)], False),
        ]
    if icon == "transport":
        ring = [(0.2 * math.cos(t * math.pi / 12), 0.2 * math.sin(t * math.pi / 12)) for t in range(24)]
        spokes = [([(-0.2, 0.0), (0.2, 0.0)], False), ([(0.0, -0.2), (0.0, 0.2)], False)]
        return [(ring, True), *spokes]
    if icon == "supply":
        return [([(-0.75, -0.3), (0.75, -0.3)], False)]
    if icon == "aviation":
        return [([(-0.3, 0.1), (0.3, -0.1), (0.3, 0.1), (-0.3, -0.1)], True)]
    if icon == "maintenance":
        left = [(-0.3 + 0.1 * math.sin(t * math.pi / 8), 0.1 * math.cos(t * math.pi / 8)) for t in range(9)]
        right = [(0.3 - 0.1 * math.sin(t * math.pi / 8), 0.1 * math.cos(t * math.pi / 8)) for t in range(9)]
        return [(left, False), (right, False), ([(-0.2, 0.0), (0.2, 0.0)], False)]
    if icon == "combat_support":
        return [([(-0.1, 0.15), (0.1, 0.15), (0.1, -0.05), (0.0, -0.15), (-0.1, -0.05)], True)]
    if icon == "cbrn":
        ring = [(0.15 * math.cos(t * math.pi / 12), -0.05 + 0.15 * math.sin(t * math.pi / 12)) for t in range(24)]
        return [(ring, True), ([(-0.35, 0.25), (-0.1, 0.05)], False), ([(0.35, 0.25), (0.1, 0.05)], False)]
    if icon == "police":
        return [([(-0.12, 0.15), (0.12, 0.15), (0.12, -0.02), (0.0, -0.17), (-0.12, -0.02)], True)]
    return []


def _echelon_parts(code: str) -> list[tuple[_Poly, bool, bool]]:
    """Echelon mark above the frame (top edge at y = 0.5): (points, closed, filled), milsymbol's geometry."""

    def dot(cx: float) -> tuple[_Poly, bool, bool]:
        return (
            [(cx + 0.075 * math.cos(t * math.pi / 8), 0.7 + 0.075 * math.sin(t * math.pi / 8)) for t in range(16)],
            True,
            True,
        )

    def bar(cx: float) -> tuple[_Poly, bool, bool]:
        return ([(cx, 0.6), (cx, 0.85)], False, False)

    def cross(cx: float) -> list[tuple[_Poly, bool, bool]]:
        return [
            ([(cx - 0.125, 0.6), (cx + 0.125, 0.85)], False, False),
            ([(cx - 0.125, 0.85), (cx + 0.125, 0.6)], False, False),
        ]

    if code == "11":
        ring = [(0.15 * math.cos(t * math.pi / 12), 0.7 + 0.15 * math.sin(t * math.pi / 12)) for t in range(24)]
        return [(ring, True, False), ([(-0.2, 0.6), (0.2, 0.8)], False, False)]
    if code == "12":
        return [dot(0.0)]
    if code == "13":
        return [dot(-0.15), dot(0.15)]
    if code == "14":
        return [dot(-0.3), dot(0.0), dot(0.3)]
    if code == "15":
        return [bar(0.0)]
    if code == "16":
        return [bar(-0.1), bar(0.1)]
    if code == "17":
        return [bar(-0.2), bar(0.0), bar(0.2)]
    if code == "18":
        return cross(0.0)
    if code == "21":
        return cross(-0.175) + cross(0.175)
    return []


def _poly_path(points: _Poly, closed: bool) -> Path:
    from matplotlib.path import Path as MplPath

    verts = list(points)
    codes = [svgpath.MOVETO] + [svgpath.LINETO] * (len(points) - 1)
    if closed:
        verts.append(points[0])
        codes.append(svgpath.CLOSEPOLY)
    return MplPath(verts, codes)


def _text_path(text: str, cx: float, cy: float, size: float, max_width: float) -> Path:
    """Bold text centred on (cx, cy), y up, shrunk to fit max_width."""
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    tp = TextPath((0, 0), text, size=size, prop=FontProperties(family=_font_family(), weight="bold"))
    ext = tp.get_extents()
    k = min(1.0, max_width / ext.width) if ext.width > 0 else 1.0
    mx, my = (ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2
    verts = (np.asarray(tp.vertices, dtype=float) - (mx, my)) * k + (cx, cy)
    return MplPath(verts, tp.codes)


@lru_cache(maxsize=512)
def fallback_shape(sidc: str) -> SymbolShape:
    """pkforce's own plain drawing of a code, as a :class:`SymbolShape` (cached; never raises).

    A friendly rectangle (civilian colour for symbol set 11), the table's fallback icon for the code's
    function, the echelon mark and headquarters / task-force indicators. A code pkforce cannot read
    gets an empty frame with a question mark.
    """
    import numpy as np
    from matplotlib.path import Path as MplPath

    fields = _split_sidc(sidc)
    icon = FallbackIcon(text="?")
    if fields is not None:
        try:
            found = symbol_table().fallback_for(fields.symbol_set, fields.entity, fields.modifier1, fields.modifier2)
        except (OSError, KeyError, ValueError) as exc:  # a broken table must not break a chart
            log.debug("symbol: table unreadable for the fallback: %s", exc)
            found = None
        icon = found or (FallbackIcon() if fields.entity == "000000" else FallbackIcon(text="?"))
    frame_fill = _CIVILIAN_FILL if fields is not None and fields.symbol_set == "11" else _FRIEND_FILL
    frame_lw, icon_lw = 0.04, 0.03
    raw: list[tuple[Path, str | None, str | None, float]] = [
        (
            _poly_path([(-0.75, -0.5), (0.75, -0.5), (0.75, 0.5), (-0.75, 0.5)], True),
            frame_fill,
            "black",
            frame_lw,
        )
    ]
    for points, closed in _fallback_icon_parts(icon.icon):
        filled = icon.icon in ("aviation", "combat_support") and closed
        raw.append((_poly_path(points, closed), "black" if filled else None, "black", icon_lw))
    if icon.text:
        raw.append((_text_path(icon.text, 0.0, 0.0, 0.42, 1.2), "black", None, 0.0))
    if icon.top:
        # beside the medical cross's vertical bar, as milsymbol places the NATO role number
        top_x = 0.3 if icon.icon == "medical" else 0.0
        raw.append((_text_path(icon.top, top_x, 0.3, 0.25, 0.9), "black", None, 0.0))
    top = 0.5
    if fields is not None:
        for points, closed, filled in _echelon_parts(fields.echelon):
            raw.append((_poly_path(points, closed), "black" if filled else None, "black", frame_lw))
            top = max(top, 0.9)
        hq = fields.hq_tf in "2367"
        tf = fields.hq_tf in "4567"
        if hq:
            raw.append((_poly_path([(-0.75, -0.5), (-0.75, -1.5)], False), None, "black", frame_lw))
        if tf:
            raw.append(
                (
                    _poly_path([(-0.45, 0.5), (-0.45, 0.9), (0.45, 0.9), (0.45, 0.5)], False),
                    None,
                    "black",
                    frame_lw,
                )
            )
            top = max(top, 0.9)
    # Unit box: lower-left (0, 0), height 1.
    x0, x1 = -0.75 - frame_lw / 2, 0.75 + frame_lw / 2
    y0 = (-1.5 if fields is not None and fields.hq_tf in "2367" else -0.5) - frame_lw / 2
    y1 = top + frame_lw / 2
    scale = 1.0 / (y1 - y0)
    parts = tuple(
        ShapePart(
            MplPath((np.asarray(p.vertices, dtype=float) - (x0, y0)) * scale, p.codes, readonly=True),
            face,
            edge,
            lw * scale,
        )
        for p, face, edge, lw in raw
    )
    return SymbolShape(
        sidc=sidc,
        parts=parts,
        aspect=(x1 - x0) * scale,
        anchor=((0.0 - x0) * scale, (0.0 - y0) * scale),
        frame_width=1.5 * scale,
        frame_height=1.0 * scale,
        frame_fill=frame_fill,
        source="fallback",
    )


# --------------------------------------------------------------------------------------------------
# Drawing


def _points_per_data_unit(ax: Any) -> float:
    """Typographic points per data unit along y, for the axes' current limits and size."""
    p0 = ax.transData.transform((0.0, 0.0))
    p1 = ax.transData.transform((0.0, 1.0))
    dpi = ax.figure.dpi if ax.figure is not None else 72.0
    return float(abs(p1[1] - p0[1])) * 72.0 / float(dpi)


@cache
def _patch_class() -> Callable[..., Any]:
    """A PathPatch whose stroke width is held in data units and turned into points when drawn.

    The width then follows the axes' final limits and the output dpi, whatever the order in which
    the chart adds symbols and sets its limits.
    """
    from matplotlib.patches import PathPatch

    class SymbolPatch(PathPatch):
        def __init__(self, path: Path, *, stroke_data: float, **kwargs: Any) -> None:
            super().__init__(path, **kwargs)
            self.pk_stroke_data = stroke_data

        def draw(self, renderer: Any) -> None:
            if self.pk_stroke_data > 0 and self.axes is not None:
                width = self.pk_stroke_data * _points_per_data_unit(self.axes)
                if abs(width - self.get_linewidth()) > 1e-6:  # setting it marks the artist stale
                    self.set_linewidth(width)
            super().draw(renderer)

    return SymbolPatch


def _same_colour(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    from matplotlib.colors import to_rgba

    return to_rgba(a) == to_rgba(b)


def _draw_shape(
    ax: Axes, shape: SymbolShape, x: float, y: float, height: float, *, fill: str | None, zorder: float
) -> tuple[float, float, float, float]:
    from matplotlib.transforms import Affine2D

    scale = height / shape.frame_height
    x0 = x - shape.anchor[0] * scale
    y0 = y - shape.anchor[1] * scale
    to_data = Affine2D().scale(scale).translate(x0, y0)
    patch_class = _patch_class()
    points = _points_per_data_unit(ax)
    for part in shape.parts:
        face = part.facecolor
        if fill is not None and _same_colour(face, shape.frame_fill):
            face = fill
        stroke = part.linewidth * scale if part.edgecolor is not None else 0.0
        patch = patch_class(
            to_data.transform_path(part.path),
            stroke_data=stroke,
            facecolor=face if face is not None else "none",
            edgecolor=part.edgecolor if part.edgecolor is not None else "none",
            linewidth=stroke * points,
            joinstyle="miter",
            capstyle="butt",
            zorder=zorder,
        )
        ax.add_patch(patch)
    return (x0, y0, x0 + shape.aspect * scale, y0 + scale)


def draw_symbol(
    ax: Axes,
    sidc: str,
    x: float,
    y: float,
    height: float,
    *,
    fill: str | None = None,
    zorder: float = 3,
) -> tuple[float, float, float, float]:
    """Draw the symbol for ``sidc`` with its frame centred at (x, y) and ``height`` tall, data units.

    Parts are vector PathPatches, so SVG and PDF output stays vector. ``fill`` replaces the frame's
    fill colour (a chart may colour by contributing state or category). Stroke widths scale with the
    symbol and follow the axes' final limits. Use an equal aspect (``ax.set_aspect("equal")``) or the
    symbol is stretched like any other data.

    If milsymbol is missing or cannot render the code, :func:`draw_fallback_symbol` draws it instead
    (logged at debug level); this function never raises for a bad code.

    Returns:
        The drawn bounding box (x0, y0, x1, y1) in data coordinates: frame, marks and amplifiers.
    """
    try:
        shape = symbol_shape(sidc)
    except Exception as exc:  # any failure in the optional renderer falls back: a chart must not die here
        log.debug("symbol: milsymbol cannot draw %r (%s); drawing the built-in fallback", sidc, exc)
        return draw_fallback_symbol(ax, sidc, x, y, height, fill=fill, zorder=zorder)
    return _draw_shape(ax, shape, x, y, height, fill=fill, zorder=zorder)


def draw_fallback_symbol(
    ax: Axes,
    sidc: str,
    x: float,
    y: float,
    height: float,
    *,
    fill: str | None = None,
    zorder: float = 3,
) -> tuple[float, float, float, float]:
    """Draw pkforce's plain built-in symbol for ``sidc`` (see :func:`fallback_shape`); same contract as
    :func:`draw_symbol`. Never raises for a bad code: an unreadable one is a frame with "?"."""
    return _draw_shape(ax, fallback_shape(sidc), x, y, height, fill=fill, zorder=zorder)
