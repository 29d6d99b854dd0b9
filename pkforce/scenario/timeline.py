"""The procedure's dependency graph (which step each step counts from, in dependency order) and
the words for a step.

Shared by the rules (which compare dates) and the simulator (which samples durations along the
same order). A step is named in three forms, all from here: :func:`step_name` (a short key for
results and JSON), :func:`step_phrase` (words for a finding's message) and :func:`step_title`
(a chart's label). A step has a `date`, or a `duration` counted from the step named in `after` (a step
`id`, or a step kind when only one step has that kind); without `after` it counts from the
previous step in the list. `after: council_decision` names the session that decided the
deployment when the Council sat several times (the first adopted one; the last session when none
was adopted); written on a session itself, it names the session before.

Also here, because the rules and the simulator must agree on them: which sessions of the Council
were adopted, and which steps a contributor's units wait for (:meth:`StepGraph.gate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from .model import (
    Application,
    ContributorAgreement,
    CoordinatingStateStep,
    CouncilDecision,
    NationalApproval,
    PCRSAssignment,
    Scenario,
    Step,
    UNAgreement,
    UNMandate,
    UNNotification,
)

if TYPE_CHECKING:
    from .model import Organization

__all__ = [
    "STEP_WITH_ID",
    "StepGraph",
    "StepProblem",
    "resolve_after",
    "step_graph",
    "step_name",
    "step_phrase",
    "step_title",
    "step_title_words",
    "step_words",
]


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


def N_(text: str) -> str:
    """Marks a template for the translation catalogue (`python -m pkforce.i18n.catalog`); returns it as is."""
    return text


STEP_WITH_ID = N_("%(step)s (`%(id)s`)")
"""a step's phrase with its id (see :func:`step_phrase`)"""


def step_words(step: Step) -> tuple[str, dict[str, str]]:
    """:func:`step_phrase` without the id, as a template and its values: what a translation needs
    (:func:`pkforce.i18n.steps.step_phrase` gives the same words as a translatable message).

    >>> step_words(NationalApproval(step="national_approval", state="KAZ"))
    ("%(state)s's national approval", {'state': 'KAZ'})
    """
    if isinstance(step, Application):
        return N_("%(state)s's application"), {"state": step.by}
    if isinstance(step, CouncilDecision):
        return N_("the council decision"), {}
    if isinstance(step, UNNotification):
        return N_("the notification of the UN Security Council"), {}
    if isinstance(step, UNMandate):
        return N_("the UN mandate"), {}
    if isinstance(step, CoordinatingStateStep):
        return N_("the designation of %(state)s as coordinating state"), {"state": step.state}
    if isinstance(step, NationalApproval):
        return N_("%(state)s's national approval"), {"state": step.state}
    if isinstance(step, UNAgreement):
        return N_("the agreement with the UN"), {}
    if isinstance(step, ContributorAgreement):
        return N_("the agreement with contributor %(state)s"), {"state": step.state}
    if isinstance(step, PCRSAssignment):
        return N_("%(state)s's assignment of its PCRS contingent"), {"state": step.state}
    # a kind added to the model before it got its words here
    return N_("the %(kind)s step"), {"kind": step.step.replace("_", " ")}


def step_phrase(step: Step) -> str:
    """A step in words, for a sentence: "KGZ's application", "the council decision (`dec`)".

    >>> step_phrase(NationalApproval(step="national_approval", state="KAZ"))
    "KAZ's national approval"
    """
    template, values = step_words(step)
    text = template % values if values else template
    return STEP_WITH_ID % {"step": text, "id": step.id} if step.id else text


def step_title_words(step: Step, council: str = "Council") -> tuple[str, dict[str, str]]:
    """:func:`step_title` as a template and its values (:func:`pkforce.i18n.steps.step_title`
    translates it; `council` and a national approval's `body` are names the catalogue may know)."""
    if isinstance(step, Application):
        return N_("Application by %(state)s"), {"state": step.by}
    if isinstance(step, CouncilDecision):
        if step.outcome == "not_adopted":
            return N_("%(council)s decision (not adopted)"), {"council": council}
        return N_("%(council)s decision"), {"council": council}
    if isinstance(step, UNNotification):
        return N_("UN Security Council informed"), {}
    if isinstance(step, UNMandate):
        if step.resolution:
            return N_("UN mandate %(resolution)s"), {"resolution": step.resolution}
        return N_("UN Security Council mandate"), {}
    if isinstance(step, CoordinatingStateStep):
        return N_("Coordinating state designated: %(state)s"), {"state": step.state}
    if isinstance(step, NationalApproval):
        return (N_("National approval (%(body)s)"), {"body": step.body}) if step.body else (N_("National approval"), {})
    if isinstance(step, UNAgreement):
        return N_("Agreement with the UN"), {}
    if isinstance(step, ContributorAgreement):
        return N_("Agreement with contributor %(state)s"), {"state": step.state}
    if isinstance(step, PCRSAssignment):
        return N_("PCRS contingent assigned: %(state)s"), {"state": step.state}
    return "%(kind)s", {"kind": str(step.step).replace("_", " ").capitalize()}


def step_title(step: Step, council: str = "Council") -> str:
    """A step as a chart labels it: "Application by KGZ", "CSC decision" (`council` names the
    organisation's council).

    >>> step_title(CouncilDecision(step="council_decision"), "CSC")
    'CSC decision'
    """
    template, values = step_title_words(step, council)
    return template % values if values else template


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
    sessions: list[int] = field(default_factory=list)
    """indices of the council_decision steps"""
    adopted: list[bool] = field(default_factory=list)
    """adopted[i]: step i is a council session that decided the deployment"""
    slack: list[float] = field(default_factory=list)
    """slack[i]: 1.0 when step i's time is known only to the day (a plain date, or counted from one)"""

    @property
    def deciding(self) -> int | None:
        """The council session that decided the deployment (the first adopted one), or None."""
        return next((i for i in self.sessions if self.adopted[i]), None)

    @property
    def undecided(self) -> bool:
        """The Council sat but no session decided the deployment: nothing deploys."""
        return bool(self.sessions) and self.deciding is None

    def gate(self, scenario: Scenario, nation: str | None) -> tuple[int, ...] | None:
        """The steps a unit of `nation` (None: a multinational unit) waits for, the latest of them;
        None when it never deploys (no session decided the deployment).

        A contingent assigned through the UN PCRS waits for its `pcrs_assignment` instead of the
        Council; otherwise units wait for the deciding session, the coordinating state's
        designation and the UN agreement (UN operations), and their own nation's approvals and
        contributor agreement.
        """
        steps = scenario.procedure
        own = [
            i
            for i, s in enumerate(steps)
            if nation is not None
            and getattr(s, "state", None) == nation
            and s.step in ("national_approval", "contributor_agreement")
        ]
        pcrs = [
            i
            for i, s in enumerate(steps)
            if nation is not None and s.step == "pcrs_assignment" and getattr(s, "state", None) == nation
        ]
        if pcrs:
            return (pcrs[0], *own)
        if self.undecided:
            return None
        base: list[int] = [] if self.deciding is None else [self.deciding]
        if _protocol_gates(scenario):
            for kind in ("coordinating_state", "un_agreement"):
                base += [i for i, s in enumerate(steps) if s.step == kind][:1]
        return (*base, *own)

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


def _organization(scenario: Scenario) -> Organization | None:
    from ..data import organization_of  # the built-in profiles are data; see docs/design.md (layers)

    return organization_of(scenario)


def _protocol_gates(scenario: Scenario) -> bool:
    """Do the coordinating state's designation and the UN agreement hold up the units? In a UN
    operation, or wherever the organisation designates one always."""
    if scenario.operation.kind == "un_operation":
        return True
    org = _organization(scenario)
    return org is not None and org.coordinating_state == "always"


def session_adopted(scenario: Scenario, org: Organization | None, i: int) -> bool:
    """Did council session i decide the deployment? Its `outcome:` if written, else its votes
    against the decision rule with the members as they stood on its day (adopted without votes)."""
    s = scenario.procedure[i]
    outcome = getattr(s, "outcome", None)
    if outcome is not None:
        return bool(outcome == "adopted")
    votes = getattr(s, "votes", None)
    if not votes or org is None:
        return True
    when = s.date if s.date is not None else scenario.start_instant
    return org.count_votes(dict(votes), when).decides


def session_day(scenario: Scenario, i: int) -> date | datetime:
    """The day whose membership a session's votes are counted against (its date, else day 0)."""
    s = scenario.procedure[i]
    return s.date if s.date is not None else scenario.start_instant


def resolve_after(scenario: Scenario, graph: StepGraph, name: str) -> int | None:
    """The step an `after:` names (a step id, or a kind: the deciding session for council_decision)."""
    for j, s in enumerate(scenario.procedure):
        if s.id == name:
            return j
    kinds = [j for j, s in enumerate(scenario.procedure) if s.step == name]
    if name == "council_decision" and len(kinds) > 1:
        return graph.deciding if graph.deciding is not None else kinds[-1]
    return kinds[0] if len(kinds) == 1 else None


def step_graph(scenario: Scenario, org: Organization | None = None) -> StepGraph:
    """Resolve every step's `after` and order the steps so that anchors come first."""
    steps = scenario.procedure
    if org is None:
        org = _organization(scenario)
    by_id: dict[str, int] = {}
    by_kind: dict[str, list[int]] = {}
    for i, s in enumerate(steps):
        if s.id is not None:
            by_id.setdefault(s.id, i)
        by_kind.setdefault(s.step, []).append(i)
    sessions = by_kind.get("council_decision", [])
    adopted = [False] * len(steps)
    for i in sessions:
        adopted[i] = session_adopted(scenario, org, i)
    deciding = next((i for i in sessions if adopted[i]), None)
    if len(sessions) > 1:
        by_kind["council_decision"] = [deciding if deciding is not None else sessions[-1]]

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
        earlier = [j for j in sessions if j < i]
        if s.after in by_id:
            anchor[i] = by_id[s.after]
        elif s.step == "council_decision" and s.after == "council_decision" and earlier:
            anchor[i] = earlier[-1]  # a session retaken some time after the previous one
        elif s.after in by_kind and len(by_kind[s.after]) == 1:
            anchor[i] = by_kind[s.after][0]
        elif s.after in by_kind:
            problems.append(
                StepProblem(i, "after", "ambiguous-after", f"`after: {s.after}` names {len(by_kind[s.after])} steps")
            )
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
    slack = [0.0] * len(steps)
    for i in order:
        d, a = steps[i].date, anchor[i]
        if d is not None:
            slack[i] = 0.0 if isinstance(d, datetime) else 1.0
        elif a is not None:
            slack[i] = slack[a]
    return StepGraph(anchor=anchor, order=order, problems=problems, sessions=sessions, adopted=adopted, slack=slack)
