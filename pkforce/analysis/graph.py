"""The force as a graph (networkx): units and command, nations, the procedure.

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

**The critical chain** (:func:`critical_chain`, what FOC waits for) lives with the simulator in
:mod:`pkforce.simulation.chain` and is re-exported here. networkx is imported only here, when asked for.
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import networkx as nx

    from ..scenario.model import Scenario

from ..simulation.chain import ChainLink, CriticalChain, chain_of, critical_chain

__all__ = ["EXPORT_FORMATS", "ChainLink", "CriticalChain", "chain_of", "critical_chain", "export_graph", "graph"]

EXPORT_FORMATS = ("graphml", "gexf", "json")


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
        return buf.getvalue()
    nx.write_gexf(g, buf)
    # networkx stamps GEXF's optional `lastmodifieddate` with today's date: drop it, so that the
    # same scenario gives the same bytes on any day (diffable, cacheable, testable)
    return re.sub(rb'(<meta) lastmodifieddate="[^"]*"', rb"\1", buf.getvalue(), count=1)
