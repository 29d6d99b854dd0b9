"""The scenario model: pydantic classes for every name in scenario-vocabulary.yaml.

The model checks shapes and types only. Meaning (is this state a member, does the vote reach
consensus, does the parent exist) is checked by the rules in :mod:`pkforce.rules`, which report
with a stable code, a location and a fix. That is why categories, echelons and state codes are
plain strings here.
"""


from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from .types import Count, Duration, DurationSpec, Timestamp, count_value, finite_number, parse_timezone, text_or_mapping

__all__ = [
    "Application",
    "CoordinatingStateStep",
    "CouncilDecision",
    "Inject",
    "Logistics",
    "Member",
    "NationalApproval",
    "NationalApprovalDefault",
    "Operation",
    "Organization",
    "Personnel",
    "Requirement",
    "Scenario",
    "SimulationSettings",
    "Step",
    "UNMandate",
    "UNNotification",
    "Unit",
    "UnitType",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, populate_by_name=True)


# --- organisation -----------------------------------------------------------------------------


class Member(_Model):
    """A member state of the organisation and its status."""

    state: str = Field(description="ISO 3166-1 alpha-3 code")
    status: Literal["active", "suspended"] = Field("active", description="a suspended member's vote is not "
                                                   "needed for consensus")
    note: str | None = Field(None, description="free text")
    source: str | None = Field(None, description="where the status comes from")


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


class Organization(_Model):
    """A regional organisation: its members, council and decision rules."""

    id: str = Field(description="short name, e.g. CSTO")
    name: str | None = Field(None, description="full name")
    members: list[MemberEntry] = Field(description="member states: codes, or {state, status}")
    council: str = Field("Council", description="the deciding body, e.g. Collective Security Council")
    decision_rule: Literal["consensus", "unanimity", "majority", "two_thirds"] = Field(
        "consensus", description="how the council decides")
    un_notification: Duration = Field(
        default_factory=lambda: Duration(1.0, "P1D"),
        description='"immediately": the longest allowed delay between the decision and informing the UN',
    )
    un_mandate_required_outside_members: bool = Field(
        True, description="an operation outside members' territory needs a UN Security Council mandate")
    coordinating_state: Literal["required_for_un_operations", "always", "never"] = Field(
        "required_for_un_operations", description="when a coordinating state must be designated (2021 Protocol)")
    ratifications: dict[str, dict[str, Timestamp | None]] = Field(
        default_factory=dict, description="treaty -> state -> date of ratification (null: ratified, date unknown)")
    national_approval: dict[str, NationalApprovalDefault] = Field(
        default_factory=dict, description="each member's approving body and usual delay")
    sources: list[str] = Field(default_factory=list, description="citations for the profile")

    @cached_property
    def member_list(self) -> list[Member]:
        """Members as :class:`Member` objects (a bare code means an active member)."""
        return [Member(state=m) if isinstance(m, str) else m for m in self.members]

    @cached_property
    def member_status(self) -> dict[str, str]:
        return {m.state: m.status for m in self.member_list}

    def is_member(self, state: str) -> bool:
        return state in self.member_status

    def active_members(self) -> list[str]:
        return [m.state for m in self.member_list if m.status == "active"]


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


class Requirement(_Model):
    """What the mandate needs in theatre: a category or a capability, in units or personnel."""

    category: str | None = Field(None, description="a unit category (command, combat, police, ...)")
    capability: str | None = Field(None, description="a capability from the catalogue (medical_role_2, ...)")
    units: int | None = Field(None, description="number of units required")
    personnel: int | None = Field(None, description="number of personnel required")
    by: Duration | None = Field(None, description="required in theatre by this many days after start")
    note: str | None = Field(None, description="free text")

    @property
    def label(self) -> str:
        what = self.category or self.capability or "?"
        parts = []
        if self.personnel is not None:
            parts.append(f"{self.personnel} personnel")
        if self.units is not None:
            parts.append(f"{self.units} unit{'s' if self.units != 1 else ''}")
        return f"{what}: {' and '.join(parts) or 'nothing'}" + (f" by {self.by}" if self.by else "")

    @field_validator("units", "personnel", mode="before")
    @classmethod
    def _counts(cls, value: Any) -> Any:
        return count_value(value)  # `personnel: true` is not 1; 2**63 is refused


class Operation(_Model):
    """The operation the force is generated for."""

    kind: Literal["member_territory", "un_operation"] = Field(
        description="member_territory (Article 3) or un_operation (2021 Protocol)")
    host_state: str = Field(description="where the force deploys (for member_territory: the applicant)")
    legal_basis: list[str] = Field(default_factory=list, description="the instruments the decision rests on")
    duration: Duration | None = Field(None, description="the mandate's length, e.g. P12M")
    requirements: list[Requirement] = Field(default_factory=list, description="what the mandate needs in "
                                            "theatre; gaps are reported against these")
    name: str | None = Field(None, description="the operation's name")


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


class CouncilDecision(_Step):
    """The Council's decision and the members' votes."""

    step: Literal["council_decision"]
    votes: dict[str, Literal["yes", "no", "abstain"]] = Field(default_factory=dict,
                                                                description="member -> yes, no or abstain")
    decision: str | None = Field(None, description="the decision's reference or title")


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


Step = Annotated[
    Application | CouncilDecision | UNNotification | UNMandate | CoordinatingStateStep | NationalApproval,
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

    category: str | None = Field(None, description="command, combat, police, observers, combat_support, "
                                 "technical_support, rear_support, civilian or other")
    echelon: str | None = Field(None, description="team, squad, section, platoon, company, battalion, "
                                "regiment, brigade or division")
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
    category: str | None = Field(None, description="command, combat, police, observers, combat_support, "
                                 "technical_support, rear_support, civilian or other")
    echelon: str | None = Field(None, description="team, squad, section, platoon, company, battalion, "
                                "regiment, brigade or division")
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
    action: Literal["withdraw", "delay", "reinforce"] = Field(description="withdraw, delay or reinforce")
    unit: UnitRef = Field(description="the unit's id; for reinforce, the new unit's definition")
    duration: DurationSpec | None = Field(None, description="for delay: how much later the unit is ready")
    note: str | None = Field(None, description="what the trainer tells the players")

    @field_validator("day")
    @classmethod
    def _day_is_finite(cls, value: float | None) -> float | None:
        return finite_number(value)

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
    step: Duration = Field(default_factory=lambda: Duration(1.0, "P1D"), description="sampling step of the "
                           "build-up series")
    ioc_share: float = Field(0.5, description="share of required personnel that marks initial operational capability")


# --- scenario ---------------------------------------------------------------------------------


class Scenario(_Model):
    """A whole scenario file."""

    pkforce: Literal[1] = Field(description="format version")
    id: str | None = Field(None, description="a short slug naming the scenario")
    title: str | None = Field(None, description="the title shown on reports and charts")
    description: str | None = Field(None, description="free text: the situation and the purpose of the scenario")
    start: Timestamp | None = Field(None, description="day 0 of every timeline; defaults to the first dated step")
    timezone: str | None = Field(None, description="time zone of plain dates: UTC, +06:00 or an IANA name")
    states: dict[str, str] = Field(default_factory=dict, description="extra states: code -> name")
    organization: OrganizationRef = Field(description="a built-in profile (`csto`) or an inline organisation")
    operation: Operation = Field(description="the operation: kind, host state, legal basis, requirements")
    procedure: list[Step] = Field(default_factory=list, description="the decision path, steps in any order "
                                  "that keeps their dependencies")
    units: list[Unit] = Field(default_factory=list, description="flat list of units; `parent` builds the tree")
    unit_types: dict[str, UnitType] = Field(default_factory=dict, description="adds to or overrides the "
                                            "built-in unit catalogue")
    logistics: Logistics = Field(default_factory=Logistics, description="strategic lift into theatre")
    injects: list[Inject] = Field(default_factory=list, description="exercise events applied on their day")
    simulation: SimulationSettings = Field(default_factory=SimulationSettings, description="simulation "
                                           "defaults")

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

    def _repr_svg_(self) -> str | None:
        """Jupyter shows this as its chart (org chart for a scenario, build-up chart for a result)."""
        from ..charts import repr_svg

        return repr_svg(self)
