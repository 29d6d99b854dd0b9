"""Injects on the procedure (delay, block) and delays on units already on their way.

Deterministic cases have hand-computed dates: the start is 2027-01-01, the Council decides on
2027-01-02 (day 1), lift 100 personnel a day, so a 100-strong unit moves in one day. The Monte
Carlo cases check the shift run by run: a fixed delay adds no random input, so the runs with and
without the inject draw the same durations.
"""

from __future__ import annotations

import math

import numpy as np

from pkforce.simulation import render_text, simulate
from tests.simulation.test_sim_exact import APPROVAL, LIFT_100, arrivals, make, unit

KAZ_RUS = unit("kaz", "KAZ", 100, "P1D") + unit("rus", "RUS", 100, "P1D")


def injects(*rows: str) -> str:
    return LIFT_100 + "\ninjects:\n" + "".join(f"  - {r}\n" for r in rows)


def step_day(result: object, label: str) -> float:
    labels = result.step_labels  # type: ignore[attr-defined]
    return float(result.step_days[0, labels.index(label)])  # type: ignore[attr-defined]


# --- a delay on a unit already ready holds it on its way -------------------------------------------


def test_a_delay_on_a_unit_on_its_way_holds_it_and_frees_the_lift() -> None:
    # d ready day 4, moves 4 -> 5; e ready 4.5, waits for the lift until 5, moves 5 -> 6.
    # On day 4.5 d is stopped at a border for 2 days: it arrives on 7; e still on 6 (the lift moved on).
    units = unit("d", "KAZ", 100, "P3D") + unit("e", "KAZ", 100, "PT84H")
    assert arrivals(make(units, extra=LIFT_100)) == {"d": 5.0, "e": 6.0}
    sc = make(units, extra=injects("{day: 4.5, action: delay, unit: d, duration: P2D}"))
    result = simulate(sc, runs=1)
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {"d": 7.0, "e": 6.0}
    assert result.unit_ready[0].tolist() == [4.0, 4.5]  # ready as before: held, not un-readied
    assert not [n for n in result.notes if "changed nothing" in n]


def test_a_delay_on_a_queued_unit_delays_its_arrival_not_its_place_in_the_queue() -> None:
    # e is ready (4.5) and waiting for the lift on day 4.8: it still moves 5 -> 6, and arrives 6 + 1.5
    units = unit("d", "KAZ", 100, "P3D") + unit("e", "KAZ", 100, "PT84H")
    sc = make(units, extra=injects("{day: 4.8, action: delay, unit: e, duration: PT36H}"))
    assert arrivals(sc) == {"d": 5.0, "e": 7.5}


def test_a_held_unit_withdrawn_before_it_gets_there_never_arrives() -> None:
    units = unit("d", "KAZ", 100, "P3D")
    sc = make(
        units, extra=injects("{day: 4.5, action: delay, unit: d, duration: P2D}", "{day: 6, action: withdraw, unit: d}")
    )
    assert arrivals(sc) == {"d": math.inf}


def test_a_delay_on_a_unit_already_in_theatre_changes_nothing_and_says_so() -> None:
    units = unit("d", "KAZ", 100, "P3D")
    sc = make(units, extra=injects("{day: 6, action: delay, unit: d, duration: P2D}"))
    result = simulate(sc, runs=1)
    assert result.unit_arrival[0].tolist() == [5.0]
    assert (
        "inject 1 (delay of d) changed nothing in any run: the unit was already in theatre on that "
        "day, or never gets there" in result.notes
    )


# --- delays and blocks of procedure steps -----------------------------------------------------------


def test_a_delayed_national_approval_delays_that_state_only() -> None:
    # KAZ approval: decision (1) + 5 = 6; delayed by 4 on day 3 -> 10; kaz ready 11, in theatre 12
    base = make(KAZ_RUS, steps=APPROVAL, extra=LIFT_100)
    assert arrivals(base) == {"kaz": 8.0, "rus": 3.0}
    sc = make(
        KAZ_RUS,
        steps=APPROVAL,
        extra=injects("{day: 3, action: delay, step: national_approval, state: KAZ, duration: P4D}"),
    )
    result = simulate(sc, runs=1)
    assert step_day(result, "national_approval KAZ") == 10.0
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {"kaz": 12.0, "rus": 3.0}


def test_a_blocked_national_approval_means_that_state_never_deploys() -> None:
    sc = make(KAZ_RUS, steps=APPROVAL, extra=injects("{day: 3, action: block, step: national_approval, state: KAZ}"))
    result = simulate(sc, runs=1)
    assert math.isnan(step_day(result, "national_approval KAZ"))
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {"kaz": math.inf, "rus": 3.0}


def test_a_step_already_taken_is_not_undone_and_the_note_says_so() -> None:
    sc = make(KAZ_RUS, steps=APPROVAL, extra=injects("{day: 7, action: block, step: national_approval, state: KAZ}"))
    result = simulate(sc, runs=1)
    assert arrivals(sc) == {"kaz": 8.0, "rus": 3.0}
    assert any(
        n.startswith("inject 1 (block of national_approval KAZ) changed nothing in any run") for n in result.notes
    )


def test_a_postponed_council_session_moves_everything_counted_from_it() -> None:
    # the session of day 1 postponed on day 0 by 3 days: decision 4; rus ready 5, in theatre 6;
    # the KAZ approval (after council_decision, 5 days) on 9: kaz ready 10, in theatre 11
    sc = make(KAZ_RUS, steps=APPROVAL, extra=injects("{day: 0, action: delay, step: council_decision, duration: P3D}"))
    result = simulate(sc, runs=1)
    assert result.decision_day.tolist() == [4.0]
    assert step_day(result, "national_approval KAZ") == 9.0
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {"kaz": 11.0, "rus": 6.0}


SECOND_SESSION = "- {step: council_decision, id: second, date: 2027-01-10}\n"


def test_a_failed_session_decides_nothing_and_a_later_session_counts() -> None:
    # the day-1 session fails; the session of 2027-01-10 (day 9) decides: rus ready 10, in theatre
    # 11; the KAZ approval, after council_decision, counts from day 9: 14, kaz ready 15, in theatre 16
    sc = make(
        KAZ_RUS, steps=APPROVAL + SECOND_SESSION, extra=injects("{day: 0, action: block, step: council_decision}")
    )
    result = simulate(sc, runs=1)
    assert result.decision_day.tolist() == [9.0]
    assert step_day(result, "national_approval KAZ") == 14.0
    assert dict(zip(result.unit_ids, result.unit_arrival[0].tolist(), strict=True)) == {"kaz": 16.0, "rus": 11.0}


def test_a_failed_session_without_a_later_one_means_nothing_deploys() -> None:
    sc = make(KAZ_RUS, extra=injects("{day: 0, action: block, step: council_decision}"))
    result = simulate(sc, runs=1)
    assert result.decision_day.tolist() == [math.inf]
    assert np.isinf(result.unit_arrival).all()
    assert any(n.startswith("no deployment decided") for n in result.notes)


def test_a_block_after_the_session_leaves_its_decision_standing() -> None:
    sc = make(KAZ_RUS, extra=injects("{day: 2, action: block, step: council_decision}"))
    result = simulate(sc, runs=1)
    assert result.decision_day.tolist() == [1.0]
    assert any("its decision stands" in n for n in result.notes)


def test_a_step_named_by_its_id_is_the_one_acted_on() -> None:
    sc = make(
        KAZ_RUS, steps=APPROVAL + SECOND_SESSION, extra=injects("{day: 0, action: delay, step: second, duration: P1D}")
    )
    result = simulate(sc, runs=1)
    assert step_day(result, "second") == 10.0
    assert result.decision_day.tolist() == [1.0]  # the first session still decides


# --- Monte Carlo: the shift, run by run ----------------------------------------------------------------


RANDOM_APPROVAL = (
    "- {step: national_approval, state: KAZ, after: council_decision, duration: {min: P2D, mode: P5D, max: P15D}}\n"
)


def test_a_fixed_delay_shifts_the_step_in_every_run_by_exactly_its_duration() -> None:
    base = simulate(make(KAZ_RUS, steps=RANDOM_APPROVAL, extra=LIFT_100), runs=2000, seed=3)
    sc = make(
        KAZ_RUS,
        steps=RANDOM_APPROVAL,
        extra=injects("{day: 2, action: delay, step: national_approval, state: KAZ, duration: P4D}"),
    )
    shifted = simulate(sc, runs=2000, seed=3)
    i = base.step_labels.index("national_approval KAZ")
    assert np.allclose(shifted.step_days[:, i] - base.step_days[:, i], 4.0)
    assert np.allclose(shifted.unit_arrival[:, 0] - base.unit_arrival[:, 0], 4.0)
    assert np.array_equal(shifted.unit_arrival[:, 1], base.unit_arrival[:, 1])


def test_a_random_delay_shifts_by_its_distribution() -> None:
    # a random delay is one more random input: common random numbers keep the approval's own draws
    base = simulate(make(KAZ_RUS, steps=RANDOM_APPROVAL, extra=LIFT_100), runs=4000, seed=5, common_random_numbers=True)
    sc = make(
        KAZ_RUS,
        steps=RANDOM_APPROVAL,
        extra=injects(
            "{day: 2, action: delay, step: national_approval, state: KAZ, duration: {min: P2D, mode: P4D, max: P9D}}"
        ),
    )
    shifted = simulate(sc, runs=4000, seed=5, common_random_numbers=True)
    i = base.step_labels.index("national_approval KAZ")
    shift = shifted.step_days[:, i] - base.step_days[:, i]
    assert shift.min() >= 2.0 - 1e-9 and shift.max() <= 9.0 + 1e-9
    # triangular(2, 4, 9): mean 5, standard deviation sqrt(19 / 18) ~ 1.03; 4,000 runs: SE ~ 0.016
    assert abs(shift.mean() - 5.0) < 0.08
    assert abs(np.median(shift) - (9 - math.sqrt(0.5 * 7 * 5))) < 0.1  # the median of triangular(2, 4, 9)


def test_an_inject_that_acts_in_some_runs_only_says_in_how_many() -> None:
    # the approval falls between day 3 and 16: a block on day 8 cancels it only where it is still to come
    sc = make(
        KAZ_RUS, steps=RANDOM_APPROVAL, extra=injects("{day: 8, action: block, step: national_approval, state: KAZ}")
    )
    result = simulate(sc, runs=2000, seed=1)
    i = result.step_labels.index("national_approval KAZ")
    blocked = np.isnan(result.step_days[:, i])
    assert 0.2 < blocked.mean() < 0.8
    assert np.isinf(result.unit_arrival[blocked, 0]).all()
    assert np.isfinite(result.unit_arrival[~blocked, 0]).all()
    idle = f"{1 - blocked.mean():.0%} of the runs"
    assert any(
        n.startswith(f"inject 1 (block of national_approval KAZ) changed nothing in {idle}") for n in result.notes
    )


def test_the_note_on_an_idle_inject_is_in_russian_in_a_russian_report() -> None:
    units = unit("d", "KAZ", 100, "P3D")
    result = simulate(make(units, extra=injects("{day: 6, action: delay, unit: d, duration: P2D}")), runs=1)
    english, russian = render_text(result, "en"), render_text(result, "ru")
    assert "inject 1 (delay of d) changed nothing in any run" in english
    assert "вводная 1 (`delay`: d) ни в одном прогоне ничего не изменила" in russian
    assert "changed nothing" not in russian
