"""The Master Events List: every procedure step and every inject, in time order, with what the
players should do. Days come from the deterministic simulation (every duration at its mode)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..scenario.model import Inject, Scenario, Step
    from ..simulation import SimulationResult

__all__ = ["Event", "inject_day", "master_events", "when"]

Tr = Callable[[str], str]


def _en(text: str) -> str:
    return text


def N_(text: str) -> str:
    """gettext's marker: Babel extracts the text, which is translated where it is used."""
    return text


DATA_WORDS = (
    N_("Collective Security Council"),
    N_("Council"),
    N_("Government"),
    N_("Parliament"),
    N_("Parliament (both chambers)"),
    N_("Federation Council"),
    N_("Jogorku Kenesh"),
    N_("Majlisi Oli (both chambers)"),
    N_("Defence Minister, approved by the President"),
)
"""Names from the built-in organisation profile and the shipped scenarios that have a usual
translation; any other name is shown as the scenario writes it."""


@dataclass(frozen=True)
class Event:
    """One line of the Master Events List."""

    serial: int
    day: float
    """days from day 0 (inf: the step never happens in the plan)"""
    when: str
    """the calendar date-time in the scenario's time zone ('' when it never happens)"""
    source: str
    """from whom"""
    recipient: str
    """to whom"""
    kind: str
    """'step' or 'inject'"""
    event: str
    """what happens (for an inject: what the trainer tells the players)"""
    expected: str
    """what the players should do"""
    inject: bool


def when(scenario: Scenario, day: float) -> str:
    """``2027-09-02 00:00 (UTC)``: the instant `day` days after day 0, in the scenario's time zone."""
    if not math.isfinite(day):
        return ""
    moment = scenario.date_of(day)
    return f"{moment:%Y-%m-%d %H:%M} ({moment.tzname() or scenario.timezone or 'UTC'})"


def inject_day(scenario: Scenario, inj: Inject) -> float:
    """The day of an inject (inf when it has neither day nor date)."""
    if inj.day is not None:
        return float(inj.day)
    if inj.date is not None:
        return scenario.day_of(inj.date)
    return math.inf


def _council(scenario: Scenario) -> str:
    org = scenario.organization
    if isinstance(org, str):
        from ..data import organization_profile

        profile = organization_profile(org)
        return profile.council if profile is not None else "Council"
    return org.council


def _step_event(scenario: Scenario, step: Step, _: Tr) -> tuple[str, str, str, str]:
    """(from, to, event, expected action) of a procedure step."""
    council = _(_council(scenario))
    kind = step.step
    state = getattr(step, "state", None) or getattr(step, "by", None) or ""
    if kind == "application":
        return (
            _("Government of %(state)s") % {"state": state},
            council,
            _("Official application of %(state)s for a peacekeeping operation on its territory") % {"state": state},
            _(
                "Check that the application is official and comes from the host state; prepare the draft "
                "decision of the Council"
            ),
        )
    if kind == "council_decision":
        return (
            council,
            _("Member states; the combined command"),
            _("Decision of the %(council)s on the operation") % {"council": council},
            _(
                "Check the votes against the decision rule; issue the warning order to the contributing "
                "states and start force generation"
            ),
        )
    if kind == "un_notification":
        return (
            _("Secretary General of the organisation"),
            _("UN Security Council"),
            _("The UN Security Council is informed of the decision"),
            _("Confirm that the UN Security Council is informed immediately after the decision"),
        )
    if kind == "un_mandate":
        return (
            _("UN Security Council"),
            council,
            _("UN Security Council resolution (mandate) for the operation"),
            _("Check that the mandate covers the operation before the Council decides"),
        )
    if kind == "coordinating_state":
        return (
            council,
            _("Government of %(state)s") % {"state": state},
            _("%(state)s is designated the coordinating state") % {"state": state},
            _(
                "Agree the coordinating state's support (logistics, financing, transport) and its "
                "agreements with the other contributors"
            ),
        )
    body = getattr(step, "body", None)
    body = _(body) if body else _("national authorities")  # (gettext("") is the catalogue's header)
    return (
        f"{body} ({state})",
        _("Contingent of %(state)s") % {"state": state},
        _("National approval of %(state)s to send its contingent") % {"state": state},
        _("Start the readiness of the contingent of %(state)s and book its strategic lift") % {"state": state},
    )


def _inject_event(scenario: Scenario, inj: Inject, names: dict[str, str], _: Tr) -> tuple[str, str, str, str]:
    """(from, to, event, expected action) of an inject."""
    control = _("Exercise control")
    hq = _("Combined command")
    target = f"{inj.step} {inj.state}" if inj.step and inj.state else inj.step
    unit = inj.unit if isinstance(inj.unit, str) else getattr(inj.unit, "id", None)
    who = names.get(unit, unit) if isinstance(unit, str) else (target or "")
    note = inj.note or ""
    if inj.action == "withdraw":
        event = note or _("%(unit)s is withdrawn from the force") % {"unit": who}
        expected = _("Re-task the remaining units, report the shortfall and ask the contributors for a replacement")
    elif inj.action == "delay":
        event = note or _("%(unit)s is delayed") % {"unit": who}
        expected = _("Re-plan the strategic lift and the build-up; tell the force when the delayed element is expected")
    elif inj.action == "reinforce":
        event = note or _("%(unit)s is offered as a reinforcement") % {"unit": who}
        expected = _("Accept or decline the offer; give the new unit a parent, a task and a place in the lift")
    else:  # a block of a procedure step (issue 8, phase 2)
        event = note or _("%(step)s does not take place") % {"step": who}
        expected = _("Assess the effect on the decision and on force generation; inform the Council")
    if target and inj.action == "delay":  # a procedure step postponed, not a unit
        expected = _("Assess the effect on the decision and on force generation; inform the Council")
    return control, hq, event, expected


def master_events(scenario: Scenario, result: SimulationResult, _: Tr = _en) -> list[Event]:
    """Every procedure step (at its planned day, from `result`'s first run) and every inject, by day.

    `result` should be deterministic: each step's day is read from its first run.
    """
    rows: list[tuple[float, int, str, str, str, str, bool]] = []
    for i, step in enumerate(scenario.procedure):
        day = float(result.step_days[0, i]) if result.runs else math.nan
        source, recipient, event, expected = _step_event(scenario, step, _)
        if not math.isfinite(day):  # blocked by an inject, or counted from a step that never happens
            day = math.inf
            event = _("%(event)s: does not take place") % {"event": event}
            expected = _(
                "None: the step does not take place; report its effect on the decision and on force generation"
            )
        rows.append((day, 0, source, recipient, event, expected, False))
    names = {u.id: f"{u.name or u.id}" for u in scenario.units}
    for inj in scenario.injects:
        unit = inj.unit
        if unit is not None and not isinstance(unit, str):
            names[unit.id] = unit.name or unit.id
    for inj in scenario.injects:
        rows.append((inject_day(scenario, inj), 1, *_inject_event(scenario, inj, names, _), True))
    rows.sort(key=lambda r: (r[0], r[1]))  # stable: list order within a day
    return [
        Event(
            serial=n,
            day=r[0],
            when=when(scenario, r[0]),
            source=r[2],
            recipient=r[3],
            kind="inject" if r[6] else "step",
            event=r[4],
            expected=r[5],
            inject=r[6],
        )
        for n, r in enumerate(rows, 1)
    ]
