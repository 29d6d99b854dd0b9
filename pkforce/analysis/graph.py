"""The force as a graph (networkx): units and command, nations, the procedure; and the critical chain.

    >>> import pkforce
    >>> g = pkforce.graph(pkforce.load("scenarios/un-operation.yaml"))    # doctest: +SKIP
    >>> g.nodes["unit:cc"]["category"]                                     # doctest: +SKIP
    'command'
    >>> export_graph(scenario, "graphml")[:38]                             # doctest: +SKIP
    b'<?xml version=\\'1.0\\' encoding=\\'utf-8\\'?>'

Node ids are prefixed by kind: ``unit:<id>``, ``nation:<code>``, ``step:<label>`` (a step's label is
its `id`, or its kind and the state it concerns, e.g. ``step:national_approval KAZ``). Every node has
``kind`` and ``label``; edges have ``kind``: ``commands`` (parent to unit), ``contributes`` (nation to
unit), ``precedes`` (a step to the step that counts from it, with its ``duration``), ``approves`` (a
national approval to its nation) and ``gates`` (the Council decision to the nations it releases).
Attribute values are text, numbers or booleans only, so GraphML and GEXF can hold them (Gephi, yEd).

**The critical chain** (:func:`critical_chain`) is computed on a timing graph of the same entities
with every duration at its most likely value (the deterministic run): events are the procedure
steps, each unit ready to move and each unit in theatre; edges carry the time between them
(a step's duration, a unit's readiness, its move at the nation's lift rate, or its wait for the
unit ahead of it in the lift queue). Walking back from FOC along the edges that are tight (the
later event happens exactly when the earlier one plus the edge's time says) gives what FOC actually
waits for. networkx is imported only here, when asked for.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..i18n.messages import tr

if TYPE_CHECKING:
    import networkx as nx

    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = ["EXPORT_FORMATS", "ChainLink", "critical_chain", "export_graph", "graph"]

EXPORT_FORMATS = ("graphml", "gexf", "json")
TIGHT = 1e-6
"""Days: an event this close to its predecessor's time plus the edge's is waiting for it."""


def _text(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def graph(scenario: Scenario) -> nx.DiGraph:
    """The scenario as a directed graph: units with attributes and command edges, nations, steps."""
    import networkx as nx

    from ..force import Force
    from ..scenario.timeline import step_graph, step_name
    from ..simulation.compile import RESERVED_KEYS, _unique

    g = nx.DiGraph(name=scenario.title or scenario.id or "scenario")
    force = Force.from_scenario(scenario)
    for u in force.units:
        g.add_node(
            f"unit:{u.id}",
            kind="unit",
            label=u.name,
            id=u.id,
            nation=u.nation,
            category=_text(u.category),
            echelon=_text(u.echelon),
            type=_text(u.type),
            military=u.military,
            police=u.police,
            civilian=u.civilian,
            personnel=u.personnel,
            capabilities=_text(u.capabilities),
            readiness=str(u.readiness),
        )
    for nation in force.nations():
        name = scenario.states.get(nation, nation)
        g.add_node(f"nation:{nation}", kind="nation", label=name, id=nation)
    for u in force.units:
        g.add_edge(f"nation:{u.nation}", f"unit:{u.id}", kind="contributes")
        if u.parent is not None and u.parent in force.by_id:
            g.add_edge(f"unit:{u.parent}", f"unit:{u.id}", kind="commands")
    labels = _unique([step_name(s) for s in scenario.procedure], set(RESERVED_KEYS))
    steps = step_graph(scenario)
    for i, s in enumerate(scenario.procedure):
        g.add_node(
            f"step:{labels[i]}",
            kind="step",
            label=labels[i],
            step=s.step,
            date=_text(s.date.isoformat() if s.date is not None else None),
            duration=_text(s.duration),
            state=_text(getattr(s, "state", None) or getattr(s, "by", None)),
        )
    for i, s in enumerate(scenario.procedure):
        anchor = steps.anchor[i]
        if s.date is None and anchor is not None:
            g.add_edge(f"step:{labels[anchor]}", f"step:{labels[i]}", kind="precedes", duration=_text(s.duration))
        if s.step == "national_approval" and f"nation:{s.state}" in g:
            g.add_edge(f"step:{labels[i]}", f"nation:{s.state}", kind="approves")
    decision = next((i for i, s in enumerate(scenario.procedure) if s.step == "council_decision"), None)
    if decision is not None:
        for nation in force.nations():
            g.add_edge(f"step:{labels[decision]}", f"nation:{nation}", kind="gates")
    return g


def export_graph(scenario: Scenario, fmt: Literal["graphml", "gexf", "json"] | str) -> bytes:
    """The scenario's graph as GraphML (yEd), GEXF (Gephi) or node-link JSON; the same bytes every time."""
    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    g = graph(scenario)
    if fmt == "json":
        try:
            data = nx.node_link_data(g, edges="edges")
        except TypeError:  # networkx < 3.4 names the edges "links" and has no option to rename them
            data = nx.node_link_data(g)
            data["edges"] = data.pop("links")
        return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buf)
    else:
        nx.write_gexf(g, buf)
    return buf.getvalue()


# --- the critical chain --------------------------------------------------------------------------


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
        from ..simulation.result import _num

        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "start": _num(self.start),
            "end": _num(self.end),
            "days": _num(self.days),
        }


@dataclass(frozen=True)
class CriticalChain:
    """What the target date (FOC, or the whole force in theatre) waits for, first link first."""

    target: Literal["foc", "complete", "none"]
    day: float
    links: tuple[ChainLink, ...]

    def to_dict(self) -> dict[str, Any]:
        from ..simulation.result import _num

        return {"target": self.target, "day": _num(self.day), "links": [x.to_dict() for x in self.links]}


Target = Literal["foc", "complete", "none"]


def _timing_graph(scenario: Scenario) -> tuple[nx.DiGraph, dict[str, float], Target, float]:
    """Events with their deterministic day and the edges between them (weight: days)."""
    import networkx as nx
    import numpy as np

    from ..simulation import simulate
    from ..simulation.compile import compile_labelled

    model, labels = compile_labelled(scenario)
    run = simulate(scenario, deterministic=True)
    day: dict[str, float] = {}
    g = nx.DiGraph()
    steps = run.step_days[0]
    for i, label in enumerate(labels.step_labels):
        if np.isfinite(steps[i]):
            day[f"step:{label}"] = float(steps[i])
            g.add_node(f"step:{label}", kind="step", id=label, label=label)
            anchor = int(model.step_anchor[i])
            if anchor >= 0 and np.isfinite(steps[anchor]):
                g.add_edge(
                    f"step:{labels.step_labels[anchor]}",
                    f"step:{label}",
                    weight=float(model.step_dur[i, 1]),
                    kind="step",
                )
    ready, arrival = run.unit_ready[0], run.unit_arrival[0]
    units = labels.units
    for j, u in enumerate(units):
        if not np.isfinite(ready[j]):
            continue
        r, a = f"ready:{j}", f"arrive:{j}"
        day[r] = float(ready[j])
        g.add_node(r, kind="ready", id=u.id, label=f"{u.name} ({u.nation})")
        for i in model.gate_steps[model.unit_gate[j]]:
            if f"step:{labels.step_labels[i]}" in day:
                g.add_edge(
                    f"step:{labels.step_labels[i]}", r, weight=float(model.unit_readiness[j, 1]), kind="readiness"
                )
        if np.isfinite(arrival[j]):
            day[a] = float(arrival[j])
            g.add_node(a, kind="arrive", id=u.id, label=f"{u.name} ({u.nation})")
            lift = float(model.queue_lift[model.unit_queue[j]])
            g.add_edge(r, a, weight=float(model.unit_size[j] / lift) if lift > 0 else 0.0, kind="move")
    # the lift queues: each unit waits for the one ahead of it (deterministic order: readiness, list)
    for q in range(model.queue_lift.shape[0]):
        cols = [int(k) for k in np.flatnonzero(model.unit_queue == q) if f"arrive:{k}" in day]
        cols.sort(key=lambda k: (ready[k], k))
        lift = float(model.queue_lift[q])
        for prev, k in itertools.pairwise(cols):
            g.add_edge(f"arrive:{prev}", f"arrive:{k}", weight=float(model.unit_size[k] / lift), kind="lift_wait")
    foc, complete = float(run.foc_day[0]), float(run.complete_day[0])
    target: Target = "foc" if np.isfinite(foc) else "complete" if np.isfinite(complete) else "none"
    when = {"foc": foc, "complete": complete, "none": float("inf")}[target]
    if target != "none":
        day["target"] = when
        g.add_node("target", kind="target")
        for j in range(len(units)):
            if f"arrive:{j}" in day and day[f"arrive:{j}"] <= when + TIGHT:
                g.add_edge(f"arrive:{j}", "target", weight=0.0, kind="target")
    return g, day, target, when


def critical_chain(scenario: Scenario) -> CriticalChain:
    """What FOC waits for in the deterministic run, from the first step to the last arrival.

    The whole force in theatre stands in for FOC when FOC is never reached (``target``).
    """
    g, day, target, when = _timing_graph(scenario)
    if target == "none":
        return CriticalChain("none", when, ())
    links: list[ChainLink] = []
    node = "target"
    seen: set[str] = set()
    while node not in seen:
        seen.add(node)
        tight = [
            p
            for p in g.predecessors(node)
            if abs(day[p] + g.edges[p, node]["weight"] - day[node]) <= TIGHT * max(1.0, abs(day[node]))
        ]
        if not tight:
            if g.nodes[node].get("kind") == "ready":  # later than gate + readiness: held by an inject
                links.append(ChainLink("held", g.nodes[node]["id"], g.nodes[node]["label"], day[node], day[node]))
            break
        prev = max(tight, key=lambda p: (day[p], p))  # the latest tight predecessor
        kind = g.edges[prev, node]["kind"]
        if kind != "target":
            data = g.nodes[node]
            label = data["label"]
            if kind == "lift_wait":
                label = tr("%(unit)s: in the lift after %(prev)s", unit=label, prev=g.nodes[prev]["label"])
            links.append(ChainLink(kind, data["id"], label, day[prev], day[node]))
        node = prev
    if g.nodes[node].get("kind") == "step":
        data = g.nodes[node]
        links.append(ChainLink("step", data["id"], data["label"], day[node], day[node]))
    return CriticalChain(target, when, tuple(reversed(links)))


def chain_of(result: SimulationResult) -> CriticalChain:
    """The critical chain of a simulated scenario (computed from its deterministic run)."""
    return critical_chain(result.scenario)
