"""Test helpers: build scenarios from small YAML snippets and assert findings by code and place."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from pkforce.diagnostics import Diagnostic, Severity
from pkforce.validation import validate_text

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# A small scenario that validates clean; tests replace parts of it.
BASE = """\
pkforce: 1
id: base
title: Base case
organization: csto
operation:
  kind: member_territory
  host_state: KGZ
  requirements:
    - {category: combat, personnel: 150, by: P60D}
procedure:
  - step: application
    by: KGZ
    date: 2027-01-01
  - step: council_decision
    date: 2027-01-02
    votes: {ARM: abstain, BLR: yes, KAZ: yes, KGZ: yes, RUS: yes, TJK: yes}
  - step: un_notification
    date: 2027-01-02
  - step: national_approval
    state: KAZ
    after: council_decision
    duration: P7D
units:
  - id: cc
    name: Combined Command
    type: headquarters
    nation: KAZ
    readiness: P5D
  - id: kaz-coy
    name: Kazakh company
    type: infantry_company
    nation: KAZ
    parent: cc
    readiness: P10D
"""


def findings(text: str, code: str | None = None) -> list[Diagnostic]:
    """Validate YAML text (dedented) and return its diagnostics, optionally of one code."""
    report = validate_text(textwrap.dedent(text), "test.yaml")
    return [d for d in report.diagnostics if code is None or d.code == code]


def positions(text: str, code: str) -> list[tuple[int | None, int | None]]:
    """(line, column) of every finding with `code`."""
    return [(d.line, d.column) for d in findings(text, code)]


def assert_clean(text: str, *codes: str) -> None:
    """No finding with any of `codes` (or no error or warning at all when none are given: info notes,
    such as PKF124's "no ratification record", say what pkforce cannot tell, not what is wrong)."""
    found = findings(text)
    bad = [d for d in found if (d.code in codes if codes else d.severity is not Severity.INFO)]
    assert not bad, "\n".join(f"{d.line}:{d.column} {d.code} {d.message}" for d in bad)


def read_node_link(doc: dict[str, Any]) -> Any:
    """A networkx graph from pkforce's node-link JSON (edges under "edges"), under any networkx >= 3.2
    (before 3.4 `node_link_graph` knows only "links")."""
    import networkx as nx

    try:
        return nx.node_link_graph(doc, edges="edges")
    except TypeError:
        return nx.node_link_graph({**{k: v for k, v in doc.items() if k != "edges"}, "links": doc["edges"]})
