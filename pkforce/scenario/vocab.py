"""The closed word lists of the scenario format (scenario-vocabulary.yaml)."""

from __future__ import annotations

from typing import Final

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

STEP_KINDS: Final = (
    "application",
    "council_decision",
    "un_notification",
    "un_mandate",
    "coordinating_state",
    "national_approval",
    "un_agreement",
    "contributor_agreement",
    "pcrs_assignment",
)

OPERATION_KINDS: Final = ("member_territory", "un_operation", "unsc_authorised", "exercise")
AGREEMENT: Final = "agreement_2007"
"""the instrument name of the Agreement on Peacekeeping Activities (6 Oct 2007) in organisation profiles"""
PROTOCOL: Final = "protocol_2021"
"""the instrument name of the Protocol of 16 Sep 2021 (coordinating state, UN operations)"""
PROTOCOL_STEPS: Final = ("coordinating_state", "un_agreement", "contributor_agreement", "pcrs_assignment")
"""steps that exist only under the 2021 Protocol"""
DECISION_RULES: Final = ("consensus", "unanimity", "majority", "two_thirds")
VOTES: Final = ("yes", "no", "abstain")
INJECT_ACTIONS: Final = ("withdraw", "delay", "reinforce")
COORDINATING_STATE_RULES: Final = ("required_for_un_operations", "always", "never")
MULTINATIONAL: Final = "multinational"
