"""Hand-computed cases with exact dates: lift queues, gates, injects, requirements, IOC/FOC, hours.

Every case is a deterministic run (runs=1), so each date below follows from the model in
docs/simulation.md with pencil and paper. The start is 2027-01-01 and the council decides on
2027-01-02, so the decision is day 1.
"""

from __future__ import annotations

import math
import textwrap
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from pkforce.scenario.model import Scenario
from pkforce.simulation import render_text, simulate
from pkforce.validation import validate_text

VOTES = "{ARM: abstain, BLR: yes, KAZ: yes, KGZ: yes, RUS: yes, TJK: yes}"


def make(
    units: str, *, steps: str = "", extra: str = "", kind: str = "member_territory", requirements: str = ""
) -> Scenario:
    """A member-territory scenario decided on day 1, with the given units and extra sections."""
    host = "KGZ" if kind == "member_territory" else "XZA"
    first = (
        "  - {step: application, by: KGZ, date: 2027-01-01}"
        if kind == "member_territory"
        else "  - {step: un_mandate, date: 2027-01-01}"
    )
    text = f"""\
pkforce: 1
id: exact
title: Exact case
start: 2027-01-01
states: {{XZA: Republic of Zarkana}}
organization: csto
operation:
  kind: {kind}
  host_state: {host}
  requirements:
{textwrap.indent(textwrap.dedent(requirements), "    ") if requirements else "    []"}
procedure:
{first}
  - {{step: council_decision, date: 2027-01-02, votes: {VOTES}}}
  - {{step: un_notification, date: 2027-01-02}}
{textwrap.indent(textwrap.dedent(steps), "  ")}
units:
{textwrap.indent(textwrap.dedent(units), "  ")}
{textwrap.dedent(extra)}
"""
    report = validate_text(text, "exact.yaml")
    assert report.scenario is not None, [d.message for d in report.diagnostics]
    return report.scenario


def unit(
    uid: str, nation: str, personnel: int, readiness: str, category: str = "combat", parent: str | None = None
) -> str:
    up = f", parent: {parent}" if parent else ""
    return (
        f"- {{id: {uid}, category: {category}, echelon: company, nation: {nation}{up}, "
        f"personnel: {{military: {personnel}}}, readiness: {readiness}}}\n"
    )


def arrivals(scenario: Scenario) -> dict[str, float]:
    result = simulate(scenario, runs=1)
    assert result.deterministic and result.runs == 1
    return dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True))


# --- lift queues --------------------------------------------------------------------------------


def test_two_units_of_one_nation_queue_for_its_lift() -> None:
    # a: ready day 1 + 2 = 3, moves 100 / 100 = 1 day -> 4; b: ready 4, lift free at 4 -> 4 + 2 = 6
    sc = make(
        unit("a", "KAZ", 100, "P2D") + unit("b", "KAZ", 200, "P3D"), extra="logistics: {lift_per_day: {KAZ: 100}}"
    )
    assert arrivals(sc) == {"a": 4.0, "b": 6.0}


def test_the_unit_ready_first_moves_first_and_the_other_waits() -> None:
    # b ready day 2.5, moves 2 days -> 4.5; a ready day 3 waits for the lift until 4.5 -> 5.5
    sc = make(
        unit("a", "KAZ", 100, "P2D") + unit("b", "KAZ", 200, "PT36H"), extra="logistics: {lift_per_day: {KAZ: 100}}"
    )
    assert arrivals(sc) == {"a": 5.5, "b": 4.5}


def test_equal_readiness_goes_in_list_order_and_nations_do_not_share_lift() -> None:
    # a and b both ready day 3: a first (4), b next (6); RUS has its own lift: 3 + 150/150 = 4
    sc = make(
        unit("a", "KAZ", 100, "P2D") + unit("b", "KAZ", 200, "P2D") + unit("r", "RUS", 150, "P2D"),
        extra="logistics: {lift_per_day: {KAZ: 100}}",
    )
    assert arrivals(sc) == {"a": 4.0, "b": 6.0, "r": 4.0}


def test_default_lift_applies_to_nations_not_listed() -> None:
    # no `logistics`: the built-in 150 per day; 300 personnel take 2 days
    sc = make(unit("a", "BLR", 300, "P1D"))
    assert arrivals(sc) == {"a": 4.0}
    sc = make(unit("a", "BLR", 300, "P1D"), extra="logistics: {lift_per_day: {default: 600}}")
    assert arrivals(sc) == {"a": 2.5}


# --- gates --------------------------------------------------------------------------------------


APPROVAL = "- {step: national_approval, state: KAZ, after: council_decision, duration: P5D}\n"
GATE_UNITS = (
    unit("kaz", "KAZ", 100, "P1D")
    + unit("rus", "RUS", 100, "P1D")
    + unit("obs", "multinational", 100, "P1D", category="observers")
)
LIFT_100 = "logistics: {lift_per_day: {default: 100}}"


def test_units_wait_for_their_contributor_approval_or_the_decision() -> None:
    # KAZ approves on day 6: ready 7, in theatre 8. RUS has no approval step: the decision (day 1)
    # gates it: ready 2, in 3. Multinational units wait for the decision only.
    sc = make(GATE_UNITS, steps=APPROVAL, extra=LIFT_100)
    assert arrivals(sc) == {"kaz": 8.0, "rus": 3.0, "obs": 3.0}


def test_in_a_un_operation_nobody_moves_before_the_coordinating_state() -> None:
    # the coordinating state is designated on day 4: RUS and multinational units wait for it
    coord = "- {step: coordinating_state, state: KAZ, date: 2027-01-05}\n"
    sc = make(GATE_UNITS, steps=coord + APPROVAL, extra=LIFT_100, kind="un_operation")
    assert arrivals(sc) == {"kaz": 8.0, "rus": 6.0, "obs": 6.0}


def test_the_decision_gates_an_approval_given_before_it() -> None:
    # an approval dated before the decision does not let the units leave before the decision
    early = "- {step: national_approval, state: KAZ, date: 2027-01-01}\n"
    sc = make(unit("kaz", "KAZ", 100, "P1D"), steps=early, extra=LIFT_100)
    assert arrivals(sc) == {"kaz": 3.0}


def test_a_random_approval_uses_its_mode_in_a_deterministic_run() -> None:
    approval = (
        "- {step: national_approval, state: KAZ, after: council_decision, duration: {min: P2D, mode: P5D, max: P30D}}\n"
    )
    sc = make(unit("kaz", "KAZ", 100, "{min: PT12H, mode: P1D, max: P9D}"), steps=approval, extra=LIFT_100)
    result = simulate(sc, deterministic=True)
    assert result.step_days[0].tolist() == [0.0, 1.0, 1.0, 6.0]
    assert result.unit_ready[0, 0] == 7.0 and result.unit_arrival[0, 0] == 8.0


# --- night-time decision with hours ---------------------------------------------------------------


def test_a_night_decision_and_a_48_hour_airlift_come_out_to_the_hour() -> None:
    # Decision 2027-03-01 22:00 (+06:00), ready 48 hours later, 120 personnel at 2880 a day
    # (120 an hour): in theatre at 2027-03-03 23:00 local time.
    text = f"""\
pkforce: 1
title: Night decision
timezone: "+06:00"
start: 2027-03-01
organization: csto
operation: {{kind: member_territory, host_state: KGZ}}
procedure:
  - {{step: application, by: KGZ, date: "2027-03-01T20:00:00+06:00"}}
  - {{step: council_decision, date: "2027-03-01T22:00:00+06:00", votes: {VOTES}}}
units:
  - {{id: air, category: combat, echelon: company, nation: RUS, personnel: {{military: 120}},
     readiness: PT48H}}
logistics: {{lift_per_day: {{RUS: 2880}}}}
"""
    report = validate_text(text, "night.yaml")
    assert report.scenario is not None
    result = simulate(report.scenario, runs=1)
    local = timezone(timedelta(hours=6))
    assert math.isclose(result.decision_day[0], 22 / 24)
    assert math.isclose(result.unit_arrival[0, 0], 22 / 24 + 2 + 1 / 24)
    expected = datetime(2027, 3, 3, 23, 0, tzinfo=local)
    assert abs(report.scenario.date_of(result.unit_arrival[0, 0]) - expected) < timedelta(seconds=1)
    assert result.key_dates()["complete"].p50_date == expected
    assert "2.96 (2027-03-03 23:00)" in render_text(result)


# --- injects --------------------------------------------------------------------------------------


FAMILY = unit("p", "RUS", 100, "P1D") + unit("c", "RUS", 100, "P5D", parent="p") + unit("x", "RUS", 100, "P2D")


def test_withdraw_removes_the_unit_and_its_subordinates_from_that_day() -> None:
    # RUS queue: p ready 2 -> 3; x ready 3 -> 4; c ready 6 -> would be 7.
    # Withdrawing p on day 5 takes p out of theatre on day 5, and c (not yet there) never arrives.
    sc = make(FAMILY, extra=LIFT_100 + "\ninjects: [{day: 5, action: withdraw, unit: p}]")
    result = simulate(sc, runs=1)
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {
        "p": 3.0,
        "c": math.inf,
        "x": 4.0,
    }
    assert result.unit_withdrawn[0].tolist() == [5.0, 5.0, math.inf]
    total = result.series("total")["total"].p50
    assert total[[2, 3, 4, 5, 7, 30]].tolist() == [0.0, 100.0, 200.0, 100.0, 100.0, 100.0]


def test_withdrawing_a_moving_unit_frees_the_lift_on_that_day() -> None:
    # x moves from day 3 (to arrive on 4) and y, ready on 3.2, queues behind it. x is withdrawn on
    # day 3.5: it never arrives, and y starts at 3.5 and is in theatre at 4.5 (instead of 5).
    units = unit("x", "RUS", 100, "P2D") + unit("y", "RUS", 100, "PT52H48M")
    base = make(units, extra=LIFT_100)
    assert arrivals(base) == {"x": 4.0, "y": 5.0}
    sc = make(units, extra=LIFT_100 + "\ninjects: [{day: 3.5, action: withdraw, unit: x}]")
    got = arrivals(sc)
    assert got["x"] == math.inf and math.isclose(got["y"], 4.5)


def test_delay_shifts_readiness_of_a_unit_not_yet_ready_only() -> None:
    # d: ready day 4 (arrives 5). A delay of 2 days on day 2 makes it ready on 6 (arrives 7);
    # a delay on day 5, when it is already ready, changes nothing.
    units = unit("d", "KAZ", 100, "P3D")
    sc = make(units, extra=LIFT_100 + "\ninjects: [{day: 2, action: delay, unit: d, duration: P2D}]")
    assert arrivals(sc) == {"d": 7.0}
    sc = make(units, extra=LIFT_100 + "\ninjects: [{day: 5, action: delay, unit: d, duration: P2D}]")
    assert arrivals(sc) == {"d": 5.0}


def test_reinforce_adds_a_unit_through_its_nation_lift() -> None:
    # r is ordered on day 10: ready 11, in theatre 12; a KAZ reinforcement ordered on day 3 still
    # waits for Kazakhstan's approval on day 6: ready 7, in theatre 8. Both are appended.
    injects = """
injects:
  - {day: 10, action: reinforce,
     unit: {id: r, category: combat, nation: RUS, personnel: {military: 100}, readiness: P1D}}
  - {day: 3, action: reinforce,
     unit: {id: k, category: combat, nation: KAZ, personnel: {military: 100}, readiness: P1D}}
"""
    sc = make(unit("a", "RUS", 100, "P1D"), steps=APPROVAL, extra=LIFT_100 + injects)
    result = simulate(sc, runs=1)
    assert result.unit_ids == ["a", "r", "k"]
    assert result.unit_reinforcement == [False, True, True]
    assert result.unit_arrival[0].tolist() == [3.0, 12.0, 8.0]
    assert result.series("total")["total"].p50[[3, 8, 12]].tolist() == [100.0, 200.0, 300.0]


# --- requirements, IOC and FOC --------------------------------------------------------------------


REQ_UNITS = (
    unit("hq", "KAZ", 10, "P1D", category="command") + unit("a", "KAZ", 100, "P2D") + unit("b", "RUS", 200, "P4D")
)
REQUIREMENTS = """\
- {category: combat, personnel: 300, by: P6D}
- {category: command, units: 1, by: P3D}
- {category: police, personnel: 50}
"""


def test_requirements_ioc_and_foc_by_hand() -> None:
    # hq ready 2 -> 2.1; a ready 3 -> 4 (KAZ lift free by then); b ready 5 -> 7.
    # combat 300: met on 7, not by its day-6 deadline; command: met on 2.1, by day 3;
    # police: never (short 50). IOC: command in and half of the 350 required (capped per
    # requirement): 100 combat on day 4 < 175, 300 on day 7 -> IOC 7. FOC never (police).
    sc = make(REQ_UNITS, requirements=REQUIREMENTS, extra=LIFT_100)
    result = simulate(sc, runs=1)
    assert result.unit_arrival[0].tolist() == pytest.approx([2.1, 4.0, 7.0])
    assert result.requirement_days[0].tolist() == pytest.approx([7.0, 2.1, math.inf])
    combat, command, police = result.requirements
    assert combat.p_met_by_deadline == 0.0 and combat.shortfall_personnel == 0.0
    assert command.p_met_by_deadline == 1.0 and command.shortfall_units == 0.0
    assert police.p_met_by_deadline == 0.0 and police.shortfall_personnel == 50.0
    assert police.deadline == result.horizon and not police.has_deadline
    assert result.ioc_day[0] == 7.0
    assert result.foc_day[0] == math.inf
    assert result.complete_day[0] == 7.0


def test_ioc_share_comes_from_the_scenario() -> None:
    # a quarter of 350 is 87.5: the 100 combat personnel on day 4 are enough
    sc = make(REQ_UNITS, requirements=REQUIREMENTS, extra=LIFT_100 + "\nsimulation: {ioc_share: 0.25}")
    assert simulate(sc, runs=1).ioc_day[0] == 4.0


def test_foc_is_every_requirement_met_at_once() -> None:
    reqs = "- {category: combat, personnel: 300, by: P6D}\n- {category: command, units: 1}\n"
    sc = make(REQ_UNITS, requirements=reqs, extra=LIFT_100)
    result = simulate(sc, runs=1)
    assert result.foc_day[0] == 7.0 and result.requirements[0].first_met.p50 == 7.0


def test_a_withdrawal_can_undo_a_met_requirement() -> None:
    # combat 300 is met on day 7, then a (100) is withdrawn on day 8: met first on 7, not at the horizon
    reqs = "- {category: combat, personnel: 300}\n"
    withdraw = "\ninjects: [{day: 8, action: withdraw, unit: a}]"
    sc = make(REQ_UNITS, requirements=reqs, extra=LIFT_100 + withdraw)
    result = simulate(sc, runs=1)
    (combat,) = result.requirements
    assert combat.first_met.p50 == 7.0 and combat.p_met_at_horizon == 0.0
    assert combat.shortfall_personnel == 100.0 and result.foc_day[0] == 7.0


def test_without_requirements_foc_is_the_whole_force_in_theatre() -> None:
    sc = make(REQ_UNITS, extra=LIFT_100)
    result = simulate(sc, runs=1)
    assert result.foc_day[0] == result.complete_day[0] == 7.0
    # IOC: the command element plus half of all 310 personnel (a and hq: 110 < 155; b: 310)
    assert result.ioc_day[0] == 7.0


def test_dates_beyond_the_horizon_are_never() -> None:
    sc = make(REQ_UNITS, extra=LIFT_100)
    result = simulate(sc, runs=1, horizon="P5D")
    assert result.foc_day[0] == math.inf and result.unit_arrival[0, 2] == 7.0
    assert result.times[-1] == 5.0 and result.times.size == 6


# --- odd but valid input --------------------------------------------------------------------------


def test_no_units_no_requirements_no_crash() -> None:
    sc = make("[]")
    result = simulate(sc, runs=50)
    assert result.unit_ids == [] and np.isinf(result.foc_day).all() and np.isinf(result.ioc_day).all()
    assert result.series("total")["total"].p50.max() == 0.0
    assert '"pkforce_simulation": 1' in result.to_json()
    assert render_text(result)


def test_no_procedure_means_day_zero_and_a_note() -> None:
    text = """\
pkforce: 1
organization: csto
operation: {kind: member_territory, host_state: KGZ}
units:
  - {id: a, category: combat, nation: KAZ, personnel: {military: 150}, readiness: P2D}
"""
    report = validate_text(text, "bare.yaml")
    assert report.scenario is not None
    result = simulate(report.scenario, runs=1)
    assert result.unit_arrival[0].tolist() == [3.0]
    assert any("no council decision" in n for n in result.notes)


def test_injects_naming_nothing_are_ignored_with_a_note() -> None:
    extra = LIFT_100 + ("\ninjects: [{day: 2, action: withdraw, unit: ghost}, {day: 2, action: reinforce, unit: a}]")
    sc = make(unit("a", "KAZ", 100, "P1D"), extra=extra)
    result = simulate(sc, runs=1)
    assert result.unit_arrival[0].tolist() == [3.0]
    assert len(result.notes) == 2


def test_runs_one_is_deterministic_and_parameters_are_checked() -> None:
    sc = make(unit("a", "KAZ", 100, "{min: P1D, mode: P2D, max: P9D}"), extra=LIFT_100)
    one = simulate(sc, runs=1, seed=3)
    det = simulate(sc, runs=500, seed=3, deterministic=True)
    assert one.to_json() == det.to_json() and det.runs == 1 and one.seed == 3
    assert one.unit_arrival[0, 0] == 4.0
    for bad in ({"runs": 0}, {"seed": -1}, {"horizon": "P0D"}, {"step": "P-1D"}, {"workers": 0}):
        with pytest.raises(ValueError):
            simulate(sc, **bad)
