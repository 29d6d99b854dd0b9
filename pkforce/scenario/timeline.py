"""The procedure's dependency graph: which step each step counts from, in dependency order.

Shared by the rules (which compare dates) and the simulator (which samples durations along the
same order). A step has a `date`, or a `duration` counted from the step named in `after` (a step
`id`, or a step kind when only one step has that kind); without `after` it counts from the
previous step in the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Scenario

__all__ = ["StepGraph", "StepProblem", "step_graph"]


@dataclass(frozen=True, slots=True)
class StepProblem:
    """Why a step's time cannot be worked out."""

    index: int
    field: str
    kind: str  # unknown-after | ambiguous-after | cycle | no-time | both-times
    detail: str


@dataclass(slots=True)
class StepGraph:
    """Each step's anchor (the step it counts from) and an order where anchors come first."""

    anchor: list[int | None]
    """anchor[i]: index of the step i counts from, or None for a dated step (or a broken one)."""
    order: list[int]
    """indices in dependency order; steps on a cycle or with problems are left out"""
    problems: list[StepProblem] = field(default_factory=list)

    def fixed_days(self, scenario: Scenario, *, pick: str = "mode") -> list[float | None]:
        """Day of each step with every random duration at its `mode` (or `low`/`high`)."""
        days: list[float | None] = [None] * len(scenario.procedure)
        for i in self.order:
            step = scenario.procedure[i]
            if step.date is not None:
                days[i] = scenario.day_of(step.date)
                continue
            anchor = self.anchor[i]
            base = days[anchor] if anchor is not None else None
            if base is None or step.duration is None:
                continue
            d = step.duration
            days[i] = base + (d.low if pick == "low" else d.high if pick == "high" else d.days)
        return days


def step_graph(scenario: Scenario) -> StepGraph:
    """Resolve every step's `after` and order the steps so that anchors come first."""
    steps = scenario.procedure
    by_id: dict[str, int] = {}
    by_kind: dict[str, list[int]] = {}
    for i, s in enumerate(steps):
        if s.id is not None:
            by_id.setdefault(s.id, i)
        by_kind.setdefault(s.step, []).append(i)

    anchor: list[int | None] = [None] * len(steps)
    problems: list[StepProblem] = []
    for i, s in enumerate(steps):
        if s.date is not None:
            if s.duration is not None:
                problems.append(StepProblem(i, "duration", "both-times", "has both a date and a duration"))
            continue
        if s.duration is None:
            problems.append(StepProblem(i, "step", "no-time", "has neither a date nor a duration"))
            continue
        if s.after is None:
            anchor[i] = i - 1 if i > 0 else None
            if i == 0:
                problems.append(StepProblem(i, "duration", "no-time", "is the first step and has no date"))
            continue
        if s.after in by_id:
            anchor[i] = by_id[s.after]
        elif s.after in by_kind and len(by_kind[s.after]) == 1:
            anchor[i] = by_kind[s.after][0]
        elif s.after in by_kind:
            problems.append(StepProblem(i, "after", "ambiguous-after",
                                        f"`after: {s.after}` names {len(by_kind[s.after])} steps"))
        else:
            problems.append(StepProblem(i, "after", "unknown-after", f"`after: {s.after}` names no step"))
        if anchor[i] == i:
            problems.append(StepProblem(i, "after", "cycle", "counts from itself"))
            anchor[i] = None

    # Kahn's algorithm, stable in list order.
    waiting: dict[int, list[int]] = {}
    ready: list[int] = []
    for i, a in enumerate(anchor):
        if a is None:
            ready.append(i)
        else:
            waiting.setdefault(a, []).append(i)
    order: list[int] = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        ready.extend(waiting.pop(i, []))
    placed = set(order)
    for i in range(len(steps)):
        if i not in placed and anchor[i] is not None and not any(p.index == i for p in problems):
            problems.append(StepProblem(i, "after", "cycle", "is part of a cycle of `after` references"))
    return StepGraph(anchor=anchor, order=order, problems=problems)
