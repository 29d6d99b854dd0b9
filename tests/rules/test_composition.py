"""Composition rules (PKF2xx): one bad and one good case per rule, asserting code and line:column."""

from pkforce.config import Config
from pkforce.diagnostics import Severity
from pkforce.validation import validate_file, validate_text
from tests.helpers import BASE, SCENARIOS, assert_clean, findings, positions

VOCABULARY = SCENARIOS / "vocabulary-example.yaml"
CODES = ("PKF201", "PKF202", "PKF203", "PKF204", "PKF205", "PKF206", "PKF207", "PKF208", "PKF209", "PKF210")

# BASE ends with its units list: unit lines appended to it start on line 35.
POLICE = """\
  - id: fpu
    category: police
    echelon: company
    nation: KAZ
    parent: cc
    personnel: {military: 140}
"""


def with_company_field(line: str) -> str:
    """BASE with a field added to `kaz-coy` after its type (the new field is on line 32)."""
    return BASE.replace("type: infantry_company", f"type: infantry_company\n    {line}")


def test_base_and_vocabulary_have_no_composition_findings() -> None:
    assert_clean(BASE, *CODES)
    report = validate_file(VOCABULARY)
    assert [d for d in report.diagnostics if d.code in CODES] == []


def test_pkf201_root_is_not_a_command() -> None:
    bad = BASE.replace("type: headquarters", "type: infantry_battalion")
    assert positions(bad, "PKF201") == [(26, 11)]
    assert "`cc`, is a combat unit" in findings(bad, "PKF201")[0].message
    own = BASE.replace("type: headquarters", "category: combat\n    echelon: battalion\n    personnel: {military: 9}")
    assert positions(own, "PKF201") == [(26, 15)]
    assert_clean(BASE, "PKF201")


def test_pkf201_no_command_and_no_root() -> None:
    bad = BASE.replace("type: headquarters", "type: infantry_battalion\n    parent: kaz-coy")
    assert positions(bad, "PKF201") == [(23, 1)]
    assert "no combined command" in findings(bad, "PKF201")[0].message


def test_pkf201_takes_the_command_root_when_there_are_several() -> None:
    # the company comes first without a parent; the headquarters is still the top, PKF304 reports the company
    text = BASE.replace("    parent: cc\n", "")
    assert_clean(text, "PKF201")


def test_pkf202_unknown_category() -> None:
    bad = BASE.replace("type: infantry_company", "type: infantry_company\n    category: logistics")
    assert positions(bad, "PKF202") == [(32, 15)]
    assert "(did you mean `rear_support`?)" in findings(bad, "PKF202")[0].message
    typo = BASE.replace("type: infantry_company", "type: infantry_company\n    category: comabt")
    assert "(did you mean `combat`?)" in findings(typo, "PKF202")[0].message
    assert_clean(with_company_field("category: combat"), "PKF202")


def test_pkf203_unknown_echelon() -> None:
    bad = BASE.replace("type: infantry_company", "type: infantry_company\n    echelon: coy")
    assert positions(bad, "PKF203") == [(32, 14)]
    assert "(did you mean `company`?)" in findings(bad, "PKF203")[0].message
    assert_clean(with_company_field("echelon: company"), "PKF203")


def test_pkf204_unknown_unit_type() -> None:
    bad = BASE.replace("type: infantry_company", "type: infantry_compnay")
    assert positions(bad, "PKF204") == [(31, 11)]
    assert "(did you mean `infantry_company`?)" in findings(bad, "PKF204")[0].message
    # no cascade: an unknown type is not also a missing category or an empty unit
    assert findings(bad, "PKF205") == [] and findings(bad, "PKF207") == []
    scenario_type = BASE.replace("type: infantry_company", "type: mech_coy") + (
        "unit_types:\n  mech_coy: {category: combat, echelon: company, personnel: {military: 120}}\n"
    )
    assert_clean(scenario_type, "PKF204")


def test_pkf204_checks_reinforcements() -> None:
    bad = BASE + (
        "injects:\n  - day: 30\n    action: reinforce\n"
        "    unit: {id: rus-bn, type: infantry_batallion, nation: RUS, parent: cc}\n"
    )
    assert positions(bad, "PKF204") == [(38, 30)]


def test_pkf205_category_missing() -> None:
    bad = BASE.replace("type: infantry_company", "personnel: {military: 120}")
    assert positions(bad, "PKF205") == [(29, 5)]
    typed = BASE.replace("type: infantry_company", "type: mech_coy") + (
        "unit_types:\n  mech_coy: {echelon: company, personnel: {military: 120}}\n"
    )
    assert positions(typed, "PKF205") == [(31, 11)]
    assert "its type `mech_coy` does not give one" in findings(typed, "PKF205")[0].message
    assert_clean(BASE, "PKF205")


def test_pkf206_police_unit_without_police() -> None:
    bad = BASE + POLICE
    assert positions(bad, "PKF206") == [(40, 16)]
    found = findings(bad, "PKF206")[0]
    assert found.severity is Severity.ERROR
    assert "police unit but has no police personnel (it has: military 140)" in found.message
    assert_clean(BASE + POLICE.replace("{military: 140}", "{police: 140}"), "PKF206")


def test_pkf206_warnings_for_observers_and_combat_units() -> None:
    observers = BASE + POLICE.replace("category: police", "category: observers").replace(
        "{military: 140}", "{civilian: 10}"
    )
    [found] = findings(observers, "PKF206")
    assert (found.line, found.column, found.severity) == (40, 16, Severity.WARNING)
    combat = with_company_field("personnel: {military: 100, police: 5}")
    [found] = findings(combat, "PKF206")
    assert (found.line, found.column, found.severity) == (32, 40, Severity.WARNING)
    assert_clean(BASE, "PKF206")


def test_pkf207_negative_and_absurd_counts() -> None:
    negative = with_company_field("personnel: {military: -5}\n    equipment: {truck: -1}")
    assert positions(negative, "PKF207") == [(32, 27), (33, 24)]
    huge = with_company_field("personnel: {military: 8500000}")
    assert positions(huge, "PKF207") == [(32, 16)]
    assert "8,500,000 personnel, more than 100,000" in findings(huge, "PKF207")[0].message
    in_type = BASE + "unit_types:\n  infantry_company: {personnel: {military: -170}}\n"
    assert positions(in_type, "PKF207") == [(36, 44)]
    assert_clean(BASE, "PKF207")


def test_pkf207_threshold_is_an_option() -> None:
    config = Config(options={"PKF207": {"max_unit_personnel": 100}})
    text = BASE.replace("type: infantry_company", "type: infantry_company\n    personnel: {military: 120}")
    report = validate_text(text, "test.yaml", config)
    assert [(d.line, d.column) for d in report.diagnostics if d.code == "PKF207"] == [(32, 16)]
    assert_clean(text, "PKF207")


def test_pkf207_empty_unit_is_a_warning() -> None:
    bad = BASE.replace("type: infantry_company", "category: combat\n    echelon: company")
    [found] = findings(bad, "PKF207")
    assert (found.line, found.column, found.severity) == (29, 5, Severity.WARNING)
    # a police unit with nobody is PKF206's, not reported twice
    assert findings(BASE + POLICE.replace("    personnel: {military: 140}\n", ""), "PKF207") == []


def test_pkf208_unknown_nation() -> None:
    typo = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: KAZZ\n    parent: cc")
    assert positions(typo, "PKF208") == [(32, 13)]
    assert "not a known state code (did you mean `KAZ`?)" in findings(typo, "PKF208")[0].message
    lower = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: kaz\n    parent: cc")
    assert "(did you mean `KAZ`?)" in findings(lower, "PKF208")[0].message
    outsider = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: UZB\n    parent: cc")
    assert positions(outsider, "PKF208") == [(32, 13)]
    assert "`UZB` (Uzbekistan), which is not a member" in findings(outsider, "PKF208")[0].message
    assert_clean(BASE.replace("    nation: KAZ\n    parent: cc", "    nation: multinational\n    parent: cc"), "PKF208")


def test_pkf209_unknown_capability() -> None:
    bad = with_company_field("capabilities: [transport, suply]")
    assert positions(bad, "PKF209") == [(32, 31)]
    assert "(did you mean `supply`?)" in findings(bad, "PKF209")[0].message
    medic = with_company_field("capabilities: [medic]")
    assert (
        "(did you mean `medical_role_1`, `medical_role_2` or `medical_role_3`?)" in findings(medic, "PKF209")[0].message
    )
    assert_clean(BASE.replace("type: infantry_company", "type: infantry_company\n    capabilities: [supply]"), "PKF209")


def test_pkf210_unit_type_invalid() -> None:
    bad = BASE + (
        "unit_types:\n  mech_coy:\n    category: mechanised\n    echelon: coy\n    capabilities: [infantry, recon]\n"
    )
    assert positions(bad, "PKF210") == [(37, 15), (38, 14), (39, 30)]
    # the units of the type are not reported a second time
    uses = bad.replace("type: infantry_company", "type: mech_coy")
    assert findings(uses, "PKF202") == [] and findings(uses, "PKF209") == []
    good = BASE + "unit_types:\n  mech_coy: {category: combat, echelon: company, capabilities: [infantry]}\n"
    assert_clean(good, "PKF210")


def test_pkf208_suggests_the_code_for_a_state_name() -> None:
    bad = BASE.replace("    nation: KAZ\n    parent: cc", "    nation: Kazakhstan\n    parent: cc")
    [found] = findings(bad, "PKF208")
    assert "did you mean `KAZ`, Kazakhstan?" in found.message
