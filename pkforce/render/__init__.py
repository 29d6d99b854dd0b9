"""Renderers of validation reports: text (people), json (scripts), github (Actions annotations),
sarif (code-scanning tools). Each takes reports and returns a string; none prints."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from ..diagnostics import ValidationReport

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "json", "github", "sarif")
"""The output formats; format `x` is rendered by `render_x` in the module of the same name."""


def render(reports: Sequence[ValidationReport], fmt: str = "text") -> str:
    """Render reports in one of :data:`FORMATS` (only that renderer's module is imported)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f".{fmt}", __name__)
    result: str = getattr(module, f"render_{fmt}")(reports)
    return result
