"""Law on the date (PKF123-PKF128): the instruments, the operation's kind, the Council's authorisation.

The rules here read the treaty instruments of the organisation profile (the Agreement of 6 October
2007 and the Protocol of 16 September 2021: signature and each member's ratification act) against
the dates of the scenario's steps, check that the operation's kind fits its host states, that the
Protocol's own steps are used where the Protocol applies, and that the force stays within what the
Council authorised. Absence of a ratification record is never a "no": it gives an info note.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from ..diagnostics import Severity
from ..i18n.messages import Message, tr
from ..scenario.model import (
    ContributorAgreement,
    CouncilDecision,
    Instrument,
    PCRSAssignment,
)
from ..scenario.vocab import AGREEMENT, MULTINATIONAL, PROTOCOL, PROTOCOL_STEPS
from .procedure import (
    CONTRIBUTES,
    DESIGNATED,
    HOSTS,
    _council,
    _decision,
    _describe,
    _first_unit_of,
    _org,
    _time_path,
    _when,
)
from .registry import Context, Finding, Path, rule

_TITLES = {
    AGREEMENT: tr("the Agreement on Peacekeeping Activities (6 Oct 2007)"),
    PROTOCOL: tr("the Protocol of 16 Sep 2021"),
}


def _title(name: str, inst: Instrument) -> str:
    return _TITLES.get(name) or inst.title or name


def _grouped(n: int) -> str:
    """A count with grouped thousands, as a message: 1,035 in English, 1 035 in Russian (where a comma
    would read as a decimal point)."""
    text = f"{n:,}"
    head, _, tail = text.rpartition(",")
    return tr("%(thousands)s,%(units)s", thousands=_grouped(n // 1000), units=tail) if head else text


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _step_day(ctx: Context, i: int) -> date | None:
    """The calendar day of step i (its latest possible day for a date-only step), or None."""
    day = ctx.days[i]
    return None if day is None else _day(ctx.scenario.date_of(day))


# --- PKF123: acts before the instrument exists ------------------------------------------------------


@rule("PKF123", "act-before-instrument")
def act_before_instrument(ctx: Context) -> Iterator[Finding]:
    """
    A step under a treaty instrument is dated before the instrument was signed.

    ## What it checks
    - The 2021 Protocol's steps (`coordinating_state`, `un_agreement`, `contributor_agreement`,
      `pcrs_assignment`) against the Protocol's `signed` date in the organisation profile
      (16 September 2021);
    - the council's sessions and the applications of any operation other than an exercise against
      the Agreement's `signed` date (6 October 2007).

    ## Why
    An act under an instrument cannot come before the instrument: the coordinating state exists
    only since the Protocol of 16 September 2021 (Dushanbe); the Article 3 procedure only since
    the Agreement of 6 October 2007 (domain notes, sections 1 and 5). A Kazakh coordinating state
    designated in 2019 is an anachronism, usually a wrong year.

    ## Example
    ```yaml
    - {step: coordinating_state, state: KAZ, date: 2019-03-01}
    ```

    ## Fix
    Correct the date; or, for a scenario set before the Protocol, leave the step out (before
    16 September 2021 there was no coordinating state).
    """
    org = ctx.org
    if org is None:
        return
    checks: list[tuple[str, tuple[str, ...]]] = [(PROTOCOL, PROTOCOL_STEPS)]
    if ctx.scenario.operation.kind != "exercise":
        checks.append((AGREEMENT, ("application", "council_decision")))
    for name, kinds in checks:
        inst = org.instruments.get(name)
        if inst is None or inst.signed is None:
            continue
        signed = _day(inst.signed)
        for i, s in enumerate(ctx.scenario.procedure):
            day = _step_day(ctx, i)
            if s.step not in kinds or day is None or day >= signed:
                continue
            yield Finding(
                _time_path(ctx, i),
                tr(
                    "%(step)s (%(when)s) comes before %(instrument)s was signed (%(signed)s): there is no such act "
                    "before the instrument exists",
                    step=_describe(ctx, i),
                    when=_when(ctx, i),
                    instrument=_title(name, inst),
                    signed=signed.isoformat(),
                ),
                tr(
                    "correct the date (on or after %(signed)s), or leave the step out of a scenario set before the "
                    "instrument",
                    signed=signed.isoformat(),
                ),
            )


# --- PKF124: ratification by the date --------------------------------------------------------------


def _parties(ctx: Context) -> Iterator[tuple[str, str, Message, Path, date]]:
    """(instrument, state, role, where, day) for every party whose ratification matters."""
    sc, org = ctx.scenario, ctx.org
    if org is None or sc.operation.kind == "exercise":
        return
    dec = _decision(ctx)
    dec_day = _step_day(ctx, dec) if dec is not None else None
    units = _first_unit_of(ctx)
    pcrs = {s.state: i for i, s in enumerate(sc.procedure) if isinstance(s, PCRSAssignment)}
    if sc.operation.kind == "un_operation":
        for i, s in enumerate(sc.procedure):
            day = _step_day(ctx, i)
            if s.step == "coordinating_state" and day is not None:
                yield PROTOCOL, str(getattr(s, "state", "")), DESIGNATED, ("procedure", i, "state"), day
        for nation, idx in units.items():
            day = _step_day(ctx, pcrs[nation]) if nation in pcrs else dec_day
            if day is not None and org.is_member(nation, day):
                yield PROTOCOL, nation, tr("contributes to the UN operation"), ("units", idx, "nation"), day
    if dec_day is None:
        return
    for k, host in enumerate(sc.operation.hosts):
        if org.is_member(host, dec_day):
            yield AGREEMENT, host, HOSTS, sc.operation.host_path(k), dec_day
    for nation, idx in units.items():
        if nation != MULTINATIONAL and nation not in sc.operation.hosts and org.is_member(nation, dec_day):
            yield AGREEMENT, nation, CONTRIBUTES, ("units", idx, "nation"), dec_day


@rule("PKF124", "instrument-not-ratified", Severity.WARNING)
def instrument_not_ratified(ctx: Context) -> Iterator[Finding]:
    """
    A state acts under a treaty it had not yet ratified on the date, according to the data.

    ## What it checks
    The ratification records of the organisation profile (`instruments:`; a scenario may add or
    override them, e.g. for a hypothetical) on the date the state acts:

    - the 2021 Protocol for the coordinating state (on its designation) and for every member whose
      contingent joins a `un_operation` (on the deciding session, or on its own `pcrs_assignment`);
    - the 2007 Agreement for the host states and the contributors (on the deciding session);
      exercises are left out.

    A record dated after that day gives a **warning** naming the recorded date (a record with only
    `not_before:`, the last chamber vote, too when the day is earlier). A state without a record,
    or whose record cannot tell (act date not found), gets one **info note** per instrument:
    absence of a record is not a "no".

    ## Why
    A state is bound by a treaty from its ratification act (the law signed or the instrument
    deposited), not from a chamber's vote. Kazakhstan's Law No. 28-VIII ratifying the Protocol was
    signed on 26 September 2023 (Mazhilis May 2023, Senate 14 September 2023): a Kazakh
    coordinating state designated in 2022 acts under a Protocol Kazakhstan had not yet ratified.
    Sources: docs/domain.md.

    ## Example
    ```yaml
    - {step: coordinating_state, state: KAZ, date: 2022-06-01}
    ```

    ## Fix
    Choose a state that had ratified by then, move the date, or (for a hypothetical) record the
    assumed ratification: `organization: {extends: csto, instruments: {protocol_2021:
    {ratifications: {KAZ: {date: 2022-05-01, assumption: hypothetical}}}}}`.
    """
    org = ctx.org
    if org is None:
        return
    unknown: dict[str, list[str]] = {}
    first_day: dict[str, date] = {}
    seen: set[tuple[str, str]] = set()
    for name, state, role, path, day in _parties(ctx):
        inst = org.instruments.get(name)
        if inst is None or (name, state) in seen:
            continue
        seen.add((name, state))
        verdict = inst.ratified_on(state, day)
        if verdict is True:
            continue
        if verdict is None:
            unknown.setdefault(name, []).append(state)
            first_day.setdefault(name, day)
            continue
        record = inst.ratifications[state]
        when = (
            tr("its ratification act is dated %(day)s", day=_day(record.date).isoformat())
            if record.date is not None
            else tr("the last recorded step is dated %(day)s", day=_day(record.not_before).isoformat())
            if record.not_before is not None
            else tr("no act is recorded")
        )
        note = f" ({record.note})" if record.note else ""
        example = (
            f"`organization: {{extends: {org.id.lower()}, instruments: {{{name}: {{ratifications: {{{state}: "
            "{date: ..., assumption: ...}}}}}`"
        )
        yield Finding(
            path,
            tr(
                "%(state)s %(role)s on %(day)s, but according to the %(org)s profile it had not ratified "
                "%(instrument)s by then: %(when)s%(note)s",
                state=state,
                role=role,
                day=day.isoformat(),
                org=_org(org),
                instrument=_title(name, inst),
                when=when,
                note=note,
            ),
            tr(
                "choose a state that had ratified by then, move the date, or record the assumed ratification in "
                "%(example)s",
                example=example,
            ),
        )
    dec = _decision(ctx)
    where: Path = _time_path(ctx, dec) if dec is not None else ("operation", "kind")
    for name, states in unknown.items():
        inst = org.instruments[name]
        values = {"states": ", ".join(states), "instrument": _title(name, inst), "day": first_day[name].isoformat()}
        example = (
            f"`organization: {{extends: {org.id.lower()}, instruments: "
            f"{{{name}: {{ratifications: {{{states[0]}: {{date: ..., assumption: ...}}}}}}}}}}`"
        )
        yield Finding(
            where,
            tr(
                "no ratification act with a date is recorded for %(states)s of %(instrument)s: pkforce cannot "
                'tell whether it had ratified it by %(day)s (a missing record is not a "no")',
                **values,
            )
            if len(states) == 1
            else tr(
                "no ratification act with a date is recorded for %(states)s of %(instrument)s: pkforce cannot "
                'tell whether they had ratified it by %(day)s (a missing record is not a "no")',
                **values,
            ),
            tr("if the scenario assumes it, record it: %(example)s", example=example),
            severity=Severity.INFO,
        )


# --- PKF125: the kind of operation and its hosts ----------------------------------------------------


@rule("PKF125", "operation-kind-host", Severity.WARNING)
def operation_kind_host(ctx: Context) -> Iterator[Finding]:
    """
    A UN operation, or a UN-authorised CSTO operation, on a member's territory.

    ## What it checks
    That the host states of an operation of kind `un_operation` or `unsc_authorised` are not
    members of the organisation on the scenario's date.

    ## Why
    The 2021 Protocol is for UN peacekeeping operations *outside* the member states' territory
    (Kazakhstan's Senate, on ratifying it; domain notes, section 5). Under Article 3 of the 2007
    Agreement an operation on a member's territory is decided on that member's application
    (`member_territory`); a Security Council decision is the basis for an operation on a
    *non-member's* territory (CSTO Secretariat, 2 February 2023).

    ## Example
    ```yaml
    operation: {kind: un_operation, host_state: KGZ}
    ```

    ## Fix
    For an operation on a member's territory write `kind: member_territory` (with the host's
    application); otherwise correct `host_state`.
    """
    op, org = ctx.scenario.operation, ctx.org
    if org is None or op.kind not in ("un_operation", "unsc_authorised"):
        return
    what = (
        tr("the 2021 Protocol is for UN operations outside the members' territory")
        if op.kind == "un_operation"
        else tr(
            "a UN Security Council decision is the basis for an operation on a non-member's territory; on a "
            "member's territory Article 3 has the Council decide on its application"
        )
    )
    for k, host in enumerate(op.hosts):
        if org.is_member(host, ctx.on):
            yield Finding(
                op.host_path(k),
                tr(
                    "`%(host)s` is a member of the %(org)s, but the operation is of kind `%(kind)s`: %(what)s",
                    host=host,
                    org=_org(org),
                    kind=op.kind,
                    what=what,
                ),
                tr("write `kind: member_territory` with `%(host)s`'s application, or correct `host_state`", host=host),
            )


# --- PKF126: the Protocol's own steps ----------------------------------------------------------------


@rule("PKF126", "protocol-step-misplaced")
def protocol_step_misplaced(ctx: Context) -> Iterator[Finding]:
    """
    A step of the 2021 Protocol that does not fit the operation or the parties.

    ## What it checks
    - `un_agreement`, `contributor_agreement` and `pcrs_assignment` outside a `un_operation`
      (warning; an exercise may rehearse them);
    - a `contributor_agreement` with the coordinating state itself (error), or with a state that
      contributes no units (warning);
    - a `pcrs_assignment` by a state that contributes no units (warning).

    ## Why
    The Protocol of 16 September 2021 (Interfax, 3 March 2022, from its explanatory note): the
    coordinating state concludes an agreement with the UN on the terms of participation, and
    bilateral or multilateral agreements with the *other* contributing members; members may assign
    contingents registered in the UN Peacekeeping Capability Readiness System (PCRS) to a UN
    operation directly, informing the Council. All of this concerns UN peacekeeping operations.

    ## Example
    ```yaml
    - {step: coordinating_state, state: KAZ, date: 2027-03-01}
    - {step: contributor_agreement, state: KAZ, after: coordinating_state, duration: P10D}
    ```

    ## Fix
    Name the contributor the coordinating state agrees with (`state: KGZ`), add that state's
    units, or remove the step (outside a UN operation it has no basis).
    """
    sc = ctx.scenario
    kind = sc.operation.kind
    coord = {getattr(s, "state", None) for s in sc.procedure if s.step == "coordinating_state"}
    nations = set(ctx.unit_values("nation"))
    for i, s in enumerate(sc.procedure):
        if s.step not in ("un_agreement", "contributor_agreement", "pcrs_assignment"):
            continue
        if kind not in ("un_operation", "exercise"):
            yield Finding(
                ("procedure", i, "step"),
                tr(
                    "%(step)s belongs to a UN peacekeeping operation under the 2021 Protocol, but this operation is "
                    "of kind `%(kind)s`",
                    step=_describe(ctx, i),
                    kind=kind,
                ),
                tr("remove the step, or write `kind: un_operation` if the force serves in one"),
                severity=Severity.WARNING,
            )
            continue
        if isinstance(s, ContributorAgreement) and s.state in coord:
            yield Finding(
                ("procedure", i, "state"),
                tr(
                    "the agreement is with %(state)s, the coordinating state itself: the Protocol has the "
                    "coordinating state agree with the *other* contributing members",
                    state=s.state,
                ),
                tr("name the other contributor (`state:`), or remove the step"),
            )
        elif (
            isinstance(s, ContributorAgreement | PCRSAssignment)
            and s.state not in nations
            and s.state in ctx.known_states
        ):
            yield Finding(
                ("procedure", i, "state"),
                tr("%(step)s concerns %(state)s, which contributes no units", step=_describe(ctx, i), state=s.state),
                tr("add %(state)s's units, correct `state:`, or remove the step", state=s.state),
                severity=Severity.WARNING,
            )


# --- PKF127: the strength the Council authorised -----------------------------------------------------


@rule("PKF127", "exceeds-authorised")
def exceeds_authorised(ctx: Context) -> Iterator[Finding]:
    """
    The force is larger than the composition and strength the Council authorised.

    ## What it checks
    The `authorised:` of the deciding `council_decision` session (personnel, units, personnel by
    category) against the force's totals (units in `units:`; reinforcements by inject are left to
    the trainer).

    ## Why
    Composition and strength are set by a Council decision for each operation (2007 Agreement;
    domain notes, section 1). A force larger than authorised deploys what the Council did not
    decide.

    ## Example
    ```yaml
    - step: council_decision
      date: 2027-01-02
      authorised: {personnel: 500, categories: {combat: 300}}
    ```

    ## Fix
    Reduce the force to the authorised strength, or record the strength the Council authorised
    (or a later session that raised it).
    """
    dec = _decision(ctx)
    if dec is None:
        return
    step = ctx.scenario.procedure[dec]
    if not isinstance(step, CouncilDecision) or step.authorised is None:
        return
    auth = step.authorised
    totals = ctx.force.totals()
    base = ("procedure", dec, "authorised")
    checks: list[tuple[Path, Message, int | None, int]] = [
        ((*base, "personnel"), tr("personnel"), auth.personnel, totals.personnel),
        ((*base, "units"), tr("units"), auth.units, totals.units),
    ]
    by_category: dict[str, int] = {}
    for u in ctx.force.units:
        by_category[u.category or "unknown"] = by_category.get(u.category or "unknown", 0) + u.personnel
    for cat, cap in auth.categories.items():
        checks.append(
            ((*base, "categories", cat), tr("%(category)s personnel", category=cat), cap, by_category.get(cat, 0))
        )
    for path, what, limit, have in checks:
        if limit is not None and have > limit:
            yield Finding(
                path,
                tr(
                    "the force has %(have)s %(what)s, more than the %(limit)s the %(council)s authorised",
                    have=_grouped(have),
                    what=what,
                    limit=_grouped(limit),
                    council=_council(ctx.org),
                ),
                tr("reduce the force to the authorised strength, or correct `authorised:`"),
            )


# --- PKF128: nothing decided ------------------------------------------------------------------------


@rule("PKF128", "no-deployment-decided", Severity.INFO)
def no_deployment_decided(ctx: Context) -> Iterator[Finding]:
    """
    The Council sat, but no session decided the deployment: nothing deploys.

    ## What it checks
    Whether every `council_decision` session is marked `outcome: not_adopted` (a session whose
    votes fail without an `outcome:` is reported by PKF106 instead). The scenario stays valid to describe
    (summary, org and composition charts); `pkforce simulate` reports "no deployment decided"
    and deploys nothing.

    ## Why
    Consensus is the CSTO Council's rule (CSTO Charter; Rules of Procedure of 18 June 2004). Real
    requests have stayed without a decision: Kyrgyzstan in June 2010 (Eurasianet, 12 June 2010)
    and in October 2022 (Reuters, 19 October 2022).

    ## Example
    ```yaml
    - {step: council_decision, date: 2022-10-20, outcome: not_adopted}
    ```

    ## Fix
    Nothing to fix if the blocked decision is the point; otherwise add the session that decided
    (`- {step: council_decision, id: second-session, date: ...}`).
    """
    sessions = [ctx.scenario.procedure[i] for i in ctx.steps.sessions]
    if not ctx.steps.undecided or any(getattr(s, "outcome", None) != "not_adopted" for s in sessions):
        return  # a failed session without `outcome:` is PKF106's
    last = ctx.steps.sessions[-1]
    yield Finding(
        ("procedure", last, "step"),
        tr(
            'no session of the %(council)s decided the deployment: `pkforce simulate` deploys nothing ("no '
            'deployment decided")',
            council=_council(ctx.org),
        ),
        tr("nothing to fix if the blocked decision is the point; otherwise add the session that decided"),
    )
