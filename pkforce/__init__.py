"""pkforce: model, validate, simulate and chart collective peacekeeping forces.

The public API for analysts::

    import pkforce

    scenario = pkforce.load("scenarios/un-operation.yaml")     # raises ScenarioError if invalid
    report = pkforce.validate("scenarios/un-operation.yaml")   # never raises for bad content
    print(pkforce.summarize(scenario).to_text())
    result = pkforce.simulate(scenario, runs=2000, seed=7)     # numpy is loaded only here

Heavy parts (the simulator, charts) are imported on first use, so `pkforce validate` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config, load_config
from .diagnostics import Diagnostic, Location, Severity, ValidationReport
from .force import Force
from .scenario.model import Scenario
from .summary import ForceSummary, summarize
from .validate import check, validate_file, validate_text

if TYPE_CHECKING:
    from .simulation import SimulationResult, simulate

__version__ = "0.1.0"

__all__ = [
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
]


class ScenarioError(ValueError):
    """A scenario with errors. `report` holds every diagnostic; str() lists the errors, one a line."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        lines = [f"{report.file} has {len(report.errors)} error(s):"]
        for d in report.errors:
            where = f"{d.file}:{d.line}:{d.column}" if d.location else (d.file or "")
            lines.append(f"  {where}: {d.code} {d.name}: {d.message}")
        super().__init__("\n".join(lines))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.report.diagnostics


def validate(path: str | Path, config: Config | None = None) -> ValidationReport:
    """Validate a scenario file; problems are values in the report, never exceptions.

    >>> pkforce.validate("scenarios/un-operation.yaml").ok     # doctest: +SKIP
    True
    """
    return validate_file(path, config)


def _checked(report: ValidationReport) -> Scenario:
    if not report.ok or report.scenario is None:
        raise ScenarioError(report)
    scenario: Scenario = report.scenario
    return scenario


def load(path: str | Path, config: Config | None = None) -> Scenario:
    """Read and validate a scenario file; raise :class:`ScenarioError` if it has errors."""
    return _checked(validate_file(path, config))


def loads(text: str, name: str = "<scenario>", config: Config | None = None) -> Scenario:
    """Like :func:`load`, for YAML text."""
    return _checked(validate_text(text, name, config))


def __getattr__(name: str) -> Any:
    # The simulator needs numpy: load it on first use only.
    if name in ("simulate", "SimulationResult"):
        import importlib

        return getattr(importlib.import_module(".simulation", __name__), name)
    raise AttributeError(f"module 'pkforce' has no attribute {name!r}")
