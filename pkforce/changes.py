"""The changes of a variant, applied to a copy of a scenario's data, without validating the result.

Below the rules: PKF801/PKF802 apply each variant here and run the other rules on the result. The
API that returns validated scenarios (:mod:`pkforce.variants`) sits above the validation pipeline.

Changes work on the scenario's data as written (``exclude_unset``), so a variant dumped with
:func:`pkforce.dump` reads like its base with the changes made by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ._messages import num, tr
from .scenario.variant_model import OPERATIONS, Change, Variant

if TYPE_CHECKING:
    from .scenario.model import Scenario, Unit
    from .scenario.types import DurationSpec

__all__ = ["OPERATIONS", "Applied", "Change", "Variant", "VariantError", "apply_changes"]

Path = tuple[str | int, ...]

MAX_FACTOR = 1000.0
"""Largest personnel factor: beyond it a figure is a typo, not a question."""
MAX_SHIFT_DAYS = 36_500
"""Largest shift of a step, in days (a century): beyond it dates leave the calendar."""


class VariantError(ValueError):
    """A change that cannot be applied (it names a unit, nation or step the scenario does not have)."""

    def __init__(
        self, message: str, fix: str | None = None, change: int | None = None, variant: str | None = None
    ) -> None:
        self.message, self.fix, self.change, self.variant = message, fix, change, variant
        where = f"variant `{variant}`, change {change + 1}: " if variant is not None and change is not None else ""
        super().__init__(where + message + (f" ({fix})" if fix else ""))


@dataclass
class Applied:
    """A variant applied: its scenario and, for each unit, step and inject, where it came from.

    Origins are paths into the base document: ``("units", 3)`` for a unit of the base, or the change
    that added it (``("variants", 0, "changes", 2, "add_unit")``). Findings on the variant are located
    through them.
    """

    scenario: Scenario
    origins: dict[str, list[Path]] = field(default_factory=dict)

    def base_path(self, path: Path, fallback: Path) -> Path:
        """The place in the base document that a path into the variant's scenario comes from."""
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in self.origins:
            items = self.origins[str(path[0])]
            if path[1] < len(items):
                return (*items[path[1]], *path[2:])
            return fallback
        return path or fallback


# --- the data being edited ----------------------------------------------------------------------


class _Draft:
    """A scenario as plain data, with the origin of every list item, while changes are applied."""

    def __init__(self, scenario: Scenario) -> None:
        self.data: dict[str, Any] = scenario.model_dump(mode="json", exclude_unset=True)
        self.data.pop("variants", None)
        self.origins: dict[str, list[Path]] = {
            key: [(key, i) for i in range(len(self.data.get(key) or []))] for key in ("units", "procedure", "injects")
        }
        self.scenario = scenario

    @property
    def units(self) -> list[dict[str, Any]]:
        units: list[dict[str, Any]] = self.data.setdefault("units", [])
        return units

    def unit_index(self, unit_id: str) -> int:
        for i, u in enumerate(self.units):
            if str(u.get("id")) == unit_id:
                return i
        from .scenario.hints import did_you_mean

        ids = [str(u.get("id")) for u in self.units]
        raise VariantError(
            tr("there is no unit `%(id)s`%(hint)s", id=unit_id, hint=did_you_mean(unit_id, ids)),
            tr("name a unit id from `units`"),
        )

    def remove_units(self, doomed: set[str], subordinates: str) -> None:
        """Remove units; their subordinates move up to the nearest kept ancestor, or leave too."""
        parent = {str(u["id"]): u.get("parent") for u in self.units}
        if subordinates == "remove":
            grew = True
            while grew:
                extra = {uid for uid, p in parent.items() if p in doomed and uid not in doomed}
                grew = bool(extra)
                doomed |= extra

        def kept_ancestor(p: str | None) -> str | None:
            seen: set[str] = set()
            while p is not None and p in doomed and p not in seen:
                seen.add(p)
                p = parent.get(p)
            return p

        kept, origins = [], []
        for u, origin in zip(self.units, self.origins["units"], strict=True):
            if str(u["id"]) in doomed:
                continue
            if u.get("parent") in doomed:
                new_parent = kept_ancestor(u["parent"])
                if new_parent is None:
                    u.pop("parent")
                else:
                    u["parent"] = new_parent
            kept.append(u)
            origins.append(origin)
        self.data["units"], self.origins["units"] = kept, origins
        self._drop_injects(lambda inj: isinstance(inj.get("unit"), str) and inj["unit"] in doomed)

    def _drop_injects(self, doomed: Any) -> None:
        injects = self.data.get("injects") or []
        keep = [i for i, inj in enumerate(injects) if not doomed(inj)]
        if len(keep) != len(injects):
            self.data["injects"] = [injects[i] for i in keep]
            self.origins["injects"] = [self.origins["injects"][i] for i in keep]

    def step_index(self, name: str) -> int:
        names = [_step_names(s) for s in self.data.get("procedure") or []]
        for i, labels in enumerate(names):
            if name in labels:
                return i
        kinds = [i for i, s in enumerate(self.data.get("procedure") or []) if s.get("step") == name]
        if len(kinds) == 1:
            return kinds[0]
        from .scenario.hints import did_you_mean

        every = sorted({n for labels in names for n in labels})
        if len(kinds) > 1:
            raise VariantError(
                tr("%(n)s procedure steps are `%(name)s` steps", n=len(kinds), name=name),
                tr("name one by its `id`, or by kind and state such as `national_approval KAZ`"),
            )
        raise VariantError(
            tr("there is no procedure step `%(name)s`%(hint)s", name=name, hint=did_you_mean(name, every)),
            tr("name a step by its `id`, its kind, or kind and state (`national_approval KAZ`)"),
        )

    def build(self) -> Applied:
        from .scenario.model import Scenario

        return Applied(Scenario.model_validate(self.data), self.origins)


def _step_names(step: Mapping[str, Any]) -> set[str]:
    """What a change may call a step: its `id`, and its kind with the state it concerns."""
    names = {str(step["id"])} if step.get("id") else set()
    state = step.get("state") or step.get("by")
    if isinstance(state, str):
        names.add(f"{step.get('step')} {state}")
    return names


def _days_text(days: float) -> str:
    """An ISO 8601 duration for a non-negative number of days (whole days, else hours)."""
    if float(days).is_integer():
        return f"P{int(days)}D"
    return f"PT{round(days * 24, 6):g}H"


def _shifted_duration(spec: Any, days: float) -> Any:
    from .scenario.types import parse_duration

    def shift(text: str) -> str:
        new = parse_duration(text).days + days
        if new < 0:
            raise VariantError(
                tr(
                    "shifting by %(days)s days makes the step's duration negative (%(new)s days)",
                    days=format(days, "g"),
                    new=format(new, "g"),
                ),
                tr("shift by less, or set the step's `date`"),
            )
        return _days_text(new)

    if isinstance(spec, dict):
        return {k: shift(v) for k, v in spec.items()}
    return shift(spec)


def _shifted_date(scenario: Scenario, text: str, days: float) -> str:
    from .scenario.types import parse_timestamp

    value = parse_timestamp(text)
    if not isinstance(value, datetime) and float(days).is_integer():
        return (value + timedelta(days=days)).isoformat()
    moment = scenario.instant(value) if isinstance(value, date) else value
    return (moment + timedelta(days=days)).isoformat()


def _apply(draft: _Draft, change: Change, path: Path) -> None:
    op = change.operation
    data = draft.data
    if op == "drop_contributor":
        state = str(change.drop_contributor)
        doomed = {str(u["id"]) for u in draft.units if u.get("nation") == state}
        if not doomed:
            nations = sorted({str(u.get("nation")) for u in draft.units})
            raise VariantError(
                tr(
                    "no unit of the force is from `%(state)s` (nations: %(nations)s)",
                    state=state,
                    nations=", ".join(nations),
                ),
                tr("name a contributing state's code"),
            )
        draft.remove_units(doomed, change.subordinates)
        draft._drop_injects(lambda inj: isinstance(inj.get("unit"), dict) and inj["unit"].get("nation") == state)
        lifts = (data.get("logistics") or {}).get("lift_per_day") or {}
        lifts.pop(state, None)
        _drop_approvals(draft, state)
    elif op == "add_unit":
        unit = _unit_data(change.add_unit)
        if any(str(u.get("id")) == unit["id"] for u in draft.units):
            raise VariantError(
                tr("a unit `%(id)s` already exists", id=unit["id"]), tr("use `replace_unit`, or another id")
            )
        draft.units.append(unit)
        draft.origins["units"].append((*path, "add_unit"))
    elif op == "remove_unit":
        draft.unit_index(str(change.remove_unit))
        draft.remove_units({str(change.remove_unit)}, change.subordinates)
    elif op == "replace_unit":
        unit = _unit_data(change.replace_unit)
        i = draft.unit_index(unit["id"])
        draft.units[i] = unit
        draft.origins["units"][i] = (*path, "replace_unit")
    elif op == "scale_personnel":
        if change.factor is None or not 0 <= change.factor <= MAX_FACTOR:
            raise VariantError(
                tr("`scale_personnel` needs a `factor` from 0 to %(most)s", most=format(MAX_FACTOR, "g")),
                tr("write e.g. `factor: 0.5` to halve the unit"),
            )
        i = draft.unit_index(str(change.scale_personnel))
        _scale(draft, i, change.factor)
    elif op == "set_lift":
        if change.per_day is None or change.per_day < 0:
            raise VariantError(
                tr("`set_lift` needs `per_day`, personnel per day (0 or more)"), tr("add e.g. `per_day: 600`")
            )
        data.setdefault("logistics", {}).setdefault("lift_per_day", {})[str(change.set_lift)] = change.per_day
    elif op == "set_readiness":
        if change.readiness is None:
            raise VariantError(tr("`set_readiness` needs `readiness`"), tr("add e.g. `readiness: P30D`"))
        i = draft.unit_index(str(change.set_readiness))
        draft.units[i]["readiness"] = _spec_data(change.readiness)
    elif op == "set_duration":
        if change.duration is None:
            raise VariantError(
                tr("`set_duration` needs `duration`"), tr("add e.g. `duration: {min: P7D, mode: P14D, max: P45D}`")
            )
        index = draft.step_index(str(change.set_duration))  # first: with no procedure, a finding
        step = data["procedure"][index]
        if "date" in step:
            raise VariantError(
                tr("step `%(step)s` has a date, not a duration", step=change.set_duration),
                tr("use `shift_step` to move a dated step"),
            )
        step["duration"] = _spec_data(change.duration)
    elif op == "shift_step":
        if change.days is None or not abs(change.days) <= MAX_SHIFT_DAYS:
            raise VariantError(
                tr(
                    "`shift_step` needs `days`, at most %(most)s either way (negative: earlier)",
                    most=num(MAX_SHIFT_DAYS),
                ),
                tr("write e.g. `days: 14`"),
            )
        index = draft.step_index(str(change.shift_step))  # first: with no procedure, a finding
        step = data["procedure"][index]
        if "date" in step:
            step["date"] = _shifted_date(draft.scenario, step["date"], change.days)
        elif "duration" in step:
            step["duration"] = _shifted_duration(step["duration"], change.days)
        else:
            raise VariantError(tr("step `%(step)s` has neither a date nor a duration to shift", step=change.shift_step))


def _drop_approvals(draft: _Draft, state: str) -> None:
    """A contributor that sends nothing needs no national approval: its steps go, unless another step
    counts from one of them."""
    steps = draft.data.get("procedure") or []
    anchors = {s.get("after") for s in steps}
    keep = [
        i
        for i, s in enumerate(steps)
        if not (
            s.get("step") == "national_approval"
            and s.get("state") == state
            and not (s.get("id") and s["id"] in anchors)
        )
    ]
    if len(keep) != len(steps):
        draft.data["procedure"] = [steps[i] for i in keep]
        draft.origins["procedure"] = [draft.origins["procedure"][i] for i in keep]


def _unit_data(unit: Unit | None) -> dict[str, Any]:
    assert unit is not None
    data: dict[str, Any] = unit.model_dump(mode="json", exclude_unset=True)
    return data


def _spec_data(spec: DurationSpec) -> Any:
    from .scenario.types import Duration

    return spec.text if isinstance(spec, Duration) else spec.model_dump(mode="json")


def _scale(draft: _Draft, i: int, factor: float) -> None:
    from .force import Force
    from .scenario.model import Unit

    scenario = draft.scenario
    resolved = Force.from_scenario(scenario).resolve(Unit.model_validate(draft.units[i]))
    draft.units[i]["personnel"] = {
        k: round(getattr(resolved, k) * factor) for k in ("military", "police", "civilian") if getattr(resolved, k)
    }


# --- public API -----------------------------------------------------------------------------------


def _changes(items: Iterable[Change | Mapping[str, Any]]) -> list[Change]:
    return [c if isinstance(c, Change) else Change.model_validate(dict(c)) for c in items]


def apply_changes(
    scenario: Scenario,
    changes: Iterable[Change | Mapping[str, Any]],
    *,
    variant_index: int | None = None,
    name: str | None = None,
) -> Applied:
    """Apply changes in order to a copy of `scenario`; no validation of the result.

    Raises :class:`VariantError` for a change that cannot be applied.
    """
    draft = _Draft(scenario)
    for c, change in enumerate(_changes(changes)):
        path: Path = ("variants", variant_index, "changes", c) if variant_index is not None else ("changes", c)
        try:
            _apply(draft, change, path)
        except VariantError as exc:
            raise VariantError(exc.message, exc.fix, c, name) from None
        except OverflowError:  # a date beyond year 9999, a figure beyond any integer
            raise VariantError(
                tr("`%(operation)s` gives a date or figure out of range", operation=change.operation),
                tr("use a smaller value"),
                c,
                name,
            ) from None
    return draft.build()
