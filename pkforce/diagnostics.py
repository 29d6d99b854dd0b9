"""Diagnostics: what is wrong, where, and how to fix it. Errors are values until the CLI shows them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = ["Diagnostic", "Location", "ScenarioError", "Severity", "ValidationReport"]


class Severity(StrEnum):
    """How bad a finding is. `error` fails validation; `warning` fails only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A span in a file, 1-based lines and columns; `end_*` is inclusive of the last character."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code and name, a severity, a message, a fix and a location."""

    code: str
    name: str
    severity: Severity
    message: str
    fix: str | None = None
    file: str | None = None
    location: Location | None = None
    path: tuple[str | int, ...] = ()
    """where in the document: ('units', 3, 'parent')"""

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (self.file or "", loc.line if loc else 0, loc.column if loc else 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
            "file": self.file,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "end_line": loc.end_line if loc else None,
            "end_column": loc.end_column if loc else None,
            "path": [str(p) for p in self.path],
        }


@dataclass(slots=True)
class ValidationReport:
    """The result of validating one scenario file.

    `scenario` is the parsed model when the file's shape was valid (rules may still have found
    errors); `source` is the text the locations refer to.
    """

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    scenario: Any = None
    source: str | None = None
    unreadable: bool = False
    """the path could not be read (a usage error: exit code 2)"""
    config: str | None = None
    """the configuration file that applied (None: the defaults)"""

    @property
    def errors(self) -> list[Diagnostic]:
        error = Severity.ERROR  # read once: an enum member read off its class costs 0.1 us
        return [d for d in self.diagnostics if d.severity is error]

    @property
    def warnings(self) -> list[Diagnostic]:
        warning = Severity.WARNING
        return [d for d in self.diagnostics if d.severity is warning]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def passed(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


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
