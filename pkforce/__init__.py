"""pkforce: model, validate, simulate and chart collective peacekeeping forces.

The public API for analysts::

    import pkforce

    scenario = pkforce.load("scenarios/un-operation.yaml")     # raises ScenarioError if invalid
    report = pkforce.validate("scenarios/un-operation.yaml")   # never raises for bad content
    print(pkforce.summarize(scenario).to_text())
    result = pkforce.simulate(scenario, runs=2000, seed=7)     # numpy is loaded only here
    what_if = pkforce.variant(scenario, {"drop_contributor": "BLR"})   # a new, validated scenario
    table = pkforce.sweep(scenario)                            # the file's variants, common random numbers
    pkforce.dump(what_if, "no-belarus.yaml")                   # YAML that loads back equal
    force = pkforce.graph(scenario)                            # a networkx DiGraph

Every name is imported on first use (PEP 562), so `pkforce validate` loads only what it needs and
the simulator's numpy and the charts' matplotlib load only when asked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis.compare import Comparison, compare
    from .analysis.graph import graph
    from .analysis.sweep import SweepResult, sweep
    from .config import Config, load_config
    from .diagnostics import Diagnostic, Location, ScenarioError, Severity, ValidationReport
    from .force import Force
    from .scenario.model import Scenario
    from .simulation import SimulationResult
    from .summary import ForceSummary, summarize
    from .validation import check, validate_text
    from .variants import variant
    from .writer import dump

from ._version import __version__

__all__ = [
    "Comparison",
    "Config",
    "Diagnostic",
    "Force",
    "ForceSummary",
    "Location",
    "Scenario",
    "ScenarioError",
    "Severity",
    "SimulationResult",
    "SweepResult",
    "ValidationReport",
    "__version__",
    "check",
    "compare",
    "dump",
    "graph",
    "load",
    "load_config",
    "loads",
    "simulate",
    "summarize",
    "sweep",
    "validate",
    "validate_text",
    "variant",
]


def validate(path: str | Path, config: Config | None = None) -> ValidationReport:
    """Validate a scenario file; problems are values in the report, never exceptions.

    >>> pkforce.validate("scenarios/un-operation.yaml").ok     # doctest: +SKIP
    True
    """
    from .validation import validate_file

    return validate_file(path, config)


def _checked(report: ValidationReport) -> Scenario:
    if not report.ok or report.scenario is None:
        from .diagnostics import ScenarioError

        raise ScenarioError(report)
    scenario: Scenario = report.scenario
    return scenario


def load(path: str | Path, config: Config | None = None) -> Scenario:
    """Read and validate a scenario file; raise :class:`ScenarioError` if it has errors."""
    from .validation import validate_file

    return _checked(validate_file(path, config))


def loads(text: str, name: str = "<scenario>", config: Config | None = None) -> Scenario:
    """Like :func:`load`, for YAML text (a ``str``: decode bytes first).

    Raises:
        TypeError: `text` is not a str (bytes, a path, a file object).
    """
    if not isinstance(text, str):
        hint = " (decode it first: data.decode('utf-8'))" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(
            f"pkforce.loads() takes the YAML text as str, not {type(text).__name__}{hint}; "
            "for a file, use pkforce.load(path)"
        )
    from .validation import validate_text

    return _checked(validate_text(text, name, config))


def simulate(
    scenario: Scenario, runs: int | None = None, seed: int | None = None, *, validate: bool = True, **options: Any
) -> SimulationResult:
    """Validate the scenario, then simulate it (see :func:`pkforce.simulation.simulate` for `options`).

    Raises :class:`ScenarioError` if the rules find errors; ``validate=False`` skips the rules (for a
    scenario already validated, or to see what the simulator makes of a broken one: it records what it
    had to interpret in ``result.notes``).

    >>> result = pkforce.simulate(scenario, runs=2000, seed=7, workers=2)   # doctest: +SKIP
    """
    if validate:
        from .diagnostics import ValidationReport
        from .validation import check

        report = ValidationReport(file=scenario.id or "<scenario>", scenario=scenario, diagnostics=check(scenario))
        _checked(report)
    from .simulation import simulate as run

    return run(scenario, runs, seed, **options)


_LAZY = {
    "Config": "config",
    "load_config": "config",
    "Diagnostic": "diagnostics",
    "Location": "diagnostics",
    "Severity": "diagnostics",
    "ValidationReport": "diagnostics",
    "ScenarioError": "diagnostics",
    "Force": "force",
    "Scenario": "scenario.model",
    "ForceSummary": "summary",
    "summarize": "summary",
    "check": "validation",
    "validate_text": "validation",
    "SimulationResult": "simulation",
    "dump": "writer",
    "graph": "analysis.graph",
    "variant": "variants",
    "sweep": "analysis.sweep",
    "SweepResult": "analysis.sweep",
    "compare": "analysis.compare",
    "Comparison": "analysis.compare",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pkforce' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _register_display() -> None:
    # In IPython / Jupyter, reports and summaries show as HTML and scenarios and results as charts.
    # The formatters are registered by name from pkforce.display, so the model never imports the
    # charts; outside IPython this costs one dictionary look-up.
    import sys

    if "IPython" in sys.modules:
        from .display import register

        register()


_register_display()
