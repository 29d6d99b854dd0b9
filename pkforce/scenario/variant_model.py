"""The `variants:` section: named modifications of the base scenario (shapes only).

A variant is a list of changes, each a mapping with exactly one operation key. What a change means
(and whether the unit, nation or step it names exists) is worked out by :mod:`pkforce.changes`,
which applies it; this module only checks shapes, like the rest of the model.

The classes refer to :class:`~pkforce.scenario.model.Unit`; ``model.py`` imports this module at
its end and resolves the reference (so that the model file itself grows by a few lines only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .._messages import tr
from .types import DurationSpec

if TYPE_CHECKING:
    from .model import Unit

__all__ = ["OPERATIONS", "Change", "Variant"]

OPERATIONS: dict[str, str] = {
    "drop_contributor": "a state code: its units leave the force",
    "add_unit": "a unit definition, added to `units`",
    "remove_unit": "a unit id: the unit leaves the force (its subordinates are re-parented or removed)",
    "replace_unit": "a unit definition replacing the unit with the same `id`",
    "scale_personnel": "a unit id; with `factor`: its personnel multiplied (rounded)",
    "set_lift": "a nation code or `default`; with `per_day`: its strategic lift",
    "set_readiness": "a unit id; with `readiness`: its new readiness",
    "set_duration": "a procedure step (its `id`, or kind and state such as `national_approval KAZ`); with `duration`",
    "shift_step": "a procedure step; with `days`: moved later (or earlier, negative) by that many days",
}
"""Every operation a change may name, with what its value is (one table: docs and messages use it)."""


class Change(BaseModel):
    """One change of a variant: exactly one operation key, plus the operation's parameters."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    drop_contributor: str | None = Field(None, description=OPERATIONS["drop_contributor"])
    add_unit: Unit | None = Field(None, description=OPERATIONS["add_unit"])
    remove_unit: str | None = Field(None, description=OPERATIONS["remove_unit"])
    replace_unit: Unit | None = Field(None, description=OPERATIONS["replace_unit"])
    scale_personnel: str | None = Field(None, description=OPERATIONS["scale_personnel"])
    set_lift: str | None = Field(None, description=OPERATIONS["set_lift"])
    set_readiness: str | None = Field(None, description=OPERATIONS["set_readiness"])
    set_duration: str | None = Field(None, description=OPERATIONS["set_duration"])
    shift_step: str | None = Field(None, description=OPERATIONS["shift_step"])
    subordinates: Literal["reparent", "remove"] = Field(
        "reparent",
        description="drop_contributor, remove_unit: units under a removed unit move up to its "
        "parent (reparent) or leave with it (remove)",
    )
    factor: float | None = Field(None, description="scale_personnel: multiply by this (0.5 halves)")
    per_day: int | None = Field(None, description="set_lift: personnel per day")
    readiness: DurationSpec | None = Field(None, description="set_readiness: the new readiness")
    duration: DurationSpec | None = Field(None, description="set_duration: the step's new duration")
    days: float | None = Field(None, description="shift_step: days to move the step by (negative: earlier)")

    @model_validator(mode="before")
    @classmethod
    def _one_operation(cls, data: Any) -> Any:
        if isinstance(data, dict):
            ops = [k for k in OPERATIONS if k in data]
            if len(ops) != 1:
                said = {"operations": ", ".join(OPERATIONS), "named": ", ".join(f"`{k}`" for k in ops)}
                raise ValueError(
                    tr("a change names exactly one operation (%(operations)s); this one names %(named)s", **said)
                    if ops
                    else tr("a change names exactly one operation (%(operations)s); this one names none", **said)
                )
            if data[ops[0]] is None:  # `set_readiness:` with nothing after it
                raise ValueError(
                    tr(
                        "`%(operation)s` has no value: write what it applies to (see docs/analysis.md)",
                        operation=ops[0],
                    )
                )
        return data

    @property
    def operation(self) -> str:
        """The operation's key, e.g. ``drop_contributor``."""
        return next(k for k in OPERATIONS if getattr(self, k) is not None)


class Variant(BaseModel):
    """A named modification of the base scenario, simulated side by side with it by `pkforce sweep`."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str = Field(description="a short name, used by `pkforce sweep --variant NAME`")
    description: str | None = Field(None, description="what the variant asks (free text)")
    changes: list[Change] = Field(default_factory=list, description="applied in order to the base scenario")

    @model_validator(mode="before")
    @classmethod
    def _name_is_text(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and isinstance(data.get("name"), int | float)
            and not isinstance(data.get("name"), bool)
        ):
            return {**data, "name": str(data["name"])}
        return data
