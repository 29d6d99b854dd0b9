"""What differs between two scenarios: units, personnel by nation and category, the procedure.

    >>> import pkforce
    >>> from pkforce.analysis.compare import compare
    >>> diff = compare(pkforce.load("a.yaml"), pkforce.load("b.yaml"))      # doctest: +SKIP
    >>> print(diff.to_text())                                              # doctest: +SKIP

Units are matched by `id` and compared as resolved (catalogue defaults filled in), so a unit that
swaps `type: infantry_company` for the same figures written out is unchanged. Procedure steps are
matched by their label (their `id`, or kind and state such as ``national_approval KAZ``).
``simulate=True`` also runs both with common random numbers (:func:`pkforce.sweep.simulate_cases`)
and adds the outcome difference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..force import ResolvedUnit
    from ..scenario.model import Scenario
    from .sweep import SweepResult

__all__ = ["FORMAT_VERSION", "Comparison", "compare"]

FORMAT_VERSION = 1

_UNIT_FIELDS = (
    "name",
    "nation",
    "category",
    "echelon",
    "type",
    "parent",
    "military",
    "police",
    "civilian",
    "capabilities",
    "readiness",
)
_STEP_FIELDS = ("step", "date", "after", "duration", "state", "by", "body")


@dataclass
class Comparison:
    """Two scenarios side by side: `a` is the reference, `b` the one compared with it."""

    a_name: str
    b_name: str
    units_added: list[dict[str, Any]] = field(default_factory=list)
    units_removed: list[dict[str, Any]] = field(default_factory=list)
    units_changed: list[dict[str, Any]] = field(default_factory=list)
    """{"id": ..., "changes": {field: [a, b]}}"""
    personnel: list[dict[str, Any]] = field(default_factory=list)
    """per (nation, category): military, police, civilian and total in a and b, and the difference"""
    steps_added: list[str] = field(default_factory=list)
    steps_removed: list[str] = field(default_factory=list)
    steps_changed: list[dict[str, Any]] = field(default_factory=list)
    other: list[dict[str, Any]] = field(default_factory=list)
    """other sections that differ (lift, requirements, injects, settings): {"section", "a", "b"}"""
    outcome: SweepResult | None = None

    @property
    def same(self) -> bool:
        """Nothing differs in the force, the procedure or the other sections."""
        return not (
            self.units_added
            or self.units_removed
            or self.units_changed
            or self.steps_added
            or self.steps_removed
            or self.steps_changed
            or self.other
        )

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "pkforce_compare": FORMAT_VERSION,
            "a": self.a_name,
            "b": self.b_name,
            "same": self.same,
            "units": {"added": self.units_added, "removed": self.units_removed, "changed": self.units_changed},
            "personnel": self.personnel,
            "procedure": {"added": self.steps_added, "removed": self.steps_removed, "changed": self.steps_changed},
            "other": self.other,
        }
        if self.outcome is not None:
            doc["outcome"] = self.outcome.to_dict()
        return doc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"

    def to_text(self) -> str:
        lines = [f"Comparing {self.b_name} with {self.a_name}", ""]
        if self.same:
            lines.append("The force, the procedure and the settings are the same.")
        lines += _section("Units added", [f"+ {u['id']} ({_unit_text(u)})" for u in self.units_added])
        lines += _section("Units removed", [f"- {u['id']} ({_unit_text(u)})" for u in self.units_removed])
        lines += _section(
            "Units changed",
            [
                f"~ {u['id']}: " + "; ".join(f"{k} {_v(a)} -> {_v(b)}" for k, (a, b) in u["changes"].items())
                for u in self.units_changed
            ],
        )
        changed = [p for p in self.personnel if p["difference"]]
        if changed:
            from ..simulation.report import _table

            rows = [["nation", "category", "military", "police", "civilian", "total", "difference"]]
            for p in changed:
                rows.append(
                    [p["nation"], p["category"]]
                    + [f"{p['a'][k]:,} -> {p['b'][k]:,}" for k in ("military", "police", "civilian", "total")]
                    + [f"{p['difference']:+,}"]
                )
            lines += ["Personnel by nation and category (rows that differ)", *_table(rows), ""]
        lines += _section("Procedure steps added", [f"+ {s}" for s in self.steps_added])
        lines += _section("Procedure steps removed", [f"- {s}" for s in self.steps_removed])
        lines += _section(
            "Procedure steps changed",
            [
                f"~ {s['step']}: " + "; ".join(f"{k} {_v(a)} -> {_v(b)}" for k, (a, b) in s["changes"].items())
                for s in self.steps_changed
            ],
        )
        lines += _section("Other differences", [f"~ {o['section']}: {_v(o['a'])} -> {_v(o['b'])}" for o in self.other])
        if self.outcome is not None:
            lines += ["Outcome (simulated with common random numbers)", *self.outcome.to_text().splitlines()[1:]]
        return "\n".join(lines).rstrip("\n") + "\n"


def _section(title: str, items: list[str]) -> list[str]:
    return [title, *[f"  {i}" for i in items], ""] if items else []


def _v(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(x) for x in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_v(x)}" for k, x in value.items()) + "}"
    return str(value)


def _unit_text(u: dict[str, Any]) -> str:
    total = u["military"] + u["police"] + u["civilian"]
    return f"{u['nation']}, {u['category'] or 'no category'}, {total:,} personnel"


def _unit(u: ResolvedUnit) -> dict[str, Any]:
    return {
        "id": u.id,
        "name": u.name,
        "nation": u.nation,
        "category": u.category,
        "echelon": u.echelon,
        "type": u.type,
        "parent": u.parent,
        "military": u.military,
        "police": u.police,
        "civilian": u.civilian,
        "capabilities": list(u.capabilities),
        "readiness": str(u.readiness),
    }


def _steps(scenario: Scenario) -> dict[str, dict[str, Any]]:
    from ..scenario.timeline import step_name
    from ..simulation.compile import _unique

    labels = _unique([step_name(s) for s in scenario.procedure], set())
    return {
        label: s.model_dump(mode="json", exclude_unset=True)
        for label, s in zip(labels, scenario.procedure, strict=True)
    }


def _personnel(a: Scenario, b: Scenario) -> list[dict[str, Any]]:
    from ..force import Force

    ta, tb = Force.from_scenario(a).table(), Force.from_scenario(b).table()
    out = []
    for key in list(dict.fromkeys([*ta, *tb])):
        figures = {}
        for side, table in (("a", ta), ("b", tb)):
            t = table.get(key)
            figures[side] = {
                "military": t.military if t else 0,
                "police": t.police if t else 0,
                "civilian": t.civilian if t else 0,
            }
            figures[side]["total"] = sum(figures[side].values())
        out.append(
            {
                "nation": key[0],
                "category": key[1],
                **figures,
                "difference": figures["b"]["total"] - figures["a"]["total"],
            }
        )
    return out


def compare(
    a: Scenario,
    b: Scenario,
    *,
    a_name: str = "A",
    b_name: str = "B",
    simulate: bool = False,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
) -> Comparison:
    """What differs from `a` to `b`; with ``simulate``, also the simulated outcome of both (same seed,
    common random numbers, `a`'s simulation settings unless given)."""
    from ..force import Force

    ua = {u.id: _unit(u) for u in Force.from_scenario(a).units}
    ub = {u.id: _unit(u) for u in Force.from_scenario(b).units}
    result = Comparison(a_name, b_name)
    result.units_added = [u for uid, u in ub.items() if uid not in ua]
    result.units_removed = [u for uid, u in ua.items() if uid not in ub]
    for uid, u in ua.items():
        if uid in ub:
            changes = {k: [u[k], ub[uid][k]] for k in _UNIT_FIELDS if u[k] != ub[uid][k]}
            if changes:
                result.units_changed.append({"id": uid, "changes": changes})
    result.personnel = _personnel(a, b)
    sa, sb = _steps(a), _steps(b)
    result.steps_added = [s for s in sb if s not in sa]
    result.steps_removed = [s for s in sa if s not in sb]
    for label, step in sa.items():
        if label in sb:
            changes = {k: [step.get(k), sb[label].get(k)] for k in _STEP_FIELDS if step.get(k) != sb[label].get(k)}
            if changes:
                result.steps_changed.append({"step": label, "changes": changes})
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    for section in ("organization", "operation", "logistics", "injects", "simulation", "start", "timezone"):
        va, vb = da.get(section), db.get(section)
        if isinstance(va, dict) and isinstance(vb, dict):  # one level down: `operation.requirements`
            for key in dict.fromkeys([*va, *vb]):
                if va.get(key) != vb.get(key):
                    result.other.append({"section": f"{section}.{key}", "a": va.get(key), "b": vb.get(key)})
        elif va != vb:
            result.other.append({"section": section, "a": va, "b": vb})
    if simulate:
        from .sweep import simulate_cases

        result.outcome = simulate_cases([(a_name, None, a), (b_name, None, b)], runs=runs, seed=seed, workers=workers)
    return result
