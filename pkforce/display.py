"""How pkforce objects show themselves in Jupyter / IPython, registered from outside the model.

The scenario model and the simulator never import the charts (the layers point one way: model,
then simulation, then charts and displays on top). So the model classes carry no ``_repr_*_``
methods; instead this thin module registers IPython display formatters *by name*, which neither
imports the classes nor anything heavy until an object is actually shown:

=======================  ==================  ===============================================
object                   shown as            by
=======================  ==================  ===============================================
``ValidationReport``     HTML table          :func:`report_html`: file:line:col, code, message, fix
``ForceSummary``         HTML table          :func:`summary_html`: personnel by state and category
``Scenario``             SVG                 the org chart (:func:`pkforce.charts.repr_svg`)
``SimulationResult``     SVG                 the build-up chart (:func:`pkforce.charts.repr_svg`)
chart figures            PNG                 their own ``_repr_png_`` (:mod:`pkforce.charts`)
=======================  ==================  ===============================================

``import pkforce`` calls :func:`register` when IPython is running, so nothing needs to be done in a
notebook; ``%load_ext pkforce.display`` does the same explicitly. Outside IPython nothing happens.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostics import ValidationReport
    from .summary import ForceSummary

__all__ = ["load_ipython_extension", "register", "report_html", "summary_html"]

_FORMATTERS: tuple[tuple[str, str, str, str], ...] = (
    ("text/html", "pkforce.diagnostics", "ValidationReport", "report_html"),
    ("text/html", "pkforce.summary", "ForceSummary", "summary_html"),
    ("image/svg+xml", "pkforce.scenario.model", "Scenario", "_chart_svg"),
    ("image/svg+xml", "pkforce.simulation.result", "SimulationResult", "_chart_svg"),
)


def register(shell: Any = None) -> bool:
    """Register pkforce's display formatters with an IPython shell (default: the running one).

    Returns False, doing nothing, when there is no IPython shell. Safe to call more than once."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters:
        return False
    for mime, module, name, function in _FORMATTERS:
        if mime in formatters:
            formatters[mime].for_type_by_name(module, name, globals()[function])
    return True


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext pkforce.display``."""
    register(shell)


def _chart_svg(obj: Any) -> str | None:
    from .charts import repr_svg

    return repr_svg(obj)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def report_html(report: ValidationReport) -> str:
    """A validation report as an HTML table: verdict, then one row per finding.

    >>> from pkforce.diagnostics import ValidationReport
    >>> "All good" in report_html(ValidationReport(file="s.yaml"))
    True
    """
    errors, warnings = len(report.errors), len(report.warnings)
    if report.ok and not report.diagnostics:
        verdict = "All good: no findings."
    else:
        verdict = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        verdict += f", {len(report.diagnostics)} finding{'s' if len(report.diagnostics) != 1 else ''} in all"
    rows = []
    for d in report.diagnostics:
        where = d.file or report.file
        if d.line is not None:
            where += f":{d.line}:{d.column}"
        fix = f"<br><small>fix: {_e(d.fix)}</small>" if d.fix else ""
        rows.append(
            f"<tr><td><code>{_e(where)}</code></td><td>{_e(d.severity.value)}</td>"
            f"<td><code>{_e(d.code)}</code> {_e(d.name)}</td><td style='text-align:left'>{_e(d.message)}{fix}</td></tr>"
        )
    table = ""
    if rows:
        table = (
            "<table><thead><tr><th>where</th><th>severity</th><th>rule</th><th>message</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return f"<div class='pkforce-report'><p><b>{_e(report.file)}</b>: {_e(verdict)}</p>{table}</div>"


def summary_html(summary: ForceSummary) -> str:
    """A force summary as an HTML table: personnel by contributing state and category, with totals."""
    head = "<tr><th>state</th><th>category</th><th>units</th><th>military</th><th>police</th><th>civilian</th>"
    head += "<th>personnel</th></tr>"

    def row(nation: str, category: str, t: Any, bold: bool = False) -> str:
        cells = [t.units, t.military, t.police, t.civilian, t.personnel]
        tag = "th" if bold else "td"
        return (
            f"<tr><{tag}>{_e(nation)}</{tag}><{tag}>{_e(category)}</{tag}>"
            + "".join(f"<{tag} style='text-align:right'>{v:,}</{tag}>" for v in cells)
            + "</tr>"
        )

    body = [row(r.nation, r.category, r.totals) for r in summary.rows]
    body.append(row("all", "", summary.total, bold=True))
    title = summary.title or summary.scenario_id or "scenario"
    return (
        f"<div class='pkforce-summary'><p><b>{_e(title)}</b></p>"
        f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )
