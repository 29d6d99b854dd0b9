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

from ..i18n.messages import tr
from ..scenario.vocab import MULTINATIONAL
from .labels import requirement_label

if TYPE_CHECKING:
    from ..force import ResolvedUnit
    from ..scenario.model import Scenario
    from ..scenario.timeline import StepGraph
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

    # --- delay and block injects (in day order) ---------------------------------------------
    delay_unit: Array
    """(n_delays,) the unit a delay holds back; -1 for an inject on a procedure step"""
    delay_day: Array
    delay_dur: Array
    """(n_delays, 3); zeros for a block"""
    delay_step: Array
    """(n_delays,) the procedure step a delay postpones or a block cancels; -1 for a unit"""
    delay_block: Array
    """(n_delays,) True for a block (the step never happens)"""
    step_injects: tuple[tuple[int, ...], ...]
    """per step: the delays/blocks acting on it (indices into the delay arrays, in day order)"""

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


def inject_steps(scenario: Scenario, graph: StepGraph, step: str, state: str | None, action: str) -> list[int]:
    """The procedure steps an inject on `step` (an `id` or a kind) and `state` acts on.

    An `id` names its step. A kind names every step of that kind (of `state`, when given; a
    council_decision names the session that decided, as `after:` does); a delay postpones only the
    first of them in its chain (the others, counted from it, move with it), a block cancels them all.
    """
    from ..scenario.timeline import resolve_after

    steps = scenario.procedure
    by_id = [i for i, s in enumerate(steps) if s.id == step]
    if by_id:
        return by_id[:1]
    if step == "council_decision" and state is None:
        i = resolve_after(scenario, graph, step)
        return [] if i is None else [i]
    found = [
        i
        for i, s in enumerate(steps)
        if s.step == step and (state is None or (getattr(s, "state", None) or getattr(s, "by", None)) == state)
    ]
    if action == "block":
        return found

    def counted_from_another(i: int) -> bool:
        a = graph.anchor[i]
        seen: set[int] = set()
        while a is not None and a not in seen:
            if a in found:
                return True
            seen.add(a)
            a = graph.anchor[a]
        return False

    return [i for i in found if not counted_from_another(i)]


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Turn a (validated) scenario into the arrays the engine runs on. Never raises on a valid model."""
    return compile_labelled(scenario)[0]


def compile_labelled(scenario: Scenario) -> tuple[CompiledScenario, Labels]:
    """The arrays the engine runs on, and the names of what they index (for the result)."""
    from ..force import Force, counts_toward
    from ..scenario.model import Deadline
    from ..scenario.timeline import resolve_after, step_name
    from .labels import Labels, UnitInfo

    notes: list[str] = []
    steps = scenario.procedure
    n_steps = len(steps)
    labels = _unique([step_name(s) for s in steps], set(RESERVED_KEYS))
    inject_days = [_inject_day(scenario, inj) for inj in scenario.injects]
    gating, graph, blocked = _block_sessions(scenario, inject_days, notes)

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
            notes.append(
                tr(
                    "procedure step %(n)s (%(step)s) has no date that can be worked out: it never happens, and "
                    "units waiting for it never move",
                    n=i + 1,
                    step=labels[i],
                )
            )

    decision_step = graph.deciding if graph.deciding is not None else -1
    if graph.undecided:
        notes.append(
            tr(
                "no deployment decided: %(why)s",
                why=tr(
                    "no session of the Council decided the deployment, so nothing deploys (a contingent "
                    "assigned through the UN PCRS still moves)"
                ),
            )
        )
    elif decision_step < 0 and scenario.operation.kind != "exercise":
        notes.append(tr("the procedure has no council decision: units are gated from day 0 instead"))

    # --- units: the list, then reinforcements ---------------------------------------------
    force = Force.from_scenario(scenario)
    resolved: list[ResolvedUnit] = list(force.units)
    floors: list[float] = [-np.inf] * len(resolved)
    reinforced: list[bool] = [False] * len(resolved)
    for k, inj in enumerate(scenario.injects):
        day = inject_days[k]
        if day is None:
            notes.append(
                tr("inject %(n)s (%(action)s) has neither `day` nor `date`: ignored", n=k + 1, action=inj.action)
            )
        if inj.action == "reinforce" and day is not None and inj.unit is not None:
            if isinstance(inj.unit, str):
                notes.append(
                    tr(
                        "inject %(n)s reinforces with `%(unit)s`, a unit id, not a unit definition: ignored",
                        n=k + 1,
                        unit=inj.unit,
                    )
                )
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
            gate = graph.gate(gating, None if u.nation == MULTINATIONAL else u.nation)
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
                notes.append(
                    tr(
                        "%(state)s has no strategic lift (%(lift)s personnel per day): its units with personnel "
                        "never arrive",
                        state=u.nation,
                        lift=format(lift, "g"),
                    )
                )
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
    # (day, inject, unit or -1, step or -1, block, duration)
    delays: list[tuple[float, int, int, int, bool, tuple[float, float, float]]] = []
    for k, inj in enumerate(scenario.injects):
        day = inject_days[k]
        if day is None or inj.action == "reinforce":
            continue
        if inj.step is not None:
            targets = blocked[k] if k in blocked else inject_steps(gating, graph, inj.step, inj.state, inj.action)
            what = inj.step + (f" {inj.state}" if inj.state else "")
            if not targets:
                notes.append(
                    tr(
                        "inject %(n)s (%(action)s of %(step)s) names no step of the procedure: it changes nothing",
                        n=k + 1,
                        action=inj.action,
                        step=what,
                    )
                )
                continue
            if inj.action == "delay" and inj.duration is None:
                notes.append(
                    tr("inject %(n)s (delay of %(step)s) has no `duration`: it changes nothing", n=k + 1, step=what)
                )
                continue
            block = inj.action == "block"
            spec = (0.0, 0.0, 0.0) if block else _spec(inj.duration)
            for i in targets:
                delays.append((day, k, -1, i, block, spec))
            continue
        if inj.unit is None:
            continue
        uid = inj.unit if isinstance(inj.unit, str) else inj.unit.id
        if uid not in by_id:
            notes.append(
                tr(
                    "inject %(n)s (%(action)s) names `%(unit)s`, which is not a unit: ignored",
                    n=k + 1,
                    action=inj.action,
                    unit=uid,
                )
            )
            continue
        if inj.action == "withdraw":
            for u in whole.subtree(uid):
                j = position[id(u)]
                withdrawn[j] = min(withdrawn[j], day)
        else:
            if inj.duration is None:
                notes.append(tr("inject %(n)s (delay of `%(unit)s`) has no `duration`: ignored", n=k + 1, unit=uid))
                continue
            for j in by_id[uid]:
                delays.append((day, k, j, -1, False, _spec(inj.duration)))
    delays.sort(key=lambda d: (d[0], d[1]))
    on_step: list[list[int]] = [[] for _ in range(n_steps)]
    for n, d in enumerate(delays):
        if d[3] >= 0:
            on_step[d[3]].append(n)

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

    random_steps = np.array(
        [i for i in order if np.isnan(step_fixed[i]) and step_dur[i, 0] < step_dur[i, 2]], dtype=np.int64
    )
    random_units = np.flatnonzero(readiness[:, 0] < readiness[:, 2]).astype(np.int64)
    delay_dur = np.array([d[5] for d in delays], dtype=float).reshape(len(delays), 3)
    random_delays = np.flatnonzero(delay_dur[:, 0] < delay_dur[:, 2]).astype(np.int64)

    infos = tuple(
        UnitInfo(
            id=u.id,
            name=u.name,
            nation=u.nation,
            category=categories[j],
            military=u.military,
            police=u.police,
            civilian=u.civilian,
            capabilities=u.capabilities,
            reinforcement=reinforced[j],
            command=categories[j] == "command",
        )
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
        delay_step=np.array([d[3] for d in delays], dtype=np.int64),
        delay_block=np.array([d[4] for d in delays], dtype=bool),
        step_injects=tuple(tuple(x) for x in on_step),
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
        requirement_labels=tuple(requirement_label(r) for r in reqs),
        requirement_after=tuple(
            (lambda j: -1 if j is None else j)(resolve_after(scenario, graph, r.by.after))
            if isinstance(r.by, Deadline)
            else -1
            for r in reqs
        ),
        requirement_offset=tuple(
            r.by.duration.days if isinstance(r.by, Deadline) else (r.by.days if r.by is not None else np.nan)
            for r in reqs
        ),
        cond_kind=tuple(cond_kind),
        notes=tuple(notes),
        delay_inject=tuple(d[1] for d in delays),
    )


def _inject_day(scenario: Scenario, inj: object) -> float | None:
    day, date = getattr(inj, "day", None), getattr(inj, "date", None)
    if day is not None:
        return float(day)
    return scenario.day_of(date) if date is not None else None


def _block_sessions(
    scenario: Scenario, inject_days: list[float | None], notes: list[str]
) -> tuple[Scenario, StepGraph, dict[int, list[int]]]:
    """The scenario whose Council sessions decide, and its step graph, after `block` injects.

    A blocked session fails: it decides nothing, and a later session that decides counts instead
    (`after: council_decision` then counts from it). Which session decided is one answer for every
    run, so a block counts when the session's day with every duration at its most likely value is
    on or after the inject's day; a session already held by then is not undone (with a note). A
    second block of `council_decision` blocks the session that decides after the first. Also
    returns, per block inject, the steps it blocks.
    """
    from ..scenario.timeline import step_graph

    graph = step_graph(scenario)
    changed = scenario
    targets: dict[int, list[int]] = {}
    for k, inj in enumerate(scenario.injects):
        day = inject_days[k]
        if inj.action != "block" or inj.step is None or day is None:
            continue
        targets[k] = inject_steps(changed, graph, inj.step, inj.state, inj.action)
        for i in targets[k]:
            if changed.procedure[i].step != "council_decision" or not graph.adopted[i]:
                continue
            held = graph.fixed_days(changed)[i]
            if held is not None and held < day - 1e-9:
                notes.append(
                    tr(
                        "inject %(n)s blocks the Council session of day %(held)s, held before the inject's day "
                        "%(day)s: its decision stands",
                        n=k + 1,
                        held=format(held, "g"),
                        day=format(day, "g"),
                    )
                )
                continue
            procedure = list(changed.procedure)
            procedure[i] = procedure[i].model_copy(update={"outcome": "not_adopted"})
            changed = changed.model_copy(update={"procedure": procedure})
            graph = step_graph(changed)
    return changed, graph, targets
