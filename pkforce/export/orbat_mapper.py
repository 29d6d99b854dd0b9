"""ORBAT Mapper's own scenario format (JSON), so the force opens in orbat-mapper.app.

The shape follows ORBAT Mapper's `Scenario` type (src/types/scenarioModels.ts in the
orbat-mapper/orbat-mapper repository, scenario format version 2.2.0): one friendly side for the
organisation's force, one group per contributing nation (``multinational`` units in their own group),
and each root unit with its subordinates nested under `subUnits`. Units carry the same 2525D symbol
codes as pkforce's charts, their personnel by kind and their equipment; they have no location, so
ORBAT Mapper lists them in the ORBAT panel, ready to be placed on the map.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._units import export_units, handle, scenario_name

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = ["ORBAT_MAPPER_VERSION", "to_orbat_mapper"]

ORBAT_MAPPER_VERSION = "2.2.0"
_FRIEND = "3"  # standard identity digit of a friendly unit (MIL-STD-2525D / APP-6(D))


def to_orbat_mapper(scenario: Scenario) -> bytes:
    """The scenario's force as an ORBAT Mapper scenario (UTF-8 JSON)."""
    from ..data import iso_codes

    items = list(export_units(scenario))
    nodes: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        u = item.unit
        node: dict[str, Any] = {
            "id": item.handle,
            "name": u.name,
            "shortName": u.id,
            "sidc": item.sidc,
            "description": f"{u.nation}, {u.category or 'other'}" + (f", {u.type}" if u.type else ""),
            "subUnits": [],
            "state": [],
            "personnel": [
                {"name": kind, "count": count}
                for kind, count in (("military", u.military), ("police", u.police), ("civilian", u.civilian))
                if count
            ],
            "equipment": [{"name": name, "count": count} for name, count in sorted(u.equipment.items())],
        }
        nodes[item.handle] = node
        if item.parent_handle is None:
            groups.setdefault(u.nation, []).append(node)
        else:
            nodes[item.parent_handle]["subUnits"].append(node)
    names = {**iso_codes(), **scenario.states}
    org = scenario.organization if isinstance(scenario.organization, str) else scenario.organization.id
    side = {
        "id": handle(scenario, "side"),
        "name": f"{org.upper()} peacekeeping force",
        "standardIdentity": _FRIEND,
        "groups": [
            {"id": handle(scenario, "group", nation), "name": names.get(nation, nation), "subUnits": units}
            for nation, units in groups.items()
        ],
    }
    start = int(scenario.start_instant.timestamp() * 1000)
    doc = {
        "type": "ORBAT-mapper",
        "id": handle(scenario, "scenario"),
        "version": ORBAT_MAPPER_VERSION,
        "name": scenario_name(scenario),
        "description": (scenario.description or "").strip(),
        "startTime": start,
        "timeZone": scenario.timezone if scenario.timezone and "/" in scenario.timezone else "UTC",
        "symbologyStandard": "app6",
        "sides": [side],
        "events": [],
        "layers": [{"id": handle(scenario, "layer"), "name": "Features", "features": []}],
        "mapLayers": [],
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
