"""A straightforward event-by-event implementation of the simulation model, in plain Python.

It exists to check :mod:`pkforce.simulation`: it reads the scenario model directly (no compiled
arrays, no numpy), simulates one run at a time with a heap of timed events, and must give the same
deterministic dates and statistically the same distributions. It is deliberately simple, and slow,
and it answers every question (which units count, which organisation) on its own, not through
pkforce's helpers: an oracle that shared their code would share their mistakes. The tests
(tests/simulation/test_sim_properties.py) and benchmarks/bench_simulate.py import it from here.

    python -m tests.simulation.reference_sim scenarios/un-operation.yaml --runs 200

The model is the one in docs/simulation.md. Events at the same instant are handled in this order:
withdrawals, then arrivals (which free the lift), then units becoming ready, then delays. Injects on
procedure steps act while the steps are worked out, before any unit moves.
"""

from __future__ import annotations

import heapq
import math
import random
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from pkforce.force import Force, ResolvedUnit
from pkforce.scenario.model import Scenario
from pkforce.scenario.timeline import StepGraph, step_graph

INF = math.inf
DEFAULT_LIFT = 150.0  # the documented default of pkforce.simulation
TOL = 1e-9

WITHDRAW, ARRIVE, READY, DELAY = 0, 1, 2, 3


def _sample(spec: Any, rng: random.Random | None) -> float:
    if spec is None:
        return 0.0
    lo, mode, hi = spec.low, spec.days, spec.high
    lo, hi = min(lo, mode, hi), max(lo, mode, hi)
    mode = min(max(mode, lo), hi)
    if rng is None or lo == hi:
        return mode
    return rng.triangular(lo, hi, mode)


@dataclass
class Prepared:
    """What does not change between runs."""

    scenario: Scenario
    graph: StepGraph
    units: list[ResolvedUnit]
    reinforce_day: list[float | None]
    gate_steps: list[list[int]]
    lift: list[float]
    nation_of: list[str]
    withdraw: list[tuple[float, str]]
    delays: list[tuple[float, int, str, Any]]
    step_injects: list[tuple[float, int, int, bool, Any]] = field(default_factory=list)
    """(day, inject, step, block, duration), in day order"""
    subtree: dict[str, list[int]] = field(default_factory=dict)


def prepare(scenario: Scenario) -> Prepared:
    force = Force.from_scenario(scenario)
    units = list(force.units)
    reinforce_day: list[float | None] = [None] * len(units)
    withdraw: list[tuple[float, str]] = []
    delays: list[tuple[float, int, str, Any]] = []
    for k, inj in enumerate(scenario.injects):
        if inj.day is not None:
            day = float(inj.day)
        elif inj.date is not None:
            day = scenario.day_of(inj.date)
        else:
            continue
        if inj.step is not None:
            continue
        if inj.action == "reinforce":
            if not isinstance(inj.unit, str):
                units.append(force.resolve(inj.unit))
                reinforce_day.append(day)
            continue
        uid = inj.unit if isinstance(inj.unit, str) else inj.unit.id
        if inj.action == "withdraw":
            withdraw.append((day, uid))
        elif inj.duration is not None:
            delays.append((day, k, uid, inj.duration))
    scenario, graph, step_injects = _procedure_injects(scenario)
    gate_steps: list[list[int]] = []
    lifts = scenario.logistics.lift_per_day
    lift = []
    for u in units:
        # which steps a unit waits for is the model's own rule (pkforce.scenario.timeline); -1: never
        gate = graph.gate(scenario, None if u.nation == "multinational" else u.nation)
        gate_steps.append([-1] if gate is None else list(gate))
        lift.append(float(lifts.get(u.nation, lifts.get("default", DEFAULT_LIFT))))
    prep = Prepared(
        scenario,
        graph,
        units,
        reinforce_day,
        gate_steps,
        lift,
        [u.nation for u in units],
        withdraw,
        delays,
        step_injects,
    )
    for _, uid in withdraw:
        seen: list[int] = []
        todo = deque(j for j, u in enumerate(units) if u.id == uid)
        while todo:
            j = todo.popleft()
            if j in seen:
                continue
            seen.append(j)
            todo.extend(c for c, u in enumerate(units) if u.parent == units[j].id)
        prep.subtree[uid] = seen
    return prep


def _day(scenario: Scenario, inj: Any) -> float | None:
    if inj.day is not None:
        return float(inj.day)
    return scenario.day_of(inj.date) if inj.date is not None else None


def _chained(graph: StepGraph, targets: list[int], i: int) -> bool:
    """Is step i counted (through its anchors) from another of `targets`?"""
    a, seen = graph.anchor[i], set()
    while a is not None and a not in seen:
        if a in targets:
            return True
        seen.add(a)
        a = graph.anchor[a]
    return False


def _procedure_injects(scenario: Scenario) -> tuple[Scenario, StepGraph, list[tuple[float, int, int, bool, Any]]]:
    """Injects on procedure steps: the steps each acts on; a blocked deciding session fails.

    An `id` names its step; a kind every step of that kind (and state); council_decision the
    session that decides. A delay acts on the first of its steps in a chain, a block on all.
    """
    graph = step_graph(scenario)
    out: list[tuple[float, int, int, bool, Any]] = []
    for k, inj in enumerate(scenario.injects):
        day = _day(scenario, inj)
        if inj.step is None or day is None:
            continue
        steps = scenario.procedure
        ids = [i for i, s in enumerate(steps) if s.id == inj.step]
        if ids:
            targets = ids[:1]
        elif inj.step == "council_decision" and inj.state is None:
            targets = (
                [graph.deciding]
                if graph.deciding is not None
                else ([i for i, s in enumerate(steps) if s.step == "council_decision"][-1:])
            )
        else:
            targets = [
                i
                for i, s in enumerate(steps)
                if s.step == inj.step and inj.state in (None, getattr(s, "state", None) or getattr(s, "by", None))
            ]
            if inj.action == "delay":
                targets = [i for i in targets if not _chained(graph, targets, i)]
        if inj.action == "block":
            for i in targets:
                if i == graph.deciding:
                    held = graph.fixed_days(scenario)[i]
                    if held is None or held >= day - TOL:
                        procedure = list(steps)
                        procedure[i] = procedure[i].model_copy(update={"outcome": "not_adopted"})
                        scenario = scenario.model_copy(update={"procedure": procedure})
                        graph = step_graph(scenario)
        elif inj.duration is None:
            continue
        out.extend((day, k, i, inj.action == "block", inj.duration) for i in targets)
    out.sort(key=lambda x: (x[0], x[1]))
    return scenario, graph, out


def one_run(prep: Prepared, rng: random.Random | None, horizon: float) -> dict[str, Any]:
    """One run: every date of interest, in days from the start (inf: never)."""
    sc = prep.scenario
    step_day: list[float] = [INF] * len(sc.procedure)
    shift = [_sample(spec, rng) if not block else 0.0 for (_, _, _, block, spec) in prep.step_injects]
    for i in prep.graph.order:
        s = sc.procedure[i]
        anchor = prep.graph.anchor[i]
        if s.date is not None:
            step_day[i] = sc.day_of(s.date)
        elif anchor is not None and s.duration is not None:
            step_day[i] = step_day[anchor] + _sample(s.duration, rng)
        for n, (day, _, target, block, _) in enumerate(prep.step_injects):
            if target == i and step_day[i] < INF and step_day[i] >= day - TOL:
                step_day[i] = INF if block else step_day[i] + shift[n]
    deciding = prep.graph.deciding
    decision = step_day[deciding] if deciding is not None else (INF if prep.graph.undecided else 0.0)

    n = len(prep.units)
    ready = [0.0] * n
    for j, u in enumerate(prep.units):
        gate = max((step_day[i] if i >= 0 else INF for i in prep.gate_steps[j]), default=0.0)
        floor = prep.reinforce_day[j]
        if floor is not None:
            gate = max(gate, floor)
        ready[j] = gate + _sample(u.readiness, rng)

    # (time, priority, payload): at one instant, by kind, then by unit (list order) or inject
    events: list[tuple[float, int, int]] = []

    def push(t: float, prio: int, payload: int) -> None:
        heapq.heappush(events, (t, prio, payload))

    withdrawn_at = [INF] * n
    for day, uid in prep.withdraw:
        for j in prep.subtree[uid]:
            withdrawn_at[j] = min(withdrawn_at[j], day)
    for k, (day, _) in enumerate(prep.withdraw):
        push(day, WITHDRAW, k)
    for j in range(n):
        push(ready[j], READY, j)
    delay_amount = [_sample(spec, rng) for (_, _, _, spec) in prep.delays]
    for k, (day, _, _, _) in enumerate(prep.delays):
        push(day, DELAY, k)

    state = ["waiting"] * n  # waiting -> queued -> moving [-> held] -> in_theatre | out
    hold = [0.0] * n  # delays that came when the unit was already ready: it arrives this much later
    is_ready = [False] * n
    arrival = [INF] * n
    queues: dict[str, deque[int]] = {}
    busy: dict[str, int | None] = {}
    move_end: dict[int, float] = {}

    reqs = sc.operation.requirements
    cats = [u.category or "unknown" for u in prep.units]

    def matches(r: Any, j: int) -> bool:
        return (r.category is None or cats[j] == r.category) and (
            r.capability is None or r.capability in prep.units[j].capabilities
        )

    conds: list[tuple[int, list[int], float]] = []  # (requirement index, weight per unit, threshold)
    pers_rows = []  # (condition index, figure) of the personnel conditions, counted for IOC
    for r_i, r in enumerate(reqs):
        if r.personnel is not None:
            pers_rows.append((len(conds), float(r.personnel)))
            weights = [prep.units[j].personnel if matches(r, j) else 0 for j in range(n)]
            conds.append((r_i, weights, r.personnel))
        if r.units is not None:
            conds.append((r_i, [1 if matches(r, j) else 0 for j in range(n)], r.units))
    level = [0.0] * len(conds)
    kept = [withdrawn_at[j] == INF for j in range(n)]
    command = [1 if cats[j] == "command" and kept[j] else 0 for j in range(n)]
    cmd_total = sum(command)
    cmd_in = 0
    share = sc.simulation.ioc_share
    if reqs:
        ioc_target = share * sum(th for _, th in pers_rows)
    else:
        ioc_target = share * sum(prep.units[j].personnel for j in range(n) if kept[j])
    total_in = 0.0

    def met(r_i: int) -> bool:
        return all(level[c] >= th for c, (ri, _, th) in enumerate(conds) if ri == r_i)

    def ioc_ok() -> bool:
        if cmd_in < cmd_total:
            return False
        pers = total_in if not reqs else sum(min(level[c], th) for c, th in pers_rows)
        return pers >= ioc_target - TOL

    first_met = [decision if met(r_i) else INF for r_i in range(len(reqs))]
    foc = decision if reqs and all(met(r_i) for r_i in range(len(reqs))) else INF
    ioc = decision if ioc_ok() else INF

    def check(t: float) -> None:
        nonlocal foc, ioc
        for r_i in range(len(reqs)):
            if first_met[r_i] == INF and met(r_i):
                first_met[r_i] = t
        if reqs and foc == INF and all(met(r_i) for r_i in range(len(reqs))):
            foc = t
        if ioc == INF and ioc_ok():
            ioc = t

    def theatre(j: int, sign: int, t: float) -> None:
        nonlocal cmd_in, total_in
        for c, (_, w, _) in enumerate(conds):
            level[c] += sign * w[j]
        cmd_in += sign * command[j]
        total_in += sign * prep.units[j].personnel
        check(t)

    def start_next(nation: str, t: float) -> None:
        queue = queues.setdefault(nation, deque())
        while busy.get(nation) is None and queue:
            j = queue.popleft()
            if state[j] != "queued":
                continue
            lift = prep.lift[j]
            if lift <= 0:
                if prep.units[j].personnel == 0:
                    state[j] = "moving"
                    move_end[j] = t
                    push(t, ARRIVE, j)
                    busy[nation] = j
                else:
                    state[j] = "stuck"
                continue
            state[j] = "moving"
            move_end[j] = t + prep.units[j].personnel / lift
            busy[nation] = j
            push(move_end[j], ARRIVE, j)

    while events:
        t, prio, payload = heapq.heappop(events)
        if prio == WITHDRAW:
            _, uid = prep.withdraw[payload]
            for j in prep.subtree[uid]:
                if state[j] == "in_theatre":
                    state[j] = "out"
                    theatre(j, -1, t)
                elif state[j] == "moving":
                    state[j] = "out"
                    nation = prep.nation_of[j]
                    busy[nation] = None
                    start_next(nation, t)
                elif state[j] in ("waiting", "queued", "stuck", "held"):
                    state[j] = "out"
        elif prio == ARRIVE:
            j = payload
            if state[j] == "moving" and move_end[j] == t and hold[j] > 0:
                state[j] = "held"  # its lift is free; the unit itself is held on its way
                nation = prep.nation_of[j]
                busy[nation] = None
                push(t + hold[j], ARRIVE, j)
                start_next(nation, t)
                continue
            if state[j] == "held":
                if t != move_end[j] + hold[j]:
                    continue
            elif state[j] != "moving" or move_end[j] != t:
                continue
            was_held = state[j] == "held"
            state[j] = "in_theatre"
            arrival[j] = t
            theatre(j, +1, t)
            if not was_held:
                nation = prep.nation_of[j]
                busy[nation] = None
                start_next(nation, t)
        elif prio == READY:
            j = payload
            if is_ready[j] or ready[j] != t:
                continue  # a stale entry: a delay moved this unit's readiness
            is_ready[j] = True
            if state[j] != "waiting":
                continue
            state[j] = "queued"
            queues.setdefault(prep.nation_of[j], deque()).append(j)
            start_next(prep.nation_of[j], t)
        else:
            _, _, uid, _ = prep.delays[payload]
            for j, u in enumerate(prep.units):
                if u.id == uid and not is_ready[j] and ready[j] > t:
                    ready[j] += delay_amount[payload]
                    push(ready[j], READY, j)
                elif u.id == uid and is_ready[j] and state[j] in ("queued", "moving", "held"):
                    hold[j] += delay_amount[payload]  # held where it is: it arrives later
                    if state[j] == "held":
                        push(move_end[j] + hold[j], ARRIVE, j)

    def within(d: float) -> float:
        return d if d <= horizon + TOL else INF

    ioc = max(ioc, min(arrival, default=INF))  # IOC needs something in theatre
    kept_arrivals = [arrival[j] for j in range(n) if kept[j]]
    complete = within(max(kept_arrivals)) if kept_arrivals else INF
    return {
        "steps": step_day,
        "decision": decision,
        "ready": ready,
        "arrival": arrival,
        "ioc": within(ioc),
        "foc": complete if not reqs else within(foc),
        "complete": complete,
        "requirements": [within(d) for d in first_met],
    }


def simulate(
    scenario: Scenario, runs: int, seed: int, horizon: float, deterministic: bool = False
) -> list[dict[str, Any]]:
    prep = prepare(scenario)
    rng = None if deterministic else random.Random(seed)
    return [one_run(prep, rng, horizon) for _ in range(1 if deterministic else runs)]


def main(argv: list[str]) -> None:
    import argparse
    import time

    from pkforce.validation import validate_file

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    scenario = validate_file(args.scenario).scenario
    if scenario is None:
        raise SystemExit(f"{args.scenario}: not a valid scenario")
    t0 = time.perf_counter()
    out = simulate(scenario, args.runs, args.seed, scenario.simulation.horizon.days)
    dt = time.perf_counter() - t0
    foc = sorted(r["foc"] for r in out)
    print(f"{args.runs} runs in {dt:.2f} s ({dt / args.runs * 1000:.2f} ms per run); FOC P50 {foc[len(foc) // 2]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
