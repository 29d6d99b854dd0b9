"""Lost and regained capability: a met requirement that a withdrawal undoes, and its return.

Hand-computed dates as in test_sim_exact.py: the Council decides on day 1, lift 100 a day.
"""

from __future__ import annotations

import json
import math

import numpy as np

from pkforce.charts.buildup import _requirement_line
from pkforce.simulation import render_text, simulate
from tests.simulation.test_sim_exact import LIFT_100, make, unit

# a: ready 1 + 1 = 2, in theatre 3 (combat 100: the requirement is met on day 3)
UNITS = unit("a", "KAZ", 100, "P1D") + unit("hq", "RUS", 10, "P1D", category="command")
REQ = "- {category: combat, personnel: 100}\n"
WITHDRAW_AND_REPLACE = (
    LIFT_100
    + """
injects:
  - {day: 5, action: withdraw, unit: a}
  - {day: 6, action: reinforce,
     unit: {id: r, category: combat, nation: KAZ, personnel: {military: 100}, readiness: P1D}}
"""
)


def test_a_withdrawal_loses_a_met_requirement_and_a_reinforcement_regains_it() -> None:
    # lost on day 5 (a leaves); r ordered on day 6: ready 7, in theatre 8 -> regained on day 8
    result = simulate(make(UNITS, requirements=REQ, extra=WITHDRAW_AND_REPLACE), runs=1)
    req = result.requirements[0]
    assert req.first_met.p50 == 3.0
    assert req.p_lost == 1.0 and req.lost is not None and req.regained is not None
    assert (req.lost.p50, req.regained.p50) == (5.0, 8.0)
    text = render_text(result)
    assert "Requirements met, then lost" in text
    assert "  combat: 100 personnel  5 (2027-01-06)    8 (2027-01-09)\n" in text
    doc = json.loads(result.to_json())["requirements"][0]
    assert doc["p_lost"] == 1.0 and doc["lost"]["p50"] == 5.0 and doc["regained"]["p50"] == 8.0
    assert "lost D+5, regained D+8" in _requirement_line(req, one_run=True)


def test_a_requirement_lost_and_never_regained() -> None:
    extra = LIFT_100 + "\ninjects: [{day: 5, action: withdraw, unit: a}]"
    req = simulate(make(UNITS, requirements=REQ, extra=extra), runs=1).requirements[0]
    assert req.lost is not None and req.regained is not None
    assert req.lost.p50 == 5.0 and math.isinf(req.regained.p50) and req.regained.reached == 0.0
    assert "not regained by the horizon" in _requirement_line(req, one_run=True)


def test_nothing_lost_without_a_withdrawal_and_the_report_is_unchanged() -> None:
    result = simulate(make(UNITS, requirements=REQ, extra=LIFT_100), runs=1)
    req = result.requirements[0]
    assert req.p_lost == 0.0 and req.lost is None and req.regained is None
    assert "then lost" not in render_text(result)
    assert json.loads(result.to_json())["requirements"][0]["lost"] is None


def test_a_withdrawal_before_the_requirement_is_met_is_not_a_loss() -> None:
    # withdrawn on day 2, before it arrives on day 3: never met, so never lost
    extra = LIFT_100 + "\ninjects: [{day: 2, action: withdraw, unit: a}]"
    req = simulate(make(UNITS, requirements=REQ, extra=extra), runs=1).requirements[0]
    assert math.isinf(req.first_met.p50) and req.lost is None


def test_monte_carlo_chance_of_loss_matches_the_runs() -> None:
    # a's readiness is random (1 to 9 days): it is in theatre by the withdrawal on day 5 (and so
    # the requirement is lost) only in the runs where it was ready by day 4
    units = unit("a", "KAZ", 100, "{min: P1D, mode: P2D, max: P9D}") + unit("hq", "RUS", 10, "P1D", category="command")
    result = simulate(make(units, requirements=REQ, extra=WITHDRAW_AND_REPLACE), runs=3000, seed=4)
    req = result.requirements[0]
    arrived = result.unit_arrival[:, 0]
    expected = float(np.mean(arrived <= 5.0))
    # triangular(1, 2, 9): P(readiness <= 3) = 1 - (9 - 3)^2 / (8 * 7) = 0.357 (arrival = 1 + r + 1 <= 5)
    assert abs(req.p_lost - expected) < 1e-12 and abs(req.p_lost - (1 - 36 / 56)) < 0.03
    assert req.lost is not None and req.regained is not None
    assert req.lost.p10 == req.lost.p90 == 5.0 and req.regained.p50 == 8.0 and req.regained.reached == 1.0
    assert "then lost (over the runs that lose them" in render_text(result)
