"""The text summary of a simulation, for a staff officer or a trainer reading a terminal.

    >>> print(render_text(simulate(scenario, runs=1000)))     # doctest: +SKIP
    CSTO contingent for a UN peacekeeping operation (teaching case, hypothetical)
    1,000 runs, seed 7; horizon 180 days; day 0 = 2027-02-20 00:00 UTC
    ...
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .result import Percentiles, SimulationResult

__all__ = ["render_text"]

TOP_DRIVERS = 8
"""How many drivers the summary lists."""

MIN_RHO = 0.05
"""Drivers whose rank correlation is below this are left out of the summary: noise."""

_NAMES = {
    "decision": "council decision",
    "ioc": "IOC (initial operational capability)",
    "foc": "FOC (full operational capability)",
    "complete": "whole force in theatre",
}


def _day(day: float) -> str:
    if not np.isfinite(day):
        return "never"
    text = f"{day:.2f}".rstrip("0").rstrip(".")
    return f"day {'0' if text == '-0' else text}"


def _moment(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.hour == 0 and moment.minute == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def _cell(day: float, moment: datetime | None) -> str:
    """``58.48 (2027-04-19 11:37)``: the day number and its calendar date, or ``never``."""
    number = _day(day).removeprefix("day ")
    when = _moment(moment)
    return f"{number} ({when})" if when else number


def _share(p: float) -> str:
    if p <= 0:
        return "0%"
    if p >= 1:
        return "100%"
    if p < 0.01:
        return "<1%"
    if p > 0.99:
        return ">99%"
    return f"{p * 100:.0f}%"


def _count(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    return [indent + "  ".join(cell.ljust(widths[c]) for c, cell in enumerate(r)).rstrip() for r in rows]


def _dates_section(result: SimulationResult) -> list[str]:
    dates = result.key_dates()
    has_decision_step = any(s.step == "council_decision" for s in result.scenario.procedure)
    names: list[tuple[str, str]] = [(label, label) for label in result.step_labels]
    if not has_decision_step:
        names.insert(0, ("decision", _NAMES["decision"]))
    names += [(k, _NAMES[k]) for k in ("ioc", "foc", "complete")]

    def row(label: str, p: Percentiles) -> list[str]:
        if result.deterministic:
            return [label, _cell(p.p50, p.p50_date)]
        return [label, _cell(p.p10, p.p10_date), _cell(p.p50, p.p50_date), _cell(p.p90, p.p90_date),
                _share(p.reached)]

    header = ["", "day (date)"] if result.deterministic else ["", "P10", "P50", "P90", "reached"]
    rows = [header] + [row(label, dates[key]) for key, label in names]
    title = ("Key dates: day from day 0 (calendar date)" if result.deterministic
             else "Key dates: day from day 0 (calendar date), P10 / P50 / P90 over the runs")
    return [title, *_table(rows)]


def _requirements_section(result: SimulationResult) -> list[str]:
    if not result.requirements:
        return ["Requirements: none in the scenario, so FOC is the day the whole force is in theatre."]
    det = result.deterministic
    rows = [["requirement", "met by its deadline", "first met: day (date)" if det else "first met (P50)",
             f"shortfall at {_day(result.horizon)}"]]
    for r in result.requirements:
        deadline = _day(r.deadline) + ("" if r.has_deadline else " (horizon)")
        short = []
        if r.shortfall_personnel is not None:
            short.append(f"{_count(r.shortfall_personnel)} personnel")
        if r.shortfall_units is not None:
            short.append(f"{_count(r.shortfall_units)} units")
        if det:
            met = f"{'yes' if r.p_met_by_deadline >= 1 else 'no'}, by {deadline}"
        else:
            met = f"{_share(r.p_met_by_deadline)} of runs by {deadline}"
        rows.append([r.label, met, _cell(r.first_met.p50, r.first_met.p50_date), ", ".join(short) or "-"])
    title = "Requirements" if det else "Requirements (shortfall: median over the runs)"
    return [title, *_table(rows)]


def _drivers_section(result: SimulationResult) -> list[str]:
    if result.deterministic:
        return []
    target = result.sensitivity_target
    if target == "none":
        return ["What delays FOC: FOC and the whole force's arrival are the same in every run."]
    if target == "foc":
        title = "What delays FOC most (Spearman rank correlation with the FOC day across runs)"
    else:
        why = "never reached" if not np.isfinite(result.foc_day).any() else "the same in every run"
        title = (f"What delays the whole force in theatre most (FOC is {why}; "
                 "Spearman rank correlation across runs)")
    top = [d for d in result.sensitivity if d.rho >= MIN_RHO][:TOP_DRIVERS]
    if not top:
        return [title, "  no random input is clearly linked to it"]
    rows = [["corr.", "driver", "its P10 to P90"]]
    for d in top:
        if d.kind == "unit":
            span = f"{_day(d.p10).removeprefix('day ')} to {_day(d.p90).removeprefix('day ')} days"
        else:
            span = f"{_day(d.p10)} to {_day(d.p90)}"
        rows.append([f"{d.rho:+.2f}", d.label, span])
    return [title, *_table(rows)]


def render_text(result: SimulationResult) -> str:
    """A readable summary: the scenario, runs and seed, key dates, requirements, what delays FOC."""
    sc = result.scenario
    title = sc.title or sc.id or "Scenario"
    runs = "1 deterministic run (every duration at its most likely value)" if result.deterministic \
        else f"{result.runs:,} runs, seed {result.seed}"
    offset = sc.start_instant.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    start = sc.start_instant.strftime("%Y-%m-%d %H:%M ") + zone
    horizon = _day(result.horizon).removeprefix("day ")
    lines = [
        title,
        f"{runs}; horizon {horizon} days; day 0 = {start}",
        "",
        *_dates_section(result),
        "",
        *_requirements_section(result),
    ]
    lines += ["", *critical_chain_section(result)]
    drivers = _drivers_section(result)
    if drivers:
        lines += ["", *drivers]
    if result.notes:
        lines += ["", "Notes"] + [f"  - {n}" for n in result.notes]
    return "\n".join(lines) + "\n"


def critical_chain_section(result: SimulationResult) -> list[str]:
    """The critical chain to FOC (deterministic run): which steps, readiness and lift waits it waits for."""
    from ..analysis.graph import chain_of

    chain = chain_of(result)
    if chain.target == "none":
        return ["Critical chain: neither FOC nor the whole force in theatre is reached in the deterministic run."]
    what = "FOC" if chain.target == "foc" else "the whole force in theatre (FOC is never reached)"
    rows = [["from", "to", "days", "what"]]
    for link in chain.links:
        text = {"step": f"procedure step {link.label}", "readiness": f"readiness of {link.label}",
                "lift_wait": f"waits for the lift: {link.label}", "move": f"move into theatre of {link.label}",
                "held": f"held by an inject: {link.label}"}[link.kind]
        if link.kind == "step" and link.days == 0:
            text = f"{link.label} (dated)"
        rows.append([_day(link.start).removeprefix("day "), _day(link.end).removeprefix("day "),
                     f"{link.days:.2f}".rstrip("0").rstrip("."), text])
    return [f"Critical chain to {what}: day {_day(chain.day).removeprefix('day ')} with every duration at its "
            "most likely value", *_table(rows)]
