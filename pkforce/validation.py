"""The validation pipeline: load -> version -> schema -> rules -> configured severities.

>>> report = validate_file("scenarios/un-contingent.yaml")   # doctest: +SKIP
>>> report.ok                                                # doctest: +SKIP
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import codes
from ._cost import collector_paused
from ._messages import tr
from ._suggest import suggestion_budget
from .codes import FIXED_PREFIX
from .config import Config, enabled, severity_for
from .diagnostics import Diagnostic, Location, Severity, ValidationReport
from .loader import Loaded, SourceMap, load_text, read_file
from .rules import RULES, Context
from .rules.registry import run
from .scenario.errors import schema_problems
from .scenario.model import Scenario
from .scenario.vocab import FORMAT_VERSION

__all__ = ["check", "validate_file", "validate_text"]

SUPPORTED_VERSION = FORMAT_VERSION


def validate_file(path: str | Path, config: Config | None = None) -> ValidationReport:
    """Validate a scenario file. Never raises for bad content: problems are in the report."""
    config = config or Config()
    read = read_file(path, config.limits)
    report = _validate_loaded(read, config) if read.text is None else _validate_source(read.text, read.file, config)
    report.config = config.source
    return report


def validate_text(text: str, name: str = "<scenario>", config: Config | None = None) -> ValidationReport:
    """Validate scenario YAML given as text."""
    config = config or Config()
    report = _validate_source(text, name, config)
    report.config = config.source
    return report


def _validate_source(text: str, name: str, config: Config) -> ValidationReport:
    """Load and validate `text` (the one path of validate_file and validate_text)."""
    # did-you-mean searches and the garbage collector's walks stay linear in the size of the input
    with suggestion_budget(), collector_paused():
        return _validate_loaded(load_text(text, name, config.limits), config)


def check(
    scenario: Scenario, config: Config | None = None, *, file: str = "<scenario>", source_map: SourceMap | None = None
) -> list[Diagnostic]:
    """Run the rules on a scenario built in Python (locations only when a source map is given)."""
    config = config or Config()
    return _finish(_rule_findings(scenario, config, file, source_map or SourceMap(None)), config)


def _rule_findings(scenario: Scenario, config: Config, file: str, smap: SourceMap) -> list[Diagnostic]:
    """The enabled rules' findings, located; severities as the rules give them (config comes later)."""
    ctx = Context(scenario, options=config.options)
    codes = [c for c, r in RULES.items() if r.check is not None and enabled(config, c, r.name)]
    out = []
    locate, entry = smap.locate, smap.entry
    for r, f in run(ctx, codes):
        at = f.at
        loc = locate(f.path) if at == "value" else entry(f.path) if at == "entry" else locate(f.path, key=at == "key")
        out.append(Diagnostic(r.code, r.name, f.severity or r.severity, f.message, f.fix, file, loc, f.path))
    return out


def _finish(diags: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """The findings that are switched on, once each, with their configured severities, in order of
    file, line, column and code (:meth:`Diagnostic.sort_key`).

    Written for 100,000 findings: whether a code is on and its severity are looked up once per
    code and severity (findings come in runs of one code), and the sort keys are made inline."""
    out = []
    keys: list[tuple[str, int, int, str]] = []
    seen: set[tuple[Any, ...]] = set()
    on: dict[str, bool] = {}
    severities: dict[tuple[str, Severity], Severity] = {}
    code: str | None = None
    given = sev = Severity.ERROR
    for d in diags:
        if d.code != code or d.severity is not given:  # a new run of findings: look up again
            code, given = d.code, d.severity
            if code not in on:
                on[code] = enabled(config, code, d.name) or code.startswith(FIXED_PREFIX)
            found = severities.get((code, given))
            if found is None:
                found = severities[(code, given)] = severity_for(config, code, d.name, given)
            sev = found
        if not on[code]:
            continue  # file and schema findings (PKF0xx) cannot be switched off
        loc = d.location
        if loc is None:
            key: tuple[Any, ...] = (code, None, None, d.message)
            place = (d.file or "", 0, 0, code)
        else:
            key = (code, loc.line, loc.column, d.message)
            place = (d.file or "", loc.line, loc.column, code)
        if key in seen:
            continue
        seen.add(key)
        out.append(d if sev is given else d.with_severity(sev))
        keys.append(place)
    order = sorted(range(len(out)), key=keys.__getitem__)  # stable, as out.sort(key=...) is
    return [out[i] for i in order]


def _validate_loaded(loaded: Loaded, config: Config) -> ValidationReport:
    report = ValidationReport(file=loaded.file, source=loaded.text)
    if not loaded.ok or loaded.data is None:
        report.diagnostics = _finish(loaded.diagnostics, config)
        report.unreadable = loaded.unreadable
        return report
    data: dict[str, Any] = loaded.data
    smap = loaded.source_map
    diags = list(loaded.diagnostics)

    version = data.get("pkforce")
    if version != SUPPORTED_VERSION or isinstance(version, bool):
        if "pkforce" not in data:
            msg = tr(
                "the format version is missing: a scenario starts with `pkforce: %(version)s`",
                version=SUPPORTED_VERSION,
            )
            loc: Location | None = Location(1, 1)
        else:
            msg = tr(
                "format version %(found)s is not supported: this pkforce reads `pkforce: %(version)s`",
                found=repr(version),
                version=SUPPORTED_VERSION,
            )
            loc = smap.locate(("pkforce",))
        diags.append(
            Diagnostic(
                *codes.UNSUPPORTED_VERSION,
                Severity.ERROR,
                msg,
                tr(
                    "write `pkforce: %(version)s` as the first line (or upgrade pkforce for a newer format)",
                    version=SUPPORTED_VERSION,
                ),
                loaded.file,
                loc,
                ("pkforce",),
            )
        )
        report.diagnostics = _finish(diags, config)
        return report

    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        for p in schema_problems(exc, data):
            loc = smap.locate(p.path, key=p.at == "key")
            diags.append(Diagnostic(p.code, p.name, Severity.ERROR, p.message, p.fix, loaded.file, loc, p.path))
        report.diagnostics = _finish(diags, config)
        return report

    report.scenario = scenario
    diags.extend(_rule_findings(scenario, config, loaded.file, smap))
    report.diagnostics = _finish(diags, config)
    return report
