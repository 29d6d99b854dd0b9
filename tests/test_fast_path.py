"""The fast parser (yaml-rs, when installed) must never change a result: same findings, same
places, same scenario, whatever the input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pkforce.config import Config
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


@pytest.mark.parametrize("text", [
    BASE + "  - id: kaz-coy\n    nation: KAZ\n",                     # a finding that needs a position
    BASE.replace("title: Base case", "title: 2027-02-20"),         # yaml-rs reads a date here
    BASE.replace("votes: {", "votes: {XXX: yes, "),
    BASE + "---\npkforce: 1\n",                                    # two documents
    BASE.replace("id: base", "id: base\nid: again"),               # a duplicate key
])
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
