"""Grading a trainee's answer: which of the original's findings are fixed, which remain, which are new.

Findings are matched by rule code and a stable anchor (the unit's id, the step's label, the
requirement's label, the inject's action and target), never by line: a trainee who adds a unit
above the mistake has not fixed or made anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic, ValidationReport

__all__ = ["Grade", "anchor", "grade"]


def anchor(report: ValidationReport, diag: Diagnostic) -> tuple[str, ...]:
    """A place for `diag` that survives edits elsewhere in the file: ``("unit kaz-coy", "readiness")``."""
    path = diag.path
    sc = report.scenario
    if not path or sc is None:
        return tuple(str(p) for p in path)
    head, rest = path[0], path[1:]
    try:
        if head == "units" and rest and isinstance(rest[0], int):
            return (f"unit {sc.units[rest[0]].id}", *map(str, rest[1:]))
        if head == "procedure" and rest and isinstance(rest[0], int):
            from ..scenario.timeline import step_name

            return (f"step {step_name(sc.procedure[rest[0]])}", *map(str, rest[1:]))
        if head == "injects" and rest and isinstance(rest[0], int):
            inj = sc.injects[rest[0]]
            unit = getattr(inj, "unit", None)
            target = unit if isinstance(unit, str) else getattr(unit, "id", None) or getattr(inj, "step", "")
            return (f"inject {inj.action} {target}", *map(str, rest[1:]))
        if path[:2] == ("operation", "requirements") and len(path) > 2 and isinstance(path[2], int):
            req = sc.operation.requirements[path[2]]
            return (f"requirement {req.category or ''}/{req.capability or ''}", *map(str, path[3:]))
    except (IndexError, AttributeError):
        pass
    return tuple(str(p) for p in path)


@dataclass
class Grade:
    """The outcome: findings of the original fixed or remaining, and findings new in the answer."""

    fixed: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    new: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every finding fixed, none new."""
        return not self.remaining and not self.new

    def to_dict(self) -> dict[str, Any]:
        def row(d: Diagnostic) -> dict[str, Any]:
            return {
                "code": d.code,
                "name": d.name,
                "severity": d.severity.value,
                "message": d.message,
                "file": d.file,
                "line": d.location.line if d.location else None,
            }

        return {
            "pkforce_grade": 1,
            "passed": self.passed,
            "fixed": [row(d) for d in self.fixed],
            "remaining": [row(d) for d in self.remaining],
            "new": [row(d) for d in self.new],
        }


def grade(original: ValidationReport, answer: ValidationReport) -> Grade:
    """Compare the findings of `original` and `answer` (both validated with the same configuration).

    Errors and warnings are graded; info notes (such as a ratification the data cannot confirm) are
    not mistakes, so they are neither fixed, remaining nor new.
    """
    before = [d for d in original.diagnostics if d.severity is not Severity.INFO]
    after = [d for d in answer.diagnostics if d.severity is not Severity.INFO]
    theirs = Counter((d.code, anchor(answer, d)) for d in after)
    mine = Counter((d.code, anchor(original, d)) for d in before)
    out = Grade()
    left = Counter(theirs)
    for d in before:
        key = (d.code, anchor(original, d))
        if left[key] > 0:
            left[key] -= 1
            out.remaining.append(next(a for a in after if (a.code, anchor(answer, a)) == key))
        else:
            out.fixed.append(d)
    seen = Counter(mine)
    for a in after:
        key = (a.code, anchor(answer, a))
        if seen[key] > 0:
            seen[key] -= 1
        else:
            out.new.append(a)
    return out
