"""MSDL: the Military Scenario Definition Language (SISO-STD-007-2008), the force as XML.

One force side (the organisation's force, e.g. the CSTO Collective Peacekeeping Forces) and every
unit with its object handle (a UUID derived from the scenario and unit ids, so re-exporting gives
the same handles), its symbol code, name, echelon and designation, and its commander: a unit
without a parent reports to the force side, every other unit to its parent (operational control).

Symbol codes are the 20-digit MIL-STD-2525D / APP-6(D) codes pkforce draws its charts with
(:func:`pkforce.charts.symbols.sidc_for`). MSDL 2008 was written for the 15-character 2525B codes;
readers that pass the code on to a symbol renderer (msdllib, ORBAT Mapper) handle 2525D codes, a
strict 2525B reader does not. Units carry no location (a scenario has none), so there is no
`Disposition` element: place the units in the receiving tool.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ._units import export_units, handle, scenario_name

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = ["MSDL_NAMESPACE", "to_msdl"]

MSDL_NAMESPACE = "urn:sisostds:scenario:military:data:draft:msdl:1"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{MSDL_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _modification_date(scenario: Scenario) -> str:
    # The scenario's own start, not the clock: the same scenario exports to the same bytes.
    start = scenario.start_instant.astimezone(UTC) if scenario.start or scenario.procedure else None
    return (start or datetime(2000, 1, 1, tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_msdl(scenario: Scenario) -> bytes:
    """The scenario's force as an MSDL document (UTF-8 XML)."""
    from .._version import __version__

    ET.register_namespace("", MSDL_NAMESPACE)
    root = ET.Element(f"{{{MSDL_NAMESPACE}}}MilitaryScenario")
    meta = _sub(root, "ScenarioID")
    _sub(meta, "name", scenario_name(scenario))
    _sub(meta, "type", "MSDL")
    _sub(meta, "version", f"pkforce {__version__}")
    _sub(meta, "modificationDate", _modification_date(scenario))
    _sub(meta, "securityClassification", "UNCLASSIFIED")
    if scenario.description:
        _sub(meta, "description", scenario.description.strip())
    _sub(_sub(root, "Options"), "MSDLVersion", "1.0")

    org = scenario.organization if isinstance(scenario.organization, str) else scenario.organization.id
    side_handle = handle(scenario, "side")
    side = _sub(_sub(root, "ForceSides"), "ForceSide")
    _sub(side, "ObjectHandle", side_handle)
    _sub(side, "ForceSideName", f"{org.upper()} peacekeeping force")
    _sub(side, "AllegianceHandle", side_handle)

    units = _sub(_sub(root, "Organizations"), "Units")
    for item in export_units(scenario):
        u = item.unit
        unit = _sub(units, "Unit")
        _sub(unit, "ObjectHandle", item.handle)
        _sub(unit, "SymbolIdentifier", item.sidc)
        _sub(unit, "Name", u.name)
        modifiers = _sub(unit, "UnitSymbolModifiers")
        _sub(modifiers, "Echelon", (u.echelon or "none").upper())
        _sub(modifiers, "AdditionalInfo", f"{u.nation} {u.category or 'other'}, {u.personnel} personnel")
        _sub(modifiers, "UniqueDesignation", u.id)
        relation = _sub(_sub(unit, "Relations"), "ForceRelation")
        if item.parent_handle is None:
            _sub(relation, "ForceRelationChoice", "FORCE_SIDE")
            _sub(_sub(relation, "ForceRelationData"), "ForceSideHandle", side_handle)
        else:
            _sub(relation, "ForceRelationChoice", "UNIT")
            command = _sub(_sub(relation, "ForceRelationData"), "CommandRelation")
            _sub(command, "CommandingSuperiorHandle", item.parent_handle)
            _sub(command, "CommandRelationshipType", "OPCON")
        model = _sub(unit, "Model")
        _sub(model, "Resolution", "STANDARD")
        _sub(model, "AggregateBased", "true")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
