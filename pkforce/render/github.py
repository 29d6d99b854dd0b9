"""GitHub Actions workflow commands: findings show as annotations on the pull request."""

from __future__ import annotations

from collections.abc import Sequence

from .._io import printable
from ..diagnostics import Severity, ValidationReport

__all__ = ["render_github"]

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    # %, CR and LF as GitHub documents; other control characters escaped, so that no scenario
    # text can end the annotation and start a line of its own (`::add-mask::`, `::warning`)
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[ValidationReport]) -> str:
    lines = []
    for r in reports:
        for d in r.diagnostics:
            props = [f"file={_escape_prop(d.file or r.file)}"]
            if d.location is not None:
                props += [f"line={d.location.line}", f"col={d.location.column}"]
                if d.location.end_column is not None:
                    props.append(f"endColumn={d.location.end_column}")
            props.append(f"title={_escape_prop(f'{d.code} {d.name}')}")
            message = d.message + (f" — fix: {d.fix}" if d.fix else "")
            lines.append(f"::{_LEVEL[d.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
