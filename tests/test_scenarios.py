"""Every shipped scenario: the clean ones validate clean, the broken ones give their annotated codes."""

from __future__ import annotations

from pathlib import Path

import pytest

import pkforce
from pkforce.diagnostics import Severity
from tests.helpers import ROOT, SCENARIOS

CLEAN = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "vocabulary-example.yaml")
BROKEN = sorted((SCENARIOS / "broken").glob("*.yaml"))
VOCABULARY = [SCENARIOS / "vocabulary-example.yaml", ROOT.parent / "shared" / "scenario-vocabulary.yaml"]


def expected_codes(path: Path) -> set[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            return set(line.removeprefix("# expect:").split())
    raise AssertionError(f"{path.name} has no `# expect:` line")


def test_there_are_enough_shipped_scenarios() -> None:
    assert len(CLEAN) >= 3 and len(BROKEN) >= 8


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_shipped_scenario_is_clean(path: Path) -> None:
    """No error or warning; the only notes allowed say that a ratification is not on record (PKF124)."""
    report = pkforce.validate(path)
    bad = [d for d in report.diagnostics if d.severity is not Severity.INFO or d.name != "instrument-not-ratified"]
    assert bad == [], [f"{d.line}:{d.column} {d.code} {d.message}" for d in bad]


@pytest.mark.parametrize("path", [p for p in VOCABULARY if p.exists()], ids=lambda p: p.parent.name)
def test_vocabulary_validates_without_errors(path: Path) -> None:
    report = pkforce.validate(path)
    assert report.ok, [f"{d.line}:{d.column} {d.code} {d.message}" for d in report.errors]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_scenario_gives_its_annotated_codes(path: Path) -> None:
    report = pkforce.validate(path)
    notes = {d.code for d in report.diagnostics if d.severity is Severity.INFO and d.name == "instrument-not-ratified"}
    assert {d.code for d in report.diagnostics} - notes == expected_codes(path)
    assert all(d.location is not None for d in report.diagnostics)
