"""Command-structure rules (PKF3xx): one bad and one good case per rule, asserting code and line:column."""

from hypothesis import example, given
from hypothesis import strategies as st

from pkforce.config import Config
from pkforce.loader import load_text
from pkforce.rules.registry import Context
from pkforce.rules.structure import _find_loops
from pkforce.scenario.model import Scenario
from pkforce.validation import validate_file, validate_text
from tests.helpers import BASE, SCENARIOS, assert_clean, findings, positions

VOCABULARY = SCENARIOS / "vocabulary-example.yaml"
CODES = ("PKF301", "PKF302", "PKF303", "PKF304", "PKF305", "PKF306", "PKF307")


def unit(uid: str, parent: str | None, type_: str = "infantry_company") -> str:
    """A unit block to append to BASE (whose units list ends the document, line 34)."""
    text = f"  - id: {uid}\n    type: {type_}\n    nation: KAZ\n"
    return text + (f"    parent: {parent}\n" if parent else "")


def test_base_and_vocabulary_have_no_structure_findings() -> None:
    assert_clean(BASE, *CODES)
    report = validate_file(VOCABULARY)
    assert [d for d in report.diagnostics if d.code in CODES] == []


def test_pkf301_duplicate_unit_id() -> None:
    bad = BASE + unit("kaz-coy", "cc")
    assert positions(bad, "PKF301") == [(35, 9)]
    assert "also used by unit #2" in findings(bad, "PKF301")[0].message
    assert_clean(BASE + unit("kaz-coy-2", "cc"), "PKF301")


def test_pkf302_unknown_parent() -> None:
    bad = BASE.replace("parent: cc", "parent: CC")
    assert positions(bad, "PKF302") == [(33, 13)]
    assert "(did you mean `cc`?)" in findings(bad, "PKF302")[0].message
    assert_clean(BASE, "PKF302")


def test_pkf303_command_cycle() -> None:
    bad = BASE + unit("a", "b") + unit("b", "a")
    assert positions(bad, "PKF303") == [(38, 13)]
    assert "`a` under `b`, and `b` under `a` again" in findings(bad, "PKF303")[0].message
    three = BASE + unit("x", "z") + unit("y", "x") + unit("z", "y") + unit("w", "x")
    [found] = findings(three, "PKF303")  # once per loop; `w` only hangs off it
    assert (found.line, found.column) == (38, 13)
    assert "`x` under `z`, `z` under `y`, and `y` under `x` again" in found.message
    # the loop's links are not also echelon inversions
    assert findings(three, "PKF305") == []
    assert_clean(BASE + unit("a", "kaz-coy") + unit("b", "a"), "PKF303")


def test_pkf304_multiple_roots() -> None:
    bad = BASE.replace("    parent: cc\n", "")
    assert positions(bad, "PKF304") == [(29, 9)]
    assert (findings(bad, "PKF304")[0].fix or "").startswith("add `parent: cc`")
    # the combined command is the top even when a parentless unit is listed before it
    first = BASE.replace("units:\n", "units:\n  - {id: obs, type: military_observer_team, nation: KAZ}\n")
    assert positions(first, "PKF304") == [(24, 10)]
    assert (findings(first, "PKF304")[0].fix or "").startswith("add `parent: cc`")
    assert_clean(BASE, "PKF304")


def test_pkf305_echelon_inversion() -> None:
    bad = BASE + unit("kaz-bn", "kaz-coy", "infantry_battalion")
    assert positions(bad, "PKF305") == [(38, 13)]
    message = findings(bad, "PKF305")[0].message
    assert "`kaz-bn` (battalion) serves under `kaz-coy`, which is only a company" in message
    assert_clean(BASE + unit("kaz-bn", "cc", "infantry_battalion"), "PKF305")


def test_pkf305_equal_echelons_and_the_option() -> None:
    equal = BASE + unit("kaz-coy-2", "kaz-coy")
    assert positions(equal, "PKF305") == []  # an attachment of equal size is accepted by default
    report = validate_text(equal, "test.yaml", Config(options={"PKF305": {"warn_equal": True}}))
    assert [(d.line, d.column) for d in report.diagnostics if d.code == "PKF305"] == [(38, 13)]


def test_pkf306_no_units() -> None:
    empty = BASE.split("units:\n")[0] + "units: []\n"
    assert positions(empty, "PKF306") == [(23, 1)]
    absent = BASE.split("units:\n")[0]
    assert positions(absent, "PKF306") == [(1, 1)]
    assert_clean(BASE, "PKF306")


def test_pkf307_self_parent() -> None:
    bad = BASE.replace("parent: cc", "parent: kaz-coy")
    assert positions(bad, "PKF307") == [(33, 13)]
    assert findings(bad, "PKF303") == []  # not also a loop
    assert_clean(BASE, "PKF307")


def _loops_plainly(units: list[tuple[str, str | None]]) -> list[list[str]]:
    """The loops of `parent:` links, each chain followed from every first use of an id in list order
    (what `_find_loops` computes with shortcuts for units whose chain ends at once)."""
    first: dict[str, int] = {}
    for i, (uid, _) in enumerate(units):
        first.setdefault(uid, i)
    loops, done = [], set()
    for i, (uid, _) in enumerate(units):
        if first[uid] != i:
            continue
        chain: list[str] = []
        cur: str | None = uid
        while cur is not None and cur in first and cur not in done and cur not in chain:
            chain.append(cur)
            parent = units[first[cur]][1]
            cur = None if parent == cur else parent
        if cur in chain:
            loop = chain[chain.index(cur) :]
            start = min(range(len(loop)), key=lambda k: first[loop[k]])
            loops.append(loop[start:] + loop[:start])
        done.update(chain)
    return loops


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.none() | st.sampled_from("abcdefx")), max_size=10))
@example([("c", "b"), ("a", "b"), ("b", "a")])  # the loop is entered at `b` but starts at `a`, listed first
@example([("a", "b"), ("b", "c"), ("a", None), ("c", "a"), ("d", "d")])  # a second `a`, a self-parent
def test_loops_are_found_as_the_chains_say(units: list[tuple[str, str | None]]) -> None:
    doc = load_text(BASE).data
    doc["units"] = [{"id": uid, "type": "infantry_company", "nation": "KAZ", "parent": p} for uid, p in units]
    ctx = Context(Scenario.model_validate(doc))
    assert _find_loops(ctx) == _loops_plainly(units)
