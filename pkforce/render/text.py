"""Human-readable diagnostics: location, code, severity, message, the source line and the fix.

    scenarios/exercise.yaml:23:58: PKF106 [error] consensus-not-reached: RUS voted "no"; ...
       |
    23 |     votes: {ARM: abstain, BLR: yes, KAZ: yes, KGZ: yes, RUS: no, TJK: yes}
       |                                                          ^^^^^^^
       = fix: record the vote as yes or abstain
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity, ValidationReport
from ..loader import split_lines

__all__ = ["render_diagnostic", "render_text"]


def render_diagnostic(d: Diagnostic, lines: list[str] | None) -> str:
    where = d.file or "<scenario>"
    if d.location is not None:
        where += f":{d.location.line}:{d.location.column}"
    out = [f"{where}: {d.code} [{d.severity.value}] {d.name}: {d.message}"]
    loc = d.location
    if loc is not None and lines is not None and 0 < loc.line <= len(lines):
        text = lines[loc.line - 1].rstrip("\r\n").expandtabs(1)
        if len(text) > 160:
            text = text[:157] + "..."
        num = str(loc.line)
        pad = " " * len(num)
        start = min(loc.column - 1, len(text))
        if loc.end_line == loc.line and loc.end_column is not None and loc.end_column > start:
            width = loc.end_column - start
        else:
            width = max(1, len(text[start:].split(" #")[0].rstrip()) or 1)
        width = max(1, min(width, max(1, len(text) - start)))
        out += [f"{pad} |", f"{num} | {text}", f"{pad} | {' ' * start}{'^' * width}"]
        if d.fix:
            out.append(f"{pad} = fix: {d.fix}")
    elif d.fix:
        out.append(f"  = fix: {d.fix}")
    return "\n".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_text(reports: Sequence[ValidationReport]) -> str:
    """All reports, one block per diagnostic, and a closing count."""
    blocks: list[str] = []
    errors = warnings = infos = 0
    for report in reports:
        lines = split_lines(report.source) if report.source is not None else None
        for d in report.diagnostics:
            blocks.append(render_diagnostic(d, lines))
            errors += d.severity is Severity.ERROR
            warnings += d.severity is Severity.WARNING
            infos += d.severity is Severity.INFO
    files = _plural(len(reports), "file")
    if not blocks:
        return f"All good: {files} checked, no problems found.\n"
    counts = [_plural(n, word) for n, word in ((errors, "error"), (warnings, "warning"), (infos, "note")) if n]
    tail = f"Found {', '.join(counts)} in {files}."
    if errors:
        tail += " Run `pkforce explain CODE` for a rule's reasoning."
    return "\n\n".join(blocks) + "\n\n" + tail + "\n"
