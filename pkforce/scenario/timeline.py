"""The procedure's dependency graph (which step each step counts from, in dependency order) and
the words for a step.

Shared by the rules (which compare dates) and the simulator (which samples durations along the
same order). A step is named in three forms, all from here: :func:`step_name` (a short key for
results and JSON), :func:`step_phrase` (words for a finding's message) and :func:`step_title`
(a chart's label). A step has a `date`, or a `duration` counted from the step named in `after` (a step
`id`, or a step kind when only one step has that kind); without `after` it counts from the
previous step in the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import (
    Application,
    CoordinatingStateStep,
    CouncilDecision,
    NationalApproval,
    Scenario,
    Step,
    UNMandate,
    UNNotification,
)

__all__ = ["StepGraph", "StepProblem", "step_graph", "step_name", "step_phrase", "step_title"]


def step_name(step: Step) -> str:
    """A short name for a procedure step: its `id`, or its kind and the state it concerns. The key
    of the step in a simulation's results.

    >>> step_name(NationalApproval(step="national_approval", state="KAZ"))
    'national_approval KAZ'
    """
    if step.id:
        return step.id
    state = getattr(step, "state", None) or getattr(step, "by", None)
    return f"{step.step} {state}" if isinstance(state, str) else step.step


def step_phrase(step: Step) -> str:
    """A step in words, for a sentence: "KGZ's application", "the council decision (`dec`)".

    >>> step_phrase(NationalApproval(step="national_approval", state="KAZ"))
    "KAZ's national approval"
    """
    if isinstance(step, Application):
        text = f"{step.by}'s application"
    elif isinstance(step, CouncilDecision):
        text = "the council decision"
    elif isinstance(step, UNNotification):
        text = "the notification of the UN Security Council"
    elif isinstance(step, UNMandate):
        text = "the UN mandate"
    elif isinstance(step, CoordinatingStateStep):
        text = f"the designation of {step.state} as coordinating state"
    elif isinstance(step, NationalApproval):
        text = f"{step.state}'s national approval"
    else:  # a kind added to the model before it got its words here
        text = f"the {step.step.replace('_', ' ')} step"
    return f"{text} (`{step.id}`)" if step.id else text


def step_title(step: Step, council: str = "Council") -> str:
    """A step as a chart labels it: "Application by KGZ", "CSC decision" (`council` names the
    organisation's council).

    >>> step_title(CouncilDecision(step="council_decision"), "CSC")
    'CSC decision'
    """
    if isinstance(step, Application):
        return f"Application by {step.by}"
    if isinstance(step, CouncilDecision):
        return f"{council} decision"
    if isinstance(step, UNNotification):
        return "UN Security Council informed"
    if isinstance(step, UNMandate):
        return f"UN mandate {step.resolution}" if step.resolution else "UN Security Council mandate"
    if isinstance(step, CoordinatingStateStep):
        return f"Coordinating state designated: {step.state}"
    if isinstance(step, NationalApproval):
        return f"National approval ({step.body})" if step.body else "National approval"
    return str(step.step).replace("_", " ").capitalize()


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
