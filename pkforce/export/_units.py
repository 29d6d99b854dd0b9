"""What every export needs of a unit: a stable id, its label, its symbol code, its commander."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..force import ResolvedUnit
    from ..scenario.model import Scenario

# Handles are UUIDs (MSDL requires them); derived from the scenario and unit ids, the same export of
# the same scenario gives the same file.
_NAMESPACE = uuid.UUID("6f1c1b0e-4a53-5d8e-9a51-706b666f7263")


@dataclass(frozen=True)
class ExportUnit:
    unit: ResolvedUnit
    handle: str
    parent_handle: str | None
    sidc: str


def handle(scenario: Scenario, *parts: str) -> str:
    """A UUID that names one thing of one scenario, the same in every export."""
    return str(uuid.uuid5(_NAMESPACE, "/".join([scenario.id or scenario.title or "scenario", *parts])))


def scenario_name(scenario: Scenario) -> str:
    return scenario.title or scenario.id or "pkforce scenario"


def export_units(scenario: Scenario) -> Iterator[ExportUnit]:
    """The force's units in command order (each after its commander), with handles and symbol codes."""
    from ..charts.symbols import sidc_for  # matplotlib-free: the chart code imports it lazily
    from ..force import Force

    force = Force.from_scenario(scenario)
    for unit, _depth in force.walk():
        parent = unit.parent if unit.parent in force.by_id else None
        yield ExportUnit(
            unit=unit,
            handle=handle(scenario, "unit", unit.id),
            parent_handle=handle(scenario, "unit", parent) if parent else None,
            sidc=sidc_for(unit.category or "other", unit.echelon, unit.type, unit.capabilities),
        )
