"""Renderers of validation reports: text (people), json (scripts), github (Actions annotations),
sarif (code-scanning tools). Each takes reports and returns a string; none prints."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from .._cost import collector_paused
from ..diagnostics import ValidationReport

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "json", "github", "sarif")
"""The output formats; format `x` is rendered by `render_x` in the module of the same name."""


def render(reports: Sequence[ValidationReport], fmt: str = "text") -> str:
    """Render reports in one of :data:`FORMATS` (only that renderer's module is imported)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f".{fmt}", __name__)
    # a finding's dicts (JSON, SARIF) are garbage-collected objects: with the collector on, 100,000
    # findings set off full collections over every live object (the scenario's too), which took
    # longer than the rendering itself (see pkforce/_cost.py)
    with collector_paused():
        result: str = getattr(module, f"render_{fmt}")(reports)
    return result
