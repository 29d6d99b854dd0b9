"""The example output in docs/simulation.md is what the code prints (docs that cannot drift)."""

from __future__ import annotations

import re

from pkforce.simulation import render_text, simulate
from pkforce.validation import validate_file
from tests.helpers import ROOT, SCENARIOS

DOC = ROOT / "docs" / "simulation.md"


def test_the_documented_summary_is_the_real_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example output: .*? -->\n```text\n(.*?)```", text, re.S)
    assert match, "docs/simulation.md lost its example output block"
    report = validate_file(SCENARIOS / "vocabulary-example.yaml")
    assert report.scenario is not None
    actual = render_text(simulate(report.scenario))
    assert match.group(1) == actual, f"update the example in docs/simulation.md to:\n{actual}"
