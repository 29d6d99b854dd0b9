"""Exercise rules (PKF5xx): bad and good cases per rule, asserting code and line:column."""

from types import SimpleNamespace

from pkforce.rules.exercise import inject_block_duration, inject_unknown_step
from pkforce.rules.registry import Context
from pkforce.validation import validate_text
from tests.helpers import BASE, assert_clean, findings, positions

CODES = ("PKF501", "PKF502", "PKF503", "PKF504")
LEARNING = """learning:
  level: staff
  objectives: [Check the application]
  questions: [Who applies?]
"""


def _procedure_injects(*injects: SimpleNamespace) -> Context:
    """BASE with injects on the procedure. The model gains `step`, `state` and `block` with the
    engine's procedure injects (issue 8, phase 2); the rules read them already."""
    scenario = validate_text(BASE, "base.yaml").scenario
    return Context(scenario.model_copy(update={"injects": list(injects)}))


def _inject(**kw: object) -> SimpleNamespace:
    return SimpleNamespace(**{"day": 3.0, "date": None, "unit": None, "duration": None, "note": None, **kw})


def test_base_is_clean() -> None:
    assert_clean(BASE, *CODES)
    assert_clean(BASE + LEARNING, *CODES)


def test_pkf501_inject_unknown_step() -> None:
    bad = list(inject_unknown_step(_procedure_injects(_inject(action="delay", step="national_aproval"))))
    assert [f.path for f in bad] == [("injects", 0, "step")]
    assert "did you mean `national_approval`" in bad[0].message
    wrong_state = list(inject_unknown_step(_procedure_injects(
        _inject(action="block", step="national_approval", state="RUS"))))
    assert [f.path for f in wrong_state] == [("injects", 0, "state")]
    assert "KAZ" in (wrong_state[0].fix or "")
    good = _procedure_injects(_inject(action="delay", step="council_decision"),
                              _inject(action="block", step="national_approval", state="KAZ"),
                              _inject(action="withdraw", unit="kaz-coy"))
    assert list(inject_unknown_step(good)) == []


def test_pkf502_inject_block_duration() -> None:
    from pkforce.scenario.types import Duration

    bad = _procedure_injects(_inject(action="block", step="council_decision", duration=Duration(10.0, "P10D")))
    assert [f.path for f in inject_block_duration(bad)] == [("injects", 0, "duration")]
    good = _procedure_injects(_inject(action="block", step="council_decision"),
                              _inject(action="delay", step="council_decision", duration=Duration(1.0, "P1D")))
    assert list(inject_block_duration(good)) == []


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
