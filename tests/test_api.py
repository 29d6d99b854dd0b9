"""The public Python API: an explicit, tested surface (as httpx does)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pkforce
from tests.helpers import BASE, SCENARIOS

EXPECTED = {
    "Config",
    "Diagnostic",
    "Force",
    "ForceSummary",
    "Location",
    "Scenario",
    "ScenarioError",
    "Severity",
    "SimulationResult",
    "ValidationReport",
    "__version__",
    "check",
    "load",
    "load_config",
    "loads",
    "simulate",
    "summarize",
    "validate",
    "validate_text",
    # the analyst's workbench (issue 9)
    "Comparison",
    "SweepResult",
    "compare",
    "dump",
    "graph",
    "sweep",
    "variant",
}


def test_exported_members() -> None:
    assert set(pkforce.__all__) == EXPECTED
    for name in pkforce.__all__:
        assert getattr(pkforce, name) is not None, name


def test_load_and_summarize_a_shipped_scenario() -> None:
    scenario = pkforce.load(SCENARIOS / "un-operation.yaml")
    assert isinstance(scenario, pkforce.Scenario)
    summary = pkforce.summarize(scenario)
    assert summary.total.personnel == sum(t.personnel for t in summary.by_nation.values())
    assert "KAZ" in summary.to_text()


def test_loads_raises_with_every_error_listed() -> None:
    bad = BASE.replace("host_state: KGZ", "host_state: KGZ\n  colour: blue").replace("    nation: KAZ\n", "", 1)
    with pytest.raises(pkforce.ScenarioError) as info:
        pkforce.loads(bad, "bad.yaml")
    text = str(info.value)
    assert "bad.yaml:8:3: PKF011" in text and "PKF012" in text
    assert len(info.value.report.errors) == 2


def test_validate_never_raises_and_check_runs_rules_on_a_python_scenario() -> None:
    report = pkforce.validate(SCENARIOS / "missing.yaml")
    assert report.unreadable and not report.ok
    scenario = pkforce.loads(BASE)
    scenario.units[1].parent = "nowhere"
    codes = {d.code for d in pkforce.check(scenario)}
    assert "PKF302" in codes


def test_validate_path_imports_no_heavy_library() -> None:
    code = (
        "import sys, pkforce, pkforce.cli\n"
        "pkforce.validate('scenarios/un-operation.yaml')\n"
        "heavy = [m for m in ('matplotlib', 'networkx', 'numpy', 'pandas', 'milsymbol') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=SCENARIOS.parent)
    assert out.stdout.strip() == ""


def test_importing_submodules_never_shadows_the_functions() -> None:
    import importlib

    for module in (
        "loader",
        "validation",
        "simulation",
        "summary",
        "config",
        "force",
        "charts",
        "variants",
        "writer",
        "analysis.sweep",
        "analysis.compare",
        "analysis.graph",
    ):
        importlib.import_module(f"pkforce.{module}")
    for name in (
        "load",
        "loads",
        "validate",
        "simulate",
        "summarize",
        "check",
        "sweep",
        "compare",
        "graph",
        "dump",
        "variant",
    ):
        assert callable(getattr(pkforce, name)) and not isinstance(getattr(pkforce, name), type(pkforce)), name
