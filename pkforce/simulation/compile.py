"""Scenario -> plain arrays: everything the engine needs, and nothing it does not.

The engine runs in worker processes (or on a Dask cluster), so it receives a
:class:`CompiledScenario` made of numpy arrays and tuples only: cheap to pickle, no pydantic, no
names. The names the result and the report need come beside it, as :class:`~.labels.Labels`.
Every judgement about the scenario (which steps gate which units, which units a withdrawal
removes, what each requirement counts) is made here, once, in the calling process.

    >>> from pkforce.validation import validate_file                      # doctest: +SKIP
    >>> model = compile_scenario(validate_file("scenario.yaml").scenario)  # doctest: +SKIP
    >>> model.n_units                                                    # doctest: +SKIP
    7
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..scenario.vocab import MULTINATIONAL

if TYPE_CHECKING:
    from ..force import ResolvedUnit
    from ..scenario.model import Scenario
    from ..scenario.types import DurationSpec
    from .labels import Labels

__all__ = [
    "DEFAULT_LIFT_PER_DAY",
    "CompiledScenario",
    "compile_labelled",
    "compile_scenario",
]

DEFAULT_LIFT_PER_DAY = 150.0
"""Strategic lift (personnel per day) of a nation the scenario gives no figure for, and no `default`.

No source gives a lift figure for CSTO contributors: 150 is the value the scenario vocabulary's own
example uses for `default`, kept here so that a scenario without `logistics:` still simulates. It is
an assumption; write `logistics: {lift_per_day: {default: ...}}` to replace it.
"""

NEVER = np.inf

Array = np.ndarray


@dataclass(frozen=True)
class CompiledScenario:
    """A scenario as arrays. Units are the scenario's list followed by reinforcements, in inject order.

    Durations are three numbers (low, mode, high) in days; a fixed duration has all three equal.
    """

    # --- procedure --------------------------------------------------------------------------
    step_fixed: Array
    """day of each dated step; nan for a step counted from another one"""
    step_anchor: Array
    """index of the step each step counts from; -1 for a dated or broken step"""
    step_dur: Array
    """(n_steps, 3): low, mode, high of each step's duration (nan without one)"""
    step_order: tuple[int, ...]
    """steps whose day can be worked out, anchors first"""
    decision_step: int
    """index of the council session that decided; -1 when the procedure has none (or none decided)"""
    decided: bool
    """False when the Council sat but no session decided: nothing deploys ("no deployment decided")"""

    # --- gates --------------------------------------------------------------------------------
    gate_steps: tuple[tuple[int, ...], ...]
    """per gate group: the steps its units wait for (the latest of them); empty -> day 0"""
    unit_gate: Array
    """(n_units,) gate group of each unit"""
    unit_floor: Array
    """(n_units,) earliest gate: -inf, or the inject day for a reinforcement"""

    # --- units ------------------------------------------------------------------------------
    unit_readiness: Array
    """(n_units, 3) low, mode, high readiness in days"""
    unit_size: Array
    """(n_units,) personnel moved through the lift"""
    unit_queue: Array
    """(n_units,) lift queue (one per nation, `multinational` included)"""
    queue_lift: Array
    """(n_queues,) personnel per day"""
    unit_withdrawn: Array
    """(n_units,) day a `withdraw` inject removes the unit (inf: never)"""

    # --- delay injects (in day order) -------------------------------------------------------
    delay_unit: Array
    delay_day: Array
    delay_dur: Array
    """(n_delays, 3)"""

    # --- requirements, IOC, FOC -------------------------------------------------------------
    cond_contrib: Array
    """(n_conditions, n_units): what each unit adds to each condition while in theatre"""
    cond_threshold: Array
    """(n_conditions,) a condition holds when the sum of contributions in theatre reaches this"""
    cond_requirement: Array
    """(n_conditions,) the requirement each condition belongs to"""
    n_requirements: int
    ioc_command: Array
    """(n_units,) 1 for a command unit that no inject withdraws"""
    ioc_personnel: Array
    """(k, n_units): personnel counted for IOC, one row per personnel requirement (or the whole force)"""
    ioc_cap: Array
    """(k,) each row counts up to this many (its requirement's figure)"""
    ioc_target: float
    """IOC needs the capped sum of the rows to reach this"""
    complete_mask: Array
    """(n_units,) units the "whole force in theatre" date waits for (those no inject withdraws)"""
    foc_is_complete: bool
    """no requirements: FOC is the day the whole force is in theatre"""

    # --- random inputs ----------------------------------------------------------------------
    random_steps: Array
    random_units: Array
    random_delays: Array

    @property
    def n_units(self) -> int:
        return int(self.unit_size.shape[0])

    @property
    def n_steps(self) -> int:
        return int(self.step_fixed.shape[0])

    @property
    def n_random(self) -> int:
        return int(self.random_steps.size + self.random_units.size + self.random_delays.size)


def _spec(spec: DurationSpec | None) -> tuple[float, float, float]:
    """(low, mode, high) in days; a triangular spec written out of order is sorted, not rejected."""
    if spec is None:
        return (np.nan, np.nan, np.nan)
    lo, mode, hi = float(spec.low), float(spec.days), float(spec.high)
    lo, hi = min(lo, mode, hi), max(lo, mode, hi)
    return (lo, min(max(mode, lo), hi), hi)


def _unique(labels: list[str], reserved: set[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for label in labels:
        name = f"step {label}" if label in reserved else label
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


RESERVED_KEYS = frozenset({"decision", "ioc", "foc", "complete"})


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Turn a (validated) scenario into the arrays the engine runs on. Never raises on a valid model."""
    return compile_labelled(scenario)[0]


def compile_labelled(scenario: Scenario) -> tuple[CompiledScenario, Labels]:
    """The arrays the engine runs on, and the names of what they index (for the result)."""
    from ..force import Force, counts_toward
    from ..scenario.model import Deadline
    from ..scenario.timeline import resolve_after, step_graph, step_name
    from .labels import Labels, UnitInfo

    notes: list[str] = []
    steps = scenario.procedure
    n_steps = len(steps)
    graph = step_graph(scenario)
    labels = _unique([step_name(s) for s in steps], set(RESERVED_KEYS))

    step_fixed = np.full(n_steps, np.nan)
    step_anchor = np.full(n_steps, -1, dtype=np.int64)
    step_dur = np.full((n_steps, 3), np.nan)
    for i, s in enumerate(steps):
        if s.date is not None:
            step_fixed[i] = scenario.day_of(s.date)
        else:
            a = graph.anchor[i]
            step_anchor[i] = -1 if a is None else a
            step_dur[i] = _spec(s.duration)
    order = tuple(int(i) for i in graph.order)
    placed = set(order)
    for i, s in enumerate(steps):
        unresolved = i not in placed or (s.date is None and (graph.anchor[i] is None or s.duration is None))
        if unresolved:
            notes.append(f"procedure step {i + 1} ({labels[i]}) has no date that can be worked out: "
                         "it never happens, and units waiting for it never move")

    decision_step = graph.deciding if graph.deciding is not None else -1
    if graph.undecided:
        notes.append("no deployment decided: no session of the Council decided the deployment, so nothing "
                     "deploys (a contingent assigned through the UN PCRS still moves)")
    elif decision_step < 0 and scenario.operation.kind != "exercise":
        notes.append("the procedure has no council decision: units are gated from day 0 instead")

    # --- units: the list, then reinforcements ---------------------------------------------
    force = Force.from_scenario(scenario)
    resolved: list[ResolvedUnit] = list(force.units)
    floors: list[float] = [-np.inf] * len(resolved)
    reinforced: list[bool] = [False] * len(resolved)
    inject_days: list[float | None] = []
    for k, inj in enumerate(scenario.injects):
        day: float | None = None
        if inj.day is not None:
            day = float(inj.day)
        elif inj.date is not None:
            day = scenario.day_of(inj.date)
        else:
            notes.append(f"inject {k + 1} ({inj.action}) has neither `day` nor `date`: ignored")
        inject_days.append(day)
        if inj.action == "reinforce" and day is not None:
            if isinstance(inj.unit, str):
                notes.append(f"inject {k + 1} reinforces with `{inj.unit}`, a unit id, not a unit "
                             "definition: ignored")
                continue
            resolved.append(force.resolve(inj.unit))
            floors.append(day)
            reinforced.append(True)
    n_units = len(resolved)

    # gate groups: the set of steps a unit waits for; nations waiting for the same steps share one
    group_of: dict[tuple[int, ...], int] = {}
    unit_gate = np.zeros(n_units, dtype=np.int64)
    never = n_steps  # an extra, never-reached step: the gate of units that never deploy
    gate_of: dict[str, tuple[int, ...]] = {}
    for j, u in enumerate(resolved):
        if u.nation not in gate_of:
            gate = graph.gate(scenario, None if u.nation == MULTINATIONAL else u.nation)
            gate_of[u.nation] = (never,) if gate is None else gate
        unit_gate[j] = group_of.setdefault(gate_of[u.nation], len(group_of))
    gate_steps = list(group_of)

    # lift queues, one per nation (`multinational` too)
    lifts = scenario.logistics.lift_per_day
    default_lift = float(lifts.get("default", DEFAULT_LIFT_PER_DAY))
    queue_of: dict[str, int] = {}
    queue_lift: list[float] = []
    unit_queue = np.zeros(n_units, dtype=np.int64)
    for j, u in enumerate(resolved):
        if u.nation not in queue_of:
            queue_of[u.nation] = len(queue_lift)
            lift = float(lifts.get(u.nation, default_lift))
            if lift <= 0:
                notes.append(f"{u.nation} has no strategic lift ({lift:g} personnel per day): "
                             "its units with personnel never arrive")
            queue_lift.append(lift)
        unit_queue[j] = queue_of[u.nation]

    readiness = np.array([_spec(u.readiness) for u in resolved], dtype=float).reshape(n_units, 3)
    size = np.array([u.personnel for u in resolved], dtype=float)

    # --- withdraw and delay injects -------------------------------------------------------
    by_id: dict[str, list[int]] = {}
    for j, u in enumerate(resolved):
        by_id.setdefault(u.id, []).append(j)
    whole = Force(resolved, force.types)  # the command tree with the reinforcements in it
    position = {id(u): j for j, u in enumerate(resolved)}

    withdrawn = np.full(n_units, NEVER)
    delays: list[tuple[float, int, int, tuple[float, float, float]]] = []
    for k, inj in enumerate(scenario.injects):
        day = inject_days[k]
        if day is None or inj.action == "reinforce":
            continue
        uid = inj.unit if isinstance(inj.unit, str) else inj.unit.id
        if uid not in by_id:
            notes.append(f"inject {k + 1} ({inj.action}) names `{uid}`, which is not a unit: ignored")
            continue
        if inj.action == "withdraw":
            for u in whole.subtree(uid):
                j = position[id(u)]
                withdrawn[j] = min(withdrawn[j], day)
        else:
            if inj.duration is None:
                notes.append(f"inject {k + 1} (delay of `{uid}`) has no `duration`: ignored")
                continue
            for j in by_id[uid]:
                delays.append((day, k, j, _spec(inj.duration)))
    delays.sort(key=lambda d: (d[0], d[1]))

    # --- requirements -----------------------------------------------------------------------
    categories = [u.category or "unknown" for u in resolved]
    kept = ~np.isfinite(withdrawn)
    contrib: list[np.ndarray] = []
    threshold: list[float] = []
    cond_req: list[int] = []
    cond_kind: list[str] = []
    ioc_rows: list[np.ndarray] = []
    ioc_caps: list[float] = []
    reqs = scenario.operation.requirements
    for r, req in enumerate(reqs):
        match = np.array([counts_toward(u, req) for u in resolved], dtype=bool)
        if req.personnel is not None:
            row = np.where(match, size, 0.0)
            contrib.append(row)
            threshold.append(float(req.personnel))
            cond_req.append(r)
            cond_kind.append("personnel")
            ioc_rows.append(row)
            ioc_caps.append(float(req.personnel))
        if req.units is not None:
            contrib.append(match.astype(float))
            threshold.append(float(req.units))
            cond_req.append(r)
            cond_kind.append("units")
    if reqs:
        ioc_target = scenario.simulation.ioc_share * float(sum(ioc_caps))
    else:
        ioc_rows = [size.copy()]
        ioc_caps = [np.inf]
        ioc_target = scenario.simulation.ioc_share * float(size[kept].sum())
    ioc_command = np.array([c == "command" for c in categories], dtype=float) * kept

    def stack(rows: list[np.ndarray]) -> np.ndarray:
        return np.array(rows, dtype=float).reshape(len(rows), n_units)

    random_steps = np.array([i for i in order if np.isnan(step_fixed[i]) and step_dur[i, 0] < step_dur[i, 2]],
                            dtype=np.int64)
    random_units = np.flatnonzero(readiness[:, 0] < readiness[:, 2]).astype(np.int64)
    delay_dur = np.array([d[3] for d in delays], dtype=float).reshape(len(delays), 3)
    random_delays = np.flatnonzero(delay_dur[:, 0] < delay_dur[:, 2]).astype(np.int64)

    infos = tuple(
        UnitInfo(id=u.id, name=u.name, nation=u.nation, category=categories[j], military=u.military,
                 police=u.police, civilian=u.civilian, capabilities=u.capabilities,
                 reinforcement=reinforced[j], command=categories[j] == "command")
        for j, u in enumerate(resolved)
    )
    return CompiledScenario(
        step_fixed=step_fixed,
        step_anchor=step_anchor,
        step_dur=step_dur,
        step_order=order,
        decision_step=decision_step,
        decided=not graph.undecided,
        gate_steps=tuple(gate_steps),
        unit_gate=unit_gate,
        unit_floor=np.array(floors, dtype=float),
        unit_readiness=readiness,
        unit_size=size,
        unit_queue=unit_queue,
        queue_lift=np.array(queue_lift, dtype=float),
        unit_withdrawn=withdrawn,
        delay_unit=np.array([d[2] for d in delays], dtype=np.int64),
        delay_day=np.array([d[0] for d in delays], dtype=float),
        delay_dur=delay_dur,
        cond_contrib=stack(contrib),
        cond_threshold=np.array(threshold, dtype=float),
        cond_requirement=np.array(cond_req, dtype=np.int64),
        n_requirements=len(reqs),
        ioc_command=ioc_command,
        ioc_personnel=stack(ioc_rows),
        ioc_cap=np.array(ioc_caps, dtype=float),
        ioc_target=float(ioc_target),
        complete_mask=kept,
        foc_is_complete=not reqs,
        random_steps=random_steps,
        random_units=random_units,
        random_delays=random_delays,
    ), Labels(
        units=infos,
        step_labels=tuple(labels),
        requirement_labels=tuple(r.label for r in reqs),
        requirement_after=tuple(
            (lambda j: -1 if j is None else j)(resolve_after(scenario, graph, r.by.after))
            if isinstance(r.by, Deadline) else -1 for r in reqs),
        requirement_offset=tuple(
            r.by.duration.days if isinstance(r.by, Deadline) else (r.by.days if r.by is not None else np.nan)
            for r in reqs),
        cond_kind=tuple(cond_kind),
        notes=tuple(notes),
    )
