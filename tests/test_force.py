"""The force view: which units count toward a requirement, the command tree and its roll-ups.

These questions have one home (pkforce/force.py); the rules, the simulator and the charts ask it,
so the tests also check that the three agree.
"""

from __future__ import annotations

import textwrap

from pkforce.charts.composition import requirement_checks
from pkforce.force import Force, counts_toward
from pkforce.scenario.model import Requirement, Scenario
from pkforce.simulation.compile import compile_scenario
from pkforce.validation import validate_text
from tests.helpers import BASE, findings

REQ = "    - {category: combat, personnel: 150, by: P60D}"


def scenario(text: str) -> Scenario:
    report = validate_text(textwrap.dedent(text), "test.yaml")
    assert report.scenario is not None, [d.message for d in report.diagnostics]
    return report.scenario


# the Kazakh company (infantry_company: 170 combat personnel) cannot meet 200 alone; a reinforcement
# of the same type, added on day 20, can
SHORT = BASE.replace(REQ, "    - {category: combat, personnel: 200, by: P60D}")
REINFORCED = (
    SHORT
    + """\
injects:
  - day: 20
    action: reinforce
    unit: {id: kaz-coy-2, type: infantry_company, nation: KAZ, parent: cc}
"""
)


def test_counts_toward_category_capability_both_and_neither() -> None:
    force = Force.from_scenario(scenario(BASE))
    coy = force.by_id["kaz-coy"]
    assert counts_toward(coy, Requirement(category="combat", personnel=1))
    assert not counts_toward(coy, Requirement(category="police", personnel=1))
    assert counts_toward(coy, Requirement(capability="infantry", units=1))
    assert counts_toward(coy, Requirement(category="combat", capability="infantry", units=1))
    assert not counts_toward(coy, Requirement(category="command", capability="infantry", units=1))
    assert not counts_toward(coy, Requirement(units=1))  # names nothing: counts nothing (PKF401)


def test_reinforcements_count_toward_requirements_everywhere() -> None:
    short, reinforced = scenario(SHORT), scenario(REINFORCED)
    req = reinforced.operation.requirements[0]
    force = Force.from_scenario(reinforced)
    assert [u.id for u in force.counting_toward(req)] == ["kaz-coy", "kaz-coy-2"]
    assert [u.id for u in force.counting_toward(req, reinforcements=False)] == ["kaz-coy"]
    # validation: the whole force, reinforcements included, can meet it
    assert [d.code for d in findings(SHORT, "PKF404")] == ["PKF404"]
    assert findings(REINFORCED, "PKF404") == []
    # the composition chart: the force as planned, reinforcements included
    assert [c.personnel for c in requirement_checks(short)] == [170]
    (check,) = requirement_checks(reinforced)
    assert (check.personnel, check.units, check.met) == (340, 2, True)
    # the simulator: the reinforcement counts once it is in theatre
    model = compile_scenario(reinforced)
    assert model.cond_contrib.tolist() == [[0.0, 170.0, 170.0]]


TREE = """\
pkforce: 1
organization: csto
operation: {kind: member_territory, host_state: KGZ}
units:
  - {id: cc, category: command, nation: KAZ, personnel: {military: 10}}
  - {id: bn, category: combat, nation: KAZ, parent: cc, personnel: {military: 100}}
  - {id: coy, category: combat, nation: KAZ, parent: bn, personnel: {military: 30, police: 2}}
  - {id: lost, category: combat, nation: RUS, parent: nowhere, personnel: {military: 7}}
  - {id: a, category: combat, nation: RUS, parent: b, personnel: {military: 1}}
  - {id: b, category: combat, nation: RUS, parent: a, personnel: {military: 2}}
"""


def test_the_tree_holds_every_unit_once_orphans_and_loops_as_roots() -> None:
    report = validate_text(TREE, "tree.yaml")
    assert report.scenario is not None
    force = Force.from_scenario(report.scenario)
    tree = force.tree
    assert tree.roots == ["cc", "lost", "a"]
    assert tree.order == ["cc", "bn", "coy", "lost", "a", "b"]
    assert tree.depth == {"cc": 0, "bn": 1, "coy": 2, "lost": 0, "a": 0, "b": 1}
    assert tree.kids["a"] == ["b"] and tree.kids["b"] == []
    assert [(u.id, d) for u, d in force.walk("bn")] == [("bn", 0), ("coy", 1)]
    assert [u.id for u in force.subtree("cc")] == ["cc", "bn", "coy"]


def test_rollups_sum_each_subtree() -> None:
    report = validate_text(TREE, "tree.yaml")
    assert report.scenario is not None
    force = Force.from_scenario(report.scenario)
    up = force.rollups
    assert (up["cc"].units, up["cc"].military, up["cc"].police) == (3, 140, 2)
    assert (up["bn"].units, up["bn"].personnel) == (2, 132)
    assert (up["a"].units, up["a"].personnel) == (2, 3)
    assert sum(up[r].personnel for r in force.tree.roots) == force.totals().personnel


def test_totals_by_groups_in_order_of_first_appearance() -> None:
    report = validate_text(TREE, "tree.yaml")
    assert report.scenario is not None
    force = Force.from_scenario(report.scenario)
    by_nation = force.totals_by(lambda u: u.nation)
    assert list(by_nation) == ["KAZ", "RUS"]
    assert (by_nation["KAZ"].personnel, by_nation["RUS"].personnel) == (142, 10)


def test_a_step_has_a_name_a_phrase_and_a_title() -> None:
    from pkforce.scenario.timeline import step_name, step_phrase, step_title

    s = scenario(BASE.replace("  - step: un_notification\n", "  - step: un_notification\n    id: unsc\n"))
    words = [(step_name(x), step_phrase(x), step_title(x, "CSC")) for x in s.procedure]
    assert words == [
        ("application KGZ", "KGZ's application", "Application by KGZ"),
        ("council_decision", "the council decision", "CSC decision"),
        ("unsc", "the notification of the UN Security Council (`unsc`)", "UN Security Council informed"),
        ("national_approval KAZ", "KAZ's national approval", "National approval"),
    ]
