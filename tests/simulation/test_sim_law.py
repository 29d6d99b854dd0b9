"""Hand-computed dates for the law on the date: failed sessions, agreements, PCRS, step deadlines.

Every case is a deterministic run. Day 0 is 2027-01-01; lift is 1,000 personnel a day, so a
100-strong unit moves in 0.1 day.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from pkforce.scenario.model import Scenario
from pkforce.simulation import render_text, simulate
from pkforce.validation import validate_text
from tests.helpers import SCENARIOS
from tests.simulation.test_sim_properties import REFERENCE

LIFT = "logistics: {lift_per_day: {default: 1000}}"


def scenario(
    procedure: str, units: str, *, kind: str = "member_territory", host: str = "KGZ", requirements: str = "[]"
) -> Scenario:
    text = f"""\
pkforce: 1
id: law
title: Law case
start: 2027-01-01
states: {{XZA: Republic of Zarkana}}
organization: csto
operation:
  kind: {kind}
  host_state: {host}
  requirements: {requirements}
procedure:
{textwrap.indent(textwrap.dedent(procedure), "  ")}
units:
{textwrap.indent(textwrap.dedent(units), "  ")}
{LIFT}
"""
    report = validate_text(text, "law.yaml")
    assert report.scenario is not None, [d.message for d in report.diagnostics]
    # a lone company heads these small forces: PKF201 (combined command) is beside the point here
    assert [d.code for d in report.errors if d.code != "PKF201"] == [], [d.message for d in report.errors]
    return report.scenario


def company(uid: str, nation: str, readiness: str) -> str:
    return (
        f"- {{id: {uid}, category: combat, echelon: company, nation: {nation}, "
        f"personnel: {{military: 100}}, readiness: {readiness}}}\n"
    )


def arrivals(sc: Scenario) -> dict[str, float]:
    result = simulate(sc, deterministic=True)
    got = dict(zip(result.unit_ids, np.round(result.unit_arrival[0], 6).tolist(), strict=True))
    ref = REFERENCE.simulate(sc, 1, 0, result.horizon, deterministic=True)[0]
    np.testing.assert_allclose(result.unit_arrival[0], ref["arrival"], rtol=0, atol=1e-9)
    return got


BLOCKED = """\
- {step: application, by: KGZ, date: 2027-01-01}
- {step: council_decision, id: first, date: 2027-01-02, votes: {BLR: yes, KAZ: yes, KGZ: yes, RUS: no, TJK: yes}}
"""


def test_later_steps_count_from_the_session_that_decided() -> None:
    # the first session (day 1) fails on RUS's "no"; the second (day 5) decides. The approval counts
    # from the deciding session: 5 + 2 = 7; ready 7 + 3 = 10; moves 0.1 day -> 10.1
    sc = scenario(
        BLOCKED
        + """\
- {step: council_decision, id: second, date: 2027-01-06}
- {step: un_notification, date: 2027-01-06}
- {step: national_approval, state: KAZ, after: council_decision, duration: P2D}
""",
        company("kaz", "KAZ", "P3D"),
    )
    result = simulate(sc, deterministic=True)
    assert result.step_days[0].tolist() == [0.0, 1.0, 5.0, 5.0, 7.0]
    assert float(result.decision_day[0]) == 5.0
    assert arrivals(sc) == {"kaz": 10.1}


def test_after_may_name_any_session_by_id() -> None:
    # counting from the failed session by its id: 1 + 6 = 7 (after the deciding session, day 5)
    sc = scenario(
        BLOCKED
        + """\
- {step: council_decision, id: second, date: 2027-01-06}
- {step: un_notification, date: 2027-01-06}
- {step: national_approval, state: KAZ, after: first, duration: P6D}
""",
        company("kaz", "KAZ", "P3D"),
    )
    assert simulate(sc, deterministic=True).step_days[0].tolist()[-1] == 7.0
    assert arrivals(sc) == {"kaz": 10.1}  # gate max(5, 7) = 7, + 3 ready, + 0.1 lift


def test_no_session_decides_nothing_deploys() -> None:
    sc = scenario(
        """\
- {step: application, by: KGZ, date: 2027-01-01}
- {step: council_decision, date: 2027-01-02, outcome: not_adopted, note: "Kyrgyzstan's request, no decision"}
""",
        company("kaz", "KAZ", "P3D"),
    )
    result = simulate(sc, deterministic=True)
    assert arrivals(sc) == {"kaz": float("inf")}
    assert np.isinf(result.decision_day[0]) and np.isinf(result.ioc_day[0])
    assert "no deployment decided" in render_text(result)


UN = """\
- {step: un_mandate, date: 2027-01-01}
- {step: council_decision, date: 2027-01-02}
- {step: coordinating_state, state: KAZ, after: council_decision, duration: P1D}
"""


def test_a_contributor_waits_for_its_agreement_with_the_coordinating_state() -> None:
    # KAZ (coordinating) waits for the designation (day 2): 2 + 3 + 0.1 = 5.1.
    # KGZ waits for its agreement, 10 days after the designation: 12 + 3 + 0.1 = 15.1
    sc = scenario(
        UN
        + """\
- {step: contributor_agreement, state: KGZ, after: coordinating_state, duration: P10D}
- {step: national_approval, state: KAZ, after: council_decision, duration: P1D}
- {step: national_approval, state: KGZ, after: council_decision, duration: P1D}
""",
        company("kaz", "KAZ", "P3D") + company("kgz", "KGZ", "P3D"),
        kind="un_operation",
        host="XZA",
    )
    assert arrivals(sc) == {"kaz": 5.1, "kgz": 15.1}


def test_the_un_agreement_holds_up_every_contingent() -> None:
    # the coordinating state's agreement with the UN on day 20: 20 + 3 + 0.1
    sc = scenario(
        UN
        + """\
- {step: un_agreement, after: coordinating_state, duration: P18D}
- {step: national_approval, state: KAZ, after: council_decision, duration: P1D}
""",
        company("kaz", "KAZ", "P3D"),
        kind="un_operation",
        host="XZA",
    )
    assert arrivals(sc) == {"kaz": 23.1}


def test_a_pcrs_contingent_moves_on_its_assignment_without_the_council() -> None:
    # RUS assigns its PCRS-registered company on day 1, before the Council's decision (day 10):
    # 1 + 3 + 0.1 = 4.1. KAZ waits for the decision and the designation: 10 + 3 + 0.1 = 13.1
    sc = scenario(
        """\
- {step: un_mandate, date: 2027-01-01}
- {step: pcrs_assignment, state: RUS, date: 2027-01-02}
- {step: council_decision, date: 2027-01-11}
- {step: coordinating_state, state: KAZ, after: council_decision, duration: PT0H}
- {step: national_approval, state: KAZ, after: council_decision, duration: PT0H}
- {step: national_approval, state: RUS, after: pcrs_assignment, duration: PT0H}
""",
        company("kaz", "KAZ", "P3D") + company("rus", "RUS", "P3D"),
        kind="un_operation",
        host="XZA",
    )
    assert arrivals(sc) == {"kaz": 13.1, "rus": 4.1}


@pytest.mark.parametrize(("after", "met"), [("P5D", 0.0), ("P15D", 1.0)])
def test_a_deadline_counts_from_a_step(after: str, met: float) -> None:
    # decision day 1, approval day 3, ready 3 + 10 = 13, in theatre 13.1. The deadline counts from
    # the decision: 1 + 5 = 6 (missed) or 1 + 15 = 16 (met)
    sc = scenario(
        """\
- {step: application, by: KGZ, date: 2027-01-01}
- {step: council_decision, date: 2027-01-02}
- {step: un_notification, date: 2027-01-02}
- {step: national_approval, state: KAZ, after: council_decision, duration: P2D}
""",
        company("kaz", "KAZ", "P10D"),
        requirements=f"[{{category: combat, personnel: 100, by: {{after: council_decision, duration: {after}}}}}]",
    )
    result = simulate(sc, deterministic=True)
    outcome = result.requirements[0]
    assert outcome.deadline == 1.0 + float(after[1:-1])
    assert outcome.p_met_by_deadline == met
    assert "after council_decision" in outcome.label


def test_the_command_says_no_deployment_decided(tmp_path: Path) -> None:
    from tests.test_cli import run

    text = (SCENARIOS / "kyrgyzstan-2022-blocked.yaml").read_text(encoding="utf-8")
    start = text.index("  - step: council_decision\n    id: yerevan-summit")
    blocked = tmp_path / "blocked.yaml"
    blocked.write_text(text[:start] + text[text.index("  - step: un_notification") :], encoding="utf-8")
    checked = run("validate", str(blocked))
    assert checked.returncode == 0 and "PKF128 [info] no-deployment-decided" in checked.stdout
    proc = run("simulate", str(blocked), "--deterministic")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[2].startswith("NO DEPLOYMENT DECIDED")


def test_shipped_undof_contingent_arrives_when_the_real_one_did() -> None:
    # REAL: the Kazakh contingent left Almaty on 14 Mar 2024 and took over at Camp Faouar on 18 Mar
    sc = validate_text((SCENARIOS / "undof-kazakhstan-2024.yaml").read_text(encoding="utf-8")).scenario
    assert sc is not None
    result = simulate(sc, deterministic=True)
    arrival = dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True))
    day = sc.date_of(arrival["kazbat-coy"]).date().isoformat()
    assert "2024-03-14" <= day <= "2024-03-18"


def test_shipped_blocked_request_deploys_from_the_second_session() -> None:
    sc = validate_text((SCENARIOS / "kyrgyzstan-2022-blocked.yaml").read_text(encoding="utf-8")).scenario
    assert sc is not None
    result = simulate(sc, deterministic=True)
    assert sc.date_of(float(result.decision_day[0])).date().isoformat() == "2022-11-23"
    assert float(result.unit_arrival[0].min()) > float(result.decision_day[0])
