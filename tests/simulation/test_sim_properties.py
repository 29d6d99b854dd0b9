"""Properties that hold for any scenario, on small random scenarios (hypothesis).

- nobody is ready before their gate plus the shortest readiness, nor arrives before being ready
  plus the time its own personnel take through the lift;
- strength in theatre never exceeds the force (reinforcements included);
- without withdrawals, strength never falls;
- a deterministic run gives the same dates as the event-by-event reference (reference_sim.py).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce.scenario.model import Scenario
from pkforce.simulation import simulate
from tests.simulation import reference_sim as REFERENCE

NATIONS = ["KAZ", "RUS", "BLR", "multinational"]
CATEGORIES = ["command", "combat", "police", "observers"]


def _duration(draw: Any, low: int, high: int) -> Any:
    hours = draw(st.integers(low * 24, high * 24))
    if draw(st.booleans()):
        return f"PT{hours}H"
    spread = draw(st.integers(0, 10 * 24))
    top = draw(st.integers(0, 10 * 24))
    return {"min": f"PT{hours}H", "mode": f"PT{hours + spread}H", "max": f"PT{hours + spread + top}H"}


@st.composite
def scenarios(draw: Any, withdrawals: bool = True) -> Scenario:
    n_units = draw(st.integers(0, 6))
    units = []
    for j in range(n_units):
        unit: dict[str, Any] = {
            "id": f"u{j}",
            "category": draw(st.sampled_from(CATEGORIES)),
            "nation": draw(st.sampled_from(NATIONS)),
            "personnel": {"military": draw(st.integers(0, 400)), "police": draw(st.integers(0, 50))},
            "readiness": _duration(draw, 0, 20),
        }
        if j and draw(st.booleans()):
            unit["parent"] = f"u{draw(st.integers(0, j - 1))}"
        units.append(unit)
    procedure: list[dict[str, Any]] = [
        {"step": "application", "by": "KGZ", "date": "2027-01-01"},
        {"step": "council_decision", "after": "application", "duration": _duration(draw, 0, 5)},
    ]
    for state in ("KAZ", "RUS"):
        if draw(st.booleans()):
            procedure.append(
                {
                    "step": "national_approval",
                    "state": state,
                    "after": "council_decision",
                    "duration": _duration(draw, 0, 15),
                }
            )
    injects: list[dict[str, Any]] = []
    ids = [u["id"] for u in units]
    for _ in range(draw(st.integers(0, 3))):
        actions = ["delay", "reinforce"] + (["withdraw"] if withdrawals and ids else [])
        action = draw(st.sampled_from(actions if ids else ["reinforce"]))
        day = draw(st.integers(0, 40)) / 2
        if action == "reinforce":
            injects.append(
                {
                    "day": day,
                    "action": "reinforce",
                    "unit": {
                        "id": f"r{len(injects)}",
                        "category": "combat",
                        "nation": draw(st.sampled_from(NATIONS)),
                        "personnel": {"military": draw(st.integers(0, 300))},
                        "readiness": _duration(draw, 0, 10),
                    },
                }
            )
        elif action == "delay":
            injects.append(
                {"day": day, "action": "delay", "unit": draw(st.sampled_from(ids)), "duration": _duration(draw, 0, 10)}
            )
        else:
            injects.append({"day": day, "action": "withdraw", "unit": draw(st.sampled_from(ids))})
    for _ in range(draw(st.integers(0, 2))):  # injects on the procedure
        target = draw(st.sampled_from(procedure[1:]))
        inject = {
            "day": draw(st.integers(0, 40)) / 2,
            "step": target["step"],
            "action": draw(st.sampled_from(["delay", "block"])),
        }
        if "state" in target:
            inject["state"] = target["state"]
        if inject["action"] == "delay":
            inject["duration"] = _duration(draw, 0, 10)
        injects.append(inject)
    requirements = []
    for _ in range(draw(st.integers(0, 3))):
        req: dict[str, Any] = {"category": draw(st.sampled_from(CATEGORIES))}
        if draw(st.booleans()):
            req["personnel"] = draw(st.integers(0, 600))
        else:
            req["units"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            req["by"] = f"P{draw(st.integers(1, 60))}D"
        requirements.append(req)
    lift = {n: draw(st.integers(20, 600)) for n in NATIONS if draw(st.booleans())}
    return Scenario.model_validate(
        {
            "pkforce": 1,
            "start": "2027-01-01",
            "organization": "csto",
            "operation": {"kind": "member_territory", "host_state": "KGZ", "requirements": requirements},
            "procedure": procedure,
            "units": units,
            "logistics": {"lift_per_day": lift},
            "injects": injects,
            "simulation": {"ioc_share": draw(st.sampled_from([0.25, 0.5, 1.0])), "horizon": "P120D"},
        }
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_nobody_arrives_before_gate_plus_readiness(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, runs=20, seed=seed)
    units = scenario.units
    lows = [u.readiness.low if u.readiness is not None else 0.0 for u in units]
    for j in range(len(units)):
        assert (result.unit_ready[:, j] >= result.decision_day + lows[j] - 1e-9).all()
    arrived = np.isfinite(result.unit_arrival)
    assert (result.unit_arrival[arrived] >= result.unit_ready[arrived] - 1e-9).all()
    lifts = scenario.logistics.lift_per_day
    for j, nation in enumerate(result.unit_nations):
        size = result.unit_personnel[j].sum()
        lift = lifts.get(nation, lifts.get("default", 150))
        ok = arrived[:, j]
        assert (result.unit_arrival[ok, j] >= result.unit_ready[ok, j] + size / lift - 1e-9).all()
    reached = np.isfinite(result.ioc_day)
    assert (result.ioc_day[reached] >= result.decision_day[reached]).all()


@FAST
@given(scenarios(), st.integers(0, 2**32))
def test_strength_never_exceeds_the_force(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, runs=20, seed=seed)
    force = result.unit_personnel.sum()
    total = result.strength("total")["total"]
    assert total.min() >= 0 and total.max() <= force
    for nation, data in result.strength("nation").items():
        mine = sum(result.unit_personnel[j].sum() for j, n in enumerate(result.unit_nations) if n == nation)
        assert data.max() <= mine
    by_category = sum(result.strength("category").values(), np.zeros_like(total))
    assert np.array_equal(by_category, total)


@FAST
@given(scenarios(withdrawals=False), st.integers(0, 2**32))
def test_without_withdrawals_strength_never_falls(scenario: Scenario, seed: int) -> None:
    result = simulate(scenario, runs=20, seed=seed)
    total = result.strength("total")["total"]
    assert (np.diff(total, axis=1) >= 0).all()
    band = result.series("total")["total"]
    assert (np.diff(band.p50) >= 0).all() and (band.p10 <= band.p50).all() and (band.p50 <= band.p90).all()


def _same(a: float, b: float) -> bool:
    return (math.isinf(a) and math.isinf(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(scenarios())
def test_deterministic_run_matches_the_event_by_event_reference(scenario: Scenario) -> None:
    result = simulate(scenario, runs=1)
    ref = REFERENCE.simulate(scenario, 1, 0, result.horizon, deterministic=True)[0]
    assert all(_same(a, b) for a, b in zip(result.unit_ready[0], ref["ready"], strict=True))
    assert all(_same(a, b) for a, b in zip(result.unit_arrival[0], ref["arrival"], strict=True))
    for name in ("ioc", "foc", "complete"):
        assert _same(getattr(result, f"{name}_day")[0], ref[name]), name
    assert all(_same(a, b) for a, b in zip(result.requirement_days[0], ref["requirements"], strict=True))
