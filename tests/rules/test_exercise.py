"""Exercise rules (PKF5xx): bad and good cases per rule, asserting code and line:column."""

from pkforce.validation import validate_text
from tests.helpers import BASE, assert_clean, findings, positions

CODES = ("PKF501", "PKF502", "PKF503", "PKF504")
LEARNING = """learning:
  level: staff
  objectives: [Check the application]
  questions: [Who applies?]
"""


def _injects(*rows: str) -> str:
    return BASE + "injects:\n" + "".join(f"  - {r}\n" for r in rows)


def test_base_is_clean() -> None:
    assert_clean(BASE, *CODES)
    assert_clean(BASE + LEARNING, *CODES)


def test_pkf501_inject_unknown_step() -> None:
    typo = _injects("{day: 3, action: delay, step: national_aproval, duration: P2D}")
    assert positions(typo, "PKF501") == [(36, 35)]
    assert "did you mean `national_approval`" in findings(typo, "PKF501")[0].message
    wrong_state = _injects("{day: 3, action: block, step: national_approval, state: RUS}")
    assert positions(wrong_state, "PKF501") == [(36, 61)]
    assert "KAZ" in (findings(wrong_state, "PKF501")[0].fix or "")
    assert_clean(
        _injects(
            "{day: 3, action: delay, step: council_decision, duration: P2D}",
            "{day: 3, action: block, step: national_approval, state: KAZ}",
            "{day: 3, action: withdraw, unit: kaz-coy}",
        ),
        "PKF501",
    )


def test_pkf502_inject_block_duration() -> None:
    bad = _injects("{day: 3, action: block, step: council_decision, duration: P10D}")
    assert positions(bad, "PKF502") == [(36, 63)]
    assert not [f for f in findings(bad) if "only a delay uses" in f.message]  # said once, not twice
    assert_clean(
        _injects(
            "{day: 3, action: block, step: council_decision}",
            "{day: 3, action: delay, step: council_decision, duration: P1D}",
        ),
        "PKF502",
    )


def test_an_inject_on_a_step_is_a_located_error_when_it_targets_nothing_or_both() -> None:
    neither = validate_text(_injects("{day: 3, action: delay, duration: P1D}"), "x.yaml")
    both = validate_text(_injects("{day: 3, action: delay, unit: kaz-coy, step: council_decision}"), "x.yaml")
    for report in (neither, both):
        errors = [d for d in report.diagnostics if d.severity.name == "ERROR"]
        assert errors and errors[0].line == 36 and "exactly one" in errors[0].message
    block_unit = validate_text(_injects("{day: 3, action: block, unit: kaz-coy}"), "x.yaml")
    assert any("action: withdraw" in d.message for d in block_unit.diagnostics)


def test_a_procedure_inject_before_the_start_is_a_located_finding() -> None:
    early = validate_text(_injects("{day: -2, action: block, step: council_decision}"), "x.yaml")
    found = [d for d in early.diagnostics if "before the scenario's start" in d.message]
    assert [(d.line, d.column) for d in found] == [(36, 11)]


def test_pkf503_inject_after_horizon() -> None:
    late = BASE + "injects:\n  - {day: 200, action: withdraw, unit: kaz-coy}\n"
    assert positions(late, "PKF503") == [(36, 11)]
    assert "horizon" in findings(late, "PKF503")[0].message
    dated = BASE + "injects:\n  - {date: 2027-12-01, action: withdraw, unit: kaz-coy}\n"
    assert positions(dated, "PKF503") == [(36, 12)]
    longer = late + "simulation: {horizon: P365D}\n"
    assert_clean(longer, "PKF503")
    assert_clean(BASE + "injects:\n  - {day: 180, action: withdraw, unit: kaz-coy}\n", "PKF503")


def test_pkf504_learning_incomplete() -> None:
    assert positions(BASE + "learning: {level: basic}\n", "PKF504") == [(35, 11), (35, 11)]
    empty = BASE + "learning:\n  objectives: []\n  questions: ['  ']\n"
    assert positions(empty, "PKF504") == [(36, 15), (37, 15)]
    assert_clean(BASE + LEARNING, "PKF504")
