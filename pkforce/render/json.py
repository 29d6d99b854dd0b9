"""Machine-readable diagnostics: a stable, versioned JSON document."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .._version import __version__
from ..diagnostics import ValidationReport

__all__ = ["render_json"]


def render_json(reports: Sequence[ValidationReport]) -> str:
    doc = {
        "pkforce_validation": 1,
        "version": __version__,
        "files": [
            {
                "file": r.file,
                "config": r.config,
                "ok": r.ok,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
                "diagnostics": [d.to_dict() for d in r.diagnostics],
            }
            for r in reports
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
