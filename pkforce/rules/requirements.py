"""Requirement and settings rules (PKF4xx): the mandate's requirements, random durations, injects,
strategic lift and simulation settings."""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..data import catalogue
from ..diagnostics import Severity
from ..force import counts_toward
from ..i18n.messages import Message, hint, num, tr
from ..scenario.model import Deadline, Requirement, Unit
from ..scenario.types import Triangular
from ..scenario.vocab import CATEGORIES, MULTINATIONAL
from .composition import capability_hint, category_noun, unit_entries
from .registry import Context, Finding, Path, did_you_mean, rule

_REQ = ("operation", "requirements")


def _valid_target(req: Requirement) -> bool:
    """Exactly one of category and capability, and that one known."""
    if (req.category is None) == (req.capability is None):
        return False
    if req.category is not None:
        return req.category in CATEGORIES
    return req.capability in catalogue().capabilities


# --- requirements ---------------------------------------------------------------------------------


@rule("PKF401", "requirement-invalid")
def requirement_invalid(ctx: Context) -> Iterator[Finding]:
    """
    A requirement does not say clearly what is needed or how much.

    ## What it checks
    That each entry of `operation.requirements` names exactly one of `category` and `capability`,
    gives `units` or `personnel` (or both), that the numbers are not negative, and that a deadline
    counted from a step (`by: {after: council_decision, duration: P30D}`) names a step whose date
    can be worked out.

    ## Why
    Requirements state what the mandate needs in theatre; the Council's decision sets the CPF's
    composition and strength for each operation (2007 Agreement). Force-generation gaps and the
    IOC/FOC dates are measured against them, so each must be countable.

    ## Example
    ```yaml
    requirements:
      - {category: combat, capability: infantry, personnel: 800}
      - {category: police}
    ```

    ## Fix
    Split a requirement that names both into two, and add `units:` or `personnel:`:
    `- {category: police, personnel: 280}`.
    """
    for k, req in enumerate(ctx.scenario.operation.requirements):
        where = (*_REQ, k)
        if req.category is None and req.capability is None:
            yield Finding(
                where,
                tr("requirement #%(k)s names neither a category nor a capability", k=k + 1),
                tr("add `category:` (e.g. `category: combat`) or `capability:` (e.g. `capability: medical_role_2`)"),
            )
        elif req.category is not None and req.capability is not None:
            yield Finding(
                (*where, "capability"),
                tr(
                    "requirement #%(k)s names both the category `%(category)s` and the capability "
                    "`%(capability)s`: a requirement counts one or the other",
                    k=k + 1,
                    category=req.category,
                    capability=req.capability,
                ),
                tr("split it into two requirements, one with `category:` and one with `capability:`"),
            )
        if req.units is None and req.personnel is None:
            what = req.category or req.capability or "?"
            yield Finding(
                where,
                tr(
                    "requirement #%(k)s (%(what)s) says how much of nothing: it has neither `units` nor `personnel`",
                    k=k + 1,
                    what=what,
                ),
                tr("add `units:` (how many units) or `personnel:` (how many people)"),
            )
        if req.units is not None and req.units < 0:
            yield Finding(
                (*where, "units"),
                tr("requirement #%(k)s asks for %(n)s units: a number cannot be below zero", k=k + 1, n=num(req.units)),
                tr("write the number of units required, 0 or more"),
            )
        if req.personnel is not None and req.personnel < 0:
            yield Finding(
                (*where, "personnel"),
                tr(
                    "requirement #%(k)s asks for %(n)s personnel: a number cannot be below zero",
                    k=k + 1,
                    n=num(req.personnel),
                ),
                tr("write the number of personnel required, 0 or more"),
            )
        if isinstance(req.by, Deadline) and math.isnan(req.by.days):
            yield _deadline_problem(ctx, k, req.by)


def _deadline_problem(ctx: Context, k: int, by: Deadline) -> Finding:
    """Why a deadline counted from a step has no date: the step is unknown, or its own date is."""
    from ..scenario.timeline import resolve_after

    where = (*_REQ, k, "by", "after")
    if resolve_after(ctx.scenario, ctx.steps, by.after) is not None:
        return Finding(
            where,
            tr(
                "requirement #%(k)s counts its deadline from `%(after)s`, whose own date cannot be worked out",
                k=k + 1,
                after=by.after,
            ),
            tr("give the `%(after)s` step a date (PKF116 says what it lacks)", after=by.after),
        )
    names = [s.id for s in ctx.scenario.procedure if s.id] + sorted({s.step for s in ctx.scenario.procedure})
    return Finding(
        where,
        tr(
            "requirement #%(k)s counts its deadline from `%(after)s`, which names no step%(hint)s",
            k=k + 1,
            after=by.after,
            hint=did_you_mean(by.after, names),
        ),
        tr("write the `id` of a step, or the kind of a step that appears once (e.g. `after: council_decision`)"),
    )


@rule("PKF402", "requirement-unknown-category")
def requirement_unknown_category(ctx: Context) -> Iterator[Finding]:
    """
    A requirement names a category that is not one of the CPF's components.

    ## What it checks
    Each requirement's `category:` against `command`, `combat`, `police`, `observers`,
    `combat_support`, `technical_support`, `rear_support`, `civilian`, `other`.

    ## Why
    The categories follow the CPF's composition in the 2007 Agreement. No unit can have an unknown
    category, so the requirement could never be met.

    ## Example
    ```yaml
    - {category: infantry, personnel: 800}
    ```

    ## Fix
    Use a listed category (`combat`), or require the capability instead (`capability: infantry`).
    """
    for k, req in enumerate(ctx.scenario.operation.requirements):
        cat = req.category
        if cat is not None and cat not in CATEGORIES:
            caps = catalogue().capabilities
            hint = did_you_mean(cat, CATEGORIES)
            fix = tr("write one of: %(choices)s", choices=", ".join(CATEGORIES))
            if not hint and cat in caps:
                fix = tr("`%(name)s` is a capability: write `capability: %(name)s` instead of `category:`", name=cat)
            yield Finding(
                (*_REQ, k, "category"),
                tr(
                    "requirement #%(k)s names the category `%(category)s`, which is not a CPF component%(hint)s",
                    k=k + 1,
                    category=cat,
                    hint=hint,
                ),
                fix,
            )


@rule("PKF403", "requirement-unknown-capability")
def requirement_unknown_capability(ctx: Context) -> Iterator[Finding]:
    """
    A requirement names a capability that the catalogue does not know.

    ## What it checks
    Each requirement's `capability:` against the catalogue's capabilities (docs/data.md lists them).

    ## Why
    Capabilities are counted on the units that declare them; an unknown capability is declared by
    no unit, and the requirement could never be met.

    ## Example
    ```yaml
    - {capability: medical_level_2, units: 1}
    ```

    ## Fix
    Use the catalogue's name: `capability: medical_role_2`.
    """
    caps = catalogue().capabilities
    for k, req in enumerate(ctx.scenario.operation.requirements):
        cap = req.capability
        if cap is not None and cap not in caps:
            fix = tr("use a catalogue capability (docs/data.md lists them)")
            if cap in CATEGORIES:
                fix = tr("`%(name)s` is a category: write `category: %(name)s` instead of `capability:`", name=cap)
            yield Finding(
                (*_REQ, k, "capability"),
                tr(
                    "requirement #%(k)s names the capability `%(capability)s`, which is not in the catalogue%(hint)s",
                    k=k + 1,
                    capability=cap,
                    hint=capability_hint(cap),
                ),
                fix,
            )


@rule("PKF404", "requirement-unreachable", Severity.WARNING)
def requirement_unreachable(ctx: Context) -> Iterator[Finding]:
    """
    The whole force cannot meet a requirement, even with every unit in theatre.

    ## What it checks
    For each requirement, the force at full strength (every unit of `units:` and every
    reinforcement): the personnel of the units of that category (or with that capability) and the
    number of such units, against `personnel:` and `units:`.

    ## Why
    The Council's decision sets the composition and strength of the CPF for each operation (2007
    Agreement). If the pledged units cannot cover the mandate even at full strength, the gap is a
    force-generation problem to solve before the timeline matters: the simulator will never reach
    full operational capability.

    ## Example
    ```yaml
    requirements:
      - {category: combat, personnel: 1600}
    units:                      # one infantry battalion: 850 combat personnel
      - {id: kaz-bn, type: infantry_battalion, nation: KAZ, parent: cc}
    ```

    ## Fix
    Add units of that category or capability, or lower the requirement. The gap may be
    intended in a teaching scenario: then leave the warning, or ignore PKF404 for that file.
    """
    entries = unit_entries(ctx)
    reinforced = bool(entries) and entries[-1].path[0] == "injects"  # (reinforcements come last)
    whole = tr("the whole force, reinforcements included,") if reinforced else tr("the whole force")
    for k, req in enumerate(ctx.scenario.operation.requirements):
        if not _valid_target(req):
            continue
        match = [e.resolved for e in entries if counts_toward(e.resolved, req)]
        if req.category is not None:
            types = [n for n, t in ctx.force.types.items() if t.category == req.category]
        else:
            types = [n for n, t in ctx.force.types.items() if (req.capability or "") in (t.capabilities or ())]
        if req.personnel is not None and req.personnel > 0:
            have = sum(u.personnel for u in match)
            if have < req.personnel:
                yield Finding(
                    (*_REQ, k, "personnel"),
                    _requires(req, "personnel", req.personnel, have, whole),
                    tr(
                        "add units (e.g. `type: %(type)s`) for the missing %(n)s, or lower the requirement",
                        type=types[0],
                        n=num(req.personnel - have),
                    )
                    if types
                    else tr("add units for the missing %(n)s, or lower the requirement", n=num(req.personnel - have)),
                )
        if req.units is not None and req.units > 0:
            have = len(match)
            if have < req.units:
                yield Finding(
                    (*_REQ, k, "units"),
                    _requires(req, "units" if req.units != 1 else "unit", req.units, have, whole),
                    tr("add units (e.g. `type: %(type)s`), or lower the requirement", type=types[0])
                    if types
                    else tr("add units, or lower the requirement"),
                )


def _requires(req: Requirement, what: str, n: int, have: int, whole: Message) -> Message:
    """ "requires 1,600 combat personnel; the whole force has 850" (or "has none"): one template per
    target and measure, since the words around the number differ in each language."""
    said = {
        "n": num(n),
        "whole": whole,
        "have": num(have) if have else tr("none"),
        "have_n": num(have),  # the count even when it is zero (where "none" reads badly)
        "category": req.category,
        "noun": category_noun(req.category or ""),
        "cap": req.capability,
    }
    if req.category is not None:
        if what == "personnel":
            return tr("requires %(n)s %(noun)s personnel; %(whole)s has %(have)s", **said)
        if what == "units":
            return tr("requires %(n)s %(noun)s units; %(whole)s has %(have)s", **said)
        return tr("requires %(n)s %(noun)s unit; %(whole)s has %(have)s", **said)
    if what == "personnel":
        return tr("requires %(n)s personnel in units with the capability `%(cap)s`; %(whole)s has %(have)s", **said)
    if what == "units":
        return tr("requires %(n)s units with the capability `%(cap)s`; %(whole)s has %(have)s", **said)
    return tr("requires %(n)s unit with the capability `%(cap)s`; %(whole)s has %(have)s", **said)


@rule("PKF405", "requirement-after-duration", Severity.WARNING)
def requirement_after_duration(ctx: Context) -> Iterator[Finding]:
    """
    A requirement's `by` falls after the end of the operation or of the simulation.

    ## What it checks
    Each requirement's `by` (days from the start) against the operation's `duration` and the
    simulation `horizon`.

    ## Why
    A required delivery date after the mandate ends cannot be met in this operation, and one after
    the horizon is never measured by the simulation. Usually a slip of units (`P60M` for `P60D`).

    ## Example
    ```yaml
    operation:
      duration: P6M
      requirements:
        - {category: combat, personnel: 800, by: P300D}
    ```

    ## Fix
    Correct `by`, or lengthen `duration` or `simulation.horizon`.
    """
    op, horizon = ctx.scenario.operation, ctx.scenario.simulation.horizon
    for k, req in enumerate(op.requirements):
        if req.by is None or math.isnan(req.by.days):
            continue
        late = []
        if op.duration is not None and req.by.days > op.duration.days:
            late.append(
                tr(
                    "the operation's duration (%(duration)s, %(days)s days)",
                    duration=str(op.duration),
                    days=format(op.duration.days, "g"),
                )
            )
        if horizon.days > 0 and req.by.days > horizon.days:
            late.append(
                tr(
                    "the simulation horizon (%(horizon)s, %(days)s days)",
                    horizon=str(horizon),
                    days=format(horizon.days, "g"),
                )
            )
        if late:
            yield Finding(
                (*_REQ, k, "by"),
                tr(
                    "requirement #%(k)s is due by %(by)s (day %(day)s), after %(late)s: it cannot be met or measured",
                    k=k + 1,
                    by=str(req.by),
                    day=format(req.by.days, "g"),
                    late=late[0] if len(late) == 1 else tr("%(a)s and %(b)s", a=late[0], b=late[1]),
                ),
                tr("correct `by`, or lengthen `operation.duration` / `simulation.horizon`"),
            )


# --- random durations -----------------------------------------------------------------------------


def _random_durations(ctx: Context) -> Iterator[tuple[Path, Triangular]]:
    s = ctx.scenario
    for i, u in enumerate(s.units):
        if isinstance(u.readiness, Triangular):
            yield ("units", i, "readiness"), u.readiness
    for i, step in enumerate(s.procedure):
        if isinstance(step.duration, Triangular):
            yield ("procedure", i, "duration"), step.duration
    for k, inj in enumerate(s.injects):
        if isinstance(inj.duration, Triangular):
            yield ("injects", k, "duration"), inj.duration
        if isinstance(inj.unit, Unit) and isinstance(inj.unit.readiness, Triangular):
            yield ("injects", k, "unit", "readiness"), inj.unit.readiness
    if not isinstance(s.organization, str):
        for state, default in s.organization.national_approval.items():
            if isinstance(default.delay, Triangular):
                yield ("organization", "national_approval", state, "delay"), default.delay


@rule("PKF406", "triangular-order")
def triangular_order(ctx: Context) -> Iterator[Finding]:
    """
    A random duration's `min`, `mode` and `max` are out of order.

    ## What it checks
    Every random duration `{min, mode, max}` (unit readiness, procedure step durations, inject
    durations, an inline organisation's national approval delays) has min <= mode <= max.

    ## Why
    A random duration is a triangular distribution: the shortest, most likely and longest time.
    Planners estimate national approval and readiness this way because delays range from hours to
    weeks (a parliament can miss its quorum). Out of order, the distribution does not exist and the
    simulation cannot sample it.

    ## Example
    ```yaml
    readiness: {min: P20D, mode: P10D, max: P60D}
    ```

    ## Fix
    Put the values in order: `{min: P10D, mode: P20D, max: P60D}`.
    """
    for path, t in _random_durations(ctx):
        lo, mode, hi = t.min, t.mode, t.max
        said = {"t": str(t), "min": str(lo), "mode": str(mode), "max": str(hi)}
        if lo.days > hi.days:
            where = "max"
            what = tr(
                "the random duration %(t)s is out of order: its max %(max)s is shorter than its min %(min)s; "
                "it needs min <= mode <= max",
                **said,
            )
        elif mode.days < lo.days:
            where = "mode"
            what = tr(
                "the random duration %(t)s is out of order: its mode %(mode)s is shorter than its min %(min)s; "
                "it needs min <= mode <= max",
                **said,
            )
        elif mode.days > hi.days:
            where = "mode"
            what = tr(
                "the random duration %(t)s is out of order: its mode %(mode)s is longer than its max %(max)s; "
                "it needs min <= mode <= max",
                **said,
            )
        else:
            continue
        a, b, c = sorted((lo, mode, hi), key=lambda d: d.days)
        yield Finding(
            (*path, where),
            what,
            tr("put the values in order, e.g. `{min: %(a)s, mode: %(b)s, max: %(c)s}`", a=str(a), b=str(b), c=str(c)),
        )


# --- injects --------------------------------------------------------------------------------------


def _reinforcement_ids(ctx: Context) -> list[str]:
    return [inj.unit.id for inj in ctx.scenario.injects if isinstance(inj.unit, Unit)]


@rule("PKF407", "inject-unknown-unit")
def inject_unknown_unit(ctx: Context) -> Iterator[Finding]:
    """
    A `withdraw` or `delay` inject names a unit that does not exist.

    ## What it checks
    That the `unit:` of each withdraw and delay inject is the id of a unit in `units:` (or of a unit
    a `reinforce` inject adds).

    ## Why
    An inject that names no unit changes nothing: the exercise event the trainer planned would
    silently not happen.

    ## Example
    ```yaml
    injects:
      - {day: 40, action: withdraw, unit: kgz-company}
    ```

    ## Fix
    Write the unit's id, e.g. `unit: kgz-coy`.
    """
    ids = ctx.unit_values("id") + _reinforcement_ids(ctx)
    for k, inj in enumerate(ctx.scenario.injects):
        if inj.action in ("withdraw", "delay") and isinstance(inj.unit, str) and inj.unit not in ids:
            yield Finding(
                ("injects", k, "unit"),
                tr(
                    "the %(action)s inject names the unit `%(unit)s`, but no unit has that id%(hint)s",
                    action=inj.action,
                    unit=inj.unit,
                    hint=hint(inj.unit, ids),
                ),
                tr("write the id of a unit in `units:`"),
            )


@rule("PKF408", "inject-invalid")
def inject_invalid(ctx: Context) -> Iterator[Finding]:
    """
    An inject is incomplete or contradictory.

    ## What it checks
    - a `delay` without `duration` (how much later the unit is ready);
    - `duration` on a withdraw or reinforce inject, where it means nothing (warning);
    - a `reinforce` whose `unit:` is an id instead of a unit definition, or a withdraw or delay
      whose `unit:` is a definition instead of an id;
    - neither `day` nor `date`, or both; a negative day, or a date before the scenario's start;
    - a reinforcement whose id is already used, or whose `parent` is missing or names no unit.

    ## Why
    Injects are the trainer's exercise events ("Indestructible Brotherhood"-style exercises use them
    to test a staff's reaction). An inject that cannot be placed in time or on a unit is not applied
    the way it was meant.

    ## Example
    ```yaml
    injects:
      - {day: 20, action: delay, unit: kaz-bn}
      - {day: 30, action: reinforce, unit: rus-bn}
    ```

    ## Fix
    Add `duration: P10D` to the delay; give the reinforcement a full unit definition:
    `unit: {id: rus-bn, type: infantry_battalion, nation: RUS, parent: cc}`.
    """
    s = ctx.scenario
    ids = set(ctx.unit_values("id"))
    all_ids = ids | set(_reinforcement_ids(ctx))
    added: set[str] = set()
    for k, inj in enumerate(s.injects):
        where = ("injects", k)
        act = inj.action
        if act == "delay" and inj.duration is None:
            yield Finding(
                (*where, "action"),
                tr("the delay inject does not say by how much: it has no `duration`"),
                tr("add `duration:` (e.g. `duration: P10D`, or `{min: P5D, mode: P10D, max: P20D}`)"),
            )
        if act not in ("delay", "block") and inj.duration is not None:  # block: PKF502
            yield Finding(
                (*where, "duration"),
                tr("a %(action)s inject has a `duration`, which only a delay uses", action=act),
                tr("remove `duration:`, or make the inject `action: delay`"),
                severity=Severity.WARNING,
            )
        if inj.day is None and inj.date is None:
            yield Finding(
                where,
                tr("the %(action)s inject has neither `day` nor `date`, so it never happens", action=act),
                tr("add `day:` (days after the start, e.g. `day: 40`) or `date:` (e.g. `date: 2027-04-10`)"),
            )
        elif inj.day is not None and inj.date is not None:
            yield Finding(
                (*where, "date"),
                tr(
                    "the %(action)s inject has both `day: %(day)s` and `date: %(date)s`",
                    action=act,
                    day=format(inj.day, "g"),
                    date=str(inj.date),
                ),
                tr("keep one of them"),
            )
        elif inj.day is not None and inj.day < 0:
            yield Finding(
                (*where, "day"),
                tr(
                    "the %(action)s inject is on day %(day)s, before the scenario's start",
                    action=act,
                    day=format(inj.day, "g"),
                ),
                tr("write a day of 0 or later (days after `start`)"),
            )
        elif inj.date is not None and s.day_of(inj.date) < 0:
            yield Finding(
                (*where, "date"),
                tr(
                    "the %(action)s inject's date %(date)s is before the scenario's start (%(start)s)",
                    action=act,
                    date=str(inj.date),
                    start=str(s.start_instant.date()),
                ),
                tr("write a date on or after the start"),
            )
        unit = inj.unit
        if act == "reinforce":
            if not isinstance(unit, Unit):
                yield Finding(
                    (*where, "unit"),
                    tr(
                        "the reinforce inject names `%(unit)s`, but a reinforcement is a new unit and "
                        "needs its definition",
                        unit=unit,
                    ),
                    tr("write `unit: {id: %(unit)s, type: ..., nation: ..., parent: ...}`", unit=unit),
                )
                continue
            if unit.id in ids or unit.id in added:
                yield Finding(
                    (*where, "unit", "id"),
                    tr("the reinforcement's id `%(id)s` is already used by another unit", id=unit.id),
                    tr("give the reinforcement its own id, e.g. `%(id)s-2`", id=unit.id),
                )
            added.add(unit.id)
            if unit.parent is None:
                yield Finding(
                    (*where, "unit", "id"),
                    tr(
                        "the reinforcement `%(id)s` has no parent: it would join the force outside "
                        "the chain of command",
                        id=unit.id,
                    ),
                    tr("add `parent:` with the id of the unit that will command it (e.g. the combined command)"),
                )
            elif unit.parent not in all_ids or unit.parent == unit.id:
                yield Finding(
                    (*where, "unit", "parent"),
                    tr(
                        "the reinforcement `%(id)s` has the parent `%(parent)s`, but no unit has that id%(hint)s",
                        id=unit.id,
                        parent=unit.parent,
                        hint=hint(unit.parent, all_ids),
                    ),
                    tr("write the id of the unit that will command it"),
                )
        elif isinstance(unit, Unit):
            yield Finding(
                (*where, "unit"),
                tr("the %(action)s inject defines a new unit, but a %(action)s applies to an existing one", action=act),
                tr("write the unit's id, e.g. `unit: %(id)s`", id=unit.id),
            )


# --- simulation and lift --------------------------------------------------------------------------


@rule("PKF409", "simulation-settings")
def simulation_settings(ctx: Context) -> Iterator[Finding]:
    """
    The simulation settings cannot be run.

    ## What it checks
    `simulation.runs` from 1 to 1,000,000; `horizon` longer than zero; `step` longer than zero and
    not longer than the horizon; `ioc_share` above 0 and at most 1.

    ## Why
    The simulator samples the force-generation timeline `runs` times over `horizon` days in steps of
    `step`; initial operational capability is the day the share `ioc_share` of the required force is
    in theatre. Outside these bounds there is nothing to sample or measure, or a run would take hours.

    ## Example
    ```yaml
    simulation: {runs: 0, horizon: P180D, step: P1Y, ioc_share: 50}
    ```

    ## Fix
    `runs: 1000`, `step: P1D`, and a share as a fraction: `ioc_share: 0.5`.
    """
    sim = ctx.scenario.simulation
    where = ("simulation",)
    if sim.runs < 1 or sim.runs > 1_000_000:
        yield Finding(
            (*where, "runs"),
            tr("`runs: %(runs)s` is outside 1 to %(most)s", runs=num(sim.runs), most=num(1_000_000)),
            tr(
                "write a number of runs from 1 to %(most)s (%(usual)s is usually enough)",
                most=num(1_000_000),
                usual=num(1000),
            ),
        )
    if sim.horizon.days <= 0:
        yield Finding(
            (*where, "horizon"),
            tr("the horizon %(horizon)s is zero: there is no time to simulate", horizon=str(sim.horizon)),
            tr("write a horizon longer than zero, e.g. `horizon: P180D`"),
        )
    if sim.step.days <= 0:
        yield Finding(
            (*where, "step"),
            tr("the time step %(step)s is zero: the simulation would never advance", step=str(sim.step)),
            tr("write a step longer than zero, e.g. `step: P1D`"),
        )
    elif sim.horizon.days > 0 and sim.step.days > sim.horizon.days:
        yield Finding(
            (*where, "step"),
            tr(
                "the time step %(step)s is longer than the horizon %(horizon)s",
                step=str(sim.step),
                horizon=str(sim.horizon),
            ),
            tr("write a step shorter than the horizon, e.g. `step: P1D`"),
        )
    if not 0 < sim.ioc_share <= 1:
        share = format(sim.ioc_share, "g")
        hint = (
            tr(" (for %(pct)s%% write %(share)s)", pct=share, share=format(sim.ioc_share / 100, "g"))
            if 1 < sim.ioc_share <= 100
            else ""
        )
        yield Finding(
            (*where, "ioc_share"),
            tr("`ioc_share: %(share)s` is not a share above 0 and at most 1%(hint)s", share=share, hint=hint),
            tr(
                "write the share of the required force that marks initial operational capability as "
                "a fraction, e.g. `ioc_share: 0.5`"
            ),
        )


@rule("PKF410", "lift-invalid")
def lift_invalid(ctx: Context) -> Iterator[Finding]:
    """
    A strategic lift entry is not usable, or a contributor has no lift.

    ## What it checks
    - every value of `logistics.lift_per_day` is above zero (error);
    - every key is `default`, `multinational` or a state code (ISO 3166-1 alpha-3, or declared
      under `states:`) (error);
    - when `lift_per_day` is given without a `default`, every contributing nation (and
      `multinational`, if units have it) has an entry (warning: the simulator then uses its
      built-in default for that nation).

    ## Why
    Lift (personnel moved into theatre per day) decides when each contingent arrives. The 2021
    Protocol gives the coordinating state the task of providing transport for a UN operation; a
    contributor without an entry is moved at a rate nobody chose.

    ## Example
    ```yaml
    logistics:
      lift_per_day: {RUS: 600, kaz: 0}
    ```

    ## Fix
    Use capital state codes and rates above zero, and add `default:` for the other contributors:
    `lift_per_day: {RUS: 600, KAZ: 200, default: 150}`.
    """
    lift = ctx.scenario.logistics.lift_per_day
    if not lift:
        return  # (the contributors below are gathered only for a lift table)
    where = ("logistics", "lift_per_day")
    nations = list(dict.fromkeys(e.unit.nation for e in unit_entries(ctx)))
    for key, value in lift.items():
        if key not in ("default", MULTINATIONAL) and key not in ctx.known_states:
            hint = did_you_mean(key, [*nations, "default"]) or did_you_mean(key, ctx.known_states)
            yield Finding(
                (*where, key),
                tr("the lift entry `%(key)s` is neither `default` nor a state code%(hint)s", key=key, hint=hint),
                tr("write a contributor's ISO 3166-1 alpha-3 code in capitals, `multinational`, or `default`"),
                at="key",
            )
        if value <= 0:
            yield Finding(
                (*where, key),
                tr(
                    "the lift for `%(key)s` is %(n)s personnel a day: units would never arrive",
                    key=key,
                    n=num(value),
                ),
                tr("write the personnel that can be moved into theatre per day, above zero"),
            )
    if not lift or "default" in lift:
        return
    keys = {k.lower() for k in lift}
    for nation in nations:
        if (nation != MULTINATIONAL and nation not in ctx.known_states) or nation.lower() in keys:
            continue  # an unknown nation is PKF208's
        yield Finding(
            where,
            tr(
                "contributor `%(nation)s` has no lift entry and there is no `default`: the simulator "
                "will move its units at its built-in default rate",
                nation=nation,
            ),
            tr(
                "add `%(nation)s: <personnel per day>` or `default: <personnel per day>` under `lift_per_day:`",
                nation=nation,
            ),
            at="key",
            severity=Severity.WARNING,
        )
