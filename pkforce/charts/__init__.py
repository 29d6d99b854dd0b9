"""Charts: the force structure, its composition, the build-up over time and the procedure timeline.

Every chart is a :class:`matplotlib.figure.Figure` built without pyplot (no GUI backend is needed)
and saved with :func:`save_figure`, which picks the format from the file's suffix and writes the
same bytes for the same input::

    from pkforce.charts import org_chart, save_figure
    save_figure(org_chart(scenario, color_by="category", depth=2), "org.svg")

=================  =====================================================================  ===========
kind               what it shows                                                          simulates
=================  =====================================================================  ===========
``org``            the command tree with APP-6 / MIL-STD-2525D symbols (:func:`org_chart`)   no
``composition``    personnel by contributor, category and kind vs the requirements          no
``buildup``        personnel in theatre over time, median and P10-P90 band                   yes
``timeline``       the decision path and each contributor's approval, readiness, arrival     yes
=================  =====================================================================  ===========

matplotlib (and the milsymbol library behind the unit symbols) is imported only when a chart is
made: importing :mod:`pkforce` or running ``pkforce validate`` never loads it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..i18n import LANGUAGES, language

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = [
    "CHART_KINDS",
    "FORMATS",
    "ChartKind",
    "buildup_chart",
    "composition_chart",
    "figure_bytes",
    "make_chart",
    "org_chart",
    "repr_svg",
    "save_all",
    "save_figure",
    "timeline_chart",
]

log = logging.getLogger(__name__)

FORMATS: Mapping[str, str] = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
"""File suffix -> output format."""

DEFAULT_PNG_DPI = 150
MAX_PIXELS = 32_000
"""Largest side of a PNG in pixels: a bigger chart is written at a lower resolution (logged)."""


# --------------------------------------------------------------------------------------------------
# The charts (thin wrappers: the modules are imported on first use)


def org_chart(
    scenario: Scenario,
    *,
    color_by: Literal["nation", "category"] = "nation",
    depth: int | str | None = None,
    max_width: float | None = 48.0,
    max_height: float | None = 36.0,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """The force-structure chart: the command tree with a unit symbol per unit.

    Args:
        scenario: a validated scenario.
        color_by: fill the symbols' frames by contributing state (``nation``) or by ``category``.
        depth: show this many levels below the top (0: the combined command only), or units of this
            echelon and larger (``"battalion"``); deeper units become a "+N units" marker.
            None: every level that fits.
        max_width, max_height: in inches; a larger tree lists its lowest level in columns, then
            collapses one level at a time until it fits. None: no limit.
        title: replaces the default title.
        lang: the language of the chart's text, ``en`` or ``ru`` (names stay as written).

    >>> save_figure(org_chart(scenario, depth="battalion"), "org.pdf")   # doctest: +SKIP
    """
    from .org import org_chart as _org

    with language(lang):
        return _org(scenario, color_by=color_by, depth=depth, max_width=max_width, max_height=max_height, title=title)


def composition_chart(
    scenario: Scenario, *, result: SimulationResult | None = None, title: str | None = None, lang: str = "en"
) -> Figure:
    """Personnel by contributing state and category, by category and personnel kind, with the
    mandate's requirements drawn in, totals and each contributor's share.

    Without ``result`` a requirement the plan holds enough for reads "planned strength covers it";
    with a simulation result of the scenario, the share of runs in which it is met by its deadline.
    """
    from .composition import composition_chart as _comp

    with language(lang):
        return _comp(scenario, result=result, title=title)


def buildup_chart(
    source: Scenario | SimulationResult,
    *,
    by: Literal["category", "nation"] = "category",
    runs: int | None = None,
    seed: int | None = None,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """Personnel in theatre over time: median and P10-P90 band, in total and by category or nation,
    with the requirements and their deadlines, the Council decision, IOC, FOC and the injects.

    ``source`` is a simulation result, or a scenario to simulate first with ``runs`` and ``seed``
    (default: the scenario's ``simulation:`` settings).
    """
    from .buildup import buildup_chart as _buildup

    with language(lang):
        return _buildup(source, by=by, runs=runs, seed=seed, title=title)


def timeline_chart(
    source: Scenario | SimulationResult,
    *,
    runs: int | None = None,
    seed: int | None = None,
    max_unit_rows: int = 40,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """The decision path in swimlanes: application, Council decision, the UN notification window,
    mandate, coordinating state, then each contributor's approval and its units' readiness and
    arrival, with P10-P90 whiskers. Above ``max_unit_rows`` units, each contributor's units share one
    lane (first ready to last in theatre).

    ``source`` is a simulation result, or a scenario to simulate first (see :func:`buildup_chart`).
    """
    from .timeline import timeline_chart as _timeline

    with language(lang):
        return _timeline(source, runs=runs, seed=seed, max_unit_rows=max_unit_rows, title=title)


@dataclass(frozen=True)
class ChartKind:
    """One kind of chart, for a command line or a notebook to offer."""

    name: str
    function: Callable[..., Figure]
    description: str
    simulates: bool
    """needs a simulation (takes ``runs`` and ``seed``, or a result)"""
    options: tuple[str, ...]
    """keyword options the function takes (besides ``title`` and ``lang``)"""
    takes_result: bool = False
    """draws a scenario, and uses a simulation result when there is one (``result=``)"""


CHART_KINDS: Mapping[str, ChartKind] = {
    "org": ChartKind(
        "org",
        org_chart,
        "force structure with APP-6 unit symbols",
        False,
        ("color_by", "depth", "max_width", "max_height"),
    ),
    "composition": ChartKind(
        "composition",
        composition_chart,
        "personnel by contributor, category and kind vs requirements",
        False,
        (),
        takes_result=True,
    ),
    "buildup": ChartKind(
        "buildup",
        buildup_chart,
        "personnel in theatre over time (median, P10-P90)",
        True,
        ("by", "runs", "seed"),
    ),
    "timeline": ChartKind(
        "timeline",
        timeline_chart,
        "decision path, approvals, readiness and arrival in swimlanes",
        True,
        ("runs", "seed", "max_unit_rows"),
    ),
}
"""Chart kind name -> :class:`ChartKind`, in the order ``--all`` draws them."""


def make_chart(
    kind: str,
    source: Scenario | SimulationResult,
    **options: Any,
) -> Figure:
    """Draw the chart `kind` (a key of :data:`CHART_KINDS`), passing only the options it takes
    (every kind takes ``title`` and ``lang``, ``en`` or ``ru``).

    Options that are None are left out (the chart's default applies), and options another kind
    takes are ignored, so a command line can pass all of its options to every kind::

        make_chart("org", scenario, color_by="category", depth=None, runs=500, seed=7)

    ``source`` may be a simulation result for every kind (its scenario is charted; the composition
    chart then shows the share of runs meeting each requirement).

    Raises:
        ValueError: an unknown kind, or an option value the chart does not accept.
    """
    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind `{kind}`; choose from {', '.join(CHART_KINDS)}")
    lang = options.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language `{lang}`; choose from {', '.join(LANGUAGES)}")
    spec = CHART_KINDS[kind]
    allowed = {*spec.options, "title", "lang"}
    kwargs = {k: v for k, v in options.items() if k in allowed and v is not None}
    if not spec.simulates:
        scenario = _scenario_of(source)
        if spec.takes_result and scenario is not source:
            kwargs["result"] = source
        source = scenario
    return spec.function(source, **kwargs)


def _scenario_of(source: Scenario | SimulationResult) -> Scenario:
    from ..scenario.model import Scenario

    return source if isinstance(source, Scenario) else source.scenario


def save_all(
    scenario: Scenario,
    out_dir: str | os.PathLike[str],
    *,
    fmt: str = "svg",
    dpi: float | None = None,
    stem: str | None = None,
    result: SimulationResult | None = None,
    **options: Any,
) -> list[Path]:
    """Draw every kind of chart and save them in `out_dir` (created if missing) as
    ``[stem-]<kind>.<fmt>``; one simulation (``runs``, ``seed`` in `options`, or `result`) serves
    the build-up and the timeline. Returns the paths written, in :data:`CHART_KINDS` order.
    """
    suffix = "." + fmt.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"unknown chart format `{fmt}`; choose from {', '.join(s[1:] for s in FORMATS)}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if result is None:
        from ..simulation import simulate

        result = simulate(scenario, runs=options.get("runs"), seed=options.get("seed"))
    written: list[Path] = []
    for kind, spec in CHART_KINDS.items():
        fig = make_chart(kind, result if spec.simulates or spec.takes_result else scenario, **options)
        path = folder / (f"{stem}-{kind}{suffix}" if stem else f"{kind}{suffix}")
        save_figure(fig, path, dpi=dpi)
        written.append(path)
    return written


# --------------------------------------------------------------------------------------------------
# Saving


def _metadata(fmt: str) -> dict[str, Any]:
    from .._version import __version__

    creator = f"pkforce {__version__} (matplotlib)"
    if fmt == "svg":
        return {"Date": None, "Creator": creator}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None, "Creator": creator, "Producer": creator}
    return {"Software": creator}


def _raster_dpi(fig: Figure, dpi: float | None) -> float:
    wanted = float(dpi) if dpi is not None else float(DEFAULT_PNG_DPI)
    if wanted <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    w, h = fig.get_size_inches()
    most = MAX_PIXELS / max(w, h, 1e-9)
    if wanted > most:
        log.warning(
            "chart is %.0f x %.0f inches: writing it at %.0f dpi instead of %.0f (at most %d pixels a "
            "side); use SVG or PDF for a sharp copy",
            w,
            h,
            most,
            wanted,
            MAX_PIXELS,
        )
        return most
    return wanted


def figure_bytes(fig: Figure, fmt: str, dpi: float | None = None) -> bytes:
    """The figure as SVG, PNG or PDF bytes, deterministically (fixed metadata, ids and fonts)."""
    import io

    from .style import chart_style

    if fmt not in FORMATS.values():
        raise ValueError(f"unknown chart format `{fmt}`; choose from {', '.join(FORMATS.values())}")
    buf = io.BytesIO()
    with chart_style():
        kwargs: dict[str, Any] = {"format": fmt, "metadata": _metadata(fmt)}
        if fmt == "png":
            kwargs["dpi"] = _raster_dpi(fig, dpi)
        elif dpi is not None:
            kwargs["dpi"] = dpi
        fig.savefig(buf, **kwargs)
    return buf.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike[str], dpi: float | None = None) -> Path:
    """Write `fig` to `path` as SVG, PNG or PDF, chosen by the suffix; returns the path.

    The output is deterministic (no dates, fixed ids; SVG text stays text, PDF embeds TrueType
    fonts) and written atomically: to a temporary file in the same folder, then renamed, so a reader
    never sees a half-written chart. ``dpi`` applies to PNG (default 150; very large charts are
    written at a lower resolution so that no side exceeds 32,000 pixels).

    Raises:
        ValueError: the suffix is not .svg, .png or .pdf.
        OSError: the folder does not exist or cannot be written.
    """
    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the chart format from `{target.name}`: use a .svg, .png or .pdf file name")
    from .._io import write_atomic

    return write_atomic(target, figure_bytes(fig, fmt, dpi))


# --------------------------------------------------------------------------------------------------
# Jupyter


def repr_svg(obj: Scenario | SimulationResult) -> str | None:
    """SVG text for Jupyter's ``_repr_svg_``: the org chart of a scenario, the build-up chart of a
    simulation result. Returns None (Jupyter then shows the plain repr) if the chart cannot be
    drawn; the reason is logged.
    """
    from ..scenario.model import Scenario

    try:
        fig = org_chart(obj) if isinstance(obj, Scenario) else buildup_chart(obj)
        return figure_bytes(fig, "svg").decode("utf-8")
    except Exception:  # a notebook's display must not fail because of a chart
        log.warning("pkforce: cannot draw the chart for this object", exc_info=True)
        return None
