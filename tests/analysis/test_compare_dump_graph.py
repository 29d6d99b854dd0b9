"""compare, dump (round trip and comment-keeping edits), the force graph, its export and the critical chain."""

from __future__ import annotations

import io
import json
import shutil

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pkforce
from pkforce import variants as v
from pkforce.analysis.compare import compare
from pkforce.analysis.graph import critical_chain, export_graph
from pkforce.scenario.model import Scenario
from pkforce.validation import validate_text
from tests.analysis.conftest import VARIANTS
from tests.helpers import SCENARIOS, read_node_link
from tests.test_cli import run

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


# --- compare ------------------------------------------------------------------------------------


def test_compare_lists_units_personnel_and_steps(base: Scenario) -> None:
    other = v.variant(
        base,
        {"drop_contributor": "BLR"},
        {"set_readiness": "kazbat", "readiness": "P20D"},
        {"shift_step": "national_approval TJK", "days": 5},
        {"set_lift": "RUS", "per_day": 900},
    )
    diff = compare(base, other)
    assert [u["id"] for u in diff.units_removed] == ["blr-med"] and not diff.units_added
    assert diff.units_changed == [
        {"id": "kazbat", "changes": {"readiness": ["{min: P20D, mode: P30D, max: P60D}", "P20D"]}}
    ]
    blr = next(p for p in diff.personnel if p["nation"] == "BLR")
    assert blr["difference"] == -blr["a"]["total"] < 0
    assert diff.steps_removed == ["national_approval BLR"]
    assert [s["step"] for s in diff.steps_changed] == ["national_approval TJK"]
    assert [o["section"] for o in diff.other] == ["logistics.lift_per_day"]
    assert compare(base, base).same


def test_compare_command_text_json_and_simulate(tmp_path) -> None:
    other = tmp_path / "b.yaml"
    pkforce.dump(v.apply_variant(pkforce.load(VARIANTS), "kazbat-ready-sooner"), other)
    proc = run("compare", str(VARIANTS), str(other))
    assert proc.returncode == 0 and "~ kazbat: readiness" in proc.stdout, proc.stdout
    proc = run("compare", str(VARIANTS), str(other), "--simulate", "--runs", "400", "-f", "json")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0 and doc["pkforce_compare"] == 1 and not doc["same"]
    assert doc["outcome"]["cases"][1]["difference"]["mean"] < 0  # ready sooner: FOC earlier
    assert run("compare", str(VARIANTS), str(tmp_path / "missing.yaml")).returncode == 2


# --- dump ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*SHIPPED, VARIANTS], ids=lambda p: p.stem)
def test_dump_loads_back_equal(path) -> None:
    scenario = pkforce.load(path)
    assert pkforce.loads(pkforce.dump(scenario)) == scenario


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    factor=st.floats(0, 5), lift=st.integers(0, 10**6), days=st.floats(-0.5, 400), name=st.text(min_size=1, max_size=30)
)
def test_dump_round_trips_changed_scenarios(base: Scenario, factor: float, lift: int, days: float, name: str) -> None:
    changed = v.variant(
        base,
        {"scale_personnel": "kazbat", "factor": factor},
        {"set_lift": "KGZ", "per_day": lift},
        {"shift_step": "national_approval RUS", "days": days},
        {
            "replace_unit": {
                "id": "obs",
                "name": name,
                "nation": "multinational",
                "parent": "cc",
                "category": "observers",
                "personnel": {"military": 40},
            }
        },
        validate=False,
    )
    # the rules may object (a lift of 0): the model read back must still be the same
    assert validate_text(pkforce.dump(changed)).scenario == changed


def test_editing_a_file_keeps_comments_and_key_order(tmp_path, base: Scenario) -> None:
    path = tmp_path / "s.yaml"
    shutil.copy(VARIANTS, path)
    changed = v.variant(base, {"remove_unit": "kgz-coy"}, {"set_lift": "RUS", "per_day": 900})
    changed = changed.model_copy(update={"variants": base.variants})
    pkforce.dump(changed, path)
    before, after = VARIANTS.read_text().splitlines(), path.read_text().splitlines()
    assert pkforce.load(path) == changed
    assert [ln for ln in before if ln.lstrip().startswith("#")] == [ln for ln in after if ln.lstrip().startswith("#")]
    assert "    RUS: 900" in after and "  - id: kgz-coy" not in after
    removed = {ln for ln in before if ln not in after}
    assert len(removed) <= 8, removed  # the company's six lines and the old lift figure


# --- graph ----------------------------------------------------------------------------------------


def test_graph_has_units_nations_steps_and_their_edges(base: Scenario) -> None:
    g = pkforce.graph(base)
    assert g.nodes["unit:kazbat"]["nation"] == "KAZ" and g.nodes["unit:kazbat"]["personnel"] > 0
    assert g.edges["unit:cc", "unit:kazbat"]["kind"] == "commands"
    assert g.edges["nation:KGZ", "unit:kgz-coy"]["kind"] == "contributes"
    assert g.edges["step:council_decision", "step:national_approval TJK"]["kind"] == "precedes"
    assert g.edges["step:national_approval TJK", "nation:TJK"]["kind"] == "approves"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_reads_back_with_one_node_per_unit(base: Scenario, fmt: str) -> None:
    data = export_graph(base, fmt)
    assert data == export_graph(base, fmt)
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(data))
    elif fmt == "gexf":
        g = nx.read_gexf(io.BytesIO(data))
    else:
        g = read_node_link(json.loads(data))
    units = [n for n, d in g.nodes(data=True) if d["kind"] == "unit"]
    assert len(units) == len(base.units)
    with pytest.raises(ValueError, match="graphml"):
        export_graph(base, "dot")


def test_critical_chain_follows_the_binding_approval_readiness_and_move(base: Scenario) -> None:
    chain = critical_chain(base)
    assert chain.target == "foc"
    assert [(x.kind, x.id) for x in chain.links] == [
        ("step", "council_decision"),
        ("step", "national_approval KGZ"),
        ("readiness", "kgz-coy"),
        ("move", "kgz-coy"),
    ]
    assert chain.links[-1].end == pytest.approx(chain.day)
    # make the Kyrgyz company ready at once: the chain moves to another contributor
    faster = critical_chain(v.set_readiness(base, "kgz-coy", "P1D"))
    assert "kgz-coy" not in [x.id for x in faster.links[1:]] or faster.day < chain.day


def test_critical_chain_shows_a_lift_wait() -> None:
    scenario = pkforce.load(VARIANTS)
    slow = v.variant(scenario, {"set_lift": "KAZ", "per_day": 20}, {"set_readiness": "kazbat", "readiness": "P1D"})
    kinds = [x.kind for x in critical_chain(slow).links]
    assert "lift_wait" in kinds or "move" in kinds


def test_simulate_shows_the_chain_in_text_and_json() -> None:
    proc = run("simulate", str(VARIANTS), "--runs", "200")
    assert "Critical chain to FOC" in proc.stdout and "readiness of Kyrgyz rifle company" in proc.stdout
    doc = json.loads(run("simulate", str(VARIANTS), "--runs", "200", "-f", "json").stdout)
    assert doc["critical_chain"]["links"][-1] == {**doc["critical_chain"]["links"][-1], "kind": "move"}


def test_simulate_validates_first_unless_told_not_to(base: Scenario) -> None:
    broken = base.model_copy(update={"units": [u for u in base.units if u.id != "cc"]})
    with pytest.raises(pkforce.ScenarioError, match="PKF"):
        pkforce.simulate(broken, runs=10)
    assert pkforce.simulate(broken, runs=10, validate=False).runs == 10
