"""The critical chain: what FOC (or the whole force in theatre) waits for in the deterministic run.

The chain is computed on a small timing graph with every duration at its most likely value: events
are the procedure steps, each unit ready to move and each unit in theatre; edges carry the time
between them (a step's duration, a unit's readiness, its move at the nation's lift rate, or its
wait for the unit ahead of it in the lift queue). Walking back from FOC along the edges that are
tight (the later event happens exactly when the earlier one plus the edge's time says) gives what
FOC actually waits for.

The graph has a few nodes per unit and step and is only walked backwards, so it is plain
dictionaries: the simulator's text and JSON show the chain without importing a graph library
(networkx costs a tenth of a second to import; `pkforce.graph` still uses it for the exports).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..i18n.messages import tr

if TYPE_CHECKING:
    from ..scenario.model import Scenario
    from . import SimulationResult

__all__ = ["ChainLink", "CriticalChain", "chain_of", "critical_chain"]

TIGHT = 1e-6
"""Days: an event this close to its predecessor's time plus the edge's is waiting for it."""


@dataclass(frozen=True)
class ChainLink:
    """One link of the critical chain: an activity from `start` to `end` (days from day 0)."""

    kind: Literal["step", "readiness", "lift_wait", "move", "held"]
    """`step`: a procedure step's duration; `readiness`: a unit getting ready after its gate;
    `lift_wait`: a ready unit waiting for the unit ahead of it in its nation's lift; `move`: the
    unit's move into theatre; `held`: ready later than its gate and readiness say (a delay inject,
    or a reinforcement's inject day)"""
    id: str
    """the step's label or the unit's id"""
    label: str
    start: float
    end: float

    @property
    def days(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        from .result import _num

        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "start": _num(self.start),
            "end": _num(self.end),
            "days": _num(self.days),
        }


Target = Literal["foc", "complete", "none"]


@dataclass(frozen=True)
class CriticalChain:
    """What the target date (FOC, or the whole force in theatre) waits for, first link first."""

    target: Target
    day: float
    links: tuple[ChainLink, ...]

    def to_dict(self) -> dict[str, Any]:
        from .result import _num

        return {"target": self.target, "day": _num(self.day), "links": [x.to_dict() for x in self.links]}


@dataclass
class _Event:
    """A node of the timing graph: its day and what it is (a step, a unit ready, a unit in theatre)."""

    kind: Literal["step", "ready", "arrive", "target"]
    day: float
    id: str = ""
    label: str = ""
    before: list[tuple[str, float, str]] = field(default_factory=list)
    """the events it waits for: (event, days between them, kind of the edge)"""


def _timing_graph(scenario: Scenario) -> tuple[dict[str, _Event], Target, float]:
    """Events with their deterministic day and, for each, the events it waits for."""
    import numpy as np

    from . import simulate
    from .compile import compile_labelled

    model, labels = compile_labelled(scenario)
    run = simulate(scenario, deterministic=True)
    events: dict[str, _Event] = {}

    def wait(before: str, after: str, days: float, kind: str) -> None:
        events[after].before.append((before, days, kind))

    steps = run.step_days[0]
    for i, label in enumerate(labels.step_labels):
        if np.isfinite(steps[i]):
            events[f"step:{label}"] = _Event("step", float(steps[i]), label, label)
            anchor = int(model.step_anchor[i])
            if anchor >= 0 and np.isfinite(steps[anchor]):
                wait(f"step:{labels.step_labels[anchor]}", f"step:{label}", float(model.step_dur[i, 1]), "step")
    ready, arrival = run.unit_ready[0], run.unit_arrival[0]
    units = labels.units
    for j, u in enumerate(units):
        if not np.isfinite(ready[j]):
            continue
        r, a = f"ready:{j}", f"arrive:{j}"
        events[r] = _Event("ready", float(ready[j]), u.id, f"{u.name} ({u.nation})")
        for i in model.gate_steps[model.unit_gate[j]]:
            if f"step:{labels.step_labels[i]}" in events:
                wait(f"step:{labels.step_labels[i]}", r, float(model.unit_readiness[j, 1]), "readiness")
        if np.isfinite(arrival[j]):
            events[a] = _Event("arrive", float(arrival[j]), u.id, f"{u.name} ({u.nation})")
            lift = float(model.queue_lift[model.unit_queue[j]])
            wait(r, a, float(model.unit_size[j] / lift) if lift > 0 else 0.0, "move")
    # the lift queues: each unit waits for the one ahead of it (deterministic order: readiness, list)
    for q in range(model.queue_lift.shape[0]):
        cols = [int(k) for k in np.flatnonzero(model.unit_queue == q) if f"arrive:{k}" in events]
        cols.sort(key=lambda k: (ready[k], k))
        lift = float(model.queue_lift[q])
        for prev, k in itertools.pairwise(cols):
            wait(f"arrive:{prev}", f"arrive:{k}", float(model.unit_size[k] / lift), "lift_wait")
    foc, complete = float(run.foc_day[0]), float(run.complete_day[0])
    target: Target = "foc" if np.isfinite(foc) else "complete" if np.isfinite(complete) else "none"
    when = {"foc": foc, "complete": complete, "none": float("inf")}[target]
    if target != "none":
        events["target"] = _Event("target", when)
        for j in range(len(units)):
            if f"arrive:{j}" in events and events[f"arrive:{j}"].day <= when + TIGHT:
                wait(f"arrive:{j}", "target", 0.0, "target")
    return events, target, when


def critical_chain(scenario: Scenario) -> CriticalChain:
    """What FOC waits for in the deterministic run, from the first step to the last arrival.

    The whole force in theatre stands in for FOC when FOC is never reached (``target``).
    """
    events, target, when = _timing_graph(scenario)
    if target == "none":
        return CriticalChain("none", when, ())
    links: list[ChainLink] = []
    node = "target"
    seen: set[str] = set()
    while node not in seen:
        seen.add(node)
        here = events[node]
        tight = {
            p: kind
            for p, days, kind in here.before
            if abs(events[p].day + days - here.day) <= TIGHT * max(1.0, abs(here.day))
        }
        if not tight:
            if here.kind == "ready":  # later than gate + readiness: held by an inject
                links.append(ChainLink("held", here.id, here.label, here.day, here.day))
            break
        prev = max(tight, key=lambda p: (events[p].day, p))  # the latest tight predecessor
        kind = tight[prev]
        if kind != "target":
            label = here.label
            if kind == "lift_wait":
                label = tr("%(unit)s: in the lift after %(prev)s", unit=label, prev=events[prev].label)
            links.append(ChainLink(kind, here.id, label, events[prev].day, here.day))  # type: ignore[arg-type]
        node = prev
    if events[node].kind == "step":
        links.append(ChainLink("step", events[node].id, events[node].label, events[node].day, events[node].day))
    return CriticalChain(target, when, tuple(reversed(links)))


def chain_of(result: SimulationResult) -> CriticalChain:
    """The critical chain of a simulated scenario (computed from its deterministic run)."""
    return critical_chain(result.scenario)
