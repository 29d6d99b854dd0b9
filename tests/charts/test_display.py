"""Jupyter display: registered from pkforce.display, never from the model (issues 10 and 12)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pkforce
from pkforce.charts import composition_chart
from pkforce.display import register, report_html, summary_html
from pkforce.validation import validate_text
from tests.charts.conftest import needs_simulator, shipped, simulated
from tests.helpers import BASE


class _Formatter:
    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], object] = {}

    def for_type_by_name(self, module: str, name: str, function: object) -> None:
        self.by_name[(module, name)] = function


class _Shell:
    def __init__(self) -> None:
        self.display_formatter = type("DF", (), {})()
        self.display_formatter.formatters = {"text/html": _Formatter(), "image/svg+xml": _Formatter()}


def _lookup(shell: _Shell, mime: str, obj: object):
    cls = type(obj)
    return shell.display_formatter.formatters[mime].by_name[(cls.__module__, cls.__name__)]


@needs_simulator
def test_register_shows_reports_summaries_scenarios_and_results():
    shell = _Shell()
    assert register(shell) and register(shell)  # twice is harmless
    report = validate_text(BASE.replace("nation: KAZ\n    readiness: P5D", "nation: KZX\n    readiness: P5D"), "s.yaml")
    assert "PKF" in _lookup(shell, "text/html", report)(report)
    summary = pkforce.summarize(shipped("un-operation.yaml"))
    assert "<table>" in _lookup(shell, "text/html", summary)(summary)
    scenario = shipped("exercise-brotherhood.yaml")
    assert _lookup(shell, "image/svg+xml", scenario)(scenario).startswith("<?xml")
    result = simulated("exercise-brotherhood.yaml")
    assert 'id="median-total"' in _lookup(shell, "image/svg+xml", result)(result)


def test_register_without_ipython_does_nothing():
    assert register(object()) is False


def test_report_html_locates_and_escapes():
    report = validate_text(BASE.replace("name: Kazakh company", "name: Kazakh company\n    bogus: <b>"), "a&b.yaml")
    page = report_html(report)
    assert "a&amp;b.yaml:" in page and "<b>" not in page.replace("<b>a&amp;b.yaml</b>", "")
    checked = validate_text(BASE, "ok.yaml")
    clean = report_html(dataclasses.replace(checked, diagnostics=[]))  # BASE carries a ratification note
    assert "All good" in clean and "<table>" not in clean


def test_summary_html_totals():
    page = summary_html(pkforce.summarize(shipped("un-operation.yaml")))
    assert "1,441" in page and "KAZ" in page


def test_chart_figures_display_as_png():
    png = composition_chart(shipped("exercise-brotherhood.yaml"))._repr_png_()
    assert png.startswith(b"\x89PNG")


def test_the_model_and_the_simulator_never_import_charts_or_displays():
    root = Path(pkforce.__file__).parent
    files = [*root.glob("scenario/*.py"), *root.glob("simulation/*.py"), root / "force.py", root / "diagnostics.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                names = [module] + [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any("charts" in n or "display" in n for n in names), (path.name, names)
    from pkforce.scenario.model import Scenario

    assert not hasattr(Scenario, "_repr_svg_")
