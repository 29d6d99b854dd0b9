"""What a simulation's result and report say about the units, steps and requirements: names, not
numbers. The compiler writes them beside the arrays it gives the engine, which never sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n.messages import Message, tr

if TYPE_CHECKING:
    from ..scenario.model import Requirement

__all__ = ["Labels", "UnitInfo", "requirement_label"]


def requirement_label(r: Requirement) -> Message:
    """What a requirement asks for, as the reports name it, in a message they can show in another
    language; the category or capability and the deadline stay as the scenario writes them.

    >>> from pkforce.scenario.model import Requirement
    >>> requirement_label(Requirement(category="combat", personnel=1000, units=2, by="P75D"))
    'combat: 1000 personnel and 2 units by P75D'
    """
    parts: list[Message] = []
    if r.personnel is not None:
        parts.append(tr("%(n)s personnel", n=r.personnel))
    if r.units is not None:
        parts.append(tr("%(n)s units", n=r.units) if r.units != 1 else tr("%(n)s unit", n=r.units))
    need = parts[0] if parts else tr("nothing")
    for part in parts[1:]:
        need = tr("%(a)s and %(b)s", a=need, b=part)
    what = r.category or r.capability or "?"
    if r.by:
        return tr("%(what)s: %(need)s by %(by)s", what=what, need=need, by=str(r.by))
    return tr("%(what)s: %(need)s", what=what, need=need)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What the result and the report say about a unit."""

    id: str
    name: str
    nation: str
    category: str
    military: int
    police: int
    civilian: int
    capabilities: tuple[str, ...]
    reinforcement: bool
    """added by a `reinforce` inject"""
    command: bool
    """category `command`: counted for initial operational capability"""

    @property
    def personnel(self) -> int:
        return self.military + self.police + self.civilian


@dataclass(frozen=True, slots=True)
class Labels:
    """The names behind a compiled scenario's indices, in the same order as its arrays."""

    units: tuple[UnitInfo, ...]
    """the scenario's units, then its reinforcements"""
    step_labels: tuple[str, ...]
    """each procedure step's key in the result (see `scenario.timeline.step_name`), made unique"""
    requirement_labels: tuple[str, ...]
    requirement_after: tuple[int, ...]
    """per requirement: the step its deadline counts from (`by: {after: ...}`), or -1"""
    requirement_offset: tuple[float, ...]
    """per requirement: its deadline in days after that step (or after day 0; nan without a deadline)"""
    cond_kind: tuple[str, ...]
    """per condition: `personnel` or `units`"""
    notes: tuple[str, ...]
    """odd but valid input the simulator had to interpret (shown in the report)"""
    delay_inject: tuple[int, ...] = ()
    """per delay/block (the compiled model's delay arrays): the index of its inject in `injects:`"""
