"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, VS Code SARIF viewer).

The document validates against the official OASIS schema (tests/schemas/sarif-schema-2.1.0.json):

- file locations are URIs relative to the repository root, percent-encoded (spaces, `#`, Cyrillic),
  with the root itself given once as the base id ``SRCROOT`` in ``originalUriBaseIds``, so GitHub
  places a finding on its file whatever folder the analysis ran in. The root is ``GITHUB_WORKSPACE``
  under GitHub Actions, else the nearest folder upward from the working directory holding ``.git``,
  else the working directory. A file outside the root gets an absolute ``file:`` URI;
- every rule has its documentation page as ``helpUri`` and its page text as ``help.markdown``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import REPOSITORY, __version__
from ..diagnostics import Severity, ValidationReport

__all__ = ["RULES_PAGE", "render_sarif", "repository_root", "rule_help_uri"]

RULES_PAGE = REPOSITORY + "/blob/main/docs/rules.md"
"""The published rule reference (docs/rules.md); each rule is a heading on it."""

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_BASE_ID = "SRCROOT"


def rule_help_uri(code: str, name: str) -> str:
    """The rule's heading on the rules page (GitHub's anchor for "### PKF106 consensus-not-reached")."""
    return f"{RULES_PAGE}#{code.lower()}-{name}"


def repository_root(cwd: Path | None = None) -> Path:
    """The folder SARIF locations are relative to (see the module's documentation)."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def _folder_uri(path: Path) -> str:
    uri = path.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _artifact_location(file: str, root: Path) -> dict[str, Any]:
    if file == "<stdin>":  # read from standard input: there is no file to point at
        return {"description": {"text": "standard input"}}
    path = Path(file)
    absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:  # outside the repository: an absolute URI, no base id
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": _BASE_ID}


def _rule(code: str) -> dict[str, Any]:
    from ..rules import RULES

    rule = RULES.get(code)
    if rule is None:  # not a registered rule (cannot happen for pkforce's own findings)
        return {"id": code, "shortDescription": {"text": code}, "defaultConfiguration": {"level": "error"}}
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "helpUri": rule_help_uri(code, rule.name),
        "help": {"text": rule.doc, "markdown": f"# {code} {rule.name}\n\n{rule.doc}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def render_sarif(reports: Sequence[ValidationReport]) -> str:
    root = repository_root()
    used = sorted({d.code for r in reports for d in r.diagnostics})
    index = {code: i for i, code in enumerate(used)}
    results: list[dict[str, Any]] = []
    for r in reports:
        for d in r.diagnostics:
            location: dict[str, Any] = {"artifactLocation": _artifact_location(d.file or r.file, root)}
            if d.location is not None:
                region = {"startLine": d.location.line, "startColumn": d.location.column}
                if d.location.end_column is not None and d.location.end_line is not None:
                    region.update(endLine=d.location.end_line, endColumn=d.location.end_column + 1)
                location["region"] = region
            results.append(
                {
                    "ruleId": d.code,
                    "ruleIndex": index[d.code],
                    "level": _LEVEL[d.severity],
                    "message": {"text": d.message + (f" Fix: {d.fix}" if d.fix else "")},
                    "locations": [{"physicalLocation": location}],
                }
            )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pkforce",
                        "version": __version__,
                        "informationUri": RULES_PAGE,
                        "rules": [_rule(code) for code in used],
                    }
                },
                "originalUriBaseIds": {_BASE_ID: {"uri": _folder_uri(root)}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
