"""The last step of validation (`validation._finish`) keeps the findings that are switched on, once
each, with their configured severities, sorted. It is written for 100,000 findings (looked up once
per run of one code); this checks it against the plain definition."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pkforce.config import Config, enabled, severity_for
from pkforce.diagnostics import Diagnostic, Location, Severity
from pkforce.validation import _finish

RULES = {"PKF010": "unknown-field", "PKF208": "unknown-nation", "PKF301": "duplicate-unit-id", "PKF305": "x"}

diagnostics = st.builds(
    lambda code, severity, message, file, location: Diagnostic(
        code, RULES[code], severity, message, None, file, location, ("units", 1)
    ),
    st.sampled_from(sorted(RULES)),
    st.sampled_from(Severity),
    st.sampled_from(["a", "b"]),
    st.sampled_from([None, "a.yaml", "b.yaml"]),
    st.none() | st.builds(Location, st.integers(1, 3), st.integers(1, 2)),
)
selectors = st.lists(st.sampled_from(["ALL", "PKF0", "PKF2", "PKF208", "unknown-nation", "PKF3"]), max_size=2)
configs = st.builds(
    Config,
    select=selectors.map(tuple),
    ignore=selectors.map(tuple),
    severity=st.dictionaries(st.sampled_from([*RULES, "x"]), st.sampled_from(Severity), max_size=2),
)


def plainly(diags: list[Diagnostic], config: Config) -> list[Diagnostic]:
    out = []
    seen: set[tuple[Any, ...]] = set()
    for d in diags:
        if not (enabled(config, d.code, d.name) or d.code.startswith("PKF0")):
            continue
        key = (d.code, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d.with_severity(severity_for(config, d.code, d.name, d.severity)))
    return sorted(out, key=Diagnostic.sort_key)


@given(st.lists(diagnostics, max_size=12), configs)
def test_finish_is_the_plain_definition(diags: list[Diagnostic], config: Config) -> None:
    found = _finish(diags, config)
    assert found == plainly(diags, config)
    assert [d.severity for d in found] == [d.severity for d in plainly(diags, config)]
