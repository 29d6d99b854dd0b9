"""Property-based tests: whatever a user writes into a valid scenario, validation never raises,
every finding is located, and a clean result really is a usable scenario."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce.force import Force
from pkforce.loader import load_text
from pkforce.summary import summarize
from pkforce.validation import validate_text
from tests.helpers import BASE, SCENARIOS

SOURCES = [BASE] + [p.read_text(encoding="utf-8") for p in sorted(SCENARIOS.glob("*.yaml"))]
DOCS = [load_text(text).data for text in SOURCES]

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "P14D",
            "PT6H",
            "P0D",
            "-P1D",
            "2027-02-30",
            "2027-03-01T22:00:00+06:00",
            "yes",
            "no",
            "KAZ",
            "XZZ",
            "cc",
            "multinational",
            "command",
            "brigade",
            "council_decision",
            "un_operation",
            "member_territory",
            "unsc_authorised",
            "exercise",
            "not_adopted",
            "adopted",
            "UZB",
            "1999-01-01",
            "2011-06-01",
        ]
    ),
    st.sampled_from(
        [
            ["KGZ", "TJK"],
            [],
            {"after": "council_decision", "duration": "P5D"},
            {"after": "nowhere", "duration": "P5D"},
            {"personnel": 10, "categories": {"combat": 5}},
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.fixed_dictionaries(
        {
            "min": st.sampled_from(["P1D", "P5D"]),
            "mode": st.sampled_from(["P2D", "P9D"]),
            "max": st.sampled_from(["P3D", "P4D"]),
        }
    ),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, (*prefix, i))
    return out


def mutate(doc: dict[str, Any], path: tuple[Any, ...], value: Any, delete: bool) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> str:
    doc = draw(st.sampled_from(DOCS))
    for _ in range(draw(st.integers(1, 3))):
        candidates = paths(doc)
        path = draw(st.sampled_from(candidates))
        doc = mutate(doc, path, draw(junk), draw(st.booleans()))
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_validation_never_raises_and_locates_every_finding(text: str) -> None:
    report = validate_text(text, "mutated.yaml")
    for d in report.diagnostics:
        assert d.code.startswith("PKF") and d.message and d.location is not None, d
    if report.ok:
        force = Force.from_scenario(report.scenario)
        assert summarize(report.scenario).total.personnel == force.totals().personnel
