"""The law on the date: PKF123-PKF128 (one breach and one clean case each, by code and line:column),
and the procedure rules as they read dated membership, several sessions, hosts and kinds."""

from __future__ import annotations

import pytest

import pkforce
from pkforce.diagnostics import Severity
from pkforce.rules import RULES
from tests.helpers import BASE, SCENARIOS, assert_clean, findings, positions
from tests.rules.test_procedure import DECISION, NOTIFICATION, UN

CODES = sorted(code for code, r in RULES.items() if r.family == "law")


def un_in(year: int) -> str:
    """UN with its dates moved to another year (the Protocol's rules read them)."""
    return UN.replace("2027-", f"{year}-")


def test_the_family_is_registered_with_documented_codes() -> None:
    assert CODES == ["PKF123", "PKF124", "PKF125", "PKF126", "PKF127", "PKF128"]


# --- PKF123 act-before-instrument ---------------------------------------------------------------


def test_pkf123_coordinating_state_before_the_protocol() -> None:
    bad = un_in(2019)
    assert positions(bad, "PKF123") == [(16, 11)]
    assert "2021-09-16" in findings(bad, "PKF123")[0].message
    assert_clean(UN, "PKF123")
    assert_clean(un_in(2022), "PKF123")


def test_pkf123_decision_before_the_agreement() -> None:
    bad = BASE.replace("2027-01-0", "2006-01-0")
    assert positions(bad, "PKF123") == [(13, 11), (15, 11)]
    assert_clean(BASE, "PKF123")


# --- PKF124 instrument-not-ratified -------------------------------------------------------------


def test_pkf124_coordinating_state_before_its_ratification_act_warns_with_the_date() -> None:
    bad = un_in(2022)  # KAZ's Law No. 28-VIII is of 26 Sep 2023
    found = [d for d in findings(bad, "PKF124") if d.severity is Severity.WARNING]
    assert [(d.line, d.column) for d in found] == [(15, 12)]
    assert "2023-09-26" in found[0].message and "coordinating state" in found[0].message
    assert_clean(un_in(2024), "PKF124")  # KAZ ratified in 2023; BLR and RUS by Feb 2023


def test_pkf124_absence_of_a_record_is_a_note_never_a_warning() -> None:
    found = findings(BASE, "PKF124")  # KGZ hosts: no record of its ratification of the Agreement
    assert [(d.severity, d.line, d.column) for d in found] == [(Severity.INFO, 15, 11)]
    assert "KGZ" in found[0].message and 'not a "no"' in found[0].message


def test_pkf124_a_scenario_records_a_hypothetical_ratification() -> None:
    extended = BASE.replace(
        "organization: csto\n",
        (
            "organization:\n  extends: csto\n  instruments:\n    agreement_2007:\n      ratifications:\n"
            "        KGZ: {date: 2009-01-01, assumption: hypothetical}\n"
        ),
    )
    assert findings(extended, "PKF124") == []
    late = extended.replace("KGZ: {date: 2009-01-01", "KGZ: {date: 2027-06-01")
    assert [d.severity for d in findings(late, "PKF124")] == [Severity.WARNING]


def test_pkf124_exercises_are_left_out() -> None:
    assert findings(BASE.replace("kind: member_territory", "kind: exercise"), "PKF124") == []


# --- PKF125 operation-kind-host -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["un_operation", "unsc_authorised"])
def test_pkf125_un_kinds_on_a_member_territory(kind: str) -> None:
    bad = UN.replace("host_state: XZA", "host_state: KGZ").replace("kind: un_operation", f"kind: {kind}")
    assert positions(bad, "PKF125") == [(7, 15)]
    assert_clean(UN, "PKF125")


# --- PKF126 protocol-step-misplaced -------------------------------------------------------------

AGREEMENT = "  - step: contributor_agreement\n    state: {state}\n    after: coordinating_state\n    duration: P5D\n"


def test_pkf126_contributor_agreement_with_the_coordinating_state_itself() -> None:
    bad = UN.replace("units:\n", AGREEMENT.format(state="KAZ") + "units:\n")
    assert positions(bad, "PKF126") == [(22, 12)]
    assert_clean(UN, "PKF126")


def test_pkf126_protocol_steps_outside_a_un_operation_and_without_units() -> None:
    outside = BASE.replace("units:\n", "  - step: pcrs_assignment\n    state: KAZ\n    date: 2027-01-03\nunits:\n")
    found = findings(outside, "PKF126")
    assert [(d.line, d.column, d.severity) for d in found] == [(23, 11, Severity.WARNING)]
    no_units = UN.replace("units:\n", AGREEMENT.format(state="KGZ") + "units:\n")
    assert [(d.line, d.severity) for d in findings(no_units, "PKF126")] == [(22, Severity.WARNING)]


# --- PKF127 exceeds-authorised ------------------------------------------------------------------


def test_pkf127_force_larger_than_authorised() -> None:
    bad = BASE.replace(
        "    votes: {ARM", "    authorised: {personnel: 100, units: 1, categories: {combat: 100}}\n    votes: {ARM"
    )
    assert positions(bad, "PKF127") == [(16, 29), (16, 41), (16, 65)]
    ok = bad.replace(
        "personnel: 100, units: 1, categories: {combat: 100}", "personnel: 500, units: 2, categories: {combat: 200}"
    )
    assert_clean(ok, "PKF127")


# --- PKF128 no-deployment-decided and PKF106 with several sessions ----------------------------


def test_pkf128_nothing_decided_is_a_note() -> None:
    blocked = BASE.replace("    votes: {ARM", "    outcome: not_adopted\n    votes: {ARM")
    found = findings(blocked, "PKF128")
    assert [(d.severity, d.line) for d in found] == [(Severity.INFO, 14)]
    assert findings(blocked, "PKF106") == [] and findings(blocked, "PKF108") == []
    assert_clean(BASE, "PKF128")


def test_pkf106_a_blocked_session_then_one_that_decides_is_retaken_not_an_error() -> None:
    first = DECISION.replace("RUS: yes", "RUS: no")
    retaken = BASE.replace(DECISION, first + DECISION.replace("2027-01-02", "2027-01-05"))
    assert_clean(retaken.replace(NOTIFICATION, NOTIFICATION.replace("01-02", "01-05")))
    alone = BASE.replace(DECISION, first)
    message = findings(alone, "PKF106")[0].fix or ""
    assert "outcome: not_adopted" in message and "inject" not in message


def test_pkf106_armenia_blocks_consensus_in_2022_but_not_while_frozen() -> None:
    no = BASE.replace("ARM: abstain", "ARM: no")
    assert positions(no, "PKF106") == []  # 2027: Armenia's participation is frozen, its vote not needed
    in_2022 = no.replace("2027-", "2022-")
    assert positions(in_2022, "PKF106") == [(16, 13)]


def test_a_session_counted_after_council_decision_follows_the_previous_session() -> None:
    first = DECISION.replace("RUS: yes", "RUS: no")
    second = (
        "  - step: council_decision\n    after: council_decision\n    duration: P3D\n"
        "    votes: {ARM: abstain, BLR: yes, KAZ: yes, KGZ: yes, RUS: yes, TJK: yes}\n"
    )
    retaken = BASE.replace(DECISION, first + second).replace(NOTIFICATION, NOTIFICATION.replace("01-02", "01-05"))
    assert_clean(retaken)


def test_after_council_decision_names_the_session_that_decided() -> None:
    first = DECISION.replace("RUS: yes", "RUS: no")
    retaken = BASE.replace(DECISION, first + DECISION.replace("2027-01-02", "2027-01-05")).replace(
        NOTIFICATION, "  - step: un_notification\n    after: council_decision\n    duration: PT6H\n"
    )
    assert_clean(retaken)
    assert findings(retaken, "PKF116") == []


# --- membership on the date -----------------------------------------------------------------------


def test_armenia_contributes_in_2011_without_a_warning_and_in_2027_with_one() -> None:
    arm = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: ARM\n    parent: cc")
    assert [d.line for d in findings(arm, "PKF119")] == [32]
    assert "frozen" in findings(arm, "PKF119")[0].message
    assert findings(arm.replace("2027-", "2011-"), "PKF119") == []


def test_uzbekistan_is_a_member_from_2006_to_2012() -> None:
    uzb = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: UZB\n    parent: cc")
    assert findings(uzb.replace("2027-", "2011-"), "PKF208") == []
    assert "on 2027-01-02" in findings(uzb, "PKF208")[0].message
    votes = BASE.replace("TJK: yes}", "TJK: yes, UZB: yes}")
    assert positions(votes, "PKF107") == [(16, 77)]
    assert_clean(votes.replace("2027-", "2010-"), "PKF107")


def test_a_scenario_extends_the_profile_without_copying_it() -> None:
    extended = BASE.replace(
        "organization: csto\n", ("organization:\n  extends: csto\n  members:\n    - {state: ARM, status: active}\n")
    )
    arm = extended.replace("    nation: KAZ\n    parent: cc", "    nation: ARM\n    parent: cc")
    assert findings(arm, "PKF119") == []  # Armenia back to active, the rest of the profile kept
    assert_clean(extended)
    unknown = BASE.replace("organization: csto\n", "organization:\n  extends: cstoo\n")
    assert positions(unknown, "PKF100") == [(5, 12)]
    assert "did you mean `csto`" in findings(unknown, "PKF100")[0].message


# --- several hosts, kinds, precision, observers ---------------------------------------------------


def test_two_hosts_each_apply() -> None:
    two = BASE.replace("  host_state: KGZ", "  host_state: [KGZ, TJK]")
    assert positions(two, "PKF101") == [(7, 21)]
    both = two.replace(DECISION, "  - step: application\n    by: TJK\n    date: 2027-01-01\n" + DECISION)
    assert_clean(both)
    assert positions(both.replace("by: TJK", "by: KAZ"), "PKF103") == [(15, 9)]


def test_unsc_authorised_needs_a_mandate_and_no_coordinating_state() -> None:
    unsc = UN.replace("kind: un_operation", "kind: unsc_authorised")
    assert positions(unsc, "PKF121") == [(14, 11)]
    assert findings(unsc, "PKF112") == []
    assert positions(unsc.replace("  - step: un_mandate\n    date: 2027-02-20\n", ""), "PKF110") == [(8, 1)]


def test_an_exercise_plays_whatever_steps_are_written() -> None:
    exercise = BASE.replace("kind: member_territory", "kind: exercise")
    bare = exercise.split("procedure:")[0] + "units:" + exercise.split("units:")[1]
    assert_clean(bare)
    no_approval = exercise.replace("  - step: national_approval\n    state: KAZ\n", "  - step: un_notification\n")
    assert findings(no_approval, "PKF117") == []


def test_a_contingent_hq_heads_a_un_contingent() -> None:
    hq = UN.replace("  - id: cc\n    type: headquarters\n", "  - id: cc\n    type: staff_element\n")
    assert_clean(hq, "PKF305", "PKF201")
    company = UN.replace("  - id: cc\n    type: headquarters\n    nation: KAZ\n", "").replace("    parent: cc\n", "")
    assert_clean(company, "PKF201")


def test_a_date_only_notification_covers_the_whole_day() -> None:
    late_night = BASE.replace(
        "  - step: council_decision\n    date: 2027-01-02\n",
        "  - step: council_decision\n    date: 2027-01-02T23:30:00\n",
    )
    assert_clean(late_night, "PKF109", "PKF115")
    next_day = BASE.replace(NOTIFICATION, "  - step: un_notification\n    date: 2027-01-03\n")
    assert_clean(next_day, "PKF109")  # within a day of a decision taken some time on 2 January
    assert RULES["PKF109"].severity is Severity.WARNING


def test_police_monitors_are_observers() -> None:
    unit = (
        "  - id: pol-obs\n    category: observers\n    echelon: team\n    nation: KAZ\n    parent: cc\n"
        "    personnel: {police: 12}\n"
    )
    assert_clean(BASE + unit, "PKF206")
    nobody = unit.replace("{police: 12}", "{civilian: 12}")
    fix = findings(BASE + nobody, "PKF206")[0].fix or ""
    assert "`police:`" in fix


def test_a_deadline_after_a_step() -> None:
    by_step = BASE.replace("by: P60D}", "by: {after: council_decision, duration: P30D}}")
    assert_clean(by_step)
    typo = by_step.replace("after: council_decision", "after: council_decison")
    assert positions(typo, "PKF401") == [(9, 54)]
    assert "did you mean `council_decision`" in findings(typo, "PKF401")[0].message
    undated = by_step.replace("  - step: council_decision\n    date: 2027-01-02\n", "  - step: council_decision\n")
    assert "whose own date cannot be worked out" in findings(undated, "PKF401")[0].message


def test_bad_new_values_are_located_messages_not_tracebacks() -> None:
    bad_hosts = BASE.replace("  host_state: KGZ", "  host_state: 12")
    found = findings(bad_hosts)
    assert [d.code for d in found] == ["PKF013"] and found[0].line == 7
    bad_outcome = BASE.replace("    votes: {ARM", "    outcome: maybe\n    votes: {ARM")
    assert [d.code for d in findings(bad_outcome)] == ["PKF013"]
    bad_by = BASE.replace("by: P60D}", "by: {after: council_decision}}")
    assert [d.code for d in findings(bad_by)] == ["PKF012"]


@pytest.mark.parametrize(
    "name",
    [
        "undof-kazakhstan-2024",
        "unsc-authorised-2027",
        "kyrgyzstan-2022-blocked",
        "border-observers-kgz-tjk",
        "cpf-2011",
    ],
)
def test_new_shipped_scenarios_have_no_error_or_warning(name: str) -> None:
    report = pkforce.validate(SCENARIOS / f"{name}.yaml")
    assert [d.code for d in report.diagnostics if d.severity is not Severity.INFO] == []
