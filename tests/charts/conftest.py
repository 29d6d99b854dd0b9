"""Shared fixtures for the chart tests: scenarios, small simulations, SVG parsing."""

from __future__ import annotations

import importlib.util
import json
import os
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pkforce.scenario.model import Scenario
from pkforce.validation import validate_file, validate_text
from tests.helpers import SCENARIOS

SHIPPED = sorted(p.name for p in SCENARIOS.glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"
needs_simulator = pytest.mark.skipif(
    importlib.util.find_spec("pkforce.simulation") is None,
    reason="the simulator (pkforce.simulation) is not there",
)
"""the build-up and timeline charts draw a simulation"""
RUNS = 60
"""small Monte Carlo runs keep the chart tests fast; the charts do not care how many"""


@cache
def shipped(name: str) -> Scenario:
    report = validate_file(SCENARIOS / name)
    assert report.scenario is not None, name
    return report.scenario


@cache
def simulated(name: str, runs: int = RUNS):
    from pkforce.simulation import simulate

    return simulate(shipped(name), runs=runs, seed=11)


def scenario_from(text: str) -> Scenario:
    report = validate_text(text, "<test>")
    assert report.scenario is not None, [d.message for d in report.diagnostics]
    return report.scenario


def svg_tree(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def unit_groups(root: ET.Element) -> dict[str, ET.Element]:
    """``unit-<id>`` groups of an SVG, by unit id."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if gid.startswith("unit-"):
            out[gid[len("unit-") :]] = g
    return out


def texts(elem: ET.Element) -> list[str]:
    """Every text element's content under `elem`, in document order."""
    return ["".join(t.itertext()) for t in elem.iter(f"{SVG}text")]


def assert_snapshot(path: Path, value: Any) -> None:
    """`value` equals the JSON snapshot at `path`: the one snapshot mechanism of the chart tests.

    A missing snapshot FAILS (it is never written silently). After an intended change, rewrite the
    snapshots and review the diff before committing it::

        PKFORCE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/charts
    """
    text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("PKFORCE_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(
            f"no snapshot {path.name}: run with PKFORCE_UPDATE_SNAPSHOTS=1 to write it, then review and commit it"
        )
    assert json.loads(path.read_text(encoding="utf-8")) == value, (
        f"{path.name} differs; after an intended change rerun with PKFORCE_UPDATE_SNAPSHOTS=1 and review the diff"
    )


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    # Figures are built without pyplot, so nothing global to close; keep the hook for clarity.
