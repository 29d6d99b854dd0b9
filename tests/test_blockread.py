"""The line reader for plain block YAML (pkforce.blockread) must never change a result: whatever it
accepts, libyaml's reading gives the same data, no finding, and the same position for every path
(keys, values, entries, and paths that name nothing)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce import loader
from pkforce.config import Config
from pkforce.loader import BlockSourceMap, Limits, load_text
from pkforce.validation import ValidationReport, _validate_source
from tests.helpers import BASE
from tests.test_validate_properties import mutated

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for pattern in ("scenarios/**/*.yaml", "tests/**/*.yaml", "pkforce/data/**/*.yaml", "docs/**/*.yaml")
    for p in ROOT.glob(pattern)
)


@contextmanager
def line_reader_off() -> Iterator[None]:
    """Inside the block, every file is read by libyaml alone."""
    saved = loader._read_block
    loader._read_block = lambda *args: None  # type: ignore[assignment]
    try:
        yield
    finally:
        loader._read_block = saved


def full_reading(text: str, limits: Limits = Limits()) -> loader.Loaded:
    """What libyaml alone reads."""
    with line_reader_off():
        return load_text(text, "f.yaml", limits)


def full_validation(text: str) -> ValidationReport:
    """`pkforce validate` with libyaml alone."""
    with line_reader_off():
        return _validate_source(text, "f.yaml", Config())


def one_verdict(text: str) -> None:
    """The same findings, at the same places, and the same scenario, with or without the line reader."""
    quick, full = _validate_source(text, "f.yaml", Config()), full_validation(text)
    assert quick.diagnostics == full.diagnostics
    assert (quick.scenario is None) == (full.scenario is None)
    if full.scenario is not None:
        assert quick.scenario is not None and quick.scenario.model_dump() == full.scenario.model_dump()


def identical(a: Any, b: Any) -> bool:
    """Equal values of the same types at every depth (1, 1.0 and True differ; NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def paths(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every path in `data`, and beside each some that name nothing (skipped parts, an index on a
    mapping, a key on a list, a part past a scalar)."""
    yield prefix
    yield (*prefix, "no-such-key")
    yield (*prefix, 0)
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths(v, (*prefix, k))
            yield ("no-such-key", *prefix, k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths(v, (*prefix, i))
            yield (*prefix, str(i))


def same_reading(text: str, limits: Limits = Limits()) -> bool:
    """Assert that what the line reader accepts reads as libyaml reads it; say whether it accepted."""
    quick = load_text(text, "f.yaml", limits)
    if not isinstance(quick.source_map, BlockSourceMap):
        return False
    full = full_reading(text, limits)
    assert quick.diagnostics == [] and full.diagnostics == [], [d.message for d in full.diagnostics]
    assert identical(quick.data, full.data), (quick.data, full.data)
    for path in paths(quick.data):
        for key in (False, True):
            assert quick.source_map.locate(path, key=key) == full.source_map.locate(path, key=key), (path, key)
        assert quick.source_map.entry(path) == full.source_map.entry(path), path
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository_reads_the_same(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # hostile bytes: the loader refuses them before any parser
    same_reading(text)


def test_the_shipped_scenarios_take_the_line_reader() -> None:
    """Not a vacuous comparison: the scenarios users start from are read line by line."""
    accepted = [p.name for p in sorted((ROOT / "scenarios").glob("*.yaml")) if same_reading(p.read_text("utf-8"))]
    assert len(accepted) >= 5, accepted


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  - x\n  - {c: [1, 2], d: 'e'}  # note\nf:\n- g: h\n  i:\n  j: -1.5e3\n",
        "a:\n    b:\n        c: ''\n    d: \"q\"\n",
        "a: x\r\nb:\r\n  - 1\r\n",  # Windows line breaks
        "a: x",  # no final line break
        "a: O'Brien\nb: 'it''s'\nc: a #b\nd: a#b\ne: [x]  # c\n",
        "a: 0x1F\nb: 0o17\nc: 007\nd: .inf\ne: -.NaN\nf: 1_000\ng: 0x\n",
        "a: 1\na: 2\n",  # a duplicate: refused here, reported by libyaml
        "a: &x 1\nb: *x\n",  # an alias: refused
        "a: |\n  text\n",  # a block scalar: composed alone
        "a: |+\n  kept\n\n\nb: 1\n",
        "- a: |\n    x\n  b: >2\n     y\n",
        'a:\n  - b: |-\n      x\n    c: "two\n      lines"\nd: |\n  at the end',
        "a: |\n  x\n y\n",  # less indented: libyaml's error
        "a: long\n  text\n",  # a value over two lines: refused
        "a:\n  - b\n - c\n",  # bad indentation: refused
        "- a\n- b\n",  # not a mapping: refused
        "a: {b: 1, b: 2}\n",  # a duplicate inside a flow: refused
        "a: [-a, ?b]\n",  # in a flow, `?b` is a key to libyaml (found by the generated documents)
        "a: [1, 2] x\n",  # text after a flow: refused
        "a: {b: 1,\n  c: 2}\n",  # a flow over two lines: refused
        "a: b: c\n",
        "a: " + "1" * 101 + "\n",  # a number over the limit: refused, reported by libyaml
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)),  # nesting past the limit
    ],
)
def test_hand_picked_documents(text: str) -> None:
    same_reading(text)


def test_hand_picked_documents_are_read_where_they_should_be() -> None:
    assert same_reading("a: 1\nb:\n  - x\n  - {c: [1, 2]}\n")
    assert same_reading("a: x\r\nb:\r\n  - 1\r\n")
    assert same_reading("a: |\n  text\n\n  more\n# comment\nb: >-\n  folded\n  text\nc: 'over\n  lines'\n")
    assert not same_reading("a: 1\na: 2\n")
    assert not same_reading("a: long\n  text\n")


def test_a_lower_depth_limit_is_respected() -> None:
    text = "a:\n  b:\n    c:\n      d: 1\n"
    assert not same_reading(text, Limits(max_depth=3))
    assert same_reading(text, Limits(max_depth=10))


# --- generated documents ------------------------------------------------------------------------

SCALARS = [
    "KAZ",
    "yes",
    "no",
    "on",
    "true",
    "True",
    "FALSE",
    "null",
    "Null",
    "~",
    "",
    "0",
    "1",
    "007",
    "-1",
    "+1",
    "1.5",
    ".5",
    "1e3",
    "1.0e+3",
    "-.5E-2",
    ".inf",
    "-.Inf",
    ".nan",
    "0x1F",
    "0o17",
    "0x",
    "0xZZ",
    "0b1",
    "1_000",
    "2027-01-01",
    "P60D",
    "a b",
    "a #b",
    "a#b",
    "a: b",
    "a:b",
    "a:",
    "-a",
    "- a",
    "?a",
    ":a",
    "[a]",
    "{a}",
    "a [b]",
    "a, b",
    "Q00X",
    "coy-10b",
    "Миротворцы",
    "x'y",
    'x"y',
    "'",
    '"',
    "'q'",
    '"q"',
    "'a''b'",
    '"a\\"b"',
    '"a\\nb"',
    "#",
    "#x",
    "123456789012345678901234567890",
    "1" * 101,
    "1." + "5" * 100,
    "&a x",
    "*a",
    "!x",
    "!!str 1",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "a\u2028b",
    "\u00a0x",
    "x\u00a0",
    "a  ",
    "---",
    "...",
    "-",
    "--",
    "--x",
    "[1, 2]",
    "{b: 1}",
    "{b: [1, {c: d}]}",
    "[a, b]  # c",
    "{b: 1, b: 2}",
    "[a",
    "{}",
    "[]",
    "'a' b",
    '"a" #c',
    "a\\b",
    "é",
    "😀",
    "2027-01-01T10:00:00+03:00",
    "12:30",
    "http://example.org/a#b",
    "a:b:c",
    # flow collections: the simplest read here, the others by libyaml alone
    "{a: 1,b: 2}",
    "{ a: yes }",
    "[ ]",
    "[a b, c]",
    "{a: b c}",
    "{a: 1, a: 2}",
    "[1, 2,]",
    "{a: -1}",
    "{a: - 1}",
    "[P10D, ~, .inf, 0x1F]",
    "{min: P10D, mode: P15D, max: P30D}",
    "[x]x",
    "[x] #c",
    "[x]#c",
    "{a: 'q'}",
    "{a:1}",
    "{a: b: c}",
    "[a, [b]]",
    "{a: " + "9" * 101 + "}",
    "[-, ?]",
    "[-a, ?b]",
    "{_k.x-y: z}",
]
KEYS = ["a", "id", "name", "B_1", "x-y", "a.b", "true", "null", "on", "K", "_k", "units", "a b", "1", "'q'", "-k"]


@st.composite
def block_documents(draw: st.DrawFn) -> str:
    """Block YAML in many shapes and spacings, with tricky scalars, comments and blank lines."""
    out: list[str] = []

    def scalar() -> str:
        text = draw(st.sampled_from(SCALARS))
        style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double"]))
        if style == "single":
            text = "'" + text.replace("'", "''") + "'"
        elif style == "double" and '"' not in text and "\\" not in text:
            text = '"' + text + '"'
        if draw(st.integers(0, 5)) == 0:
            text += draw(st.sampled_from(["  # note", " #", "  ", " # a: b"]))
        return text

    def mapping(indent: int, depth: int, first_prefix: str | None = None) -> None:
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
        for i, key in enumerate(keys):
            lead = first_prefix if (i == 0 and first_prefix is not None) else " " * indent
            extra(indent)
            kinds = ["scalar", "scalar", "scalar", "map", "list", "empty", "lines"]
            kind = draw(st.sampled_from(kinds)) if depth < 4 else draw(st.sampled_from(["scalar", "lines"]))
            sep = draw(st.sampled_from([" ", " ", "  "]))
            if kind == "scalar":
                out.append(f"{lead}{key}:{sep}{scalar()}")
            elif kind == "lines":  # a block scalar, or a quoted text over lines
                head = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", "| # c", '"over', "'over"]))
                out.append(f"{lead}{key}:{sep}{head}")
                deeper = " " * (indent + draw(st.sampled_from([1, 2, 2, 4])))
                body = ["", deeper + "text", deeper + "  more: x", deeper + "# not a comment"]
                for _ in range(draw(st.integers(0, 3))):
                    out.append(draw(st.sampled_from(body)))
                if head[0] in "'\"":
                    out.append(deeper + "end" + head[0] * draw(st.sampled_from([1, 1, 2])))
            elif kind == "empty":
                out.append(f"{lead}{key}:" + draw(st.sampled_from(["", " ", "  # c"])))
            elif kind == "map":
                out.append(f"{lead}{key}:")
                mapping(indent + draw(st.sampled_from([1, 2, 2, 4])), depth + 1)
            else:
                out.append(f"{lead}{key}:")
                sequence(indent + draw(st.sampled_from([0, 0, 2, 3])), depth + 1)

    def sequence(indent: int, depth: int) -> None:
        for _ in range(draw(st.integers(1, 3))):
            extra(indent)
            dash = " " * indent + "-" + " " * draw(st.sampled_from([1, 1, 2, 3]))
            if depth < 4 and draw(st.booleans()):
                mapping(len(dash), depth + 1, first_prefix=dash)
            else:
                out.append(dash + scalar())

    def extra(indent: int) -> None:
        choice = draw(st.integers(0, 9))
        if choice == 0:
            out.append("")
        elif choice == 1:
            out.append(" " * draw(st.integers(0, indent + 2)) + "# comment: - [x]")

    mapping(0, 0)
    if draw(st.integers(0, 9)) == 0:  # a line out of place
        i = draw(st.integers(0, len(out) - 1))
        out[i] = " " * draw(st.integers(0, 3)) + out[i]
    end = draw(st.sampled_from(["\n", "\n", "", "\n\n# end\n"]))
    newline = "\r\n" if draw(st.integers(0, 9)) == 0 else "\n"
    return newline.join(out) + end


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(block_documents())
def test_generated_documents_read_the_same(text: str) -> None:
    same_reading(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_scenarios_read_the_same(text: str) -> None:
    same_reading(text)


# --- hostile documents: one verdict, whichever reader -------------------------------------------

HOSTILE_PIECES = [
    "\t",
    "\x1b[31m",
    "\x07",
    "\x00",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\uffff",
    "#",
    " #",
    "\t# c",
    ":",
    ": ",
    "- ",
    '"',
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "!!int ",
    "<<: ",
    "1",
    "true",
    "True",
    "yes",
    "~",
    "null",
    "0b11",
    "0o17",
    "0O17",
    "0x1F",
    "+0x1",
    "1_000",
    "1e3",
    ".inf",
    "-.5",
    "9" * 40,
    "1" * 151,
    "-" + "1" * 60 + "." + "1" * 45,
    "2027-02-30",
    "99999-01-01",
    "P99999Y",
    "\n",
    "\r\n",
    "\r",
    "\n  ",
    "\n- ",
    "é",
    "日本",
    "\U0001f600",
]


@st.composite
def hostile_documents(draw: st.DrawFn) -> str:
    text = BASE
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        alphabet = st.sampled_from("".join(HOSTILE_PIECES[:12]) + "ab1 :#-\n")
        piece = draw(st.sampled_from(HOSTILE_PIECES) | st.text(alphabet, max_size=6))
        text = text[:at] + piece + text[at:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_documents())
def test_hostile_documents_get_one_verdict(text: str) -> None:
    one_verdict(text)


@pytest.mark.parametrize(
    "piece, where",
    [
        ("\x1b[31m", "title: Base"),
        ("\x07", "title: Base"),
        ("\x9b", "title: Base"),  # control characters
        ("\u2028# more", "title: Base case # note"),
        ("\x85", "title: Base"),  # line separators
        ("\t# a comment", "title: Base case"),  # a tab before a comment
        (": x", "title: Base case"),
        ("\n  - id: late\n", "units:"),
    ],
)
def test_the_issue_s_cases_get_one_verdict(piece: str, where: str) -> None:
    one_verdict(BASE.replace(where, where + piece, 1))


def test_a_151_digit_number_is_refused_whichever_reader() -> None:
    text = BASE.replace("personnel: 150", "personnel: " + "1" * 151)
    assert [d.code for d in _validate_source(text, "f.yaml", Config()).diagnostics] == ["PKF013"]
    one_verdict(text)
    few = Config(limits=Limits(max_digits=2))  # a lower limit applies to the line reader too
    assert [d.code for d in _validate_source(BASE, "f.yaml", few).diagnostics][:1] == ["PKF013"]


def test_a_long_flow_list_is_read_again_once_however_many_findings_point_into_it(monkeypatch) -> None:
    """A finding on every entry of a one-line list of 2,000 capabilities: one re-reading of the line,
    not one per finding (which made locating quadratic)."""
    calls = []
    real = loader.flow_entries
    monkeypatch.setattr(loader, "flow_entries", lambda *args: calls.append(1) or real(*args))
    caps = ", ".join(f"cap{i}" for i in range(2000))
    text = BASE + f"  - id: x\n    type: infantry_company\n    nation: KAZ\n    capabilities: [{caps}]\n"
    found = [d for d in _validate_source(text, "f.yaml", Config()).diagnostics if d.code == "PKF209"]
    assert len(found) == 2000 and found[-1].column == text.splitlines()[-1].index("cap1999") + 1
    assert len(calls) == 1
