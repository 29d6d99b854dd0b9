"""The force as derived from a scenario: resolved units, the command tree, totals and roll-ups.

Units take defaults from their catalogue `type` (the built-in catalogue plus the scenario's
`unit_types:`); fields written on the unit replace the type's whole field. No third-party graph
library is needed here, so `pkforce validate` stays light.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .data import catalogue
from .scenario.model import Personnel, Scenario, Unit, UnitType
from .scenario.types import Duration, Triangular

if TYPE_CHECKING:
    from .scenario.types import DurationSpec

__all__ = ["Force", "ResolvedUnit", "Totals", "resolve_unit_types"]

_ZERO = Duration(0.0, "P0D")


@dataclass(slots=True)
class Totals:
    """Personnel, unit and equipment counts."""

    units: int = 0
    military: int = 0
    police: int = 0
    civilian: int = 0
    equipment: dict[str, int] = field(default_factory=dict)

    @property
    def personnel(self) -> int:
        return self.military + self.police + self.civilian

    def add(self, unit: ResolvedUnit) -> None:
        self.units += 1
        self.military += unit.military
        self.police += unit.police
        self.civilian += unit.civilian
        for name, count in unit.equipment.items():
            self.equipment[name] = self.equipment.get(name, 0) + count

    def merge(self, other: Totals) -> None:
        self.units += other.units
        self.military += other.military
        self.police += other.police
        self.civilian += other.civilian
        for name, count in other.equipment.items():
            self.equipment[name] = self.equipment.get(name, 0) + count

    def as_dict(self) -> dict[str, object]:
        return {"units": self.units, "military": self.military, "police": self.police, "civilian": self.civilian,
                "personnel": self.personnel, "equipment": dict(sorted(self.equipment.items()))}


@dataclass(slots=True)
class ResolvedUnit:
    """A unit with its type's defaults filled in."""

    id: str
    name: str
    nation: str
    category: str | None
    echelon: str | None
    type: str | None
    parent: str | None
    military: int
    police: int
    civilian: int
    capabilities: tuple[str, ...]
    equipment: dict[str, int]
    readiness: DurationSpec
    caveats: tuple[str, ...] = ()
    index: int | None = None
    """position in `scenario.units` (None for a unit added by a reinforce inject)"""

    @property
    def personnel(self) -> int:
        return self.military + self.police + self.civilian

    @property
    def readiness_is_random(self) -> bool:
        return isinstance(self.readiness, Triangular)


def resolve_unit_types(scenario: Scenario) -> dict[str, UnitType]:
    """The built-in catalogue with the scenario's `unit_types` laid over it, field by field."""
    types = dict(catalogue().types)
    for name, entry in scenario.unit_types.items():
        base = types.get(name)
        if base is None:
            types[name] = entry
        else:
            updates = {k: v for k, v in entry.model_dump(exclude_unset=True).items() if v is not None}
            types[name] = base.model_copy(update={k: getattr(entry, k) for k in updates})
    return types


def _resolve(unit: Unit, types: dict[str, UnitType], index: int | None) -> ResolvedUnit:
    base = types.get(unit.type) if unit.type else None
    personnel: Personnel | None = unit.personnel or (base.personnel if base else None)
    caps = unit.capabilities if unit.capabilities is not None else (base.capabilities if base else None)
    equip = unit.equipment if unit.equipment is not None else (base.equipment if base else None)
    return ResolvedUnit(
        id=unit.id,
        name=unit.name or unit.id,
        nation=unit.nation,
        category=unit.category or (base.category if base else None),
        echelon=unit.echelon or (base.echelon if base else None),
        type=unit.type,
        parent=unit.parent,
        military=personnel.military if personnel else 0,
        police=personnel.police if personnel else 0,
        civilian=personnel.civilian if personnel else 0,
        capabilities=tuple(caps or ()),
        equipment=dict(equip or {}),
        readiness=unit.readiness if unit.readiness is not None else _ZERO,
        caveats=tuple(unit.caveats),
        index=index,
    )


class Force:
    """The resolved force of a scenario.

    >>> force = Force.from_scenario(scenario)          # doctest: +SKIP
    >>> force.totals().personnel                        # doctest: +SKIP
    2411
    """

    def __init__(self, units: list[ResolvedUnit], types: dict[str, UnitType] | None = None) -> None:
        self.units = units
        self.types = types or {}
        self.by_id: dict[str, ResolvedUnit] = {}
        for u in units:
            self.by_id.setdefault(u.id, u)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Force:
        types = resolve_unit_types(scenario)
        return cls([_resolve(u, types, i) for i, u in enumerate(scenario.units)], types)

    def resolve(self, unit: Unit) -> ResolvedUnit:
        """Resolve a unit that is not part of the scenario's list (a reinforcement)."""
        return _resolve(unit, self.types, None)

    # --- tree -----------------------------------------------------------------------------

    @cached_property
    def children(self) -> dict[str | None, list[str]]:
        """parent id -> child ids in list order; key None holds the roots (and orphans' ids are kept
        under their missing parent's id)."""
        kids: dict[str | None, list[str]] = defaultdict(list)
        seen: set[str] = set()
        for u in self.units:
            if u.id in seen:
                continue
            seen.add(u.id)
            kids[u.parent].append(u.id)
        return dict(kids)

    @property
    def roots(self) -> list[str]:
        return self.children.get(None, [])

    def walk(self, root: str | None = None) -> Iterator[tuple[ResolvedUnit, int]]:
        """Depth-first (pre-order) walk of the tree with depths; cycles are not followed."""
        starts = [root] if root is not None else self.roots
        seen: set[str] = set()
        stack = [(uid, 0) for uid in reversed(starts)]
        while stack:
            uid, depth = stack.pop()
            if uid in seen or uid not in self.by_id:
                continue
            seen.add(uid)
            yield self.by_id[uid], depth
            stack.extend((c, depth + 1) for c in reversed(self.children.get(uid, [])))

    def subtree(self, unit_id: str) -> list[ResolvedUnit]:
        """The unit and all its subordinates."""
        return [u for u, _ in self.walk(unit_id)]

    @cached_property
    def rollups(self) -> dict[str, Totals]:
        """Totals over each unit's subtree (the unit included)."""
        out: dict[str, Totals] = {}
        order = [u for u, _ in self.walk()]
        for u in reversed(order):  # children before parents
            t = Totals()
            t.add(u)
            for c in self.children.get(u.id, []):
                if c in out:
                    t.merge(out[c])
            out[u.id] = t
        return out

    # --- totals ---------------------------------------------------------------------------

    def totals(self) -> Totals:
        t = Totals()
        for u in self.units:
            t.add(u)
        return t

    def table(self) -> dict[tuple[str, str], Totals]:
        """(nation, category) -> totals."""
        out: dict[tuple[str, str], Totals] = {}
        for u in self.units:
            key = (u.nation, u.category or "unknown")
            if key not in out:
                out[key] = Totals()
            out[key].add(u)
        return out

    def nations(self) -> list[str]:
        """Contributing nations in order of first appearance."""
        return list(dict.fromkeys(u.nation for u in self.units))

    def capability_units(self, capability: str) -> list[ResolvedUnit]:
        return [u for u in self.units if capability in u.capabilities]
