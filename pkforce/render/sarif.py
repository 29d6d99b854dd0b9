"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, VS Code SARIF viewer)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..diagnostics import Severity, ValidationReport

__all__ = ["render_sarif"]

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(reports: Sequence[ValidationReport]) -> str:
    from ..rules import RULES

    used = sorted({d.code for r in reports for d in r.diagnostics})
    rules = [
        {
            "id": code,
            "name": RULES[code].name if code in RULES else code,
            "shortDescription": {"text": RULES[code].summary if code in RULES else code},
            "fullDescription": {"text": RULES[code].doc if code in RULES else code},
            "defaultConfiguration": {"level": _LEVEL[RULES[code].severity] if code in RULES else "error"},
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results: list[dict[str, Any]] = []
    for r in reports:
        for d in r.diagnostics:
            region: dict[str, int] = {}
            if d.location is not None:
                region = {"startLine": d.location.line, "startColumn": d.location.column}
                if d.location.end_column is not None and d.location.end_line is not None:
                    region.update(endLine=d.location.end_line, endColumn=d.location.end_column + 1)
            location: dict[str, Any] = {"artifactLocation": {"uri": (d.file or r.file).replace("\\", "/")}}
            if region:
                location["region"] = region
            results.append({
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity],
                "message": {"text": d.message + (f" Fix: {d.fix}" if d.fix else "")},
                "locations": [{"physicalLocation": location}],
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pkforce", "version": __version__, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
