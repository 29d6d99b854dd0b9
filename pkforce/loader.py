"""Safe YAML reading with source positions and limits. Nothing else in pkforce reads scenario files.

Plain block YAML, which most scenarios are, is read line by line (:mod:`pkforce.blockread`), each
entry's position re-read from its line when a finding points at it. Anything else is read by
libyaml (PyYAML's C parser), which composes the node graph, carrying every node's position; the
guard checks size, depth and alias *expansion* on that graph; then Python values are built from
the same nodes. Both readings give the same data and positions (tests/test_blockread.py).
Scalars follow the YAML 1.2 core schema: only true/false are booleans (`yes`, `no`, `on` stay
text, as votes and state codes need), dates stay text for the model to parse. Only the core tags
(str, int, float, bool, null, seq, map) are accepted: nothing executes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import codes
from ._messages import num, tr
from .blockread import (
    FLOAT_RE,
    INT_RE,
    BlockDocument,
    Oversized,
    core_int,
    flow_entries,
    plain_scalar,
    read_block,
    value_end,
)
from .blockread import PLAIN as _PLAIN
from .blockread import QUOTED as _QUOTED
from .diagnostics import Diagnostic, Location, Severity

__all__ = [
    "BlockSourceMap",
    "Limits",
    "Loaded",
    "SourceMap",
    "decode",
    "load_bytes",
    "load_file",
    "load_text",
    "read_file",
    "split_lines",
]

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer as _PyComposer
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _PyReader
    from yaml.scanner import Scanner as _PyScanner

    class _Parser(_PyReader, _PyScanner, _PyParser, _PyComposer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _PyReader.__init__(self, stream)
            _PyScanner.__init__(self)
            _PyParser.__init__(self)
            _PyComposer.__init__(self)


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards against hostile or mistaken input; each can be raised from the command line."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 5_000_000
    """the node count after expanding every alias (billion-laughs guard)"""
    max_digits: int = 100


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Composer(_Parser):
    """libyaml's composer with a resolver that only marks plain scalars; we type them ourselves."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        self.yaml_path_resolvers: dict[Any, Any] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return "tag:yaml.org,2002:seq" if kind is SequenceNode else "tag:yaml.org,2002:map"

    # the pure-Python composer calls these
    def descend_resolver(self, *args: Any) -> None: ...
    def ascend_resolver(self, *args: Any) -> None: ...


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines as editors show them: broken only at LF, CRLF and CR. (``str.splitlines`` also
    breaks at U+2028, U+0085, form feeds... which would shift every later line number.)"""
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")  # the same lines, 3x faster
    if lines and lines[-1] == "" and text:
        lines.pop()
    return lines


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML does not allow in a document: C0 and C1 controls (not tab, LF, CR, NEL), DEL,
lone surrogates and the two non-characters. ESC would also reach a terminal raw."""

_SEPARATORS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
"""NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: line breaks for YAML 1.1 (libyaml), ordinary characters
for YAML 1.2 and for editors. Both parsers read them as a space: the same data, the same verdict, and
no line shifted from what an editor shows (one character for one, so columns stay too)."""

_MAX_CONTROL_FINDINGS = 20


def _yaml_text(text: str) -> str:
    return text.translate(_SEPARATORS) if ("\x85" in text or "\u2028" in text or "\u2029" in text) else text


def _control_characters(text: str, name: str) -> list[Diagnostic]:
    """Each control character, at the line and column an editor shows (the first few)."""
    found: list[Diagnostic] = []
    starts: list[int] | None = None
    for m in _CONTROL.finditer(text):
        if starts is None:
            starts = [0] + [b.end() for b in _LINE_BREAK.finditer(text)]
        import bisect

        line = bisect.bisect_right(starts, m.start())
        col = m.start() - starts[line - 1] + 1
        code = ord(m.group())
        label = _CONTROL_NAMES.get(code) or tr("a control character")
        hex_code = f"{code:04X}"
        found.append(
            _diag(
                *codes.YAML_SYNTAX,
                tr(
                    "the file contains U+%(code)s (%(label)s), which YAML does not "
                    "allow (a binary file, or text pasted from a terminal?)",
                    code=hex_code,
                    label=label,
                ),
                tr("delete the character, or save the scenario as plain UTF-8 text"),
                name,
                Location(line, col, line, col),
            )
        )
        if len(found) >= _MAX_CONTROL_FINDINGS:
            break
    return found


_CONTROL_NAMES = {
    0: "NUL",
    7: tr("BEL, the bell"),
    8: "BACKSPACE",
    0x0B: tr("a vertical tab"),
    0x0C: tr("a form feed"),
    0x1B: tr("ESC, which starts terminal escape sequences"),
    0x7F: "DEL",
    0x9B: tr("CSI, a terminal control"),
    0xFFFE: tr("a non-character"),
    0xFFFF: tr("a non-character"),
}


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _loc(node: Node) -> Location:
    s, e = node.start_mark, node.end_mark
    end_col = e.column if e.line == s.line else None
    return Location(
        s.line + 1,
        s.column + 1,
        e.line + 1 if e.line == s.line else None,
        end_col if end_col and end_col > s.column else None,
    )


class SourceMap:
    """Maps a path into the document (('units', 3, 'parent')) to its position in the file."""

    def __init__(self, root: Node | None) -> None:
        self._root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    @property
    def root(self) -> Node | None:
        return self._root

    def _entry(self, node: MappingNode, part: str | int) -> tuple[Node, Node] | None:
        """The first entry of `node` whose key reads `part`: an index per mapping, built once, so
        locating N findings costs N look-ups, not N scans of a large mapping."""
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for k, v in node.value:
                if isinstance(k, ScalarNode):
                    index.setdefault(k.value, (k, v))
            self._keys[id(node)] = index
        return index.get(str(part))

    def node(self, path: tuple[str | int, ...], *, key: bool = False) -> Node | None:
        """The node at `path`, or the deepest node on the way there. Path parts that name nothing
        (pydantic's union tags, for instance) are skipped."""
        node = self.root
        if node is None:
            return None
        key_node: Node | None = None
        for part in path:
            key_node = None
            if isinstance(node, MappingNode):
                found = self._entry(node, part)
                if found is None:
                    continue
                key_node, node = found
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
        return key_node if (key and key_node is not None) else node

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Location | None:
        node = self.node(path, key=key)
        return _loc(node) if node is not None else None

    def entry(self, path: tuple[str | int, ...]) -> Location | None:
        """The span of a mapping entry `key: value` when both sit on one line."""
        k = self.node(path, key=True)
        v = self.node(path)
        if k is None or v is None:
            return None
        if k is v or k.start_mark.line != v.end_mark.line:
            return _loc(k)
        return Location(k.start_mark.line + 1, k.start_mark.column + 1, v.end_mark.line + 1, v.end_mark.column)


_FlowEntry = tuple[str, int, int, str, int, int]
"""(key, its start, its end, value, its start, its end) in a simple flow collection's line"""


class _Reached(NamedTuple):
    """Where a path leads in a block document (see :meth:`BlockSourceMap._walk`)."""

    holder: Any
    entry: Any
    value: Any
    keyed: bool
    flow: SourceMap | None = None
    rest: tuple[str | int, ...] = ()


class BlockSourceMap(SourceMap):
    """Positions for a document read by :func:`pkforce.blockread.read_block`: from each entry's
    line, re-read when a finding points at it, with the same results as libyaml's nodes
    (tests/test_blockread.py compares them). One-line flow collections keep their composed nodes."""

    def __init__(
        self, doc: BlockDocument, flows: dict[int, Node], scalars: dict[tuple[int, Any], Node], text: str
    ) -> None:
        super().__init__(None)
        self._doc = doc
        self._flows = flows
        self._scalars = scalars
        self._text = text
        self._composed = False
        self._inlines: dict[int, tuple[int, list[_FlowEntry], int, int]] = {}
        self._flow_maps: dict[int, SourceMap] = {}
        self._inline_keys: dict[int, dict[str, _FlowEntry]] = {}

    @property
    def root(self) -> Node | None:
        """The whole document composed by libyaml, on first use (nothing in pkforce needs it)."""
        if not self._composed:
            self._composed = True
            self._root = _compose_quietly(self._text)
        return self._root

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Location | None:
        at = self._walk(path)
        if at.flow is not None:
            node = at.flow.node(at.rest, key=key)
            return _loc(node) if node is not None else None
        return self._key(at.holder, at.entry) if key and at.keyed else self._value(at.holder, at.entry, at.value)

    def entry(self, path: tuple[str | int, ...]) -> Location | None:
        at = self._walk(path)
        if at.flow is not None:
            return at.flow.entry(at.rest)
        v = self._value(at.holder, at.entry, at.value)
        if not at.keyed:
            return v
        k = self._key(at.holder, at.entry)
        if v.end_line is None:  # a block below the key
            return k
        end = v.end_column if v.end_column is not None else v.column - 1  # an empty value: the colon
        return Location(k.line, k.column, v.end_line, end)

    def _walk(self, path: tuple[str | int, ...]) -> _Reached:
        """Follow `path` through the data as :meth:`SourceMap.node` follows the nodes (parts that
        name nothing are skipped). Into a flow collection, the rest of the path is its nodes' to follow."""
        value: Any = self._doc.data
        holder: Any = None
        entry: Any = None
        keyed = False
        flows = self._flows
        for i, part in enumerate(path):
            keyed = False
            if flows and id(value) in flows:
                inside = self._flow_maps.get(id(value))
                if inside is None:  # one per flow: its index of keys is built once
                    inside = self._flow_maps[id(value)] = SourceMap(flows[id(value)])
                return _Reached(holder, entry, value, keyed, inside, path[i:])
            if type(value) is dict:
                k = part if type(part) is str else str(part)
                if k in value:
                    holder, entry, value, keyed = value, k, value[k], True
            elif type(value) is list and isinstance(part, int) and 0 <= part < len(value):
                holder, entry, value = value, part, value[part]
        return _Reached(holder, entry, value, keyed)

    def _entry_line(self, holder: Any, entry: Any) -> tuple[int, str, int]:
        """The line of an entry of a block collection, and where its key (or list item) starts.
        (Only spaces and a dash come before a key, and a key starts with a letter or `_`: its first
        occurrence on the line is where it is.)"""
        n: int = self._doc.lines_of[id(holder)][entry]
        line = self._doc.lines[n]
        if type(holder) is dict:
            return n, line, line.index(entry)
        dash = len(line) - len(line.lstrip(" "))
        return n, line, len(line) - len(line[dash + 1 :].lstrip(" "))

    def _inline(self, container: Any) -> tuple[int, list[_FlowEntry], int, int]:
        """A simple flow collection's line, entries, first column and end (see `flow_entries`),
        read again once (a long one with a finding on every entry stays linear)."""
        found = self._inlines.get(id(container))
        if found is None:
            n, i = self._doc.inline[id(container)]
            entries = flow_entries(self._doc.lines[n], i)
            assert entries is not None  # read_block read it
            found = self._inlines[id(container)] = (n, entries[0], i, entries[1])
        return found

    def _in_flow(self, holder: Any, entry: Any) -> tuple[int, _FlowEntry]:
        n, entries, _, _ = self._inline(holder)
        if isinstance(holder, list):
            return n, entries[entry]
        keys = self._inline_keys.get(id(holder))
        if keys is None:
            keys = self._inline_keys[id(holder)] = {e[0]: e for e in entries}
        return n, keys[entry]

    def _key(self, holder: Any, entry: str) -> Location:
        if id(holder) in self._doc.inline:
            n, (_, start, end, *_) = self._in_flow(holder, entry)
            return Location(n + 1, start + 1, n + 1, end)
        n, _, col = self._entry_line(holder, entry)
        return Location(n + 1, col + 1, n + 1, col + len(entry))

    def _value(self, holder: Any, entry: Any, value: Any) -> Location:
        inline = self._doc.inline
        if self._flows or self._scalars:
            node = self._flows.get(id(value)) or self._scalars.get((id(holder), entry))
            if node is not None:
                return _loc(node)
        if inline and id(value) in inline:  # `{military: 100}` on its line
            n, _, start, end = self._inline(value)
            return Location(n + 1, start + 1, n + 1, end)
        if inline and id(holder) in inline:  # a value inside one
            n, (*_, start, end) = self._in_flow(holder, entry)
            return Location(n + 1, start + 1, n + 1, end)
        if type(value) is dict or type(value) is list:  # a block collection: from its first entry, ending lines below
            first: Any = next(iter(value)) if type(value) is dict else 0
            n, line, col = self._entry_line(value, first)
            if type(value) is list:
                col = len(line) - len(line.lstrip(" "))  # a list starts at its first dash
            return Location(n + 1, col + 1)
        if holder is None:  # pragma: no cover - the root is a mapping
            return Location(1, 1)
        n, line, col = self._entry_line(holder, entry)
        start = col + len(entry) + 1 if type(holder) is dict else col  # after the key's colon, or the dash
        body = line[start:].lstrip(" ")
        if not body or body[0] == "#":  # an empty value: where the colon ends
            return Location(n + 1, start + 1, n + 1, None)
        i = len(line) - len(body)
        return Location(n + 1, i + 1, n + 1, value_end(line, i))


def _mark(line: int, column: int) -> yaml.Mark:
    return yaml.Mark("<slice>", 0, line, column, None, 0)


def _compose_quietly(text: str) -> Node | None:
    try:
        composer = _Composer(text)
        try:
            node: Node | None = composer.get_single_node()
            return node
        finally:
            composer.dispose()
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


@dataclass(slots=True)
class Loaded:
    """The outcome of reading one file: the data (None on failure), positions and findings."""

    file: str
    text: str | None = None
    data: Any = None
    source_map: SourceMap = field(default_factory=lambda: SourceMap(None))
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: bool = False
    """the path could not be read at all (a usage error, exit code 2)"""

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def _diag(
    code: str,
    name: str,
    message: str,
    fix: str | None,
    file: str,
    loc: Location | None,
    path: tuple[str | int, ...] = (),
) -> Diagnostic:
    return Diagnostic(code, name, Severity.ERROR, message, fix, file, loc, path)


def load_file(path: str | Path, limits: Limits = Limits()) -> Loaded:
    """Read and parse a scenario file safely. Never raises for bad content."""
    read = read_file(path, limits)
    return read if read.text is None else load_text(read.text, read.file, limits)


def read_file(path: str | Path, limits: Limits = Limits()) -> Loaded:
    """Read and decode a file without parsing it: `text` is set, or `diagnostics` say why not."""
    from ._io import NothingToRead, read_bounded

    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            return Loaded(
                name,
                diagnostics=[
                    _diag(
                        *codes.UNREADABLE_FILE,
                        tr("%(name)s is a folder, not a file", name=name),
                        tr("give the path of a .yaml scenario file"),
                        name,
                        None,
                    )
                ],
                unreadable=True,
            )
        if size > limits.max_bytes:
            return Loaded(
                name,
                diagnostics=[
                    _diag(
                        *codes.FILE_TOO_LARGE,
                        tr(
                            "the file is %(size)s bytes, over the limit of %(limit)s bytes",
                            size=num(size),
                            limit=num(limits.max_bytes),
                        ),
                        tr("split the scenario, or raise the limit with --max-bytes if the file is trusted"),
                        name,
                        Location(1, 1),
                    )
                ],
            )
        raw = read_bounded(p, limits.max_bytes)  # devices and pipes report size 0: count while reading
    except NothingToRead as exc:  # a named pipe with no writer: never a hang
        return Loaded(
            name,
            diagnostics=[
                _diag(
                    *codes.UNREADABLE_FILE,
                    str(exc),
                    "start the program that writes the scenario into it, or give the scenario file itself "
                    f"(PKFORCE_PIPE_WAIT=SECONDS waits longer than {exc.wait:g} s)",
                    name,
                    None,
                )
            ],
            unreadable=True,
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)  # the system's words (English), passed as a value
        return Loaded(
            name,
            diagnostics=[
                _diag(
                    *codes.UNREADABLE_FILE,
                    tr("cannot read %(name)s: %(reason)s", name=name, reason=reason),
                    tr("check the path and the file's permissions"),
                    name,
                    None,
                )
            ],
            unreadable=True,
        )
    return decode(raw, name, limits)


def load_bytes(raw: bytes, name: str = "<scenario>", limits: Limits = Limits()) -> Loaded:
    """Decode (UTF-8, optional BOM) and parse."""
    read = decode(raw, name, limits)
    return read if read.text is None else load_text(read.text, name, limits)


def decode(raw: bytes, name: str = "<scenario>", limits: Limits = Limits()) -> Loaded:
    """Decode bytes as UTF-8 (a byte-order mark is allowed) into `Loaded.text`, without parsing."""
    if len(raw) > limits.max_bytes:
        return Loaded(
            name,
            diagnostics=[
                _diag(
                    *codes.FILE_TOO_LARGE,
                    tr("the input is over the limit of %(limit)s bytes", limit=num(limits.max_bytes)),
                    tr("split the scenario, or raise the limit with --max-bytes"),
                    name,
                    Location(1, 1),
                )
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = f"{raw[exc.start]:02x}"
        return Loaded(
            name,
            diagnostics=[
                _diag(
                    *codes.INVALID_ENCODING,
                    tr(
                        "byte 0x%(byte)s is not valid UTF-8 (is this a binary file or another encoding?)",
                        byte=byte,
                    ),
                    tr("save the file as UTF-8 text"),
                    name,
                    Location(line, col),
                )
            ],
        )
    return Loaded(name, text=text)


def load_text(text: str, name: str = "<scenario>", limits: Limits = Limits()) -> Loaded:
    """Parse YAML text into Python values with positions. Never raises for bad content."""
    out = Loaded(name, text=text)
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        out.diagnostics.append(
            _diag(
                *codes.FILE_TOO_LARGE,
                tr("the input is over the size limit"),
                tr("split the scenario, or raise the limit with --max-bytes"),
                name,
                Location(1, 1),
            )
        )
        return out
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        out.diagnostics.append(
            _diag(
                *codes.EMPTY_DOCUMENT,
                tr("the file is empty"),
                tr(
                    "start from a shipped scenario, e.g. `pkforce validate scenarios/...`, or "
                    "write at least `pkforce: 1`, `organization`, `operation` and `units`"
                ),
                name,
                Location(1, 1),
            )
        )
        return out
    controls = _control_characters(text, name)
    if controls:
        out.diagnostics.extend(controls)
        return out
    readable = _yaml_text(text)  # as both readers take it (line separators as spaces)
    block = _read_block(readable, name, limits)
    if block is not None:  # the plainest YAML, read line by line: the same data and positions
        out.data, out.source_map = block
        return out
    try:
        composer = _Composer(readable)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        out.diagnostics.append(_syntax_diagnostic(exc, name, text))
        return out
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        out.diagnostics.append(
            _diag(
                *codes.YAML_SYNTAX,
                tr("the file is not valid YAML: %(error)s", error=str(exc)),  # the parser's words, a value
                tr("check the file's syntax around the reported place"),
                name,
                Location(1, 1),
            )
        )
        return out
    out.source_map = SourceMap(root)
    if root is None:
        out.diagnostics.append(
            _diag(*codes.EMPTY_DOCUMENT, tr("the file holds no document"), None, name, Location(1, 1))
        )
        return out
    try:
        if "&" in text:  # anchors exist, so aliases may: check the expanded graph before building
            _check_graph(root, limits, name)
        builder = _Builder(name, limits, out.diagnostics)
        out.data = builder.build(root, 0)
    except _Stop as stop:
        out.diagnostics.append(stop.diagnostic)
        out.data = None
        return out
    if not isinstance(out.data, dict):
        out.diagnostics.append(
            _diag(
                *codes.NOT_A_MAPPING,
                tr(
                    "a scenario is a mapping of fields (pkforce: 1, organization: ..., ...), but this document is "
                    "%(kind)s",
                    kind=_kind(out.data),
                ),
                tr("write the scenario as `key: value` lines; see docs/quickstart.md"),
                name,
                _loc(root),
            )
        )
        out.data = None
    return out


def _read_block(text: str, name: str, limits: Limits) -> tuple[dict[str, Any], BlockSourceMap] | None:
    """:func:`pkforce.blockread.read_block`, its one-line flow collections composed by libyaml one
    by one; None if anything in it would be a finding (the full reading then reports it)."""
    doc = read_block(text, max_depth=limits.max_depth, max_digits=limits.max_digits)
    if doc is None:
        return None
    flows: dict[int, Node] = {}
    scalars: dict[tuple[int, Any], Node] = {}
    for holder, entry, flow in doc.flows:
        node = _compose_quietly(flow.text)
        if flow.key is None:  # a flow collection: it must end on its line (not `[a]: b`, `[a] b`)
            if not isinstance(node, MappingNode | SequenceNode) or not node.flow_style:
                return None
            _shift(node, flow.line, flow.column)
        else:  # a document of one entry `key: value over lines`: the value, a scalar
            if not (isinstance(node, MappingNode) and len(node.value) == 1):
                return None
            knode, node = node.value[0]
            if knode.value != flow.key or not isinstance(node, ScalarNode):
                return None
            _shift(node, flow.line, 0)
        problems: list[Diagnostic] = []
        try:
            if "&" in flow.text:
                _check_graph(node, limits, name)
            value = _Builder(name, limits, problems).build(node, flow.depth)
        except _Stop:
            return None
        if problems:
            return None
        holder[entry] = value
        if flow.key is None:
            flows[id(value)] = node
        else:
            scalars[(id(holder), entry)] = node
    return doc.data, BlockSourceMap(doc, flows, scalars, text)


def _shift(root: Node, lines: int, columns: int) -> None:
    """Move the positions of a node tree composed from one line to that line and column."""
    stack = [root]
    while stack:
        node = stack.pop()
        s, e = node.start_mark, node.end_mark
        node.start_mark = _mark(s.line + lines, s.column + columns)
        node.end_mark = _mark(e.line + lines, e.column + columns)
        stack.extend(_children(node))


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return tr("a list")
    if value is None:
        return tr("empty")
    return tr("a single value (%(value)s)", value=repr(value)) if len(repr(value)) < 40 else tr("a single value")


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        # libyaml reports the end of the file (or of the value); the mistake is the quote that opened
        start = exc.context_mark
        return _diag(
            *codes.YAML_SYNTAX,
            tr("YAML syntax: the quoted text that starts here is not closed"),
            tr("close it with the same quote mark it opens with (\" or ')"),
            name,
            Location(start.line + 1, start.column + 1),
        )
    mark = exc.problem_mark or exc.context_mark
    loc = Location(mark.line + 1, mark.column + 1) if mark is not None else Location(1, 1)
    # libyaml's own problem and context are English and passed as values (not translated); the
    # problems pkforce explains in its own words, and every fix, are messages
    problem: str = (exc.problem or "").strip() or tr("invalid YAML")
    context = (exc.context or "").strip()
    fix = tr("check the indentation and punctuation at this place")
    lines = split_lines(text)
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in problem or "'\\t'" in problem or ("\t" in line_text[: (mark.column + 1) if mark else 0]):
        problem = tr("a tab character is used for indentation; YAML allows only spaces")
        fix = tr("replace the tabs with spaces (two per level is usual)")
    elif "special characters are not allowed" in problem:
        problem = tr("the file contains control characters (is it a binary file?)")
        fix = tr("save the scenario as plain UTF-8 text")
    elif "maximum nesting depth" in problem:
        return _diag(
            *codes.NESTING_TOO_DEEP,
            tr("the document is nested too deeply for a scenario"),
            tr("flatten the structure: scenarios need only a few levels"),
            name,
            loc,
        )
    elif "expected a single document" in problem or "but found another document" in problem:
        problem = tr("the file holds more than one YAML document (a second `---`)")
        fix = tr("keep one scenario per file")
    elif "found undefined alias" in problem:
        fix = tr("define the anchor (&name) before using the alias (*name)")
    elif "mapping values are not allowed" in problem:
        fix = tr("put a space after the colon, quote values that contain ': ', or fix the indentation")
    elif context:
        problem = f"{problem} ({context})"
    return _diag(*codes.YAML_SYNTAX, tr("YAML syntax: %(problem)s", problem=problem), fix, name, loc)


def _check_graph(root: Node, limits: Limits, name: str) -> None:
    """Size of the node graph with every alias expanded, its depth, and recursion: iteratively,
    each shared node counted once per use but visited once."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            kids = _children(node)
            total = 1
            deepest = 0
            for k in kids:
                total += size[id(k)]
                deepest = max(deepest, depth[id(k)])
            size[nid] = total
            depth[nid] = deepest + 1
            if total > limits.max_nodes:
                raise _Stop(
                    _diag(
                        *codes.ALIAS_EXPANSION,
                        tr(
                            "aliases expand this document to over %(limit)s nodes (a 'billion laughs' document?)",
                            limit=num(limits.max_nodes),
                        ),
                        tr("remove the nested aliases, or raise --max-nodes if the file is trusted"),
                        name,
                        _loc(node),
                    )
                )
            if depth[nid] > limits.max_depth:
                raise _Stop(
                    _diag(
                        *codes.NESTING_TOO_DEEP,
                        tr("the document nests deeper than %(limit)s levels", limit=limits.max_depth),
                        tr("flatten the structure: scenarios need only a few levels"),
                        name,
                        _loc(node),
                    )
                )
            continue
        if nid in size:
            continue
        if nid in on_path:
            raise _Stop(
                _diag(
                    *codes.ALIAS_EXPANSION,
                    tr("an alias refers to a node that contains it (a loop)"),
                    tr("remove the recursive alias"),
                    name,
                    _loc(node),
                )
            )
        on_path.add(nid)
        stack.append((node, True))
        for k in _children(node):
            if id(k) not in size:
                if id(k) in on_path:
                    raise _Stop(
                        _diag(
                            *codes.ALIAS_EXPANSION,
                            tr("an alias refers to a node that contains it (a loop)"),
                            tr("remove the recursive alias"),
                            name,
                            _loc(k),
                        )
                    )
                stack.append((k, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


class _Builder:
    """Builds Python values from nodes (YAML 1.2 core schema), collecting problems as diagnostics."""

    def __init__(self, name: str, limits: Limits, diagnostics: list[Diagnostic]) -> None:
        self.name = name
        self.limits = limits
        self.diagnostics = diagnostics
        self.memo: dict[int, Any] = {}

    def build(self, node: Node, depth: int) -> Any:
        if depth > self.limits.max_depth:
            raise _Stop(
                _diag(
                    *codes.NESTING_TOO_DEEP,
                    tr("the document nests deeper than %(limit)s levels", limit=self.limits.max_depth),
                    tr("flatten the structure: scenarios need only a few levels"),
                    self.name,
                    _loc(node),
                )
            )
        cached = self.memo.get(id(node))
        if cached is not None:
            return cached
        tag = node.tag
        if tag is _PLAIN or tag == _PLAIN:
            return self._plain(node)  # type: ignore[arg-type]
        if isinstance(node, ScalarNode):
            if tag == _QUOTED:
                return node.value
            return self._tagged(node)
        if tag not in _SAFE_TAGS:
            self._bad_tag(node)
        if isinstance(node, SequenceNode):
            seq = [self.build(n, depth + 1) for n in node.value]
            self.memo[id(node)] = seq
            return seq
        mapping: dict[Any, Any] = {}
        first: dict[Any, Node] = {}
        for knode, vnode in node.value:
            key = self.build(knode, depth + 1)
            if not isinstance(key, str | list | dict) and isinstance(knode, ScalarNode):
                key = knode.value  # keys are text: `1` and `true` are two keys, not one (1 == True)
            if isinstance(key, list | dict):
                self.diagnostics.append(
                    _diag(
                        *codes.YAML_SYNTAX,
                        tr("a mapping key must be a plain value, not a list or mapping"),
                        tr("write the key as text"),
                        self.name,
                        _loc(knode),
                    )
                )
                continue
            if isinstance(knode, ScalarNode) and knode.value == "<<" and knode.tag == _PLAIN:
                self.diagnostics.append(
                    _diag(
                        *codes.UNSUPPORTED_TAG,
                        tr("merge keys (<<) are not supported"),
                        tr("write the fields out in full"),
                        self.name,
                        _loc(knode),
                    )
                )
                continue
            if key in first:
                prev = first[key].start_mark
                self.diagnostics.append(
                    _diag(
                        *codes.DUPLICATE_KEY,
                        tr(
                            "the key %(key)s appears twice in this mapping (first on line %(line)s)",
                            key=repr(key),
                            line=prev.line + 1,
                        ),
                        tr("remove one of them, or merge their contents"),
                        self.name,
                        _loc(knode),
                    )
                )
                continue
            first[key] = knode
            mapping[key] = self.build(vnode, depth + 1)
        self.memo[id(node)] = mapping
        return mapping

    def _bad_tag(self, node: Node) -> None:
        self.diagnostics.append(
            _diag(
                *codes.UNSUPPORTED_TAG,
                tr(
                    "the tag %(tag)s is not allowed: scenarios are plain data (text, numbers, lists, mappings)",
                    tag=node.tag,
                ),
                tr("remove the tag"),
                self.name,
                _loc(node),
            )
        )

    def _number(self, node: ScalarNode, text: str, base: int = 10) -> Any:
        try:
            return core_int(text, base, self.limits.max_digits)
        except Oversized as exc:
            self._oversized(node, exc)
            return None

    def _plain(self, node: ScalarNode) -> Any:
        try:
            return plain_scalar(node.value, self.limits.max_digits)
        except Oversized as exc:
            self._oversized(node, exc)
            return None

    def _oversized(self, node: ScalarNode, exc: Oversized) -> None:
        message = (
            tr("the number has %(n)s digits, more than any scenario needs", n=exc.length)
            if exc.unit == "digits"
            else tr("the number has %(n)s characters, more than any scenario needs", n=exc.length)
        )
        self.diagnostics.append(_diag(*codes.INVALID_VALUE, message, tr("check the value"), self.name, _loc(node)))

    def _tagged(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool" and value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:int" and INT_RE.fullmatch(value):
            return self._number(node, value)
        if tag == "tag:yaml.org,2002:float" and (FLOAT_RE.fullmatch(value) or INT_RE.fullmatch(value)):
            return float(value)
        if tag in _SAFE_TAGS:
            self.diagnostics.append(
                _diag(
                    *codes.INVALID_VALUE,
                    tr("%(value)s is not a valid %(type)s", value=repr(value), type=tag.rsplit(":")[-1]),
                    tr("fix the value or remove the tag"),
                    self.name,
                    _loc(node),
                )
            )
            return None
        self._bad_tag(node)
        return None
