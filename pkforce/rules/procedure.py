"""Procedure rules (PKF1xx): Article 3 of the 2007 Agreement and the 2021 Protocol.

The decision path of an operation: the host's official application, the Collective Security
Council's decision and its votes, informing the UN Security Council, a UN mandate outside member
territory, the coordinating state of a UN operation, and each contributor's own approval.

Rules about a state's role (member, host, applicant) say nothing about a code that is neither an
ISO 3166-1 code nor declared under `states:`: PKF122 reports it once, with a suggestion. Rules
that compare two steps use the first step of each kind, and for the Council the session that
decided (else its first session); PKF120 reports extra steps that may appear only once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TypeVar

from ..diagnostics import Severity
from ..i18n.messages import Joined, Message, hint, tr
from ..i18n.steps import name, step_phrase
from ..scenario.model import (
    Application,
    ContributorAgreement,
    CoordinatingStateStep,
    CouncilDecision,
    NationalApproval,
    Organization,
    PCRSAssignment,
    UNAgreement,
)
from ..scenario.types import Triangular
from ..scenario.vocab import MULTINATIONAL, STEP_KINDS
from .registry import Context, Finding, Path, rule, state_hint

_EPS = 1e-6
"""days (a tenth of a second): differences below this are rounding, not a real order of events"""

_S = TypeVar("_S")

_SINGLE_STEPS = ("un_notification", "coordinating_state", "un_agreement")
"""step kinds a procedure has at most once (sessions of the Council and mandates may repeat; applications,
agreements with contributors, PCRS assignments and approvals once per state)"""
_PER_STATE = ("application", "national_approval", "contributor_agreement", "pcrs_assignment")


HOSTS = tr("hosts the operation")
DESIGNATED = tr("is designated coordinating state")
CONTRIBUTES = tr("contributes units")
"""a state's roles, as PKF119 and PKF124 name them ("KAZ contributes units, but ...")"""

# --- helpers ----------------------------------------------------------------------------------


def _procedure_path(ctx: Context) -> Path:
    """Where to attach "the procedure lacks a step": its key, or the operation's kind without one."""
    return ("procedure",) if ctx.scenario.procedure else ("operation", "kind")


def _missing_step(ctx: Context, kind: str, message: Message, fix: Message) -> Iterator[Finding]:
    """Report that the procedure lacks a `kind` step, at the `procedure:` key (if it does lack one)."""
    if ctx.first_step(kind) is None:
        yield Finding(_procedure_path(ctx), message, fix, at="key")


def _steps(ctx: Context, kind: type[_S]) -> Iterator[tuple[int, _S]]:
    """The procedure's steps of one class, with their indices."""
    for i, s in enumerate(ctx.scenario.procedure):
        if isinstance(s, kind):
            yield i, s


def _time_path(ctx: Context, i: int) -> Path:
    """The field that sets step i's time: its date, else its duration, else its `step:` line."""
    s = ctx.scenario.procedure[i]
    field = "date" if s.date is not None else "duration" if s.duration is not None else "step"
    return ("procedure", i, field)


def _describe(ctx: Context, i: int) -> Message:
    """A step in words: "KGZ's application", "the council decision", ..."""
    return step_phrase(ctx.scenario.procedure[i])


def _instant(value: datetime) -> str:
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M")


def _when(ctx: Context, i: int) -> str:
    """Step i's date as written, or as worked out from its duration (at the most likely value)."""
    s = ctx.scenario.procedure[i]
    if s.date is not None:
        return s.date.isoformat()
    day = ctx.days[i]
    if day is None:
        return tr("an unknown date")
    text = _instant(ctx.scenario.date_of(day))
    return tr("most likely %(date)s", date=text) if isinstance(s.duration, Triangular) else text


def _span(days: float) -> str:
    """A delay in words: "12 hours", "1 day", "2.5 days"."""
    if abs(days - round(days)) < _EPS and round(days) >= 1:
        whole = round(days)
        return tr("%(n)s day", n=whole) if whole == 1 else tr("%(n)s days", n=whole)
    if days < 2:
        hours = round(days * 24, 1)
        n = format(hours, "g")
        return tr("%(n)s hour", n=n) if hours == 1 else tr("%(n)s hours", n=n)
    n = format(round(days, 1), "g")
    return tr("%(n)s days", n=n)


def _before(ctx: Context, i: int, j: int) -> bool:
    """Is step i (at the most likely durations) surely earlier than step j? A plain date covers its
    whole day, so a date-only step is not "before" a step at 23:30 on the same day."""
    a, b = ctx.days[i], ctx.days[j]
    if a is None or b is None:
        return False
    latest = a + ctx.steps.slack[i]
    return latest < b - _EPS or (ctx.steps.slack[i] > 0 and latest <= b + _EPS and a < b - _EPS)


def _decision(ctx: Context) -> int | None:
    """The session the deployment counts from: the deciding one, else the first (rules on order)."""
    return ctx.steps.deciding if ctx.steps.deciding is not None else ctx.first_step("council_decision")


def _legend(ctx: Context) -> bool:
    """An exercise: the procedure is the exercise legend, its steps optional."""
    return ctx.scenario.operation.kind == "exercise"


def _council(org: Organization | None) -> str:
    """The council's name (translated where the catalogue knows it: the Collective Security Council)."""
    return name(org.council) if org is not None else tr("Council")


def _org(org: Organization) -> str:
    """The organisation's id: CSTO (ОДКБ in Russian), or an inline organisation's own."""
    return tr("CSTO") if org.id == "CSTO" else org.id


def _known(ctx: Context, code: str) -> bool:
    return code in ctx.known_states


def _members(org: Organization, ctx: Context | None = None) -> str:
    """The members (on the reference date, when a context is given)."""
    return ", ".join(org.members_on(ctx.on) if ctx is not None else org.members_on())


def _resolve_after(ctx: Context, name: str) -> int | None:
    """The step an `after:` names: a step id, or the kind of exactly one step (for council_decision,
    the session that decided)."""
    from ..scenario.timeline import resolve_after

    return resolve_after(ctx.scenario, ctx.steps, name)


# --- PKF100-PKF104: organisation, host, application, decision ---------------------------------


@rule("PKF100", "unknown-organization")
def unknown_organization(ctx: Context) -> Iterator[Finding]:
    """
    `organization:` names no built-in organisation profile.

    ## What it checks
    That a name given as `organization:` (or as `extends:` in an inline organisation) is one of
    the profiles shipped with pkforce (`csto`; the name is not case-sensitive).

    ## Why
    The profile gives the members, the council, its decision rule and the deadlines of Article 3
    of the Agreement on Peacekeeping Activities (2007). Without it the membership, voting and
    coordinating-state rules cannot be checked, and pkforce does not guess.

    ## Example
    ```yaml
    organization: csot
    ```

    ## Fix
    Write a built-in profile's name (`organization: csto`), or describe the organisation inline
    as a mapping with `id`, `members`, `council` and `decision_rule`.
    """
    from ..data import profile_names

    org = ctx.scenario.organization
    path: Path = ("organization",)
    if isinstance(org, str) and ctx.org is None:
        written = org
    elif not isinstance(org, str) and org.extends is not None and org.extends.lower() not in profile_names():
        written, path = org.extends, ("organization", "extends")
    else:
        return
    names = profile_names()
    yield Finding(
        path,
        tr(
            "`%(name)s` is not a built-in organisation profile%(hint)s; membership, votes and deadlines cannot "
            "be checked without one",
            name=written,
            hint=hint(written, names),
        ),
        tr(
            "write one of %(names)s, or an inline mapping with `id:` and `members:`",
            names=", ".join(f"`{n}`" for n in names),
        ),
    )


@rule("PKF101", "application-missing")
def application_missing(ctx: Context) -> Iterator[Finding]:
    """
    An operation on a member's territory has no official application from the host state.

    ## What it checks
    That a `member_territory` operation's procedure has an `application` step.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): an operation on the territory
    of a member state is decided by the Collective Security Council *on the basis of that state's
    official application*.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: KGZ}
    procedure:
      - step: council_decision
        date: 2027-01-02
    ```

    ## Fix
    Add the host state's application before the decision:
    `- {step: application, by: KGZ, date: 2027-01-01}`. With several host states
    (`host_state: [KGZ, TJK]`) each applies. A host that is not a state code (`Kyrgyzstan`) is
    reported by PKF122 with the code to write; this rule speaks once the code is known.
    """
    op = ctx.scenario.operation
    if op.kind != "member_territory":
        return
    applied = {s.by for _, s in _steps(ctx, Application)}
    for k, host in enumerate(op.hosts):
        if host in applied or host not in ctx.known_states:
            continue  # an unknown code (`Kyrgyzstan`) is PKF122's, with the code to write instead
        fix = tr("add `- {step: application, by: %(host)s, date: ...}` before the council decision", host=host)
        if applied:
            message = tr(
                "the operation is on %(host)s's territory but the procedure has no official application from "
                "%(host)s: each host state applies",
                host=host,
            )
            yield Finding(op.host_path(k), message, fix)
        else:
            message = tr(
                "the operation is on %(host)s's territory but the procedure has no official application from %(host)s",
                host=host,
            )
            yield Finding(_procedure_path(ctx), message, fix, at="key")


@rule("PKF102", "host-not-member")
def host_not_member(ctx: Context) -> Iterator[Finding]:
    """
    A `member_territory` operation or an exercise whose host state is not a member on the date.

    ## What it checks
    That each `host_state` of an operation of kind `member_territory` or `exercise` is a member of
    the organisation on the scenario's date (the deciding session of the Council, else the start):
    Uzbekistan, for instance, is a member from 2006 to 2012 in the built-in profile. Suspended and
    frozen members count as members here; PKF119 warns about them.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007) lets the Collective Security
    Council decide on an operation on a *member's* territory, on its application. Outside member
    territory the forces deploy only under a UN Security Council decision (mandate); the 2021
    Protocol covers such UN operations.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: XZA}
    ```

    ## Fix
    If the operation is in that state, write `kind: unsc_authorised` (a CSTO-led operation under a
    Security Council decision) or `kind: un_operation` (a UN peacekeeping operation), with a UN
    mandate step before the council decision, e.g.
    `- {step: un_mandate, resolution: S/RES/..., date: ...}`. Otherwise correct `host_state`.
    """
    op, org = ctx.scenario.operation, ctx.org
    if op.kind not in ("member_territory", "exercise") or org is None:
        return
    for k, host in enumerate(op.hosts):
        if _known(ctx, host) and not org.is_member(host, ctx.on):
            yield _host_not_member(ctx, org, host, op.host_path(k))


def _not_member_then(ctx: Context, org: Organization, state: str) -> str:
    """Why a state is not a member on the reference date, in a few words."""
    if not org.was_ever_member(state):
        return tr("not a member of the %(org)s (%(members)s)", org=_org(org), members=_members(org, ctx))
    member = next(m for m in org.member_list if m.state == state)
    joined = member.joined.isoformat() if member.joined else tr("the start")
    span = (
        tr("member from %(joined)s until %(left)s", joined=joined, left=member.left.isoformat())
        if member.left
        else tr("member from %(joined)s", joined=joined)
    )
    return tr(
        "not a member of the %(org)s on %(day)s (%(span)s)", org=_org(org), day=ctx.on.date().isoformat(), span=span
    )


def _host_not_member(ctx: Context, org: Organization, host: str, path: Path) -> Finding:
    op = ctx.scenario.operation
    if op.kind == "exercise":
        return Finding(
            path,
            tr(
                "`%(host)s` is %(why)s: an exercise of the CPF is held on a member's territory",
                host=host,
                why=_not_member_then(ctx, org, host),
            ),
            tr("hold the exercise in a member state, or correct `host_state`"),
        )
    if ctx.first_step("un_mandate") is None:
        fix = tr(
            "if the operation is in this state, write `kind: unsc_authorised` (a CSTO-led operation) or "
            "`kind: un_operation` (a UN peacekeeping operation) and add the Security Council's decision before "
            "the council decision: `- {step: un_mandate, resolution: S/RES/..., date: ...}`; "
            "otherwise correct `host_state`"
        )
    else:
        fix = tr(
            "if the operation is in this state, write `kind: unsc_authorised` (a CSTO-led operation) or "
            "`kind: un_operation` (a UN peacekeeping operation); the UN mandate step is there; otherwise "
            "correct `host_state`"
        )
    return Finding(
        path,
        tr(
            "`%(host)s` is %(why)s: Article 3 applies to operations on members' territory; outside it the forces "
            "deploy only under a UN Security Council decision",
            host=host,
            why=_not_member_then(ctx, org, host),
        ),
        fix,
    )


@rule("PKF103", "applicant-not-host")
def applicant_not_host(ctx: Context) -> Iterator[Finding]:
    """
    The official application comes from a state other than the host state.

    ## What it checks
    That every `application` step's `by` is the operation's `host_state`.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): the Council decides on the
    basis of the official application *of the state on whose territory* the operation takes place.
    Another member cannot ask for a deployment on someone else's territory.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: KGZ}
    procedure:
      - {step: application, by: TJK, date: 2027-01-01}
    ```

    ## Fix
    Write the host state as the applicant (`by: KGZ`), or correct `host_state` if the operation is
    on the applicant's territory.
    """
    hosts = ctx.scenario.operation.hosts
    for i, step in _steps(ctx, Application):
        if step.by not in hosts and _known(ctx, step.by) and all(_known(ctx, h) for h in hosts):
            codes = [f"`{h}`" for h in hosts]
            where = codes[0]
            for code in codes[1:]:
                where = tr("%(these)s or %(that)s", these=where, that=code)
            yield Finding(
                ("procedure", i, "by"),
                tr(
                    "the application is made by `%(by)s`, but the operation is on %(where)s's territory: "
                    "Article 3 requires the host state's own official application",
                    by=step.by,
                    where=where,
                ),
                tr(
                    "write `by: %(host)s`, or add %(by)s to `host_state` if the operation is also in %(by)s",
                    host=hosts[0],
                    by=step.by,
                ),
            )


@rule("PKF104", "decision-missing")
def decision_missing(ctx: Context) -> Iterator[Finding]:
    """
    The procedure has no council decision.

    ## What it checks
    That the procedure has a `council_decision` step.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): the Collective Security Council
    decides on an operation; under the 2021 Protocol it also decides on a contribution to a UN
    operation. Without a decision no force is deployed, and units' readiness has nothing to
    count from.

    ## Example
    ```yaml
    procedure:
      - {step: application, by: KGZ, date: 2027-01-01}
      - {step: un_notification, date: 2027-01-02}
    ```

    ## Fix
    Add the decision, e.g. `- {step: council_decision, date: 2027-01-02}` (with its `votes:`).
    An `exercise` needs none: its procedure is the exercise legend.
    """
    if _legend(ctx):
        return
    yield from _missing_step(
        ctx,
        "council_decision",
        tr(
            "the procedure has no decision of the %(council)s: no deployment is decided without one",
            council=_council(ctx.org),
        ),
        tr("add `- {step: council_decision, date: ...}` (with `votes:` if the vote matters to the scenario)"),
    )


# --- PKF105-PKF107: the decision and its votes ------------------------------------------------


@rule("PKF105", "decision-before-application")
def decision_before_application(ctx: Context) -> Iterator[Finding]:
    """
    The council decision is dated before the application it is based on.

    ## What it checks
    That the council session that decided (else the first) comes at or after the first
    `application` (durations at their most likely value; a plain date covers its whole day).

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): the Council decides *on the basis
    of* the host state's official application, so the application comes first.

    ## Example
    ```yaml
    procedure:
      - {step: application, by: KGZ, date: 2027-01-05}
      - {step: council_decision, date: 2027-01-02}
    ```

    ## Fix
    Date the decision on or after the application, or count it from the application:
    `after: application` with a `duration:`.
    """
    app, dec = ctx.first_step("application"), _decision(ctx)
    if app is None or dec is None or not _before(ctx, dec, app):
        return
    yield Finding(
        _time_path(ctx, dec),
        tr(
            "the council decision (%(when)s) comes before %(application)s (%(then)s): Article 3 has the Council "
            "decide on the basis of the application",
            when=_when(ctx, dec),
            application=_describe(ctx, app),
            then=_when(ctx, app),
        ),
        tr(
            "date the decision on or after %(then)s, or write `after: application` with a `duration:`",
            then=_when(ctx, app),
        ),
    )


def _vote_path(i: int, state: str) -> Path:
    return ("procedure", i, "votes", state)


_BLOCKED_FIX = tr(
    "if the session really failed, write `outcome: not_adopted` on it (then add the later session that "
    "decided, or leave it: simulate then deploys nothing); otherwise record the vote as it must have "
    "been for a deployment (`yes`, or `abstain` where the rule allows it)"
)


def _decision_failure(
    org: Organization, votes: dict[str, str], i: int, when: datetime, fix: Message = _BLOCKED_FIX
) -> list[Finding]:
    """Why the votes of session i fail the organisation's decision rule on its day (empty if they do not)."""
    council, rule_name = _council(org), org.decision_rule
    count = org.count_votes(votes, when)
    if rule_name in ("consensus", "unanimity"):
        how = tr("consensus") if rule_name == "consensus" else tr("unanimity (every active member votes yes)")
        out = []
        for state in count.blocking:
            if votes[state] == "abstain":
                message = tr(
                    "%(state)s abstained; the %(council)s decides by %(how)s, so no deployment was decided",
                    state=state,
                    council=council,
                    how=how,
                )
            else:
                message = tr(
                    '%(state)s voted "no"; the %(council)s decides by %(how)s, so no deployment was decided',
                    state=state,
                    council=council,
                    how=how,
                )
            out.append(Finding(_vote_path(i, state), message, fix, at="entry"))
        if count.missing:
            missing = ", ".join(count.missing)
            out.append(
                Finding(
                    ("procedure", i, "votes"),
                    tr(
                        "%(states)s has no recorded vote; the %(council)s decides by %(how)s, so no deployment "
                        "was decided",
                        states=missing,
                        council=council,
                        how=how,
                    )
                    if len(count.missing) == 1
                    else tr(
                        "%(states)s have no recorded vote; the %(council)s decides by %(how)s, so no deployment "
                        "was decided",
                        states=missing,
                        council=council,
                        how=how,
                    ),
                    tr(
                        "add %(votes)s to `votes:`, or write `outcome: not_adopted` if the session failed",
                        votes=", ".join(f"`{s}: yes`" for s in count.missing),
                    ),
                    at="key",
                )
            )
        return out
    if count.decides:
        return []
    values = {"yes": count.yes, "active": len(count.active), "council": council, "need": count.need}
    return [
        Finding(
            ("procedure", i, "votes"),
            tr(
                "%(yes)s of the %(active)s active members voted yes; the %(council)s decides by majority (more "
                "than half: at least %(need)s), so no deployment was decided",
                **values,
            )
            if rule_name == "majority"
            else tr(
                "%(yes)s of the %(active)s active members voted yes; the %(council)s decides by two thirds (two "
                "thirds: at least %(need)s), so no deployment was decided",
                **values,
            ),
            fix,
            at="key",
        )
    ]


@rule("PKF106", "consensus-not-reached")
def consensus_not_reached(ctx: Context) -> Iterator[Finding]:
    """
    The recorded votes do not reach the organisation's decision rule, and nothing says the session failed.

    ## What it checks
    The `votes:` of each `council_decision` session against the profile's `decision_rule`, with
    the members as they stood on the session's day:

    - `consensus`: no active member votes `no` (abstentions are allowed);
    - `unanimity`: every active member votes `yes`;
    - `majority`: more than half of the active members vote `yes`;
    - `two_thirds`: at least two thirds of the active members vote `yes`.

    Suspended and frozen members' votes are not needed and do not count (docs/domain.md). A
    session without `votes:` is taken as decided. A session whose votes fail is reported when it
    is marked `outcome: adopted`, or when it has no `outcome:` and no later session decides: a
    blocked session followed by one that decides is a failed session, retaken. Writing
    `outcome: not_adopted` says the failure is meant (PKF129 then notes when nothing is decided).

    ## Why
    The CSTO Council decides by consensus: the CSTO Charter and the Rules of Procedure of the
    CSTO bodies (Council decision of 18 June 2004), not Article 3 of the Agreement, which says
    nothing about it (domain notes, section 5). A recorded `no` means the Collective Security
    Council did not decide the deployment that the rest of the scenario simulates.

    ## Example
    ```yaml
    - step: council_decision
      date: 2027-01-02
      votes: {BLR: yes, KAZ: yes, KGZ: yes, RUS: no, TJK: yes}
    ```

    ## Fix
    If the session really failed, write `outcome: not_adopted` on it, then add the later session
    that decided (`- {step: council_decision, id: second-session, date: ...}`), or leave it so:
    `pkforce simulate` then reports "no deployment decided". Otherwise record the vote as it must
    have been for a deployment (`yes`, or `abstain` where the rule allows it).
    """
    org = ctx.org
    if org is None:
        return
    sessions = ctx.steps.sessions
    for n, i in enumerate(sessions):
        step = ctx.scenario.procedure[i]
        assert isinstance(step, CouncilDecision)
        if not step.votes or step.outcome == "not_adopted":
            continue
        retaken = any(ctx.steps.adopted[j] for j in sessions[n + 1 :])
        if step.outcome is None and retaken:
            continue
        fix = _BLOCKED_FIX
        if step.outcome == "adopted":
            fix = tr(
                "correct the votes, or write `outcome: not_adopted` if the session failed (and add the session "
                "that decided)"
            )
        yield from _decision_failure(org, dict(step.votes), i, ctx.on_step(i), fix)


@rule("PKF107", "voter-not-member")
def voter_not_member(ctx: Context) -> Iterator[Finding]:
    """
    A state that is not a member of the organisation votes in the council decision.

    ## What it checks
    Every key of a `council_decision`'s `votes:` against the organisation's members on the
    session's day (Uzbekistan votes in 2008 but not in 2015).

    ## Why
    Only members sit in the Collective Security Council (Agreement on Peacekeeping Activities,
    2007, Article 3: the Council decides). A non-member's vote usually means a typing mistake or
    a profile that is not the one intended.

    ## Example
    ```yaml
    votes: {KAZ: yes, UZB: yes}
    ```

    ## Fix
    Remove the vote, or correct the state code.
    """
    org = ctx.org
    if org is None:
        return
    for i, step in _steps(ctx, CouncilDecision):
        when = ctx.on_step(i)
        for state in step.votes:
            if _known(ctx, state) and not org.is_member(state, when):
                was = org.was_ever_member(state)
                values = {"state": state, "council": _council(org), "org": _org(org)}
                yield Finding(
                    _vote_path(i, state),
                    tr(
                        "`%(state)s` votes in the %(council)s but is not a member of the %(org)s on %(day)s "
                        "(the session's day)",
                        day=when.date().isoformat(),
                        **values,
                    )
                    if was
                    else tr(
                        "`%(state)s` votes in the %(council)s but is not a member of the %(org)s (%(members)s)",
                        members=", ".join(org.members_on(when)),
                        **values,
                    ),
                    tr(
                        "remove `%(state)s` from `votes:`, or correct the state code; or, if the scenario assumes "
                        "it was a member then, give its dates in `organization: {extends: csto, members: [...]}`",
                        state=state,
                    )
                    if was
                    else tr("remove `%(state)s` from `votes:`, or correct the state code", state=state),
                    at="entry",
                )


# --- PKF108-PKF111: the UN Security Council ---------------------------------------------------


@rule("PKF108", "un-notification-missing")
def un_notification_missing(ctx: Context) -> Iterator[Finding]:
    """
    An operation on member territory without informing the UN Security Council.

    ## What it checks
    That a `member_territory` operation's procedure has a `un_notification` step, unless no
    session of the Council decided (there is nothing to inform of). A `un_operation` or a
    `unsc_authorised` one needs none: the UN Security Council itself mandates it.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): when the Council decides on an
    operation on a member's territory, the UN Security Council is informed immediately.

    ## Example
    ```yaml
    procedure:
      - {step: application, by: KGZ, date: 2027-01-01}
      - {step: council_decision, date: 2027-01-02}
    ```

    ## Fix
    Add `- {step: un_notification, date: ...}` on the day of the decision (or
    `after: council_decision` with a short `duration:`).
    """
    if ctx.scenario.operation.kind == "member_territory" and not ctx.steps.undecided:
        yield from _missing_step(
            ctx,
            "un_notification",
            tr(
                "the UN Security Council is never informed of the decision: Article 3 requires it to be informed "
                "immediately of an operation on a member's territory"
            ),
            tr(
                "add `- {step: un_notification, after: council_decision, duration: PT0H}` "
                "(or with the date it is informed) after the council decision"
            ),
        )


def _high_gap(ctx: Context, frm: int, to: int) -> float | None:
    """The longest time from step `frm` to step `to`, with random durations at their max.

    When `to` counts (directly or through other steps) from `frm`, only the durations in between
    count; otherwise the latest `to` is compared with the earliest `frm`.
    """
    steps, anchor = ctx.scenario.procedure, ctx.steps.anchor
    total, i, seen = 0.0, to, set()
    while i not in seen:
        if i == frm:
            return total
        seen.add(i)
        a = anchor[i]
        duration = steps[i].duration
        if a is None or duration is None:
            break
        total += duration.high
        i = a
    high = ctx.steps.fixed_days(ctx.scenario, pick="high")[to]
    low = ctx.steps.fixed_days(ctx.scenario, pick="low")[frm]
    return None if high is None or low is None else high - low


@rule("PKF109", "un-notification-late", Severity.WARNING)
def un_notification_late(ctx: Context) -> Iterator[Finding]:
    """
    The UN Security Council is informed later than allowed after the decision, or before it.

    ## What it checks
    That the `un_notification` comes at or after the `council_decision` and no later than the
    decision plus the organisation's `un_notification` delay (`P1D` unless the profile says
    otherwise). A random duration counts at its `max` for lateness. A plain date covers its whole
    day: a date-only notification on the day of a 23:30 decision is neither early nor late.
    With several sessions, the decision is the session that decided.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): the UN Security Council is
    informed *immediately*. The sources give no number for "immediately": pkforce takes it as a
    configurable longest delay, one day by default (`un_notification:` in the organisation). That
    bound is an assumption, hence a warning by default. Informing the UN of a decision not yet
    taken is a mistake in the dates.

    ## Example
    ```yaml
    - {step: council_decision, date: 2027-01-02}
    - {step: un_notification, date: 2027-01-09}
    ```

    ## Fix
    Date the notification on the day of the decision, or count it from the decision with a short
    duration (`after: council_decision`, `duration: PT6H`). If the scenario assumes a longer delay,
    set `un_notification:` in an inline organisation.
    """
    note, dec = ctx.first_step("un_notification"), _decision(ctx)
    if note is None or dec is None:
        return
    limit = ctx.org.un_notification if ctx.org is not None else None
    if _before(ctx, note, dec):
        yield Finding(
            _time_path(ctx, note),
            tr(
                "the UN Security Council is informed (%(when)s) before the council decision (%(decided)s): "
                "Article 3 has it informed of the decision once taken",
                when=_when(ctx, note),
                decided=_when(ctx, dec),
            ),
            tr(
                "date the notification on or after %(decided)s, or write `after: council_decision` with a short "
                "`duration:`",
                decided=_when(ctx, dec),
            ),
        )
        return
    gap = _high_gap(ctx, dec, note)
    # a date-only decision may have been taken late on its day: only a gap beyond that is late
    slack = ctx.steps.slack[dec] if ctx.steps.anchor[note] is None else 0.0
    if limit is None or gap is None or gap - slack <= limit.days + _EPS:
        return
    random = isinstance(ctx.scenario.procedure[note].duration, Triangular)
    actual = tr("up to %(span)s (its duration's max)", span=_span(gap)) if random else _span(gap)
    yield Finding(
        _time_path(ctx, note),
        tr(
            "the UN Security Council is informed %(actual)s after the council decision; Article 3 says "
            "immediately, which the %(org)s profile takes as at most %(limit)s (`un_notification: %(setting)s`)",
            actual=actual,
            org=_org(ctx.org) if ctx.org else tr("organisation"),
            limit=_span(limit.days),
            setting=str(limit),
        ),
        tr(
            "inform it within %(limit)s of the decision (e.g. `after: council_decision` with `duration: PT6H`), "
            "or set a longer `un_notification:` in an inline organisation",
            limit=_span(limit.days),
        ),
    )


@rule("PKF110", "un-mandate-missing")
def un_mandate_missing(ctx: Context) -> Iterator[Finding]:
    """
    A UN operation, or a UN-authorised operation, has no UN Security Council mandate.

    ## What it checks
    That an operation of kind `un_operation` or `unsc_authorised` has a `un_mandate` step. (A
    `member_territory` operation in a non-member state is reported by PKF102, whose fix adds the
    mandate.)

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): outside member territory the
    forces deploy only on a UN Security Council decision (mandate), per the CSTO Secretariat's
    commentary of 2 February 2023 (a CSTO-led, `unsc_authorised` operation); the 2021 Protocol
    provides for the forces serving in UN peacekeeping operations, which the Security Council
    mandates.

    ## Example
    ```yaml
    operation: {kind: un_operation, host_state: XZA}
    procedure:
      - {step: council_decision, date: 2027-03-01}
    ```

    ## Fix
    Add the mandate before the council decision:
    `- {step: un_mandate, resolution: S/RES/... (2027), date: ...}`.
    """
    kind = ctx.scenario.operation.kind
    if kind in ("un_operation", "unsc_authorised"):
        yield from _missing_step(
            ctx,
            "un_mandate",
            tr(
                "the operation is a UN operation but the procedure has no UN Security Council mandate: outside "
                "member territory the forces deploy only under one (Article 3)"
            )
            if kind == "un_operation"
            else tr(
                "the operation is authorised by the UN Security Council but the procedure has no UN Security "
                "Council mandate: outside member territory the forces deploy only under one (Article 3)"
            ),
            tr("add `- {step: un_mandate, resolution: S/RES/..., date: ...}` before the council decision"),
        )


@rule("PKF111", "mandate-after-decision")
def mandate_after_decision(ctx: Context) -> Iterator[Finding]:
    """
    The UN mandate is dated after the council decision that rests on it.

    ## What it checks
    That the first `un_mandate` comes at or before the council session that decided (later
    `un_mandate` steps are renewals).

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): outside member territory the
    Council may decide on an operation only on the basis of a UN Security Council decision; the
    mandate must exist when the Council decides.

    ## Example
    ```yaml
    - {step: council_decision, date: 2027-03-01}
    - {step: un_mandate, date: 2027-03-10}
    ```

    ## Fix
    Date the mandate on or before the decision, or the decision on or after the mandate.
    """
    mandate, dec = ctx.first_step("un_mandate"), _decision(ctx)
    if mandate is None or dec is None or not _before(ctx, dec, mandate):
        return
    yield Finding(
        _time_path(ctx, mandate),
        tr(
            "the UN mandate (%(when)s) comes after the council decision (%(decided)s): the Council decides on the "
            "basis of the mandate, so the mandate comes first",
            when=_when(ctx, mandate),
            decided=_when(ctx, dec),
        ),
        tr(
            "date the mandate on or before %(decided)s, or move the decision after the mandate",
            decided=_when(ctx, dec),
        ),
    )


# --- PKF112-PKF114, PKF121: the coordinating state --------------------------------------------


@rule("PKF112", "coordinating-state-missing")
def coordinating_state_missing(ctx: Context) -> Iterator[Finding]:
    """
    No coordinating state is designated where the organisation requires one.

    ## What it checks
    That the procedure has a `coordinating_state` step when the profile's `coordinating_state`
    rule is `required_for_un_operations` and the operation is a `un_operation`, or when the rule
    is `always`.

    ## Why
    Protocol of 16 September 2021 amending the Agreement on Peacekeeping Activities: when the
    forces serve in a UN peacekeeping operation, the Council designates a coordinating state that
    organises and supports them (logistics, financing, transport); the force is formed under its
    aegis and other members' contingents join through agreements with it.

    ## Example
    ```yaml
    operation: {kind: un_operation, host_state: XZA}
    procedure:
      - {step: un_mandate, date: 2027-02-20}
      - {step: council_decision, date: 2027-03-01}
    ```

    ## Fix
    Add the designation at or after the decision:
    `- {step: coordinating_state, state: KAZ, date: 2027-03-01}`.
    """
    org = ctx.org
    if org is None:
        return
    kind = ctx.scenario.operation.kind
    if org.coordinating_state == "always":
        why = tr("the %(org)s profile requires one for every operation (`coordinating_state: always`)", org=_org(org))
    elif org.coordinating_state == "required_for_un_operations" and kind == "un_operation":
        why = tr("the 2021 Protocol has the Council designate one when the forces serve in a UN operation")
    else:
        return
    yield from _missing_step(
        ctx,
        "coordinating_state",
        tr("no coordinating state is designated: %(why)s", why=why),
        tr(
            "add `- {step: coordinating_state, state: <a member>, after: council_decision, duration: PT0H}` "
            "(or with its date)"
        ),
    )


@rule("PKF113", "coordinating-state-not-member")
def coordinating_state_not_member(ctx: Context) -> Iterator[Finding]:
    """
    The coordinating state is not a member of the organisation.

    ## What it checks
    That the `state` of every `coordinating_state` step is a member.

    ## Why
    Protocol of 16 September 2021: the Council designates one of the *member states* as the
    coordinating state; the others' contingents join through agreements with it.

    ## Example
    ```yaml
    - {step: coordinating_state, state: UZB, date: 2027-03-01}
    ```

    ## Fix
    Designate a member state (one that contributes units, usually the largest contributor).
    """
    org = ctx.org
    if org is None:
        return
    for i, step in _steps(ctx, CoordinatingStateStep):
        if _known(ctx, step.state) and not org.is_member(step.state, ctx.on_step(i)):
            yield Finding(
                ("procedure", i, "state"),
                tr(
                    "`%(state)s` is designated coordinating state but is not a member of the %(org)s on %(day)s: "
                    "the 2021 Protocol has the Council designate one of its members",
                    state=step.state,
                    org=_org(org),
                    day=ctx.on_step(i).date().isoformat(),
                ),
                tr("designate a member (%(members)s)", members=", ".join(org.members_on(ctx.on_step(i)))),
            )


@rule("PKF114", "coordinating-state-before-decision")
def coordinating_state_before_decision(ctx: Context) -> Iterator[Finding]:
    """
    The coordinating state is designated before the council decision.

    ## What it checks
    That the first `coordinating_state` step comes at or after the council session that decided
    (else the first session).

    ## Why
    Protocol of 16 September 2021: the Council designates the coordinating state, so the
    designation is part of, or follows, its decision.

    ## Example
    ```yaml
    - {step: coordinating_state, state: KAZ, date: 2027-02-25}
    - {step: council_decision, date: 2027-03-01}
    ```

    ## Fix
    Date the designation on or after the decision, or write `after: council_decision` with a
    duration (`PT0H` for the same sitting).
    """
    cs, dec = ctx.first_step("coordinating_state"), _decision(ctx)
    if cs is None or dec is None or not _before(ctx, cs, dec):
        return
    yield Finding(
        _time_path(ctx, cs),
        tr(
            "%(step)s (%(when)s) comes before the council decision (%(decided)s): under the 2021 Protocol the "
            "Council designates it, at or after its decision",
            step=_describe(ctx, cs),
            when=_when(ctx, cs),
            decided=_when(ctx, dec),
        ),
        tr(
            "date it on or after %(decided)s, or write `after: council_decision` with `duration: PT0H`",
            decided=_when(ctx, dec),
        ),
    )


@rule("PKF121", "coordinating-state-unexpected", Severity.WARNING)
def coordinating_state_unexpected(ctx: Context) -> Iterator[Finding]:
    """
    A coordinating state is designated where the organisation does not provide one.

    ## What it checks
    A `coordinating_state` step when the profile's rule is `never`, or in a `member_territory` or
    `unsc_authorised` operation when the rule is `required_for_un_operations`. (In an `exercise`
    the procedure is the legend and may rehearse any step.)

    ## Why
    The Protocol of 16 September 2021 introduces the coordinating state for the forces serving in
    a UN peacekeeping operation. An operation on a member's territory under Article 3 of the 2007
    Agreement has no such role, nor has a CSTO-led operation authorised by the UN Security Council
    (a `unsc_authorised` operation is not a UN peacekeeping operation: CSTO Secretariat, 2 February
    2023); a lead nation there is a matter of the combined command.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: KGZ}
    procedure:
      - {step: coordinating_state, state: KAZ, date: 2027-01-02}
    ```

    ## Fix
    Remove the step (put a lead nation in a `note:`), or, if the scenario assumes a different
    arrangement, set `coordinating_state: always` in an inline organisation.
    """
    org, cs = ctx.org, ctx.first_step("coordinating_state")
    if org is None or cs is None:
        return
    if org.coordinating_state == "never":
        why = tr("the %(org)s profile provides no coordinating state (`coordinating_state: never`)", org=_org(org))
    elif org.coordinating_state == "required_for_un_operations" and ctx.scenario.operation.kind in (
        "member_territory",
        "unsc_authorised",
    ):
        why = (
            tr(
                "the 2021 Protocol provides one for UN peacekeeping operations, and this operation is on a "
                "member's territory"
            )
            if ctx.scenario.operation.kind == "member_territory"
            else tr(
                "the 2021 Protocol provides one for UN peacekeeping operations, and this operation is a CSTO-led "
                "operation authorised by the Security Council, not a UN peacekeeping operation"
            )
        )
    else:
        return
    yield Finding(
        ("procedure", cs, "step"),
        tr("a coordinating state is designated, but %(why)s", why=why),
        tr(
            "remove the step (write a lead nation in a `note:`), or set `coordinating_state: always` in an "
            "inline organisation"
        ),
    )


# --- PKF115, PKF116, PKF120: order and timing of the steps ------------------------------------


def _reported_elsewhere(ctx: Context) -> set[tuple[int, int]]:
    """(step, dependency) pairs whose order PKF105, PKF109, PKF111 and PKF114 report."""
    first = {
        kind: ctx.first_step(kind) for kind in ("application", "un_mandate", "coordinating_state", "un_notification")
    }
    dec = _decision(ctx)
    pairs = [
        (dec, first["application"]),
        (dec, first["un_mandate"]),
        (first["coordinating_state"], dec),
        (first["un_notification"], dec),
    ]
    return {(a, b) for a, b in pairs if a is not None and b is not None}


def _dependencies(ctx: Context) -> Iterator[tuple[int, int, Message]]:
    """(step, dependency, why) in procedure order: a dated step's `after:`, then the implicit order."""
    steps = ctx.scenario.procedure
    dec = _decision(ctx)
    first_app, first_mandate = ctx.first_step("application"), ctx.first_step("un_mandate")
    coord = ctx.first_step("coordinating_state")
    pcrs = {s.state: i for i, s in enumerate(steps) if isinstance(s, PCRSAssignment)}
    for i, s in enumerate(steps):
        if isinstance(s, NationalApproval) and s.state in pcrs:
            yield i, pcrs[s.state], tr("the state approves sending the contingent it assigns through the PCRS")
            continue
        if s.date is not None and s.after is not None:
            j = _resolve_after(ctx, s.after)
            if j is not None and j != i:
                yield i, j, tr("it says `after: %(after)s`", after=s.after)
        if s.step in ("un_agreement", "contributor_agreement") and coord is not None and i != coord:
            yield i, coord, tr("the coordinating state concludes it once designated (2021 Protocol)")
        if dec is None:
            continue
        if s.step in ("national_approval", "coordinating_state", "un_notification") and i != dec:
            yield i, dec, tr("it follows from the council decision")
        if i == dec:
            for j in (first_app, first_mandate):
                if j is not None:
                    yield i, j, tr("the Council decides on its basis")


@rule("PKF115", "step-before-dependency")
def step_before_dependency(ctx: Context) -> Iterator[Finding]:
    """
    A step comes before the step it depends on.

    ## What it checks
    - A dated step with `after:` that is dated before the step `after` names;
    - the order the procedure implies: national approvals, the coordinating state's designation
      and the UN notification at or after the council decision; the decision at or after the
      application and the UN mandate.

    The orders that PKF105, PKF109, PKF111 and PKF114 report (decision and application,
    notification and decision, mandate and decision, coordinating state and decision) are left
    to them. Durations count at their most likely value.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007): the Council decides on the
    basis of the application (or of a UN mandate); each contributor then approves sending its own
    contingent (domain brief, section 2: national laws on sending forces abroad). A national
    approval of a deployment not yet decided is a mistake in the dates that would let its units
    start early in the simulation.

    ## Example
    ```yaml
    - {step: council_decision, date: 2027-01-02}
    - {step: national_approval, state: KAZ, date: 2026-12-20}
    ```

    ## Fix
    Correct the date, or count the step from the one it depends on:
    `after: council_decision` with a `duration:`.
    """
    covered = _reported_elsewhere(ctx)
    done: set[int] = set()
    for i, j, why in _dependencies(ctx):
        if i in done or (i, j) in covered or not _before(ctx, i, j):
            continue
        done.add(i)
        target = ctx.scenario.procedure[j].id or ctx.scenario.procedure[j].step
        yield Finding(
            _time_path(ctx, i),
            tr(
                "%(step)s (%(when)s) comes before %(other)s (%(then)s), though %(why)s",
                step=_describe(ctx, i),
                when=_when(ctx, i),
                other=_describe(ctx, j),
                then=_when(ctx, j),
                why=why,
            ),
            tr(
                "date it on or after %(then)s, or replace the date with `after: %(target)s` and a `duration:`",
                then=_when(ctx, j),
                target=target,
            ),
        )


@rule("PKF116", "step-timing")
def step_timing(ctx: Context) -> Iterator[Finding]:
    """
    A step's time cannot be worked out, or the scenario's time zone is not one.

    ## What it checks
    - Each step has either a `date` or a `duration` (not neither, not both); the first step has a
      date;
    - `after:` names a step `id`, or the kind of exactly one step;
    - `after:` references do not go round in a circle;
    - `timezone:` is `UTC`, an offset such as `+06:00`, or an IANA name such as `Asia/Bishkek`.

    ## Why
    Every readiness in the force counts from these steps (the council decision, each national
    approval). A step without a time leaves the units behind it without a start; a guessed one
    would make the simulation wrong without saying so.

    ## Example
    ```yaml
    - {step: national_approval, state: KAZ, after: council_decison, duration: P7D}
    ```

    ## Fix
    Give the step a `date:` or a `duration:` counted from `after:`; where several steps share a
    kind, give the one meant an `id:` and refer to that.
    """
    steps = ctx.scenario.procedure
    for p in ctx.steps.problems:
        s = steps[p.index]
        where = ("procedure", p.index, p.field)
        label = _describe(ctx, p.index)
        if p.kind == "both-times":
            yield Finding(
                where,
                tr("%(step)s has both a `date` and a `duration`: pkforce uses the date", step=label),
                tr("keep the `date`, or remove it and keep the `duration` (counted from `after:`)"),
            )
        elif p.kind == "no-time" and p.index == 0 and s.duration is not None:
            yield Finding(
                where,
                tr("%(step)s is the first step and has a duration but no date to count it from", step=label),
                tr("give the first step a `date:` (or set `after:` to a step with a date)"),
            )
        elif p.kind == "no-time":
            yield Finding(
                where,
                tr("%(step)s has neither a `date` nor a `duration`: its time is unknown", step=label),
                tr("add `date: YYYY-MM-DD`, or a `duration:` counted from `after:` (default: the previous step)"),
            )
        elif p.kind == "unknown-after" and s.after in STEP_KINDS:
            if s.after == "council_decision":
                continue  # PKF104 reports the missing decision
            yield Finding(
                where,
                tr("`after: %(after)s` names no step: the procedure has no `%(after)s` step", after=s.after),
                tr("add the `%(after)s` step, or count from another step", after=s.after),
            )
        elif p.kind == "unknown-after":
            names = [x.id for x in steps if x.id] + sorted({x.step for x in steps})
            yield Finding(
                where,
                tr("`after: %(after)s` names no step%(hint)s", after=s.after, hint=hint(str(s.after), names)),
                tr("write the `id` of a step, or the kind of a step that appears once"),
            )
        elif p.kind == "ambiguous-after":
            same = ctx.steps_of(str(s.after))
            yield Finding(
                where,
                tr(
                    "`after: %(after)s` is ambiguous: %(n)s steps are `%(after)s` (%(which)s)",
                    after=s.after,
                    n=len(same),
                    which=Joined(_describe(ctx, j) for j in same),
                ),
                tr(
                    "give the step you mean an `id:` (e.g. `id: %(after)s-1`) and write `after:` with that id",
                    after=s.after,
                ),
            )
        else:  # cycle
            yield Finding(
                where,
                _on_cycle(label, p.detail),
                tr("break the circle: give one of these steps a `date:`, or point its `after:` elsewhere"),
            )
    tz = ctx.scenario.timezone
    if tz is not None:
        from ..scenario.types import parse_timezone

        try:
            parse_timezone(tz)
        except ValueError:
            from zoneinfo import available_timezones

            yield Finding(
                ("timezone",),
                tr("`%(tz)s` is not a time zone%(hint)s", tz=tz, hint=hint(tz, available_timezones())),
                tr("write `UTC`, an offset such as `+06:00`, or an IANA name such as `Asia/Bishkek`"),
            )


def _on_cycle(label: Message, detail: str) -> Message:
    """PKF116's words for a step on a circle of `after:` references (the timeline's two details)."""
    if detail == "counts from itself":
        return tr("%(step)s counts from itself: its time cannot be worked out", step=label)
    if detail == "is part of a cycle of `after` references":
        return tr("%(step)s is part of a cycle of `after` references: its time cannot be worked out", step=label)
    return tr("%(step)s %(detail)s: its time cannot be worked out", step=label, detail=detail)


@rule("PKF120", "duplicate-step")
def duplicate_step(ctx: Context) -> Iterator[Finding]:
    """
    A step that the procedure has only once appears twice.

    ## What it checks
    That there is at most one `un_notification`, `coordinating_state` and `un_agreement` step, and
    at most one `application`, `national_approval`, `contributor_agreement` and `pcrs_assignment`
    per state. Several `council_decision` sessions (a failed one, then one that decides) and
    several `un_mandate` steps (renewals) are allowed.

    ## Why
    Article 3 of the Agreement on Peacekeeping Activities (2007) describes one application per
    host state and one notification of the UN Security Council per operation; the 2021 Protocol
    one coordinating state and one agreement with the UN. With two, it is unclear which one the
    force waits for (pkforce uses the first).

    ## Example
    ```yaml
    - {step: coordinating_state, state: KAZ, date: 2027-01-02}
    - {step: coordinating_state, state: RUS, date: 2027-01-05}
    ```

    ## Fix
    Keep one of them, or merge the second into the first.
    """
    seen: dict[tuple[str, str], int] = {}
    for i, s in enumerate(ctx.scenario.procedure):
        key: tuple[str, str]
        if s.step in _PER_STATE:
            state = s.by if isinstance(s, Application) else str(getattr(s, "state", ""))
            key = (s.step, state)
            what = tr("a second `%(kind)s` step for %(state)s", kind=s.step, state=state)
        elif s.step in _SINGLE_STEPS:
            key = (s.step, "")
            what = tr("a second `%(kind)s` step", kind=s.step)
        else:  # sessions and mandates may repeat
            continue
        if key not in seen:
            seen[key] = i
            continue
        yield Finding(
            ("procedure", i, "step"),
            tr(
                "%(what)s (the first is step %(n)s of the procedure): the procedure has one, and pkforce uses the "
                "first",
                what=what,
                n=seen[key] + 1,
            ),
            tr("remove this step or merge it into the first"),
        )


# --- PKF117-PKF119: contributors and members --------------------------------------------------


def _first_unit_of(ctx: Context) -> dict[str, int]:
    """Contributing nation -> index of its first unit (multinational units excluded); found once
    per scenario (three rules ask, each over every unit)."""
    found = ctx.memo.get("first_unit_of")
    if isinstance(found, dict):
        return found
    out: dict[str, int] = {}
    for idx, unit in enumerate(ctx.scenario.units):
        if unit.nation != MULTINATIONAL:
            out.setdefault(unit.nation, idx)
    ctx.memo["first_unit_of"] = out
    return out


@rule("PKF117", "approval-missing", Severity.WARNING)
def approval_missing(ctx: Context) -> Iterator[Finding]:
    """
    A contributing state has no national approval step.

    ## What it checks
    That every state with units (other than `multinational` ones) has a `national_approval` step.
    The host states are left out: their units serve at home and are not sent abroad. An
    `exercise` is left out too: its procedure is the legend, and its steps are optional.

    ## Why
    Sending a contingent abroad needs each contributor's own decision, with its own delay
    (domain brief, section 2): in Russia a Federation Council resolution (Federal Law 93-FZ), in
    Kazakhstan the procedure of Law No. 320-V involving Parliament, in Kyrgyzstan the Jogorku
    Kenesh. Without the step its units wait only for the council decision, which is usually too
    early.

    ## Example
    ```yaml
    units:
      - {id: rus-fpu, type: formed_police_unit, nation: RUS}   # no national_approval for RUS
    ```

    ## Fix
    Add the approval, counted from the decision:
    `- {step: national_approval, state: RUS, body: Federation Council, after: council_decision,
    duration: P1D}`.
    """
    if _legend(ctx):
        return
    approved = {s.state for s in ctx.scenario.procedure if isinstance(s, NationalApproval)}
    defaults = ctx.org.national_approval if ctx.org is not None else {}
    hosts = ctx.scenario.operation.hosts
    for nation, idx in _first_unit_of(ctx).items():
        if (
            nation in approved
            or nation in hosts
            or not _known(ctx, nation)
            or (ctx.org is not None and not ctx.org.is_member(nation, ctx.on))
        ):  # PKF208 reports non-members
            continue
        default = defaults.get(nation)
        duration = str(default.delay) if default and default.delay else "P14D"
        body_field = f"body: {default.body}, " if default else ""
        yield Finding(
            ("units", idx, "nation"),
            tr(
                "%(nation)s contributes units but has no `national_approval` step: its units will wait only for "
                "the council decision, though each contributor needs its own decision to send forces abroad "
                "(%(nation)s: %(body)s)",
                nation=nation,
                body=name(default.body),
            )
            if default
            else tr(
                "%(nation)s contributes units but has no `national_approval` step: its units will wait only for "
                "the council decision, though each contributor needs its own decision to send forces abroad",
                nation=nation,
            ),
            tr(
                "add `- {step: national_approval, state: %(nation)s, %(body)safter: council_decision, "
                "duration: %(duration)s}`",
                nation=nation,
                body=body_field,
                duration=duration,
            ),
        )


@rule("PKF118", "approval-without-units", Severity.WARNING)
def approval_without_units(ctx: Context) -> Iterator[Finding]:
    """
    A national approval for a state that contributes no units.

    ## What it checks
    That the state of every `national_approval` step has units in the force (in `units:` or in a
    `reinforce` inject).

    ## Why
    A contributor's approval sends its own contingent abroad (domain brief, section 2); with no
    contingent it changes nothing in the simulation. It is often a typing mistake in `state:` or
    a contingent left out of `units:`.

    ## Example
    ```yaml
    - {step: national_approval, state: TJK, after: council_decision, duration: P14D}
    # ... and no unit has nation: TJK
    ```

    ## Fix
    Add the state's units, correct `state:`, or remove the step.
    """
    nations = set(ctx.unit_values("nation"))
    nations |= {
        inj.unit.nation for inj in ctx.scenario.injects if inj.unit is not None and not isinstance(inj.unit, str)
    }
    for i, step in _steps(ctx, NationalApproval):
        if step.state not in nations and _known(ctx, step.state):
            yield Finding(
                ("procedure", i, "state"),
                tr("%(state)s approves sending a contingent but has no units in the force", state=step.state),
                tr("add %(state)s's units, correct `state:`, or remove the step", state=step.state),
            )


@rule("PKF119", "suspended-member", Severity.WARNING)
def suspended_member(ctx: Context) -> Iterator[Finding]:
    """
    A suspended or frozen member hosts, applies, coordinates or contributes units.

    ## What it checks
    Whether a member whose status on the scenario's date (the deciding session, else the start)
    is `suspended` or `frozen` is a host state, an applicant, the coordinating state or a
    contributor; one warning per state and role, at its first use. Statuses carry dates: Armenia
    is active in a 2011 scenario and frozen in a 2027 one.

    ## Why
    A member's status matters to a scenario: Armenia froze its participation in the CSTO in 2024
    (a unilateral act, not the Charter's formal suspension) and refused to host a 2023 exercise;
    the 2024 "Indestructible Brotherhood" took place without it (domain notes, sections 1 and 5).

    ## Example
    ```yaml
    units:
      - {id: arm-coy, type: infantry_company, nation: ARM}
    ```

    ## Fix
    Choose an active member, or, if the scenario assumes the state has resumed its participation,
    set its status to `active` in an inline organisation.
    """
    org = ctx.org
    if org is None:
        return
    status = {m.state: m.status_on(ctx.on) for m in org.member_list}
    suspended = {m.state: m for m in org.member_list if status[m.state] in ("suspended", "frozen")}
    if not suspended:
        return
    op = ctx.scenario.operation
    uses: list[tuple[Message, str, Path]] = [(HOSTS, h, op.host_path(k)) for k, h in enumerate(op.hosts)]
    for i, s in enumerate(ctx.scenario.procedure):
        if isinstance(s, Application):
            uses.append((tr("applies for the operation"), s.by, ("procedure", i, "by")))
        elif isinstance(s, CoordinatingStateStep):
            uses.append((DESIGNATED, s.state, ("procedure", i, "state")))
    for nation, idx in _first_unit_of(ctx).items():
        uses.append((CONTRIBUTES, nation, ("units", idx, "nation")))
    seen: set[tuple[Message, str]] = set()
    for role, state, path in uses:
        if state not in suspended or (role, state) in seen:
            continue
        seen.add((role, state))
        note = suspended[state].note
        reason = f" ({note.split(';')[0].split('. ')[0].strip().rstrip('.')})" if note else ""
        values = {"state": state, "role": role, "org": _org(org), "day": ctx.on.date().isoformat(), "reason": reason}
        yield Finding(
            path,
            tr("%(state)s %(role)s, but its participation in the %(org)s is frozen on %(day)s%(reason)s", **values)
            if status[state] == "frozen"
            else tr(
                "%(state)s %(role)s, but its participation in the %(org)s is suspended on %(day)s%(reason)s", **values
            ),
            tr(
                "choose an active member, or set `{state: %(state)s, status: active}` in an inline organisation "
                "if the scenario assumes it has resumed",
                state=state,
            ),
        )


# --- PKF122: state codes ----------------------------------------------------------------------


@rule("PKF122", "unknown-state")
def unknown_state(ctx: Context) -> Iterator[Finding]:
    """
    A state code that is neither an ISO 3166-1 alpha-3 code nor declared under `states:`.

    ## What it checks
    The state codes of the operation and the procedure: `host_state`, the application's `by`,
    the keys of `votes:`, the coordinating state and each national approval's `state`. Also that
    the keys of `states:` are three capital letters. (Units' nations are checked by the
    composition rules.)

    ## Why
    The scenario format names states by ISO 3166-1 alpha-3 codes, the codes the CSTO members'
    ratifications and the UN use (ARM, BLR, KAZ, KGZ, RUS, TJK). Fictional states take a
    user-assigned code (XAA-XZZ) and must be declared, so a typing mistake is never taken for a
    new state.

    ## Example
    ```yaml
    operation: {kind: member_territory, host_state: KGY}
    ```

    ## Fix
    Correct the code (the message suggests the nearest one), or declare it:
    `states: {XZA: Republic of Zarkana}`.
    """
    from ..data import is_user_assigned

    sc, org = ctx.scenario, ctx.org
    members = [m.state for m in org.member_list] if org is not None else []
    preferred = (*members, *sorted(sc.states))  # a tuple: did-you-mean takes it as it is, per finding
    uses: list[tuple[str, Path, str]] = [
        (h, sc.operation.host_path(k), "value") for k, h in enumerate(sc.operation.hosts)
    ]
    for i, s in enumerate(sc.procedure):
        if isinstance(s, Application):
            uses.append((s.by, ("procedure", i, "by"), "value"))
        elif isinstance(s, CouncilDecision):
            uses.extend((state, _vote_path(i, state), "key") for state in s.votes)
        elif isinstance(s, CoordinatingStateStep | NationalApproval | ContributorAgreement | PCRSAssignment) or (
            isinstance(s, UNAgreement) and s.state is not None
        ):
            assert s.state is not None
            uses.append((s.state, ("procedure", i, "state"), "value"))
    unknown_fix = tr(  # the same for every code: made once (a file may hold thousands of bad codes)
        "correct the code; a fictional state takes a user-assigned code (XAA-XZZ) declared under "
        "`states:`, e.g. `states: {XZA: Republic of Zarkana}`"
    )
    for code, path, at in uses:
        if _known(ctx, code):
            continue
        if is_user_assigned(code):
            yield Finding(
                path,
                tr("`%(code)s` is a user-assigned code, so it must be declared under `states:`", code=code),
                tr("add `states: {%(code)s: <the state's name>}`", code=code),
                at=at,
            )
            continue
        yield Finding(
            path,
            tr(
                "`%(code)s` is not an ISO 3166-1 alpha-3 state code, nor declared under `states:`%(hint)s",
                code=code,
                hint=_state_hint(code, preferred, ctx.state_names),
            ),
            unknown_fix,
            at=at,
        )
    for key in sc.states:
        if not (len(key) == 3 and key.isascii() and key.isalpha() and key.isupper()):
            yield Finding(
                ("states", key),
                tr("`%(key)s` is not a state code: codes are three capital letters", key=key),
                tr("use an ISO 3166-1 alpha-3 code, or a user-assigned one such as `XZA` for a fictional state"),
                at="key",
            )


def _state_hint(code: str, preferred: tuple[str, ...], names: dict[str, str]) -> str:
    """:func:`~pkforce.rules.registry.state_hint` as a message: `` (did you mean `KAZ`?)`` or
    `` (did you mean `KAZ`, Kazakhstan?)`` (a state's name, as the data writes it, stays)."""
    text = state_hint(code, preferred, names)
    if not text:
        return text
    found = re.fullmatch(r" \(did you mean `([^`]*)`(?:, (.*))?\?\)", text, flags=re.S)
    if found is None:
        return text
    nearest, state = found.groups()
    if state is None:
        return tr(" (did you mean `%(name)s`?)", name=nearest)
    return tr(" (did you mean `%(code)s`, %(state)s?)", code=nearest, state=state)
