"""A small reader of SVG drawings: path data, shapes, transforms and paint, as matplotlib paths.

The unit symbols come from milsymbol as SVG text; :func:`pkforce.charts.symbols.shape_from_svg`
turns them into matplotlib paths with this module, so SVG and PDF charts stay vector:

- :func:`parse_path_data` reads a path's ``d`` attribute (every command, any case; elliptical arcs
  become cubic Bezier curves, SVG 1.1 appendix F.6) into vertices and matplotlib path codes;
- :func:`element_geometry` does the same for ``rect``, ``circle``, ``ellipse``, ``line``,
  ``polyline`` and ``polygon``;
- :func:`walk` follows groups, ``transform`` attributes and inherited presentation attributes
  (fill, stroke, opacity, font) and collects what is drawn, with its paint (:func:`paint`).

Why our own and not a library such as svgelements: milsymbol writes a small, regular subset of SVG
(no CSS, no clip paths, no gradients), this reader is about 450 lines with its own tests, and it
adds no dependency or import time to the first chart; svgelements (MIT, maintained) would bring a
full SVG 1.1 model of about 9,000 lines for the same few elements.

Only the path codes of :class:`matplotlib.path.Path` are used, as their documented numbers, so
parsing needs no matplotlib import; building the paths in :func:`walk` does.
"""

from __future__ import annotations

import logging
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.path import Path

__all__ = [
    "CLOSEPOLY",
    "CURVE3",
    "CURVE4",
    "IDENTITY",
    "LINETO",
    "MOVETO",
    "NUMBER",
    "Matrix",
    "TextOutline",
    "arc_to_beziers",
    "element_geometry",
    "element_style",
    "local_name",
    "multiply",
    "number",
    "paint",
    "parse_path_data",
    "parse_transform",
    "walk",
]

log = logging.getLogger(__name__)

Matrix = tuple[float, float, float, float, float, float]  # SVG matrix(a b c d e f)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
INHERITED = (
    "fill",
    "stroke",
    "stroke-width",
    "fill-opacity",
    "stroke-opacity",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
)
# matplotlib.path.Path codes (documented, stable values), so parsing needs no matplotlib import.
MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY = 1, 2, 3, 4, 79
TextOutline = Callable[[str, float, float, Mapping[str, str]], tuple[list[tuple[float, float]], list[int]]]
"""(text, x, y, style) -> (vertices, codes) of its glyph outlines in SVG user space"""
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m @ n: apply n first, then m."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def parse_transform(text: str) -> Matrix:
    m = IDENTITY
    for name, args in _TRANSFORM.findall(text):
        v = [float(x) for x in NUMBER.findall(args)]
        if name == "matrix" and len(v) == 6:
            t: Matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif name == "translate" and v:
            t = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale" and v:
            t = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif name == "rotate" and v:
            r = math.radians(v[0])
            cos, sin = math.cos(r), math.sin(r)
            cx, cy = (v[1], v[2]) if len(v) >= 3 else (0.0, 0.0)
            t = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        elif name == "skewX" and v:
            t = (1.0, 0.0, math.tan(math.radians(v[0])), 1.0, 0.0, 0.0)
        elif name == "skewY" and v:
            t = (1.0, math.tan(math.radians(v[0])), 0.0, 1.0, 0.0, 0.0)
        else:
            continue
        m = multiply(m, t)
    return m


class _Scanner:
    """Reads numbers and arc flags from a path's d attribute."""

    _TOKEN = re.compile(r"\s*,?\s*")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _skip(self) -> None:
        m = self._TOKEN.match(self.text, self.pos)
        if m:
            self.pos = m.end()

    def at_number(self) -> bool:
        self._skip()
        return self.pos < len(self.text) and (self.text[self.pos] in "+-." or self.text[self.pos].isdigit())

    def command(self) -> str | None:
        self._skip()
        if self.pos < len(self.text) and self.text[self.pos].isalpha():
            self.pos += 1
            return self.text[self.pos - 1]
        return None

    def number(self) -> float:
        self._skip()
        m = NUMBER.match(self.text, self.pos)
        if not m:
            raise ValueError(f"path data: number expected at {self.pos} in {self.text[:60]!r}")
        self.pos = m.end()
        return float(m.group())

    def flag(self) -> bool:
        self._skip()
        if self.pos < len(self.text) and self.text[self.pos] in "01":
            self.pos += 1
            return self.text[self.pos - 1] == "1"
        raise ValueError(f"path data: arc flag expected at {self.pos}")


def arc_to_beziers(
    x1: float, y1: float, rx: float, ry: float, phi_deg: float, large: bool, sweep: bool, x2: float, y2: float
) -> list[tuple[float, float]]:
    """An SVG elliptical arc as cubic Bezier control points (3 per segment), SVG spec F.6."""
    if (x1, y1) == (x2, y2):
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return [(x1, y1), (x2, y2), (x2, y2)]
    phi = math.radians(phi_deg)
    cos_p, sin_p = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    xp, yp = cos_p * dx + sin_p * dy, -sin_p * dx + cos_p * dy
    lam = (xp / rx) ** 2 + (yp / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp
    den = rx * rx * yp * yp + ry * ry * xp * xp
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * yp / ry, -coef * ry * xp / rx
    cx = cos_p * cxp - sin_p * cyp + (x1 + x2) / 2
    cy = sin_p * cxp + cos_p * cyp + (y1 + y2) / 2

    def angle(ux: float, uy: float, vx: float, vy: float) -> float:
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    theta1 = angle(1, 0, (xp - cxp) / rx, (yp - cyp) / ry)
    dtheta = angle((xp - cxp) / rx, (yp - cyp) / ry, (-xp - cxp) / rx, (-yp - cyp) / ry)
    if not sweep and dtheta > 0:
        dtheta -= 2 * math.pi
    elif sweep and dtheta < 0:
        dtheta += 2 * math.pi
    segments = max(1, math.ceil(abs(dtheta) / (math.pi / 2) - 1e-9))
    delta = dtheta / segments
    k = 4 / 3 * math.tan(delta / 4)
    points: list[tuple[float, float]] = []

    def on_ellipse(t: float) -> tuple[float, float, float, float]:
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        # derivative direction
        dxe, dye = -rx * math.sin(t), ry * math.cos(t)
        return (
            cx + cos_p * ex - sin_p * ey,
            cy + sin_p * ex + cos_p * ey,
            cos_p * dxe - sin_p * dye,
            sin_p * dxe + cos_p * dye,
        )

    t = theta1
    for _ in range(segments):
        px, py, dx1, dy1 = on_ellipse(t)
        qx, qy, dx2, dy2 = on_ellipse(t + delta)
        points += [(px + k * dx1, py + k * dy1), (qx - k * dx2, qy - k * dy2), (qx, qy)]
        t += delta
    points[-1] = (x2, y2)
    return points


def parse_path_data(d: str) -> tuple[list[tuple[float, float]], list[int]]:
    """Vertices and matplotlib path codes for an SVG ``d`` attribute (M L H V C S Q T A Z, any case)."""
    verts: list[tuple[float, float]] = []
    codes: list[int] = []
    sc = _Scanner(d)
    x = y = 0.0
    start = (0.0, 0.0)
    last_ctrl: tuple[float, float] | None = None  # for S / T reflection
    last_cmd = ""
    cmd: str | None = None
    while True:
        new = sc.command()
        if new is not None:
            cmd = new
        elif cmd is None or cmd in "Zz" or not sc.at_number():
            break
        elif cmd in "Mm":
            cmd = "L" if cmd == "M" else "l"  # extra pairs after a moveto are linetos
        upper = cmd.upper()
        rel = cmd.islower()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if upper == "Z":
            if codes:
                verts.append(start)
                codes.append(CLOSEPOLY)
            x, y = start
            last_ctrl, last_cmd = None, "Z"
            continue
        if upper == "M":
            x, y = ox + sc.number(), oy + sc.number()
            start = (x, y)
            verts.append((x, y))
            codes.append(MOVETO)
        elif upper == "L":
            x, y = ox + sc.number(), oy + sc.number()
            verts.append((x, y))
            codes.append(LINETO)
        elif upper == "H":
            x = ox + sc.number()
            verts.append((x, y))
            codes.append(LINETO)
        elif upper == "V":
            y = oy + sc.number()
            verts.append((x, y))
            codes.append(LINETO)
        elif upper in "CS":
            if upper == "C":
                c1 = (ox + sc.number(), oy + sc.number())
            else:
                c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl and last_cmd in "CS" else (x, y)
            c2 = (ox + sc.number(), oy + sc.number())
            x, y = ox + sc.number(), oy + sc.number()
            verts += [c1, c2, (x, y)]
            codes += [CURVE4] * 3
            last_ctrl, last_cmd = c2, upper
            continue
        elif upper in "QT":
            if upper == "Q":
                c = (ox + sc.number(), oy + sc.number())
            else:
                c = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl and last_cmd in "QT" else (x, y)
            x, y = ox + sc.number(), oy + sc.number()
            verts += [c, (x, y)]
            codes += [CURVE3] * 2
            last_ctrl, last_cmd = c, upper
            continue
        elif upper == "A":
            rx, ry, rot = sc.number(), sc.number(), sc.number()
            large, sweep = sc.flag(), sc.flag()
            nx, ny = ox + sc.number(), oy + sc.number()
            pts = arc_to_beziers(x, y, rx, ry, rot, large, sweep, nx, ny)
            verts += pts
            codes += [CURVE4] * len(pts)
            x, y = nx, ny
        else:  # unknown command letter: stop rather than misread the rest
            log.debug("svg: unsupported path command %r in %r", cmd, d[:60])
            break
        last_ctrl, last_cmd = None, upper
    if codes and codes[0] != MOVETO:  # SVG requires a leading moveto; be lenient
        verts.insert(0, (0.0, 0.0))
        codes.insert(0, MOVETO)
    return verts, codes


def paint(value: str | None, opacity: float) -> str | None:
    """An SVG paint as a matplotlib colour string (hex with alpha when translucent), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text or text == "none" or text.startswith("url("):
        return None
    from matplotlib.colors import to_hex, to_rgba

    m = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    try:
        if m:
            nums = [float(v) for v in NUMBER.findall(m.group(1))]
            alpha = nums[3] if len(nums) > 3 else 1.0
            rgba = (nums[0] / 255, nums[1] / 255, nums[2] / 255, alpha * opacity)
        else:
            r, g, b, a = to_rgba(text)
            rgba = (r, g, b, a * opacity)
    except (ValueError, IndexError):
        log.debug("svg: unreadable colour %r, not painted", value)
        return None
    return to_hex(rgba, keep_alpha=rgba[3] < 1)


def element_style(elem: ET.Element, inherited: Mapping[str, str]) -> dict[str, str]:
    style = dict(inherited)
    for key in INHERITED:
        if key in elem.attrib:
            style[key] = elem.attrib[key]
    for decl in elem.attrib.get("style", "").split(";"):
        if ":" in decl:
            key, value = (s.strip() for s in decl.split(":", 1))
            if key in INHERITED:
                style[key] = value
    return style


def number(value: str | None, default: float = 0.0) -> float:
    if value is None:
        return default
    m = NUMBER.match(value.strip())
    return float(m.group()) if m else default


def element_geometry(
    tag: str, elem: ET.Element, style: Mapping[str, str], text_outline: TextOutline | None = None
) -> tuple[list[tuple[float, float]], list[int]]:
    a = elem.attrib
    if tag == "path":
        return parse_path_data(a.get("d", ""))
    if tag == "rect":
        x, y, w, h = (number(a.get(k)) for k in ("x", "y", "width", "height"))
        if w <= 0 or h <= 0:
            return [], []
        pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
        return pts, [MOVETO, LINETO, LINETO, LINETO, CLOSEPOLY]
    if tag in ("circle", "ellipse"):
        cx, cy = number(a.get("cx")), number(a.get("cy"))
        rx = number(a.get("r")) if tag == "circle" else number(a.get("rx"))
        ry = number(a.get("r")) if tag == "circle" else number(a.get("ry"))
        if rx <= 0 or ry <= 0:
            return [], []
        # Four cubic quarter-arcs; k places the control points (the standard 0.5523 constant).
        k = 4 / 3 * (math.sqrt(2) - 1)
        pts = [(cx + rx, cy)]
        for q in range(4):
            a0, a1 = q * math.pi / 2, (q + 1) * math.pi / 2
            p0 = (math.cos(a0), math.sin(a0))
            p1 = (math.cos(a1), math.sin(a1))
            c1 = (p0[0] - k * p0[1], p0[1] + k * p0[0])
            c2 = (p1[0] + k * p1[1], p1[1] - k * p1[0])
            pts += [(cx + rx * u, cy + ry * v) for u, v in (c1, c2, p1)]
        return [*pts, pts[0]], [MOVETO] + [CURVE4] * 12 + [CLOSEPOLY]
    if tag == "line":
        p1 = (number(a.get("x1")), number(a.get("y1")))
        p2 = (number(a.get("x2")), number(a.get("y2")))
        return [p1, p2], [MOVETO, LINETO]
    if tag in ("polyline", "polygon"):
        nums = [float(v) for v in NUMBER.findall(a.get("points", ""))]
        pts = list(zip(nums[0::2], nums[1::2], strict=False))
        if len(pts) < 2:
            return [], []
        codes = [MOVETO] + [LINETO] * (len(pts) - 1)
        if tag == "polygon":
            pts.append(pts[0])
            codes.append(CLOSEPOLY)
        return pts, codes
    if tag == "text":
        text = "".join(elem.itertext()).strip()
        if not text:
            return [], []
        if text_outline is None:
            return [], []
        return text_outline(text, number(a.get("x")), number(a.get("y")), style)
    return [], []


DRAWN = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text"})


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def walk(
    elem: ET.Element,
    style: Mapping[str, str],
    matrix: Matrix,
    out: list[tuple[Path, str | None, str | None, float]],
    text_outline: TextOutline | None = None,
) -> None:
    """Append every drawn element under `elem` to `out` as (path, fill, stroke, stroke width), in
    the root's user space, following groups, transforms and inherited presentation attributes.
    ``<text>`` is drawn only with a `text_outline` (glyph outlines depend on the fonts at hand)."""
    from matplotlib.path import Path as MplPath

    for child in elem:
        tag = local_name(child.tag)
        if tag in ("defs", "clipPath", "mask", "title", "desc", "metadata", "style"):
            continue
        if "clip-path" in child.attrib:
            log.debug("svg: clip-path ignored on <%s>", tag)
        child_style = element_style(child, style)
        child_matrix = multiply(matrix, parse_transform(child.attrib.get("transform", "")))
        if tag in ("g", "svg", "a"):
            walk(child, child_style, child_matrix, out, text_outline)
            continue
        if tag not in DRAWN:
            continue
        try:
            verts, codes = element_geometry(tag, child, child_style, text_outline)
        except ValueError as exc:
            log.debug("svg: <%s> skipped: %s", tag, exc)
            continue
        if not verts:
            continue
        a, b, c, d, e, f = child_matrix
        placed = [(a * vx + c * vy + e, b * vx + d * vy + f) for vx, vy in verts]
        opacity = number(child_style.get("opacity"), 1.0)
        face = paint(child_style.get("fill", "black"), opacity * number(child_style.get("fill-opacity"), 1.0))
        if tag == "line":
            face = None
        edge = paint(child_style.get("stroke"), opacity * number(child_style.get("stroke-opacity"), 1.0))
        width = number(child_style.get("stroke-width"), 1.0) * math.sqrt(abs(a * d - b * c)) if edge else 0.0
        if face is None and edge is None:
            continue
        out.append((MplPath(placed, codes), face, edge, width))
