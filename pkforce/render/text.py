"""Human-readable diagnostics: location, code, severity, message, the source line and the fix.

scenarios/exercise.yaml:23:58: PKF106 [error] consensus-not-reached: RUS voted "no"; ...
   |
23 |     votes: {ARM: abstain, BLR: yes, KAZ: yes, KGZ: yes, RUS: no, TJK: yes}
   |                                                          ^^^^^^^
   = fix: record the vote as yes or abstain

The frame (severity words, "fix:", the closing count) is in the language chosen with
:func:`pkforce.i18n.language` (English outside it); rule codes and names stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._io import printable
from ..diagnostics import Diagnostic, Severity, ValidationReport
from ..i18n import _
from ..loader import split_lines

__all__ = ["render_diagnostic", "render_text"]


_PICTURES = {
    **{c: chr(0x2400 + c) for c in range(0x20)},
    0x7F: "\u2421",
    **{c: "\ufffd" for c in [*range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
}
"""Control characters in a quoted source line are shown as their Control Pictures (ESC as ␛): one
column for one, so the carets stay under the right characters."""


def render_diagnostic(d: Diagnostic, lines: list[str] | None) -> str:
    """One finding as text; scenario text in it is escaped (no terminal escape sequences)."""
    return printable(_render_diagnostic(d, lines, _Words()))


class _Words:
    """The frame's words in the current language, looked up once per report (not per finding)."""

    def __init__(self) -> None:
        self.severity = {
            Severity.ERROR: _("error"),
            Severity.WARNING: _("warning"),
            Severity.INFO: _("info"),
        }
        self.fix = _("= fix:")
        self._names: dict[str | None, str] = {}

    def file_name(self, file: str | None) -> str:
        """The file's name as the findings show it, made once per file (not per finding)."""
        name = self._names.get(file)
        if name is None:
            name = self._names[file] = _one_line(file or "<scenario>")
        return name


def _one_line(text: str) -> str:
    """Scenario text inside a message: a newline in it must not start a line of its own."""
    if "\n" not in text and "\r" not in text:
        return text  # the usual message: no copies (100,000 findings made 600,000)
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _render_diagnostic(d: Diagnostic, lines: list[str] | None, words: _Words) -> str:
    loc = d.location
    where = words.file_name(d.file) if loc is None else f"{words.file_name(d.file)}:{loc.line}:{loc.column}"
    head = f"{where}: {d.code} [{words.severity[d.severity]}] {d.name}: {_one_line(d.message)}"
    fix = d.fix
    if loc is not None and lines is not None and 0 < loc.line <= len(lines):
        text = lines[loc.line - 1].rstrip("\r\n").expandtabs(1)
        if not text.isprintable():  # every character _PICTURES maps is unprintable: most lines skip it
            text = text.translate(_PICTURES)
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
        frame = f"{head}\n{pad} |\n{num} | {text}\n{pad} | {' ' * start}{'^' * width}"
        return f"{frame}\n{pad} {words.fix} {_one_line(fix)}" if fix else frame
    return f"{head}\n  {words.fix} {_one_line(fix)}" if fix else head


def _count(n: int, what: str) -> str:
    """ "1 error", "3 warnings": one template for one and one for more, each translated whole (the
    Russian ones avoid number agreement: "ошибок — 3")."""
    if what == "file":
        template = _("%(n)s file") if n == 1 else _("%(n)s files")
    elif what == "error":
        template = _("%(n)s error") if n == 1 else _("%(n)s errors")
    elif what == "warning":
        template = _("%(n)s warning") if n == 1 else _("%(n)s warnings")
    else:
        template = _("%(n)s note") if n == 1 else _("%(n)s notes")
    return template % {"n": n}


def render_text(reports: Sequence[ValidationReport]) -> str:
    """All reports, one block per diagnostic, and a closing count."""
    blocks: list[str] = []
    errors = warnings = infos = 0
    words = _Words()
    error, warning, info = Severity.ERROR, Severity.WARNING, Severity.INFO  # (an enum's attribute costs)
    for report in reports:
        lines = split_lines(report.source) if report.source is not None else None
        for d in report.diagnostics:
            blocks.append(_render_diagnostic(d, lines, words))  # escaped once, below
            errors += d.severity is error
            warnings += d.severity is warning
            infos += d.severity is info
    files = _count(len(reports), "file")
    if not blocks:
        return _("All good: %(files)s checked, no problems found.") % {"files": files} + "\n"
    counts = [_count(n, word) for n, word in ((errors, "error"), (warnings, "warning"), (infos, "note")) if n]
    tail = _("Found %(counts)s in %(files)s.") % {"counts": ", ".join(counts), "files": files}
    if errors:
        tail += _(" Run `pkforce explain CODE` for a rule's reasoning.")
    return printable("\n\n".join(blocks)) + "\n\n" + tail + "\n"
