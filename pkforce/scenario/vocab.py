"""The word lists of the scenario format (scenario-vocabulary.yaml), each spelt once.

The closed lists are ``Literal`` types: the model's fields are declared with them (so the JSON
Schema and docs/scenario.md, generated from the model, list the same words), and the tuples below
are read from them for the rules and messages.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

CATEGORIES: Final = (
    "command",
    "combat",
    "police",
    "observers",
    "combat_support",
    "technical_support",
    "rear_support",
    "civilian",
    "other",
)
"""Unit categories, after the 2007 Agreement's list of CPF components."""

ECHELONS: Final = ("team", "squad", "section", "platoon", "company", "battalion", "regiment", "brigade", "division")
"""Echelons from smallest to largest: the order is used to compare sizes."""

ECHELON_RANK: Final = {name: rank for rank, name in enumerate(ECHELONS)}

PERSONNEL_KINDS: Final = ("military", "police", "civilian")

StepKind = Literal[
    "application",
    "council_decision",
    "un_notification",
    "un_mandate",
    "coordinating_state",
    "national_approval",
    "un_agreement",
    "contributor_agreement",
    "pcrs_assignment",
]
OperationKind = Literal["member_territory", "un_operation", "unsc_authorised", "exercise"]
DecisionRule = Literal["consensus", "unanimity", "majority", "two_thirds"]
Vote = Literal["yes", "no", "abstain"]
InjectAction = Literal["withdraw", "delay", "reinforce", "block"]
CoordinatingStateRule = Literal["required_for_un_operations", "always", "never"]
MemberStatus = Literal["active", "suspended", "frozen"]

STEP_KINDS: Final[tuple[str, ...]] = get_args(StepKind)

AGREEMENT: Final = "agreement_2007"
"""the instrument name of the Agreement on Peacekeeping Activities (6 Oct 2007) in organisation profiles"""
PROTOCOL: Final = "protocol_2021"
"""the instrument name of the Protocol of 16 Sep 2021 (coordinating state, UN operations)"""
PROTOCOL_STEPS: Final = ("coordinating_state", "un_agreement", "contributor_agreement", "pcrs_assignment")
"""steps that exist only under the 2021 Protocol"""

FormatVersion = Literal[1]
"""the `pkforce:` version of the scenario format this release reads"""
FORMAT_VERSION: Final[int] = get_args(FormatVersion)[0]
MULTINATIONAL: Final = "multinational"
