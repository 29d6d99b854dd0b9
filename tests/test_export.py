"""Exports: MSDL read back by a real MSDL client (msdllib under node), ORBAT Mapper's scenario JSON.

The MSDL test needs node and npm. It installs @orbat-mapper/msdllib and jsdom (msdllib parses with
the browser's DOMParser) into a cache folder once; `.ci/run` installs them first and passes the
folder in PKFORCE_NODE_MODULES. Without node or npm the test is skipped and says why.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import pkforce
from pkforce.export import EXPORTS, export
from pkforce.export.msdl import MSDL_NAMESPACE
from pkforce.force import Force
from tests.helpers import ROOT, SCENARIOS, read_node_link
from tests.test_cli import run

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
READER = Path(__file__).parent / "node" / "read_msdl.mjs"
NODE_PACKAGES = ("@orbat-mapper/msdllib@0.4.0", "jsdom@26")


@pytest.fixture(scope="session")
def node_modules() -> Path:
    given = os.environ.get("PKFORCE_NODE_MODULES")
    if given:
        return Path(given)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        reason = (
            "node and npm are needed to read MSDL with msdllib: "
            + ", ".join(name for name, path in (("node", node), ("npm", npm)) if path is None)
            + " not found"
        )
        print(reason)
        pytest.skip(reason)
    cache = (
        ROOT / ".venv" / "node-msdl"
        if (ROOT / ".venv").is_dir()
        else Path(os.environ.get("TMPDIR", "/tmp")) / "pkforce-node-msdl"
    )
    modules = cache / "node_modules"
    if not (modules / "@orbat-mapper" / "msdllib").is_dir() or not (modules / "jsdom").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache), *NODE_PACKAGES],
            check=True,
            timeout=300,
            capture_output=True,
        )
    return modules


def read_with_msdllib(paths: list[Path], modules: Path) -> list[dict[str, Any]]:
    proc = subprocess.run(
        ["node", str(READER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MSDL_NODE_MODULES": str(modules)},
    )
    assert proc.returncode == 0, proc.stderr
    docs: list[dict[str, Any]] = json.loads(proc.stdout)
    return docs


def expected_units(scenario: pkforce.Scenario) -> dict[str, tuple[str, str | None, str, str]]:
    """unit id -> (name, parent id, symbol code, echelon), from pkforce's side."""
    from pkforce.charts.symbols import sidc_for

    return {
        u.id: (
            u.name,
            u.parent,
            sidc_for(u.category or "other", u.echelon, u.type, u.capabilities),
            (u.echelon or "none").upper(),
        )
        for u in Force.from_scenario(scenario).units
    }


def test_msdl_reads_back_in_msdllib(tmp_path: Path, node_modules: Path) -> None:
    files = []
    for path in SHIPPED:
        files.append(tmp_path / f"{path.stem}.xml")
        assert run("export", str(path), "--format", "msdl", "-o", str(files[-1])).returncode == 0
    for path, got in zip(SHIPPED, read_with_msdllib(files, node_modules), strict=True):
        scenario = pkforce.load(path)
        units = got["units"]
        by_handle = {u["handle"]: u for u in units}
        read = {
            html.unescape(u["designation"]): (
                html.unescape(u["name"]),
                html.unescape(by_handle[u["superior"]]["designation"]) if u["superior"] in by_handle else None,
                u["symbolIdentifier"],
                u["echelon"],
            )
            for u in units
        }
        assert read == expected_units(scenario), path.name
        assert len(got["sides"]) == 1
        roots = {by_handle[h]["designation"] for h in got["sides"][0]["rootUnits"]}
        assert roots == {u.id for u in scenario.units if u.parent is None}, path.name


def test_msdl_is_namespaced_and_stable() -> None:
    scenario = pkforce.load(SCENARIOS / "un-operation.yaml")
    first, second = export(scenario, "msdl"), export(scenario, "msdl")
    assert first == second  # handles and dates come from the scenario, not the clock
    root = ET.fromstring(first)
    assert root.tag == f"{{{MSDL_NAMESPACE}}}MilitaryScenario"
    assert len(root.findall(f".//{{{MSDL_NAMESPACE}}}Unit")) == len(scenario.units)


def test_orbat_mapper_nests_units_under_their_commanders() -> None:
    scenario = pkforce.load(SCENARIOS / "exercise-brotherhood.yaml")
    doc = json.loads(export(scenario, "orbat-mapper"))
    assert doc["type"] == "ORBAT-mapper" and doc["sides"][0]["standardIdentity"] == "3"
    found: dict[str, str | None] = {}

    def walk(units: list[dict[str, object]], parent: str | None) -> None:
        for unit in units:
            found[str(unit["shortName"])] = parent
            assert len(str(unit["sidc"])) == 20
            walk(unit["subUnits"], str(unit["shortName"]))  # type: ignore[arg-type]

    for group in doc["sides"][0]["groups"]:
        walk(group["subUnits"], None)
    assert found == {u.id: u.parent for u in scenario.units}


def test_export_usage_and_refusals(tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    bad = run("export", "scenarios/un-operation.yaml", "--format", "kml", "-o", str(out))
    assert bad.returncode == 2 and all(name in bad.stderr for name in EXPORTS)
    broken = run("export", "scenarios/broken/command-cycle.yaml", "--format", "msdl", "-o", str(out))
    assert broken.returncode == 1 and "PKF303" in broken.stderr
    assert not out.exists()
    to_stdout = run("export", "scenarios/un-operation.yaml", "-f", "orbat-mapper")
    assert to_stdout.returncode == 0 and json.loads(to_stdout.stdout)["type"] == "ORBAT-mapper"


def test_export_table_adds_a_format_in_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    from pkforce.export import Exporter

    monkeypatch.setitem(EXPORTS, "ids", Exporter("tests.test_export:_ids", ".txt", "unit ids", ("\n",)))
    proc = run("export", "scenarios/un-operation.yaml", "-f", "ids")
    assert proc.returncode == 0 and proc.stdout.splitlines()[0] == "cc"


def _ids(scenario: pkforce.Scenario, sep: str) -> bytes:
    return sep.join(u.id for u in scenario.units).encode()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_formats_read_back_in_networkx_with_one_node_per_unit(tmp_path: Path, fmt: str) -> None:
    import networkx as nx

    target = SCENARIOS / "un-operation.yaml"
    out = tmp_path / f"force.{fmt}"
    proc = run("export", str(target), "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        g = read_node_link(json.loads(out.read_text(encoding="utf-8")))
    else:
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    # node keys: `unit:<id>` (GraphML, JSON) or the id with the key as label (GEXF)
    units = {str(n).removeprefix("unit:") for n, d in g.nodes(data=True) if d.get("kind") == "unit"}
    assert units == {u.id for u in Force.from_scenario(pkforce.load(target)).units}


def test_gexf_is_the_same_bytes_on_any_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """networkx stamps GEXF with today's date; the export drops it, so a later day gives the same bytes."""
    import time

    from pkforce.analysis.graph import export_graph

    scenario = pkforce.load(SCENARIOS / "un-operation.yaml")
    today = export_graph(scenario, "gexf")
    monkeypatch.setattr(time, "strftime", lambda fmt, *a: "2099-12-31")
    assert export_graph(scenario, "gexf") == today and b"lastmodifieddate" not in today
