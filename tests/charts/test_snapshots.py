"""Snapshot tests: the structure of each chart (ids, texts, lanes) against a stored copy.

The inputs are copies of two shipped scenarios kept in ``fixtures/``, so that editing a shipped
scenario does not break these tests (every shipped scenario is still drawn by test_charts.py).

Structure, not pixels: a snapshot holds which units are drawn in which order with which label
lines, every text of the composition chart, the timeline's lanes and the build-up chart's named
elements. Font metrics matter only through line wrapping (the chart font ships with matplotlib).

After an intended change, regenerate the snapshots and review the diff::

    PKFORCE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/charts/test_snapshots.py

A missing snapshot fails the test (see ``assert_snapshot`` in conftest.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pkforce import __version__
from pkforce.charts import buildup_chart, composition_chart, figure_bytes, org_chart
from pkforce.charts.timeline import timeline_lanes
from pkforce.scenario.model import Scenario
from pkforce.validation import validate_file
from tests.charts.conftest import assert_snapshot, needs_simulator, svg_tree, texts, unit_groups

SNAPSHOTS = Path(__file__).parent / "snapshots"
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(p.name for p in FIXTURES.glob("*.yaml"))


@cache
def fixture(name: str) -> Scenario:
    report = validate_file(FIXTURES / name)
    assert report.scenario is not None and report.ok, name
    return report.scenario


@cache
def fixture_result(name: str):
    from pkforce.simulation import simulate

    return simulate(fixture(name), runs=40, seed=3)


def _clean(values: list[str]) -> list[str]:
    return [v.replace(f"pkforce {__version__}", "pkforce <version>") for v in values]


def check(name: str, value: Any) -> None:
    assert_snapshot(SNAPSHOTS / f"{name}.json", value)


def test_a_missing_snapshot_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("PKFORCE_UPDATE_SNAPSHOTS", raising=False)
    with pytest.raises(pytest.fail.Exception, match="no snapshot"):
        assert_snapshot(tmp_path / "new.json", {"a": 1})
    assert not (tmp_path / "new.json").exists()
    monkeypatch.setenv("PKFORCE_UPDATE_SNAPSHOTS", "1")
    assert_snapshot(tmp_path / "new.json", {"a": 1})
    monkeypatch.delenv("PKFORCE_UPDATE_SNAPSHOTS")
    assert_snapshot(tmp_path / "new.json", {"a": 1})
    with pytest.raises(AssertionError, match="differs"):
        assert_snapshot(tmp_path / "new.json", {"a": 2})


@pytest.mark.parametrize("name", NAMES)
def test_org_structure(name):
    root = svg_tree(figure_bytes(org_chart(fixture(name)), "svg"))
    groups = unit_groups(root)
    check(f"org-{Path(name).stem}", {uid: texts(g) for uid, g in groups.items()} | {"_order": list(groups)})


@pytest.mark.parametrize("name", NAMES)
def test_composition_texts(name):
    root = svg_tree(figure_bytes(composition_chart(fixture(name)), "svg"))
    check(f"composition-{Path(name).stem}", _clean(texts(root)))


@pytest.mark.parametrize("name", NAMES)
@needs_simulator
def test_timeline_lanes(name):
    lanes = timeline_lanes(fixture_result(name))
    check(f"timeline-{Path(name).stem}", [[lane.kind, lane.label, lane.group] for lane in lanes])


@pytest.mark.parametrize("name", NAMES)
@needs_simulator
def test_buildup_elements(name):
    root = svg_tree(figure_bytes(buildup_chart(fixture_result(name)), "svg"))
    named = sorted({e.get("id", "") for e in root.iter() if "-" in e.get("id", "")})
    check(f"buildup-{Path(name).stem}", named)
