"""Exports: the force in formats other tools read.

=================  ==========  ===================================================================
format             suffix      read by
=================  ==========  ===================================================================
``msdl``           ``.xml``    simulations and viewers that load MSDL (SISO-STD-007), e.g. msdllib
``orbat-mapper``   ``.json``   ORBAT Mapper (orbat-mapper.app): File > Open scenario
=================  ==========  ===================================================================

Each format is one entry of :data:`EXPORTS`: the function that builds it (imported only when that
format is asked for), the file suffix and a line of help. A function takes the scenario (and the
entry's extra arguments) and returns the file's bytes::

    from pkforce.export import export
    data = export(scenario, "msdl")
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = ["EXPORTS", "Exporter", "export"]


@dataclass(frozen=True)
class Exporter:
    """One export format: ``function`` is "module:name", relative to the pkforce package."""

    function: str
    suffix: str
    summary: str
    args: tuple[Any, ...] = ()

    def __call__(self, scenario: Scenario) -> bytes:
        module, name = self.function.split(":")
        make = getattr(importlib.import_module(module, "pkforce"), name)
        data: bytes = make(scenario, *self.args)
        return data


EXPORTS: dict[str, Exporter] = {
    "msdl": Exporter(".export.msdl:to_msdl", ".xml", "MSDL (SISO-STD-007) military scenario XML"),
    "orbat-mapper": Exporter(".export.orbat_mapper:to_orbat_mapper", ".json", "ORBAT Mapper scenario JSON"),
    "graphml": Exporter(
        ".analysis.graph:export_graph", ".graphml", "the force as a graph, GraphML (yEd, Gephi)", ("graphml",)
    ),
    "gexf": Exporter(".analysis.graph:export_graph", ".gexf", "the force as a graph, GEXF (Gephi)", ("gexf",)),
    "json": Exporter(
        ".analysis.graph:export_graph", ".json", "the force as a graph, node-link JSON (networkx)", ("json",)
    ),
}
"""Every export format by name, as `pkforce export --format` offers them."""


def export(scenario: Scenario, fmt: str) -> bytes:
    """The scenario's force in format `fmt` (a key of :data:`EXPORTS`)."""
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORTS)}")
    return EXPORTS[fmt](scenario)
