"""Variants: named modifications of a scenario, applied to a copy of it.

The same operations as the `variants:` section of a scenario file (docs/analysis.md), as functions.
Each returns a **new, validated** scenario and leaves its argument alone; a change that cannot be
applied raises :class:`VariantError`, and a result with errors raises :class:`pkforce.ScenarioError`.

    >>> import pkforce
    >>> from pkforce import variants
    >>> base = pkforce.load("scenarios/un-operation.yaml")                  # doctest: +SKIP
    >>> no_blr = variants.drop_contributor(base, "BLR")                     # doctest: +SKIP
    >>> faster = variants.set_lift(base, "RUS", 1200)                       # doctest: +SKIP
    >>> named = variants.apply_variant(base, "no-belarus")                  # from the file's variants: # doctest: +SKIP

The changes themselves are applied by :mod:`pkforce.changes` (which the rules use too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .changes import OPERATIONS, Applied, Change, Variant, VariantError, apply_changes

if TYPE_CHECKING:
    from .scenario.model import Scenario, Unit

__all__ = [
    "OPERATIONS",
    "Applied",
    "Change",
    "Variant",
    "VariantError",
    "add_unit",
    "apply_changes",
    "apply_variant",
    "drop_contributor",
    "remove_unit",
    "replace_unit",
    "scale_personnel",
    "set_duration",
    "set_lift",
    "set_readiness",
    "shift_step",
    "variant",
]


def _validated(scenario: Scenario, name: str) -> Scenario:
    from .diagnostics import ScenarioError, ValidationReport
    from .validation import check

    report = ValidationReport(file=f"<variant {name}>", scenario=scenario)
    report.diagnostics = check(scenario)
    if not report.ok:
        raise ScenarioError(report)
    return scenario


def variant(
    scenario: Scenario, *changes: Change | Mapping[str, Any], name: str = "variant", validate: bool = True
) -> Scenario:
    """A new scenario: `scenario` with `changes` applied (mappings as in the file's `variants:`).

    >>> variant(base, {"drop_contributor": "BLR"}, {"set_lift": "RUS", "per_day": 900})  # doctest: +SKIP
    """
    applied = apply_changes(scenario, changes, name=name).scenario
    return _validated(applied, name) if validate else applied


def apply_variant(scenario: Scenario, which: str | Variant, *, validate: bool = True) -> Scenario:
    """The scenario of one of its own `variants:` (by name), or of a :class:`Variant`."""
    if isinstance(which, str):
        found = [v for v in scenario.variants if v.name == which]
        if not found:
            from .scenario.hints import did_you_mean

            names = [v.name for v in scenario.variants]
            raise VariantError(
                f"the scenario has no variant `{which}`{did_you_mean(which, names)}",
                f"its variants: {', '.join(names) or 'none'}",
            )
        which = found[0]
    return variant(scenario, *which.changes, name=which.name, validate=validate)


def drop_contributor(scenario: Scenario, state: str, subordinates: str = "reparent") -> Scenario:
    """The force without `state`'s units. Other nations' units under them move up to the nearest
    kept commander (``subordinates="reparent"``) or leave too (``"remove"``); the state's national
    approval, lift figure and injects go with it."""
    return variant(scenario, {"drop_contributor": state, "subordinates": subordinates}, name=f"without {state}")


def add_unit(scenario: Scenario, unit: Unit | Mapping[str, Any]) -> Scenario:
    """The force with one more unit (a :class:`Unit` or a mapping as in `units:`)."""
    data = unit.model_dump(mode="json", exclude_unset=True) if not isinstance(unit, Mapping) else dict(unit)
    return variant(scenario, {"add_unit": data}, name=f"with {data.get('id')}")


def remove_unit(scenario: Scenario, unit_id: str, subordinates: str = "reparent") -> Scenario:
    """The force without one unit (its subordinates move up, or leave with ``subordinates="remove"``)."""
    return variant(scenario, {"remove_unit": unit_id, "subordinates": subordinates}, name=f"without {unit_id}")


def replace_unit(scenario: Scenario, unit: Unit | Mapping[str, Any]) -> Scenario:
    """The force with the unit of the same `id` replaced by `unit`."""
    data = unit.model_dump(mode="json", exclude_unset=True) if not isinstance(unit, Mapping) else dict(unit)
    return variant(scenario, {"replace_unit": data}, name=f"new {data.get('id')}")


def scale_personnel(scenario: Scenario, unit_id: str, factor: float) -> Scenario:
    """A unit's personnel (military, police, civilian: as resolved from its type) times `factor`, rounded."""
    return variant(scenario, {"scale_personnel": unit_id, "factor": factor}, name=f"{unit_id} x{factor:g}")


def set_lift(scenario: Scenario, nation: str, per_day: int) -> Scenario:
    """A nation's strategic lift (personnel per day; ``default`` for every nation without a figure)."""
    return variant(scenario, {"set_lift": nation, "per_day": per_day}, name=f"{nation} lift {per_day}")


def set_readiness(scenario: Scenario, unit_id: str, readiness: str | Mapping[str, str]) -> Scenario:
    """A unit's readiness: ``"P30D"`` or ``{"min": ..., "mode": ..., "max": ...}``."""
    return variant(scenario, {"set_readiness": unit_id, "readiness": readiness}, name=f"{unit_id} readiness")


def set_duration(scenario: Scenario, step: str, duration: str | Mapping[str, str]) -> Scenario:
    """A procedure step's duration (the step by `id`, kind, or kind and state: ``national_approval TJK``)."""
    return variant(scenario, {"set_duration": step, "duration": duration}, name=f"{step} duration")


def shift_step(scenario: Scenario, step: str, days: float) -> Scenario:
    """A procedure step moved later by `days` (earlier if negative): its date, or its whole duration."""
    return variant(scenario, {"shift_step": step, "days": days}, name=f"{step} {days:+g} days")
