"""Colour for the text report at a terminal: the severity, the place and the fix stand out.

The renderers produce plain text (tests and files get exactly that); colour is laid over it here,
only when :func:`pkforce.cli._common.use_color` says so.
"""

from __future__ import annotations

import re

__all__ = ["colorize_report"]

_RESET = "\033[0m"
_BOLD = "\033[1m"
_SEVERITY = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_SEVERITY.update(  # the words of a Russian report (pkforce/render/text.py, --lang ru)
    {"ошибка": _SEVERITY["error"], "предупреждение": _SEVERITY["warning"], "примечание": _SEVERITY["info"]}
)
_HEAD = re.compile(
    r"^(?P<where>\S.*?): (?P<code>PKF\d{3}) \[(?P<sev>" + "|".join(_SEVERITY) + r")\] (?P<name>[a-z0-9-]+):"
)
_FIX = re.compile(r"^(?P<pad>\s*)(?P<word>= (?:fix|исправление):)")
_CARET = re.compile(r"^(?P<pad>\s*\|\s*)(?P<marks>\^+)\s*$")


def colorize_report(text: str) -> str:
    """The text report with ANSI colours: location bold, severity and underline in its colour."""
    lines = []
    colour = _SEVERITY["error"]
    for line in text.split("\n"):
        head = _HEAD.match(line)
        if head:
            colour = _SEVERITY[head["sev"]]
            line = (
                f"{_BOLD}{head['where']}{_RESET}: {_BOLD}{head['code']}{_RESET} "
                f"{colour}[{head['sev']}]{_RESET} {head['name']}:" + line[head.end() :]
            )
        elif (caret := _CARET.match(line)) is not None:
            line = f"{caret['pad']}{colour}{caret['marks']}{_RESET}"
        elif (fix := _FIX.match(line)) is not None:
            line = f"{fix['pad']}{_BOLD}{fix['word']}{_RESET}" + line[fix.end() :]
        lines.append(line)
    return "\n".join(lines)
