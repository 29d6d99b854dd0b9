"""The scenario text the players may see: comments, injects and the teaching section removed."""

from __future__ import annotations

import re

import yaml

__all__ = ["HIDDEN_SECTIONS", "player_source"]

HIDDEN_SECTIONS = ("injects", "learning")
"""Top-level sections the players never see: future events and the trainer's objectives/questions."""

_RULE_CODE = re.compile(r"\bPKF\d{3}\b")


def _comment_start(line: str) -> int | None:
    """Where a YAML comment starts on `line` (outside quotes), or None."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return None


def _token_extents(text: str) -> tuple[dict[int, int], set[int]] | None:
    """Where YAML's own tokens end on each line, and the lines wholly inside a token (a block or
    multi-line scalar); None when the text does not scan. A `#` after the last token of a line is a
    comment: the scanner knows quoting, escapes and block scalars, so nothing here guesses."""
    ends: dict[int, int] = {}
    inside: set[int] = set()
    try:
        for tok in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            start, end = tok.start_mark, tok.end_mark
            inside.update(range(start.line, end.line))  # a token running on past its first line
            ends[end.line] = max(ends.get(end.line, 0), end.column)
    except yaml.YAMLError:
        return None
    return ends, inside


def _comment_after(line: str, column: int) -> int | None:
    """The first `#` at or after `column` that starts a comment (at the line start or after a blank)."""
    i = line.find("#", column)
    while i != -1 and i > 0 and line[i - 1] not in " \t":
        i = line.find("#", i + 1)
    return None if i == -1 else i


def player_source(text: str) -> str:
    """`text` without comments (a teaching file's `# <- the mistake`, `# expect: ...`), without the
    `injects:` and `learning:` sections, and without rule codes. Block scalars keep their `#`.

    >>> print(player_source("a: 1   # <- the mistake\\ninjects:\\n  - {day: 1}\\nb: '#x'\\n"), end="")
    a: 1
    b: '#x'
    """
    lines = text.splitlines()
    keep = [True] * len(lines)
    literal: set[int] = set()
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        root = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value in HIDDEN_SECTIONS:
                end = value.end_mark.line if value.end_mark.column else value.end_mark.line - 1
                for n in range(key.start_mark.line, min(end, len(lines) - 1) + 1):
                    keep[n] = False
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
                literal.update(range(node.start_mark.line + 1, node.end_mark.line + 1))
            elif isinstance(node, yaml.MappingNode):
                stack += [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
    extents = _token_extents(text)
    out: list[str] = []
    for n, line in enumerate(lines):
        if not keep[n]:
            continue
        if extents is not None:
            ends, inside = extents
            cut = None if n in inside else _comment_after(line, ends.get(n, 0))
            if cut is not None:
                line = line[:cut].rstrip()
                if not line:
                    continue
        elif n not in literal:
            cut = _comment_start(line)
            if cut is not None:
                line = line[:cut].rstrip()
                if not line:
                    continue
        out.append(_RULE_CODE.sub("", line))
    return "\n".join(out).strip("\n") + "\n"
