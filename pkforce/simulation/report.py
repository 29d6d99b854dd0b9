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

from ..i18n import _
from ..i18n.messages import Message

if TYPE_CHECKING:
    from .result import Percentiles, SimulationResult

__all__ = ["render_text"]

TOP_DRIVERS = 8
"""How many drivers the summary lists."""

MIN_RHO = 0.05
"""Drivers whose rank correlation is below this are left out of the summary: noise."""


def N_(text: str) -> str:
    """Marks a message for the catalogue (Babel's `N_`); it is translated where it is shown."""
    return text


_NAMES = {
    "decision": N_("council decision"),
    "ioc": N_("IOC (initial operational capability)"),
    "foc": N_("FOC (full operational capability)"),
    "complete": N_("whole force in theatre"),
}


def _name(key: str) -> str:
    return _(_NAMES[key])


def _day(day: float) -> str:
    if not np.isfinite(day):
        return _("never")
    text = f"{day:.2f}".rstrip("0").rstrip(".")
    return _("day %(n)s") % {"n": "0" if text == "-0" else text}


def _l(text: str) -> str:
    """A label made with `tr` (a requirement, a driver, a note) in the language being rendered."""
    from ..i18n import _current
    from ..i18n.messages import localise

    return localise(text, _current.get()) or ""


def _why(note: str) -> str:
    """What follows "no deployment decided: " in a note, in the language being rendered."""
    return _l(note.params["why"]) if isinstance(note, Message) else note.split(": ", 1)[1]


def _moment(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.hour == 0 and moment.minute == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def _cell(day: float, moment: datetime | None) -> str:
    """``58.48 (2027-04-19 11:37)``: the day number and its calendar date, or ``never``."""
    number = _day(day).removeprefix(_("day %(n)s") % {"n": ""})
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
        names.insert(0, ("decision", _name("decision")))
    names += [(k, _name(k)) for k in ("ioc", "foc", "complete")]

    def row(label: str, p: Percentiles) -> list[str]:
        if result.deterministic:
            return [label, _cell(p.p50, p.p50_date)]
        return [label, _cell(p.p10, p.p10_date), _cell(p.p50, p.p50_date), _cell(p.p90, p.p90_date), _share(p.reached)]

    header = ["", _("day (date)")] if result.deterministic else ["", "P10", "P50", "P90", _("reached")]
    rows = [header] + [row(label, dates[key]) for key, label in names]
    title = (
        _("Key dates: day from day 0 (calendar date)")
        if result.deterministic
        else _("Key dates: day from day 0 (calendar date), P10 / P50 / P90 over the runs")
    )
    return [title, *_table(rows)]


def _requirements_section(result: SimulationResult) -> list[str]:
    if not result.requirements:
        return [_("Requirements: none in the scenario, so FOC is the day the whole force is in theatre.")]
    det = result.deterministic
    rows = [
        [
            _("requirement"),
            _("met by its deadline"),
            _("first met: day (date)") if det else _("first met (P50)"),
            _("shortfall at %(day)s") % {"day": _day(result.horizon)},
        ]
    ]
    for r in result.requirements:
        deadline = _day(r.deadline) + ("" if r.has_deadline else " " + _("(horizon)"))
        short = []
        if r.shortfall_personnel is not None:
            short.append(_("%(n)s personnel") % {"n": _count(r.shortfall_personnel)})
        if r.shortfall_units is not None:
            short.append(_("%(n)s units") % {"n": _count(r.shortfall_units)})
        if det:
            met = (_("yes, by %(deadline)s") if r.p_met_by_deadline >= 1 else _("no, by %(deadline)s")) % {
                "deadline": deadline
            }
        else:
            met = _("%(share)s of runs by %(deadline)s") % {"share": _share(r.p_met_by_deadline), "deadline": deadline}
        rows.append([_l(r.label), met, _cell(r.first_met.p50, r.first_met.p50_date), ", ".join(short) or "-"])
    title = _("Requirements") if det else _("Requirements (shortfall: median over the runs)")
    return [title, *_table(rows)]


def _loss_section(result: SimulationResult) -> list[str]:
    """Requirements met, then lost (a withdrawal) and perhaps regained; nothing when none is lost."""
    lost = [r for r in result.requirements if r.lost is not None and r.regained is not None]
    if not lost:
        return []
    det = result.deterministic
    if det:
        rows = [[_("requirement"), _("lost: day (date)"), _("regained: day (date)")]]
        rows += [
            [_l(r.label), _cell(r.lost.p10, r.lost.p10_date), _cell(r.regained.p10, r.regained.p10_date)]
            for r in lost
            if r.lost is not None and r.regained is not None
        ]
        return [_("Requirements met, then lost"), *_table(rows)]
    rows = [[_("requirement"), _("lost in"), _("lost: P10 / P50 / P90"), _("regained: P10 / P50 / P90"), _("regained")]]
    for r in lost:
        assert r.lost is not None and r.regained is not None
        rows.append(
            [
                _l(r.label),
                _share(r.p_lost),
                " / ".join(_day(d) for d in (r.lost.p10, r.lost.p50, r.lost.p90)),
                " / ".join(_day(d) for d in (r.regained.p10, r.regained.p50, r.regained.p90)),
                _share(r.regained.reached),
            ]
        )
    return [
        _("Requirements met, then lost (over the runs that lose them; regained: share of those runs)"),
        *_table(rows),
    ]


def _drivers_section(result: SimulationResult) -> list[str]:
    if result.deterministic:
        return []
    target = result.sensitivity_target
    if target == "none":
        return [_("What delays FOC: FOC and the whole force's arrival are the same in every run.")]
    if target == "foc":
        title = _("What delays FOC most (Spearman rank correlation with the FOC day across runs)")
    else:
        title = (
            _(
                "What delays the whole force in theatre most (FOC is never reached; Spearman rank "
                "correlation across runs)"
            )
            if not np.isfinite(result.foc_day).any()
            else _(
                "What delays the whole force in theatre most (FOC is the same in every run; Spearman "
                "rank correlation across runs)"
            )
        )
    top = [d for d in result.sensitivity if d.rho >= MIN_RHO][:TOP_DRIVERS]
    if not top:
        return [title, "  " + _("no random input is clearly linked to it")]
    rows = [[_("corr."), _("driver"), _("its P10 to P90")]]
    for d in top:
        bare = _("day %(n)s") % {"n": ""}
        if d.kind == "unit":
            span = _("%(p10)s to %(p90)s days") % {
                "p10": _day(d.p10).removeprefix(bare),
                "p90": _day(d.p90).removeprefix(bare),
            }
        else:
            span = _("%(p10)s to %(p90)s") % {"p10": _day(d.p10), "p90": _day(d.p90)}
        rows.append([f"{d.rho:+.2f}", _l(d.label), span])
    return [title, *_table(rows)]


def render_text(result: SimulationResult, lang: str | None = None) -> str:
    """A readable summary: the scenario, runs and seed, key dates, requirements, what delays FOC.

    `lang`: ``"ru"`` or ``"en"`` (default English); unit and step names stay as written.
    """
    from ..i18n import language

    with language(lang):
        return _render_text(result)


def _render_text(result: SimulationResult) -> str:
    sc = result.scenario
    title = sc.title or sc.id or _("Scenario")
    runs = (
        _("1 deterministic run (every duration at its most likely value)")
        if result.deterministic
        else _("%(runs)s runs, seed %(seed)s") % {"runs": f"{result.runs:,}", "seed": result.seed}
    )
    offset = sc.start_instant.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    start = sc.start_instant.strftime("%Y-%m-%d %H:%M ") + zone
    horizon = _day(result.horizon).removeprefix(_("day %(n)s") % {"n": ""})
    lines = [
        title,
        _("%(runs)s; horizon %(horizon)s days; day 0 = %(start)s") % {"runs": runs, "horizon": horizon, "start": start},
        *[
            _("NO DEPLOYMENT DECIDED: %(why)s") % {"why": _why(n)}
            for n in result.notes
            if n.startswith("no deployment decided")
        ],
        "",
        *_dates_section(result),
        "",
        *_requirements_section(result),
    ]
    loss = _loss_section(result)
    if loss:
        lines += ["", *loss]
    lines += ["", *critical_chain_section(result)]
    drivers = _drivers_section(result)
    if drivers:
        lines += ["", *drivers]
    if result.notes:
        lines += ["", _("Notes")] + [f"  - {_l(n)}" for n in result.notes]
    return "\n".join(lines) + "\n"


def critical_chain_section(result: SimulationResult) -> list[str]:
    """The critical chain to FOC (deterministic run): which steps, readiness and lift waits it waits for."""
    from .chain import chain_of

    chain = chain_of(result)
    if chain.target == "none":
        return [_("Critical chain: neither FOC nor the whole force in theatre is reached in the deterministic run.")]
    bare = _("day %(n)s") % {"n": ""}
    rows = [[_("from"), _("to"), _("days"), _("what")]]
    for link in chain.links:
        text = {
            "step": _("procedure step %(what)s"),
            "readiness": _("readiness of %(what)s"),
            "lift_wait": _("waits for the lift: %(what)s"),
            "move": _("move into theatre of %(what)s"),
            "held": _("held by an inject: %(what)s"),
        }[link.kind]
        if link.kind == "step" and link.days == 0:
            text = _("%(what)s (dated)")
        rows.append(
            [
                _day(link.start).removeprefix(bare),
                _day(link.end).removeprefix(bare),
                f"{link.days:.2f}".rstrip("0").rstrip("."),
                text % {"what": _l(link.label)},
            ]
        )
    title = (
        _("Critical chain to FOC: day %(day)s with every duration at its most likely value")
        if chain.target == "foc"
        else _(
            "Critical chain to the whole force in theatre (FOC is never reached): day %(day)s with every "
            "duration at its most likely value"
        )
    )
    return [title % {"day": _day(chain.day).removeprefix(bare)}, *_table(rows)]
