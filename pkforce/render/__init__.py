"""Renderers of validation reports: text (people), json (scripts), github (Actions annotations),
sarif (code-scanning tools). Each takes reports and returns a string; none prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..diagnostics import ValidationReport
from .github import render_github
from .json import render_json
from .sarif import render_sarif
from .text import render_text

__all__ = ["FORMATS", "render"]

FORMATS: dict[str, Callable[[Sequence[ValidationReport]], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}


def render(reports: Sequence[ValidationReport], fmt: str = "text") -> str:
    """Render reports in one of :data:`FORMATS`."""
    return FORMATS[fmt](reports)
