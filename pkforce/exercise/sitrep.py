"""The situation on day N as the players know it, read from a deterministic simulation result.

Only what has happened by the end of day N is shown: steps taken, units by state, requirements met
now, injects so far. Nothing later leaks: a reinforcement appears once its inject has happened, a
withdrawal once it has taken effect, and no future date is printed.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .events import inject_day, when

if TYPE_CHECKING:
    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = ["Sitrep", "UnitStatus", "render_sitrep", "sitrep"]

TOL = 1e-9


@dataclass(frozen=True)
class UnitStatus:
    id: str
    name: str
    nation: str
    category: str
    personnel: int
    status: str
    """preparing, ready (awaiting or in lift), in_theatre, withdrawn"""


@dataclass
class Sitrep:
    """The situation at the end of day `day` (JSON-ready with :meth:`to_dict`)."""

    day: float
    date: str
    """when day N ends: the report's "as of" time"""
    title: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    units: list[UnitStatus] = field(default_factory=list)
    requirements: list[dict[str, Any]] = field(default_factory=list)
    injects: list[dict[str, Any]] = field(default_factory=list)
    in_theatre_personnel: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"pkforce_sitrep": 1, **asdict(self)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n"


STATUSES = ("preparing", "ready", "in_theatre", "withdrawn")


def sitrep(scenario: Scenario, result: SimulationResult, day: float) -> Sitrep:
    """The situation at the end of `day` in the first run of `result` (make it deterministic)."""
    from ..simulation.compile import compile_labelled

    cut = day + 1 - TOL  # the end of the day: what happened during day N is known
    rep = Sitrep(day=day, date=when(scenario, day + 1), title=scenario.title or scenario.id or "")
    for i, step in enumerate(scenario.procedure):
        d = float(result.step_days[0, i])
        if math.isfinite(d) and d < cut:
            rep.steps.append(
                {"label": result.step_labels[i], "kind": step.step, "day": round(d, 6), "date": when(scenario, d)}
            )
    rep.steps.sort(key=lambda s: s["day"])
    injects = sorted(enumerate(scenario.injects), key=lambda kv: (inject_day(scenario, kv[1]), kv[0]))
    shown_reinforcements: set[str] = set()
    for _k, inj in injects:
        d = inject_day(scenario, inj)
        if d < cut:
            unit = inj.unit
            on_step = f"{inj.step} {inj.state}" if inj.step and inj.state else inj.step
            target = unit if isinstance(unit, str) else getattr(unit, "id", None) or on_step
            if inj.action == "reinforce" and target:
                shown_reinforcements.add(target)
            rep.injects.append(
                {"day": d, "date": when(scenario, d), "action": inj.action, "target": target, "note": inj.note}
            )
    arrival = result.unit_arrival[0]
    ready = result.unit_ready[0]
    withdrawn = result.unit_withdrawn[0]
    present = np.zeros(len(result.unit_ids), dtype=bool)
    for j, uid in enumerate(result.unit_ids):
        if result.unit_reinforcement[j] and uid not in shown_reinforcements:
            continue  # offered later: the players do not know it yet
        if withdrawn[j] < cut:
            status = "withdrawn"
        elif arrival[j] < cut:
            status = "in_theatre"
            present[j] = True
        elif ready[j] < cut:
            status = "ready"
        else:
            status = "preparing"
        pers = int(result.unit_personnel[j].sum())
        rep.units.append(
            UnitStatus(
                uid, result.unit_names[j] or uid, result.unit_nations[j], result.unit_categories[j], pers, status
            )
        )
        if present[j]:
            rep.in_theatre_personnel += pers
    model, labels = compile_labelled(scenario)
    have = model.cond_contrib @ present.astype(float) if model.cond_contrib.size else np.zeros(0)
    for r, outcome in enumerate(result.requirements):
        conds = np.flatnonzero(model.cond_requirement == r)
        met = bool(all(have[c] >= model.cond_threshold[c] - TOL for c in conds))
        req = outcome.requirement
        rep.requirements.append(
            {
                "label": outcome.label,
                "category": req.category,
                "capability": req.capability,
                "met": met,
                "have": {labels.cond_kind[c]: float(have[c]) for c in conds},
                "need": {labels.cond_kind[c]: float(model.cond_threshold[c]) for c in conds},
                "by_day": req.by.days if req.by is not None else None,
            }
        )
    return rep


def render_sitrep(rep: Sitrep, lang: str = "en") -> str:
    """The situation report as text, in `lang` (``"en"`` or ``"ru"``)."""
    from ..i18n import gettext_for, number

    _ = gettext_for(lang)
    status = {
        "preparing": _("preparing"),
        "ready": _("ready, awaiting or in strategic lift"),
        "in_theatre": _("in theatre"),
        "withdrawn": _("withdrawn"),
    }
    lines = [_("SITUATION REPORT as of the end of day %(day)s (%(date)s)") % {"day": f"{rep.day:g}", "date": rep.date}]
    if rep.title:
        lines.append(rep.title)
    lines += ["", _("Procedure: steps taken")]
    lines += [f"  {s['date']:<28} {s['label']}" for s in rep.steps] or ["  " + _("none yet")]
    lines += ["", _("Units")]
    for key in STATUSES:
        group = [u for u in rep.units if u.status == key]
        if group:
            lines.append(f"  {status[key]}: {len(group)}")
            lines += [f"    {u.id:<16} {u.name} ({u.nation}, {number(u.personnel, lang)})" for u in group]
    lines.append("  " + _("Personnel in theatre: %(n)s") % {"n": number(rep.in_theatre_personnel, lang)})
    lines += ["", _("Requirements")]
    kinds = {"personnel": _("personnel"), "units": _("units")}
    for r in rep.requirements:
        have = ", ".join(f"{kinds[k]} {v:g}/{r['need'][k]:g}" for k, v in r["have"].items())
        what = r["category"] or r["capability"] or _("any unit")
        by = " " + _("by day %(d)s") % {"d": f"{r['by_day']:g}"} if r["by_day"] is not None else ""
        mark = _("met") if r["met"] else _("not met")
        lines.append(f"  {what + by:<32} {mark} ({have})")
    if not rep.requirements:
        lines.append("  " + _("none set"))
    lines += ["", _("Injects so far")]
    actions = {"withdraw": _("withdrawal"), "delay": _("delay"), "reinforce": _("reinforcement"), "block": _("block")}
    lines += [
        f"  {i['date']:<28} {actions.get(i['action'], i['action'])} {i['target'] or ''}: {i['note'] or ''}".rstrip(": ")
        for i in rep.injects
    ] or ["  " + _("none yet")]
    return "\n".join(lines) + "\n"
