"""The scenario model: pydantic classes for every name in scenario-vocabulary.yaml.

The model checks shapes and types only. Meaning (is this state a member, does the vote reach
consensus, does the parent exist) is checked by the rules in :mod:`pkforce.rules`, which report
with a stable code, a location and a fix. That is why categories, echelons and state codes are
plain strings here.
"""

import datetime as _dt
import math
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from .._messages import tr
from .types import (
    Count,
    Duration,
    DurationSpec,
    Timestamp,
    count_value,
    finite_number,
    parse_timezone,
    text_or_mapping,
)
from .vocab import (
    CoordinatingStateRule,
    DecisionRule,
    FormatVersion,
    InjectAction,
    MemberStatus,
    OperationKind,
    Vote,
)

__all__ = [
    "Application",
    "Authorised",
    "ContributorAgreement",
    "CoordinatingStateStep",
    "CouncilDecision",
    "Deadline",
    "Inject",
    "Instrument",
    "Learning",
    "Logistics",
    "Member",
    "NationalApproval",
    "NationalApprovalDefault",
    "Operation",
    "Organization",
    "PCRSAssignment",
    "Personnel",
    "Ratification",
    "Requirement",
    "Scenario",
    "SimulationSettings",
    "Step",
    "UNAgreement",
    "UNMandate",
    "UNNotification",
    "Unit",
    "UnitType",
]


class _Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, not when the module is
    # imported; validating a scenario then builds one validator (the Scenario's, with every nested
    # model inside it) instead of one per model, a quarter of the model's share of start-up.
    model_config = ConfigDict(extra="forbid", validate_assignment=False, populate_by_name=True, defer_build=True)


# --- organisation -----------------------------------------------------------------------------


def _day(value: date | datetime) -> date:
    """The calendar day of a timestamp (membership and ratification records count in days)."""
    return value.date() if isinstance(value, datetime) else value


class Member(_Model):
    """A member state of the organisation and its status, with the dates it changed."""

    state: str = Field(description="ISO 3166-1 alpha-3 code")
    status: MemberStatus = Field(
        "active",
        description="active; suspended (the Charter's formal suspension); or frozen (a unilateral "
        "freeze of participation). Neither a suspended nor a frozen member's vote is needed for consensus",
    )
    joined: Timestamp | None = Field(None, description="member from this date (none: from the start)")
    left: Timestamp | None = Field(None, description="no longer a member from this date")
    frozen: Timestamp | None = Field(None, description="froze its participation from this date (unilateral act)")
    suspended: Timestamp | None = Field(None, description="formally suspended from this date")
    note: str | None = Field(None, description="free text")
    source: str | None = Field(None, description="where the status comes from")

    def status_on(self, when: date | datetime | None = None) -> str | None:
        """The status on a day (None: not a member then). Without a day, the latest known status."""
        if when is None:
            if self.left is not None:
                return None
            return "suspended" if self.suspended is not None else "frozen" if self.frozen is not None else self.status
        day = _day(when)
        if (self.joined is not None and day < _day(self.joined)) or (self.left is not None and day >= _day(self.left)):
            return None
        if self.suspended is not None and day >= _day(self.suspended):
            return "suspended"
        if self.frozen is not None and day >= _day(self.frozen):
            return "frozen"
        return self.status


_member_kind = text_or_mapping("code", (str,), "member", Member)


MemberEntry = Annotated[
    Annotated[str, Tag("code")] | Annotated[Member, Tag("member")],
    Discriminator(
        _member_kind,
        custom_error_type="member_entry",
        custom_error_message="expected a state code such as KAZ, or {state: ARM, status: suspended}",
    ),
]


class NationalApprovalDefault(_Model):
    """A member's approving body and usual delay: reference data that fixes and docs quote (a scenario
    without an approval step for a contributor is simulated with the decision as its gate)."""

    body: str = Field(description="the approving body, e.g. Federation Council")
    delay: DurationSpec | None = Field(None, description="usual time from the Council decision to approval")
    source: str | None = Field(None, description="the law or precedent")
    assumption: str | None = Field(None, description="what in the figure is an estimate")


class Ratification(_Model):
    """A member's ratification of an instrument: the date of the act (the law signed or the instrument
    deposited), not a chamber vote; votes go in `note`."""

    date: Timestamp | None = Field(None, description="date of the ratification act; null: ratified, date not found")
    by: Timestamp | None = Field(
        None,
        description="ratified at the latest by this date (a source saying "
        '"ratified by"), when the act\'s own date is not known',
    )
    not_before: Timestamp | None = Field(
        None,
        description="the act is not earlier than this (its last recorded chamber vote), when its own date is not known",
    )
    note: str | None = Field(None, description="chamber votes and other steps, as notes")
    source: str | None = Field(None, description="where the record comes from")
    assumption: str | None = Field(None, description="what in the record is assumed (e.g. a hypothetical)")

    def ratified_on(self, when: _dt.date | _dt.datetime) -> bool | None:
        """True: ratified by that day; False: ratified only later; None: cannot tell."""
        day = _day(when)
        if self.date is not None:
            return _day(self.date) <= day
        if self.by is not None and _day(self.by) <= day:
            return True
        if self.not_before is not None and day < _day(self.not_before):
            return False
        return None


def _ratification_entry(value: Any) -> Any:
    # `KAZ: 2023-09-26` is short for `KAZ: {date: 2023-09-26}`; `KAZ: null` for "ratified, date unknown".
    if value is None or isinstance(value, str | date):
        return {"date": value}
    return value


class Instrument(_Model):
    """A treaty instrument the organisation's peacekeeping rests on, with its dates."""

    title: str | None = Field(None, description="the instrument's title")
    signed: Timestamp | None = Field(None, description="date of signature")
    in_force: Timestamp | None = Field(None, description="date of entry into force (where sourced)")
    source: str | None = Field(None, description="where the dates come from")
    note: str | None = Field(None, description="free text")
    ratifications: dict[str, Ratification] = Field(
        default_factory=dict, description="state -> its ratification act (a date, or {date, by, note, source})"
    )

    @field_validator("ratifications", mode="before")
    @classmethod
    def _short_forms(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _ratification_entry(v) for k, v in value.items()}
        return value

    def ratified_on(self, state: str, when: date | datetime) -> bool | None:
        """True, False, or None when there is no record or the record cannot tell."""
        record = self.ratifications.get(state)
        return None if record is None else record.ratified_on(when)


class VoteCount(BaseModel):
    """How a session's votes fare against the decision rule on its day."""

    model_config = ConfigDict(defer_build=True)

    blocking: list[str]
    """active members whose vote prevents the decision (a `no`; for unanimity also `abstain`)"""
    missing: list[str]
    """active members without a vote where the rule needs one (unanimity)"""
    yes: int
    need: int
    active: list[str]

    @property
    def decides(self) -> bool:
        return not self.blocking and not self.missing and self.yes >= self.need


class Organization(_Model):
    """A regional organisation: its members, council and decision rules."""

    extends: str | None = Field(
        None,
        description="a built-in profile this organisation adds to: members and "
        "instruments given here are merged into it by state and name, other fields "
        "replace the profile's",
    )
    id: str = Field(description="short name, e.g. CSTO")
    name: str | None = Field(None, description="full name")
    members: list[MemberEntry] = Field(description="member states: codes, or {state, status, joined, left, frozen}")
    council: str = Field("Council", description="the deciding body, e.g. Collective Security Council")
    decision_rule: DecisionRule = Field("consensus", description="how the council decides")
    un_notification: Duration = Field(
        default_factory=lambda: Duration(1.0, "P1D"),
        description='"immediately": the longest allowed delay between the decision and informing the UN',
    )
    un_mandate_required_outside_members: bool = Field(
        True, description="an operation outside members' territory needs a UN Security Council mandate"
    )
    coordinating_state: CoordinatingStateRule = Field(
        "required_for_un_operations", description="when a coordinating state must be designated (2021 Protocol)"
    )
    instruments: dict[str, Instrument] = Field(
        default_factory=dict,
        description="treaty instruments by name (agreement_2007, protocol_2021): "
        "signature, entry into force and each member's ratification act",
    )
    ratifications: dict[str, dict[str, Timestamp | None]] = Field(
        default_factory=dict,
        description="short form: treaty -> state -> date of the ratification act (null: "
        "ratified, date unknown); merged into `instruments`",
    )
    national_approval: dict[str, NationalApprovalDefault] = Field(
        default_factory=dict, description="each member's approving body and usual delay"
    )
    sources: list[str] = Field(default_factory=list, description="citations for the profile")

    @model_validator(mode="before")
    @classmethod
    def _extend_profile(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("extends"), str):
            return data
        from ..data import profile_data

        base = profile_data(data["extends"])
        if base is None:  # PKF100 reports the name
            return {"id": data["extends"], "members": [], **data}
        return merge_profile(base, data)

    @model_validator(mode="after")
    def _fold_ratifications(self) -> "Organization":
        for name, states in self.ratifications.items():
            inst = self.instruments.setdefault(name, Instrument())
            for state, when in states.items():
                inst.ratifications.setdefault(state, Ratification(date=when))
        return self

    @cached_property
    def member_list(self) -> list[Member]:
        """Members as :class:`Member` objects (a bare code means an active member)."""
        return [Member(state=m) if isinstance(m, str) else m for m in self.members]

    @cached_property
    def _by_state(self) -> dict[str, Member]:
        return {m.state: m for m in reversed(self.member_list)}

    def status_on(self, state: str, when: date | datetime | None = None) -> str | None:
        """A state's status on a day (None: not a member then); without a day, the latest known status."""
        member = self._by_state.get(state)
        return None if member is None else member.status_on(when)

    def is_member(self, state: str, when: date | datetime | None = None) -> bool:
        """A member on that day (any status); without a day, a member now."""
        return self.status_on(state, when) is not None

    def was_ever_member(self, state: str) -> bool:
        return state in self._by_state

    def members_on(self, when: date | datetime | None = None) -> list[str]:
        return [m.state for m in self.member_list if m.status_on(when) is not None]

    def active_members(self, when: date | datetime | None = None) -> list[str]:
        """Members whose vote counts on that day: neither suspended nor frozen (docs/domain.md)."""
        return [m.state for m in self.member_list if m.status_on(when) == "active"]

    def count_votes(self, votes: dict[str, str], when: date | datetime | None = None) -> VoteCount:
        """The votes of a session against the decision rule, with the members as they stood that day."""
        active = self.active_members(when)
        if self.decision_rule in ("consensus", "unanimity"):
            blocking_votes = ("no",) if self.decision_rule == "consensus" else ("no", "abstain")
            blocking = [s for s, v in votes.items() if s in active and v in blocking_votes]
            missing = [s for s in active if s not in votes] if self.decision_rule == "unanimity" else []
            return VoteCount(blocking=blocking, missing=missing, yes=0, need=0, active=active)
        yes = sum(1 for s, v in votes.items() if s in active and v == "yes")
        need = len(active) // 2 + 1 if self.decision_rule == "majority" else math.ceil(2 * len(active) / 3)
        return VoteCount(blocking=[], missing=[], yes=yes, need=need if active else 0, active=active)


def merge_profile(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A profile with a scenario's additions: `members` merged by state and `instruments` by name
    (ratifications by state), the scenario's entries first; any other field replaces the profile's."""
    out = {k: v for k, v in base.items()}
    for key, value in extra.items():
        if key == "members" and isinstance(value, list) and isinstance(base.get("members"), list):

            def state_of(m: Any) -> Any:
                return m.get("state") if isinstance(m, dict) else m

            mine = {state_of(m) for m in value}
            out["members"] = list(value) + [m for m in base["members"] if state_of(m) not in mine]
        elif key == "instruments" and isinstance(value, dict) and isinstance(base.get("instruments"), dict):
            merged = dict(base["instruments"])
            for name, inst in value.items():
                old = merged.get(name)
                if isinstance(inst, dict) and isinstance(old, dict):
                    both = {**old, **inst}
                    if isinstance(inst.get("ratifications"), dict) and isinstance(old.get("ratifications"), dict):
                        both["ratifications"] = {**old["ratifications"], **inst["ratifications"]}
                    merged[name] = both
                else:
                    merged[name] = inst
            out["instruments"] = merged
        else:
            out[key] = value
    out.setdefault("id", base.get("id"))
    return out


_org_kind = text_or_mapping("profile", (str,), "inline", Organization)


OrganizationRef = Annotated[
    Annotated[str, Tag("profile")] | Annotated[Organization, Tag("inline")],
    Discriminator(
        _org_kind,
        custom_error_type="organization_ref",
        custom_error_message="expected a built-in profile name such as csto, or a mapping with id and members",
    ),
]

# --- operation --------------------------------------------------------------------------------


class Deadline(_Model):
    """A deadline counted from a procedure step: `{after: council_decision, duration: P30D}`."""

    after: str = Field(description="the step the deadline counts from: a step `id`, or a step kind")
    duration: Duration = Field(description="how long after that step")
    _day: float = PrivateAttr(default=math.nan)

    @property
    def days(self) -> float:
        """The deadline in days from the scenario's start, with the step at its most likely date
        (nan when the step cannot be found; PKF401 reports it)."""
        return self._day

    def __str__(self) -> str:
        return f"{self.duration} after {self.after}"


_deadline_kind = text_or_mapping("fixed", (str, Duration, timedelta), "from_step", Deadline)


DeadlineSpec = Annotated[
    Annotated[Duration, Tag("fixed")] | Annotated[Deadline, Tag("from_step")],
    Discriminator(
        _deadline_kind,
        custom_error_type="deadline_spec",
        custom_error_message="expected a duration from the start such as P60D, or "
        "{after: council_decision, duration: P30D}",
    ),
]


class Requirement(_Model):
    """What the mandate needs in theatre: a category or a capability, in units or personnel."""

    category: str | None = Field(None, description="a unit category (command, combat, police, ...)")
    capability: str | None = Field(None, description="a capability from the catalogue (medical_role_2, ...)")
    units: int | None = Field(None, description="number of units required")
    personnel: int | None = Field(None, description="number of personnel required")
    by: DeadlineSpec | None = Field(
        None,
        description="required in theatre by this many days after start, or "
        "after a step: {after: council_decision, duration: P30D}",
    )
    note: str | None = Field(None, description="free text")

    @field_validator("units", "personnel", mode="before")
    @classmethod
    def _counts(cls, value: Any) -> Any:
        return count_value(value)  # `personnel: true` is not 1; 2**63 is refused


def _hosts_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "code"
    return "list" if isinstance(value, list) else None


HostStates = Annotated[
    Annotated[str, Tag("code")] | Annotated[list[str], Tag("list"), Field(min_length=1)],
    Discriminator(
        _hosts_kind,
        custom_error_type="host_states",
        custom_error_message="expected a state code such as KGZ, or a list such as [KGZ, TJK]",
    ),
]


class Operation(_Model):
    """The operation the force is generated for."""

    kind: OperationKind = Field(
        description="member_territory (Article 3, on a member's application), un_operation (a UN peacekeeping "
        "operation, 2021 Protocol), unsc_authorised (CSTO-led on a non-member's territory under a UN Security "
        "Council decision) or exercise (on a member's territory; the procedure is the exercise legend)"
    )
    host_state: HostStates = Field(
        description="where the force deploys: a state, or a list for a mission "
        "on several states' territory (member_territory: each applies)"
    )
    legal_basis: list[str] = Field(default_factory=list, description="the instruments the decision rests on")
    duration: Duration | None = Field(None, description="the mandate's length, e.g. P12M")
    requirements: list[Requirement] = Field(
        default_factory=list, description="what the mandate needs in theatre; gaps are reported against these"
    )
    name: str | None = Field(None, description="the operation's name")

    @property
    def hosts(self) -> list[str]:
        """The host states, as a list."""
        return [self.host_state] if isinstance(self.host_state, str) else list(self.host_state)

    def host_path(self, k: int) -> tuple[str | int, ...]:
        """Where host k is written."""
        return ("operation", "host_state") if isinstance(self.host_state, str) else ("operation", "host_state", k)


# --- procedure --------------------------------------------------------------------------------


class _Step(_Model):
    id: str | None = Field(None, description="a name for `after` to refer to (default: the step kind)")
    date: Timestamp | None = Field(None, description="when the step happens")
    after: str | None = Field(None, description="the step this one's duration counts from (default: previous)")
    duration: DurationSpec | None = Field(None, description="time after the `after` step (fixed or random)")
    note: str | None = Field(None, description="free text")


class Application(_Step):
    """The host state's official application (Article 3)."""

    step: Literal["application"]
    by: str = Field(description="the applying (host) state")


class Authorised(_Model):
    """The composition and strength the Council authorises for the operation."""

    personnel: int | None = Field(None, ge=0, description="total personnel authorised")
    units: int | None = Field(None, ge=0, description="total number of units authorised")
    categories: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="category -> personnel authorised"
    )


class CouncilDecision(_Step):
    """A session of the Council: its votes, and whether it decided the deployment."""

    step: Literal["council_decision"]
    votes: dict[str, Vote] = Field(default_factory=dict, description="member -> yes, no or abstain")
    outcome: Literal["adopted", "not_adopted"] | None = Field(
        None, description="adopted or not_adopted; by default what the votes give (adopted without votes)"
    )
    decision: str | None = Field(None, description="the decision's reference or title")
    authorised: Authorised | None = Field(
        None, description="the strength the Council authorises (personnel, units, personnel by category)"
    )


class UNNotification(_Step):
    """The UN Security Council is informed of the decision."""

    step: Literal["un_notification"]


class UNMandate(_Step):
    """A UN Security Council mandate (resolution)."""

    step: Literal["un_mandate"]
    resolution: str | None = Field(None, description="the Security Council resolution")


class CoordinatingStateStep(_Step):
    """The Council designates the coordinating state (2021 Protocol)."""

    step: Literal["coordinating_state"]
    state: str = Field(description="the designated member")


class NationalApproval(_Step):
    """A contributor's own approval to send its units abroad."""

    step: Literal["national_approval"]
    state: str = Field(description="the contributing state")
    body: str | None = Field(None, description="who approves, e.g. Parliament")


class UNAgreement(_Step):
    """The agreement between the coordinating state and the UN on the terms of participation (2021 Protocol)."""

    step: Literal["un_agreement"]
    state: str | None = Field(None, description="the coordinating state (default: the designated one)")


class ContributorAgreement(_Step):
    """An agreement between the coordinating state and one contributing member (2021 Protocol);
    that contributor's units wait for it."""

    step: Literal["contributor_agreement"]
    state: str = Field(description="the contributing member")


class PCRSAssignment(_Step):
    """A member assigns a contingent registered in the UN PCRS directly to the UN operation and informs the
    Council (2021 Protocol); its units wait for this step instead of the Council's decision."""

    step: Literal["pcrs_assignment"]
    state: str = Field(description="the assigning member")


Step = Annotated[
    Application
    | CouncilDecision
    | UNNotification
    | UNMandate
    | CoordinatingStateStep
    | NationalApproval
    | UNAgreement
    | ContributorAgreement
    | PCRSAssignment,
    Field(discriminator="step"),
]

# --- units ------------------------------------------------------------------------------------


class Personnel(_Model):
    """Personnel by kind."""

    military: Count = Field(0, description="military personnel")
    police: Count = Field(0, description="police personnel")
    civilian: Count = Field(0, description="civilian personnel")

    @property
    def total(self) -> int:
        return self.military + self.police + self.civilian


class UnitType(_Model):
    """A catalogue entry: defaults for units that name it as their `type`."""

    category: str | None = Field(
        None,
        description="command, combat, police, observers, combat_support, "
        "technical_support, rear_support, civilian or other",
    )
    echelon: str | None = Field(
        None, description="team, squad, section, platoon, company, battalion, regiment, brigade or division"
    )
    personnel: Personnel | None = Field(None, description="default personnel")
    capabilities: list[str] | None = Field(None, description="capabilities from the catalogue")
    equipment: dict[str, int] | None = Field(None, description="equipment name -> count")
    description: str | None = Field(None, description="free text")
    source: str | None = Field(None, description="where the figures come from")
    assumption: str | None = Field(None, description="what in the figures is an estimate")


class Unit(_Model):
    """A unit of a contingent. `type` takes defaults from the catalogue; fields here override them."""

    id: str = Field(description="unique id, used by `parent` and injects")
    name: str | None = Field(None, description="the unit's name or designation")
    type: str | None = Field(None, description="a catalogue entry giving defaults (infantry_battalion, ...)")
    category: str | None = Field(
        None,
        description="command, combat, police, observers, combat_support, "
        "technical_support, rear_support, civilian or other",
    )
    echelon: str | None = Field(
        None, description="team, squad, section, platoon, company, battalion, regiment, brigade or division"
    )
    nation: str = Field(description="a member state's code, or `multinational`")
    parent: str | None = Field(None, description="the id of the commanding unit (none: the combined command)")
    personnel: Personnel | None = Field(None, description="military, police and civilian personnel")
    capabilities: list[str] | None = Field(None, description="capabilities from the catalogue")
    equipment: dict[str, int] | None = Field(None, description="equipment name -> count")
    readiness: DurationSpec | None = Field(
        None, description="time from the nation's approval (or the decision) to ready to move"
    )
    caveats: list[str] = Field(default_factory=list, description="national restrictions on the unit's use")

    @field_validator("id", "parent", mode="before")
    @classmethod
    def _ids_are_text(cls, value: Any) -> Any:
        # `id: 12` is a fine id; keep it as text so references compare equal.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


# --- logistics, injects, simulation -----------------------------------------------------------


class Logistics(_Model):
    """Strategic lift into theatre."""

    lift_per_day: dict[str, int] = Field(
        default_factory=dict, description="personnel a nation can move into theatre per day; key `default`"
    )


_unit_ref_kind = text_or_mapping("ref", (str, int), "unit", Unit)


UnitRef = Annotated[
    Annotated[str, Tag("ref")] | Annotated[Unit, Tag("unit")],
    Discriminator(
        _unit_ref_kind,
        custom_error_type="unit_ref",
        custom_error_message="expected a unit id, or (for reinforce) a unit definition mapping",
    ),
]


class Inject(_Model):
    """An exercise event applied by the simulator on its day."""

    day: float | None = Field(None, description="days after start")
    date: Timestamp | None = Field(None, description="or a date")
    action: InjectAction = Field(description="withdraw, delay or reinforce a unit; delay or block a procedure step")
    unit: UnitRef | None = Field(None, description="the unit's id; for reinforce, the new unit's definition")
    step: str | None = Field(
        None,
        description="or a procedure step, by its `id` or kind: delay postpones it "
        "(and the steps counted from it), block makes it never happen",
    )
    state: str | None = Field(None, description="with `step`: the state of the application or national approval meant")
    duration: DurationSpec | None = Field(None, description="for delay: how much later the unit or step is")
    note: str | None = Field(None, description="what the trainer tells the players")

    @field_validator("day")
    @classmethod
    def _day_is_finite(cls, value: float | None) -> float | None:
        return finite_number(value)

    @model_validator(mode="after")
    def _one_target(self) -> "Inject":
        if (self.unit is None) == (self.step is None):
            raise ValueError(
                tr("an inject acts on a unit (`unit:`) or on a procedure step (`step:`): write exactly one of them")
            )
        if self.step is not None and self.action not in ("delay", "block"):
            raise ValueError(
                tr(
                    "a procedure step can be delayed or blocked, not given `action: %(action)s`; "
                    "write `action: delay` or `action: block`",
                    action=self.action,
                )
            )
        if self.unit is not None and self.action == "block":
            raise ValueError(
                tr(
                    "`block` acts on a procedure step (a parliament votes no, a session fails); "
                    "to take a unit out write `action: withdraw`"
                )
            )
        return self

    @field_validator("unit", mode="before")
    @classmethod
    def _ref_is_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class SimulationSettings(_Model):
    """Defaults for `pkforce simulate` (command-line options override them)."""

    runs: Count = Field(1000, description="Monte Carlo replications (1: deterministic, modes only)")
    seed: int | None = Field(None, description="random seed (same seed, same results)")
    horizon: Duration = Field(default_factory=lambda: Duration(180.0, "P180D"), description="how far to simulate")
    step: Duration = Field(
        default_factory=lambda: Duration(1.0, "P1D"), description="sampling step of the build-up series"
    )
    ioc_share: float = Field(0.5, description="share of required personnel that marks initial operational capability")


class Learning(_Model):
    """What a training scenario teaches: shown to the trainer (objectives, questions) by `pkforce exercise`."""

    level: Literal["basic", "staff", "senior"] = Field(
        "staff", description="the audience: basic (cadets, new staff), staff (a staff course) or senior (commanders)"
    )
    objectives: list[str] = Field(
        default_factory=list, description="what the players should be able to do afterwards, one sentence each"
    )
    questions: list[str] = Field(default_factory=list, description="debrief questions for the trainer")


# --- scenario ---------------------------------------------------------------------------------


# The variants section (its own module) refers to Unit: resolved here, before Scenario is built once.
from .variant_model import Change, Variant  # noqa: E402

Change.model_rebuild(_types_namespace={"Unit": Unit})


class Scenario(_Model):
    """A whole scenario file."""

    pkforce: FormatVersion = Field(description="format version")
    id: str | None = Field(None, description="a short slug naming the scenario")
    title: str | None = Field(None, description="the title shown on reports and charts")
    description: str | None = Field(None, description="free text: the situation and the purpose of the scenario")
    start: Timestamp | None = Field(None, description="day 0 of every timeline; defaults to the first dated step")
    timezone: str | None = Field(None, description="time zone of plain dates: UTC, +06:00 or an IANA name")
    states: dict[str, str] = Field(default_factory=dict, description="extra states: code -> name")
    organization: OrganizationRef = Field(description="a built-in profile (`csto`) or an inline organisation")
    operation: Operation = Field(description="the operation: kind, host state, legal basis, requirements")
    procedure: list[Step] = Field(
        default_factory=list, description="the decision path, steps in any order that keeps their dependencies"
    )
    units: list[Unit] = Field(default_factory=list, description="flat list of units; `parent` builds the tree")
    unit_types: dict[str, UnitType] = Field(
        default_factory=dict, description="adds to or overrides the built-in unit catalogue"
    )
    logistics: Logistics = Field(default_factory=Logistics, description="strategic lift into theatre")
    injects: list[Inject] = Field(default_factory=list, description="exercise events applied on their day")
    simulation: SimulationSettings = Field(default_factory=SimulationSettings, description="simulation defaults")
    learning: Learning | None = Field(None, description="teaching content: objectives, debrief questions, level")
    variants: list[Variant] = Field(
        default_factory=list,
        description="named modifications of this scenario, compared by `pkforce sweep` (see docs/analysis.md)",
    )

    # --- time -----------------------------------------------------------------------------

    @cached_property
    def tz(self) -> tzinfo:
        """The scenario's time zone (UTC unless `timezone` is set)."""
        if self.timezone is None:
            return UTC
        try:
            return parse_timezone(self.timezone)
        except ValueError:
            return UTC  # reported by a rule

    def instant(self, value: date | datetime) -> datetime:
        """An aware datetime for a scenario timestamp (a date is midnight in the scenario's zone)."""
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=self.tz)
        return datetime(value.year, value.month, value.day, tzinfo=self.tz)

    @cached_property
    def start_instant(self) -> datetime:
        """Day 0. Defaults to the earliest dated step, or 2000-01-01 for a scenario with none."""
        if self.start is not None:
            return self.instant(self.start)
        dated = [self.instant(s.date) for s in self.procedure if s.date is not None]
        return min(dated) if dated else datetime(2000, 1, 1, tzinfo=self.tz)

    def day_of(self, value: date | datetime) -> float:
        """Days (fractional) from the scenario's start to `value`."""
        return (self.instant(value) - self.start_instant) / timedelta(days=1)

    def date_of(self, day: float) -> datetime:
        """The instant `day` days after the start, in the scenario's zone."""
        return (self.start_instant + timedelta(days=day)).astimezone(self.tz)

    @model_validator(mode="after")
    def _resolve_deadlines(self) -> "Scenario":
        if any(isinstance(r.by, Deadline) for r in self.operation.requirements):
            from .timeline import resolve_after, step_graph

            graph = step_graph(self)
            days = graph.fixed_days(self)
            for r in self.operation.requirements:
                if isinstance(r.by, Deadline):
                    j = resolve_after(self, graph, r.by.after)
                    base = days[j] if j is not None else None
                    r.by._day = math.nan if base is None else base + r.by.duration.days
        return self
