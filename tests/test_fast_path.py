"""The fast parser (yaml-rs, when installed) must never change a result: same findings, same
places, same scenario, whatever the input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce.config import Config
from pkforce.loader import FAST_PATH_MIN_CHARS, Limits
from pkforce.validation import _validate_source
from tests.helpers import BASE, SCENARIOS
from tests.test_validate_properties import mutated

pytest.importorskip("yaml_rs")

FILES = sorted(SCENARIOS.glob("*.yaml")) + sorted((SCENARIOS / "broken").glob("*.yaml"))
NEVER = 10**12


def both(text: str) -> tuple[object, object]:
    fast = _validate_source(text, "f.yaml", Config(), fast_min_chars=0)
    full = _validate_source(text, "f.yaml", Config(), fast_min_chars=NEVER)
    return fast, full


def same(text: str) -> None:
    fast, full = both(text)
    assert fast.diagnostics == full.diagnostics  # type: ignore[attr-defined]
    assert (fast.scenario is None) == (full.scenario is None)  # type: ignore[attr-defined]
    if full.scenario is not None:  # type: ignore[attr-defined]
        assert fast.scenario.model_dump() == full.scenario.model_dump()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_files_read_the_same(path: Path) -> None:
    same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        BASE + "  - id: kaz-coy\n    nation: KAZ\n",  # a finding that needs a position
        BASE.replace("title: Base case", "title: 2027-02-20"),  # yaml-rs reads a date here
        BASE.replace("votes: {", "votes: {XXX: yes, "),
        BASE + "---\npkforce: 1\n",  # two documents
        BASE.replace("id: base", "id: base\nid: again"),  # a duplicate key
    ],
)
def test_tricky_inputs_read_the_same(text: str) -> None:
    same(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_scenarios_read_the_same(text: str) -> None:
    same(text)


def test_positions_from_slices_match_the_full_parse() -> None:
    from pkforce.loader import LazySourceMap, SourceMap, fast_data, load_text

    for path in FILES[:4]:
        text = path.read_text(encoding="utf-8")
        data = fast_data(text, min_chars=0)
        if data is None:
            continue
        lazy, full = LazySourceMap(text, data), SourceMap(load_text(text).source_map.root)
        probes = [("units", i, k) for i, u in enumerate(data.get("units", [])) for k in u]
        probes += [("procedure", i, "date") for i in range(len(data.get("procedure", [])))]
        probes += [("operation", "host_state"), ("operation",), ("units", 0), ("title",)]
        for probe in probes:
            for key in (False, True):
                assert lazy.locate(probe, key=key) == full.locate(probe, key=key), (path.name, probe, key)
        assert not lazy._full  # never needed the whole document


def test_a_flow_style_list_falls_back_to_the_full_parse() -> None:
    from pkforce.loader import LazySourceMap, fast_data

    text = BASE.replace("units:\n", "units: [{id: x, nation: KAZ, parent: cc}, {id: y, nation: KAZ}]\nold_units:\n")
    text = text.split("old_units:")[0]
    data = fast_data(text, min_chars=0)
    assert data is not None
    lazy = LazySourceMap(text, data)
    loc = lazy.locate(("units", 1, "nation"))
    assert loc is not None and loc.line == text[: text.index("{id: y")].count("\n") + 1


# --- one verdict per content, past the fast path's threshold -------------------------------------

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


def padded(text: str) -> str:
    """The same content past the fast path's threshold: comment lines after it."""
    line = "# " + "padding " * 12 + "\n"
    return text + "\n" + line * (FAST_PATH_MIN_CHARS // len(line) + 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_documents())
def test_hostile_documents_get_one_verdict_whatever_their_size(text: str) -> None:
    big = padded(text)
    fast = _validate_source(big, "f.yaml", Config())  # takes the fast path when it can
    full = _validate_source(big, "f.yaml", Config(), fast_min_chars=NEVER)
    assert fast.diagnostics == full.diagnostics
    assert (fast.scenario is None) == (full.scenario is None)
    if full.scenario is not None:
        assert fast.scenario.model_dump() == full.scenario.model_dump()


@pytest.mark.parametrize(
    "piece, where",
    [
        ("\x1b[31m", "title: Base"),
        ("\x07", "title: Base"),
        ("\x9b", "title: Base"),  # control characters
        ("\u2028# more", "title: Base case # note"),
        ("\x85", "title: Base"),  # line separators
        ("\t# a comment", "title: Base case"),  # a tab before a comment
    ],
)
def test_the_issue_s_cases_get_one_verdict(piece: str, where: str) -> None:
    text = padded(BASE.replace(where, where + piece, 1))
    fast = _validate_source(text, "f.yaml", Config())
    full = _validate_source(text, "f.yaml", Config(), fast_min_chars=NEVER)
    assert fast.diagnostics == full.diagnostics


def test_a_151_digit_number_is_refused_by_both_paths() -> None:
    text = padded(BASE.replace("personnel: 150", "personnel: " + "1" * 151))
    for min_chars in (0, NEVER):
        codes = [d.code for d in _validate_source(text, "f.yaml", Config(), fast_min_chars=min_chars).diagnostics]
        assert codes == ["PKF013"]
    few = Config(limits=Limits(max_digits=2))  # a lower limit applies to the fast path too
    assert [d.code for d in _validate_source(padded(BASE), "f.yaml", few).diagnostics][:1] == ["PKF013"]


# --- positions read from an item's lines without composing them ----------------------------------

VALUE_STYLES = [
    "KAZ",
    "KAZ  # a comment",
    '"KAZ"',
    "'K''AZ' # quoted",
    '"K\\"AZ"',
    "Казахстан",
    "a b#c d",
    "1",
    "-5",
    "12.5",
    "true",
    "~",
    "2027-01-02",
    "{military: 60}",
    "[a, b]",
    "a\n      continued",
    "|\n      block",
    '"two\n      lines"',
    "\n      nested: 1",
    "\n    - listed",
    "x: y",
    "# only a comment\n      below: 1",
]


@st.composite
def unit_lists(draw: st.DrawFn) -> str:
    items = []
    for i in range(draw(st.integers(1, 4))):
        lines = [f"  - id: u{i}"]
        for name in draw(st.lists(st.sampled_from(["nation", "name", "parent", "personnel", "x_y"]), unique=True)):
            lines.append(f"    {name}: {draw(st.sampled_from(VALUE_STYLES))}")
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "    # note", "      # deeper note", "  # shallow"])))
        items.append("\n".join(lines))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return ("pkforce: 1\nunits:\n" + "\n".join(items) + "\nafter: 1\n").replace("\n", eol)


def _positions_agree(text: str) -> None:
    from pkforce.loader import LazySourceMap, SourceMap, fast_data, load_text

    data = fast_data(text, min_chars=0)
    loaded = load_text(text)
    if data is None or loaded.data is None:
        return
    lazy, full = LazySourceMap(text, data), SourceMap(loaded.source_map.root)
    for i, unit in enumerate(data["units"]):
        for name in unit:
            path = ("units", i, name)
            for key in (False, True):
                assert lazy.locate(path, key=key) == full.locate(path, key=key), (path, key)
            assert lazy.entry(path) == full.entry(path), path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_lists())
def test_fields_read_from_lines_are_where_the_full_parse_puts_them(text: str) -> None:
    _positions_agree(text)


def test_plain_fields_are_located_without_composing_their_item() -> None:
    from pkforce.loader import LazySourceMap, SourceMap, fast_data, load_text

    units = "".join(
        f"  - id: u{i}\n    nation: Q{i}Z   # bad\n    name: 'Unit ''{i}'''\n    parent: \"cc\"\n" for i in range(50)
    )
    text = "pkforce: 1\nunits:\n" + units
    data = fast_data(text, min_chars=0)
    assert data is not None
    lazy, full = LazySourceMap(text, data), SourceMap(load_text(text).source_map.root)
    for i in range(50):
        for name in ("id", "nation", "name", "parent"):
            assert lazy.locate(("units", i, name)) == full.locate(("units", i, name))
            assert lazy.entry(("units", i, name)) == full.entry(("units", i, name))
    assert lazy._cache == {} and not lazy._full  # no item was composed
    _positions_agree(text.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    "value, fast",
    [("Q00X", True), ("coy-10b", True), ("a.0b1", True), ("0X1F", False), ("0b11", False), ("-0b1", False)],
)
def test_number_forms_defer_to_the_full_loader_only_where_a_scalar_starts(value: str, fast: bool) -> None:
    from pkforce.loader import fast_data

    text = padded(BASE.replace("title: Base case", f"title: {value}"))
    assert (fast_data(text) is not None) is fast
    same(text)
