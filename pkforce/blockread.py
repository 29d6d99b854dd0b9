"""The plainest YAML, read line by line: block mappings and lists whose values fit on their line.

Most scenarios, and nearly every line of a large one, are written that way (``- id: kaz-coy``,
``  nation: KAZ``). Reading them with one regular expression per line is several times faster
than libyaml composing a node for every key and value, and each entry's line is all that is
needed to point at it later. Anything else (a value over several lines, a block scalar, an
anchor, a tag, a quoted key, a tab, a duplicate key, a number too long, a syntax error...)
makes :func:`read_block` answer None, and the full loader (:mod:`pkforce.loader`) reads the file
as before, with its findings. A one-line flow collection (``votes: {ARM: yes, KAZ: yes}``) is
left in place as a :class:`Flow` for the loader to compose alone.

One verdict per content: what this reader accepts, the full loader reads as the same data, with
no finding, and every position the same (tests/test_blockread.py checks it on every YAML file
of the repository and on generated documents).

The scalar rules (YAML 1.2 core schema, as :class:`pkforce.loader` applies them) live here, so
both readers type a plain scalar with the same function.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BlockDocument",
    "Flow",
    "Oversized",
    "flow_entries",
    "plain_scalar",
    "read_block",
    "scalar_token",
    "value_end",
]

PLAIN = "pkf:plain"
"""The tag of a plain (unquoted) scalar: typed by :func:`plain_scalar`."""
QUOTED = "tag:yaml.org,2002:str"
"""The tag of a quoted scalar: always text."""

INT_RE = re.compile(r"[-+]?[0-9]+")
FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
SPECIAL: dict[str, Any] = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
"""The core schema's words for null, booleans, infinities and NaN. (`yes`, `no`, `on` stay text.)"""


class Oversized(Exception):
    """A number longer than the limit: `unit` is "digits" (an integer) or "characters" (a float)."""

    def __init__(self, unit: str, length: int) -> None:
        super().__init__(unit, length)
        self.unit = unit
        self.length = length


def core_int(text: str, base: int, max_digits: int) -> int:
    """`text` as an integer in `base`; :class:`Oversized` past `max_digits` (ValueError if not one)."""
    digits = len(text.lstrip("+-"))
    if digits > max_digits:
        raise Oversized("digits", digits)
    return int(text, base)


def plain_scalar(text: str, max_digits: int) -> Any:
    """A plain scalar's value: null, a boolean, an integer (decimal, 0o, 0x), a float, or text.
    Dates stay text (the model parses them). Raises :class:`Oversized` for too long a number."""
    if not text:
        return None
    if text[0] in "0123456789+-.":
        if INT_RE.fullmatch(text):
            return core_int(text, 10, max_digits)
        if text.startswith(("0o", "0x")) and len(text) > 2:
            try:
                return core_int(text[2:], 8 if text[1] == "o" else 16, max_digits)
            except ValueError:
                return text
        if FLOAT_RE.fullmatch(text):
            if len(text) > max_digits:
                raise Oversized("characters", len(text))
            return float(text)
    special = SPECIAL.get(text, SPECIAL)
    return text if special is SPECIAL else special


_NOT_PLAIN_START = frozenset("{}[],&*!|>%@`#'\"")


def scalar_token(line: str, i: int) -> tuple[str, str, int] | None:
    """The scalar starting at `line[i]` (not a space) when it ends on this line, with only a
    comment after it: (tag, text, index after its end) as libyaml reads it, or None."""
    c = line[i]
    if c == '"':
        end = line.find('"', i + 1)
        if end < 0 or "\\" in line[i + 1 : end]:
            return None  # escapes, or a string over several lines
        tag, text, end = QUOTED, line[i + 1 : end], end + 1
    elif c == "'":
        parts, j = [], i + 1
        while True:
            end = line.find("'", j)
            if end < 0:
                return None
            if line[end + 1 : end + 2] == "'":  # '' is a quote inside
                parts.append(line[j : end + 1])
                j = end + 2
                continue
            parts.append(line[j:end])
            break
        tag, text, end = QUOTED, "".join(parts), end + 1
    else:
        if c in _NOT_PLAIN_START or (c in "-?:" and line[i + 1 : i + 2] in ("", " ")):
            return None
        cut = line.find(" #", i)
        text = (line[i:cut] if cut >= 0 else line[i:]).rstrip(" ")
        if ": " in text or text.endswith(":"):
            return None
        tag, end = PLAIN, i + len(text)
    return (tag, text, end) if _ends_line(line, end) else None


def _ends_line(line: str, end: int) -> bool:
    """Is there nothing after `line[end:]` but spaces, or a comment after a space?"""
    rest = line[end:].lstrip(" ")
    return not rest or (rest[0] == "#" and line[end : end + 1] == " ")


@dataclass(frozen=True, slots=True)
class Flow:
    """A value left for libyaml to compose alone. A flow collection on one line (``{ARM: yes}``,
    ``[a, b]``): `text` from its first bracket, at `line` and `column` (0-based). Or, with `key`
    set, a block scalar (``description: |``) or a quoted text over several lines: `text` is a
    document of that one entry, its lines as in the file from `line` (the key at its column)."""

    line: int
    column: int
    text: str
    depth: int
    """how deep the value sits (the root's values are at depth 1)"""
    key: str | None = None


@dataclass(slots=True)
class BlockDocument:
    """What :func:`read_block` read: the data (flow collections still :class:`Flow` objects, listed
    in `flows` with the container and key or index that holds each), and each entry's line:
    ``lines_of[id(mapping)][key]`` and ``lines_of[id(list)][index]``, 0-based."""

    data: dict[str, Any]
    lines: list[str]
    lines_of: dict[int, Any] = field(default_factory=dict)
    flows: list[tuple[Any, Any, Flow]] = field(default_factory=list)
    inline: dict[int, tuple[int, int]] = field(default_factory=dict)
    """the simple flow collections read here (see :func:`flow_entries`): id -> (line, column)"""


_LINE = re.compile(r"( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_.-]*):(?: +|$))?(.*)")
"""Indentation, a list dash, a plain key and its colon, the rest. (Keys that start with a digit
are left to libyaml: a long one is a number it reports.)"""

_PLAIN_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _usual(value: str) -> bool:
    """The usual value (`nation: KAZ`): plain text from a letter, with no `#` or `:` in it, so it is
    the rest of its line less trailing spaces. (:func:`read_block` tests the same inline.)"""
    return value[0] in _PLAIN_FIRST and "#" not in value and ":" not in value


MAX_FLOWS = 1000
"""More one-line flow collections than this: the file is flow style, and libyaml reads it whole
faster than composing each alone."""


def read_block(text: str, *, max_depth: int, max_digits: int) -> BlockDocument | None:
    """Read `text` if it is plain block YAML whose root is a mapping; None means "use libyaml".

    `text` has no control characters (the loader refused them) and its NEL / LINE SEPARATOR /
    PARAGRAPH SEPARATOR are already spaces, as for libyaml."""
    if "\t" in text or "\ufeff" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None  # a lone CR is a line break to YAML: leave it to libyaml
        text = text.replace("\r\n", "\n")  # columns are unchanged: the CR ends its line
    lines = text.split("\n")
    root: dict[str, Any] = {}
    doc = BlockDocument(root, lines)
    lines_of = doc.lines_of
    # The open collections, innermost last, as [column of their entries, the collection, is a
    # mapping, its entries' lines]; the innermost is also kept in locals (the loop's hot path).
    top: Any = root
    col_top, is_map, top_lines = 0, True, lines_of.setdefault(id(root), {})
    stack: list[tuple[int, Any, bool, Any]] = []
    pending: str | None = None  # a key of `top` whose value is on the lines below it
    match = _LINE.match
    skip = 0  # the lines of a value over several lines, read by libyaml
    for n, line in enumerate(lines):
        if n < skip:
            continue
        indent, dash, key, rest = match(line).groups()  # type: ignore[union-attr]
        if dash is None and key is None:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            return None  # a value over several lines, `---`, a directive, `? key`...
        col = len(indent)
        if pending is not None:  # the block below a key: a mapping deeper, or a list at its column
            if col > col_top or (dash is not None and col == col_top):
                if len(stack) + 2 >= max_depth:
                    return None
                block: Any = {} if dash is None else []
                top[pending] = block
                stack.append((col_top, top, is_map, top_lines))
                col_top, top, is_map, top_lines = col, block, dash is None, ({} if dash is None else [])
                lines_of[id(block)] = top_lines
            pending = None
        while col_top > col:
            col_top, top, is_map, top_lines = stack.pop()
        if dash is not None:
            if col_top != col or is_map:
                return None
            if key is None:  # a scalar item: `- KAZ`
                if not rest or rest[0] == "#":
                    return None  # `-` with its value below, or empty
                item = _value(line, len(line) - len(rest), n, len(stack) + 1, max_digits)
                if item is _REFUSED:
                    return None
                if type(item) is Flow:
                    doc.flows.append((top, len(top), item))
                elif type(item) is dict or type(item) is list:
                    doc.inline[id(item)] = (n, len(line) - len(rest))
                top.append(item)
                top_lines.append(n)
                continue
            if len(stack) + 2 >= max_depth:
                return None
            mapping: dict[str, Any] = {}
            top.append(mapping)
            top_lines.append(n)
            stack.append((col_top, top, is_map, top_lines))
            col_top, top, is_map, top_lines = col + len(dash), mapping, True, {}
            lines_of[id(mapping)] = top_lines
        else:
            if not is_map and col_top == col:  # a list written level with its key has ended
                col_top, top, is_map, top_lines = stack.pop()
            if col_top != col or not is_map:
                return None
        if key in top:
            return None  # a duplicate key: libyaml's reading reports it
        top_lines[key] = n
        if not rest:
            top[key] = None
            pending = key
            continue
        c = rest[0]
        if c in _PLAIN_FIRST and "#" not in rest and ":" not in rest:  # _usual(rest), inline: the hot path
            text = rest.rstrip(" ")
            special = SPECIAL.get(text, SPECIAL)
            top[key] = text if special is SPECIAL else special
            continue
        if c == "#":
            top[key] = None
            pending = key
            continue
        if c in "123456789" and rest.isdigit() and rest.isascii() and len(rest) <= max_digits:
            top[key] = int(rest)  # `personnel: 150`
            continue
        if c in "|>" or (c in "'\"" and scalar_token(line, len(line) - len(rest)) is None):
            key_col = col_top
            skip = _below(lines, n, key_col)  # the lines deeper than the key
            entry = " " * key_col + "\n".join([line[key_col:], *lines[n + 1 : skip]])
            value = Flow(n, key_col, entry + "\n" if skip < len(lines) else entry, len(stack) + 1, key)
            doc.flows.append((top, key, value))
            top[key] = value
            continue
        value = _value(line, len(line) - len(rest), n, len(stack) + 1, max_digits)
        if value is _REFUSED:
            return None
        if type(value) is Flow:
            doc.flows.append((top, key, value))
        elif type(value) is dict or type(value) is list:
            doc.inline[id(value)] = (n, len(line) - len(rest))
        top[key] = value
    if not root or len(doc.flows) > MAX_FLOWS:
        return None
    return doc


_FLOW_KEY = re.compile(r" *([A-Za-z_][A-Za-z0-9_.-]*): +")
_NOT_IN_FLOW = re.compile(r"[\[\]{}#:'\"]")


def flow_entries(line: str, i: int) -> tuple[list[tuple[str, int, int, str, int, int]], int] | None:
    """The entries of the simplest flow collection at `line[i]`: ``{key: value, ...}`` or
    ``[value, ...]`` with plain keys and plain one-word-or-more values (no quotes, brackets, colons
    or #), then only a comment. Each entry is (key, its start, its end, value, its start, its end)
    (the key "" in a list); with the index after the closing bracket. None: libyaml reads it."""
    close = "}" if line[i] == "{" else "]"
    end = line.find(close, i + 1)
    if end < 0:
        return None
    if not _ends_line(line, end + 1):
        return None
    inner = line[i + 1 : end]
    if not inner.strip(" "):
        return [], end + 1
    entries = []
    at = i + 1
    for part in inner.split(","):
        key, ks, ke = "", 0, 0
        if close == "}":
            m = _FLOW_KEY.match(part)
            if m is None:
                return None
            key, ks, ke = m.group(1), at + m.start(1), at + m.end(1)
            value_at = m.end()
        else:
            value_at = len(part) - len(part.lstrip(" "))
        value = part[value_at:].rstrip(" ")
        if not value or _NOT_IN_FLOW.search(value) or value[0] in _NOT_PLAIN_START:
            return None
        if value[0] == "?" or (value[0] == "-" and value[1:2] in ("", " ")):
            return None  # in a flow, libyaml reads `?` as a key's mark even before a letter
        entries.append((key, ks, ke, value, at + value_at, at + value_at + len(value)))
        at += len(part) + 1
    if close == "}" and len({e[0] for e in entries}) != len(entries):
        return None  # a duplicate key: libyaml's reading reports it
    return entries, end + 1


def value_end(line: str, i: int) -> int:
    """The index after the one-line scalar that starts at `line[i]`, as :func:`read_block` read it."""
    body = line[i:]
    if _usual(body):
        return i + len(body.rstrip(" "))
    token = scalar_token(line, i)
    assert token is not None  # read_block read it
    return token[2]


def _below(lines: list[str], n: int, column: int) -> int:
    """The first line after line `n` with something on it at `column` or left of it."""
    for j in range(n + 1, len(lines)):
        line = lines[j]
        body = line.lstrip(" ")
        if body and len(line) - len(body) <= column:
            return j
    return len(lines)


_REFUSED = object()


def _value(line: str, i: int, n: int, depth: int, max_digits: int) -> Any:
    """The one-line value at `line[i]`: a typed scalar, a :class:`Flow`, or _REFUSED."""
    rest = line[i:]
    c = rest[0]
    if _usual(rest):
        text = rest.rstrip(" ")
    elif c == "[" or c == "{":
        found = flow_entries(line, i)
        if found is None:
            return Flow(n, i, rest, depth)
        try:
            if c == "[":
                return [plain_scalar(e[3], max_digits) for e in found[0]]
            return {e[0]: plain_scalar(e[3], max_digits) for e in found[0]}
        except Oversized:
            return _REFUSED
    else:
        token = scalar_token(line, i)
        if token is None:
            return _REFUSED
        tag, text, _ = token
        if tag == QUOTED:
            return text
    try:
        return plain_scalar(text, max_digits)
    except Oversized:
        return _REFUSED
